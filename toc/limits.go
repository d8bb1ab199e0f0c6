package toc

import (
	"bytes"
	"fmt"
)

// Limits on toc.yaml (DESIGN §16), checked before the YAML parser sees
// the file: the parser's time and memory grow faster than the file (a
// mapping of n keys is parsed by recursion n deep, each level copying the
// rest), so a small file could otherwise take seconds and gigabytes.
// A theory of change needs far less than any of them: the demo's, with
// 104 schools and 60 activities, is 1,500 lines and some 2,800 values,
// 6 levels deep.
const (
	// MaxFileSize is the largest toc.yaml read.
	MaxFileSize = 4 << 20
	// MaxDepth is how deeply mappings and lists may nest.
	MaxDepth = 100
	// MaxKeys is how many keys one mapping may have; MaxItems how many
	// entries one list may have.
	MaxKeys  = 250
	MaxItems = 5_000
	// MaxValues is how many keys, list entries and values the whole file
	// may have (a list entry "- x" counts two).
	MaxValues = 20_000
	// MaxFlowValues is how many values one flow collection ([…] or {…},
	// whatever it nests) may hold: the parser's time grows with the
	// square of them.
	MaxFlowValues = 1_000
	// MaxDescription is the longest description, in characters: a few
	// paragraphs, not a document (case studies are notes: impact note).
	MaxDescription = 4_000
	// MaxProblems is how many problems are reported; the rest are
	// counted ("… and N more").
	MaxProblems = 100
)

// shapeError is where a file breaks a limit, and how.
type shapeError struct {
	pos Pos
	msg string
}

// level is one open block mapping or list of the scan: the column its
// entries start at, and how many it has had.
type level struct {
	col     int
	entries int
	list    bool // entries are "- " items, else keys
}

// shape is the state of a scan: open block levels, open flow collections
// (the outermost counting the values of all), an open quote, the values
// counted.
type shape struct {
	blocks []level
	flows  []int
	quote  byte
	total  int
	line   int
}

// checkShape scans src line by line as YAML lays it out — indentation,
// "- " entries, flow brackets, quotes, comments and block scalars — and
// reports the first place it breaks a limit. It is a conservative sketch
// of the structure, not a parser: it may count a little more nesting than
// YAML would, never less.
func checkShape(src []byte) *shapeError {
	if len(src) > MaxFileSize {
		return &shapeError{Pos{1, 1}, fmt.Sprintf("the file is %s: expected at most %s (a theory of change is a few hundred kilobytes at most)", sizeText(len(src)), sizeText(MaxFileSize))}
	}
	var s shape
	blockScalar := -1 // the indentation a block scalar's lines must pass, or -1
	for len(src) > 0 {
		var text []byte
		text, src, _ = bytes.Cut(src, []byte("\n"))
		s.line++
		indent := 0
		for indent < len(text) && text[indent] == ' ' {
			indent++
		}
		rest, col := text[indent:], indent+1
		inside := len(s.flows) > 0 || s.quote != 0
		if !inside && (len(rest) == 0 || rest[0] == '#') {
			continue
		}
		if blockScalar >= 0 {
			if indent > blockScalar || len(rest) == 0 {
				continue // a line of a literal or folded block
			}
			blockScalar = -1
		}
		if !inside {
			for len(s.blocks) > 0 && s.blocks[len(s.blocks)-1].col > col {
				s.blocks = s.blocks[:len(s.blocks)-1]
			}
			// Each "- " opens an entry, and the text after it sits one
			// level deeper.
			for {
				item := len(rest) >= 2 && rest[0] == '-' && rest[1] == ' '
				if e := s.enter(col, item); e != nil {
					return e
				}
				if item {
					n := 2
					for n < len(rest) && rest[n] == ' ' {
						n++
					}
					col += n
					rest = rest[n:]
					continue
				}
				break
			}
		}
		value, e := s.scan(rest, col)
		if e != nil {
			return e
		}
		if len(s.flows) == 0 && s.quote == 0 && len(value) > 0 && (value[0] == '|' || value[0] == '>') {
			blockScalar = indent
		}
	}
	return nil
}

