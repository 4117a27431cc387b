package pipeline

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"net"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"seniorimporter/journal"
	"seniorimporter/outcome"
	"seniorimporter/readers"
	"seniorimporter/soap"
	"seniorimporter/templates"
	"seniorimporter/values"
)

// journaling is a run's use of the journal (issue 13: every run resumable and idempotent):
// before a record goes, its last state under the same target, port and key says whether to
// send it, skip it, refuse it or read it back first; it is marked in flight, durably, before
// its request goes out, and settled with its report lines once its fate is known. A run
// without a journal (validate, --no-journal) sends everything, as before.
type journaling struct {
	j          *journal.Journal
	run        int64
	force      bool
	onExisting string // "error" or "alter"
	lang       outcome.Lang
	s          *sender
	targets    sync.Map // *templates.Port → its target (parsed once)
	headers    sync.Map // file and sheet whose header the journal has (kept once per run)
	// steps are the steps earlier runs took of keys with several states, read once a run
	// (resolve's alone: one goroutine); stepsHeld counts their states.
	steps     map[journal.Key]steps
	stepsHeld int
}

// queued is a checked record waiting for the journal's word.
type queued struct {
	rec *Record
	seq int
	// place: its place among the run's records of its port (process.go), by which the
	// journal matches its row with an earlier run's (steps).
	place int
	// lines: an invalid record's report lines, waiting for noteImported (process.go).
	lines []*outcome.Line
	// recheck: its last state is in flight or unknown: read it back before sending.
	recheck bool
	// landed: a delete whose last state is a delete in flight or unknown (a run killed while
	// it was out): it may have landed, so a "not found" is read back, as after a fault.
	landed bool
	// marked: it was marked in flight, so its fate must be settled in the journal.
	marked bool
	// hash and values: its fingerprint as marked.
	hash   string
	values []byte
}

// key names a record in the journal.
func (jn *journaling) key(p *templates.Port, rec *Record) journal.Key {
	t, ok := jn.targets.Load(p)
	if !ok {
		t, _ = jn.targets.LoadOrStore(p, jn.s.target(p))
	}
	return journal.Key{Target: t.(string), Port: p.Name, Key: rec.Key}
}

// target is the endpoint's host and path and the user a port's records go to: a trial load
// against a test Senior never makes the production load skipped. The host is written one way
// (lower case, without the scheme's own port): the same Senior spelled another way in
// tonight's job file must not make the journal forget what it sent.
func (s *sender) target(p *templates.Port) string {
	raw, user := s.g5Base, s.g5Creds.User
	if p.Product == templates.ProductCRM {
		raw, user = s.crmURL, s.crmCreds.User
	}
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		host := strings.ToLower(u.Host)
		if port := u.Port(); u.Scheme == "https" && port == "443" || u.Scheme == "http" && port == "80" {
			host = strings.ToLower(u.Hostname())
			if strings.Contains(host, ":") {
				host = "[" + host + "]" // IPv6
			}
		}
		raw = host + strings.TrimRight(u.Path, "/")
	}
	return raw + " " + user
}

// opClass is the letter an operation is stored under in a value hash: what a record did
// matters as much as its values (an include after a delete is not the same as a repeat).
func opClass(op templates.Op) string {
	switch op {
	case templates.OpInclude:
		return "i"
	case templates.OpAlter:
		return "a"
	case templates.OpDelete:
		return "d"
	case templates.OpUpsert:
		return "u"
	}
	return "o"
}

// fingerprint is a record's value hash ("op:sha256 of its data") and, for G5 ports (the only
// ones whose differing fields are ever named), its values as JSON. The data leaves the
// operation field out: an alter of the values an include stored is the same data.
func fingerprint(p *templates.Port, w *soap.Record) (hash string, values []byte) {
	skip := ""
	if p.OperationField != nil {
		skip = p.OperationField.Name
	}
	h := sha256.New()
	canonical(h, p.RecordFields(), w, skip)
	if p.Product == templates.ProductG5 {
		values, _ = json.Marshal(w.Tree())
	}
	return opClass(p.OperationOf(w.Values)) + ":" + hex.EncodeToString(h.Sum(nil)[:16]), values
}

