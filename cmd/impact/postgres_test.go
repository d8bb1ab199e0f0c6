package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine/folder"
	"github.com/schoolstogether/impact/engine/postgres/pgtest"
	"github.com/schoolstogether/impact/toc"
)

// asOfLine is metrics --json's as_of, the one line the stores may differ
// on (DESIGN §15 compares the rest byte for byte).
var asOfLine = regexp.MustCompile(`(?m)^  "as_of": .*$`)

// TestCLI_SameNumbersOnBothStores: the small example and the demo,
// imported through the command line into SQLite and into PostgreSQL
// (--db, and IMPACT_DB), give the same metrics --json for a director and
// a funder, byte for byte but for as_of.
func TestCLI_SameNumbersOnBothStores(t *testing.T) {
	url := pgtest.URL(t)
	env := map[string]string{"IMPACT_TODAY": "2025-08-31"}
	pgEnv := map[string]string{"IMPACT_TODAY": "2025-08-31", "IMPACT_DB": url}
	t.Run("Small", func(t *testing.T) {
		lite, pg := smallFolder(t), smallFolder(t)
		files := []string{"participation.csv", "outcomes.csv", "kpis.csv"}
		in := func(dir string) []string {
			args := []string{"import", "--dir", dir}
			for _, f := range files {
				args = append(args, filepath.Join(dir, f))
			}
			return args
		}
		runCLI(t, env, in(lite)...).want(t, 0)
		runCLI(t, env, append(in(pg), "--db", url)...).want(t, 0)
		if _, err := os.Stat(filepath.Join(pg, "impact.db")); err == nil {
			t.Error("an import into PostgreSQL wrote impact.db")
		}
		sameMetrics(t, env, pgEnv, lite, pg)
	})
	t.Run("Demo", func(t *testing.T) {
		lite, pg := filepath.Join(t.TempDir(), "demo"), filepath.Join(t.TempDir(), "demo")
		runCLI(t, env, "demo", "--out", lite).want(t, 0)
		runCLI(t, pgEnv, "demo", "--out", pg).want(t, 0)
		sameMetrics(t, env, pgEnv, lite, pg)
	})
}

func sameMetrics(t *testing.T, env, pgEnv map[string]string, lite, pg string) {
	t.Helper()
	for _, aud := range []string{"director", "funder"} {
		a := runCLI(t, env, "metrics", "--json", "--audience", aud, "--dir", lite).want(t, 0).stdout
		b := runCLI(t, pgEnv, "metrics", "--json", "--audience", aud, "--dir", pg).want(t, 0).stdout
		a, b = asOfLine.ReplaceAllString(a, ""), asOfLine.ReplaceAllString(b, "")
		if a != b {
			al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
			for i := range min(len(al), len(bl)) {
				if al[i] != bl[i] {
					t.Fatalf("%s: metrics differ from line %d:\n sqlite:   %s\n postgres: %s", aud, i+1, al[i], bl[i])
				}
			}
			t.Fatalf("%s: metrics differ in length: %d and %d lines", aud, len(al), len(bl))
		}
		if len(a) < 1000 {
			t.Fatalf("%s: metrics too short to compare: %q", aud, a)
		}
	}
}

// TestCLI_Migrate: the demo's SQLite store copied into PostgreSQL gives
// the same numbers, keeps a login's password working, and refuses a second
// copy into the same partnership, leaving the first as it was.
func TestCLI_Migrate(t *testing.T) {
	url := pgtest.URL(t)
	env := map[string]string{"IMPACT_TODAY": "2025-08-31"}
	dir := filepath.Join(t.TempDir(), "demo")
	runCLI(t, env, "demo", "--out", dir).want(t, 0)
	pw := strings.TrimSpace(lastLine(runCLI(t, env, "user", "add", "ada", "--role", "admin", "--dir", dir).want(t, 0).stdout))
	r := runCLI(t, env, "migrate", "--to", url, "--dir", dir).want(t, 0)
	for _, want := range []string{"participation", "every table's count matches impact.db", "impact.key stays in"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("migrate's output lacks %q:\n%s", want, r.stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "impact.partnership")); err != nil {
		t.Errorf("no impact.partnership in the folder: %v", err)
	}
	pgEnv := map[string]string{"IMPACT_TODAY": "2025-08-31", "IMPACT_DB": url}
	sameMetrics(t, env, pgEnv, dir, dir)
	users := runCLI(t, pgEnv, "user", "list", "--dir", dir).want(t, 0).stdout
	if !strings.Contains(users, "ada") {
		t.Errorf("the login did not come across:\n%s", users)
	}
	st, err := folder.OpenStore(dir, folder.Store{DB: url})
	if err != nil {
		t.Fatal(err)
	}
	if u, err := st.Authenticate(context.Background(), "ada", pw); err != nil || u.Role != toc.RoleAdmin {
		t.Errorf("ada's password after the copy: %v, %v", u, err)
	}
	st.Close()
	again := runCLI(t, env, "migrate", "--to", url, "--dir", dir).want(t, 1)
	if !strings.Contains(again.stderr, "copies into an empty partnership only") {
		t.Errorf("a second migrate: %s", again.stderr)
	}
	sameMetrics(t, env, pgEnv, dir, dir)
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