func (s *shape) tooDeep(col int) *shapeError {
	return &shapeError{Pos{s.line, col}, fmt.Sprintf("nested more than %d levels deep: a theory of change needs a handful", MaxDepth)}
}

func (s *shape) tooMany(col int, list bool) *shapeError {
	if list {
		return &shapeError{Pos{s.line, col}, fmt.Sprintf("more than %d entries in one list: a theory of change needs far fewer", MaxItems)}
	}
	return &shapeError{Pos{s.line, col}, fmt.Sprintf("more than %d keys in one mapping: a theory of change needs far fewer", MaxKeys)}
}

// count counts one more value in the file.
func (s *shape) count(col int) *shapeError {
	if s.total++; s.total > MaxValues {
		return &shapeError{Pos{s.line, col}, fmt.Sprintf("more than %d values in the file: a theory of change needs far fewer", MaxValues)}
	}
	return nil
}

// enter counts a block entry at col, a list item or a key: one more in
// the level there, or a new level one deeper.
func (s *shape) enter(col int, item bool) *shapeError {
	if n := len(s.blocks); n > 0 && s.blocks[n-1].col == col {
		l := &s.blocks[n-1]
		l.entries++
		if l.list && l.entries > MaxItems || !l.list && l.entries > MaxKeys {
			return s.tooMany(col, l.list)
		}
	} else {
		s.blocks = append(s.blocks, level{col: col, entries: 1, list: item})
		if len(s.blocks)+len(s.flows) > MaxDepth {
			return s.tooDeep(col)
		}
	}
	return s.count(col)
}

// scan reads the text of a line after its indentation and dashes,
// following flow collections and quotes (which may go on to later lines)
// up to a comment. It returns the value after a block "key: ", if any.
func (s *shape) scan(rest []byte, col int) ([]byte, *shapeError) {
	var value []byte
	keyed := false
	start := true // at the start of a scalar, where a quote opens one
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		was := start
		start = c == ' ' && was || s.quote == 0 && (c == '[' || c == '{' || c == ',' ||
			c == ':' && (i+1 == len(rest) || rest[i+1] == ' '))
		switch {
		case s.quote != 0:
			switch {
			case c == '\\' && s.quote == '"':
				i++
			case c == s.quote && s.quote == '\'' && i+1 < len(rest) && rest[i+1] == '\'':
				i++ // '' inside single quotes
			case c == s.quote:
				s.quote = 0
			}
		case (c == '"' || c == '\'') && was:
			s.quote = c // a quote that opens a scalar, not one inside a plain scalar
		case c == '#' && (i == 0 || rest[i-1] == ' ' || rest[i-1] == '\t'):
			return value, nil
		case c == '[' || c == '{':
			if len(s.flows) > 0 {
				s.flows[0]++ // a nested collection is a value of the outermost
			}
			s.flows = append(s.flows, 0)
			if len(s.blocks)+len(s.flows) > MaxDepth {
				return nil, s.tooDeep(col + i)
			}
		case c == ']' || c == '}':
			if len(s.flows) > 0 {
				s.flows = s.flows[:len(s.flows)-1]
			}
		case c == ',' && len(s.flows) > 0:
			// Every collection of a flow counts at its outermost one.
			if s.flows[0]++; s.flows[0] > MaxFlowValues {
				return nil, &shapeError{Pos{s.line, col + i}, fmt.Sprintf("more than %d values in one [ ] or { } list: write long lists one entry a line", MaxFlowValues)}
			}
			if e := s.count(col + i); e != nil {
				return nil, e
			}
		case c == ':' && !keyed && len(s.flows) == 0 && (i+1 == len(rest) || rest[i+1] == ' '):
			keyed = true
			value = bytes.TrimLeft(rest[i+1:], " ")
		}
	}
	return value, nil
}

// sizeText writes a size in bytes for people: "4 MiB", "6.2 MiB".
func sizeText(n int) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}
