package sqlite_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/toc"
)

var usersToC = &toc.Partnership{Activities: []toc.Activity{{ID: "scitt"}, {ID: "careers-fair"}}}

var passwordShape = regexp.MustCompile(`^[a-z2-9]{4}(-[a-z2-9]{4}){4}$`)

// auditActions returns the audit log's (who, action, detail) rows in order.
func auditActions(t *testing.T, s *sqlite.Store) [][3]string {
	t.Helper()
	rows, err := s.DB().Query("SELECT who, action, detail FROM audit ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][3]string
	for rows.Next() {
		var r [3]string
		if err := rows.Scan(&r[0], &r[1], &r[2]); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func TestStore_AddUser(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s := mustOpen(t)
		s.Now = func() time.Time { return time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC) }
		pw, err := s.AddUser(ctx, "root", engine.User{Name: "ann", Role: toc.RoleFunder, Activities: []string{"scitt", "scitt"}}, usersToC)
		if err != nil {
			t.Fatal(err)
		}
		if !passwordShape.MatchString(pw) {
			t.Errorf("password %q: want five groups of four", pw)
		}
		users, err := s.Users(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(users) != 1 || users[0].Name != "ann" || users[0].Role != toc.RoleFunder ||
			len(users[0].Activities) != 1 || users[0].Activities[0] != "scitt" ||
			!users[0].CreatedAt.Equal(s.Now()) {
			t.Errorf("users = %+v, want ann, funder, [scitt], created 2025-03-01 09:00", users)
		}
		got := auditActions(t, s)
		want := [3]string{"root", "user-add", "ann as funder limited to scitt"}
		if len(got) != 1 || got[0] != want {
			t.Errorf("audit = %v, want [%v]", got, want)
		}
	})
	errs := []struct {
		name string
		user engine.User
		code toc.Code
	}{
		{"ErrName", engine.User{Name: "ann smith", Role: toc.RoleEditor}, toc.EINVALID},
		{"ErrNameEmpty", engine.User{Name: "", Role: toc.RoleEditor}, toc.EINVALID},
		{"ErrRole", engine.User{Name: "ann", Role: "owner"}, toc.EINVALID},
		{"ErrUnknownActivity", engine.User{Name: "ann", Role: toc.RoleFunder, Activities: []string{"nope"}}, toc.EINVALID},
		{"ErrActivityAdmin", engine.User{Name: "ann", Role: toc.RoleAdmin, Activities: []string{"scitt"}}, toc.EINVALID},
		{"ErrSchoolNotEditor", engine.User{Name: "ann", Role: toc.RoleFunder, Schools: []string{"wsh"}}, toc.EINVALID},
	}
	for _, tc := range errs {
		t.Run(tc.name, func(t *testing.T) {
			s := mustOpen(t)
			_, err := s.AddUser(ctx, "root", tc.user, usersToC)
			if toc.ErrorCode(err) != tc.code {
				t.Fatalf("err = %v, want code %s", err, tc.code)
			}
			if users, _ := s.Users(ctx); len(users) != 0 {
				t.Errorf("users = %v after a refused add, want none", users)
			}
		})
	}
	t.Run("ErrExists", func(t *testing.T) {
		s := mustOpen(t)
		if _, err := s.AddUser(ctx, "root", engine.User{Name: "ann", Role: toc.RoleEditor}, usersToC); err != nil {
			t.Fatal(err)
		}
		_, err := s.AddUser(ctx, "root", engine.User{Name: "ann", Role: toc.RoleAdmin}, usersToC)
		if toc.ErrorCode(err) != toc.ECONFLICT {
			t.Fatalf("err = %v, want ECONFLICT", err)
		}
	})
}

func TestStore_Authenticate(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	pw, err := s.AddUser(ctx, "root", engine.User{Name: "ann", Role: toc.RoleFunder, Activities: []string{"careers-fair"}}, usersToC)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		u, err := s.Authenticate(ctx, "ann", pw)
		if err != nil {
			t.Fatal(err)
		}
		if u.Role != toc.RoleFunder || len(u.Activities) != 1 || u.Activities[0] != "careers-fair" {
			t.Errorf("user = %+v, want funder limited to careers-fair", u)
		}
	})
	t.Run("ErrSameForUnknownAndWrong", func(t *testing.T) {
		_, wrong := s.Authenticate(ctx, "ann", pw+"x")
		_, unknown := s.Authenticate(ctx, "bob", pw)
		if wrong != engine.ErrBadLogin || unknown != engine.ErrBadLogin {
			t.Errorf("wrong password: %v; unknown user: %v; want ErrBadLogin for both", wrong, unknown)
		}
	})
}

