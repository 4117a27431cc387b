package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"seniorimporter/readers"
	"seniorimporter/templates"
	"seniorimporter/values"
	"seniorimporter/writers"
)

// InputOptions are the run's choices about reading inputs.
type InputOptions struct {
	Op        string   // port named on the command line ("" = by file name)
	Sheets    []string // sheets to read ("" = by the rules of DESIGN.md)
	HeaderRow int      // the header's row number (0 = the first non-empty row)
	Delimiter rune     // CSV delimiter (0 = sniffed)
	Charset   string   // CSV charset ("" = detected)
	Mapping   *Mapping
	Strict    bool // unknown columns are an error, not a warning
	Values    values.Options
	Lang      string
}

// Input is one input file (with the set files that go with it) bound to its port, its sheets
// planned and its columns mapped onto the port's fields.
type Input struct {
	File     string
	Port     *templates.Port
	Warnings []string

	opt     InputOptions
	sources []readers.Source
	record  *sheetPlan
	sets    []*sheetPlan // set sheets, shallow sets first
	// fileErrs are problems of the file as a whole (missing required columns, unknown columns
	// under --strict): every row of the file is reported invalid with them.
	fileErrs []string
	consts   map[string]string // normalised constants by field path
}

// sheetPlan is how one sheet (or CSV file) is read: which columns hold which fields.
type sheetPlan struct {
	src        readers.Source
	file       string // the file's path as given
	sheet      string // the worksheet's name; "" for CSV
	srcSheet   string // the name readers know the sheet by
	header     []string
	headerLine int
	set        *templates.Field // nil: the record sheet
	setPath    string           // the set's path from the record ("itens.valoresComplementares")
	cols       []*column
	keyCols    []*keyCol // set sheets: the columns naming the parent (record key, ancestor set keys)
	dotted     bool      // record sheet: some columns belong to sets
}

type column struct {
	idx    int
	header string
	field  *templates.Field
	path   string // the field's path from the record
	set    string // the set the field belongs to, "" for the record
	opts   values.Options
}

type keyCol struct {
	path  string // "codEmp" or "itens.seqOci"
	field *templates.Field
	idx   int // -1: taken from a constant
	opts  values.Options
}

// OpenInputs opens every input file, tells its port, plans its sheets and maps its columns.
// A CSV set file (`<record>.<set>.csv`) is read with its record file, not on its own.
func OpenInputs(ctx context.Context, cat *templates.Catalogue, files []string, opt InputOptions) ([]*Input, error) {
	var out []*Input
	fail := func(err error) ([]*Input, error) {
		for _, in := range out {
			in.Close()
		}
		return nil, err
	}
	seen := map[string]bool{}
	for _, f := range files {
		abs, _ := filepath.Abs(f)
		if seen[abs] {
			continue
		}
		seen[abs] = true
		isSet, err := isSetFile(cat, f, opt)
		if err != nil {
			return fail(err)
		}
		if isSet {
			continue
		}
		in, err := openInput(ctx, cat, f, opt)
		if err != nil {
			return fail(err)
		}
		out = append(out, in)
	}
	return out, nil
}

func isCSV(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".txt", ".tsv":
		return true
	}
	return false
}

// isSetFile tells whether a CSV file is the set file of a record file beside it.
func isSetFile(cat *templates.Catalogue, path string, opt InputOptions) (bool, error) {
	if !isCSV(path) {
		return false, nil
	}
	ext := filepath.Ext(path)
	stem := strings.TrimSuffix(filepath.Base(path), ext)
	i := strings.LastIndex(stem, ".")
	if i <= 0 {
		return false, nil
	}
	recBase, setName := stem[:i], stem[i+1:]
	p := portFor(cat, recBase+ext, opt)
	if p == nil || findSet(p, setName) == nil {
		return false, nil
	}
	if _, ok := findBeside(path, recBase+ext); ok {
		return true, nil
	}
	return false, &ConfigError{fmt.Errorf("%s is the %s file of %s, which is not there: put the record file beside it", path, setName, recBase+ext)}
}

// findBeside finds a file in the same directory by name, in any case.
func findBeside(path, name string) (string, bool) {
	dir := filepath.Dir(path)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return "", false
	}
	for _, e := range ents {
		if !e.IsDir() && strings.EqualFold(e.Name(), name) {
			return filepath.Join(dir, e.Name()), true
		}
	}
	return "", false
}

func portFor(cat *templates.Catalogue, path string, opt InputOptions) *templates.Port {
	if opt.Op != "" {
		return cat.Port(opt.Op)
	}
	return cat.ForFile(path)
}

