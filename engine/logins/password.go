// Package logins makes and checks the passwords of the web app's logins:
// generated passwords people can read out, argon2id hashes in PHC form, and
// the rules a password a user chooses must meet.
package logins

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"

	"github.com/trustelem/zxcvbn"
	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP's first recommendation (19 MiB, 2 passes, 1
// lane), so that a login costs a few tens of milliseconds on a small server
// and a stolen hash costs an attacker as much per guess.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024 // KiB
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// passwordAlphabet has no characters that are easy to misread or mistype
// (0/O, 1/l/I, and no symbols), so a password can be read out on the phone.
const passwordAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// Generate returns a new random password of five groups of four
// characters joined by dashes, like "k7mq-3xfp-wd9a-hs4e-2nbt": 20 characters
// from 31, about 99 bits.
func Generate() (string, error) {
	const groups, size = 5, 4
	buf := make([]byte, groups*size)
	var b strings.Builder
	for i := range buf {
		if i > 0 && i%size == 0 {
			b.WriteByte('-')
		}
		c, err := randomIndex(len(passwordAlphabet))
		if err != nil {
			return "", err
		}
		b.WriteByte(passwordAlphabet[c])
	}
	return b.String(), nil
}

// randomIndex returns a uniform random integer in [0, n) for n < 256, by
// rejection so that no character is likelier than another.
func randomIndex(n int) (int, error) {
	limit := 256 - 256%n
	var b [1]byte
	for {
		if _, err := rand.Read(b[:]); err != nil {
			return 0, fmt.Errorf("random password: %w", err)
		}
		if int(b[0]) < limit {
			return int(b[0]) % n, nil
		}
	}
}

// Hash returns the argon2id hash of a password in PHC string form,
// with a fresh random salt.
func Hash(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// Check reports whether password matches a hash made by Hash, with the parameters the hash records. The comparison takes
// the same time wherever the keys differ.
func Check(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	var mem, time uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &time, &threads); err != nil || mem == 0 || time == 0 || threads == 0 {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := enc.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, time, mem, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// MinLen is the shortest password a user may choose.
const MinLen = 12

// MinScore is the least zxcvbn score (0 to 4) a chosen password must
// have: 3, "safely unguessable", about 10^8 guesses or more, against an
// attacker who knows the commonest passwords, words and names, keyboard
// runs, repeats, sequences, dates and l33t spellings.
const MinScore = 3

// CheckNew says why a password a user chose may not be used, or returns
// nil: it must be long enough and not weak (DESIGN §16). hints are words
// the password must not lean on: the user's name, the partnership's.
func CheckNew(password string, hints ...string) error {
	if n := len([]rune(password)); n < MinLen {
		return fmt.Errorf("the new password has %d characters: expected at least %d", n, MinLen)
	}
	if r := zxcvbn.PasswordStrength(password, append(hints, "impact", "partnership", "school")); r.Score < MinScore {
		return fmt.Errorf("the new password is too easy to guess (a common password, a word or a name, a keyboard run, a repeat or a sequence): choose three or four unrelated words, or let impact user reset make one")
	}
	return nil
}

// Dummy is a hash no password matches in practice, checked against when a
// login name is unknown so that it takes as long to refuse as a wrong
// password.
var Dummy = sync.OnceValue(func() string {
	h, _ := Hash("no user has this password")
	return h
})