// canonical writes a record's values and sets in a fixed order (names sorted; the children
// of a set that has a key, such as a quote's items by seqOci, in key order, others in
// order), each value after its name and both ended by a NUL. A quote whose item rows were
// sorted another way in the sheet (by product) is the same data: imported again, it is
// skipped, not refused as "imported before with other values".
func canonical(w io.Writer, fields []*templates.Field, r *soap.Record, skip string) {
	for _, k := range slices.Sorted(maps.Keys(r.Values)) {
		if k != skip && r.Values[k] != "" {
			io.WriteString(w, k+"\x00"+r.Values[k]+"\x00")
		}
	}
	for _, name := range slices.Sorted(maps.Keys(r.Sets)) {
		io.WriteString(w, name+"[\x00")
		kids := r.Sets[name]
		var sub []*templates.Field
		if i := slices.IndexFunc(fields, func(f *templates.Field) bool { return f.Name == name }); i >= 0 {
			f := fields[i]
			sub = f.Fields
			if len(f.Key) > 0 {
				kids = slices.Clone(kids)
				slices.SortStableFunc(kids, func(a, b *soap.Record) int {
					for _, k := range f.Key {
						if c := soap.CompareValues(a.Values[k], b.Values[k]); c != 0 {
							return c
						}
					}
					return 0
				})
			}
		}
		for _, c := range kids {
			canonical(w, sub, c, "")
			io.WriteString(w, "\x01")
		}
		io.WriteString(w, "]\x00")
	}
}

func accepted(o string) bool {
	switch outcome.Kind(o) {
	case outcome.OK, outcome.Queued, outcome.Skipped:
		return true
	}
	return false
}

// resolve asks the journal about a window of checked records of port p: the records to send
// come back (marked in flight, durably); the others are settled here (skipped, or invalid
// when --on-existing error refuses other values).
func (r *run) resolve(p *templates.Port, window []queued, d *dispatcher) []queued {
	jn := r.journal
	if jn == nil || len(window) == 0 {
		return window
	}
	ctx := context.Background()
	states := map[journal.Key]journal.State{}
	keys := make([]journal.Key, len(window))
	for i, q := range window {
		keys[i] = jn.key(p, q.rec)
	}
	if !jn.force {
		var err error
		if states, err = jn.j.LastMany(ctx, keys); err != nil {
			d.halt(&stopError{err: journalSaid(r.cfg.Lang, err), reason: r.cfg.Lang.JournalFailed()})
			return window
		}
	}
	hashes := make([]string, len(window))
	vals := make([][]byte, len(window))
	for i, q := range window {
		hashes[i], vals[i] = fingerprint(p, q.rec.Wire)
	}
	hist := jn.history(p, window, keys, hashes, states, d)
	var send []queued
	var marks []journal.Mark
	// Records of one key go in file order. Once one is to be sent, the next of its key is
	// decided by what it leaves behind (in flight, as a later window would read it from the
	// journal), not by the state the run began with: a file that holds a key twice, imported
	// again, must end with its last row in Senior, not skip it as "already imported" after
	// sending the row before it.
	sending := map[journal.Key]journal.State{}
	for i, q := range window {
		k, hash, values := keys[i], hashes[i], vals[i]
		st, known := states[k]
		prev, chained := sending[k]
		if chained {
			st, known = prev, true
		}
		verdict := jn.decide(p, q.rec, hash, st, known)
		if verdict != skip && known && !chained {
			if e, ok := hist[k].taken(int64(q.place), int64(q.seq), hash); ok {
				// A row of a key the file holds several times (an include, then an alter), its
				// step taken by an earlier run with the rows after it, or passed by them:
				// skipped, its lines only, so that the key's last state stays what Senior holds.
				msg := jn.lang.AlreadyTaken(e.Run, e.RunStarted)
				if e.passed() {
					msg = jn.lang.PassedByLaterRows(e.Run, e.after.Run, e.after.RunStarted)
				}
				r.report(q.seq, q.rec, settled{outcome: outcome.Skipped, id: e.ID, message: msg}, nil)
				continue
			}
		}
		// The run that imported it: a state skipped before names the run it was skipped by,
		// not itself (run 9, which found it imported, for run 8, which imported it).
		origin, started := st.Run, st.RunStarted
		if outcome.Kind(st.Outcome) == outcome.Skipped && st.Origin != 0 {
			origin, started = st.Origin, st.OriginStarted
		}
		switch verdict {
		case skip:
			msg := jn.lang.AlreadyImported(origin, started)
			if origin == jn.run {
				msg = jn.lang.AlreadyImportedThisRun()
			}
			s := settled{outcome: outcome.Skipped, id: st.ID, message: msg}
			r.report(q.seq, q.rec, s, &journal.Settlement{Seq: int64(q.seq), Place: int64(q.place), Key: k, Outcome: string(outcome.Skipped), ValueHash: st.ValueHash, Values: st.Values, ID: st.ID, Origin: origin})
			continue
		case refuse:
			if reason := d.stopReason(); reason != "" && st.Run == jn.run {
				// Refused against a row this run sent of the key, once the run stopped: the rows
				// between (a delete) were not sent, so the file is not at fault; not_sent, as
				// every row after the stop, and the next run sends them in order.
				r.report(q.seq, q.rec, settled{outcome: outcome.NotSent, message: reason}, nil)
				continue
			}
			why := jn.changed(p, q.rec, st.Values)
			op, alter := alterBy(p)
			// Named by the run that imported it, as a skipped row is: "execução 2" of a
			// quote run 2 only skipped sent the user to a run that holds nothing of it.
			msg := jn.lang.ImportedWithOtherValues(origin, started, why, op, alter)
			if origin == jn.run {
				msg = jn.lang.ImportedWithOtherValuesThisRun(why, op, alter)
			}
			r.report(q.seq, q.rec, settled{outcome: outcome.Invalid, message: msg}, nil)
			continue
		case sendAlter:
			q.rec.Wire.Values[p.OperationField.Name] = p.OperationField.Alter
			hash, values = fingerprint(p, q.rec.Wire)
		case unsettled:
			// Lines only: the key's state stays the earlier run's, so that the next run names
			// that run too, and a run in sync mode reads it back. The rows of its key after
			// it are held back.
			rb := ""
			if port := jn.s.cat.ReadBackPort(p); port != nil {
				rb = port.Name
			}
			r.report(q.seq, q.rec, settled{outcome: outcome.Unknown, message: jn.lang.SentWithoutAnswer(origin, started, rb)}, nil)
			d.unsettled(p, q.rec)
			continue
		case recheck:
			q.recheck = true
		}
		if p.OperationOf(q.rec.Wire.Values) == templates.OpDelete && (known && strings.HasPrefix(st.ValueHash, "d:") &&
			(st.Outcome == journal.OutcomeInFlight || st.Outcome == string(outcome.Unknown)) || hist[k].mayHaveLanded(int64(q.place), int64(q.seq), hash)) {
			q.landed = true
		}
		q.marked, q.hash, q.values = true, hash, values
		sending[k] = journal.State{Run: jn.run, Seq: int64(q.seq), Place: int64(q.place), Outcome: journal.OutcomeInFlight, ValueHash: hash, Values: values}
		marks = append(marks, journal.Mark{Seq: int64(q.seq), Place: int64(q.place), Key: k, ValueHash: hash, Values: values})
		send = append(send, q)
	}
	if len(marks) > 0 {
		if err := jn.j.InFlight(ctx, jn.run, marks...); err != nil {
			// Nothing may go out unmarked: the run stops, these are not sent.
			d.halt(&stopError{err: journalSaid(r.cfg.Lang, err), reason: r.cfg.Lang.JournalFailed()})
		}
	}
	return send
}

