package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/schoolstogether/impact/toc"
	"golang.org/x/term"
)

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// Every user string — a name from toc.yaml, a note or a measure from a
// CSV — reaches a terminal inert: control characters (ESC[2J clears the
// screen, a carriage return overwrites a line) and the bidirectional
// controls that reorder what a reader sees (U+202E) are written out as
// escapes instead, on stdout (terminalSafe) and in every message
// (safeText).

// safeText escapes the unsafe runes of s: "\x1b", "\u202e".
func safeText(s string) string {
	if strings.IndexFunc(s, toc.UnsafeRune) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !toc.UnsafeRune(r):
			b.WriteRune(r)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// terminalSafe is a writer that escapes unsafe runes on their way to w. A
// rune split between two writes is held back until it is whole.
type terminalSafe struct {
	w    io.Writer
	hold []byte
}

func (t *terminalSafe) Write(p []byte) (int, error) {
	b := append(t.hold, p...)
	// Keep back an incomplete rune at the end for the next write.
	cut := len(b)
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				cut = i
			}
			break
		}
	}
	t.hold = append([]byte(nil), b[cut:]...)
	if _, err := io.WriteString(t.w, safeText(string(b[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}
