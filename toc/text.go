package toc

// UnsafeRune reports the runes that must never reach a reader as they
// are: control characters other than tab and newline (ESC starts terminal
// commands, a carriage return overwrites a line) and the bidirectional
// controls that make text read differently from what it is (U+202E). Names
// in toc.yaml refuse them; every output writes them out as escapes.
func UnsafeRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c || r == 0x200e || r == 0x200f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// digitsOnly reports whether s is one or more decimal digits.
func digitsOnly(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
