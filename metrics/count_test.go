package metrics_test

import (
	"encoding/json"
	"testing"

	"github.com/schoolstogether/impact/metrics"
)

func TestCount_MarshalJSON(t *testing.T) {
	for _, c := range []struct {
		name  string
		count metrics.Count
		want  string
	}{
		{"Integer", metrics.Count{N: 12}, `12`},
		{"Zero", metrics.Count{}, `0`},
		{"Suppressed", metrics.Count{N: 3, Suppressed: true, MinCell: 6}, `"<6"`},
		{"Complementary", metrics.Count{N: 40, Suppressed: true, Complementary: true, MinCell: 6}, `"c"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.count.MarshalJSON()
			if err != nil || string(got) != c.want {
				t.Fatalf("MarshalJSON = %s, %v, want %s", got, err, c.want)
			}
			var back metrics.Count
			if err := json.Unmarshal(got, &back); err != nil {
				t.Fatal(err)
			}
			if back.String() != c.count.String() {
				t.Errorf("round trip = %s, want %s", back, c.count)
			}
		})
	}
	t.Run("BadString", func(t *testing.T) {
		var c metrics.Count
		if err := json.Unmarshal([]byte(`"six"`), &c); err == nil {
			t.Error("want an error for \"six\"")
		}
	})
}