// history gives the steps an earlier run took of the window's records whose last state
// alone would not skip them (few: on a re-run, those of a key the file holds several times),
// for their rows to be looked up by place; nil for the others. It runs before the window's
// records are decided one by one, with the states the run began with: a record whose key
// an earlier record of the window is sending is decided by that, never by its steps. A
// record this run has sent already is left out: its earlier steps are behind a state of
// this run at an earlier place, so none is taken (and a key in every row of a file, a
// column dragged down, would have its growing history read again for each row). The steps
// of a key with more than one state are kept for the run (the earlier runs' states do not
// change), so that such a key is read once, not once a window.
func (jn *journaling) history(p *templates.Port, window []queued, keys []journal.Key, hashes []string, states map[journal.Key]journal.State, d *dispatcher) map[journal.Key]steps {
	if jn.force {
		return nil
	}
	out := map[journal.Key]steps{}
	var ask []journal.Key
	for i, q := range window {
		k := keys[i]
		st, known := states[k]
		if !known || st.Run == jn.run && outcome.Kind(st.Outcome) != outcome.Skipped {
			continue
		}
		if jn.decide(p, q.rec, hashes[i], st, true) == skip {
			continue
		}
		if x, ok := jn.steps[k]; ok {
			out[k] = x
		} else {
			ask = append(ask, k)
		}
	}
	if len(ask) == 0 {
		return out
	}
	hist, err := jn.j.History(context.Background(), ask)
	if err != nil {
		d.halt(&stopError{err: journalSaid(jn.lang, err), reason: jn.lang.JournalFailed()})
		return nil
	}
	for k, h := range hist {
		x := stepsOf(h, jn.run)
		out[k] = x
		if len(h) > 1 && jn.stepsHeld+len(h) <= maxStepsHeld {
			if jn.steps == nil {
				jn.steps = map[journal.Key]steps{}
			}
			jn.steps[k], jn.stepsHeld = x, jn.stepsHeld+len(h)
		}
	}
	return out
}

