package writers

import (
	"bufio"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"seniorimporter/outcome"
	"seniorimporter/readers"
	"seniorimporter/values"
)

// reimport writes, for each input file with rows that did not succeed, a file of the same
// base name and kind in dir holding only those rows: the user's own file minus the good
// rows. A workbook keeps its sheets, columns, cell values, types and number formats; each
// cell at fault is filled red with the reason in its comment. A CSV stays a CSV (UTF-8 with a
// BOM, ";"). Each row is followed by "#motivo" (the reason, naming the cells where they now
// sit) and "#linha original" columns, which readers ignore, and on a record sheet whose
// records have sets in sheets or files of their own, by one "#linhas em SET" column per set:
// how many rows of it each record had (outcome.Line.SetRows), which the importer checks when
// the file comes back (a workbook saved as CSV keeps only the sheet on screen: the quotes
// would go without their items). Fixed, the file can be dropped in again as is: the same
// name tells the importer the same port.
type reimport struct {
	dir       string
	files     Files // where its files are made (Options.Files)
	lang      outcome.Lang
	validated bool // nothing was sent: earlier runs' files stay (removeStale)
	wholeMu   sync.Mutex
	whole     []string // the input files read whole, every row reported (ReadWhole)
	sources   map[string]SourceInfo
	rank      map[string]int // the order of the input sheets
	outs      map[string]string
	used      map[string]bool
	csvs      map[string]*csvWriter
	books     map[string]*reBook
	sheets    map[string]*reSheet
	err       error
	// The CSV files open, the one written last at the end: past openParts the least recent is
	// parked (closed until written again), as the workbooks' parts are, which they share.
	open  recent[*csvWriter]
	parts *partSet
}

// reBook is one re-import workbook; its file is made when it is saved.
type reBook struct {
	path   string
	files  Files
	lang   outcome.Lang
	wb     *workbook
	sheets []*reSheet
}

// reSheet is one sheet of a re-import file (for CSV, the whole file).
type reSheet struct {
	name  string
	rank  int
	cols  []string
	place *placer
	ws    *wsheet    // workbooks
	csv   *csvWriter // CSV files
	rows  int        // rows written after the header
	sets  []string   // the sets whose row counts follow the importer's columns
	// the columns by their folded names (fieldColumn), and whether a header is dotted
	folded map[string]int
	dotted bool
}

// OpenReimport opens the re-import writer; dir and its files are created when the first row
// to fix comes, and each file appears at its path at Close.
func OpenReimport(dir string, o Options) (Writer, error) {
	r := &reimport{dir: dir, files: orOS(o.Files), lang: o.Lang, validated: o.Validated, sources: map[string]SourceInfo{}, rank: map[string]int{}, outs: map[string]string{}, used: map[string]bool{},
		csvs: map[string]*csvWriter{}, books: map[string]*reBook{}, sheets: map[string]*reSheet{}, parts: &partSet{}}
	for i, s := range o.Sources {
		k := srcKey(s.File, s.Sheet)
		if _, ok := r.sources[k]; !ok {
			r.sources[k] = s
			r.rank[k] = i
		}
	}
	return r, nil
}

// out is the re-import file of an input: its base name in dir (a workbook always .xlsx), made
// distinct when two inputs share a base name.
func (r *reimport) out(file string) string {
	if p, ok := r.outs[file]; ok {
		return p
	}
	base := filepath.Base(file)
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	if readers.IsWorkbook(file) {
		ext = ".xlsx"
	}
	name := stem + ext
	for i := 2; r.used[strings.ToLower(name)]; i++ {
		name = stem + "-" + strconv.Itoa(i) + ext
	}
	r.used[strings.ToLower(name)] = true
	p := filepath.Join(r.dir, name)
	r.outs[file] = p
	return p
}

