package rules_test

import (
	"fmt"
	"testing"

	"github.com/expr-lang/expr"
	"github.com/schoolstogether/impact/engine/rules"
	"github.com/schoolstogether/impact/toc"
)

// benchPartnership has n activities cycling through the nine pairs of
// certainty and participation, with leads, partners and funding so that
// building each environment does real work.
func benchPartnership(n int) *toc.Partnership {
	levels := []toc.Level{toc.High, toc.Medium, toc.Low}
	p := &toc.Partnership{File: "toc.yaml"}
	for i := range n {
		p.Activities = append(p.Activities, toc.Activity{
			ID:            fmt.Sprintf("a%05d", i),
			Certainty:     levels[i/3%3],
			Participation: levels[2-i%3],
			Partners:      []string{"wsh", "kfs"},
			Leads:         []string{"j-smith"},
			Started:       toc.Period(2015 + i%10),
			Funding:       []toc.Funding{{Source: "Trust", Period: 2023, Amount: float64(i % 5000)}},
		})
	}
	return p
}

// BenchmarkRules_Plan plans 10,000 activities with the built-in rules,
// compiled once, against compiling each rule every time it is evaluated.
// A rule is evaluated until one matches, so the evaluations of a plan are
// the sum of the matching rules' numbers.
//
//	go test ./engine -run '^$' -bench BenchmarkRules_Plan -benchtime 3s -count 3
func BenchmarkRules_Plan(b *testing.B) {
	p := benchPartnership(10000)
	compiled, err := rules.Compile(p)
	if err != nil {
		b.Fatal(err)
	}
	choices, err := compiled.Plan(p, asOf)
	if err != nil {
		b.Fatal(err)
	}
	evals := 0
	for _, c := range choices {
		evals += c.Rule
	}
	report := func(b *testing.B) {
		s := b.Elapsed().Seconds()
		b.ReportMetric(float64(evals)*float64(b.N)/s, "evals/s")
		b.ReportMetric(float64(len(p.Activities))*float64(b.N)/s, "activities/s")
		b.ReportMetric(0, "ns/op") // per plan of 10,000: the rates above say it better
	}

	b.Run("Compiled", func(b *testing.B) {
		for b.Loop() {
			if _, err := compiled.Plan(p, asOf); err != nil {
				b.Fatal(err)
			}
		}
		report(b)
	})
	b.Run("CompileEachEvaluation", func(b *testing.B) {
		for b.Loop() {
			for i := range p.Activities {
				env := rules.NewEnv(&p.Activities[i], asOf)
				for _, r := range toc.BuiltinRules {
					prog, err := expr.Compile(r.When, expr.Env(rules.Env{}), expr.AsBool())
					if err != nil {
						b.Fatal(err)
					}
					out, err := expr.Run(prog, env)
					if err != nil {
						b.Fatal(err)
					}
					if out.(bool) {
						break
					}
				}
			}
		}
		report(b)
	})
}
