package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The attacker of DESIGN §13: it reads a funder's whole output (impact
// metrics --json --audience funder, from which the report, the web pages
// and the API are all drawn) and tries what a funder could: totals minus
// parts, the bounds distinct counts obey (a total at least its largest
// part, at most the sum of its parts), the same figure in two tables, and
// chains of these, until nothing narrows. It knows which relations hold in
// the true data (it reads the director's view too), as a funder who knows
// how impact counts would. It is written apart from metrics' own
// protection, over the JSON, so that a relation the protection forgot is
// one the attacker still tries.

// attackCell is one count of the funder's output: its path in the JSON,
// what it shows and its true value.
type attackCell struct {
	path   string
	shown  string // "12", "<6" or "c"
	truth  int
	lo, hi float64
}

type attackRel struct {
	op    string // "sum": total = Σ parts; "max": total ≥ each part; "le-sum": total ≤ Σ parts; "ge-sum": total ≥ Σ parts
	total string
	parts []string
}

type attacker struct {
	minCell int
	cells   map[string]*attackCell
	rels    []attackRel
}

// newAttacker reads the funder's and the director's JSON of one view.
func newAttacker(t *testing.T, funderJSON, directorJSON string, minCell int) *attacker {
	t.Helper()
	var f, d map[string]any
	if err := json.Unmarshal([]byte(funderJSON), &f); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(directorJSON), &d); err != nil {
		t.Fatal(err)
	}
	a := &attacker{minCell: minCell, cells: map[string]*attackCell{}}
	a.walk(t, f, d, "")
	a.relate(f)
	return a
}

// countKeys are the JSON keys that hold counts of people.
var countKeys = map[string]bool{"participants": true, "disadvantaged": true, "known": true, "n_intervention": true, "n_comparison": true}

func (a *attacker) walk(t *testing.T, f, d any, path string) {
	switch fv := f.(type) {
	case map[string]any:
		dv, _ := d.(map[string]any)
		for k, v := range fv {
			p := path + "." + k
			if countKeys[k] {
				switch v.(type) {
				case float64, string:
					truth, ok := dv[k].(float64)
					if !ok {
						t.Fatalf("%s: the director's view has %v", p, dv[k])
					}
					c := &attackCell{path: p, truth: int(truth)}
					switch s := v.(type) {
					case float64:
						c.shown, c.lo, c.hi = strconv.Itoa(int(s)), s, s
					case string:
						c.shown = s
						if s == "c" {
							c.lo, c.hi = 0, math.Inf(1)
						} else {
							c.lo, c.hi = 1, float64(a.minCell-1)
						}
					}
					a.cells[p] = c
					continue
				}
			}
			a.walk(t, v, dv[k], p)
		}
	case []any:
		dv, _ := d.([]any)
		for i, v := range fv {
			var di any
			if i < len(dv) {
				di = dv[i]
			}
			a.walk(t, v, di, fmt.Sprintf("%s[%d]", path, i))
		}
	}
}

