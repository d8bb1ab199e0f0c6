package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/schoolstogether/impact/toc"
)

// IDFile is the file of a partnership folder that holds the id the
// partnership is known by in a shared database (DESIGN §15): written the
// first time the folder meets a database, so that renaming or moving the
// folder keeps its rows. It is no secret; losing it loses the way to the
// rows, as losing impact.key loses the way to the pupils.
const IDFile = "impact.partnership"

// idPattern is what an id may be: 128 random bits in hex, or a UUID
// written by hand.
var idPattern = regexp.MustCompile(`^[0-9a-f]{32}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// partnershipID reads the folder's id, writing a new random one when the
// folder has none. Two processes meeting a new folder at once agree: the
// first to link its file in place wins, the other reads it.
func partnershipID(dir string) (string, error) {
	path := filepath.Join(dir, IDFile)
	if id, err := readID(path); !errors.Is(err, fs.ErrNotExist) {
		return id, err
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("partnership id: %w", err)
	}
	tmp, err := os.CreateTemp(dir, IDFile+".*")
	if err != nil {
		if errors.Is(err, fs.ErrPermission) || errors.Is(err, os.ErrPermission) || isReadOnlyFS(err) {
			return "", toc.Errorf(toc.EREADONLY, "there is no %s and the folder %s is read-only: the first use of a database writes the partnership's id there", path, dir)
		}
		return "", fmt.Errorf("partnership id: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(hex.EncodeToString(b) + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("partnership id: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("partnership id: %w", err)
	}
	return readID(path)
}

func readID(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	id := strings.ToLower(strings.TrimSpace(string(b)))
	if !idPattern.MatchString(id) {
		return "", toc.Errorf(toc.EINVALID, "%s: expected the partnership's id (32 hex digits), got %q: put back the file from your backup", path, strings.TrimSpace(string(b)))
	}
	return id, nil
}

func isReadOnlyFS(err error) bool {
	var pe *fs.PathError
	return errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "read-only")
}

// meet finds the partnership's row, adding it the first time the folder
// meets the database.
func (s *Store) meet(ctx context.Context) (keyCheck *string, err error) {
	if _, err := s.pool.Exec(ctx, "INSERT INTO partnerships (uid, created_at) VALUES ($1, $2) ON CONFLICT (uid) DO NOTHING",
		s.uid, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	if err := s.pool.QueryRow(ctx, "SELECT id, key_check FROM partnerships WHERE uid = $1", s.uid).Scan(&s.pid, &keyCheck); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	return keyCheck, nil
}
