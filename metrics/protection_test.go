package metrics_test

import (
	"encoding/json"
	"testing"

	"github.com/schoolstogether/impact/metrics"
)

// TestForFunderWith_Protection: a protection remembered gives a result
// with the same counts exactly the view worked out afresh, KPIs and all
// else as they are; a result with other counts is worked out again.
func TestForFunderWith_Protection(t *testing.T) {
	plan := fourSchoolsPlan(t)
	director, err := metrics.Build(plan, fourSchoolsInput(), metrics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fresh, _ := json.Marshal(metrics.ForFunder(director, 3))
	var p metrics.Protection
	first, _ := json.Marshal(metrics.ForFunderWith(director, 3, &p))
	second, _ := json.Marshal(metrics.ForFunderWith(director, 3, &p)) // recalled
	if string(first) != string(fresh) || string(second) != string(fresh) {
		t.Fatalf("protected with a memory:\n%s\n%s\nwant as afresh:\n%s", first, second, fresh)
	}
	// Another count: the memory does not fit it.
	other := *director
	other.Reach.Participants = metrics.Count{N: director.Reach.Participants.N + 7}
	want, _ := json.Marshal(metrics.ForFunder(&other, 3))
	if got, _ := json.Marshal(metrics.ForFunderWith(&other, 3, &p)); string(got) != string(want) {
		t.Errorf("other counts through the memory:\n%s\nwant\n%s", got, want)
	}
}
