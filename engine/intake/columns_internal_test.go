package intake

import "testing"

// Every column a Reader looks up by number is the one of that name, and
// every column of every kind has a number: a name left out of the switch
// would be looked up in the header's map instead (slower, still right),
// and one numbered wrongly would read another column's cells.
func TestColumnNumber(t *testing.T) {
	for i, name := range columnNames {
		if got := columnNumber(name); got != i {
			t.Errorf("columnNumber(%q) = %d, want %d", name, got, i)
		}
	}
	for kind, cols := range kindColumns {
		for _, name := range append(cols.required, cols.optional...) {
			if columnNumber(name) < 0 {
				t.Errorf("%s column %q has no number", kind, name)
			}
		}
	}
	if got := columnNumber("upn"); got != -1 {
		t.Errorf("columnNumber(upn) = %d, want -1", got)
	}
}