// maxStepsHeld bounds the states whose steps a run keeps (some 100 bytes each).
const maxStepsHeld = 1 << 17

// steps are a record's steps already taken, by their place in the input: a file that holds
// one key several times (an include, then an alter; an include, a delete, an include again)
// and is imported again must not refuse its include as "imported before with other values"
// (those of the alter after it), nor delete and include the quote again. A row's step is the
// state an earlier run accepted at the same place (its place among the run's records of its
// port: the files of other ports imported with it, or not, move it not) with the same
// operation and values (hash; an include's step may be the alteration it went as, sameStep),
// every later state of the key that may have changed it (any
// but skipped) being at a later place: the rows after it in the same file, in that run or in
// those that resumed it. A later file that happens to hold the key at the same place
// (tonight's load, one quote a night) does not match: its state follows the step at a place
// not after it.
//
// A row an earlier run tried there and did not get accepted (its include failed, its delete
// found nothing) is passed, not taken, when a row of its key after it was accepted since:
// Senior's record is past it, and sending it now would undo the rows after it (an include
// of the first version refused as existing for ever, or with --on-existing alter put back
// over the last).
//
// A state written before the journal kept places (journal.State.SeqPlace) has its seq for
// a place, which counted the records of every port of its run: a row matches it by its own
// seq, as it did then, so that an upgrade finds the steps of the runs before it where it
// found them before (a run of one port's files, or the same files again).
type steps map[stepAt][]keyStep

// stepAt is where a step is: a place, or, for a state written before places (SeqPlace), a seq.
type stepAt struct {
	at  int64
	seq bool
}

// keyStep is a row's state in an earlier run; after, for a row passed, the accepted state of
// a later row of its key (its zero value for a row taken).
type keyStep struct {
	journal.State
	after journal.State
	mark  bool // no step: a row left in flight or unknown there (mayHaveLanded)
}

// passed tells a row passed from a row taken.
func (s keyStep) passed() bool { return s.after.Run != 0 }

// stepsOf finds the steps in a record's history (oldest first) for run, in one pass from
// the newest state back; a step keeps what a row's report says of it only.
func stepsOf(hist []journal.State, run int64) steps {
	x := steps{}
	low := int64(math.MaxInt64)    // the lowest place of the states after this one that may have changed it
	lowSeq := int64(math.MaxInt64) // the same by seq, for a state from before places (SeqPlace): its seq counted every port's records
	var after journal.State        // the oldest state after this one accepted by a request (ok, queued)
	for i := len(hist) - 1; i >= 0; i-- {
		s := hist[i]
		at := stepAt{s.Place, s.SeqPlace}
		before := s.Place < low
		if s.SeqPlace {
			before = s.Seq < lowSeq
		}
		if s.Run < run && before && (accepted(s.Outcome) || after.Run != 0) {
			st := keyStep{State: journal.State{Run: s.Run, RunStarted: s.RunStarted, Seq: s.Seq, Place: s.Place, SeqPlace: s.SeqPlace,
				Outcome: s.Outcome, ValueHash: s.ValueHash, ID: s.ID}}
			if !accepted(s.Outcome) {
				st.after = journal.State{Run: after.Run, RunStarted: after.RunStarted, Seq: after.Seq, Place: after.Place, SeqPlace: after.SeqPlace}
			}
			x[at] = append(x[at], st)
		} else if s.Run < run && uncertain(s.Outcome) {
			// Not a step: what may have landed at that place (see mayHaveLanded).
			x[at] = append(x[at], keyStep{State: journal.State{Run: s.Run, Seq: s.Seq, Place: s.Place, SeqPlace: s.SeqPlace,
				Outcome: s.Outcome, ValueHash: s.ValueHash}, mark: true})
		}
		if outcome.Kind(s.Outcome) != outcome.Skipped {
			if !s.SeqPlace {
				low = min(low, s.Place)
			}
			lowSeq = min(lowSeq, s.Seq)
			if accepted(s.Outcome) {
				after = s
			}
		}
	}
	return x
}

