package pipeline

import (
	"cmp"
	"context"
	"errors"
	"hash/maphash"
	"slices"
	"strings"
	"unicode/utf8"

	"seniorimporter/readers"
)

// setOrphans is what a set sheet holds that no record of the file claims: rows whose parent
// key names no record (the quote number mistyped on its item rows). They are reported at the
// end of the join, as rows without their record; but a record whose rows of that set came
// empty may be theirs, and sent it would go to Senior bare, reported ok: the quote in the ERP
// without its items, and the items, fixed and dropped again, meeting a quote already there.
// So such a record is not sent (build, checkSetRows), when it may well be theirs (hold): its
// key is near one of theirs, or there are no more such records than their keys. Not every
// bare record: one stray observation row would hold every quote of the file without
// observations, most of them, in a file where few have any.
type setOrphans struct {
	keys, rows int // the parent keys no record claims, and their rows
	// named are those keys with their rows, in sheet order: every one of them, or, when
	// there are too many to keep (many), the first orphansNamed.
	named []orphanNamed
	bare  int  // the file's records with no row of the set and no count in its cell
	many  bool // more keys than maxOrphanKeys (or than maxOrphanKeyBytes hold): every bare record is held
	seed  maphash.Seed
	index []orphanVariant // named's keys by their variants (eachVariant), sorted by hash
}

type orphanNamed struct {
	key  string
	rows rowsNoted
	want int // its rows in the sheet (pass 1)
}

// orphanVariant is one variant of an orphan key (named[i]): its hash.
type orphanVariant struct {
	h uint64
	i int32
}

// orphanHold is a record held for a set's orphan rows (build): the set's sheet, its orphans,
// and those its message names.
type orphanHold struct {
	pl      *sheetPlan
	orphans *setOrphans
	named   []orphanNamed
}

// orphansNamed is how many orphan keys a held record's message names, with their rows.
const orphansNamed = 3

// maxOrphanKeys and maxOrphanKeyBytes bound the orphan keys kept to compare with the bare
// records' (a set sheet of a million rows, all of other records, the wrong month's): past
// them, every record with no row of the set is held, as may be any of theirs, and its
// message says so. Variables: tests lower them.
var (
	maxOrphanKeys     = 10_000
	maxOrphanKeyBytes = 256 << 10
)

// errNamed ends a reading of a set sheet once the keys it names have all their rows.
var errNamed = errors.New("orphans named")

// hold tells whether a record that came with no row of the set, its key (as the set's rows
// name it: lookupKey), is held for the orphan rows, and which of them its message names,
// the nearest first. It is held when:
//
//   - its key is near an orphan key: all parts equal but one, and that one within one edit
//     (a character substituted, inserted or deleted, or two adjacent ones swapped: 9020 for
//     9002, 902, 90022), the mistyped key;
//   - the file has no more such records than orphan keys: every one of them may be one of
//     theirs (the items of a quote all under another number; the wrong month's items, every
//     quote bare and every item an orphan);
//   - there are more orphan keys than are kept to compare (many).
//
// Otherwise it goes bare, as a record with no such rows would: one stray observation does
// not hold every quote without observations.
func (o *setOrphans) hold(key string) ([]orphanNamed, bool) {
	near := o.nearKeys(key)
	if len(near) == 0 && !o.many && o.bare > o.keys {
		return nil, false
	}
	named := make([]orphanNamed, 0, orphansNamed)
	for _, i := range near {
		if len(named) < orphansNamed {
			named = append(named, o.named[i])
		}
	}
	for i, nm := range o.named {
		if len(named) < orphansNamed && !slices.Contains(near, i) {
			named = append(named, nm)
		}
	}
	return named, true
}

// nearKeys are the named orphan keys near key (nearKey), as indexes into named, in order.
// They are found by their variants (eachVariant): two keys one edit apart share one.
func (o *setOrphans) nearKeys(key string) []int {
	if len(o.index) == 0 {
		return nil
	}
	var near []int
	parts := keyParts(key)
	o.eachVariant(parts, func(h uint64) {
		i, _ := slices.BinarySearchFunc(o.index, h, func(v orphanVariant, h uint64) int { return cmp.Compare(v.h, h) })
		for ; i < len(o.index) && o.index[i].h == h; i++ {
			k := int(o.index[i].i)
			if !slices.Contains(near, k) && nearKey(parts, keyParts(o.named[k].key)) {
				near = append(near, k)
			}
		}
	})
	slices.Sort(near)
	return near
}

