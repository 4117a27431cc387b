package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"seniorimporter/journal"
	"seniorimporter/outcome"
	"seniorimporter/soap"
	"seniorimporter/templates"
)

// settled is the outcome of one record after sending (or checking).
type settled struct {
	outcome  outcome.Kind
	code     string
	message  string
	id       string
	answer   any
	attempts int
	latency  time.Duration
}

// lines gives every row of a record the record's outcome.
func (r *run) lines(rec *Record, s settled) []*outcome.Line {
	out := make([]*outcome.Line, len(rec.Rows))
	for i, row := range rec.Rows {
		l := &outcome.Line{
			File: row.File, Sheet: row.Sheet, Row: row.Line, Key: rec.Key, Port: rec.Port.Name,
			Outcome: s.outcome, Code: s.code, Message: s.message, ID: s.id,
			Attempts: s.attempts, LatencyMS: s.latency.Milliseconds(),
			Header: row.Header, Cells: row.Cells, Amounts: row.Amounts,
		}
		if i == 0 {
			l.Answer = s.answer
			l.SetRows = rec.SetRows
		}
		out[i] = l
	}
	return out
}

// invalidLines reports every row of an invalid record as invalid: rows with problems of
// their own list them all; the others name the rows at fault.
func (r *run) invalidLines(rec *Record) []*outcome.Line {
	lang := r.cfg.Lang
	out := r.lines(rec, settled{outcome: outcome.Invalid})
	// The rows at fault, by number, with their sheet (or file) where it is not this row's: a
	// record's rows may come from several sheets. Said alike on every row of one sheet, so
	// made once per sheet: a quote of 20,000 items took 20 s when each row listed them anew.
	var faulty []int
	for k := range rec.Rows {
		if len(rec.Problems[k]) > 0 {
			faulty = append(faulty, k)
		}
	}
	said := map[[2]string]string{}
	for i, l := range out {
		ps := rec.Problems[i]
		if len(ps) == 0 {
			at := [2]string{l.File, l.Sheet}
			m, ok := said[at]
			if !ok {
				atFault := make([]string, len(faulty))
				for n, k := range faulty {
					atFault[n] = rowName(rec.Rows[k], l.File, l.Sheet)
				}
				m = lang.RowAtFault(atFault)
				said[at] = m
			}
			l.Message = m
			continue
		}
		l.Problems = ps
		l.Message = lang.Problems(ps)
	}
	return out
}

// noteImported adds to the lines of invalid records of port p that the journal holds their
// key as imported, and by which run: the original file imported again after its red rows
// went from the re-import folder, fixed, showed them red again with their first errors,
// nothing saying the records were in Senior (a finance tester, told to import the whole
// file again when in doubt). The rows stay invalid (as they are they cannot go, and a
// night's file may hold a new mistake on a key imported before): the message says what the
// journal knows. One lookup for the records given; write ports only (a read port imports
// nothing), records with a whole key.
func (r *run) noteImported(p *templates.Port, recs []queued) {
	jn := r.journal
	if jn == nil || p.Access != "write" || len(p.Key) == 0 || len(recs) == 0 {
		return
	}
	var keys []journal.Key
	for _, q := range recs {
		if q.rec.keyWhole {
			keys = append(keys, jn.key(p, q.rec))
		}
	}
	if len(keys) == 0 {
		return
	}
	states, err := jn.j.LastMany(context.Background(), keys)
	if err != nil {
		return
	}
	for _, q := range recs {
		if !q.rec.keyWhole {
			continue
		}
		st, ok := states[jn.key(p, q.rec)]
		if op, _, _ := strings.Cut(st.ValueHash, ":"); !ok || !accepted(st.Outcome) || op == "d" {
			continue // not imported, or its last step a delete: Senior does not hold it
		}
		origin, started := st.Run, st.RunStarted
		if outcome.Kind(st.Outcome) == outcome.Skipped && st.Origin != 0 {
			origin, started = st.Origin, st.OriginStarted
		}
		note := r.cfg.Lang.KeyImportedBefore(q.rec.Key, origin, started)
		for _, l := range q.lines {
			l.Message += note
		}
	}
}

// rowName names a row as a report line of file and sheet says it: its number, after its
// file or its sheet when they are not that line's.
func rowName(row SourceRow, file, sheet string) string {
	n := strconv.Itoa(row.Line)
	switch {
	case row.File != file:
		return filepath.Base(row.File) + " " + n
	case row.Sheet != sheet:
		return row.Sheet + " " + n
	}
	return n
}

// showEnvelope prints the exact envelope of the first N valid records, password masked.
func (r *run) showEnvelope(rec *Record) {
	if r.shown >= r.cfg.ShowEnvelopes {
		return
	}
	r.shown++
	c := r.cfg.G5
	if rec.Port.Product == templates.ProductCRM {
		c = r.cfg.CRM
	}
	if c.Password != "" {
		c.Password = "********"
	}
	var b bytes.Buffer
	if err := soap.Encode(&b, rec.Port, c, rec.Wire); err != nil {
		fmt.Fprintf(r.cfg.Stdout, "# %s row %d: %v\n", rec.Rows[0].File, rec.Rows[0].Line, err)
		return
	}
	fmt.Fprintf(r.cfg.Stdout, "# %s row %d (%s %s)\n%s\n", rec.Rows[0].File, rec.Rows[0].Line, rec.Port.Name, rec.Key, b.String())
}