// at are the states at the place of a row at place (seq across every port's records: for
// the states written before places), newest first.
func (x steps) at(place, seq int64) []keyStep {
	placed, old := x[stepAt{at: place}], x[stepAt{at: seq, seq: true}]
	if len(old) == 0 {
		return placed
	}
	if len(placed) == 0 {
		return old
	}
	// A key with states of both kinds (runs before and after an upgrade): by run.
	all := append(slices.Clone(placed), old...)
	slices.SortStableFunc(all, func(a, b keyStep) int { return cmp.Compare(b.Run, a.Run) })
	return all
}

// taken is the step of the row at place (seq across every port's records) with value hash:
// the earliest run's taken, or else the earliest run's passed (a key with states from before
// and after places may have one of each kind).
func (x steps) taken(place, seq int64, hash string) (keyStep, bool) {
	at := x.at(place, seq)
	var found keyStep
	ok := false
	for i := len(at) - 1; i >= 0; i-- { // newest first: the earliest is last
		if !sameStep(at[i].ValueHash, hash) || at[i].mark {
			continue
		}
		if !at[i].passed() {
			return at[i], true
		}
		if !ok {
			found, ok = at[i], true
		}
	}
	return found, ok
}

// sameStep tells whether a state's value hash is the step of a row with value hash: the same,
// or the row's include sent as an alteration (--on-existing alter: Senior held the record
// with other values), which the journal keeps as the alteration that went ("a:", the same
// data). Matched by hash alone, such a row was never taken: imported again, the include
// went again as an alteration, putting its values back over those of the rows of its key
// after it, sent again too (or, without --on-existing alter, it was refused as imported
// before with other values, exit 1 for a file imported whole).
func sameStep(state, row string) bool {
	if state == row {
		return true
	}
	data, isAlter := strings.CutPrefix(state, opClass(templates.OpAlter)+":")
	rowData, isInclude := strings.CutPrefix(row, opClass(templates.OpInclude)+":")
	return isAlter && isInclude && data == rowData
}

// mayHaveLanded tells a row an earlier run left in flight or unknown at place (seq across
// every port's records) with value hash: a delete there may have deleted the record, whatever
// states of its key the rows after it left since (marked in flight before they went, or
// held back).
func (x steps) mayHaveLanded(place, seq int64, hash string) bool {
	for _, s := range x.at(place, seq) {
		if s.ValueHash == hash && uncertain(s.Outcome) {
			return true
		}
	}
	return false
}

// uncertain tells an outcome that leaves a request's fate open: in flight, or unknown.
func uncertain(o string) bool {
	return o == journal.OutcomeInFlight || o == string(outcome.Unknown)
}

// verdict is what the journal's last state of a record says to do with it now.
type verdict int

const (
	sendIt    verdict = iota
	skip              // accepted before with the same values
	refuse            // accepted before with other values, and --on-existing error
	sendAlter         // accepted before with other values, and --on-existing alter
	recheck           // in flight or unknown before: read back first
	// unsettled: an include an earlier run left in flight or unknown, in a run that cannot
	// read it back (async and scheduled modes, or a port without a read-back): it may have
	// landed, and sent again it could be stored twice. It is not sent: unknown, saying so
	// (outcome.Lang.SentWithoutAnswer), and the key's state stays the earlier run's. Alters,
	// deletes and upserts are sent again as they were (sent twice, they do no harm).
	unsettled
)

// decide applies issue 13's rules to a record's last state. It reads the two hashes only
// (resolve asks it twice of a record whose key the window does not send already): the fields
// a refusal names are found when it is reported.
func (jn *journaling) decide(p *templates.Port, rec *Record, hash string, st journal.State, known bool) verdict {
	if jn.force || !known {
		return sendIt
	}
	op := p.OperationOf(rec.Wire.Values)
	prevOp, prevData, _ := strings.Cut(st.ValueHash, ":")
	_, data, _ := strings.Cut(hash, ":")
	switch {
	case accepted(st.Outcome):
		switch op {
		case templates.OpDelete:
			if prevOp == "d" {
				return skip
			}
			return sendIt
		case templates.OpAlter:
			if prevOp != "d" && data == prevData {
				return skip
			}
			return sendIt
		}
		if prevOp == "d" {
			return sendIt // included again after a delete
		}
		if data == prevData {
			return skip
		}
		if p.OperationField == nil {
			return sendIt // an upsert: sending other values is what it is for
		}
		if composed, changed := values.Composed(st.Values); changed {
			// Sent by a version that did not compose accents (e + U+0301): the same text, kept
			// decomposed. The same record when its values, composed, are these exactly.
			if now, err := json.Marshal(rec.Wire.Tree()); err == nil && bytes.Equal(now, composed) {
				return skip
			}
		}
		if jn.onExisting == "alter" && p.OperationField.Alter != "" {
			return sendAlter
		}
		return refuse
	case uncertain(st.Outcome) && op == templates.OpInclude:
		if jn.s.readBack(p) != nil {
			return recheck
		}
		if st.Run != jn.run {
			return unsettled
		}
	}
	return sendIt
}

