package main

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/schoolstogether/impact/toc"
)

//go:embed skeleton
var skeleton embed.FS

func (a *App) runInit(args []string) error {
	f := a.newFlags("init", "init [DIR]",
		`Writes a small, valid, commented example partnership (toc.yaml) and
templates for each kind of import into DIR (default: --dir, else the
current folder): participation.csv, outcomes.csv and kpis.csv as impact
names their columns, pupils.csv of pupils' characteristics, and
register.csv, a register of one session as SIMS exports it (names and
all: impact drops them). It refuses a folder that already holds a
toc.yaml.`,
		`  impact init my-partnership
  cd my-partnership && impact check && impact plan
  impact import participation.csv outcomes.csv kpis.csv pupils.csv
  impact import --activity reading-buddies --date 2024-01-15 register.csv`)
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	dir := f.dir
	switch len(rest) {
	case 0:
	case 1:
		dir = rest[0]
	default:
		return usageError("init takes one folder, got %d arguments", len(rest))
	}
	target := filepath.Join(dir, "toc.yaml")
	if _, err := os.Stat(target); err == nil {
		return &toc.Error{Code: toc.ECONFLICT, Message: fmt.Sprintf("%s already exists: init writes a new partnership only into a folder without one", target)}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create folder: %w", err)
	}
	entries, err := fs.ReadDir(skeleton, "skeleton")
	if err != nil {
		return err
	}
	for _, e := range entries {
		dst := filepath.Join(dir, e.Name())
		if e.Name() != "toc.yaml" {
			if _, err := os.Stat(dst); err == nil {
				fmt.Fprintf(a.Stderr, "impact init: kept the existing %s\n", dst)
				continue
			}
		}
		body, err := skeleton.ReadFile("skeleton/" + e.Name())
		if err != nil {
			return err
		}
		if err := writeNew(dst, body); err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "wrote %s\n", dst)
	}
	// The EEF strand table, for the director to keep up to date: impact
	// reads this copy while it is there.
	if dst := filepath.Join(dir, toc.StrandsFile); fileExists(dst) {
		fmt.Fprintf(a.Stderr, "impact init: kept the existing %s\n", dst)
	} else if err := writeNew(dst, toc.BuiltinStrandsYAML); err != nil {
		return err
	} else {
		fmt.Fprintf(a.Stdout, "wrote %s\n", dst)
	}
	fmt.Fprintf(a.Stdout, "\nNext: edit %s, then run `impact check` and `impact plan` in %s\n", target, dir)
	fmt.Fprintf(a.Stdout, "A register exported from your MIS for one session imports with: impact import --activity ID --date YYYY-MM-DD FILE (register.csv shows one)\n")
	return nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// writeNew creates a file that must not exist yet.
func writeNew(path string, body []byte) error {
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return &toc.Error{Code: toc.ECONFLICT, Message: fmt.Sprintf("%s already exists", path)}
	}
	if err != nil {
		return err
	}
	if _, err := fh.Write(body); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}
