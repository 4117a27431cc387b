package pipeline

import (
	"maps"
	"math"
	"seniorimporter/outcome"
	"seniorimporter/readers"
	"seniorimporter/soap"
	"seniorimporter/templates"
	"slices"
	"strconv"
	"strings"
)

// instance is one assembled record or child, with the row it came from.
type instance struct {
	rec    *soap.Record
	row    int // index in Record.Rows
	line   int // the row number the user sees
	set    *templates.Field
	parent *instance
	kids   map[string][]*instance // set name → children
	// byKey is, for a set of many children, set name → child key → the first child of that
	// key: a quote of 20,000 items looked each new item's key up among all the others.
	byKey map[string]map[string]*instance
}

// indexFrom is how many children of one set make find keep an index rather than look at
// each: below it, looking is cheaper than a map per parent.
const indexFrom = 16

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
	kids := x.kids[set.Name]
	if len(kids) < indexFrom {
		for _, c := range kids {
			if k, ok := c.childKey(set, c.rec.Values); ok && k == key {
				return c
			}
		}
		return nil
	}
	idx := x.byKey[set.Name]
	if idx == nil {
		idx = make(map[string]*instance, len(kids))
		for _, c := range kids {
			x.index(idx, set, c)
		}
		if x.byKey == nil {
			x.byKey = map[string]map[string]*instance{}
		}
		x.byKey[set.Name] = idx
	}
	return idx[key]
}

// index adds child c of set to idx under its key, unless a child before it has that key.
func (x *instance) index(idx map[string]*instance, set *templates.Field, c *instance) {
	if k, ok := c.childKey(set, c.rec.Values); ok && idx[k] == nil {
		idx[k] = c
	}
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
	if idx := x.byKey[set.Name]; idx != nil {
		x.index(idx, set, c)
	}
	return c
}