// alterBy is the port's operation field and its value for an alteration ("", "" for a port
// that has none).
func alterBy(p *templates.Port) (field, alter string) {
	if of := p.OperationField; of != nil {
		return of.Name, of.Alter
	}
	return "", ""
}

// changed names the fields whose values differ from those an earlier run sent.
func (jn *journaling) changed(p *templates.Port, rec *Record, earlier []byte) []string {
	var held map[string]any
	if err := json.Unmarshal(earlier, &held); err != nil {
		return nil
	}
	return soap.Changed(p, rec.Wire.Tree(), held)
}

// report settles a record's rows: its lines go to the reports, and to the journal with its
// fate (settlement; nil for a record never marked: its lines only).
func (r *run) report(seq int, rec *Record, s settled, st *journal.Settlement) {
	lines := r.lines(rec, s)
	r.keep(seq, lines, st)
	r.emit(seq, lines)
}

// keep writes a record's lines (and its settlement, if any) to the journal. A failure of the
// journal is logged once; sending stops at the next window (resolve cannot mark).
func (r *run) keep(seq int, lines []*outcome.Line, st *journal.Settlement) {
	jn := r.journal
	if jn == nil {
		return
	}
	raw := make([][]byte, 0, len(lines))
	for _, l := range lines {
		_, seen := jn.headers.LoadOrStore(l.File+"\x00"+l.Sheet, true) // a sheet's header once per run
		if b, err := l.MarshalFull(!seen); err == nil {
			raw = append(raw, b)
		}
	}
	ctx := context.Background()
	var err error
	if st == nil {
		err = jn.j.AddLines(ctx, jn.run, int64(seq), raw)
	} else {
		st.Lines = raw
		if st.At.IsZero() {
			st.At = time.Now()
		}
		err = jn.j.Settle(ctx, jn.run, *st)
	}
	if err != nil && r.journalErr.CompareAndSwap(nil, &err) {
		r.cfg.Logger.Error(r.cfg.Lang.LogJournalFailed(), "error", journalSaid(r.cfg.Lang, err))
	}
}

// settlement is the journal's record of what became of record i of a job that went to the
// dispatcher (marked in flight): nil without a journal.
func (r *run) settlement(j *job, i int, s settled) *journal.Settlement {
	jn := r.journal
	if jn == nil {
		return nil
	}
	p, rec := j.u.port, j.u.recs[i]
	hash, values := j.hash[i], j.values[i]
	if hash == "" || p.OperationOf(rec.Wire.Values) == templates.OpAlter && !strings.HasPrefix(hash, "a:") {
		hash, values = fingerprint(p, rec.Wire) // an alter sent in place of an include changed them
	}
	st := &journal.Settlement{Seq: int64(j.seqs[i]), Place: int64(j.places[i]), Key: jn.key(p, rec), Outcome: string(s.outcome),
		ValueHash: hash, Values: values, ID: s.id, Answer: s.message, Attempts: j.attempts}
	if (s.outcome == outcome.NotSent || s.outcome == outcome.Invalid) && !j.written[i] {
		// Never went: the key's state stays what it was before this run marked it (an
		// earlier run's in flight is read back by the next run, not sent as new). So for an
		// include an earlier, killed run left in flight whose row changed since, found in
		// Senior with its other values by the read-back before sending: settled invalid over
		// the mark, the next run sent it as new, an include of a quote Senior holds.
		st.Withdrawn = true
	}
	return st
}