func (r *reimport) sheet(o *outcome.Line) (*reSheet, error) {
	k := srcKey(o.File, o.Sheet)
	if rs := r.sheets[k]; rs != nil {
		return rs, nil
	}
	src, found := r.sources[k]
	if !found {
		src = SourceInfo{File: o.File, Sheet: o.Sheet, Header: o.Header}
		r.rank[k] = len(r.rank)
	}
	cols := unionHeader([]SourceInfo{src})
	rs := &reSheet{name: o.Sheet, rank: r.rank[k], cols: cols, place: newPlacer(cols), sets: src.Sets}
	if !found {
		for _, n := range o.SetRows {
			rs.sets = append(rs.sets, n.Set)
		}
	}
	header := append(slices.Clone(cols), r.lang.ReimportColumns()...)
	for _, set := range rs.sets {
		header = append(header, r.lang.SetRowsColumn(set))
	}
	if !readers.IsWorkbook(o.File) {
		c := r.csvs[o.File]
		if c == nil {
			var err error
			if c, err = newCSV(r.files, r.out(o.File), header, r.lang); err != nil {
				return nil, err
			}
			r.csvs[o.File] = c
		}
		rs.csv = c
	} else {
		b := r.books[o.File]
		if b == nil {
			b = &reBook{path: r.out(o.File), files: r.files, lang: r.lang, wb: newWorkbook()}
			b.wb.parts = r.parts
			r.books[o.File] = b
		}
		rs.ws = b.wb.addSheet(nil)
		b.sheets = append(b.sheets, rs)
		writeHeader(b.wb, rs.ws, header)
	}
	r.sheets[k] = rs
	return rs, nil
}

func (r *reimport) Write(o *outcome.Line) error {
	if o.Outcome.Success() {
		return nil
	}
	if r.err != nil {
		return r.err
	}
	rs, err := r.sheet(o)
	if err != nil {
		r.err = err
		return err
	}
	line := rs.rows + 2 // the header is row 1
	// Where each problem's cell now sits.
	problems := slices.Clone(o.Problems)
	bad := map[int][]string{}
	asText := map[int]bool{} // cells whose value is to be typed again as text (Problem.AsText)
	for i := range problems {
		p := &problems[i]
		p.Reason = r.lang.RowsAsOriginal(p.Reason)
		js, byField := rs.targets(*p, o)
		p.Cell = ""
		if len(js) == 1 {
			if byField {
				p.Column = rs.cols[js[0]]
			}
			p.Cell = string(appendColumn(nil, js[0])) + strconv.Itoa(line)
		}
		for _, j := range js {
			bad[j] = append(bad[j], r.lang.Problem(outcome.Problem{Value: p.Value, Reason: p.Reason}))
			asText[j] = asText[j] || p.AsText
		}
	}
	reason := o.Message
	switch {
	case len(problems) > 0:
		reason = r.lang.Problems(problems)
	case reason == "":
		// Senior refused the record with no message (a resposta of codigoRetorno -1 and an
		// empty retorno): its outcome as the run's language words it, as the workbook report's
		// column and the summary's causes do. "rejected" stood alone in a Portuguese file.
		reason = r.lang.OutcomeWord(o.Outcome)
	case o.Outcome == outcome.NotSent:
		reason = r.lang.RowsAsOriginal(reason) // the importer's word (an earlier row of the key), never Senior's
	}
	reason = r.lang.RowsAtFaultAsOriginal(reason)
	rs.rows++
	if rs.csv != nil {
		if err := r.touch(rs.csv); err != nil {
			r.err = err
			return err
		}
		texts := rs.place.texts(len(rs.cols), o)
		for i, v := range texts {
			texts[i] = keepDigits(v)
		}
		texts = append(texts, guardFormula(reason), strconv.Itoa(o.Row))
		texts = append(texts, rs.setRows(o)...)
		return rs.csv.write(texts)
	}
	b := r.books[o.File]
	styleOf := func(j int) func(string) int {
		return func(format string) int {
			st := style{numFmt: format}
			if bad[j] != nil {
				st.fill = badFill
			}
			if asText[j] {
				// The reason says to type the value again as text (a CEP, a CNPJ whose leading
				// zero the number cell dropped): typed into a cell of its old format it was a
				// number again, and the fixed file was refused as the first (the sample's CEP
				// 01310-100, retyped in the corrigir file). A cell formatted as text keeps it.
				st.numFmt = "@"
			}
			return b.wb.styles.id(st)
		}
	}
	cells := make([]cellv, len(rs.cols), len(rs.cols)+2+len(rs.sets))
	for j := range bad {
		if j < len(cells) {
			cells[j].style = styleOf(j)("")
		}
	}
	for i, j := range rs.place.of(o.Header) {
		if j >= 0 && i < len(o.Cells) {
			cells[j] = typedCell(o.Cells[i], styleOf(j))
		}
	}
	// The reason wraps within its column, so that all of it shows beside the row.
	cells = append(cells, cellv{kind: cText, s: reason, style: b.wb.styles.id(style{wrap: true})}, cellv{kind: cNumber, s: strconv.Itoa(o.Row)})
	for i, n := range rs.setRows(o) {
		c := cellv{kind: cNumber, s: n}
		if n == "" {
			c = cellv{}
		}
		if j := len(rs.cols) + 2 + i; bad[j] != nil {
			c.style = styleOf(j)("")
		}
		cells = append(cells, c)
	}
	if err := rs.ws.row(cells); err != nil {
		r.err = err
		return err
	}
	for _, j := range slices.Sorted(maps.Keys(bad)) {
		if err := rs.ws.comment(j, line, strings.Join(bad[j], "\n")); err != nil {
			r.err = err
			return err
		}
	}
	return nil
}

