package pipeline

import (
	"cmp"
	"context"
	"errors"
	"hash/maphash"
	"maps"
	"math"
	"seniorimporter/outcome"
	"seniorimporter/readers"
	"seniorimporter/templates"
	"seniorimporter/values"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/sync/errgroup"
)

// Records streams the input's records, in file order, each assembled from its rows (and its
// set sheets' rows) and checked. Rows of a record's sets are joined by the parent's key:
// memory stays bounded when set rows come in the order of their records; rows that come
// out of order are held until their record is read (see README, "Set sheets"). A file with
// no record at all adds a warning (a header and no rows: nothing to import today), or is
// Unimportable when its header had problems (with no row to carry them, they were said
// nowhere) or when it has no header either (empty: an export that failed).
func (in *Input) Records(ctx context.Context, fn func(*Record) error) error {
	n := 0
	err := in.records(ctx, func(r *Record) error {
		n++
		return fn(r)
	})
	if err == nil && n == 0 {
		switch {
		case len(in.fileErrs) > 0:
			in.unimportable = in.opt.Lang.NoRows(in.File, in.fileErrs)
		case in.record.header == nil:
			in.unimportable = in.opt.Lang.NoHeader(where(in.record))
		default:
			in.Warnings = append(in.Warnings, in.opt.Lang.NoRows(in.File, nil))
		}
	}
	return err
}

// Unimportable says what is wrong with a file that gave no record while its header had
// problems, or that had no header either (empty): no row carries it, and nothing of the file
// can be imported as it is. "" when the file gave records, or none under a sound header.
func (in *Input) Unimportable() string { return in.unimportable }

