package folder

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/rules"
	"github.com/schoolstogether/impact/toc"
)

// MaxToCSize bounds a toc.yaml saved from the web app: a national
// programme's theory of change is a few hundred kilobytes.
const MaxToCSize = 2 << 20

// SaveToC replaces dir's toc.yaml with src, as an admin edits it in the web
// app (DESIGN §12): src is checked as impact check would, and nothing is
// written unless it is valid (the problems come back as a toc.List placed
// at toc.yaml:LINE:COL). base is the SHA-256 (hex) of the file the editor
// started from: when the file has changed since, the save is refused
// (toc.ECONFLICT), so that one admin's edit never silently undoes
// another's. The text is written as given — comments, order and layout
// kept — with the line endings of the file it replaces, atomically and
// with the file's mode, and recorded as a revision audited as who.
func SaveToC(ctx context.Context, st engine.Store, dir string, src []byte, base string, asOf toc.Period, who string) (*toc.Plan, engine.Revision, error) {
	if len(src) > MaxToCSize {
		return nil, engine.Revision{}, toc.Errorf(toc.EINVALID, "toc.yaml: at most %d bytes, got %d", MaxToCSize, len(src))
	}
	path := filepath.Join(dir, TocFile)
	old, err := os.ReadFile(path)
	if err != nil {
		return nil, engine.Revision{}, fmt.Errorf("save toc.yaml: %w", err)
	}
	if base != "" && Hash(old) != base {
		return nil, engine.Revision{}, toc.Errorf(toc.ECONFLICT, "toc.yaml changed since you opened it (another admin, or an edit on the server): open it again and make your change there")
	}
	// Browsers send a textarea's lines ending in CRLF: the file keeps its own.
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	if bytes.Contains(old, []byte("\r\n")) {
		src = bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))
	}
	plan, err := rules.Parse(path, src, asOf)
	if err != nil {
		return nil, engine.Revision{}, err
	}
	if err := writeFileAtomic(path, src); err != nil {
		return nil, engine.Revision{}, fmt.Errorf("save toc.yaml: %w", err)
	}
	rev, err := record(ctx, st, dir, src, who)
	if err != nil {
		return nil, engine.Revision{}, err
	}
	return plan, rev, nil
}

// Hash is the SHA-256 of a toc.yaml, hex: what a revision is known by.
func Hash(src []byte) string {
	sum := sha256.Sum256(src)
	return hex.EncodeToString(sum[:])
}

// writeFileAtomic replaces path with b: a temporary file beside it, synced,
// given path's mode, then renamed over it, so a reader sees the old file
// or the new one, never half of one.
func writeFileAtomic(path string, b []byte) error {
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".toc.yaml-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