// indexNamed notes the variants of every named key, to find those near a record's key.
func (o *setOrphans) indexNamed() {
	o.seed = maphash.MakeSeed()
	o.index = o.index[:0]
	for i, nm := range o.named {
		o.eachVariant(keyParts(nm.key), func(h uint64) {
			o.index = append(o.index, orphanVariant{h: h, i: int32(i)})
		})
	}
	slices.SortFunc(o.index, func(a, b orphanVariant) int { return cmp.Compare(a.h, b.h) })
}

// eachVariant gives the hash of each variant of a key's parts: for each part, the key with
// that part as it is, and with each of its characters left out. Two keys whose parts are
// all equal but one, that one within one edit, share a variant (a substitution: the
// character left out of both; an insertion: the shorter as it is; a swap: either of the
// two left out of both); keys that share one are at most two edits apart, so each found is
// checked (nearKey), as are two variants of one hash.
func (o *setOrphans) eachVariant(parts []string, fn func(uint64)) {
	var h maphash.Hash
	hash := func(j, cut0, cut1 int) uint64 {
		h.SetSeed(o.seed)
		for i, p := range parts {
			if i == j {
				h.WriteString(p[:cut0])
				h.WriteString(p[cut1:])
				h.WriteByte(0x1e) // which part is the variant
			} else {
				h.WriteString(p)
			}
			h.WriteByte(0x1f)
		}
		return h.Sum64()
	}
	for j, p := range parts {
		fn(hash(j, len(p), len(p)))
		for i, r := range p {
			fn(hash(j, i, i+utf8.RuneLen(r)))
		}
	}
}

// keyParts are a key's parts as reports show them (displayKey), to compare.
func keyParts(key string) []string {
	return strings.Split(strings.ReplaceAll(key, "\x00", ""), "\x1f")
}

// nearKey tells two keys of as many parts, all equal but one, and that one within one edit.
func nearKey(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	d := -1
	for i := range a {
		if a[i] != b[i] {
			if d >= 0 {
				return false
			}
			d = i
		}
	}
	return d < 0 || oneEdit(a[d], b[d])
}

