package postgres_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/postgres/pgtest"
	"github.com/schoolstogether/impact/engine/rules"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

// BenchmarkScale is issue 15's scale on one partnership: SCALE_ROWS
// participation rows (10,000,000 unless set) of a tenth as many pupils,
// 1,000 schools and 200 activities. In one run it times the import against
// psql's \copy of the same CSV into a plain table (import/copy), and every
// metric (metrics.Compute over a snapshot) against the raw SELECT activity,
// COUNT(DISTINCT pupil) … GROUP BY activity (metrics/raw). It also times
// the floor of any import that stores these rows: psql's \copy, in
// PostgreSQL's binary form, of the participation and pupils rows the import
// wrote into tables of their columns without an index (floor/copy), and
// into tables with the store's indexes (indexed/copy). Run it so:
//
//	SCALE_ROWS=10000000 go test ./engine/postgres -run '^$' -bench Scale -benchtime 1x -timeout 60m
func BenchmarkScale(b *testing.B) {
	n := 10_000_000
	if s := os.Getenv("SCALE_ROWS"); s != "" {
		fmt.Sscan(s, &n)
	}
	const schools, activities = 1000, 200
	pupils := max(n/10, 1)
	dir := b.TempDir()
	csvPath := filepath.Join(dir, "participation.csv")
	writeScaleCSV(b, csvPath, n, pupils, schools, activities)
	tocSrc := scaleToC(schools, activities)
	p, err := toc.Parse("toc.yaml", []byte(tocSrc))
	if err != nil {
		b.Fatal(err)
	}
	plan, err := rules.Parse("toc.yaml", []byte(tocSrc), 2024)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		url := pgtest.URL(b)
		// The reference: psql's \copy into a plain table of the same columns.
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := conn.Exec(ctx, "CREATE TABLE plain (activity text, date text, participant text, school text, disadvantaged text)"); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if out, err := exec.Command("psql", url, "-v", "ON_ERROR_STOP=1", "-c", `\copy plain FROM '`+csvPath+`' WITH (FORMAT csv, HEADER true)`).CombinedOutput(); err != nil {
			b.Fatalf("psql \\copy: %v\n%s", err, out)
		}
		copySecs := time.Since(start).Seconds()

		s := open(b, url, b.TempDir())
		start = time.Now()
		res, err := s.Import(ctx, p, []engine.ImportFile{engine.ImportPath(csvPath)}, engine.ImportOptions{Who: "bench"})
		if err != nil || res.Rows() != int64(n) {
			b.Fatalf("import: %d rows, %v", res.Rows(), err)
		}
		importSecs := time.Since(start).Seconds()

		start = time.Now()
		rows, err := conn.Query(ctx, "SELECT activity, COUNT(DISTINCT pupil) FROM participation GROUP BY activity")
		if err != nil {
			b.Fatal(err)
		}
		groups := 0
		for rows.Next() {
			groups++
		}
		rows.Close()
		rawSecs := time.Since(start).Seconds()
		conn.Close(ctx)

		start = time.Now()
		snap, err := s.Snapshot(ctx)
		if err != nil {
			b.Fatal(err)
		}
		r, err := metrics.Compute(ctx, snap, plan, metrics.Options{})
		snap.Close()
		if err != nil || r.Reach.Participants.N != pupils || groups != activities {
			b.Fatalf("metrics: %v participants (want %d), %d groups, %v", r.Reach.Participants.N, pupils, groups, err)
		}
		metricsSecs := time.Since(start).Seconds()

		bare, indexed := floorSecs(b, url, dir)

		b.ReportMetric(copySecs, "s/psql-copy")
		b.ReportMetric(importSecs, "s/import")
		b.ReportMetric(importSecs/copySecs, "import/copy")
		b.ReportMetric(rawSecs, "s/raw-distinct")
		b.ReportMetric(metricsSecs, "s/metrics")
		b.ReportMetric(metricsSecs/rawSecs, "metrics/raw")
		b.ReportMetric(bare, "s/floor")
		b.ReportMetric(bare/copySecs, "floor/copy")
		b.ReportMetric(indexed, "s/floor-indexed")
		b.ReportMetric(indexed/copySecs, "indexed/copy")
		if mb := peakMB(); mb > 0 {
			b.ReportMetric(mb, "MB/peak")
		}
	}
}

// peakMB is this process's peak resident memory (Linux's VmHWM) in MB,
// psql's children apart; 0 where /proc does not say.
func peakMB() float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb float64
			fmt.Sscan(rest, &kb)
			return kb * 1024 / 1e6
		}
	}
	return 0
}

// floorSecs copies out, in PostgreSQL's binary form, the participation and
// pupils rows an import wrote, then times psql's \copy of them back into
// tables of the same columns: bare, without an index; indexed, with the
// store's. No import that writes these rows can be faster than bare: it is
// the server's own work, with nothing to parse, check or pseudonymise.
func floorSecs(b *testing.B, url, dir string) (bare, indexed float64) {
	psql := func(cmd string) time.Duration {
		start := time.Now()
		if out, err := exec.Command("psql", url, "-v", "ON_ERROR_STOP=1", "-c", cmd).CombinedOutput(); err != nil {
			b.Fatalf("psql %s: %v\n%s", cmd, err, out)
		}
		return time.Since(start)
	}
	var took [2]time.Duration
	for _, table := range []string{"participation", "pupils"} {
		file := filepath.Join(dir, table+".bin")
		psql(`\copy ` + table + ` TO '` + file + `' WITH (FORMAT binary)`)
		for i, like := range []string{"", " INCLUDING INDEXES"} {
			name := fmt.Sprintf("floor_%s_%d", table, i)
			psql("CREATE TABLE " + name + " (LIKE " + table + like + ")")
			took[i] += psql(`\copy ` + name + ` FROM '` + file + `' WITH (FORMAT binary)`)
		}
		os.Remove(file)
	}
	return took[0].Seconds(), took[1].Seconds()
}

// writeScaleCSV writes n participation rows: pupil i of school i%schools,
// in activity (i+k)%activities on row k of theirs, one date a row.
func writeScaleCSV(b *testing.B, path string, n, pupils, schools, activities int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("activity,date,participant,school,disadvantaged\n")
	flags := [2]string{"yes", "no"}
	for i := range n {
		pupil := i % pupils
		fmt.Fprintf(w, "a%03d,2024-%02d-%02d,UPN%08d,s%04d,%s\n", (pupil+i/pupils)%activities, 9+i%4, 1+i%28, pupil, pupil%schools, flags[pupil%3/2])
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
}

// scaleToC is a partnership of the schools and activities, one KPI.
func scaleToC(schools, activities int) string {
	var sb strings.Builder
	sb.WriteString("partnership: Scale\nschools:\n")
	for i := range schools {
		fmt.Fprintf(&sb, "  - {id: s%04d, name: School %d, pupils: 1000, disadvantaged_pct: %d}\n", i, i, 10+i%40)
	}
	sb.WriteString("objectives:\n  - id: o\n    title: O\n    outcomes:\n      - id: oc\n        title: OC\n        kpis:\n" +
		"          - {id: k, title: K, direction: increase, baseline: {period: 2021/22, value: 0}, target: {period: 2024/25, value: 10}}\nactivities:\n")
	for i := range activities {
		fmt.Fprintf(&sb, "  - {id: a%03d, title: Activity %d, kpis: [k], certainty: low, participation: high, provider: s%04d, partners: [s%04d], started: 2020/21, internal_impact: 1, external_impact: 2}\n",
			i, i, i%schools, (i+1)%schools)
	}
	return sb.String()
}