func (in *Input) records(ctx context.Context, fn func(*Record) error) error {
	for _, pl := range in.plans() {
		pl.totals, pl.hidden = nil, 0
	}
	if len(in.fileErrs) > 0 {
		return in.allInvalid(ctx, fn)
	}
	rec := in.record
	if rec.header == nil {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// Pass 1 over the set sheets: how many rows each parent has, so a record knows when it
	// has all of its children without reading the whole sheet into memory.
	streams := make([]*setStream, len(in.sets))
	var tooMany string // a parent key with more rows than a record takes
	for i, pl := range in.sets {
		stream := newSetStream(pl, in)
		streams[i] = stream
		defer stream.spill.remove()
		err := pl.src.Rows(ctx, pl.srcSheet, func(r readers.Row) error {
			if in.notData(pl, r) || in.totalsRow(pl, r) != nil {
				return nil
			}
			k := in.parentKey(pl, r.Cells)
			h := stream.hash(k)
			stream.counts[h]++
			if n := int(stream.counts[h]); n > maxRecordRows && tooMany == "" {
				tooMany = k
			}
			return nil
		})
		if err != nil {
			return sayFile(in.opt.Lang, where(pl), err)
		}
		if tooMany != "" {
			// The record would be assembled whole in memory (a parent key column copied down:
			// 300,000 item rows of one quote took 875 MB). Every row of the file is reported,
			// streamed, with why.
			in.fileErrs = append(in.fileErrs, in.opt.Lang.TooManyChildRows(where(pl), displayKey(tooMany), int(stream.counts[stream.hash(tooMany)]), maxRecordRows))
			return in.allInvalid(ctx, fn)
		}
	}
	// The set rows no record claims are looked for when a record comes with none of a set
	// whose rows are not all taken yet (build): it may be theirs, its key mistyped on them.
	scan := &orphanScan{ctx: ctx}
	for _, s := range streams {
		s.scan = scan
	}
	// Pass 2: the set sheets stream beside the record sheet.
	var g errgroup.Group
	for _, stream := range streams {
		pl := stream.pl
		stream.ch = make(chan *parsedRow, 256)
		g.Go(func() error {
			defer close(stream.ch)
			err := pl.src.Rows(ctx, pl.srcSheet, func(r readers.Row) error {
				if in.notData(pl, r) || !in.isData(pl, r) {
					return nil
				}
				pr := in.parse(pl, r)
				select {
				case stream.ch <- pr:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
			if err != nil && ctx.Err() == nil {
				return sayFile(in.opt.Lang, where(pl), err)
			}
			return nil
		})
	}

	var group []*parsedRow
	// With dotted set columns a record's rows come together. The same key again further down
	// may be another operation on it, sent in file order (include, alter, delete, include
	// again: DESIGN.md); but an include again of a key whose rows last were an include is the
	// file out of order (sorted by product, say): Senior would refuse it as a duplicate, and
	// the quote would keep half its items. Those rows are refused, naming where the include
	// came first, so that validate says it before a run sends anything. The keys are held as
	// 64-bit hashes, the first maxApart of them (200,000 records: about 30 MB; a million keys
	// as strings took 210): two keys of one hash, one chance in tens of millions, would refuse
	// an include that is not out of order, never send one that is.
	var lastOp map[uint64]apart
	var seed maphash.Seed
	opCol := -1
	if of := in.Port.OperationField; rec.dotted && of != nil {
		lastOp, seed = map[uint64]apart{}, maphash.MakeSeed()
		for j, c := range rec.cols {
			if c.path == of.Name {
				opCol = j
			}
		}
	}
	// The keys whose rows come apart are found before any record goes: the first rows of such
	// a key (a sheet sorted by product: each quote's first item) went out as the whole quote,
	// ok, and Senior kept it with one item of three.
	var comesAgain map[uint64]rowsAgain
	if lastOp != nil {
		var err error
		if comesAgain, err = in.apartKeys(ctx, rec, opCol, seed); err != nil {
			cancel()
			_ = g.Wait()
			if fileSays(err) {
				return sayFile(in.opt.Lang, where(rec), err)
			}
			return err
		}
	}
	var again *repeats
	if in.Port.OperationField == nil && in.Port.Access == "write" {
		again = &repeats{seed: maphash.MakeSeed()}
	}
	opOf := func(pr *parsedRow) string {
		if opCol >= 0 {
			return pr.vals[opCol]
		}
		return in.consts[in.Port.OperationField.Name]
	}
	// A record of dotted set columns whose rows pass maxRecordRows (its key column copied
	// down) is not assembled: its rows go out invalid a chunk at a time, held no longer.
	var oversize string // that record's key while its rows go by
	flush := func() error {
		if len(group) == 0 {
			return nil
		}
		if oversize != "" {
			r := in.tooManyRows(group)
			group = nil
			return fn(r)
		}
		r := in.build(group, streams)
		group = nil
		for _, s := range streams {
			if s.err != nil { // a record missing rows held on disk is never sent
				return s.err
			}
		}
		return fn(r)
	}
	err := rec.src.Rows(ctx, rec.srcSheet, func(r readers.Row) error {
		if in.notData(rec, r) || !in.isData(rec, r) {
			return nil
		}
		pr := in.parse(rec, r)
		// Rows of one record are consecutive: with dotted set columns, a row that repeats the
		// key adds children to the record above it.
		if rec.dotted && pr.key != "" && (len(group) > 0 && pr.key == group[0].key || pr.key == oversize) {
			group = append(group, pr)
			if len(group) > maxRecordRows || oversize != "" && len(group) >= oversizeChunk {
				oversize = pr.key
				return flush()
			}
			return nil
		}
		if err := flush(); err != nil {
			return err
		}
		oversize = ""
		if again != nil && pr.key != "" {
			again.note(pr.key, pr.line)
		}
		if lastOp != nil && pr.key != "" {
			h := maphash.String(seed, pr.key)
			include := opOf(pr) == in.Port.OperationField.Include
			prev, seen := lastOp[h]
			bad, isApart := comesAgain[h]
			switch {
			case isApart && !seen: // its first rows: the rest comes further down
				pr.problems = append(pr.problems, outcome.Problem{Reason: in.opt.Lang.RecordRowsAgain(displayKey(pr.key), int(bad.again))})
			case isApart:
				pr.problems = append(pr.problems, outcome.Problem{Reason: in.opt.Lang.RecordRowsApart(displayKey(pr.key), int(bad.first))})
			case seen && prev.include && include:
				pr.problems = append(pr.problems, outcome.Problem{Reason: in.opt.Lang.RecordRowsApart(displayKey(pr.key), int(prev.line))})
			}
			if isApart && !seen || !isApart && (seen || len(lastOp) < maxApart) && !(seen && prev.include && include) {
				lastOp[h] = apart{line: int32(min(pr.line, math.MaxInt32)), include: include}
			}
		}
		group = []*parsedRow{pr}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		cancel()
		_ = g.Wait()
		if fileSays(err) {
			return sayFile(in.opt.Lang, where(rec), err)
		}
		return err
	}
	// Set rows no record claimed: children with no parent. Those read ahead go first, by key;
	// the rest of the sheet streams through, its rows of one key together while they are
	// consecutive, so that a set sheet of a million rows whose records are not in the file
	// (the wrong month's items) takes no more memory than one that matches.
	orphans := func(k string, rows []*parsedRow) error {
		// The key is the parent's the rows name: the report shows it, and the summary's causes
		// group the rows of every missing parent as one.
		r := &Record{Port: in.Port, Key: displayKey(k), Problems: map[int][]outcome.Problem{}}
		for i, pr := range rows {
			r.Rows = append(r.Rows, pr.source())
			r.Problems[i] = append(pr.problems, outcome.Problem{Reason: in.opt.Lang.Orphan(displayKey(k))})
		}
		return fn(r)
	}
	for _, stream := range streams {
		err := func() error {
			for _, k := range stream.heldKeys() {
				rows := stream.release(k)
				if stream.err != nil {
					return stream.err
				}
				if err := orphans(k, rows); err != nil {
					return err
				}
			}
			stream.held = nil
			var run []*parsedRow
			for pr := range stream.ch {
				if len(run) > 0 && pr.key != run[0].key {
					if err := orphans(run[0].key, run); err != nil {
						return err
					}
					run = nil
				}
				run = append(run, pr)
			}
			if len(run) > 0 {
				return orphans(run[0].key, run)
			}
			return nil
		}()
		if err != nil {
			cancel()
			_ = g.Wait()
			return err
		}
	}
	if err := g.Wait(); err != nil {
		return err
	}
	in.accidentWarnings()
	for _, pl := range in.plans() {
		if len(pl.looksAbove) > 0 {
			rows := slices.Sorted(maps.Keys(pl.looksAbove))
			var noted rowsNoted
			for _, l := range rows {
				noted.add(l)
			}
			in.Warnings = append(in.Warnings, in.opt.Lang.LooksAboveHeader(where(pl), in.opt.Lang.RowList(noted.rows, noted.n), pl.headerLine))
		}
		// A totals row marked by its label alone with no money to reconcile is named by
		// nothing else: a key-only row ("TOTAL;;") left the report without a word.
		var unsummed []string
		for _, t := range pl.totals {
			if t.Label != "" && len(t.Values) == 0 {
				unsummed = append(unsummed, in.opt.Lang.FooterNote(t.Line, t.Label))
			}
		}
		if len(unsummed) > 0 {
			in.Warnings = append(in.Warnings, in.opt.Lang.TotalsRowsUnsummed(where(pl), strings.Join(unsummed, "; ")))
		}
		if len(pl.footers) > 0 {
			var notes []string
			for _, l := range slices.Sorted(maps.Keys(pl.footers)) {
				notes = append(notes, in.opt.Lang.FooterNote(l, pl.footers[l]))
			}
			in.Warnings = append(in.Warnings, in.opt.Lang.FooterNotes(where(pl), strings.Join(notes, "; "), pl.sheet != ""))
		}
	}
	if again != nil {
		if rows, pairs := again.found(); rows.n > 0 {
			in.Warnings = append(in.Warnings, in.opt.Lang.KeysRepeat(where(rec), in.Port.Name, strings.Join(in.Port.Key, ", "),
				in.opt.Lang.RowList(rows.rows, rows.n), pairs))
		}
	}
	return nil
}

// oversizeChunk is how many rows of a record past maxRecordRows go out at a time (a variable:
// tests lower it).
var oversizeChunk = 10_000

// tooManyRows reports rows of a record past maxRecordRows, every one invalid with why.
func (in *Input) tooManyRows(rows []*parsedRow) *Record {
	key := displayKey(rows[0].key)
	r := &Record{Port: in.Port, Key: key, Problems: map[int][]outcome.Problem{}}
	why := outcome.Problem{Reason: in.opt.Lang.TooManyRecordRows(key, maxRecordRows)}
	for i, pr := range rows {
		r.Rows = append(r.Rows, pr.source())
		r.Problems[i] = append(pr.problems, why)
	}
	return r
}

// repeats finds, for a port that saves over a record of the same key (a CRM set: no operation
// field), the records whose key came already further up the file: in Senior each replaces the
// one before and only the last stays, which is most often a wrong key column (a constant, a
// cell dragged down in Excel) that would turn ten thousand rows into one record, each row
// reported ok. Said once per file, a warning (a later row that corrects an earlier one is
// legitimate). The first maxRepeatKeys records' keys are kept as 64-bit hashes with their
// rows, in chunks (no copy as they grow), and sorted once at the end: a map looked up per row
// cost 12 % of a 500,000-row validate in cache misses, and every byte kept costs five in the
// importer's heap (GOGC 400).
type repeats struct {
	seed   maphash.Seed
	chunks [][]keyAt
	n      int
}

type keyAt struct {
	h    uint64
	line int32
}

const (
	// maxRepeatKeys: 0.8 MB of keys, some 4 MB of the importer's heap. At 100,000 (1.6 MB)
	// RunMemory1M peaked at 147 MB against 140 before (goal < 150); the mistakes this is for
	// show in a file's first rows.
	maxRepeatKeys = 50_000
	repeatChunk   = 4096
)

func (r *repeats) note(key string, line int) {
	if r.n >= maxRepeatKeys {
		return
	}
	if r.n%repeatChunk == 0 {
		r.chunks = append(r.chunks, make([]keyAt, 0, repeatChunk))
	}
	last := &r.chunks[len(r.chunks)-1]
	*last = append(*last, keyAt{maphash.String(r.seed, key), int32(min(line, math.MaxInt32))})
	r.n++
}

// found is the rows that repeat a key of a row above, in file order, and for the first three
// of them the row each repeats.
func (r *repeats) found() (rowsNoted, [][2]int) {
	seen := make([]keyAt, 0, r.n)
	for _, c := range r.chunks {
		seen = append(seen, c...)
	}
	r.chunks, r.n = nil, 0
	slices.SortFunc(seen, func(a, b keyAt) int { return cmp.Or(cmp.Compare(a.h, b.h), cmp.Compare(a.line, b.line)) })
	var pairs [][2]int // the repeating row, the row it repeats
	first := 0
	for i := 1; i < len(seen); i++ {
		if seen[i].h != seen[first].h {
			first = i
			continue
		}
		pairs = append(pairs, [2]int{int(seen[i].line), int(seen[first].line)})
	}
	slices.SortFunc(pairs, func(a, b [2]int) int { return cmp.Compare(a[0], b[0]) })
	var rows rowsNoted
	for _, p := range pairs {
		rows.add(p[0])
	}
	return rows, pairs[:min(3, len(pairs))]
}

// maxApart is how many record keys of a file with dotted set columns are remembered to find
// an include whose rows come apart (see records).
const maxApart = 200_000

// rowsAgain is a key whose rows come apart: an include again after an include, the file out of
// order. first is the row its rows began on, again the first row of the include again.
type rowsAgain struct{ first, again int32 }

// apartKeys reads the record sheet rec (dotted set columns, a port with an operation in column
// opCol, -1 for a constant) for its keys and operations alone, as records reads them: the
// keys whose rows come apart, an include again after an include (hashed with seed, the first
// maxApart keys), so that records refuses each of their rows, the first ones too. It costs a
// reading of the sheet, for such files only.
func (in *Input) apartKeys(ctx context.Context, rec *sheetPlan, opCol int, seed maphash.Seed) (map[uint64]rowsAgain, error) {
	out := map[uint64]rowsAgain{}
	last := map[uint64]apart{}
	firstOf := map[uint64]int32{}
	current := ""
	err := rec.src.Rows(ctx, rec.srcSheet, func(r readers.Row) error {
		if r.Err != nil {
			current = "" // records makes it a record of its own, which ends the one above
			return nil
		}
		if in.notData(rec, r) || in.totalsRow(rec, r) != nil {
			return nil
		}
		key, op, ok := in.keyAndOp(rec, r.Cells, opCol)
		if !ok || key == current {
			current = key
			return nil
		}
		current = key
		h := maphash.String(seed, key)
		line := int32(min(r.Line, math.MaxInt32))
		include := op == in.Port.OperationField.Include
		prev, seen := last[h]
		switch {
		case seen && prev.include && include:
			if _, said := out[h]; !said {
				out[h] = rowsAgain{first: firstOf[h], again: line}
			}
		case seen || len(last) < maxApart:
			if !seen {
				firstOf[h] = line
			}
			last[h] = apart{line: line, include: include}
		}
		return nil
	})
	return out, err
}

// keyAndOp is a record row's key (as recordKey has it) and operation, from its cells alone;
// ok is false when a key value is missing or at fault.
func (in *Input) keyAndOp(pl *sheetPlan, cells []readers.Cell, opCol int) (key, op string, ok bool) {
	value := func(c *column) (string, bool) {
		if c.idx >= len(cells) {
			return "", true
		}
		v, err := values.Normalise(c.field, in.cellInput(cells[c.idx]), c.opts)
		return v, err == nil
	}
	parts := make([]string, len(in.Port.Key))
	for i, k := range in.Port.Key {
		v := in.consts[k]
		for _, c := range pl.cols {
			if c.path == k {
				cv, good := value(c)
				if !good {
					return "", "", false
				}
				if cv != "" {
					if k0, fixed := in.consts[k]; fixed && cv != k0 {
						return "", "", false // says other than the constant: no key (ConstantDiffers)
					}
					v = cv
				}
			}
		}
		if v == "" {
			return "", "", false
		}
		parts[i] = v
	}
	op = in.consts[in.Port.OperationField.Name]
	if opCol >= 0 {
		if v, good := value(pl.cols[opCol]); good && v != "" {
			op = v
		}
	}
	return strings.Join(parts, "\x1f"), op, true
}

// apart is what records remembers of a key: the row its last operation began on, and whether
// that operation was an include.
type apart struct {
	line    int32
	include bool
}

// setStream is one set sheet read beside the record sheet.
//
// What it keeps per parent key for the whole file (the rows each has, the record that took
// them) it keeps by the key's 64-bit hash: as strings, the two maps were 105 MB of the 140 MB
// live heap of a 1,000,000-quote validate. Two keys of one hash (one chance in some 30
// million there) cost time, never rows: the first waits for both keys' rows (the sheet is
// read to its end), and counts go down by the rows taken, so the second finds its own.
type setStream struct {
	pl     *sheetPlan
	in     *Input
	hash   func(key string) uint64 // a parent key's 64-bit hash (tests make keys collide)
	counts map[uint64]int32        // rows per parent key's hash not yet taken (pass 1)
	ch     chan *parsedRow         // the rows, in sheet order
	held   map[string][]*parsedRow // rows read ahead of their record, in memory
	inMem  int                     // how many rows held is
	spill  rowSpill                // rows read ahead past maxHeldRows
	spans  map[string][]span       // parent key → where its rows lie in spill
	err    error                   // a row held in spill could not be read back: the file stops
	given  map[uint64]int32        // parent key's hash → line of the record that took its rows
	// orphans are the sheet's rows whose parent key names no record of the file, once
	// looked for (scan); nil when there are none.
	orphans *setOrphans
	scan    *orphanScan
}

func newSetStream(pl *sheetPlan, in *Input) *setStream {
	seed := maphash.MakeSeed()
	return &setStream{pl: pl, in: in, hash: func(k string) uint64 { return maphash.String(seed, k) },
		counts: map[uint64]int32{}, held: map[string][]*parsedRow{}, given: map[uint64]int32{}}
}

// take returns the rows of the set sheet whose parent is key, reading ahead as needed.
func (s *setStream) take(key string) []*parsedRow {
	h := s.hash(key)
	want := int(s.counts[h])
	if want == 0 {
		return nil
	}
	for len(s.held[key])+len(s.spans[key]) < want {
		pr, ok := <-s.ch
		if !ok {
			break
		}
		s.hold(pr, key)
	}
	rows := s.release(key)
	if left := want - len(rows); left > 0 {
		s.counts[h] = int32(left) // another key's of the same hash (or a sheet that broke off)
	} else {
		delete(s.counts, h)
	}
	return rows
}

// hold keeps a row read ahead of its record: in memory, or once maxHeldRows are, in the
// spill file (the rows of want, the record being assembled, stay in memory: they are taken
// at once).
func (s *setStream) hold(pr *parsedRow, want string) {
	if s.inMem >= maxHeldRows && pr.key != want {
		if sp, err := s.spill.put(pr); err == nil {
			if s.spans == nil {
				s.spans = map[string][]span{}
			}
			s.spans[pr.key] = append(s.spans[pr.key], sp)
			return
		}
		// A temporary file that cannot be written (a full disk): the row stays in memory.
	}
	s.held[pr.key] = append(s.held[pr.key], pr)
	s.inMem++
}

// release returns the rows held for key, in sheet order, and forgets them.
func (s *setStream) release(key string) []*parsedRow {
	rows := s.held[key]
	delete(s.held, key)
	s.inMem -= len(rows)
	sps := s.spans[key]
	if len(sps) == 0 {
		return rows
	}
	delete(s.spans, key)
	for _, sp := range sps {
		pr, err := s.spill.get(sp, s.pl, s.in)
		if err != nil {
			s.err = cmp.Or(s.err, err)
			continue
		}
		rows = append(rows, pr)
	}
	slices.SortStableFunc(rows, func(a, b *parsedRow) int { return cmp.Compare(a.line, b.line) })
	return rows
}

// heldKeys is the parent keys of the rows held, in memory or in spill, sorted.
func (s *setStream) heldKeys() []string {
	keys := slices.Collect(maps.Keys(s.held))
	for k := range s.spans {
		if _, ok := s.held[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// allInvalid reports every row of a file with a file-level problem as invalid.
func (in *Input) allInvalid(ctx context.Context, fn func(*Record) error) error {
	reason := strings.Join(in.fileErrs, "; ")
	for _, pl := range append(in.plans(), in.strays...) {
		if pl.header == nil {
			continue
		}
		err := pl.src.Rows(ctx, pl.srcSheet, func(r readers.Row) error {
			if in.notData(pl, r) || !in.isData(pl, r) {
				return nil
			}
			rec := &Record{
				Port:     in.Port,
				Rows:     []SourceRow{{File: pl.file, Sheet: pl.sheet, Line: r.Line, Header: pl.header, Cells: in.originals(r.Cells)}},
				Problems: map[int][]outcome.Problem{0: {{Reason: reason}}},
			}
			if pl == in.record {
				rec.SetRows = in.keptSetRows(r.Cells)
			}
			return fn(rec)
		})
		if err != nil {
			return sayFile(in.opt.Lang, where(pl), err)
		}
	}
	return nil
}

// keptSetRows are the counts a re-import file's record row holds ("#linhas em itens"), for a
// row refused with its whole file (a column missing): unchecked, and its rows counted by
// nothing else, its next re-import file keeps them, so that saved as CSV it is still told.
func (in *Input) keptSetRows(cells []readers.Cell) []outcome.SetRows {
	var out []outcome.SetRows
	for _, c := range in.record.setRows {
		if c.idx >= len(cells) {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimSpace(in.original(cells[c.idx]).Text)); err == nil && n >= 0 {
			out = append(out, outcome.SetRows{Set: c.set.Name, Rows: n})
		}
	}
	return out
}

// plans are the input's sheets: the record sheet, then the set sheets.
func (in *Input) plans() []*sheetPlan {
	return append([]*sheetPlan{in.record}, in.sets...)
}

// isData tells a data row from a totals row, noting the latter and counting hidden rows; a
// sheet is read by one goroutine at a time, so its plan's counts need no lock.
func (in *Input) isData(pl *sheetPlan, r readers.Row) bool {
	if t := in.totalsRow(pl, r); t != nil {
		pl.totals = append(pl.totals, *t)
		return false
	}
	if r.Hidden {
		pl.hidden++
	}
	return true
}

// fileSays tells an error reading the file that sayFile words for the user (a file refused, a
// link in its place), as against one it passes on as it is.
func fileSays(err error) bool {
	fe := (*readers.FileError)(nil)
	return errors.As(err, &fe) || errors.Is(err, readers.ErrLink)
}

// TotalsRow is a row that sums the data above it (or a part of it): its key columns empty (or
// holding the label), and a cell reading "total" (TOTAL, Total geral, Subtotal) or a
// SUM/SUBTOTAL formula. It is
// not a record and gets no report line; the summary names it and can reconcile its values with
// the sums read.
type TotalsRow struct {
	File   string
	Sheet  string // "" for CSV
	Line   int
	Values []TotalsValue // its cells in the columns of money fields, the ones whose sums are read
	// Label is the text that marked it ("TOTAL", "Total: 3 contas"); "" for a row marked by
	// a SUM or SUBTOTAL formula.
	Label string
}

// TotalsValue is one cell of a totals row in a money field's column, as the file has it.
type TotalsValue struct {
	Field  string // the field's path ("vlrBru", "itens.vlrLiq")
	Column string // the header
	Cell   string // "F16"
	// Value is the number the file holds (cached, for a formula) as an exact decimal with a
	// point ("10472.5"), as Tally.AddTotal takes it; "" for a formula saved without a value or
	// a text that is no number.
	Value   string
	Formula string // without "=" ("SUM(F5:F14)"), when readers tell it
}

// Totals are the totals rows found by Records, sheet by sheet in file order.
func (in *Input) Totals() []TotalsRow {
	var out []TotalsRow
	for _, pl := range in.plans() {
		out = append(out, pl.totals...)
	}
	return out
}

// HiddenRows is how many data rows Records read that were hidden in their sheet (they are
// data like any other).
func (in *Input) HiddenRows() int {
	n := 0
	for _, pl := range in.plans() {
		n += pl.hidden
	}
	return n
}

// totalsRow returns what a row holds when it is a totals row, else nil. A sheet with no key
// column of its own has no way to tell one, and has none.
func (in *Input) totalsRow(pl *sheetPlan, r readers.Row) *TotalsRow {
	if len(pl.keyIdx) == 0 || r.Err != nil { // an unreadable row keeps its report line
		return nil
	}
	for _, i := range pl.keyIdx { // the label often sits in the first column, a key's
		if i < len(r.Cells) && !blank(r.Cells[i]) && !(r.Cells[i].Kind == readers.Text && isTotalLabel(r.Cells[i].Raw)) {
			return nil
		}
	}
	// Nor is a row that names a child of a set in the record sheet (itens.seqOci): a quote's
	// item row whose quote columns were left empty (not repeated under the quote's first
	// row) is an item, not a total, whatever its description or formulas say.
	for _, c := range pl.cols {
		if c.set == "" || c.idx >= len(r.Cells) || blank(r.Cells[c.idx]) {
			continue
		}
		if set := in.Port.RecordField(c.set); set != nil && slices.Contains(set.Key, c.field.Name) {
			return nil
		}
	}
	// Marked by a SUM or SUBTOTAL formula, or by a label: a text reading "total" that is the
	// first value of the row (notes aside), as a totals row's label sits left of its sums.
	// A label further right is a value of the row (an item's description "Total de 2
	// cadeiras", right of its code), and the row, taken for a total, was in no report.
	marked, first, label := false, true, -1
	for i, c := range r.Cells {
		if blank(c) || i < len(pl.header) && strings.HasPrefix(pl.header[i], "#") {
			continue
		}
		if sumFormula(c.Formula) {
			marked, label = true, -1
			break
		}
		if c.Kind == readers.Text && isTotalLabel(c.Raw) && first {
			marked, label = true, i
		}
		first = false
	}
	if !marked {
		return nil
	}
	// A label that is a code ("TOTAL-01", "SUBTOTAL_2": one word with a digit in it) in the
	// one key column of a row that holds nothing else is a record's key: a product category
	// coded so was taken for a totals row with nothing to sum, in no report, nothing said
	// ("TOTAL01", the same code without its dash, was a record). A label of words ("TOTAL",
	// "Total: 3 contas") stays a totals row, said in a warning (TotalsRow.Label).
	if label >= 0 && len(pl.keyIdx) == 1 && pl.keyIdx[0] == label && codeLike(r.Cells[label].Raw) && onlyCell(pl, r, label) {
		return nil
	}
	// Marked by its label alone (a CSV file has no formulas) in a key column, a row whose
	// other values include a text field's is a record whose key reads "total" (a conta
	// "TOTAL-01" or "Total Express", its name and CEP filled): taken for a totals row, it was
	// in no report, nothing sent, nothing said, exit 0. A totals row holds sums beside its
	// label. (With its keys empty, as DESIGN has it, the row stays a totals row: it could
	// not be sent.)
	if label >= 0 && slices.Contains(pl.keyIdx, label) {
		for _, col := range pl.cols {
			if col.idx == label || col.idx >= len(r.Cells) || blank(r.Cells[col.idx]) {
				continue
			}
			if f := col.field; f.Number == nil && f.Type != templates.TypeInteger && f.Type != templates.TypeDouble {
				return nil
			}
		}
	}
	t := &TotalsRow{File: pl.file, Sheet: pl.sheet, Line: r.Line}
	if label >= 0 {
		t.Label = strings.TrimSpace(r.Cells[label].Raw)
	}
	for _, col := range pl.cols {
		// Only money has a sum read to reconcile with (templates.Field.Money): a SUM under a
		// quantity or a percent was said not to match a sum of 0.
		if col.idx >= len(r.Cells) || !col.field.Money() {
			continue
		}
		c := r.Cells[col.idx]
		v := TotalsValue{Field: col.path, Column: col.header, Cell: c.Ref, Formula: c.Formula}
		switch {
		case c.Kind == readers.Number:
			if d, err := values.ExcelNumber(c.Raw); err == nil {
				v.Value = d.Text('f')
			}
		case c.Kind == readers.Text && strings.TrimSpace(c.Raw) != "":
			// A formula's value saved as text ("10472.5", as excelize writes it), or a total
			// typed by hand in the run's locale ("10.472,50").
			if d, err := values.ParseDecimal(c.Raw, in.opt.Values.Locale); err == nil {
				v.Value = d.Text('f')
			} else if d, err := values.ExcelNumber(c.Raw); err == nil {
				v.Value = d.Text('f')
			}
		case c.Kind == readers.Error && c.Raw == noCachedValue:
		default:
			continue
		}
		t.Values = append(t.Values, v)
	}
	return t
}

// codeLike tells a text that reads as a code, not as words: one word, a digit in it.
func codeLike(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && !strings.ContainsFunc(s, unicode.IsSpace) && strings.ContainsFunc(s, unicode.IsDigit)
}

// onlyCell tells a row whose one value (notes aside) is in column i.
func onlyCell(pl *sheetPlan, r readers.Row, i int) bool {
	for j, c := range r.Cells {
		if j != i && !blank(c) && !(j < len(pl.header) && strings.HasPrefix(pl.header[j], "#")) {
			return false
		}
	}
	return true
}

// keyIdx are the columns of a sheet that hold key fields: the record key on the record sheet;
// the parent's key columns and the set's own key on a set's sheet (sheetPlan.keyIdx, once
// its columns are mapped).
func (in *Input) keyIdx(pl *sheetPlan) []int {
	var out []int
	for _, k := range pl.keyCols {
		if k.idx >= 0 {
			out = append(out, k.idx)
		}
	}
	for _, c := range pl.cols {
		switch {
		case pl.set == nil && c.set == "" && slices.Contains(in.Port.Key, c.field.Name),
			pl.set != nil && c.set == pl.setPath && slices.Contains(pl.set.Key, c.field.Name):
			out = append(out, c.idx)
		}
	}
	return out
}

func blank(c readers.Cell) bool {
	return c.Kind == readers.Empty || c.Kind == readers.Text && values.Blank(c.Raw)
}

// notData tells the rows of a sheet that are no data and get no report line: the header,
// the title and note rows above it (a row of data there is data: strayAbove; with
// --header-row, the user said where the data begins), and rows that hold no value
// (noValue), and the note lines an export writes under its table (footerNote).
func (in *Input) notData(pl *sheetPlan, r readers.Row) bool {
	return r.Line == pl.headerLine || r.Line < pl.headerLine && (in.opt.HeaderRow > 0 || !in.strayAbove(pl, r)) || noValue(pl, r) ||
		in.footerNote(pl, r)
}

// footerNote tells a note line under a CSV table ("Gerado em 01/12/2026 por ERP",
// "Registros exportados: 1234") or a note row under a sheet's ("Fonte: planilha do
// comercial" in column A): a row noteShaped, whose file's first column holds no value of
// several words above it (Row.WordyAbove: its values are codes, and the note's words are no
// code). Read as a record, it was one whose key was the note, sent to Senior (a conta
// "Gerado em 01/12/2026" upserted into the CRM) or reported invalid. A note is not read,
// and a warning names it (pl.footers). Under rows whose first column holds names ("ACME
// LTDA"), a row of one name may be a record whose other fields were left out as much as a
// note: it is data, and parse refuses it saying both (footerOrRecord), never sent, never
// out of the report.
func (in *Input) footerNote(pl *sheetPlan, r readers.Row) bool {
	if !in.noteShaped(pl, r) || in.footerOrRecord(pl, r) {
		return false
	}
	if pl.footers == nil {
		pl.footers = map[int]string{}
	}
	pl.footers[r.Line] = strings.TrimSpace(r.Cells[0].Raw)
	return true
}

// footerOrRecord tells a row noteShaped under rows whose first column, a free text field's,
// holds names: a note or a record, the file cannot say (footerNote). Under a field that takes
// only some texts ("1 - Incluir" under tipOpe), a text it does not take is no record's.
func (in *Input) footerOrRecord(pl *sheetPlan, r readers.Row) bool {
	if !r.Trailer || r.WordyAbove <= pl.headerLine {
		return false
	}
	free := false
	for _, c := range pl.cols {
		free = free || c.idx == 0 && !constrained(c.field)
	}
	for _, k := range pl.keyCols {
		free = free || k.idx == 0 && !constrained(k.field)
	}
	return free && in.noteShaped(pl, r)
}

// noteShaped tells a row shaped as a note under the table: one field, no delimiter in it (a
// CSV file), or one value, in column A (a worksheet), among the file's last rows under rows
// of more (readers.Row.Trailer), in a file whose header names two columns at least, and its
// text several words. A record with only its first field filled keeps its delimiters (Excel
// and exports write "C0001;;"), and one written without them, or a sheet's row with only its
// first cell filled, is still a record when its value is one word (a code) or valid for a
// field that takes only some texts (a number, a date, a value of a list: "1 - Incluir" under
// tipOpe). A "total" label is left to totalsRow.
func (in *Input) noteShaped(pl *sheetPlan, r readers.Row) bool {
	if !r.Trailer || r.Err != nil || len(r.Cells) == 0 || r.Line <= pl.headerLine {
		return false
	}
	for _, c := range r.Cells[1:] {
		if !blank(c) {
			return false
		}
	}
	named := 0
	for _, h := range pl.header {
		if h != "" && !strings.HasPrefix(h, "#") {
			named++
		}
	}
	text := strings.TrimSpace(r.Cells[0].Raw)
	if named < 2 || r.Cells[0].Kind != readers.Text || len(strings.Fields(text)) < 2 || isTotalLabel(text) {
		return false
	}
	valid := func(f *templates.Field, opts values.Options) bool {
		if !constrained(f) {
			return false
		}
		_, err := values.Normalise(f, in.cellInput(r.Cells[0]), opts)
		return err == nil
	}
	for _, c := range pl.cols {
		if c.idx == 0 && valid(c.field, c.opts) {
			return false
		}
	}
	for _, k := range pl.keyCols {
		if k.idx == 0 && valid(k.field, k.opts) {
			return false
		}
	}
	return true
}

// noValue tells a row that holds nothing a field takes: its cells blank (spaces, or only
// characters no one sees: a zero-width space pasted from a web page), or notes: in a `#`
// column or, in a workbook, past the header's last column ("conferido" written beside a
// block of rows). It is no more data than a blank row; reported, it would be a record
// without a key, and the file would never import clean.
func noValue(pl *sheetPlan, r readers.Row) bool {
	if r.Err != nil {
		return false
	}
	for i, c := range r.Cells {
		switch {
		case blank(c):
		case i < len(pl.header) && strings.HasPrefix(pl.header[i], "#"):
		case pl.notesFrom >= 0 && i >= pl.notesFrom:
		default:
			return false
		}
	}
	return true
}

// strayAbove tells a row above the header that holds data: a sheet sorted with its header
// row among the data (the header sinks to where its name sorts), or rows pasted above the
// header. Skipped as a title row, such a row would be lost without a word. It is data when
// it fills two and at least half of the named columns, its key columns all, every value it
// has valid for its field, no cell reads as a label ("Preparado por:", "Data:"), and one
// value at least is of a field that takes only some texts (a number, a date, a value of a
// list, a CNPJ...): title and note rows fill a cell or two, or put a name where a number
// goes. Not a row that names fields (a second header). A row that passes all but the last
// (every value it has in a free text field: "Categorias de produto;Atualizado em 01/12"
// above a CRM sheet) may be either: it is not read, and a warning names it (looksAbove).
// A row of data above the header with a value at fault is taken for a title, as before.
func (in *Input) strayAbove(pl *sheetPlan, r readers.Row) bool {
	if r.Err != nil || len(pl.cols) == 0 {
		return false
	}
	named, filled := 0, 0
	for i, h := range pl.header {
		if h == "" || strings.HasPrefix(h, "#") {
			continue
		}
		named++
		if i < len(r.Cells) && !blank(r.Cells[i]) {
			filled++
			if c := r.Cells[i]; c.Kind == readers.Text && strings.HasSuffix(strings.TrimSpace(c.Raw), ":") {
				return false
			}
		}
	}
	if filled < 2 || 2*filled < named {
		return false
	}
	if score, _ := in.headerScore(newScope(in.Port, pl.set), pl, r.Cells, nil); score > 0 {
		return false
	}
	evidence := false // a value of a field that takes only some texts
	valid := func(f *templates.Field, idx int, opts values.Options) bool {
		if _, err := values.Normalise(f, in.cellInput(r.Cells[idx]), opts); err != nil {
			return false
		}
		evidence = evidence || constrained(f)
		return true
	}
	for _, i := range pl.keyIdx {
		if i >= len(r.Cells) || blank(r.Cells[i]) {
			return false
		}
	}
	for _, k := range pl.keyCols {
		if k.idx >= 0 && !valid(k.field, k.idx, k.opts) {
			return false
		}
	}
	for _, c := range pl.cols {
		if c.idx < len(r.Cells) && !blank(r.Cells[c.idx]) && !valid(c.field, c.idx, c.opts) {
			return false
		}
	}
	if !evidence {
		if pl.looksAbove == nil {
			pl.looksAbove = map[int]bool{}
		}
		pl.looksAbove[r.Line] = true
	}
	return evidence
}

// constrained tells a field that takes only some texts: a number, a date or a time, a value
// of a list, a checked document; not free text (a String of some length).
func constrained(f *templates.Field) bool {
	return f.Number != nil || f.Date || len(f.List) > 0 || f.Temporal != "" || f.Check != "" ||
		f.Type == templates.TypeInteger || f.Type == templates.TypeDouble
}

// isTotalLabel: a text whose first word is total, totais, subtotal or subtotais, in any case
// ("TOTAL", "Total geral", "Subtotal:"). It is asked of every key cell, so it looks at the
// first letter before anything else.
func isTotalLabel(s string) bool {
	s = strings.TrimLeftFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if s == "" || (s[0]|0x20 != 't' && s[0]|0x20 != 's') {
		return false
	}
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if end < 0 {
		end = len(s)
	}
	for _, w := range []string{"total", "totais", "subtotal", "subtotais"} {
		if strings.EqualFold(s[:end], w) {
			return true
		}
	}
	return false
}

// sumFormula: a SUM or SUBTOTAL formula ("SUM(F5:F14)", "_xlfn.SUBTOTAL(9,F5:F14)").
func sumFormula(f string) bool {
	f = strings.ToUpper(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(f), "=")))
	f = strings.TrimPrefix(f, "_XLFN.")
	return strings.HasPrefix(f, "SUM(") || strings.HasPrefix(f, "SUBTOTAL(")
}
