package web

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"testing"
)

// FuzzDecodeJSON feeds arbitrary bodies to the JSON API's decoder: it must
// never panic, and whatever it accepts is one JSON object with each key
// once that encoding/json reads the same way.
//
//	go test ./reports/web -run '^$' -fuzz FuzzDecodeJSON -fuzztime 10m -parallel 1
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`{"kpi":"k","period":"2024/25","value":1}`,
		`{"kpi":"k","period":"2024/25","value":"1.5","school":"wsh","note":"n"}`,
		`{"kpi":"k","kpi":"j"}`, `{"value":{"a":[1,{"b":2,"b":3}]}}`, `{} {}`, `[1,2]`, `{"name":"x","password":"y"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest("POST", "/api/kpi-values", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		var v kpiValueRequest
		if err := decodeJSON(req, &v); err != nil {
			return
		}
		if !json.Valid(body) {
			t.Fatalf("accepted invalid JSON %q", body)
		}
		if err := uniqueKeys(body); err != nil {
			t.Fatalf("accepted repeated keys %q", body)
		}
		var again kpiValueRequest
		if err := json.Unmarshal(body, &again); err != nil || again.KPI != v.KPI || again.Period != v.Period || string(again.Value) != string(v.Value) {
			t.Fatalf("read %q as %+v, encoding/json reads %+v (%v)", body, v, again, err)
		}
	})
}
