package storetest

import (
	"errors"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/toc"
)

func testUsers(t *testing.T, open Opener) {
	f := newFixture(t, open)
	add := func(u engine.User) string {
		t.Helper()
		pw, err := f.st.AddUser(f.ctx, "root", u, f.p)
		if err != nil {
			t.Fatalf("AddUser %s: %v", u.Name, err)
		}
		return pw
	}
	login := func(name, pw string) (*engine.User, error) { return f.st.Authenticate(f.ctx, name, pw) }

	annPW := add(engine.User{Name: "ann", Role: toc.RoleAdmin})
	if len(annPW) < 12 {
		t.Errorf("generated password %q is short", annPW)
	}
	add(engine.User{Name: "trust", Role: toc.RoleFunder, Activities: []string{"reading", "scitt"}})
	add(engine.User{Name: "ed", Role: toc.RoleEditor})
	edaPW := add(engine.User{Name: "eda", Role: toc.RoleEditor, Activities: []string{"reading"}, Schools: []string{"wsh", "kfs"}})
	if u, err := login("eda", edaPW); err != nil || strings.Join(u.Activities, ",") != "reading" || strings.Join(u.Schools, ",") != "wsh,kfs" {
		t.Errorf("eda logs in as %+v, %v: want her activities and schools", u, err)
	}

	if u, err := login("ann", annPW); err != nil || u.Name != "ann" || u.Role != toc.RoleAdmin {
		t.Errorf("ann logs in as %+v, %v", u, err)
	}
	for _, c := range [][2]string{{"ann", "wrong password"}, {"nobody", annPW}, {"", ""}} {
		if _, err := login(c[0], c[1]); !errors.Is(err, engine.ErrBadLogin) {
			t.Errorf("Authenticate(%q, %q) = %v, want ErrBadLogin", c[0], c[1], err)
		}
	}

	users, err := f.st.Users(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range users {
		got = append(got, u.Name+" "+string(u.Role)+" ["+strings.Join(u.Activities, ",")+"] ["+strings.Join(u.Schools, ",")+"] "+u.CreatedAt.Format("15:04"))
	}
	same(t, "users", got, []string{"ann admin [] [] 09:30", "ed editor [] [] 09:30", "eda editor [reading] [wsh,kfs] 09:30", "trust funder [reading,scitt] [] 09:30"})

	for _, c := range []struct {
		name string
		u    engine.User
		code toc.Code
	}{
		{"Exists", engine.User{Name: "ann", Role: toc.RoleEditor}, toc.ECONFLICT},
		{"ExistsInAnotherCase", engine.User{Name: "ANN", Role: toc.RoleEditor}, toc.ECONFLICT},
		{"BadName", engine.User{Name: "ann smith", Role: toc.RoleEditor}, toc.EINVALID},
		{"BadRole", engine.User{Name: "zoe", Role: "owner"}, toc.EINVALID},
		{"UnknownActivity", engine.User{Name: "zoe", Role: toc.RoleFunder, Activities: []string{"nope"}}, toc.EINVALID},
		{"ActivitiesAdmin", engine.User{Name: "zoe", Role: toc.RoleAdmin, Activities: []string{"fair"}}, toc.EINVALID},
		{"SchoolsNotEditor", engine.User{Name: "zoe", Role: toc.RoleFunder, Schools: []string{"wsh"}}, toc.EINVALID},
		{"UnknownSchool", engine.User{Name: "zoe", Role: toc.RoleEditor, Schools: []string{"nope"}}, toc.EINVALID},
	} {
		t.Run("ErrAdd"+c.name, func(t *testing.T) {
			if _, err := f.st.AddUser(f.ctx, "root", c.u, f.p); toc.ErrorCode(err) != c.code {
				t.Errorf("err = %v, want code %s", err, c.code)
			}
		})
	}

	t.Run("ResetPassword", func(t *testing.T) {
		pw, err := f.st.ResetPassword(f.ctx, "root", "ed")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := login("ed", pw); err != nil {
			t.Errorf("the new password does not work: %v", err)
		}
		if _, err := f.st.ResetPassword(f.ctx, "root", "nobody"); toc.ErrorCode(err) != toc.ENOTFOUND {
			t.Errorf("reset of an unknown user: %v, want not found", err)
		}
	})
	t.Run("ChangePassword", func(t *testing.T) {
		if err := f.st.ChangePassword(f.ctx, "ann", "wrong", "a-much-longer-secret"); toc.ErrorCode(err) != toc.EINVALID {
			t.Errorf("with a wrong current password: %v, want invalid", err)
		}
		if err := f.st.ChangePassword(f.ctx, "ann", annPW, "short"); toc.ErrorCode(err) != toc.EINVALID {
			t.Errorf("to a short password: %v, want invalid", err)
		}
		if err := f.st.ChangePassword(f.ctx, "ann", annPW, "a-much-longer-secret"); err != nil {
			t.Fatal(err)
		}
		if _, err := login("ann", annPW); !errors.Is(err, engine.ErrBadLogin) {
			t.Errorf("the old password still works: %v", err)
		}
		if _, err := login("ann", "a-much-longer-secret"); err != nil {
			t.Errorf("the new password does not work: %v", err)
		}
	})
	t.Run("RemoveUser", func(t *testing.T) {
		if err := f.st.RemoveUser(f.ctx, "root", "trust"); err != nil {
			t.Fatal(err)
		}
		if users, _ := f.st.Users(f.ctx); len(users) != 3 {
			t.Errorf("%d users after a removal, want 3", len(users))
		}
		if err := f.st.RemoveUser(f.ctx, "root", "trust"); toc.ErrorCode(err) != toc.ENOTFOUND {
			t.Errorf("removing twice: %v, want not found", err)
		}
	})
}

func testSessions(t *testing.T, open Opener) {
	f := newFixture(t, open)
	pw, err := f.st.AddUser(f.ctx, "root", engine.User{Name: "trust", Role: toc.RoleFunder, Activities: []string{"scitt"}}, f.p)
	if err != nil {
		t.Fatal(err)
	}
	u, err := f.st.Authenticate(f.ctx, "trust", pw)
	if err != nil {
		t.Fatal(err)
	}
	token, sess, err := f.st.CreateSession(f.ctx, u)
	if err != nil || token == "" || sess.CSRF == "" || sess.CSRF == token {
		t.Fatalf("CreateSession = %q, %+v, %v", token, sess, err)
	}
	if want := f.clock.now().Add(engine.SessionTTL); !sess.Expires.Equal(want) {
		t.Errorf("expires %v, want %v", sess.Expires, want)
	}
	got, err := f.st.Session(f.ctx, token)
	if err != nil || got.User.Name != "trust" || got.User.Role != toc.RoleFunder || got.CSRF != sess.CSRF || strings.Join(got.User.Activities, ",") != "scitt" {
		t.Errorf("Session = %+v, %v", got, err)
	}
	for _, bad := range []string{"", "not-a-token", token + "x"} {
		if _, err := f.st.Session(f.ctx, bad); !errors.Is(err, engine.ErrNoSession) {
			t.Errorf("Session(%q) = %v, want ErrNoSession", bad, err)
		}
	}
	t.Run("Expires", func(t *testing.T) {
		token, _, _ := f.st.CreateSession(f.ctx, u)
		f.clock.add(engine.SessionTTL)
		if _, err := f.st.Session(f.ctx, token); !errors.Is(err, engine.ErrNoSession) {
			t.Errorf("a session at its expiry: %v, want ErrNoSession", err)
		}
	})
	t.Run("End", func(t *testing.T) {
		token, _, _ := f.st.CreateSession(f.ctx, u)
		if err := f.st.EndSession(f.ctx, token); err != nil {
			t.Fatal(err)
		}
		if _, err := f.st.Session(f.ctx, token); !errors.Is(err, engine.ErrNoSession) {
			t.Errorf("an ended session: %v, want ErrNoSession", err)
		}
		if err := f.st.EndSession(f.ctx, "unknown"); err != nil {
			t.Errorf("ending an unknown session: %v", err)
		}
	})
	t.Run("ResetEndsSessions", func(t *testing.T) {
		token, _, _ := f.st.CreateSession(f.ctx, u)
		if _, err := f.st.ResetPassword(f.ctx, "root", "trust"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.st.Session(f.ctx, token); !errors.Is(err, engine.ErrNoSession) {
			t.Errorf("a session after a reset: %v, want ErrNoSession", err)
		}
	})
}
