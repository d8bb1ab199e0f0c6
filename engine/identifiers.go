package engine

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/schoolstogether/impact/engine/intake"
	"github.com/schoolstogether/impact/toc"
)

// maxIdentifiers bounds the pupils of one file, as an import's
// participants are bounded: a census of a large local authority.
const maxIdentifiers = 1_000_000

// ReadIdentifiers reads the pupils a file names, for impact forget --file:
// a file as an import takes it (CSV in any of its encodings, or .xlsx)
// whose participant column is found as an import finds it (participant,
// UPN, Adno…), or a plain list, one identifier a line with no header.
// Blank lines are skipped; each identifier keeps its place for messages.
func ReadIdentifiers(name string, r io.Reader, own toc.Imports) ([]Identifier, error) {
	rows, _, err := intake.Open(intake.Source{Name: name}, r)
	if err != nil {
		return nil, placed(name, err)
	}
	first, err := intake.FirstRow(rows)
	if errors.Is(err, io.EOF) {
		return nil, toc.Errorf(toc.EINVALID, "%s: expected pupils' identifiers, got an empty file", name)
	}
	if err != nil {
		return nil, placed(name, err)
	}
	col := intake.ParticipantColumn(first, own)
	var ids []Identifier
	add := func(cells [][]byte, row int) error {
		if col >= len(cells) || len(bytes.TrimSpace(cells[col])) == 0 {
			return &toc.Error{Code: toc.EINVALID, File: name, Line: row, Col: col + 1, Message: "expected a pupil's identifier, got an empty cell"}
		}
		if len(ids) >= maxIdentifiers {
			return &toc.Error{Code: toc.EINVALID, File: name, Line: row, Col: col + 1, Message: "more than a million pupils in one file: split it"}
		}
		ids = append(ids, Identifier{ID: string(bytes.TrimSpace(cells[col])), File: name, Line: row, Col: col + 1})
		return nil
	}
	switch {
	case col >= 0: // a header row: the identifiers are below it
	case len(first) == 1: // a plain list: the first line is an identifier too
		col = 0
		if err := add(first, rows.Row()); err != nil {
			return nil, err
		}
	default:
		return nil, &toc.Error{Code: toc.EINVALID, File: name, Line: rows.Row(), Col: 1,
			Message: "expected a participant column (participant, UPN, Pupil ID, Adno…) or a plain list of identifiers, one a line"}
	}
	for {
		cells, err := rows.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, placed(name, err)
		}
		if intake.Blank(cells) {
			continue
		}
		if err := add(cells, rows.Row()); err != nil {
			return nil, err
		}
	}
	if len(ids) == 0 {
		return nil, toc.Errorf(toc.EINVALID, "%s: expected pupils' identifiers below the header, got none", name)
	}
	return ids, nil
}

// placed places a reading error in the file: a CSV's syntax at its row and
// column, anything else named by the file.
func placed(name string, err error) error {
	var syn *intake.SyntaxError
	var te *toc.Error
	switch {
	case errors.As(err, &syn):
		return &toc.Error{Code: toc.EINVALID, File: name, Line: syn.Row, Col: syn.Col, Message: syn.Msg}
	case errors.As(err, &te) && te.File == "":
		return &toc.Error{Code: te.Code, File: name, Message: te.Message, Err: te.Err}
	case errors.As(err, &te):
		return err
	}
	return fmt.Errorf("read %s: %w", name, err)
}