// lockJournal waits for the journal's lock for runs (journal.LockRuns), so that two runs
// never send the same records at once: a run that finds another holding it says so and waits
// its turn, then finds what the other did. It reports false when interrupted while waiting:
// the run then keeps no journal, and process reports every row not_sent.
func (r *run) lockJournal(ctx context.Context) (release func(), ok bool, err error) {
	cfg := r.cfg
	began := time.Now()
	waited, held := false, ""
	// The wait is bounded by --give-up-after, as one for Senior is: a hung holder kept every
	// later night's run waiting, none exiting, no alert (a hygiene tester).
	lockCtx, cancel := context.WithTimeout(ctx, cfg.GiveUpAfter)
	defer cancel()
	release, err = cfg.Journal.LockRuns(lockCtx, func(holder string) {
		waited, held = true, holder
		cfg.Logger.Warn(cfg.Lang.LogJournalBusy(), "path", cfg.Journal.Path(), "held_by", holder,
			"waited", time.Since(began).Round(time.Second).String())
	})
	switch {
	case errors.Is(err, journal.ErrNoLock):
		cfg.Logger.Warn(cfg.Lang.LogJournalNoLock(), "path", cfg.Journal.Path(), "error", err)
		return release, true, nil
	case err != nil && ctx.Err() != nil:
		cfg.Logger.Warn(cfg.Lang.LogJournalWaitInterrupted(), "path", cfg.Journal.Path())
		return func() {}, false, nil
	case err != nil && lockCtx.Err() != nil:
		// Nothing is sent: every row not_sent, saying why, exit 2.
		r.stopFirst = &stopError{err: err, reason: cfg.Lang.JournalBusyGaveUp(held, cfg.GiveUpAfter)}
		return func() {}, false, nil
	case err != nil:
		return nil, false, &ConfigError{journalError(cfg.Lang, cfg.Journal.Path(), err)}
	}
	if waited {
		cfg.Logger.Info(cfg.Lang.LogJournalFree(), "waited", time.Since(began).Round(time.Second).String())
	}
	return release, true, nil
}

// startJournal records the run's start: command, settings (no secret), inputs and their
// hashes.
func (r *run) startJournal(inputs []*Input, started time.Time) error {
	cfg := r.cfg
	var files []journal.Input
	for _, in := range inputs {
		for _, f := range in.files() {
			h, size, err := hashFile(in.opt.files(), f.path)
			if err != nil {
				// Named as reports name it (the watcher's file as dropped, not its place in
				// processing/), in the run's language: a link put in its place since it was
				// opened said "open /srv/entrada/processing/x.csv: the file is a link, ...".
				return &ConfigError{sayFile(cfg.Lang, f.name, err)}
			}
			files = append(files, journal.Input{Path: f.name, SHA256: h, Size: size})
		}
	}
	settings := map[string]string{
		"endpoint": cfg.Endpoint, "crm-endpoint": cfg.CRMEndpoint, "user": cfg.G5.User, "crm-user": cfg.CRM.User,
		"mode": string(cfg.Mode), "workers": strconv.Itoa(cfg.Workers), "batch": strconv.Itoa(cfg.Batch),
		"locale": string(cfg.Input.Values.Locale), "round": string(cfg.Input.Values.Rounding), "lang": string(cfg.Lang),
		"op": cfg.Input.Op, "force": strconv.FormatBool(cfg.Force), "on-existing": cfg.OnExisting,
	}
	maps.DeleteFunc(settings, func(_, v string) bool { return v == "" })
	if !cfg.Force && r.sender != nil {
		if err := r.knownElsewhere(inputs); err != nil {
			return &ConfigError{err}
		}
	}
	id, err := cfg.Journal.StartRun(context.Background(), journal.RunInfo{Command: cfg.Command, Settings: settings, Inputs: files, Started: started})
	if err != nil {
		return &ConfigError{journalError(cfg.Lang, cfg.Journal.Path(), err)}
	}
	r.journal = &journaling{j: cfg.Journal, run: id, force: cfg.Force, onExisting: cfg.OnExisting, lang: cfg.Lang, s: r.sender}
	cfg.Logger.Info(cfg.Lang.LogJournal(), "run", id, "path", cfg.Journal.Path())
	if r.logRun != nil { // every line from here on says it too
		r.logRun.Store(id)
	}
	if up := cfg.Journal.TakeUpgrade(); up.Kept != "" {
		cfg.Logger.Info(cfg.Lang.LogJournalUpgraded(), "schema", up.From, "to", up.To, "copy", up.Kept)
	} else if up.From > 0 {
		cfg.Logger.Warn(cfg.Lang.LogJournalNotKept(), "schema", up.From, "to", up.To, "error", up.Err)
	}
	return nil
}

