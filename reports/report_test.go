package reports_test

import (
	"bytes"
	"flag"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/metrics"
	"github.com/schoolstogether/impact/reports"
	"github.com/schoolstogether/impact/toc"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// write renders a report and fails the test on error.
func write(t *testing.T, in reports.Input) string {
	t.Helper()
	var b bytes.Buffer
	if err := reports.Write(&b, in); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return b.String()
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -run %s -update to write it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("outline differs from %s (-update rewrites it):\n%s", path, lineDiff(string(want), got))
	}
}

// lineDiff shows the lines of want and got that differ, in order.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %s\n  got  %s\n", i+1, wl, gl)
		}
	}
	return b.String()
}

func TestWrite(t *testing.T) {
	t.Run("GoldenDirector", func(t *testing.T) {
		golden(t, "small-director.golden", outline(write(t, smallInput(t, toc.Director))))
	})
	t.Run("GoldenFunder", func(t *testing.T) {
		golden(t, "small-funder.golden", outline(write(t, smallInput(t, toc.Funder))))
	})
	// The demo with its descriptions, notes and case study (DESIGN §14):
	// the director's report holds every note, the funder's the shared ones.
	t.Run("GoldenDemoDirector", func(t *testing.T) {
		golden(t, "demo-director.golden", outline(write(t, demoInput(t, toc.Director))))
	})
	t.Run("GoldenDemoFunder", func(t *testing.T) {
		golden(t, "demo-funder.golden", outline(write(t, demoInput(t, toc.Funder))))
	})

	t.Run("Figures", func(t *testing.T) {
		page := write(t, smallInput(t, toc.Director))
		shown := html.UnescapeString(page)
		// Worked by hand from testdata/partnerships/small and its
		// expected-metrics.json:
		for _, want := range []string{
			`<p class="card-value">51</p>`,                     // 51 distinct participants
			`in 4 schools, through 3 activities`,               // wsh, kfs, hcs, rgs; all three have pupils
			`<p class="card-value">48.6%</p>`,                  // 17 disadvantaged / 35 known = 0.4857
			`against 13.6% in their schools`,                   // (1300×9.5 + 210×31 + 180×22.5) / 1690 % = 13.56%
			`<p class="card-value">0 of 3</p>`,                 // all three KPIs behind
			`<p class="card-value">£9,200</p>`,                 // 5,000 + 3,000 + 1,200
			`from 3 sources`,                                   // Local foundation, DfE grant, Rotary Club
			`<p class="card-value">2</p>`,                      // win-win: scitt (3,4), reading-buddies (4,4)
			`<td class="n">62.5%</td><td class="n">66.7%</td>`, // trainees: (17−12)/(20−12); 2 of 3 years
			`<td class="n">0.63</td><td class="n">−0.27 to 1.52</td><td class="n">+8 months</td>`, // scitt g 0.6256 ± 1.96×0.4580
			`<td class="n">1.04</td><td class="n">0.48 to 1.59</td><td class="n">+12 months</td>`, // reading-buddies g 1.0388
			`<td class="n">£800</td>`,  // scitt: £8,000 / 10 participants
			`<td class="n">£100</td>`,  // reading-buddies: £1,200 / 12 participants
			`<td class="n">2.31×</td>`, // reading-buddies targeting ratio 2.3082
			`j-smith`,                  // a director sees who leads
			// Reading buddies for whom (pre-post, d = mean(post − pre) / s_pre,
			// g = (1 − 3/(4(n−1) − 1))·d): the disadvantaged 2000–2004, gains
			// 6.6 on average over s_pre 5.0299 → d 1.3122, g 0.8 × 1.3122 =
			// 1.05; the others 2005–2007, gains 4.3333 on average over s_pre 5.5678 →
			// d 0.7783, g 0.5714 × 0.7783 = 0.44.
			`<tr class="subgroup"><th scope="row">Disadvantaged pupils</th><td></td><td></td><td class="n">5</td><td class="n">1.05</td>`,
			`<tr class="subgroup"><th scope="row">Other pupils</th><td></td><td></td><td class="n">3</td><td class="n">0.44</td>`,
		} {
			if !strings.Contains(shown, want) {
				t.Errorf("the report lacks %s", want)
			}
		}
		reach := options(t, page)["chart_reach"]
		// 2022/23: 8 pupils, 5 disadvantaged; 2023/24: 32 and 16; 2024/25: 24 and 10.
		got := series(t, reach, 1)
		for i, want := range []float64{5, 16, 10} {
			if v := got[i].(map[string]any)["value"]; v != want {
				t.Errorf("disadvantaged bar %d = %v, want %v", i, v, want)
			}
		}
	})

	t.Run("FunderSeesNoSmallCountsOrNames", func(t *testing.T) {
		in := smallInput(t, toc.Funder)
		page := write(t, in)
		// 2022/23 had 5 disadvantaged participants: below min_cell 6.
		if !strings.Contains(page, `<th scope="row">2022/23</th><td class="n">8</td><td class="n">&lt;6</td>`) {
			t.Errorf("the funder's reach table does not show 2022/23's 5 disadvantaged pupils as <6")
		}
		bar := series(t, options(t, page)["chart_reach"], 1)[0].(map[string]any)["value"]
		if bar != "-" {
			t.Errorf("suppressed bar = %v, want none (\"-\")", bar)
		}
		for _, lead := range []string{"j-smith", "a-patel", "m-jones"} {
			if strings.Contains(page, lead) {
				t.Errorf("a funder's report names the lead %s", lead)
			}
		}
		if !strings.Contains(page, "2 leads") {
			t.Errorf("a funder's report should count leads instead of naming them")
		}
	})

	t.Run("ScopedToOneActivity", func(t *testing.T) {
		in := smallInput(t, toc.Director)
		res := *in.Result
		res.Activities = res.Activities[:1] // as metrics scopes --activity scitt
		res.KPIs = res.KPIs[:1]
		in.Result = &res
		page := write(t, in)
		if !strings.Contains(html.UnescapeString(page), "1 of the partnership's 3 activities") {
			t.Errorf("the stamp does not say the report is scoped")
		}
		if strings.Contains(page, "Activity careers-fair") || strings.Contains(page, "KPI careers-encounters") {
			t.Errorf("a report scoped to scitt shows other activities or KPIs")
		}
	})

	t.Run("FlowsTwoSided", func(t *testing.T) {
		// The demo has schools that both run and receive activities: each is
		// a node on both sides, and every band runs from the left (depth 0)
		// to the right (depth 1), so reciprocal pairs make no cycle.
		flows := options(t, write(t, demoInput(t, toc.Director)))["chart_flows"]
		ss := flows["series"].([]any)[0].(map[string]any)
		depth := map[string]float64{}
		names := map[string]int{}
		for _, n := range ss["data"].([]any) {
			m := n.(map[string]any)
			depth[m["id"].(string)] = m["depth"].(float64)
			names[m["name"].(string)]++
		}
		both := 0
		for _, n := range names {
			if n == 2 {
				both++
			}
		}
		if both == 0 {
			t.Errorf("no school is on both sides of the demo's flows")
		}
		for _, l := range ss["links"].([]any) {
			m := l.(map[string]any)
			from, to := m["source"].(string), m["target"].(string)
			if d1, ok1 := depth[from]; !ok1 || d1 != 0 {
				t.Errorf("band from %q, not a left-hand node", from)
			}
			if d2, ok2 := depth[to]; !ok2 || d2 != 1 {
				t.Errorf("band to %q, not a right-hand node", to)
			}
		}
	})

	t.Run("NoData", func(t *testing.T) {
		in := computed(t, nil, mustRead(t, "../testdata/partnerships/small/toc.yaml"), toc.Director)
		page := write(t, in)
		// The 8 others include who the work rests on, drawn from the leads of toc.yaml.
		if n := len(options(t, page)); n != 11 {
			t.Errorf("%d charts, want 11 (3 KPIs and 8 others) even with no data", n)
		}
		if !strings.Contains(page, "No effect size can be drawn yet") {
			t.Errorf("an empty forest plot is not explained")
		}
	})
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWrite_Errors(t *testing.T) {
	good := smallInput(t, toc.Director)
	funderRes := metrics.ForFunder(good.Result, 6)
	for _, c := range []struct {
		name string
		in   reports.Input
		want string
	}{
		{"NoToC", reports.Input{Result: good.Result}, "no theory of change"},
		{"NoMetrics", reports.Input{ToC: good.ToC}, "no metrics"},
		{"FunderStampOnDirectorNumbers", reports.Input{ToC: good.ToC, Result: good.Result, Stamp: reports.Stamp{Audience: toc.Funder}},
			"a funder report needs metrics computed for a funder"},
		{"DirectorStampOnFunderNumbers", reports.Input{ToC: good.ToC, Result: funderRes, Stamp: reports.Stamp{Audience: toc.Director}},
			"a director report needs metrics computed for a director"},
		{"UnknownAudience", reports.Input{ToC: good.ToC, Result: good.Result, Stamp: reports.Stamp{Audience: "public"}}, `unknown audience "public"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			err := reports.Write(&b, c.in)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Write: %v, want an error saying %q", err, c.want)
			}
			if b.Len() != 0 {
				t.Errorf("Write wrote %d bytes before failing", b.Len())
			}
		})
	}
}
