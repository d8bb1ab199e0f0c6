package reports

import (
	"bytes"
	_ "embed"
	"sync"
)

// echartsMin is Apache ECharts 5.6.0, the release go-echarts v2.6.7 is
// written for, as npm's echarts@5.6.0 ships it in dist/echarts.min.js
// (pinned in package-lock.json; `make assets` checks the copy byte for
// byte). It is committed, so that every build — go install included —
// writes reports that draw their charts offline. Its licence (Apache-2.0)
// and NOTICE are beside it in assets/.
//
//go:embed assets/echarts.min.js
var echartsMin []byte

var (
	echartsOnce sync.Once
	echartsJS   []byte
)

// echarts returns the library made safe to sit inside a script element.
func echarts() []byte {
	echartsOnce.Do(func() {
		// The 5.6.0 build holds no "</script", but a script element must
		// never meet one, whatever a later release holds.
		echartsJS = bytes.ReplaceAll(echartsMin, []byte("</script"), []byte(`<\/script`))
	})
	return echartsJS
}

// ECharts returns the charting library every report carries, for a server
// to serve at an Input.LibraryURL.
func ECharts() []byte { return echarts() }