// build assembles one record from its record-sheet rows and takes its set sheets' rows.
func (in *Input) build(group []*parsedRow, streams []*setStream) *Record {
	p := in.Port
	lang := in.opt.Lang
	rec := &Record{Port: p, Problems: map[int][]outcome.Problem{}}
	add := func(row int, pb outcome.Problem) { rec.Problems[row] = append(rec.Problems[row], pb) }
	var rows []*parsedRow
	for i, pr := range group {
		src := pr.source()
		if i > 0 { // the record's own columns repeat on its children's rows: count them once
			src.Amounts = slices.Clone(src.Amounts)
			for j, a := range src.Amounts {
				src.Amounts[j].Repeated = !strings.Contains(a.Field, ".")
			}
		}
		rec.Rows = append(rec.Rows, src)
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
			add(i, outcome.Problem{Field: c.path, Column: c.header, Cell: readers.CellRef(c.idx, group[i].line), Value: group[i].text(c.idx),
				Reason: lang.ParentDiffers(first.line, first.vals[j])})
		}
	}
	for path, v := range in.consts {
		if !strings.Contains(path, ".") && root.rec.Values[path] == "" && !first.badAt(path) {
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
	rec.keyWhole = true
	for i, k := range p.Key {
		keyParts[i] = root.rec.Values[k]
		if keyParts[i] == "" {
			rec.keyWhole = false
			missingKey = missingKey || p.Access == "write"
		}
	}
	rec.Key = strings.Join(keyParts, "/")
	if missingKey && !first.faulty { // an unreadable row's problem already says why
		// The key fields empty for no reason given yet: one whose cell was refused for its
		// value (codEmp 2 against the mapping's constant codEmp=1, "abc" for a number) is
		// not also "vazio", which its cell is not.
		var names []string
		for _, k := range p.Key {
			if root.rec.Values[k] == "" && !hadProblem(group, 0, k) {
				names = append(names, k)
			}
		}
		if len(names) > 0 {
			pb := outcome.Problem{Field: strings.Join(names, ","), Reason: lang.NoKey(strings.Join(names, ", "))}
			if set := childOnly(first); set != "" && len(names) == len(p.Key) {
				// A child's row whose record columns were left empty under the record's first
				// row (a quote laid out as finance lays it): "record without its key" sent the
				// clerk to invent a key; what it lacks is its record's columns repeated.
				pb.Reason = lang.ChildRowWithoutRecord(strings.Join(names, ", "), set)
			}
			if len(names) == 1 {
				// The empty cell, as for a required field: where to type the key.
				pb.Column, pb.Cell = first.cellOf(names[0])
			}
			add(0, pb)
		}
	}
	// Set sheets: the rows whose parent is this record, shallow sets first.
	setRows := map[*templates.Field]int{} // rows taken, per set
	setsRead := !missingKey               // each set's rows of this record were looked for
	for _, stream := range streams {
		if missingKey {
			continue
		}
		lookup := in.lookupKey(stream.pl, root.rec.Values)
		h := stream.hash(lookup)
		if line, dup := stream.given[h]; dup && stream.counts[h] == 0 && int(line) != first.line {
			add(0, outcome.Problem{Reason: lang.KeyRepeats(where(stream.pl), displayKey(lookup), int(line))})
			setsRead = false
			continue
		}
		taken := stream.take(lookup)
		if len(taken) == 0 {
			in.lookForOrphans(stream, streams)
		}
		setRows[stream.pl.set] += len(taken)
		if len(taken) > 0 {
			stream.given[h] = int32(min(first.line, math.MaxInt32))
		}
		for _, pr := range taken {
			idx := len(rec.Rows)
			rec.Rows = append(rec.Rows, pr.source())
			rows = append(rows, pr)
			rec.Problems[idx] = append(rec.Problems[idx], pr.problems...)
			in.attachSheetRow(root, idx, pr, add)
		}
	}
	// A set that came empty while its sheet has rows no record claims: they may be this
	// record's, its key mistyped on them (setOrphans.hold, checkSetRows).
	// Not a delete: it carries no rows of any set, and the rows cannot be its.
	var orphaned map[*templates.Field]*orphanHold
	deletes := p.OperationOf(root.rec.Values) == templates.OpDelete
	for _, stream := range streams {
		if !setsRead || deletes || stream.orphans == nil || setRows[stream.pl.set] != 0 {
			continue
		}
		if named, ok := stream.orphans.hold(in.lookupKey(stream.pl, root.rec.Values)); ok {
			if orphaned == nil {
				orphaned = map[*templates.Field]*orphanHold{}
			}
			orphaned[stream.pl.set] = &orphanHold{pl: stream.pl, orphans: stream.orphans, named: named}
		}
	}
	rec.SetRows = in.checkSetRows(first, setRows, setsRead, orphaned, add)
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

// checkSetRows compares, for a record of a re-import file, the rows of each set it came with
// to those the file gave it ("#linhas em itens"): a workbook saved as CSV keeps only the
// sheet on screen, and its quotes would go to Senior without their items, nothing telling
// they were meant (a finance tester). Refused: fewer rows than the count, none or some (rows
// taken out on purpose are said by writing their new count; more rows are the user's
// additions). An empty cell, or no such column (a file the importer did not write), checks
// nothing. None coming, though the set's sheet or file is there, is its key changed on one
// side, said as such (not the sheet deleted). It returns the counts a new re-import file writes for the record: the rows it
// came with, or the count it was given when fewer came (refused, it must keep asking for
// them). setsRead is false when the record's set rows were not looked for (its key missing
// or repeated): its problem says why, and the counts are not checked.
//
// orphaned are the sets of which the record came with no row while their sheet has rows that
// name no record of the file, and may be its (setOrphans.hold): the record is refused,
// unless its count cell says how many it has (0: none on purpose; more: refused above, its
// rows looked for); its count is left empty, not 0, which in its re-import file would send
// it bare with the rows still unclaimed.
func (in *Input) checkSetRows(first *parsedRow, taken map[*templates.Field]int, setsRead bool, orphaned map[*templates.Field]*orphanHold, add func(int, outcome.Problem)) []outcome.SetRows {
	var out []outcome.SetRows
	counted := map[*templates.Field]bool{}
	put := func(set *templates.Field, n int) {
		for i := range out {
			if out[i].Set == set.Name {
				out[i].Rows = max(out[i].Rows, n)
				return
			}
		}
		out = append(out, outcome.SetRows{Set: set.Name, Rows: n})
	}
	for _, pl := range in.sets {
		if !counted[pl.set] && setsRead && orphaned[pl.set] == nil {
			// Not looked for (the key bad or repeated), the record's rows are not known: its
			// cell is left empty, not 0, which would say "none", and a CSV of the sheet on
			// screen, its key fixed, would send the quote bare (a reviewer).
			counted[pl.set] = true
			put(pl.set, taken[pl.set])
		}
	}
	lang := in.opt.Lang
	for _, c := range in.record.setRows {
		text := strings.TrimSpace(first.text(c.idx))
		if text == "" {
			// How many is not known, but that there were some sheet or file of them is: one
			// missing altogether (the sheet on screen saved as CSV) is refused all the same.
			if setsRead && !slices.ContainsFunc(in.sets, func(pl *sheetPlan) bool { return pl.set == c.set }) {
				add(0, outcome.Problem{Column: c.header, Cell: readers.CellRef(c.idx, first.line),
					Reason: lang.SetRowsMissing(in.File, c.set.Name, isCSV(in.path), false)})
			}
			continue
		}
		want, err := strconv.Atoi(text)
		cell := readers.CellRef(c.idx, first.line)
		if err != nil || want < 0 {
			add(0, outcome.Problem{Column: c.header, Cell: cell, Value: text, Reason: lang.SetRowsNotCount(c.set.Name)})
			continue
		}
		put(c.set, want)
		switch got := taken[c.set]; {
		case !setsRead || got >= want:
		case got == 0:
			reason := lang.SetRowsMissing(in.File, c.set.Name, isCSV(in.path), true)
			if i := slices.IndexFunc(in.sets, func(pl *sheetPlan) bool { return pl.set == c.set }); i >= 0 {
				reason = lang.SetRowsOtherKey(c.set.Name, where(in.sets[i])) // the sheet is there: its rows carry another key
			}
			add(0, outcome.Problem{Column: c.header, Cell: cell, Value: text, Reason: reason})
		default:
			add(0, outcome.Problem{Column: c.header, Cell: cell, Value: text, Reason: lang.SetRowsFewer(c.set.Name)})
		}
	}
	for _, pl := range in.sets {
		held := orphaned[pl.set]
		if held == nil || held.pl != pl {
			continue
		}
		column, cell := lang.SetRowsColumn(pl.set.Name), ""
		said := false // a count in its cell: 0 sends it bare on purpose; else it is said above
		for _, c := range in.record.setRows {
			if c.set == pl.set {
				column, cell = c.header, readers.CellRef(c.idx, first.line)
				said = said || strings.TrimSpace(first.text(c.idx)) != ""
			}
		}
		if said {
			continue
		}
		o := held.orphans
		named := make([]string, len(held.named))
		for i, nm := range held.named {
			named[i] = lang.OrphanRows(displayKey(nm.key), lang.RowList(nm.rows.rows, nm.rows.n))
		}
		reason := lang.SetRowsOrphaned(pl.set.Name, where(pl), lang.FirstOf(named, o.keys), column)
		if o.many {
			reason += ". " + lang.OrphansTooMany(pl.set.Name, o.keys)
		}
		pb := outcome.Problem{Cell: cell, Reason: reason}
		if cell != "" { // the file's count column, its cell empty: where to write 0
			pb.Column = column
		}
		add(0, pb)
	}
	return out
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
func (in *Input) attachDotted(root *instance, row int, pr *parsedRow, add func(int, outcome.Problem)) {
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
	// Shallow first: "itens" before "itens.componentes".
	paths := slices.SortedStableFunc(slices.Values(slices.Sorted(maps.Keys(present))), func(a, b string) int {
		return strings.Count(a, ".") - strings.Count(b, ".")
	})
	resolved := map[string]*instance{"": root}
	for _, path := range paths {
		set := p.RecordField(path)
		parentPath := ""
		if i := strings.LastIndex(path, "."); i >= 0 {
			parentPath = path[:i]
		}
		parent := resolved[parentPath]
		if parent == nil {
			add(row, outcome.Problem{Field: path, Reason: lang.NoParentColumns(path, parentPath)})
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
			add(row, outcome.Problem{Field: path, Reason: lang.NoChildKey(path, strings.Join(set.Key, ", "))})
			continue
		}
		if ok {
			if ex := parent.find(set, key); ex != nil {
				if leaf {
					add(row, outcome.Problem{Field: path, Reason: lang.DuplicateChild(path, displayKey(key), ex.line)})
					continue
				}
				for k, v := range vals {
					if ex.rec.Values[k] != v {
						add(row, outcome.Problem{Field: path + "." + k, Value: v, Reason: lang.ParentDiffers(ex.line, ex.rec.Values[k])})
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
func (in *Input) attachSheetRow(root *instance, row int, pr *parsedRow, add func(int, outcome.Problem)) {
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
			add(row, outcome.Problem{Field: relPath(p, a), Reason: lang.NoParentChild(relPath(p, a), displayKey(key))})
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
			add(row, outcome.Problem{Field: pl.setPath, Reason: lang.DuplicateChild(pl.setPath, displayKey(key), ex.line)})
			return
		}
	} else if len(pl.set.Key) > 0 {
		add(row, outcome.Problem{Field: pl.setPath, Reason: lang.NoChildKey(pl.setPath, strings.Join(pl.set.Key, ", "))})
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
func (in *Input) checkRequired(x *instance, fields []*templates.Field, add func(int, outcome.Problem), rows []*parsedRow, rec *Record) {
	if x.row < len(rows) && rows[x.row].faulty {
		return // an unreadable row's problem already says why its fields are empty
	}
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
			pb := outcome.Problem{Field: relPath(in.Port, f), Reason: in.opt.Lang.Required(relPath(in.Port, f))}
			if x.row < len(rows) {
				// The empty cell, where the sheet has the column: a re-import workbook reds it,
				// whatever the column's header (a mapping's, a description).
				pb.Column, pb.Cell = rows[x.row].cellOf(pb.Field)
			}
			add(x.row, pb)
		}
	}
}

// saidOf reports whether a problem already names the field (a missing key names all of its
// empty fields, comma-separated).
func saidOf(pbs []outcome.Problem, path string) bool {
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

// childOnly is the set (its path, "itens") of which a record sheet's row holds values in
// dotted columns while its record key is empty; "" when it holds none.
func childOnly(pr *parsedRow) string {
	if pr == nil || pr.pl == nil || !pr.pl.dotted {
		return ""
	}
	for j, c := range pr.pl.cols {
		if c.set != "" && j < len(pr.vals) && (pr.vals[j] != "" || pr.bad[j]) {
			return c.set
		}
	}
	return ""
}
