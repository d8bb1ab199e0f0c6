package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/schoolstogether/impact/toc"
)

// The JSON API takes application/json only, one object per body, each key
// once (DESIGN §16): a second "role" or data after the object would be read
// one way here and another way by a proxy or a log.

// maxJSONBody bounds a JSON request.
const maxJSONBody = 1 << 20

// decodeJSON reads a request's JSON object into v, refusing another
// Content-Type, unknown fields (a misspelt field is not silently ignored),
// repeated keys and anything after the object.
func decodeJSON(r *http.Request, v any) error {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return toc.Errorf(toc.EINVALID, "request body: expected Content-Type: application/json, got %q", r.Header.Get("Content-Type"))
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxJSONBody))
	if err != nil {
		return toc.Errorf(toc.EINVALID, "request body: expected at most 1 MiB of JSON: %w", err)
	}
	if err := uniqueKeys(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typ):
			return invalidField(typ.Field, "field %q: expected a %s, got a JSON %s", typ.Field, typ.Type, typ.Value)
		case errors.As(err, &syn):
			return toc.Errorf(toc.EINVALID, "request body: expected JSON, error at byte %d: %w", syn.Offset, err)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return invalidField(f, "unknown field %q", f)
		}
		return toc.Errorf(toc.EINVALID, "request body: expected a JSON object: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return toc.Errorf(toc.EINVALID, "request body: expected one JSON object and nothing after it")
	}
	return nil
}

// uniqueKeys refuses a JSON text in which an object names a key twice.
func uniqueKeys(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	type object struct {
		keys    map[string]bool
		wantKey bool
	}
	var stack []*object
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return nil // the decoder says what is wrong with the syntax
		}
		top := (*object)(nil)
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				if top != nil && top.keys != nil {
					top.wantKey = true
				}
				stack = append(stack, &object{keys: map[string]bool{}, wantKey: true})
			case '[':
				if top != nil && top.keys != nil {
					top.wantKey = true
				}
				stack = append(stack, &object{})
			default:
				stack = stack[:len(stack)-1]
			}
			continue
		case string:
			if top != nil && top.keys != nil && top.wantKey {
				if top.keys[t] {
					return invalidField(t, "field %q given twice: give each field once", t)
				}
				top.keys[t] = true
				top.wantKey = false
				continue
			}
		}
		if top != nil && top.keys != nil {
			top.wantKey = true // a value ends; a key comes next
		}
	}
}