// relate lists what a funder can rely on, from the shape of the output.
func (a *attacker) relate(f map[string]any) {
	rel := func(op, total string, parts ...string) { a.rels = append(a.rels, attackRel{op, total, parts}) }
	trio := func(p string) { // disadvantaged ≤ known ≤ participants
		rel("max", p+".known", p+".disadvantaged")
		rel("max", p+".participants", p+".known")
	}
	breakdowns := func(b map[string]any, bp, scope string) {
		for c, v := range b {
			groups, _ := v.([]any)
			var parts []string
			for i, g := range groups {
				gp := fmt.Sprintf("%s.%s[%d].participants", bp, c, i)
				parts = append(parts, gp)
				if c == "disadvantaged" && g.(map[string]any)["group"] == "yes" {
					rel("sum", scope+".disadvantaged", gp)
				}
			}
			rel("sum", scope+".participants", parts...)
			if c == "disadvantaged" {
				var known []string
				for i, g := range groups {
					if g.(map[string]any)["group"] != "unknown" {
						known = append(known, fmt.Sprintf("%s.%s[%d].participants", bp, c, i))
					}
				}
				rel("sum", scope+".known", known...)
			}
		}
	}
	distinct := func(total string, parts []string) {
		rel("max", total, parts...)
		rel("le-sum", total, parts...)
	}
	trio(".reach")
	if b, ok := f["breakdowns"].(map[string]any); ok {
		breakdowns(b, ".breakdowns", ".reach")
	}
	byPeriod, _ := f["reach"].(map[string]any)["by_period"].([]any)
	acts, _ := f["activities"].([]any)
	schools, _ := f["schools"].([]any)
	for _, k := range []string{"participants", "disadvantaged", "known"} {
		var periods, activities []string
		for i := range byPeriod {
			periods = append(periods, fmt.Sprintf(".reach.by_period[%d].%s", i, k))
		}
		for i := range acts {
			activities = append(activities, fmt.Sprintf(".activities[%d].%s", i, k))
		}
		distinct(".reach."+k, periods)
		distinct(".reach."+k, activities)
	}
	for i := range byPeriod {
		trio(fmt.Sprintf(".reach.by_period[%d]", i))
	}
	groupParts := map[string][]string{}
	for i, av := range acts {
		ap := fmt.Sprintf(".activities[%d]", i)
		act := av.(map[string]any)
		trio(ap)
		if b, ok := act["breakdowns"].(map[string]any); ok {
			breakdowns(b, ap+".breakdowns", ap)
			for c, v := range b {
				for j, g := range v.([]any) {
					key := c + "/" + fmt.Sprint(g.(map[string]any)["group"])
					groupParts[key] = append(groupParts[key], fmt.Sprintf("%s.breakdowns.%s[%d].participants", ap, c, j))
				}
			}
		}
		effects, _ := act["effect_sizes"].([]any)
		for j, ev := range effects {
			ep := fmt.Sprintf("%s.effect_sizes[%d]", ap, j)
			rel("max", ap+".participants", ep+".n_intervention")
			subs, _ := ev.(map[string]any)["subgroups"].([]any)
			var si, sc []string
			for k, sv := range subs {
				sp := fmt.Sprintf("%s.subgroups[%d]", ep, k)
				si, sc = append(si, sp+".n_intervention"), append(sc, sp+".n_comparison")
				if sv.(map[string]any)["group"] == "disadvantaged" {
					rel("max", ap+".disadvantaged", sp+".n_intervention")
				}
			}
			if len(subs) > 0 {
				rel("ge-sum", ep+".n_intervention", si...)
				rel("ge-sum", ep+".n_comparison", sc...)
			}
		}
	}
	if b, ok := f["breakdowns"].(map[string]any); ok {
		for c, v := range b {
			for j, g := range v.([]any) {
				distinct(fmt.Sprintf(".breakdowns.%s[%d].participants", c, j), groupParts[c+"/"+fmt.Sprint(g.(map[string]any)["group"])])
			}
		}
	}
	var sp []string
	for i := range schools {
		sp = append(sp, fmt.Sprintf(".schools[%d].participants", i))
	}
	distinct(".reach.participants", sp)

	// Keep only what the true numbers obey, and only over cells present.
	kept := a.rels[:0]
	for _, r := range a.rels {
		if a.holds(r) {
			kept = append(kept, r)
		}
	}
	a.rels = kept
}

func (a *attacker) holds(r attackRel) bool {
	t, ok := a.cells[r.total]
	if !ok || len(r.parts) == 0 {
		return false
	}
	sum, largest := 0, 0
	for _, p := range r.parts {
		c, ok := a.cells[p]
		if !ok {
			return false
		}
		sum += c.truth
		largest = max(largest, c.truth)
	}
	switch r.op {
	case "sum":
		return t.truth == sum
	case "max":
		return largest <= t.truth
	case "le-sum":
		return t.truth <= sum
	default:
		return sum <= t.truth
	}
}

