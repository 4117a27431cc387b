package pipeline

import (
	"context"
	"fmt"
	"strings"

	"golang.org/x/sync/errgroup"

	"seniorimporter/readers"
	"seniorimporter/soap"
	"seniorimporter/templates"
	"seniorimporter/values"
	"seniorimporter/writers"
)

// parsedRow is one input row with every mapped cell normalised (or its problem noted).
type parsedRow struct {
	pl       *sheetPlan
	line     int
	texts    []string // every cell as the user wrote it
	vals     []string // per plan column: the wire value ("" when empty or invalid)
	bad      []bool   // per plan column: the cell had a problem
	problems []writers.Problem
	key      string   // record sheet: the record key; set sheet: the parent's record key part
	keyVals  []string // set sheet: per keyCol, the normalised value
}

func (r *parsedRow) source() SourceRow {
	return SourceRow{File: r.pl.file, Sheet: r.pl.sheet, Line: r.line, Header: r.pl.header, Cells: r.texts}
}

// Records streams the input's records, in file order, each assembled from its rows (and its
// set sheets' rows) and checked. Rows of a record's sets are joined by the parent's key:
// memory stays bounded when set rows come in the order of their records; rows that come
// out of order are held until their record is read (see README, "Set sheets").
func (in *Input) Records(ctx context.Context, fn func(*Record) error) error {
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
	counts := make([]map[string]int, len(in.sets))
	for i, pl := range in.sets {
		counts[i] = map[string]int{}
		err := pl.src.Rows(ctx, pl.srcSheet, func(r readers.Row) error {
			if r.Line <= pl.headerLine {
				return nil
			}
			counts[i][in.parentKey(pl, r.Cells)]++
			return nil
		})
		if err != nil {
			return fmt.Errorf("%s: %w", where(pl), err)
		}
	}
	// Pass 2: the set sheets stream beside the record sheet.
	var g errgroup.Group
	streams := make([]*setStream, len(in.sets))
	for i, pl := range in.sets {
		st := &setStream{pl: pl, counts: counts[i], ch: make(chan *parsedRow, 256), held: map[string][]*parsedRow{}, given: map[string]int{}}
		streams[i] = st
		g.Go(func() error {
			defer close(st.ch)
			err := pl.src.Rows(ctx, pl.srcSheet, func(r readers.Row) error {
				if r.Line <= pl.headerLine {
					return nil
				}
				pr := in.parse(pl, r)
				select {
				case st.ch <- pr:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
			if err != nil && ctx.Err() == nil {
				return fmt.Errorf("%s: %w", where(pl), err)
			}
			return nil
		})
	}

	var group []*parsedRow
	flush := func() error {
		if len(group) == 0 {
			return nil
		}
		r := in.build(group, streams)
		group = nil
		return fn(r)
	}
	err := rec.src.Rows(ctx, rec.srcSheet, func(r readers.Row) error {
		if r.Line <= rec.headerLine {
			return nil
		}
		pr := in.parse(rec, r)
		// Rows of one record are consecutive: with dotted set columns, a row that repeats the
		// key adds children to the record above it.
		if len(group) > 0 && rec.dotted && pr.key != "" && pr.key == group[0].key {
			group = append(group, pr)
			return nil
		}
		if err := flush(); err != nil {
			return err
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
		return err
	}
	// Set rows no record claimed: children with no parent.
	for _, st := range streams {
		for pr := range st.ch {
			st.held[pr.key] = append(st.held[pr.key], pr)
		}
		for _, k := range sortedKeys(st.held) {
			rows := st.held[k]
			r := &Record{Port: in.Port, Problems: map[int][]writers.Problem{}}
			for i, pr := range rows {
				r.Rows = append(r.Rows, pr.source())
				r.Problems[i] = append(pr.problems, writers.Problem{Reason: fmt.Sprintf(msg(in.opt.Lang, "orphan", nil), displayKey(k))})
			}
			if err := fn(r); err != nil {
				cancel()
				_ = g.Wait()
				return err
			}
		}
	}
	return g.Wait()
}

// setStream is one set sheet read beside the record sheet.
type setStream struct {
	pl     *sheetPlan
	counts map[string]int          // rows per parent key (pass 1)
	ch     chan *parsedRow         // the rows, in sheet order
	held   map[string][]*parsedRow // rows read ahead of their record
	given  map[string]int          // parent key → line of the record that took its rows
}

// take returns the rows of the set sheet whose parent is key, reading ahead as needed.
func (st *setStream) take(key string) []*parsedRow {
	want := st.counts[key]
	if want == 0 {
		return nil
	}
	for len(st.held[key]) < want {
		pr, ok := <-st.ch
		if !ok {
			break
		}
		st.held[pr.key] = append(st.held[pr.key], pr)
	}
	rows := st.held[key]
	delete(st.held, key)
	delete(st.counts, key)
	return rows
}

// allInvalid reports every row of a file with a file-level problem as invalid.
func (in *Input) allInvalid(ctx context.Context, fn func(*Record) error) error {
	reason := strings.Join(in.fileErrs, "; ")
	for _, pl := range append([]*sheetPlan{in.record}, in.sets...) {
		if pl.header == nil {
			continue
		}
		err := pl.src.Rows(ctx, pl.srcSheet, func(r readers.Row) error {
			if r.Line <= pl.headerLine {
				return nil
			}
			texts := make([]string, len(r.Cells))
			for i, c := range r.Cells {
				texts[i] = cellText(c, in.opt.Values.Locale)
			}
			return fn(&Record{
				Port:     in.Port,
				Rows:     []SourceRow{{File: pl.file, Sheet: pl.sheet, Line: r.Line, Header: pl.header, Cells: texts}},
				Problems: map[int][]writers.Problem{0: {{Reason: reason}}},
			})
		})
		if err != nil {
			return fmt.Errorf("%s: %w", where(pl), err)
		}
	}
	return nil
}

// parentKey computes a set row's parent record key part from its raw cells (pass 1 and 2
// must agree, so both go through here).
func (in *Input) parentKey(pl *sheetPlan, cells []readers.Cell) string {
	parts := make([]string, 0, len(pl.keyCols))
	for _, k := range pl.keyCols {
		if setPath(in.Port, k.field) != "" {
			continue
		}
		parts = append(parts, in.keyValue(k, cells))
	}
	return strings.Join(parts, "\x1f")
}

func (in *Input) keyValue(k *keyCol, cells []readers.Cell) string {
	if k.idx < 0 {
		return in.consts[k.path]
	}
	if k.idx >= len(cells) {
		return ""
	}
	v, err := values.Normalise(k.field, cellInput(cells[k.idx]), k.opts)
	if err != nil {
		return "\x00" + strings.TrimSpace(cells[k.idx].Raw)
	}
	return v
}

func cellInput(c readers.Cell) values.Input {
	in := values.Input{Text: c.Raw, Date1904: c.Date1904}
	switch c.Kind {
	case readers.Number:
		in.Source = values.FromNumber
	case readers.Date:
		in.Source = values.FromDate
	case readers.Bool:
		in.Source = values.FromBool
	}
	return in
}

// cellText is a cell as the user saw it, for reports and re-import files: numbers in the
// run's locale without grouping (so a re-import reads them back the same), dates DD/MM/YYYY.
func cellText(c readers.Cell, loc values.Locale) string {
	switch c.Kind {
	case readers.Number:
		d, err := values.ExcelNumber(c.Raw)
		if err != nil {
			return c.Raw
		}
		s := d.Text('f')
		if loc != values.EnUS {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	case readers.Date:
		t, err := values.DateFromSerial(c.Raw, c.Date1904)
		if err != nil {
			return c.Raw
		}
		if t.Hour() != 0 || t.Minute() != 0 {
			if t.Year() <= 1900 {
				return t.Format("15:04")
			}
			return t.Format("02/01/2006 15:04")
		}
		return t.Format("02/01/2006")
	}
	return c.Raw
}

// parse normalises every mapped cell of a row, noting every problem (all of them, not only
// the first).
func (in *Input) parse(pl *sheetPlan, r readers.Row) *parsedRow {
	lang := in.opt.Lang
	pr := &parsedRow{pl: pl, line: r.Line, texts: make([]string, len(r.Cells)), vals: make([]string, len(pl.cols)), bad: make([]bool, len(pl.cols))}
	for i, c := range r.Cells {
		pr.texts[i] = cellText(c, in.opt.Values.Locale)
	}
	for j, col := range pl.cols {
		if col.idx >= len(r.Cells) {
			continue
		}
		c := r.Cells[col.idx]
		if c.Kind == readers.Empty || (c.Kind == readers.Text && strings.TrimSpace(c.Raw) == "") {
			continue
		}
		if c.Kind == readers.Error {
			pr.bad[j] = true
			pr.problems = append(pr.problems, writers.Problem{Field: col.path, Column: col.header, Cell: c.Ref, Value: c.Raw, Reason: fmt.Sprintf(msg(lang, "errorCell", nil), c.Raw)})
			continue
		}
		v, err := values.Normalise(col.field, cellInput(c), col.opts)
		if err != nil {
			pr.bad[j] = true
			pr.problems = append(pr.problems, writers.Problem{Field: col.path, Column: col.header, Cell: c.Ref, Value: pr.texts[col.idx], Reason: reasonOf(err, lang)})
			continue
		}
		pr.vals[j] = v
	}
	if pl.set == nil {
		pr.key = in.recordKey(pl, pr)
	} else {
		pr.key = in.parentKey(pl, r.Cells)
		pr.keyVals = make([]string, len(pl.keyCols))
		for i, k := range pl.keyCols {
			pr.keyVals[i] = in.keyValue(k, r.Cells)
		}
	}
	return pr
}

// recordKey is a record sheet row's key: its key fields' wire values, "" when one is missing.
func (in *Input) recordKey(pl *sheetPlan, pr *parsedRow) string {
	parts := make([]string, len(in.Port.Key))
	for i, k := range in.Port.Key {
		v, found := in.consts[k], false
		for j, c := range pl.cols {
			if c.path == k {
				found = true
				if pr.vals[j] != "" {
					v = pr.vals[j]
				} else if pr.bad[j] {
					return ""
				}
			}
		}
		_ = found
		if v == "" && in.Port.Access == "write" {
			return ""
		}
		parts[i] = v
	}
	return strings.Join(parts, "\x1f")
}

func displayKey(k string) string {
	return strings.ReplaceAll(strings.TrimPrefix(k, "\x00"), "\x1f", "/")
}

// instance is one assembled record or child, with the row it came from.
type instance struct {
	rec    *soap.Record
	row    int // index in Record.Rows
	line   int // the row number the user sees
	set    *templates.Field
	parent *instance
	kids   map[string][]*instance // set name → children
}

func (x *instance) childKey(set *templates.Field, vals map[string]string) (string, bool) {
	if len(set.Key) == 0 {
		return "", false
	}
	parts := make([]string, len(set.Key))
	for i, k := range set.Key {
		if vals[k] == "" {
			return "", false
		}
		parts[i] = vals[k]
	}
	return strings.Join(parts, "\x1f"), true
}

func (x *instance) find(set *templates.Field, key string) *instance {
	for _, c := range x.kids[set.Name] {
		if k, ok := c.childKey(set, c.rec.Values); ok && k == key {
			return c
		}
	}
	return nil
}

func (x *instance) add(set *templates.Field, row, line int, vals map[string]string) *instance {
	c := &instance{rec: x.rec.Add(set.Name), row: row, line: line, set: set, parent: x, kids: map[string][]*instance{}}
	for k, v := range vals {
		c.rec.Set(k, v)
	}
	if x.kids == nil {
		x.kids = map[string][]*instance{}
	}
	x.kids[set.Name] = append(x.kids[set.Name], c)
	return c
}

// build assembles one record from its record-sheet rows and takes its set sheets' rows.
func (in *Input) build(group []*parsedRow, streams []*setStream) *Record {
	p := in.Port
	lang := in.opt.Lang
	rec := &Record{Port: p, Problems: map[int][]writers.Problem{}, KeyValues: map[string]string{}}
	add := func(row int, pb writers.Problem) { rec.Problems[row] = append(rec.Problems[row], pb) }
	var rows []*parsedRow
	for _, pr := range group {
		rec.Rows = append(rec.Rows, pr.source())
		rows = append(rows, pr)
	}
	for i, pr := range group {
		rec.Problems[i] = append(rec.Problems[i], pr.problems...)
	}
	first := group[0]
	pl := in.record
	root := &instance{rec: soap.NewRecord(), line: first.line, kids: map[string][]*instance{}}

	// The record's own fields come from its first row; the rows after it must repeat them.
	for j, c := range pl.cols {
		if c.set != "" {
			continue
		}
		if first.vals[j] != "" {
			root.rec.Set(c.field.Name, first.vals[j])
		}
		for i := 1; i < len(group); i++ {
			if group[i].bad[j] || group[i].vals[j] == first.vals[j] {
				continue
			}
			add(i, writers.Problem{Field: c.path, Column: c.header, Cell: readers.CellRef(c.idx, group[i].line), Value: textAt(group[i].texts, c.idx),
				Reason: fmt.Sprintf(msg(lang, "parentDiffers", nil), first.line, first.vals[j])})
		}
	}
	for path, v := range in.consts {
		if !strings.Contains(path, ".") && root.rec.Values[path] == "" {
			if f := p.RecordField(path); f != nil {
				root.rec.Set(f.Name, v)
			}
		}
	}
	// Dotted set columns: one child per row, parents repeated.
	if pl.dotted {
		for i, pr := range group {
			in.attachDotted(root, i, pr, add)
		}
	}
	// The key, now that the record's fields are known.
	keyParts := make([]string, len(p.Key))
	missingKey := false
	for i, k := range p.Key {
		keyParts[i] = root.rec.Values[k]
		rec.KeyValues[k] = keyParts[i]
		if keyParts[i] == "" && p.Access == "write" {
			missingKey = true
		}
	}
	rec.Key = strings.Join(keyParts, "/")
	if missingKey {
		var names []string
		for _, k := range p.Key {
			if root.rec.Values[k] == "" {
				names = append(names, k)
			}
		}
		add(0, writers.Problem{Field: strings.Join(names, ","), Reason: fmt.Sprintf(msg(lang, "noKey", nil), strings.Join(names, ", "))})
	}
	// Set sheets: the rows whose parent is this record, shallow sets first.
	for _, st := range streams {
		if missingKey {
			continue
		}
		lookup := in.lookupKey(st.pl, root.rec.Values)
		if line, dup := st.given[lookup]; dup && st.counts[lookup] == 0 && line != first.line {
			add(0, writers.Problem{Reason: fmt.Sprintf(msg(lang, "keyRepeats", nil), where(st.pl), displayKey(lookup), line)})
			continue
		}
		taken := st.take(lookup)
		if len(taken) > 0 {
			st.given[lookup] = first.line
		}
		for _, pr := range taken {
			idx := len(rec.Rows)
			rec.Rows = append(rec.Rows, pr.source())
			rows = append(rows, pr)
			rec.Problems[idx] = append(rec.Problems[idx], pr.problems...)
			in.attachSheetRow(root, idx, pr, add)
		}
	}
	in.checkRequired(root, p.RecordFields(), add, rows, rec)
	for i := range rec.Rows {
		if len(rec.Problems[i]) == 0 {
			delete(rec.Problems, i)
		}
	}
	if len(rec.Problems) == 0 {
		rec.Wire = root.rec
	}
	return rec
}

// lookupKey is the parent key a set sheet's rows carry, from the record's values: the record
// key fields the sheet repeats (verOct may be left out).
func (in *Input) lookupKey(pl *sheetPlan, vals map[string]string) string {
	parts := make([]string, 0, len(pl.keyCols))
	for _, k := range pl.keyCols {
		if setPath(in.Port, k.field) != "" {
			continue
		}
		parts = append(parts, vals[k.field.Name])
	}
	return strings.Join(parts, "\x1f")
}

// attachDotted adds the children a record-sheet row carries in its dotted columns.
func (in *Input) attachDotted(root *instance, row int, pr *parsedRow, add func(int, writers.Problem)) {
	p := in.Port
	lang := in.opt.Lang
	pl := pr.pl
	// Values per set path present in the row.
	present := map[string]map[string]string{}
	for j, c := range pl.cols {
		if c.set == "" || (pr.vals[j] == "" && !pr.bad[j]) {
			continue
		}
		if present[c.set] == nil {
			present[c.set] = map[string]string{}
		}
		if pr.vals[j] != "" {
			present[c.set][c.field.Name] = pr.vals[j]
		}
	}
	if len(present) == 0 {
		return
	}
	paths := sortedKeys(present)
	// Shallow first: "itens" before "itens.componentes".
	sortByDepth(paths)
	resolved := map[string]*instance{"": root}
	for _, path := range paths {
		set := p.RecordField(path)
		parentPath := ""
		if i := strings.LastIndex(path, "."); i >= 0 {
			parentPath = path[:i]
		}
		parent := resolved[parentPath]
		if parent == nil {
			add(row, writers.Problem{Field: path, Reason: fmt.Sprintf(msg(lang, "noParentCols", nil), path, parentPath)})
			continue
		}
		leaf := true
		for _, q := range paths {
			if strings.HasPrefix(q, path+".") {
				leaf = false
			}
		}
		vals := present[path]
		in.constantsOf(path, vals)
		key, ok := parent.childKey(set, vals)
		if !ok && len(set.Key) > 0 {
			add(row, writers.Problem{Field: path, Reason: fmt.Sprintf(msg(lang, "noChildKey", nil), path, strings.Join(set.Key, ", "))})
			continue
		}
		if ok {
			if ex := parent.find(set, key); ex != nil {
				if leaf {
					add(row, writers.Problem{Field: path, Reason: fmt.Sprintf(msg(lang, "dupChild", nil), path, displayKey(key), ex.line)})
					continue
				}
				for k, v := range vals {
					if ex.rec.Values[k] != v {
						add(row, writers.Problem{Field: path + "." + k, Value: v, Reason: fmt.Sprintf(msg(lang, "parentDiffers", nil), ex.line, ex.rec.Values[k])})
					}
				}
				resolved[path] = ex
				continue
			}
		}
		resolved[path] = parent.add(set, row, pr.line, vals)
		in.constantsInto(resolved[path], path)
	}
}

// attachSheetRow adds the child a set sheet's row describes, under the parent its key
// columns name.
func (in *Input) attachSheetRow(root *instance, row int, pr *parsedRow, add func(int, writers.Problem)) {
	p := in.Port
	lang := in.opt.Lang
	pl := pr.pl
	parent := root
	// Walk down the enclosing sets by their keys (itens.seqOci for valoresComplementares).
	var chain []*templates.Field
	for a := pl.set.Parent(); a != nil && !(p.Record != "" && a.Path == p.Record); a = a.Parent() {
		chain = append([]*templates.Field{a}, chain...)
	}
	for _, a := range chain {
		vals := map[string]string{}
		for i, k := range pl.keyCols {
			if k.field.Parent() == a {
				vals[k.field.Name] = pr.keyVals[i]
			}
		}
		key, ok := parent.childKey(a, vals)
		var next *instance
		if ok {
			next = parent.find(a, key)
		}
		if next == nil {
			add(row, writers.Problem{Field: relPath(p, a), Reason: fmt.Sprintf(msg(lang, "noParentChild", nil), relPath(p, a), displayKey(key))})
			return
		}
		parent = next
	}
	vals := map[string]string{}
	for j, c := range pl.cols {
		if c.set == pl.setPath && pr.vals[j] != "" {
			vals[c.field.Name] = pr.vals[j]
		}
	}
	in.constantsOf(pl.setPath, vals)
	if key, ok := parent.childKey(pl.set, vals); ok {
		if ex := parent.find(pl.set, key); ex != nil {
			add(row, writers.Problem{Field: pl.setPath, Reason: fmt.Sprintf(msg(lang, "dupChild", nil), pl.setPath, displayKey(key), ex.line)})
			return
		}
	} else if len(pl.set.Key) > 0 {
		add(row, writers.Problem{Field: pl.setPath, Reason: fmt.Sprintf(msg(lang, "noChildKey", nil), pl.setPath, strings.Join(pl.set.Key, ", "))})
		return
	}
	c := parent.add(pl.set, row, pr.line, vals)
	in.constantsInto(c, pl.setPath)
}

// constantsOf adds to a child's values (by field name) the constants the mapping gives for its
// set's fields, where the row gave none; a constant child key counts as the key.
func (in *Input) constantsOf(path string, vals map[string]string) {
	for p, v := range in.consts {
		if name, ok := strings.CutPrefix(p, path+"."); ok && !strings.Contains(name, ".") && vals[name] == "" {
			vals[name] = v
		}
	}
}

// constantsInto fills a new child's fields that the mapping gives as constants.
func (in *Input) constantsInto(x *instance, path string) {
	for p, v := range in.consts {
		if strings.HasPrefix(p, path+".") && !strings.Contains(p[len(path)+1:], ".") {
			name := p[len(path)+1:]
			if x.rec.Values[name] == "" {
				x.rec.Set(name, v)
			}
		}
	}
}

// checkRequired reports required fields left empty, on the row that made each instance.
func (in *Input) checkRequired(x *instance, fields []*templates.Field, add func(int, writers.Problem), rows []*parsedRow, rec *Record) {
	for _, f := range fields {
		if f.IsSet() {
			for _, c := range x.kids[f.Name] {
				in.checkRequired(c, f.Fields, add, rows, rec)
			}
			continue
		}
		if f.Required && x.rec.Values[f.Name] == "" {
			// A cell that had its own problem, or a missing key already reported, says why
			// it is empty.
			if hadProblem(rows, x.row, relPath(in.Port, f)) || saidOf(rec.Problems[x.row], relPath(in.Port, f)) {
				continue
			}
			add(x.row, writers.Problem{Field: relPath(in.Port, f), Reason: fmt.Sprintf(msg(in.opt.Lang, "required", nil), relPath(in.Port, f))})
		}
	}
}

// saidOf reports whether a problem already names the field (a missing key names all of its
// empty fields, comma-separated).
func saidOf(pbs []writers.Problem, path string) bool {
	for _, pb := range pbs {
		for _, f := range strings.Split(pb.Field, ",") {
			if f == path {
				return true
			}
		}
	}
	return false
}

func hadProblem(rows []*parsedRow, row int, path string) bool {
	if row >= len(rows) {
		return false
	}
	for _, pb := range rows[row].problems {
		if pb.Field == path {
			return true
		}
	}
	return false
}

func sortByDepth(paths []string) {
	for i := 1; i < len(paths); i++ {
		for j := i; j > 0 && strings.Count(paths[j], ".") < strings.Count(paths[j-1], "."); j-- {
			paths[j], paths[j-1] = paths[j-1], paths[j]
		}
	}
}

func textAt(ts []string, i int) string {
	if i < len(ts) {
		return ts[i]
	}
	return ""
}
