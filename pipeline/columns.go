package pipeline

import (
	"seniorimporter/outcome"
	"seniorimporter/templates"
	"seniorimporter/values"
	"slices"
	"strings"
)

// maxUnknownListed is how many unknown columns a file's message names (with suggestions).
const maxUnknownListed = 5

// mapColumns binds each header to a field, by the mapping file, the field's name or its
// documented description; `#` columns are notes, a re-import file's "#linhas em SET" on the
// record sheet noted for checkSetRows.
func (in *Input) mapColumns(pl *sheetPlan) {
	p := in.Port
	sc := newScope(p, pl.set)
	var unknown []string
	byPath := map[string]string{}
	// The parent's keys a set sheet repeats: the record key, then each enclosing set's keys.
	var ancestors []*templates.Field
	if pl.set != nil {
		for _, k := range p.Key {
			ancestors = append(ancestors, p.RecordField(k))
		}
		var chain []*templates.Field
		for a := pl.set.Parent(); a != nil && !(p.Record != "" && a.Path == p.Record); a = a.Parent() {
			chain = append([]*templates.Field{a}, chain...)
		}
		for _, a := range chain {
			for _, k := range a.Key {
				ancestors = append(ancestors, a.Child(k))
			}
		}
	}
	keyAt := map[string]int{}
	// A file exported in one locale writes every number column in it: a column of prices
	// (12.50) tells how its column of quantities of three decimals (2.500) was written.
	written := map[values.Locale]*sign{}
	monthFirst := &sign{} // and its dates: the order of day and month
	// A column with an empty header cell holds nothing a field takes: its values are said
	// (parse.go). In a workbook only those between named columns: cells past the header's
	// last one are notes beside the data.
	pl.unheaded = nil
	pl.setRows = nil
	within := namedWidth(pl.header) // in a CSV file a value past it is a row's problem (beyondHeader)
	pl.notesFrom = -1
	if pl.sheet != "" {
		within = 0
		for i, h := range pl.header {
			if h != "" {
				within = i
			}
		}
		pl.notesFrom = within + 1
	}
	for i, h := range pl.header {
		if h == "" && i < within && !in.opt.IgnoreUnknownColumns {
			pl.unheaded = append(pl.unheaded, &unheaded{idx: i})
		}
		if h == "" || strings.HasPrefix(h, "#") {
			if set, ok := outcome.SetRowsSet(h); ok && pl.set == nil {
				if f := findSet(p, set); f != nil {
					pl.setRows = append(pl.setRows, setRowsCol{idx: i, set: f, header: h})
				}
			}
			continue
		}
		var f *templates.Field
		if m := in.opt.Mapping; m != nil {
			if target, ok := m.cols[values.Fold(h)]; ok {
				f = p.RecordField(target)
				if f == nil || f.IsSet() {
					in.fileErrs = append(in.fileErrs, in.opt.Lang.MappingColumnNoField(h, target, p.Name, spelledAs(p, target)))
					continue
				}
				// On the record sheet a mapping may name a set's field, as a dotted header
				// does; on a set's sheet, a field of that set or a parent key column.
				if pl.set != nil && setPath(p, f) != pl.setPath {
					for _, a := range ancestors {
						if a == f {
							keyAt[relPath(p, a)] = i
						}
					}
					f = nil
					continue
				}
			}
		}
		if f == nil {
			f = sc.lookup(h)
		}
		isKey := false
		for _, a := range ancestors {
			if values.Fold(h) == values.Fold(a.Name) || values.Fold(h) == values.Fold(relPath(p, a)) {
				if _, dup := keyAt[relPath(p, a)]; !dup {
					keyAt[relPath(p, a)] = i
				}
				isKey = true
			}
		}
		if f == nil {
			if !isKey {
				unknown = append(unknown, h)
			}
			continue
		}
		path := relPath(p, f)
		if prev, dup := byPath[path]; dup {
			in.fileErrs = append(in.fileErrs, in.opt.Lang.DuplicateColumn(where(pl), prev, h, path))
			continue
		}
		byPath[path] = h
		opts := in.opt.Values
		if m := in.opt.Mapping; m != nil {
			if loc, ok := m.locale(h, path, f.Name); ok {
				opts.Locale = loc
			}
			if sep, ok := m.separator(path, f.Name); ok {
				opts.Separator = sep
			}
			opts.Strip = m.strips(path, f.Name)
		}
		c := &column{idx: i, header: h, field: f, path: path, set: setPath(p, f), opts: opts}
		if v, ok := in.consts[path]; ok {
			c.fixed = &v
		}
		if plainText(f) {
			c.seen = &accidents{}
		}
		if f.Date {
			c.order = &dayOrder{monthFirst: monthFirst}
		}
		if f.Temporal == templates.TemporalTime {
			c.clock = &rowsNoted{}
		}
		if numeric(f) {
			loc := opts.Locale.OrDefault()
			if written[loc] == nil {
				written[loc] = &sign{}
			}
			c.seps = &separators{written: written[loc]}
		}
		if pl.set == nil && c.set != "" {
			pl.dotted = true
		}
		pl.cols = append(pl.cols, c)
	}
	for _, a := range ancestors {
		path := relPath(p, a)
		if i, ok := keyAt[path]; ok {
			pl.keyCols = append(pl.keyCols, &keyCol{path: path, field: a, idx: i, opts: in.opt.Values})
		} else if _, ok := in.consts[path]; ok {
			pl.keyCols = append(pl.keyCols, &keyCol{path: path, field: a, idx: -1})
		}
	}
	// A column that names no field would be lost without a word while its rows go through:
	// the file is invalid, each such column named with the fields it may have meant.
	if len(unknown) > 0 {
		lang := in.opt.Lang
		if in.opt.IgnoreUnknownColumns {
			in.Warnings = append(in.Warnings, lang.ColumnsIgnored(where(pl), p.Name, unknown))
		} else if set, cols := setOfColumns(p, unknown); pl.set == nil && set != nil {
			// The record file is a set's sheet saved alone: the set sheet on screen of a
			// workbook saved as CSV under the workbook's name. Told so, not "did you mean
			// itens.seqOci?" for each of its columns (a reviewer).
			in.fileErrs = append(in.fileErrs, lang.SetSheetAlone(where(pl), in.File, set.Name, cols))
		} else {
			each := make([]string, 0, min(len(unknown), maxUnknownListed))
			for _, h := range unknown[:cap(each)] {
				each = append(each, lang.UnknownColumn(h, sc.suggest(h)))
			}
			in.fileErrs = append(in.fileErrs, lang.UnknownColumns(where(pl), each, len(unknown)))
		}
	}
}

