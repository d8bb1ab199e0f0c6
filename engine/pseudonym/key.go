// Package pseudonym keeps pupils' identifiers out of the store: the
// partnership's key, a file beside toc.yaml and never in a database, and
// the keyed hash (HMAC-SHA256) that stands in for each identifier, so the
// same pupil matches across files and years while no store holds who they
// are (DESIGN §6, §13).
package pseudonym

import (
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
	"syscall"

	"github.com/schoolstogether/impact/toc"
)

// KeyFile is the key's name in a partnership folder (DESIGN §3).
const KeyFile = "impact.key"

// keyLen is the length of the key in bytes.
const keyLen = 32

// Size is the length of a pseudonym in bytes.
const Size = sha256.Size

// Key is a partnership's pseudonymisation key.
type Key struct {
	b []byte
}

// Load reads dir/impact.key. When it is missing it creates one, unless
// hasPupils says the store (named so in messages) already holds pupils: their pseudonyms were made
// with the lost key, and a new key would silently split every pupil in
// two. Then it returns a nil key and, as lost, the error that refuses
// imports of pupils until the key is restored; reports, metrics and KPI
// values still work.
func Load(dir, store string, hasPupils func() (bool, error)) (key *Key, lost error, warnings []string, err error) {
	path := filepath.Join(dir, KeyFile)
	if w := tighten(path); w != "" {
		warnings = append(warnings, w)
	}
	b, err := readKey(path)
	if errors.Is(err, fs.ErrNotExist) {
		pupils, perr := hasPupils()
		if perr != nil {
			return nil, nil, warnings, perr
		}
		if pupils {
			return nil, toc.Errorf(toc.EINTERNAL, "%s is missing but %s holds pseudonymised pupils: restore the key from your backup; "+
				"a new key would not match them (without a backup, start a new partnership folder)", path, store), warnings, nil
		}
		if b, err = createKey(path); err != nil && isReadOnly(err) {
			return nil, toc.Errorf(toc.EREADONLY, "there is no %s and the folder is read-only: imports of pupils need a key", path), warnings, nil
		}
	}
	if errors.Is(err, fs.ErrPermission) {
		return nil, toc.Errorf(toc.EINVALID, "%s cannot be read (%v): imports of pupils need the key; run impact as the folder's owner", path, err), warnings, nil
	}
	if err != nil {
		return nil, nil, warnings, err
	}
	return &Key{b: b}, nil, warnings, nil
}

// tighten makes a key that others can read the owner's alone (0600), and
// says so; in a folder it cannot change, it says that.
func tighten(path string) string {
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm()&0o077 == 0 {
		return ""
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return fmt.Sprintf("%s can be read by others (mode %04o) and could not be made private: %v; make it mode 0600, and treat it as seen", path, fi.Mode().Perm(), err)
	}
	return fmt.Sprintf("%s could be read by others (mode %04o): it is now mode 0600; if anyone else may have copied it, treat it as leaked (see the README)", path, fi.Mode().Perm())
}

func isReadOnly(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// checkText is what the key's check value is an HMAC of.
const checkText = "impact key check v1"

// Check is the key's check value (DESIGN §13): an HMAC of a fixed text
// under the key, hex. A store keeps it to know its own key again; it
// tells nothing of the key.
func (k *Key) Check() string {
	h := k.Hasher()
	h.mac.Reset()
	h.mac.Write([]byte(checkText))
	return hex.EncodeToString(h.mac.Sum(nil))
}

// FromBytes is a key held in memory, for tests and tools.
func FromBytes(b []byte) *Key { return &Key{b: append([]byte(nil), b...)} }

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
	if err := writeKey(tmp, key); err != nil {
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

func writeKey(f *os.File, key []byte) error {
	defer f.Close()
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	if _, err := f.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// Hasher turns participant identifiers into pseudonyms. It is not safe
// for concurrent use; each goroutine makes its own.
type Hasher struct {
	mac hash.Hash
	buf []byte
}

// Hasher returns a new Hasher under the key.
func (k *Key) Hasher() *Hasher {
	return &Hasher{mac: hmac.New(sha256.New, k.b)}
}

// Sum returns HMAC-SHA256 of the trimmed, upper-cased identifier. The
// result is valid until the next call.
func (h *Hasher) Sum(id string) []byte {
	return h.sum([]byte(strings.ToUpper(strings.TrimSpace(id))))
}

// sum is Sum of an identifier already trimmed and upper-cased.
func (h *Hasher) sum(id []byte) []byte {
	h.mac.Reset()
	h.mac.Write(id)
	h.buf = h.mac.Sum(h.buf[:0])
	return h.buf
}

// forgetText is what a forgotten pupil's hash is keyed on besides the key,
// so that it is never a pseudonym itself.
const forgetText = "impact forgotten v1\x00"

// Forgotten is what a store remembers of a pupil it has erased (DESIGN
// §13): HMAC-SHA256 under the key of a fixed text and the pseudonym. It is
// one-way, and not the pseudonym, so the database holds nothing that
// matches the pupil's rows in a backup; with the key, an import can still
// tell the pupil again and skip them.
func (k *Key) Forgotten(pseudonym []byte) [Size]byte {
	mac := hmac.New(sha256.New, k.b)
	mac.Write([]byte(forgetText))
	mac.Write(pseudonym)
	var out [Size]byte
	mac.Sum(out[:0])
	return out
}

// Pseudonym is the pseudonym of one identifier, trimmed and upper-cased
// as an import does.
func (k *Key) Pseudonym(id string) [Size]byte {
	var out [Size]byte
	copy(out[:], k.Hasher().Sum(id))
	return out
}
