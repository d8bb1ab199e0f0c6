package metrics_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/rules"
	"github.com/schoolstogether/impact/engine/sqlite"
	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/toc"
)

// today fixes the current academic year (2024/25) of the tests.
var today = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

// importPartnership imports CSVs of folder src into a new store in a
// temporary folder, against src's toc.yaml (or importToC when given), and
// returns the store with the plan of src's toc.yaml.
func importPartnership(t testing.TB, src, importToC string, imports ...[]string) (*sqlite.Store, *toc.Plan) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.Open(dir)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if importToC == "" {
		importToC = "toc.yaml"
	}
	imp, err := rules.Load(filepath.Join(src, importToC), 2024)
	if err != nil {
		t.Fatalf("load %s: %v", importToC, err)
	}
	for _, names := range imports {
		var files []engine.ImportFile
		for _, n := range names {
			files = append(files, engine.ImportPath(filepath.Join(src, n)))
		}
		if _, err := st.Import(ctx, imp.ToC, files, engine.ImportOptions{Who: "test"}); err != nil {
			t.Fatalf("import %v: %v", names, err)
		}
	}
	plan, err := rules.Load(filepath.Join(src, "toc.yaml"), 2024)
	if err != nil {
		t.Fatalf("load toc.yaml: %v", err)
	}
	return st, plan
}

// compute computes the metrics from one snapshot of the store, as the
// command line does.
func compute(ctx context.Context, st engine.Store, plan *toc.Plan, opts metrics.Options) (*metrics.Result, error) {
	snap, err := st.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	return metrics.Compute(ctx, snap, plan, opts)
}

func marshal(t testing.TB, r *metrics.Result) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sameJSON reports where got differs from want: every key of want must be
// in got with an equal value, numbers within 1e-9 (relative above 1); got
// may have more keys.
func sameJSON(path string, got, want any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: got %v, want an object", path, got)}
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out []string
		for _, k := range keys {
			gv, ok := g[k]
			if !ok {
				out = append(out, fmt.Sprintf("%s.%s: missing", path, k))
				continue
			}
			out = append(out, sameJSON(path+"."+k, gv, w[k])...)
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s: got %v, want %d elements", path, got, len(w))}
		}
		var out []string
		for i := range w {
			out = append(out, sameJSON(fmt.Sprintf("%s[%d]", path, i), g[i], w[i])...)
		}
		return out
	case float64:
		g, ok := got.(float64)
		if !ok || math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
			return []string{fmt.Sprintf("%s: got %v, want %v", path, got, w)}
		}
		return nil
	default:
		if got != want {
			return []string{fmt.Sprintf("%s: got %v, want %v", path, got, want)}
		}
		return nil
	}
}

func decode(t testing.TB, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return v
}

func TestCompute(t *testing.T) {
	ctx := context.Background()
	t.Run("SmallWorkedExample", func(t *testing.T) {
		// DESIGN §7's worked example: expected-metrics.json was computed from
		// the contract by separate code.
		src := "../testdata/partnerships/small"
		st, plan := importPartnership(t, src, "", []string{"participation.csv", "outcomes.csv", "kpis.csv"})
		r, err := compute(ctx, st, plan, metrics.Options{Today: today})
		if err != nil {
			t.Fatalf("Compute: %v", err)
		}
		want, err := os.ReadFile(filepath.Join(src, "expected-metrics.json"))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range sameJSON("", decode(t, marshal(t, r)), decode(t, want)) {
			t.Error(d)
		}
	})
}
