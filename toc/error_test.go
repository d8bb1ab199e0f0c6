package toc_test

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"github.com/schoolstogether/impact/toc"
)

func TestError_Error(t *testing.T) {
	tests := []struct {
		name string
		err  *toc.Error
		want string
	}{
		{"Positioned", &toc.Error{File: "toc.yaml", Line: 3, Col: 7, Message: "bad"}, "toc.yaml:3:7: bad"},
		{"LineOnly", &toc.Error{File: "a.csv", Line: 4, Message: "bad"}, "a.csv:4: bad"},
		{"FileOnly", &toc.Error{File: "toc.yaml", Message: "bad"}, "toc.yaml: bad"},
		{"NoFile", &toc.Error{Message: "bad"}, "bad"},
		{"CauseWithoutMessage", &toc.Error{Err: fs.ErrNotExist}, "file does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want toc.Code
	}{
		{"Nil", nil, ""},
		{"Plain", errors.New("disk full"), toc.EINTERNAL},
		{"Error", toc.Errorf(toc.EUSAGE, "x"), toc.EUSAGE},
		{"Wrapped", fmt.Errorf("import: %w", toc.Errorf(toc.ECONFLICT, "x")), toc.ECONFLICT},
		{"List", toc.List{{Code: toc.EINVALID}}, toc.EINVALID},
		{"WrappedList", fmt.Errorf("check: %w", toc.List{{Code: toc.EINVALID}}), toc.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := toc.ErrorCode(tt.err); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestList_Sort(t *testing.T) {
	l := toc.List{
		{File: "b.csv", Line: 1, Col: 1, Message: "b"},
		{File: "toc.yaml", Line: 9, Col: 2, Message: "late"},
		{File: "toc.yaml", Line: 2, Col: 5, Message: "first at 2:5"},
		{File: "toc.yaml", Line: 2, Col: 5, Message: "second at 2:5"},
		{File: "toc.yaml", Line: 2, Col: 1, Message: "early"},
	}
	l.Sort()
	want := "b.csv:1:1: b\ntoc.yaml:2:1: early\ntoc.yaml:2:5: first at 2:5\ntoc.yaml:2:5: second at 2:5\ntoc.yaml:9:2: late"
	if got := l.Error(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if (toc.List{}).Err() != nil || l.Err() == nil {
		t.Error("Err: empty list is not nil, or full list is")
	}
}

func TestErrorf_Wraps(t *testing.T) {
	cause := errors.New("disk on fire")
	err := toc.Errorf(toc.EINVALID, "--value: %w", cause)
	if err.Error() != "--value: disk on fire" {
		t.Errorf("Error() = %q", err.Error())
	}
	if !errors.Is(err, cause) {
		t.Error("the cause given with %w is lost")
	}
	if toc.ErrorCode(err) != toc.EINVALID {
		t.Errorf("code = %s, want invalid", toc.ErrorCode(err))
	}
	if plain := toc.Errorf(toc.EINVALID, "no cause %d", 1); plain.Err != nil {
		t.Errorf("a message without %%w has a cause: %v", plain.Err)
	}
}
