package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// module is the project's import path.
const module = "github.com/schoolstogether/impact/"

// layout is the import graph the README's "How the code is laid out"
// draws: for each package, the project's packages it may import. It is a
// tree of layers rooted at toc, with no edge back up.
var layout = map[string][]string{
	"toc":                    nil,
	"engine/intake":          {"toc", "engine/pseudonym"},
	"engine/pseudonym":       {"toc"},
	"engine/rules":           {"toc"},
	"engine/logins":          nil,
	"engine/demo":            {"toc"},
	"engine":                 {"toc", "engine/intake"},
	"engine/storetest":       {"toc", "engine"},
	"engine/sqlite":          {"toc", "engine", "engine/intake", "engine/logins", "engine/pseudonym"},
	"engine/postgres":        {"toc", "engine", "engine/intake", "engine/logins", "engine/pseudonym"},
	"engine/postgres/pgtest": nil,
	"engine/folder":          {"toc", "engine", "engine/rules", "engine/sqlite", "engine/postgres"},
	"metrics":                {"toc"},
	"reports/format":         nil,
	"reports":                {"toc", "metrics", "reports/format"},
	"reports/browsertest":    {"reports/pdf"},
	"reports/pdf":            nil,
	"reports/export":         {"toc", "metrics"},
	"reports/web":            {"toc", "engine", "engine/folder", "engine/intake", "metrics", "reports", "reports/format"},
	"cmd/impact": {"toc", "engine", "engine/demo", "engine/folder", "engine/intake", "engine/pseudonym",
		"engine/rules", "engine/sqlite", "engine/postgres", "metrics", "reports", "reports/export", "reports/format", "reports/pdf", "reports/web"},
}

// TestLayout_ImportGraph checks every package's imports against layout,
// and that the pure packages stay free of cgo and of the dependencies
// they do not wrap.
func TestLayout_ImportGraph(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}:{{join .Imports " "}}`, "../../...").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(strings.TrimPrefix(line, module), ":")
		allowed, known := layout[pkg]
		if !known {
			t.Errorf("package %s is not in the layout: add it to layout and to the README", pkg)
			continue
		}
		for _, imp := range strings.Fields(imports) {
			if own, ok := strings.CutPrefix(imp, module); ok && !slices.Contains(allowed, own) {
				t.Errorf("%s imports %s: not an edge of the layout", pkg, own)
			}
		}
	}
	for pkg, banned := range map[string][]string{
		"metrics": {"github.com/mattn/go-sqlite3", "github.com/expr-lang/expr", "golang.org/x/crypto"},
		"reports": {"github.com/mattn/go-sqlite3", "github.com/expr-lang/expr", "golang.org/x/crypto"},
		"toc":     {"github.com/mattn/go-sqlite3", "github.com/expr-lang/expr", "golang.org/x/crypto"},
	} {
		deps, err := exec.Command("go", "list", "-deps", "../../"+pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		for _, d := range strings.Fields(string(deps)) {
			for _, b := range banned {
				if d == b || strings.HasPrefix(d, b+"/") {
					t.Errorf("%s depends on %s", pkg, d)
				}
			}
		}
	}
	// The report and the numbers build without cgo (the SQLite store is
	// the only package that needs it).
	build := exec.Command("go", "build", "../../toc/...", "../../metrics/...", "../../reports")
	build.Env = append(build.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Errorf("CGO_ENABLED=0 go build toc, metrics, reports: %v\n%s", err, out)
	}
}
