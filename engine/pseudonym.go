package engine

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/schoolstogether/impact/toc"
)

// keyLen is the length of the pseudonymisation key in bytes.
const keyLen = 32

// loadKey reads dir/impact.key. When it is missing it creates one, unless
// the database already holds pupils: their pseudonyms were made with the
// lost key, and a new key would silently split every pupil in two. Then
// the store opens without a key: reports, metrics and KPI values work,
// and imports of pupils are refused with keyErr until the key is restored.
func (s *Store) loadKey(ctx context.Context) error {
	path := filepath.Join(s.dir, KeyFile)
	key, err := readKey(path)
	if errors.Is(err, fs.ErrNotExist) {
		var pupils int
		if err := s.read.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pupils)").Scan(&pupils); err != nil {
			return fmt.Errorf("open store: %w", err)
		}
		if pupils > 0 {
			s.keyErr = toc.Errorf(toc.EINTERNAL, "%s is missing but %s holds pseudonymised pupils: restore the key from your backup; "+
				"a new key would not match them (without a backup, start a new partnership folder)", path, DBFile)
			return nil
		}
		key, err = createKey(path)
	}
	if err != nil {
		return err
	}
	s.key = key
	return nil
}

func readKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) != keyLen {
		return nil, fmt.Errorf("%s: expected %d bytes as hex (%d hex digits)", path, keyLen, 2*keyLen)
	}
	return key, nil
}

// createKey writes a new random key with mode 0600. It writes a temporary
// file and links it into place, so a process that opens the folder at the
// same moment reads either no key or the whole of the one that won.
func createKey(path string) ([]byte, error) {
	key := make([]byte, keyLen)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("create key: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".impact.key-*")
	if err != nil {
		return nil, fmt.Errorf("create key: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("create key: %w", err)
	}
	if _, err := tmp.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("create key: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("create key: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, fmt.Errorf("create key: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return readKey(path) // another process won the race
		}
		return nil, fmt.Errorf("create key: %w", err)
	}
	return key, nil
}

// pseudonymiser turns participant identifiers into pseudonyms. It is not
// safe for concurrent use; each goroutine makes its own.
type pseudonymiser struct {
	mac hash.Hash
	buf []byte
}

func (s *Store) newPseudonymiser() *pseudonymiser {
	return &pseudonymiser{mac: hmac.New(sha256.New, s.key)}
}

// sum returns HMAC-SHA256 of the trimmed, upper-cased identifier. The
// result is valid until the next call.
func (p *pseudonymiser) sum(id string) []byte {
	id = strings.ToUpper(strings.TrimSpace(id))
	p.mac.Reset()
	p.mac.Write([]byte(id))
	p.buf = p.mac.Sum(p.buf[:0])
	return p.buf
}

// pseudonymIndex numbers the distinct participants of an import in the
// order they first appear, hashing each identifier once. It keeps the
// identifiers in memory only for the length of the import. Not safe for
// concurrent use.
type pseudonymIndex struct {
	p     *pseudonymiser
	index map[string]int32
	fresh [][sha256.Size]byte // pseudonyms numbered since the last takeFresh
	next  int32
	upper []byte
}

func newPseudonymIndex(s *Store) *pseudonymIndex {
	return &pseudonymIndex{p: s.newPseudonymiser(), index: map[string]int32{}}
}

// of returns the index of a trimmed participant identifier, upper-casing
// it first, as DESIGN §6 asks.
func (x *pseudonymIndex) of(id []byte) int32 {
	key := id
	for _, c := range id {
		if c >= 'a' && c <= 'z' || c >= 0x80 {
			key = x.normal(id)
			break
		}
	}
	if i, ok := x.index[string(key)]; ok {
		return i
	}
	i := x.next
	x.next++
	x.index[string(key)] = i
	var sum [sha256.Size]byte
	copy(sum[:], x.p.sum(string(key)))
	x.fresh = append(x.fresh, sum)
	return i
}

func (x *pseudonymIndex) normal(id []byte) []byte {
	x.upper = append(x.upper[:0], strings.ToUpper(string(id))...)
	return x.upper
}

// takeFresh returns the pseudonyms numbered since the last call, in order.
func (x *pseudonymIndex) takeFresh() [][sha256.Size]byte {
	f := x.fresh
	x.fresh = nil
	return f
}
