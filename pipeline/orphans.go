package pipeline

import (
	"cmp"
	"context"
	"errors"
	"strings"

	"seniorimporter/readers"
)

// setOrphans is what a set sheet holds that no record of the file claims: rows whose parent
// key names no record (the quote number mistyped on its item rows). They are reported at the
// end of the join, as rows without their record; but a record whose rows of that set came
// empty may be theirs, and sent it would go to Senior bare, reported ok: the quote in the ERP
// without its items, and the items, fixed and dropped again, meeting a quote already there.
// So such a record is not sent (build, checkSetRows).
type setOrphans struct {
	keys, rows int           // the parent keys no record claims, and their rows
	named      []orphanNamed // the first orphansNamed of them, in sheet order
}

type orphanNamed struct {
	key  string
	rows rowsNoted
	want int // its rows in the sheet (pass 1)
}

// orphansNamed is how many orphan keys a held record's message names, with their rows.
const orphansNamed = 3

// errNamed ends a reading of a set sheet once the keys it names have all their rows.
var errNamed = errors.New("orphans named")

// orphanScan is the looking for the set rows no record claims, once per reading of a file's
// records (records), shared by its set sheets' streams.
type orphanScan struct {
	ctx  context.Context
	done bool
}

// lookForOrphans is called by build when a record took no row of stream: if some of the
// stream's rows are not taken yet, they may be this record's, and which of them no record
// claims is found now (findOrphans), for every set sheet at once, before the record goes.
// When every row of the sheet is taken already, none is without its record, and nothing is
// read: a file whose records all come with their rows, or whose bare ones come after the
// last set row is taken, costs no more than before. An error reading stops the file, as a
// row held on disk that cannot be read back does (setStream.err): no record goes unchecked.
func (in *Input) lookForOrphans(stream *setStream, streams []*setStream) {
	scan := stream.scan
	if scan == nil || scan.done || len(stream.counts) == 0 {
		return
	}
	scan.done = true
	if err := in.findOrphans(scan.ctx, streams); err != nil {
		for _, s := range streams {
			s.err = cmp.Or(s.err, err)
		}
	}
}

// findOrphans reads the record sheet for its records' keys, as each set sheet's rows name
// them, and notes in each stream the rows not taken yet that no record claims
// (setStream.orphans). It costs a reading of the record sheet (beside the one under way:
// readers take two at once), and one of a set sheet that has such rows, stopped once the
// first of them are named. Nothing is held per record: the claims are marked in the counts
// pass 1 keeps per parent key (negated while the record sheet is read, then given back), so
// memory is that of pass 1 whatever the file's size. A record whose key cell cannot be read
// claims the rows that repeat it as written (parentKey: "\x00" and the text): they are its
// rows, reported with it, and hold no other record back.
func (in *Input) findOrphans(ctx context.Context, streams []*setStream) error {
	var live []*setStream
	var keys [][]*keyCol // per live stream: the record sheet's columns of its parent key
	rec := in.record
	for _, s := range streams {
		if len(s.counts) == 0 {
			continue
		}
		var cols []*keyCol
		for _, k := range s.pl.keyCols {
			if setPath(in.Port, k.field) != "" {
				continue
			}
			kc := &keyCol{path: k.path, field: k.field, idx: -1}
			for _, c := range rec.cols {
				if c.set == "" && c.path == k.path {
					kc.idx, kc.opts = c.idx, c.opts
				}
			}
			cols = append(cols, kc)
		}
		live, keys = append(live, s), append(keys, cols)
	}
	if len(live) == 0 {
		return nil
	}
	parts := make([]string, 0, 4)
	err := rec.src.Rows(ctx, rec.srcSheet, func(r readers.Row) error {
		if in.notData(rec, r) || in.totalsRow(rec, r) != nil {
			return nil
		}
		for i, s := range live {
			parts = parts[:0]
			for _, kc := range keys[i] {
				parts = append(parts, in.keyValue(kc, r.Cells))
			}
			h := s.hash(strings.Join(parts, "\x1f"))
			if n := s.counts[h]; n > 0 {
				s.counts[h] = -n
			}
		}
		return nil
	})
	if err != nil {
		for _, s := range live {
			s.unmark()
		}
		return err
	}
	for _, s := range live {
		var o setOrphans
		for _, n := range s.counts {
			if n > 0 {
				o.keys++
				o.rows += int(n)
			}
		}
		if o.keys > 0 {
			if err := in.nameOrphans(ctx, s, &o); err != nil {
				for _, s := range live {
					s.unmark()
				}
				return err
			}
			s.orphans = &o
		}
		s.unmark()
	}
	return nil
}

// unmark gives back the counts findOrphans negated (the keys a record claims).
func (s *setStream) unmark() {
	for h, n := range s.counts {
		if n < 0 {
			s.counts[h] = -n
		}
	}
}

// nameOrphans reads the set sheet of s for the first orphansNamed keys no record claims (their
// counts still positive) and their rows. The sheet's stream reads it at the same time, and
// notes in its plan what it finds above the header (notData): rows from the header up are
// left to it (a key whose rows are all there is counted, not named).
func (in *Input) nameOrphans(ctx context.Context, s *setStream, o *setOrphans) error {
	pl := s.pl
	err := pl.src.Rows(ctx, pl.srcSheet, func(r readers.Row) error {
		if r.Line <= pl.headerLine || noValue(pl, r) || in.totalsRow(pl, r) != nil {
			return nil
		}
		k := in.parentKey(pl, r.Cells)
		n := s.counts[s.hash(k)]
		if n <= 0 {
			return nil
		}
		i := 0
		for i < len(o.named) && o.named[i].key != k {
			i++
		}
		if i == len(o.named) {
			if len(o.named) == orphansNamed {
				return nil
			}
			o.named = append(o.named, orphanNamed{key: k, want: int(n)})
		}
		o.named[i].rows.add(r.Line)
		if len(o.named) == min(orphansNamed, o.keys) {
			for _, nm := range o.named {
				if nm.rows.n < nm.want {
					return nil
				}
			}
			return errNamed
		}
		return nil
	})
	if errors.Is(err, errNamed) {
		return nil
	}
	return err
}
