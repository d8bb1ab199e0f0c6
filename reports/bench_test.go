package reports_test

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/components"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/schoolstogether/impact/reports"
	"github.com/schoolstogether/impact/toc"
)

// BenchmarkWrite times the demo partnership's report (60 activities, 104
// schools, 21 charts) and the small example's; bytes/report is its size.
func BenchmarkWrite(b *testing.B) {
	for _, c := range []struct {
		name string
		in   func(testing.TB, toc.Audience) reports.Input
	}{{"Demo", demoInput}, {"Small", smallInput}} {
		b.Run(c.name, func(b *testing.B) {
			in := c.in(b, toc.Director)
			var size int
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				var buf bytes.Buffer
				if err := reports.Write(&buf, in); err != nil {
					b.Fatal(err)
				}
				size = buf.Len()
			}
			b.ReportMetric(float64(size), "bytes/report")
		})
	}
}

// BenchmarkGoEchartsPage is the reference: go-echarts' own Page with as
// many charts, echarts inlined through AddCustomizedHeaders (go-echarts
// then runs its __f__ regexp over the whole megabyte), and the same page
// loading echarts by URL.
func BenchmarkGoEchartsPage(b *testing.B) {
	js, err := os.ReadFile("assets/echarts.min.js")
	if err != nil {
		b.Skip("no assets/echarts.min.js: run make assets")
	}
	page := func(inline bool) *components.Page {
		p := components.NewPage()
		if inline {
			p.AddCustomizedHeaders("<script>" + string(js) + "</script>")
		}
		for i := 0; i < 21; i++ {
			bar := charts.NewBar()
			bar.SetXAxis([]string{"2021/22", "2022/23", "2023/24", "2024/25"}).
				AddSeries("pupils", []opts.BarData{{Value: 7124}, {Value: 7877}, {Value: 7858}, {Value: 7802}})
			p.AddCharts(bar)
		}
		return p
	}
	for _, c := range []struct {
		name   string
		inline bool
	}{{"Inlined", true}, {"ByURL", false}} {
		b.Run(c.name, func(b *testing.B) {
			p := page(c.inline)
			b.ReportAllocs()
			for b.Loop() {
				if err := p.Render(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
