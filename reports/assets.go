package reports

import (
	"bytes"
	"embed"
	"io/fs"
	"sync"
)

// assets holds the committed placeholder and, when `make assets` has run
// before the build, the real echarts.min.js beside it.
//
//go:embed assets/*.js
var assets embed.FS

// echartsVersion is the echarts release go-echarts v2.6.7 is written for,
// pinned in package.json; echartsURL is where a report built without the
// inlined copy loads it from (go-echarts' own asset host).
const (
	echartsVersion = "5.6.0"
	echartsURL     = "https://go-echarts.github.io/go-echarts-assets/assets/echarts.min.js"
)

var (
	echartsOnce sync.Once
	echartsJS   []byte
)

// echarts returns the inlined library, made safe to sit inside a script
// element, or nil when the binary was built without it.
func echarts() []byte {
	echartsOnce.Do(func() {
		b, err := fs.ReadFile(assets, "assets/echarts.min.js")
		if err != nil || len(b) == 0 {
			return
		}
		// The 5.6.0 build holds no "</script", but a script element must
		// never meet one, whatever a later release holds.
		echartsJS = bytes.ReplaceAll(b, []byte("</script"), []byte(`<\/script`))
	})
	return echartsJS
}

// ECharts returns the charting library this binary carries, for a server
// to serve at an Input.LibraryURL; nil when it was built without it.
func ECharts() []byte { return echarts() }

// EChartsEmbedded reports whether reports work offline: true when the
// binary carries echarts itself, false when its reports load it from the
// network (and say so in a banner).
func EChartsEmbedded() bool { return echarts() != nil }