// finishJournal records the run's end, and everything still queued.
func (r *run) finishJournal(sum outcome.Summary) {
	jn := r.journal
	if jn == nil {
		return
	}
	counts := map[string]int{}
	for k, n := range sum.Outcomes {
		counts[string(k)] = n
	}
	end := journal.RunEnd{Finished: sum.Finished, Rows: sum.Rows, Records: sum.Records, Outcomes: counts, ExitCode: sum.ExitCode}
	// The whole summary, for `importer report N`: its Resumo then says what this run's did
	// (warnings, files refused, charsets, hidden rows, the totals checked), not only what the
	// report lines tell.
	end.Summary, _ = json.Marshal(sum)
	if err := jn.j.FinishRun(context.Background(), jn.run, end); err != nil {
		r.cfg.Logger.Error(r.cfg.Lang.LogJournalFailed(), "error", journalSaid(r.cfg.Lang, err))
	}
}

// hashFile is a file's SHA-256 and size.
func hashFile(files readers.Files, path string) (string, int64, error) {
	f, err := files.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// knownElsewhere refuses a run whose Senior the journal knows under another address: for a
// port of the run, the journal holds no record under this run's target, and holds some under
// a target of the same path and user whose host is another name of the same server (the same
// port, and an address in common, or both loopback: localhost and 127.0.0.1, a DNS name and
// the address it replaced). To the journal those are two Seniors: everything sent under the
// other spelling went again (a night's load resent: CRM upserts rewritten, each G5 include
// refused as a duplicate, then read back). Nothing is sent: the message gives the address as
// the journal knows it, and --force (which skips this) for two Seniors that do share a server.
func (r *run) knownElsewhere(inputs []*Input) error {
	seen := map[string]bool{}
	for _, in := range inputs {
		p := in.Port
		if p == nil || seen[p.Name] {
			continue
		}
		seen[p.Name] = true
		mine := r.sender.target(p)
		targets, err := r.cfg.Journal.Targets(context.Background(), p.Name)
		if err != nil {
			return journalError(r.cfg.Lang, r.cfg.Journal.Path(), err)
		}
		if slices.Contains(targets, mine) {
			continue
		}
		for _, other := range targets {
			if addr, ok := sameServer(mine, other); ok {
				mh, rest := splitTarget(mine)
				oh, _ := splitTarget(other)
				path, user, _ := strings.Cut(rest, " ")
				return errors.New(r.cfg.Lang.SeniorKnownElsewhere(p.Name, oh+path, mh+path, user, addr))
			}
		}
	}
	return nil
}

// splitTarget cuts a target (sender.target) into its host (with its port, if any) and the
// rest: the path and, after a space, the user.
func splitTarget(t string) (host, rest string) {
	if i := strings.IndexAny(t, "/ "); i >= 0 {
		return t[:i], t[i:]
	}
	return t, ""
}

// sameServer tells whether targets a and b differ only in how their server is named: the
// same path and user, the same port, and hosts with an address in common (or both loopback);
// addr is that address.
func sameServer(a, b string) (addr string, same bool) {
	ha, ra := splitTarget(a)
	hb, rb := splitTarget(b)
	if ra != rb || ha == hb {
		return "", false
	}
	ua, ub := url.URL{Host: ha}, url.URL{Host: hb}
	if ua.Port() != ub.Port() {
		return "", false
	}
	xa, xb := addrsOf(ua.Hostname()), addrsOf(ub.Hostname())
	for _, x := range xa {
		for _, y := range xb {
			if x == y || x.IsLoopback() && y.IsLoopback() {
				return x.String(), true
			}
		}
	}
	return "", false
}

// addrsOf is a host's addresses: itself when it is one, else what the resolver says within
// a few seconds (none when it says nothing: a name that no longer resolves is no alias).
func addrsOf(host string) []netip.Addr {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip.Unmap()}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	ips, _ := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	for i := range ips {
		ips[i] = ips[i].Unmap()
	}
	return ips
}

// journalError names the journal at path in its error err, in lang (the journal's own words
// stay as they are: the system's or SQLite's). "journal /x/y.db: ..." was English in a
// Portuguese run.
func journalError(lang outcome.Lang, path string, err error) error {
	return &saidError{msg: lang.JournalError(path, journalSaid(lang, err).Error()), err: err}
}

// journalSaid is the journal's error err as the run says it: the journal's words, and when a
// limit on the size of the files this process writes (ulimit -f) is their likely cause (SQLite
// says only "disk I/O error"), what to do in lang. The journal says that in English: a
// Portuguese run's log read "o diário de execuções falhou ... (this process may write files
// of at most 65536 bytes: ...)".
func journalSaid(lang outcome.Lang, err error) error {
	var we *journal.WriteError
	if errors.As(err, &we) && we.SizeLimit > 0 {
		return &saidError{msg: fmt.Sprintf("%v (%s)", we.Err, lang.JournalSizeLimit(we.SizeLimit)), err: err}
	}
	return err
}
