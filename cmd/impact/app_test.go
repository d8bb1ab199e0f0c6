package main

import (
	"strings"
	"testing"
)

// Every command is listed once in `impact help`, in the order a director
// meets them.
func TestApp_Help(t *testing.T) {
	seen := map[string]bool{}
	for _, n := range commandOrder {
		if _, ok := commands[n]; !ok || seen[n] {
			t.Errorf("commandOrder has %q: unknown or repeated", n)
		}
		seen[n] = true
	}
	for n := range commands {
		if !seen[n] {
			t.Errorf("command %q is missing from commandOrder, so impact help does not list it", n)
		}
	}
	out := runCLI(t, nil, "help").want(t, exitOK).stdout
	if i, j := strings.Index(out, "  demo "), strings.Index(out, "  backup "); i < 0 || j < i {
		t.Errorf("help does not list demo first and backup after it:\n%s", out)
	}
}