// setRows are the cells of the sheet's set count columns for a row: its record's count of
// each set on the record's own row, "" on the other rows (a record's children's rows in the
// record sheet: the count is read from the record's first row).
func (rs *reSheet) setRows(o *outcome.Line) []string {
	out := make([]string, len(rs.sets))
	for i, set := range rs.sets {
		for _, n := range o.SetRows {
			if n.Set == set {
				out[i] = strconv.Itoa(n.Rows)
			}
		}
	}
	return out
}

// targets are the columns of the re-import sheet that a problem names: its column's name,
// else its original cell's column letters; a count column of the importer's own (the rows of
// a set a record came back short of), where this sheet writes it, past #linha original. A problem that names neither, nor a value, is one
// of fields left empty (a required field, a record's key: the pipeline gives only the fields'
// paths, comma-separated): its columns are the empty cells of the row under a column that
// names the field as the importer reads headers (case, accents and spaces aside), by its path
// ("itens.codPro") or, on a sheet without dotted headers (a set's own sheet), by its name;
// byField tells so. None when nothing names a column of the sheet.
func (rs *reSheet) targets(p outcome.Problem, o *outcome.Line) (js []int, byField bool) {
	if p.Column != "" {
		if j := rs.place.column(p.Column); j >= 0 {
			return []int{j}, false
		}
	}
	if i := columnIndex(p.Cell); i >= 0 && i < len(o.Header) {
		if j := rs.place.column(o.Header[i]); j >= 0 {
			return []int{j}, false
		}
	}
	if set, ok := outcome.SetRowsSet(p.Column); ok { // a count the record came back short of
		if i := slices.IndexFunc(rs.sets, func(s string) bool { return strings.EqualFold(s, set) }); i >= 0 { // the header as the user typed it
			return []int{len(rs.cols) + 2 + i}, false
		}
	}
	if p.Column != "" || p.Cell != "" || p.Value != "" || p.Field == "" {
		return nil, false
	}
	for f := range strings.SplitSeq(p.Field, ",") {
		j := rs.fieldColumn(strings.TrimSpace(f))
		if j < 0 || slices.Contains(js, j) {
			continue
		}
		// The column must be in this row's header, its cell empty: the field's value is.
		for i, k := range rs.place.of(o.Header) {
			if k == j && (i >= len(o.Cells) || strings.TrimSpace(o.Cells[i].Text) == "") {
				js = append(js, j)
				break
			}
		}
	}
	return js, len(js) > 0
}

// fieldColumn is the column whose header names a field's path, -1 when none does.
func (rs *reSheet) fieldColumn(path string) int {
	if path == "" {
		return -1
	}
	if rs.folded == nil {
		rs.folded = make(map[string]int, len(rs.cols))
		for j, c := range rs.cols {
			k := values.Fold(c)
			if _, dup := rs.folded[k]; !dup {
				rs.folded[k] = j
			}
			if strings.Contains(c, ".") && !strings.HasPrefix(c, "#") { // not a note column
				rs.dotted = true
			}
		}
	}
	if j, ok := rs.folded[values.Fold(path)]; ok {
		return j
	}
	if k := strings.LastIndexByte(path, '.'); k >= 0 && !rs.dotted {
		if j, ok := rs.folded[values.Fold(path[k+1:])]; ok {
			return j
		}
	}
	return -1
}

// columnIndex is the 0-based column of a cell reference ("F3" → 5), or -1.
func columnIndex(ref string) int {
	n := 0
	i := 0
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		n = n*26 + int(c-'a'+1)
	}
	if i == 0 || i > 3 {
		return -1
	}
	return n - 1
}

// touch makes c the CSV file written last, opening it again if it was parked and parking the
// least recent one past openParts.
func (r *reimport) touch(c *csvWriter) error {
	var spare *bufio.Writer
	if old, ok := r.open.use(c); ok {
		b, err := old.park()
		if err != nil {
			return err
		}
		spare = b
	}
	if c.parked() {
		if spare == nil {
			spare = bufio.NewWriterSize(nil, 256<<10)
		}
		return c.unpark(spare)
	}
	return nil
}