// attack narrows every cell until nothing changes, and returns the cells
// shown as "<N" that it narrowed to fewer than two values, with how.
func (a *attacker) attack() []string {
	for range 500 {
		changed := false
		tighten := func(c *attackCell, lo, hi float64) {
			lo, hi = math.Ceil(lo-1e-9), math.Floor(hi+1e-9)
			if lo > c.lo {
				c.lo, changed = lo, true
			}
			if hi < c.hi {
				c.hi, changed = hi, true
			}
		}
		for _, r := range a.rels {
			t := a.cells[r.total]
			var parts []*attackCell
			sumLo, sumHi := 0.0, 0.0
			for _, p := range r.parts {
				c := a.cells[p]
				parts = append(parts, c)
				sumLo += c.lo
				sumHi += c.hi
			}
			others := func(c *attackCell) (lo, hi float64) {
				lo = sumLo - c.lo
				if math.IsInf(c.hi, 1) {
					hi = 0
					for _, o := range parts {
						if o != c {
							hi += o.hi
						}
					}
				} else {
					hi = sumHi - c.hi
				}
				return lo, hi
			}
			switch r.op {
			case "sum": // the total minus the other parts
				tighten(t, sumLo, sumHi)
				for _, c := range parts {
					lo, hi := others(c)
					tighten(c, t.lo-hi, t.hi-lo)
				}
			case "max":
				for _, c := range parts {
					tighten(t, c.lo, math.Inf(1))
					tighten(c, 0, t.hi)
				}
			case "le-sum": // total ≤ Σ parts: a part is at least the total minus the others
				tighten(t, 0, sumHi)
				for _, c := range parts {
					_, hi := others(c)
					tighten(c, t.lo-hi, math.Inf(1))
				}
			case "ge-sum":
				tighten(t, sumLo, math.Inf(1))
				for _, c := range parts {
					lo, _ := others(c)
					tighten(c, 0, t.hi-lo)
				}
			}
		}
		if !changed {
			break
		}
	}
	var leaks []string
	for _, c := range a.cells {
		if !strings.HasPrefix(c.shown, "<") {
			continue
		}
		lo, hi := math.Max(c.lo, 1), math.Min(c.hi, float64(a.minCell-1))
		if hi-lo < 1 {
			leaks = append(leaks, fmt.Sprintf("%s shown %s, worked out as %v..%v (truly %d)", c.path, c.shown, lo, hi, c.truth))
		}
	}
	sort.Strings(leaks)
	return leaks
}

// primaryOnly is the funder's view as round 1 made it: the director's
// counts from 1 to minCell−1 written "<minCell", nothing more hidden.
func primaryOnly(directorJSON string, minCell int) string {
	re := regexp.MustCompile(`"(participants|disadvantaged|known|n_intervention|n_comparison)": *(\d+)`)
	return re.ReplaceAllStringFunc(directorJSON, func(m string) string {
		sub := re.FindStringSubmatch(m)
		n, _ := strconv.Atoi(sub[2])
		if n >= 1 && n < minCell {
			return fmt.Sprintf(`"%s":"<%d"`, sub[1], minCell)
		}
		return m
	})
}

// leakyFolder is a partnership built to leak, from its participation CSV.
func leakyFolder(t *testing.T, participation string) string {
	t.Helper()
	dir := t.TempDir()
	toc := `partnership: Leaky
schools:
  - {id: a, name: A, phase: primary, pupils: 200, disadvantaged_pct: 30}
  - {id: b, name: B, phase: primary, pupils: 200, disadvantaged_pct: 20}
  - {id: c, name: C, phase: secondary, pupils: 900, disadvantaged_pct: 15}
objectives:
  - id: o
    title: O
    outcomes:
      - id: oc
        title: OC
        kpis:
          - {id: k, title: K, direction: increase, baseline: {period: 2022/23, value: 1}, target: {period: 2025/26, value: 2}}
activities:
  - {id: big, title: Big, kpis: [k], certainty: low, participation: high, provider: c, partners: [a, b], started: 2022/23, internal_impact: 1, external_impact: 4}
  - {id: small, title: Small, kpis: [k], certainty: low, participation: high, provider: c, partners: [a, b], started: 2022/23, internal_impact: 1, external_impact: 4}
  - {id: tiny, title: Tiny, kpis: [k], certainty: low, participation: high, provider: c, partners: [a, b], started: 2022/23, internal_impact: 1, external_impact: 4}
privacy:
  min_cell: 6
`
	if err := os.WriteFile(filepath.Join(dir, "toc.yaml"), []byte(toc), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "participation.csv")
	if err := os.WriteFile(path, []byte(participation), 0o644); err != nil {
		t.Fatal(err)
	}
	storeRun(t, dir, false, "import", path).want(t, exitOK)
	return dir
}

// rows writes n participation rows of one activity, period and school,
// pupils numbered from first, flagged as given.
func rows(activity, date, school, flag string, first, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%s,%s,P%05d,%s,%s\n", activity, date, first+i, school, flag)
	}
	return b.String()
}