// spelledAs is the path a mapping's field path means when it names a field of p in
// another case ("CodEmp", "Itens.CodPro"), "" otherwise: a mapping names fields exactly, as
// Senior spells them, where a header is matched in any case, and the file was refused with "no
// such field" and no word of the field it plainly meant (a mutation tester).
func spelledAs(p *templates.Port, path string) string {
	fields := p.RecordFields()
	var parts []string
	for _, part := range strings.Split(path, ".") {
		i := slices.IndexFunc(fields, func(f *templates.Field) bool { return strings.EqualFold(f.Name, strings.TrimSpace(part)) })
		if i < 0 {
			return ""
		}
		parts = append(parts, fields[i].Name)
		fields = fields[i].Fields
	}
	return strings.Join(parts, ".")
}

// setOfColumns is the set of p whose own fields most of a record sheet's unknown headers name
// (two at least, and more than half of them), with those headers: the sheet is that set's.
func setOfColumns(p *templates.Port, unknown []string) (*templates.Field, []string) {
	var best *templates.Field
	var cols []string
	for _, set := range p.Sets() {
		var named []string
		for _, h := range unknown {
			if slices.ContainsFunc(set.Fields, func(f *templates.Field) bool { return !f.IsSet() && templates.Fold(f.Name) == templates.Fold(h) }) {
				named = append(named, h)
			}
		}
		if len(named) >= 2 && 2*len(named) > len(unknown) && len(named) > len(cols) {
			best, cols = set, named
		}
	}
	return best, cols
}

// checkColumns lists, once per file, every required column that is missing.
func (in *Input) checkColumns() {
	p := in.Port
	have := map[string]bool{}
	for path := range in.consts {
		have[path] = true
	}
	setsPresent := map[string]bool{}
	for _, pl := range append([]*sheetPlan{in.record}, in.sets...) {
		for _, c := range pl.cols {
			have[c.path] = true
			if c.set != "" {
				setsPresent[c.set] = true
			}
		}
		if pl.set != nil {
			setsPresent[pl.setPath] = true
		}
	}
	var missing []string
	need := func(f *templates.Field) {
		if path := relPath(p, f); !have[path] {
			missing = append(missing, path)
		}
	}
	isKey := map[string]bool{}
	for _, k := range p.Key {
		isKey[k] = true
	}
	if in.record.header != nil || len(in.sets) > 0 {
		for _, f := range p.RecordFields() {
			if f.IsSet() {
				continue
			}
			if f.Required || (isKey[f.Name] && p.Access == "write") {
				need(f)
			}
		}
	}
	for _, s := range p.Sets() {
		if !setsPresent[relPath(p, s)] {
			continue
		}
		keys := map[string]bool{}
		for _, k := range s.Key {
			keys[k] = true
		}
		for _, f := range s.Fields {
			if !f.IsSet() && (f.Required || keys[f.Name]) {
				need(f)
			}
		}
	}
	for _, pl := range in.sets {
		// A set sheet names its parent: at least one record key column (all of them when the
		// file holds several versions of a record) and every enclosing set's key.
		rec, anc := 0, 0
		for _, k := range pl.keyCols {
			if setPath(p, k.field) == "" {
				rec++
			} else {
				anc++
			}
		}
		wantAnc := 0
		for a := pl.set.Parent(); a != nil && !(p.Record != "" && a.Path == p.Record); a = a.Parent() {
			wantAnc += len(a.Key)
		}
		if (rec == 0 && len(p.Key) > 0) || anc < wantAnc {
			names := slices.Clone(p.Key)
			for a := pl.set.Parent(); a != nil && !(p.Record != "" && a.Path == p.Record); a = a.Parent() {
				for _, k := range a.Key {
					names = append(names, relPath(p, a.Child(k)))
				}
			}
			in.fileErrs = append(in.fileErrs, in.opt.Lang.ParentColumnsMissing(where(pl), names))
		}
	}
	if len(missing) > 0 {
		in.fileErrs = append(in.fileErrs, in.opt.Lang.MissingColumns(in.File, missing))
	}
}