// Close puts every file in place; a file whose writing failed is not put in place. An input
// read whole with no row to fix leaves no file, and those an earlier run left under its name
// (its rows since fixed and imported) are removed: the folder said "import these as they are"
// and held rows of a night before that all went (a docs tester). Files of inputs not in this
// run, or not read whole (a file that broke off, one refused whole), are left alone.
func (r *reimport) Close(*outcome.Summary) error {
	r.removeStale()
	first := r.err
	for _, c := range r.csvs {
		if err := c.Close(nil); err != nil && first == nil {
			first = err
		}
	}
	for _, b := range r.books {
		if err := b.save(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// ReadWhole says that the run read these input files whole, every row of them reported:
// only their earlier re-import files may be removed at Close (see removeStale).
func (r *reimport) ReadWhole(files ...string) {
	r.wholeMu.Lock()
	r.whole = append(r.whole, files...)
	r.wholeMu.Unlock()
}

// removeStale removes the re-import files earlier runs left for inputs of this run read whole
// that have no row to fix now (see Close): the file named as out names such an input's, unless
// this run wrote it (another input of that name); regular files and links only. A numbered
// one (stem-2.csv, a second input of that name in an earlier run) stays: it may as well be
// the file of an input named so.
func (r *reimport) removeStale() {
	if r.validated {
		return // a validation cannot tell that rows Senior refused are fixed
	}
	r.wholeMu.Lock()
	whole := slices.Clone(r.whole)
	r.wholeMu.Unlock()
	stale := map[string]bool{} // base names (lower case) of inputs read whole that wrote nothing
	for _, f := range whole {
		if _, wrote := r.outs[f]; !wrote {
			stale[strings.ToLower(r.baseName(f))] = true
		}
	}
	// Not the name of another input of this run that was not read whole (b/x.csv came empty,
	// a/x.csv went whole: x.csv may be b's rows to fix, a reviewer).
	for _, src := range r.sources {
		if !slices.Contains(whole, src.File) {
			delete(stale, strings.ToLower(r.baseName(src.File)))
		}
	}
	if len(stale) == 0 {
		return
	}
	ents, err := r.files.ReadDir(r.dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		name := strings.ToLower(e.Name())
		if r.used[name] || !stale[name] {
			continue
		}
		if t := e.Type(); t.IsRegular() || t&os.ModeSymlink != 0 {
			r.files.Remove(filepath.Join(r.dir, e.Name()))
		}
	}
}

// baseName is the name out gives an input's re-import file, unnumbered: its base name, a
// workbook's as .xlsx.
func (r *reimport) baseName(file string) string {
	base := filepath.Base(file)
	ext := filepath.Ext(base)
	if readers.IsWorkbook(file) {
		ext = ".xlsx"
	}
	return strings.TrimSuffix(base, filepath.Ext(base)) + ext
}

func (b *reBook) save() error {
	defer b.wb.remove()
	slices.SortStableFunc(b.sheets, func(x, y *reSheet) int { return x.rank - y.rank })
	names := sheetNamer{}
	order := make([]*wsheet, len(b.sheets))
	for i, rs := range b.sheets {
		rs.ws.name = names.name(rs.name)
		order[i] = rs.ws
	}
	out, err := createAtomic(b.files, b.path)
	if err != nil {
		return err
	}
	out.lang, out.stale = b.lang, true
	bw := bufio.NewWriterSize(out, 256<<10)
	if err := b.wb.save(bw, order); err != nil {
		return out.fail(err)
	}
	if err := bw.Flush(); err != nil {
		return out.fail(err)
	}
	return out.commit()
}

// keepDigits writes a code of digits that a spreadsheet would turn into a number as Excel's
// text formula, ="030": opened in Excel or LibreOffice to fix the row, a re-import CSV file's
// codCpg 030 would become 30 and its CNPJ 12345678000190 1,23457E+13, and saved so they go
// back as other values. The formula shows (and saves) the digits as they are; the importer
// reads ="030" as 030 too, unopened. Digits with a leading zero and runs of 12 or more (past
// what Excel shows of a number in a column of default width) are written so; other values,
// and the workbooks' cells, which keep their types, as they are.
func keepDigits(v string) string {
	if len(v) < 2 || (v[0] != '0' && len(v) < 12) {
		return v
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return v
		}
	}
	return `="` + v + `"`
}
