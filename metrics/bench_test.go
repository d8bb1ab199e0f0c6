package metrics_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/rules"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/metrics"
)

// The benchmark partnership of docs/BENCHMARKS.md: 1,000,000 participation
// rows of 20,000 pupils in 100 schools over 60 activities and four years,
// with outcome rows for a third of the activities and KPI values.
const (
	benchRows       = 1_000_000
	benchActivities = 60
	benchSchools    = 100
	benchPupils     = 20_000
	benchVersion    = "v1" // change to rebuild cached databases
)

// benchBaseline is the reference: one pass of SQLite over every row.
const benchBaseline = `SELECT activity, COUNT(DISTINCT pupil) FROM participation GROUP BY activity`

func benchToC() string {
	var b strings.Builder
	b.WriteString("partnership: Benchmark Partnership\nschools:\n")
	for s := 0; s < benchSchools; s++ {
		fmt.Fprintf(&b, "  - {id: s%03d, name: School %d, pupils: %d, disadvantaged_pct: %d}\n", s, s, 150+s%7*20, 5+s%40)
	}
	b.WriteString("objectives:\n  - id: o\n    title: O\n    outcomes:\n      - id: oc\n        title: OC\n        kpis:\n")
	for k := 0; k < 10; k++ {
		fmt.Fprintf(&b, "          - {id: k%d, title: K%d, direction: increase, baseline: {period: 2021/22, value: 10}, target: {period: 2024/25, value: 50}}\n", k, k)
	}
	b.WriteString("activities:\n")
	levels := []string{"low", "medium", "high"}
	for a := 0; a < benchActivities; a++ {
		fmt.Fprintf(&b, "  - id: a%02d\n    title: Activity %d\n    kpis: [k%d]\n    certainty: %s\n    participation: %s\n",
			a, a, a%10, levels[a%3], levels[a/3%3])
		fmt.Fprintf(&b, "    provider: s%03d\n    partners: [s%03d, s%03d, s%03d, s%03d]\n    leads: [l%d]\n    started: 2021/22\n",
			a%benchSchools, (a+20)%benchSchools, (a+40)%benchSchools, (a+60)%benchSchools, (a+80)%benchSchools, a)
		fmt.Fprintf(&b, "    internal_impact: %d\n    external_impact: %d\n    funding:\n      - {source: F%d, period: 2023/24, amount: %d}\n",
			a%6, (a/6)%6, a%5, 1000+a*100)
	}
	return b.String()
}

