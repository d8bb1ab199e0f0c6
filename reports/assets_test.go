package reports_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/reports"
	"github.com/schoolstogether/impact/toc"
)

func TestECharts(t *testing.T) {
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

	disk := mustRead(t, "assets/echarts.min.js")
	t.Run("Committed", func(t *testing.T) {
		// The committed copy is the pinned release (make assets checks it
		// byte for byte against npm's), with its licence and notice.
		if !bytes.Contains(disk, []byte(`version="`+version+`"`)) {
			t.Errorf("assets/echarts.min.js is not echarts %s", version)
		}
		if len(disk) < 1_000_000 {
			t.Errorf("assets/echarts.min.js is %d bytes: not the minified library", len(disk))
		}
		if !bytes.Contains(mustRead(t, "assets/LICENSE"), []byte("Apache License")) {
			t.Error("assets/LICENSE is not echarts' Apache licence")
		}
		if !bytes.Contains(mustRead(t, "assets/NOTICE"), []byte("Apache ECharts")) {
			t.Error("assets/NOTICE is not echarts' notice")
		}
	})
	t.Run("Inlined", func(t *testing.T) {
		// Every build carries the library, whole, in every report.
		page := write(t, smallInput(t, toc.Director))
		if !strings.Contains(page, "<script>"+string(disk)+"</script>") {
			t.Errorf("the report does not inline assets/echarts.min.js whole")
		}
		if strings.Contains(page, "<script src=") || strings.Contains(page, `class="banner" role="alert"`) {
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
	})
}