func openInput(ctx context.Context, cat *templates.Catalogue, path string, opt InputOptions) (*Input, error) {
	p := portFor(cat, path, opt)
	if p == nil {
		var names []string
		for _, q := range cat.Ports() {
			names = append(names, q.Name)
		}
		return nil, &ConfigError{fmt.Errorf("%s: cannot tell which port it is for: its name starts with no port's name (%s); name the port with --op", path, strings.Join(names, ", "))}
	}
	in := &Input{File: path, Port: p, opt: opt, consts: map[string]string{}}
	src, err := readers.Open(path, readers.Options{Delimiter: opt.Delimiter, Charset: opt.Charset})
	if err != nil {
		return nil, &ConfigError{fmt.Errorf("%s: %w", path, err)}
	}
	in.sources = append(in.sources, src)
	if err := in.plan(ctx, src); err != nil {
		in.Close()
		return nil, err
	}
	return in, nil
}

// plan picks the record sheet and the set sheets (or set files) and maps their columns.
func (in *Input) plan(ctx context.Context, src readers.Source) error {
	p := in.Port
	var plans []*sheetPlan
	if isCSV(in.File) {
		sh := src.Sheets()
		name := ""
		if len(sh) > 0 {
			name = sh[0].Name
		}
		plans = append(plans, &sheetPlan{src: src, file: in.File, srcSheet: name})
		ext := filepath.Ext(in.File)
		stem := strings.TrimSuffix(filepath.Base(in.File), ext)
		for _, s := range p.Sets() {
			sp, ok := findBeside(in.File, stem+"."+s.Name+ext)
			if !ok {
				continue
			}
			ss, err := readers.Open(sp, readers.Options{Delimiter: in.opt.Delimiter, Charset: in.opt.Charset})
			if err != nil {
				return &ConfigError{fmt.Errorf("%s: %w", sp, err)}
			}
			in.sources = append(in.sources, ss)
			shs := ss.Sheets()
			n := ""
			if len(shs) > 0 {
				n = shs[0].Name
			}
			plans = append(plans, &sheetPlan{src: ss, file: sp, srcSheet: n, set: s})
		}
	} else {
		named := map[string]bool{}
		for _, n := range in.opt.Sheets {
			named[normName(n)] = true
		}
		var cands []readers.Sheet
		for _, s := range src.Sheets() {
			switch {
			case len(named) > 0:
				if named[normName(s.Name)] {
					cands = append(cands, s)
					delete(named, normName(s.Name))
				}
			case s.Hidden:
				if findSet(p, s.Name) != nil || normName(s.Name) == normName(p.Record) {
					in.Warnings = append(in.Warnings, fmt.Sprintf("hidden sheet %q ignored (name it with --sheet to read it)", s.Name))
				}
			default:
				cands = append(cands, s)
			}
		}
		if len(named) > 0 {
			var missing []string
			for _, n := range in.opt.Sheets {
				if named[normName(n)] {
					missing = append(missing, n)
				}
			}
			return &ConfigError{fmt.Errorf("%s: no sheet named %s", in.File, strings.Join(missing, ", "))}
		}
		var rec *readers.Sheet
		if p.Record != "" {
			for i := range cands {
				if normName(cands[i].Name) == normName(p.Record) {
					rec = &cands[i]
					break
				}
			}
		}
		if rec == nil {
			for i := range cands {
				if findSet(p, cands[i].Name) == nil {
					rec = &cands[i]
					break
				}
			}
		}
		if rec == nil {
			return &ConfigError{fmt.Errorf("%s: no sheet holds the records of %s (a sheet named %q, or the first visible sheet)", in.File, p.Name, firstNonEmpty(p.Record, p.Name))}
		}
		plans = append(plans, &sheetPlan{src: src, file: in.File, sheet: rec.Name, srcSheet: rec.Name})
		for _, s := range cands {
			if s.Name == rec.Name {
				continue
			}
			if set := findSet(p, s.Name); set != nil {
				plans = append(plans, &sheetPlan{src: src, file: in.File, sheet: s.Name, srcSheet: s.Name, set: set})
				continue
			}
			in.Warnings = append(in.Warnings, fmt.Sprintf("sheet %q ignored: it is named after no set of %s", s.Name, p.Name))
		}
	}
	for _, pl := range plans {
		if pl.set != nil {
			pl.setPath = relPath(p, pl.set)
		}
		if err := in.readHeader(ctx, pl); err != nil {
			return err
		}
	}
	in.record = plans[0]
	in.sets = plans[1:]
	sort.SliceStable(in.sets, func(i, j int) bool {
		return strings.Count(in.sets[i].setPath, ".") < strings.Count(in.sets[j].setPath, ".")
	})
	if err := in.constants(); err != nil {
		return err
	}
	for _, pl := range plans {
		in.mapColumns(pl)
	}
	in.checkColumns()
	return nil
}

var errStop = errors.New("stop")