// TestApp_FunderCannotWorkOutHiddenCounts runs the attacker over funders'
// views of partnerships built to leak, the worked example and the demo:
// on round 1's suppression it finds the leaks, on today's it finds none.
func TestApp_FunderCannotWorkOutHiddenCounts(t *testing.T) {
	const header = "activity,date,participant,school,disadvantaged\n"
	type leakCase struct {
		name   string
		dir    func(t *testing.T) string
		args   []string
		minC   int
		leaked bool // round 1's view leaks
	}
	cases := []leakCase{
		// Disjoint activities: 14 disadvantaged in big, 5 in small, total
		// 19 — 19 − 14 = 5, as the issue found for scitt and phonics.
		{"DisjointActivities", func(t *testing.T) string {
			return leakyFolder(t, header+rows("big", "2024-10-01", "a", "yes", 0, 14)+rows("big", "2024-10-01", "b", "no", 100, 20)+
				rows("small", "2024-10-02", "a", "yes", 200, 5)+rows("small", "2024-10-02", "b", "no", 300, 7))
		}, nil, 6, true},
		// Reach 55: 50 in 2023/24, 5 in 2022/23 — a distinct count is at
		// most the sum of its parts, so 2022/23 ≥ 5, and "<6" makes it 5.
		{"OnePeriodSmall", func(t *testing.T) string {
			return leakyFolder(t, header+rows("big", "2023-10-01", "a", "no", 0, 50)+rows("big", "2022-10-01", "b", "no", 100, 5))
		}, nil, 6, true},
		// A breakdown with one small group: 9 pupils, 4 girls hidden, 5 boys
		// hidden, sex known for all: yet unknown 0 and total 9 force 4 or 5
		// — and with disadvantaged yes 2 of a visible 9 known, no = 7.
		{"SmallGroup", func(t *testing.T) string {
			return leakyFolder(t, header+rows("big", "2024-10-01", "a", "yes", 0, 2)+rows("big", "2024-10-01", "b", "no", 100, 30)+
				rows("tiny", "2024-10-03", "b", "no", 400, 3))
		}, nil, 6, true},
		{"SmallExample", func(t *testing.T) string {
			dir := t.TempDir()
			for _, f := range []string{"toc.yaml", "participation.csv", "outcomes.csv", "kpis.csv"} {
				b, err := os.ReadFile(filepath.Join("../../testdata/partnerships/small", f))
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(filepath.Join(dir, f), b, 0o644)
			}
			storeRun(t, dir, false, "import", filepath.Join(dir, "participation.csv"), filepath.Join(dir, "outcomes.csv"), filepath.Join(dir, "kpis.csv")).want(t, exitOK)
			return dir
		}, nil, 6, true},
	}
	demo := func(t *testing.T) string {
		dir := filepath.Join(t.TempDir(), "demo")
		runCLI(t, demoEnv, "demo", "--out", dir).want(t, exitOK)
		return dir
	}
	cases = append(cases,
		leakCase{"Demo", demo, nil, 6, true},
		leakCase{"DemoScoped", demo, []string{"--activity", "scitt", "--activity", "phonics-catch-up-2"}, 6, true})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := c.dir(t)
			env := demoEnv
			metricsJSON := func(audience string) string {
				args := append([]string{"metrics", "--json", "--audience", audience, "--dir", dir}, c.args...)
				return runCLI(t, env, args...).want(t, exitOK).stdout
			}
			director, funder := metricsJSON("director"), metricsJSON("funder")
			if leaks := newAttacker(t, funder, director, c.minC).attack(); len(leaks) > 0 {
				t.Errorf("a funder can work out %d hidden counts:\n%s", len(leaks), strings.Join(leaks, "\n"))
			}
			old := newAttacker(t, primaryOnly(director, c.minC), director, c.minC).attack()
			t.Logf("round 1 view: %d leaks, e.g. %v; today: %d counts hidden as c, %d as <N", len(old), first(old), strings.Count(funder, `"c"`), strings.Count(funder, `"<`))
			if c.leaked && len(old) == 0 {
				t.Errorf("the attacker finds nothing in round 1's view, which leaks")
			}
		})
	}
}

func first(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return s[0]
}
