package sqlite_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schoolstogether/impact/engine"
	"github.com/schoolstogether/impact/engine/pseudonym"
	"github.com/schoolstogether/impact/engine/sqlite"
)

// TestStore_Forget_NoBytesLeft: once Forget returns, the database file and
// its WAL hold no byte of a forgotten pupil's pseudonym — not in the pupils
// table, its index, free pages or old WAL frames — while every other
// pupil's is still there. 2,000 pupils with three rows each fill many
// pages, so the erased rows sit among kept ones.
func TestStore_Forget_NoBytesLeft(t *testing.T) {
	p := smallToC(t)
	dir := t.TempDir()
	s, err := sqlite.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var part, out, pupils strings.Builder
	part.WriteString("activity,date,participant,school,disadvantaged\n")
	out.WriteString("activity,participant,measure,group,pre,post\n")
	pupils.WriteString("participant,year_group,sex\n")
	var ids []string
	for i := range 2000 {
		id := fmt.Sprintf("F%012d", 700000000000+i*104729)
		ids = append(ids, id)
		fmt.Fprintf(&part, "careers-fair,2023-10-12,%s,wsh,yes\nreading-buddies,2024-01-15,%s,kfs,yes\n", id, id)
		fmt.Fprintf(&out, "scitt,%s,grade,intervention,2,3\n", id)
		fmt.Fprintf(&pupils, "%s,%d,F\n", id, 1+i%6)
	}
	mustImport(t, s, p, "part.csv", part.String(), "out.csv", out.String(), "pupils.csv", pupils.String())

	keyHex, err := os.ReadFile(filepath.Join(dir, pseudonym.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := hex.DecodeString(strings.TrimSpace(string(keyHex)))
	key := pseudonym.FromBytes(kb)
	held := func(id string) bool { // in the database or its WAL
		ps := key.Pseudonym(id)
		files, _ := filepath.Glob(filepath.Join(dir, sqlite.DBFile+"*"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(b, ps[:]) {
				return true
			}
		}
		return false
	}
	var forget []engine.Identifier
	for i := 0; i < len(ids); i += 40 { // 50 pupils spread over the table
		forget = append(forget, engine.Identifier{ID: ids[i]})
		if !held(ids[i]) {
			t.Fatalf("%s's pseudonym is not in the files before Forget: the search cannot see it", ids[i])
		}
	}
	got, err := s.Forget(context.Background(), forget, "dpo")
	if err != nil {
		t.Fatal(err)
	}
	if got.Pupils != 50 || got.Participation != 100 || got.Outcomes != 50 || got.Facts != 50 || !got.Cleared {
		t.Errorf("forgot %+v, want 50 pupils, 100 participation, 50 outcome, 50 characteristics rows (the pupils file's), cleared", got)
	}
	for i, id := range ids {
		if gone, h := i%40 == 0, held(id); h == gone {
			t.Errorf("%s: held = %v after Forget, want %v", id, h, !gone)
		}
	}
	if n := count(t, s, "SELECT count(*) FROM participation"); n != 2*1950 {
		t.Errorf("%d participation rows left, want 3,900", n)
	}
}
