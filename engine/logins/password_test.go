package logins_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine/logins"
)

func TestGeneratePassword(t *testing.T) {
	t.Run("Shape", func(t *testing.T) {
		// Five groups of four from a 31-letter alphabet without 0, 1, i, l, o.
		re := regexp.MustCompile(`^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){4}$`)
		for range 50 {
			pw, err := logins.Generate()
			if err != nil {
				t.Fatal(err)
			}
			if !re.MatchString(pw) {
				t.Fatalf("password %q: want five dash-separated groups of four readable characters", pw)
			}
		}
	})
	t.Run("Distinct", func(t *testing.T) {
		seen := map[string]bool{}
		for range 200 {
			pw, _ := logins.Generate()
			if seen[pw] {
				t.Fatalf("password %q generated twice in 200 draws of ~99 bits", pw)
			}
			seen[pw] = true
		}
	})
}

func TestHashPassword(t *testing.T) {
	t.Run("RoundTrip", func(t *testing.T) {
		h, err := logins.Hash("correct horse")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
			t.Errorf("hash %q: want argon2id PHC string with m=19456,t=2,p=1", h)
		}
		if !logins.Check(h, "correct horse") {
			t.Error("CheckPassword(right password) = false, want true")
		}
		if logins.Check(h, "correct horsE") {
			t.Error("CheckPassword(wrong password) = true, want false")
		}
	})
	t.Run("SaltedDifferently", func(t *testing.T) {
		a, _ := logins.Hash("same")
		b, _ := logins.Hash("same")
		if a == b {
			t.Errorf("two hashes of one password are equal (%q): want a fresh salt each time", a)
		}
	})
	t.Run("Malformed", func(t *testing.T) {
		for _, h := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=x,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=8,t=1,p=1$!!$AAAA"} {
			if logins.Check(h, "x") {
				t.Errorf("CheckPassword(%q) = true, want false", h)
			}
		}
	})
}

func TestCheckNew(t *testing.T) {
	for _, c := range []struct {
		password string
		ok       bool
	}{
		{"short", false},
		{"aaaaaaaaaaaa", false}, // a repeat: today's main took it
		{"abcdefghijkl", false}, // a sequence
		{"123456789012", false}, // digits in a row
		{"qwertyuiopas", false}, // a keyboard run
		{"password1234", false}, // the commonest passwords
		{"annsmith1234", false}, // the user's own name (a hint)
		{"correct horse battery staple", true},
		{"k7mq-3xfp-wd9a-hs4e-2nbt", true}, // what impact generates
		{"Tyne Valley 2025!", true},
	} {
		err := logins.CheckNew(c.password, "annsmith")
		if (err == nil) != c.ok {
			t.Errorf("CheckNew(%q) = %v, want ok %v", c.password, err, c.ok)
		}
	}
	for range 20 {
		pw, _ := logins.Generate()
		if err := logins.CheckNew(pw); err != nil {
			t.Errorf("a generated password %q is refused: %v", pw, err)
		}
	}
}
