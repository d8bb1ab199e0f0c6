package reports_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/reports"
	"github.com/schoolstogether/impact/toc"
)

func TestEChartsEmbedded(t *testing.T) {
	// The version go-echarts v2.6.7 is written for, pinned for npm ci.
	const version = "5.6.0"
	t.Run("Pinned", func(t *testing.T) {
		var pkg struct{ Dependencies map[string]string }
		var lock struct {
			Packages map[string]struct{ Version string }
		}
		for path, v := range map[string]any{"../package.json": &pkg, "../package-lock.json": &lock} {
			if err := json.Unmarshal(mustRead(t, path), v); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
		}
		if got := pkg.Dependencies["echarts"]; got != version {
			t.Errorf("package.json pins echarts %q, want exactly %q", got, version)
		}
		if got := lock.Packages["node_modules/echarts"].Version; got != version {
			t.Errorf("package-lock.json locks echarts %q, want %q", got, version)
		}
	})

	disk, err := os.ReadFile("assets/echarts.min.js")
	switch {
	case err == nil:
		t.Run("Inlined", func(t *testing.T) {
			// make assets copied the library before the build, so the
			// binary must carry it, whole, in every report.
			if !reports.EChartsEmbedded() {
				t.Fatal("assets/echarts.min.js is on disk but not embedded")
			}
			if !bytes.Contains(disk, []byte(`version="`+version+`"`)) {
				t.Errorf("assets/echarts.min.js is not echarts %s", version)
			}
			if len(disk) < 1_000_000 {
				t.Errorf("assets/echarts.min.js is %d bytes: not the minified library", len(disk))
			}
			page := write(t, smallInput(t, toc.Director))
			if !strings.Contains(page, "<script>"+string(disk)+"</script>") {
				t.Errorf("the report does not inline assets/echarts.min.js whole")
			}
			if strings.Contains(page, "<script src=") || strings.Contains(page, "class=\"banner\" role=\"alert\"") {
				t.Errorf("an offline report loads a script or warns that it cannot")
			}
			if !bytes.Equal(reports.ECharts(), disk) {
				t.Error("ECharts() is not the embedded library")
			}
		})
		t.Run("LibraryURL", func(t *testing.T) {
			// A page the web app serves loads the library from the app.
			in := smallInput(t, toc.Director)
			in.LibraryURL = "/static/lib/echarts-0123456789abcdef.js"
			page := write(t, in)
			if strings.Contains(page, string(disk[:200])) {
				t.Error("a page with a LibraryURL still carries the library inline")
			}
			if !strings.Contains(page, `<script src="/static/lib/echarts-0123456789abcdef.js"></script>`) {
				t.Error("a page with a LibraryURL does not load it")
			}
			if strings.Contains(page, "class=\"banner\" role=\"alert\"") {
				t.Error("a page served with the app's own library warns that it needs the internet")
			}
		})
	case os.Getenv("CI") == "true":
		t.Fatalf("CI must build with the real echarts: run make assets first (%v)", err)
	default:
		t.Run("Placeholder", func(t *testing.T) {
			// A plain go build without make assets: the report says so and
			// loads echarts from the network.
			if reports.EChartsEmbedded() {
				t.Fatal("no assets/echarts.min.js on disk, yet echarts is embedded")
			}
			page := write(t, smallInput(t, toc.Director))
			if !strings.Contains(page, "This report needs an internet connection for its charts.") {
				t.Errorf("no banner in a report without the inlined library")
			}
			if !strings.Contains(page, `<script src="https://go-echarts.github.io/go-echarts-assets/assets/echarts.min.js">`) {
				t.Errorf("a report without the inlined library does not load it")
			}
		})
	}
}