// oneEdit tells two texts one character substituted, inserted or deleted, or two adjacent
// characters swapped, apart (or equal).
func oneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	switch len(rb) - len(ra) {
	case 0:
		return i == len(ra) || slices.Equal(ra[i+1:], rb[i+1:]) ||
			i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] && slices.Equal(ra[i+2:], rb[i+2:])
	case 1:
		return slices.Equal(ra[i:], rb[i+1:])
	}
	return false
}

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
// (setStream.orphans), and how many records have no row of it (setOrphans.bare: those taken
// already are in given). It costs a reading of the record sheet (beside the one under way:
// readers take two at once), and one of a set sheet that has such rows, stopped once their
// keys are known, as many as are kept, with their rows. Nothing is held per record: the
// claims are marked in the counts pass 1 keeps per parent key (negated while the record
// sheet is read, then given back), so memory is that of pass 1 whatever the file's size, and
// the orphan keys' (maxOrphanKeys). A record whose key cell cannot be read claims the rows
// that repeat it as written (parentKey: "\x00" and the text): they are its rows, reported
// with it, and hold no other record back.
func (in *Input) findOrphans(ctx context.Context, streams []*setStream) error {
	var live []*setStream
	var keys [][]*keyCol // per live stream: the record sheet's columns of its parent key
	var said [][]int     // per live stream: the record sheet's count columns of its set
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
		var counts []int
		for _, c := range rec.setRows {
			if c.set == s.pl.set {
				counts = append(counts, c.idx)
			}
		}
		live, keys, said = append(live, s), append(keys, cols), append(said, counts)
	}
	if len(live) == 0 {
		return nil
	}
	// A delete carries no rows of any set: it is no record the rows may be (build holds none),
	// and counted among them it let a quote whose items all carry another number go bare
	// (one delete in the file: two records without items for one orphan key).
	var opCol *keyCol
	if of := in.Port.OperationField; of != nil && of.Delete != "" {
		opCol = &keyCol{path: of.Name, idx: -1}
		for _, c := range rec.cols {
			if c.set == "" && c.path == of.Name {
				opCol.field, opCol.idx, opCol.opts = c.field, c.idx, c.opts
			}
		}
	}
	bare := make([]int, len(live))
	last := make([]string, len(live)) // the key of the row before: a record's rows come together
	parts := make([]string, 0, 4)
	err := rec.src.Rows(ctx, rec.srcSheet, func(r readers.Row) error {
		if in.notData(rec, r) || in.totalsRow(rec, r) != nil {
			return nil
		}
		deletes := opCol != nil && in.keyValue(opCol, r.Cells) == in.Port.OperationField.Delete
		for i, s := range live {
			parts = parts[:0]
			whole := true // a key part empty or unreadable: the record is refused for it, not held
			for _, kc := range keys[i] {
				v := in.keyValue(kc, r.Cells)
				whole = whole && v != "" && v[0] != 0
				parts = append(parts, v)
			}
			k := strings.Join(parts, "\x1f")
			h := s.hash(k)
			if n := s.counts[h]; n > 0 {
				s.counts[h] = -n
			} else if _, took := s.given[h]; n == 0 && !took && whole && !deletes && k != last[i] &&
				!slices.ContainsFunc(said[i], func(c int) bool { return c < len(r.Cells) && strings.TrimSpace(in.original(r.Cells[c]).Text) != "" }) {
				bare[i]++ // no row of the set, none taken before, no count said: it may be held
			}
			last[i] = k
		}
		return nil
	})
	if err != nil {
		for _, s := range live {
			s.unmark()
		}
		return err
	}
	for i, s := range live {
		o := setOrphans{bare: bare[i]}
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
			o.indexNamed()
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

// nameOrphans reads the set sheet of s for the keys no record claims (their counts still
// positive) and their rows, in sheet order: all of them, or, past maxOrphanKeys (or
// maxOrphanKeyBytes of keys), the first orphansNamed (o.many). It stops once those have
// all their rows. The sheet's stream reads it at the same time, and notes in its plan what
// it finds above the header (notData): rows from the header up are left to it (a key whose
// rows are all there is counted, not named).
func (in *Input) nameOrphans(ctx context.Context, s *setStream, o *setOrphans) error {
	pl := s.pl
	o.many = o.keys > maxOrphanKeys
	limit := o.keys
	if o.many {
		limit = min(orphansNamed, o.keys)
	}
	seen := map[string]int{} // key → its index in named
	size, whole := 0, 0      // the named keys' bytes; how many have all their rows
	err := pl.src.Rows(ctx, pl.srcSheet, func(r readers.Row) error {
		if r.Line <= pl.headerLine || noValue(pl, r) || in.totalsRow(pl, r) != nil {
			return nil
		}
		k := in.parentKey(pl, r.Cells)
		n := s.counts[s.hash(k)]
		if n <= 0 {
			return nil
		}
		i, ok := seen[k]
		if !ok {
			if size += len(k); size > maxOrphanKeyBytes && !o.many {
				// Keys too long to keep them all: the first few, as past maxOrphanKeys.
				o.many, limit = true, min(orphansNamed, o.keys)
				keep := min(limit, len(o.named))
				for _, nm := range o.named[keep:] {
					delete(seen, nm.key)
				}
				o.named, whole = slices.Clone(o.named[:keep]), 0
				for _, nm := range o.named {
					if nm.rows.n >= nm.want {
						whole++
					}
				}
			}
			if len(o.named) == limit {
				return nil
			}
			i = len(o.named)
			seen[k] = i
			o.named = append(o.named, orphanNamed{key: k, want: int(n)})
		}
		nm := &o.named[i]
		nm.rows.add(r.Line)
		if nm.rows.n == nm.want {
			whole++
		}
		if whole == limit {
			return errNamed
		}
		return nil
	})
	if errors.Is(err, errNamed) {
		return nil
	}
	return err
}