// writeBenchCSVs writes the participation, outcome and KPI CSVs.
func writeBenchCSVs(dir string) ([]string, error) {
	r := rand.New(rand.NewPCG(4, 2024))
	dis := make([]string, benchPupils)
	for p := range dis {
		switch x := r.IntN(100); {
		case x < 25:
			dis[p] = "yes"
		default:
			dis[p] = "no"
		}
	}
	part := filepath.Join(dir, "participation.csv")
	f, err := os.Create(part)
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriter(f)
	w.WriteString("activity,date,participant,school,disadvantaged\n")
	// Each activity draws a cohort of 170 pupils a year from its five schools
	// (200 pupils each) and meets up to 26 times; 98% come each time (the last year stops at the millionth row).
	n := 0
	for year := 2021; year <= 2024 && n < benchRows; year++ {
		for a := 0; a < benchActivities && n < benchRows; a++ {
			cohort := make([]int, 170)
			for i := range cohort {
				school := (a + 20*r.IntN(5)) % benchSchools
				cohort[i] = school*200 + r.IntN(200)
			}
			start := time.Date(year, 9, 14, 0, 0, 0, 0, time.UTC)
			for s := 0; s < 26 && n < benchRows; s++ {
				date := start.AddDate(0, 0, 7*s+a%5).Format("2006-01-02")
				for _, p := range cohort {
					if n >= benchRows || r.IntN(100) >= 98 {
						continue
					}
					flag := dis[p]
					if r.IntN(10) == 0 {
						flag = ""
					}
					fmt.Fprintf(w, "a%02d,%s,P%06d,s%03d,%s\n", a, date, p, p/200, flag)
					n++
				}
			}
		}
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	if n != benchRows {
		return nil, fmt.Errorf("generated %d rows, want %d", n, benchRows)
	}
	var out strings.Builder
	out.WriteString("activity,participant,measure,group,post,pre,school\n")
	for a := 0; a < benchActivities; a += 3 {
		for i := 0; i < 40; i++ {
			group := "intervention"
			if i%2 == 1 {
				group = "comparison"
			}
			p := (a%benchSchools)*200 + i
			pre := 50 + r.IntN(30)
			fmt.Fprintf(&out, "a%02d,P%06d,score,%s,%d,%d,s%03d\n", a, p, group, pre+r.IntN(15), pre, p/200)
		}
	}
	var kpis strings.Builder
	kpis.WriteString("kpi,period,value,school\n")
	for k := 0; k < 10; k++ {
		for y := 2021; y <= 2024; y++ {
			for s := 0; s < 5; s++ {
				fmt.Fprintf(&kpis, "k%d,%d/%02d,%d,s%03d\n", k, y, (y+1)%100, 2+r.IntN(10), s*20+k)
			}
		}
	}
	files := []string{part, filepath.Join(dir, "outcomes.csv"), filepath.Join(dir, "kpis.csv")}
	if err := os.WriteFile(files[1], []byte(out.String()), 0o644); err != nil {
		return nil, err
	}
	return files, os.WriteFile(files[2], []byte(kpis.String()), 0o644)
}

// benchPartnership returns a folder holding the benchmark partnership,
// imported through the ordinary importer; it is built once and kept in the
// temporary folder for later runs.
func benchPartnership(b *testing.B) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "impact-metrics-bench-"+benchVersion)
	if _, err := os.Stat(filepath.Join(dir, "ready")); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	tocPath := filepath.Join(dir, "toc.yaml")
	if err := os.WriteFile(tocPath, []byte(benchToC()), 0o644); err != nil {
		b.Fatal(err)
	}
	plan, err := rules.Load(tocPath, 2024)
	if err != nil {
		b.Fatalf("bench toc.yaml: %v", err)
	}
	files, err := writeBenchCSVs(dir)
	if err != nil {
		b.Fatal(err)
	}
	st, err := sqlite.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var imports []engine.ImportFile
	for _, f := range files {
		imports = append(imports, engine.ImportPath(f))
	}
	start := time.Now()
	if _, err := st.Import(context.Background(), plan.ToC, imports, engine.ImportOptions{Who: "bench"}); err != nil {
		b.Fatalf("import: %v", err)
	}
	b.Logf("built %s in %v", dir, time.Since(start).Round(time.Millisecond))
	for _, f := range files {
		os.Remove(f)
	}
	if err := os.WriteFile(filepath.Join(dir, "ready"), nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// bestOf runs the command n times and returns the best wall time and the
// output of the last run.
func bestOf(n int, mk func() *exec.Cmd) (time.Duration, string, error) {
	var walls []time.Duration
	var out []byte
	for i := 0; i < n; i++ {
		cmd := mk()
		start := time.Now()
		var err error
		if out, err = cmd.CombinedOutput(); err != nil {
			return 0, "", fmt.Errorf("%s: %v: %s", cmd.Path, err, out)
		}
		walls = append(walls, time.Since(start))
	}
	sort.Slice(walls, func(i, j int) bool { return walls[i] < walls[j] })
	return walls[0], string(out), nil
}

// peakKB is the process's peak resident memory (VmHWM), in kB.
func peakKB() (int, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/self/status")
}

// TestBenchHelperProcess computes the metrics of the partnership in
// $IMPACT_BENCH_DIR, once, when the benchmark starts this test binary as a
// separate process to measure its time and peak memory.
func TestBenchHelperProcess(t *testing.T) {
	dir := os.Getenv("IMPACT_BENCH_DIR")
	if dir == "" {
		t.Skip("run by BenchmarkCompute_Million")
	}
	r, err := computeBench(dir)
	if err != nil {
		t.Fatal(err)
	}
	if r.Reach.Participants.N == 0 {
		t.Fatal("no participants")
	}
	kb, err := peakKB()
	if err != nil {
		t.Skip(err)
	}
	fmt.Printf("peak-kB %d\n", kb)
}

func computeBench(dir string) (*metrics.Result, error) {
	plan, err := rules.Load(filepath.Join(dir, "toc.yaml"), 2024)
	if err != nil {
		return nil, err
	}
	st, err := sqlite.Open(dir)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return compute(context.Background(), st, plan, metrics.Options{Today: today})
}

// BenchmarkCompute_Million computes every metric of a partnership with
// 1,000,000 participation rows, and measures in the same run the sqlite3
// shell's plain COUNT(DISTINCT) over the same database.
//
//	go test ./metrics -run '^$' -bench Million -benchtime 5x
func BenchmarkCompute_Million(b *testing.B) {
	sqlite3, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Skip("the sqlite3 shell is not installed")
	}
	dir := benchPartnership(b)
	db := filepath.Join(dir, sqlite.DBFile)

	base, _, err := bestOf(5, func() *exec.Cmd { return exec.Command(sqlite3, "-readonly", db, benchBaseline) })
	if err != nil {
		b.Fatal(err)
	}
	// A separate process computing the metrics once, for a fair comparison
	// with the shell (both open the database cold) and a true peak memory.
	proc, out, err := bestOf(3, func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestBenchHelperProcess$", "-test.count=1")
		cmd.Env = append(os.Environ(), "IMPACT_BENCH_DIR="+dir)
		return cmd
	})
	if err != nil {
		b.Fatal(err)
	}
	var peak float64
	if i := strings.Index(out, "peak-kB "); i >= 0 {
		kb, _ := strconv.Atoi(strings.Fields(out[i+len("peak-kB "):])[0])
		peak = float64(kb) / 1024
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := computeBench(dir)
		if err != nil {
			b.Fatal(err)
		}
		if r.Reach.Participants.N == 0 {
			b.Fatal("no participants")
		}
	}
	b.StopTimer()
	perOp := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(base.Seconds(), "sqlite3-s")
	b.ReportMetric(perOp.Seconds()/base.Seconds(), "x-sqlite3")
	b.ReportMetric(proc.Seconds(), "process-s")
	b.ReportMetric(proc.Seconds()/base.Seconds(), "process-x-sqlite3")
	b.ReportMetric(peak, "process-peak-MB")
}