func TestStore_ResetPassword(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	old, _ := s.AddUser(ctx, "root", engine.User{Name: "ann", Role: toc.RoleEditor}, usersToC)
	u, _ := s.Authenticate(ctx, "ann", old)
	token, _, err := s.CreateSession(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		pw, err := s.ResetPassword(ctx, "root", "ann")
		if err != nil {
			t.Fatal(err)
		}
		if pw == old || !passwordShape.MatchString(pw) {
			t.Errorf("new password %q: want a fresh generated one", pw)
		}
		if _, err := s.Authenticate(ctx, "ann", old); err == nil {
			t.Error("the old password still works after reset")
		}
		if _, err := s.Authenticate(ctx, "ann", pw); err != nil {
			t.Errorf("the new password: %v", err)
		}
		if _, err := s.Session(ctx, token); err != engine.ErrNoSession {
			t.Errorf("session after reset: %v, want ErrNoSession", err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := s.ResetPassword(ctx, "root", "bob")
		if toc.ErrorCode(err) != toc.ENOTFOUND {
			t.Errorf("err = %v, want ENOTFOUND", err)
		}
	})
}

func TestStore_ChangePassword(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	old, _ := s.AddUser(ctx, "root", engine.User{Name: "ann", Role: toc.RoleEditor}, usersToC)
	t.Run("ErrWrongCurrent", func(t *testing.T) {
		err := s.ChangePassword(ctx, "ann", "not it", "a long enough password")
		if toc.ErrorCode(err) != toc.EINVALID {
			t.Errorf("err = %v, want EINVALID", err)
		}
	})
	t.Run("ErrShort", func(t *testing.T) {
		err := s.ChangePassword(ctx, "ann", old, "elevenchars")
		if toc.ErrorCode(err) != toc.EINVALID {
			t.Errorf("err = %v, want EINVALID for 11 characters", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		if err := s.ChangePassword(ctx, "ann", old, "twelve chars"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, "ann", "twelve chars"); err != nil {
			t.Errorf("new password: %v", err)
		}
		if _, err := s.Authenticate(ctx, "ann", old); err == nil {
			t.Error("old password still works")
		}
	})
}

func TestStore_RemoveUser(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	pw, _ := s.AddUser(ctx, "root", engine.User{Name: "ann", Role: toc.RoleFunder, Activities: []string{"scitt"}}, usersToC)
	u, _ := s.Authenticate(ctx, "ann", pw)
	token, _, _ := s.CreateSession(ctx, u)
	if err := s.RemoveUser(ctx, "root", "ann"); err != nil {
		t.Fatal(err)
	}
	t.Run("Gone", func(t *testing.T) {
		if users, _ := s.Users(ctx); len(users) != 0 {
			t.Errorf("users = %v, want none", users)
		}
		if _, err := s.Session(ctx, token); err != engine.ErrNoSession {
			t.Errorf("session of a removed user: %v, want ErrNoSession", err)
		}
		var n int
		s.DB().QueryRow("SELECT count(*) FROM user_activities").Scan(&n)
		if n != 0 {
			t.Errorf("%d user_activities rows left, want 0", n)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if err := s.RemoveUser(ctx, "root", "ann"); toc.ErrorCode(err) != toc.ENOTFOUND {
			t.Errorf("err = %v, want ENOTFOUND", err)
		}
	})
	t.Run("Audited", func(t *testing.T) {
		got := auditActions(t, s)
		// user-add, login (session), user-remove.
		if len(got) != 3 || got[2] != [3]string{"root", "user-remove", "ann"} {
			t.Errorf("audit = %v, want the removal last", got)
		}
	})
}

func TestStore_Session(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	pw, _ := s.AddUser(ctx, "root", engine.User{Name: "ann", Role: toc.RoleEditor}, usersToC)
	u, _ := s.Authenticate(ctx, "ann", pw)
	token, created, err := s.CreateSession(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		got, err := s.Session(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		if got.User.Name != "ann" || got.User.Role != toc.RoleEditor || got.CSRF != created.CSRF || got.CSRF == "" {
			t.Errorf("session = %+v, want ann as editor with the CSRF token of creation", got)
		}
		if want := now.Add(engine.SessionTTL); !got.Expires.Equal(want) {
			t.Errorf("expires %v, want %v", got.Expires, want)
		}
	})
	t.Run("TokenNotStored", func(t *testing.T) {
		var n int
		s.DB().QueryRow("SELECT count(*) FROM sessions WHERE token_hash = ?", token).Scan(&n)
		if n != 0 {
			t.Error("the raw token is in the database; want only its hash")
		}
	})
	t.Run("ErrUnknown", func(t *testing.T) {
		if _, err := s.Session(ctx, token+"x"); err != engine.ErrNoSession {
			t.Errorf("err = %v, want ErrNoSession", err)
		}
	})
	t.Run("ErrExpired", func(t *testing.T) {
		now = now.Add(engine.SessionTTL)
		defer func() { now = now.Add(-engine.SessionTTL) }()
		if _, err := s.Session(ctx, token); err != engine.ErrNoSession {
			t.Errorf("err = %v at expiry, want ErrNoSession", err)
		}
	})
	t.Run("End", func(t *testing.T) {
		if err := s.EndSession(ctx, token); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, token); err != engine.ErrNoSession {
			t.Errorf("err = %v after logout, want ErrNoSession", err)
		}
		got := auditActions(t, s)
		if last := got[len(got)-1]; last != [3]string{"ann", "logout", ""} {
			t.Errorf("last audit = %v, want ann's logout", last)
		}
	})
}