// readHeader finds a sheet's header: the first non-empty row, or the row the user named.
func (in *Input) readHeader(ctx context.Context, pl *sheetPlan) error {
	err := pl.src.Rows(ctx, pl.srcSheet, func(r readers.Row) error {
		if in.opt.HeaderRow > 0 && r.Line < in.opt.HeaderRow {
			return nil
		}
		pl.headerLine = r.Line
		pl.header = make([]string, len(r.Cells))
		for i, c := range r.Cells {
			pl.header[i] = strings.TrimSpace(c.Raw)
		}
		return errStop
	})
	if err != nil && !errors.Is(err, errStop) {
		return &ConfigError{fmt.Errorf("%s: %w", where(pl), err)}
	}
	return nil
}

func where(pl *sheetPlan) string {
	if pl.sheet == "" {
		return pl.file
	}
	return pl.file + " [" + pl.sheet + "]"
}

// constants normalises the mapping's constant values once.
func (in *Input) constants() error {
	m := in.opt.Mapping
	if m == nil {
		return nil
	}
	for _, path := range sortedKeys(m.Constants) {
		f := in.Port.RecordField(path)
		if f == nil || f.IsSet() {
			return &ConfigError{fmt.Errorf("--mapping: constant %s: %s has no such field", path, in.Port.Name)}
		}
		opts := in.opt.Values
		if sep, ok := m.separator(relPath(in.Port, f), f.Name); ok {
			opts.Separator = sep
		}
		v, err := values.Normalise(f, values.Input{Text: m.Constants[path]}, opts)
		if err != nil {
			return &ConfigError{fmt.Errorf("--mapping: constant %s=%q: %s", path, m.Constants[path], reasonOf(err, in.opt.Lang))}
		}
		in.consts[relPath(in.Port, f)] = v
	}
	return nil
}

// mapColumns binds each header to a field, by the mapping file, the field's name or its
// documented description; `#` columns are notes.
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
	for i, h := range pl.header {
		if h == "" || strings.HasPrefix(h, "#") {
			continue
		}
		var f *templates.Field
		if m := in.opt.Mapping; m != nil {
			if target, ok := m.cols[normName(h)]; ok {
				f = p.RecordField(target)
				if f == nil || f.IsSet() {
					in.fileErrs = append(in.fileErrs, fmt.Sprintf("--mapping: column %q → %q: %s has no such field", h, target, p.Name))
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
			if normName(h) == normName(a.Name) || normName(h) == normName(relPath(p, a)) {
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
			in.fileErrs = append(in.fileErrs, fmt.Sprintf(msg(in.opt.Lang, "dupColumn", nil), where(pl), prev, h, path))
			continue
		}
		byPath[path] = h
		opts := in.opt.Values
		if m := in.opt.Mapping; m != nil {
			if loc, ok := m.locs[normName(h)]; ok {
				opts.Locale = loc
			}
			if sep, ok := m.separator(path, f.Name); ok {
				opts.Separator = sep
			}
		}
		c := &column{idx: i, header: h, field: f, path: path, set: setPath(p, f), opts: opts}
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
	if len(unknown) > 0 {
		if in.opt.Strict {
			in.fileErrs = append(in.fileErrs, fmt.Sprintf(msg(in.opt.Lang, "unknownColumnsStrict", nil), where(pl), strings.Join(unknown, ", ")))
		} else {
			in.Warnings = append(in.Warnings, fmt.Sprintf("%s: columns ignored, they name no field of %s: %s", where(pl), p.Name, strings.Join(unknown, ", ")))
		}
	}
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
			var names []string
			for _, k := range p.Key {
				names = append(names, k)
			}
			for a := pl.set.Parent(); a != nil && !(p.Record != "" && a.Path == p.Record); a = a.Parent() {
				for _, k := range a.Key {
					names = append(names, relPath(p, a.Child(k)))
				}
			}
			in.fileErrs = append(in.fileErrs, fmt.Sprintf(msg(in.opt.Lang, "parentColumns", nil), where(pl), strings.Join(names, ", ")))
		}
	}
	if len(missing) > 0 {
		in.fileErrs = append(in.fileErrs, fmt.Sprintf(msg(in.opt.Lang, "missingColumns", nil), in.File, strings.Join(missing, ", ")))
	}
}

// Sources describes every sheet the input reads, for the reports' original columns.
func (in *Input) Sources() []writers.SourceInfo {
	var out []writers.SourceInfo
	for _, pl := range append([]*sheetPlan{in.record}, in.sets...) {
		out = append(out, writers.SourceInfo{File: pl.file, Sheet: pl.sheet, Header: pl.header})
	}
	return out
}

// Close releases the files (and excelize's temporary files).
func (in *Input) Close() error {
	var errs []error
	for _, s := range in.sources {
		errs = append(errs, s.Close())
	}
	in.sources = nil
	return errors.Join(errs...)
}

func reasonOf(err error, lang string) string {
	var ve *values.Error
	if errors.As(err, &ve) {
		return ve.Message(lang)
	}
	return err.Error()
}
