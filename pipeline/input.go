package pipeline

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"seniorimporter/outcome"
	"seniorimporter/readers"
	"seniorimporter/templates"
	"seniorimporter/values"
	"seniorimporter/writers"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// InputOptions are the run's choices about reading inputs.
type InputOptions struct {
	Op        string   // port named on the command line ("" = by file name)
	Sheets    []string // sheets to read ("" = by the rules of DESIGN.md)
	HeaderRow int      // the header's row number (0 = the first non-empty row)
	Delimiter rune     // CSV delimiter (0 = sniffed)
	Charset   string   // CSV charset ("" = detected)
	Mapping   *Mapping
	// IgnoreUnknownColumns makes a column that names no field a warning; by default it makes
	// every row of its file invalid.
	IgnoreUnknownColumns bool
	Values               values.Options
	Lang                 outcome.Lang
	// KeepCells keeps every row's original cells on its report lines: a CSV or XLSX report, a
	// re-import file or the journal needs them; a run with none of those spares the work.
	KeepCells bool
	// Name, if set, is what reports and messages call the file at a path (by default the path
	// as given): the watcher reads a file in its processing/ folder and names it as dropped.
	Name func(path string) string
	// Files is where the inputs (their set files too) are opened, looked at and listed, every
	// time (readers.Options.Files): nil is the system's paths, following a user's own links.
	// The watcher gives its processing/ folder held open (readers.Folder): a link put in a
	// file's place, or in the folder's, after it took the file is never followed.
	Files readers.Files
}

// files is where the inputs are opened (Files).
func (o InputOptions) files() readers.Files {
	if o.Files == nil {
		return readers.OS{}
	}
	return o.Files
}

// name is what reports and messages call the file at path.
func (o InputOptions) name(path string) string {
	if o.Name != nil {
		return o.Name(path)
	}
	return path
}

// Input is one input file (with the set files that go with it) bound to its port, its sheets
// planned and its columns mapped onto the port's fields.
type Input struct {
	File string // as reports and messages name it (InputOptions.Name)
	path string // where it is read
	Port *templates.Port
	// Warnings are what a person should know of the file: found when it is opened (sheets and
	// columns ignored), and, once Records has read it, what looks like an Excel accident
	// (leading zeros lost, dates turned into numbers).
	Warnings []string
	// unimportable: see Unimportable.
	unimportable string
	// Unread are spreadsheets beside it in its folder, named after a port, in a format that
	// is not read (expandFolders): said with the folder's first input, each a file problem.
	Unread []outcome.FileProblem

	opt     InputOptions
	sources []readers.Source
	stamps  []stamp // its files as they were opened (settle.go)
	record  *sheetPlan
	sets    []*sheetPlan // set sheets, shallow sets first
	// fileErrs are problems of the file as a whole (missing required columns, columns that
	// name no field): every row of the file is reported invalid with them.
	fileErrs []string
	consts   map[string]string // normalised constants by field path
	// misnamed are the sets whose sheet is under another name (misnamedSets): the file is
	// refused, and its re-import file counts them (setRowsSets).
	misnamed []*templates.Field
	// strays are the sheets of records beside the one read (misnamedSets: month tabs). The
	// file is refused; their rows are reported with it (allInvalid) and kept in its
	// re-import file, which is then refused again until the tabs are one sheet.
	strays []*sheetPlan
}

// sheetPlan is how one sheet (or CSV file) is read: which columns hold which fields.
type sheetPlan struct {
	src        readers.Source
	file       string // the file as reports and messages name it (InputOptions.Name)
	path       string // where it is read
	sheet      string // the worksheet's name; "" for CSV
	srcSheet   string // the name readers know the sheet by
	header     []string
	headerLine int
	set        *templates.Field // nil: the record sheet
	setPath    string           // the set's path from the record ("itens.valoresComplementares")
	cols       []*column
	keyCols    []*keyCol      // set sheets: the columns naming the parent (record key, ancestor set keys)
	dotted     bool           // record sheet: some columns belong to sets
	keyIdx     []int          // the columns holding key fields (join.go)
	totals     []TotalsRow    // totals rows found while reading (join.go)
	hidden     int            // data rows hidden in the sheet
	unheaded   []*unheaded    // columns within the header whose header cell is empty
	notesFrom  int            // a workbook's first column past the header's last named one (its cells are notes beside the data); -1 for CSV
	rowWidth   int            // CSV: the fields its rows have, the header's or, where most rows end in empty fields (a trailing ;), theirs; a row of more, empty past it, is shifted (parse.go)
	looksAbove map[int]bool   // rows above the header that may be data (strayAbove): said in a warning, not read
	footers    map[int]string // CSV: note lines under the table, by line (footerNote): said in a warning, not read
	setRows    []setRowsCol   // record sheet of a re-import file: its "#linhas em SET" columns (checkSetRows)
}

// setRowsCol is a re-import file's column, on its record sheet, saying how many rows of a set
// each record had when the file was written (outcome.SetRowsColumn).
type setRowsCol struct {
	idx    int
	set    *templates.Field
	header string
}

// unheaded is a column with an empty header cell, and the rows that hold a value there (its
// values go nowhere: said once per file, parse.go).
type unheaded struct {
	idx    int
	column string // its letters, from the first value's cell
	rows   rowsNoted
}

type column struct {
	idx    int
	header string
	field  *templates.Field
	path   string // the field's path from the record
	set    string // the set the field belongs to, "" for the record
	opts   values.Options
	seen   *accidents  // plain text fields: what looks like an Excel accident (parse.go)
	order  *dayOrder   // date fields: text dates that read only as month/day, and those either way
	clock  *rowsNoted  // time fields: the rows whose time has seconds, not sent (values.ShowsSeconds)
	seps   *separators // number fields: text numbers written the other locale's way, and those read two ways
	hidden *rowsNoted  // a column Excel hides: the rows that hold a value in it; nil: shown
	fixed  *string     // the mapping's constant for its field (normalised), its cells' to agree with; nil: none
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
	files, skipped, unread, err := expandFolders(cat, files, opt)
	if err != nil {
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
		if names := skipped[filepath.Dir(f)]; len(names) > 0 {
			// Said once, with the folder's first input.
			in.Warnings = append(in.Warnings, opt.Lang.FilesSkipped(filepath.Dir(f), names))
			delete(skipped, filepath.Dir(f))
		}
		if fs := unread[filepath.Dir(f)]; len(fs) > 0 {
			in.Unread = fs
			delete(unread, filepath.Dir(f))
		}
		out = append(out, in)
	}
	if keys := noField(cat, opt.Mapping.unusedLocales()); len(keys) > 0 && len(out) > 0 {
		// A locale meant for a column that took none: its numbers were read in the run's
		// locale, and en-US's "1,234" is 1.234 in pt-BR.
		out[0].Warnings = append(out[0].Warnings, opt.Lang.LocaleUnused(keys))
	}
	if keys := noField(cat, opt.Mapping.unusedSeparators()); len(keys) > 0 && len(out) > 0 {
		out[0].Warnings = append(out[0].Warnings, opt.Lang.SeparatorUnused(keys))
	}
	return out, nil
}

// noField are the keys of a mapping that name no field of any port (by name or dotted path):
// a mapping shared by the ports of a drop folder or a job names the fields of the others,
// which are no typo and were warned of in every run.
func noField(cat *templates.Catalogue, keys []string) []string {
	if len(keys) == 0 {
		return nil
	}
	known := map[string]bool{}
	var walk func(prefix string, fs []*templates.Field)
	walk = func(prefix string, fs []*templates.Field) {
		for _, f := range fs {
			known[values.Fold(f.Name)] = true
			known[values.Fold(prefix+f.Name)] = true
			walk(prefix+f.Name+".", f.Fields)
		}
	}
	for _, p := range cat.Ports() {
		walk("", p.RecordFields())
	}
	var out []string
	for _, k := range keys {
		if !known[values.Fold(k)] {
			out = append(out, k)
		}
	}
	return out
}

// expandFolders puts in place of each folder among files the files in it (not in its
// subfolders) that are read, in name order, less Excel's lock files (~$...) and hidden ones:
// `importer run pasta/` imports what the folder holds, as `pasta/*.xlsx pasta/*.csv` would.
// Files there that name no port (an earlier run's report, a list of notes) are skipped and
// returned by folder, to be said; a folder with nothing to import is an error.
//
// A spreadsheet there in a format that is not read (.xls, .xlsb, .ods, .numbers) whose name
// names a port was meant to be imported: it is returned in unread, by folder, with why, to
// be a problem of the run (exit 1), not passed over without a word by a nightly job.
func expandFolders(cat *templates.Catalogue, files []string, opt InputOptions) ([]string, map[string][]string, map[string][]outcome.FileProblem, error) {
	var out []string
	skipped := map[string][]string{}
	unread := map[string][]outcome.FileProblem{}
	files, err := expandGlobs(files, opt.Lang)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, f := range files {
		// The watcher's file, made a link after it looked (to another drop folder's done/,
		// say), is a link to its Files: not followed as a folder to import, but opened, and
		// refused (ErrLink).
		fi, err := opt.files().Stat(f)
		if err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			out = append(out, f)
			continue
		}
		if err == nil && !fi.IsDir() && !fi.Mode().IsRegular() && readers.Readable(f) {
			// A pipe (or a device) named as a file to import: opened, it would wait for a
			// writer for ever, deaf to an interrupt.
			return nil, nil, nil, &ConfigError{errors.New(opt.Lang.NotAFile(opt.name(f)))}
		}
		if err != nil || !fi.IsDir() {
			out = append(out, f) // a file, or what openInput will say is missing
			continue
		}
		if _, paths := opt.files().(readers.OS); !paths {
			// The watcher's file, a folder in processing/ now: listed by its path, it was
			// read outside processing/ held open (renamed away, a link put in its place,
			// the path leads to another folder's files).
			return nil, nil, nil, &ConfigError{errors.New(opt.Lang.FolderNotFile(opt.name(f)))}
		}
		ents, err := os.ReadDir(f)
		if err != nil {
			return nil, nil, nil, &ConfigError{err}
		}
		n := len(out)
		for _, e := range ents {
			name := e.Name()
			if e.IsDir() || strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".") {
				continue
			}
			if !readers.Readable(name) {
				p := filepath.Join(f, name)
				if readers.SpreadsheetNotRead(name) && portFor(cat, p, opt) != nil {
					if _, err := readers.Open(p, readers.Options{}); err != nil {
						unread[filepath.Clean(f)] = append(unread[filepath.Clean(f)], outcome.FileProblem{File: opt.name(p), Message: sayFile(opt.Lang, opt.name(p), err).Error()})
					}
				}
				continue
			}
			p := filepath.Join(f, name)
			if fi, err := os.Stat(p); err != nil || !fi.Mode().IsRegular() { // a link to a file counts
				continue
			}
			if portFor(cat, p, opt) == nil {
				skipped[filepath.Clean(f)] = append(skipped[filepath.Clean(f)], name)
				continue
			}
			out = append(out, p)
		}
		if len(out) == n {
			if fs := unread[filepath.Clean(f)]; len(fs) > 0 {
				return nil, nil, nil, &ConfigError{errors.New(opt.Lang.NothingInFolder(f) + ": " + fs[0].Message)}
			}
			return nil, nil, nil, &ConfigError{errors.New(opt.Lang.NothingInFolder(f))}
		}
	}
	return out, skipped, unread, nil
}

// expandGlobs puts in place of each name that is no file but a pattern (`in/setContas*.csv`)
// the files it matches, sorted, as a shell would: a pattern reaches the importer unexpanded
// from a systemd unit, a quoted cron line or Windows, and a job file's steps take patterns
// too. A pattern that matches nothing stops the run (exit 2), as in a job file: a nightly
// load whose files did not come is not a success. A file whose name holds * or ? is itself.
func expandGlobs(files []string, lang outcome.Lang) ([]string, error) {
	var out []string
	for _, f := range files {
		if _, err := os.Lstat(f); err == nil || !strings.ContainsAny(f, "*?[") {
			out = append(out, f)
			continue
		}
		m, err := filepath.Glob(f)
		if err != nil || len(m) == 0 {
			return nil, &ConfigError{errors.New(lang.NoFileMatches(f))}
		}
		out = append(out, m...)
	}
	return out, nil
}

// CheckOutputs refuses an output that would destroy an input before it is read: a report or
// summary path (or another output: Settings.Writes) that is an input file (set files beside a
// CSV included; compared with os.SameFile, so links and other spellings of a path count) or
// another file the run reads (Settings.Reads: the mapping, a password file, the journal), or a
// re-import folder that holds an input (its files are named like the inputs). Run calls it
// right after OpenInputs, before any report is opened or anything sent. The error is a
// *ConfigError naming both paths (an *OutputConflict in it where an output is refused).
func CheckOutputs(inputs []*Input, cfg Settings) error {
	outs := outputs(cfg)
	var reimportInfo os.FileInfo
	if cfg.Reimport != "" {
		reimportInfo, _ = os.Stat(cfg.Reimport)
	}
	// Each output's folder can be written: a summary or a re-import folder that cannot was
	// found only after every row had been sent (the run then exited 1 for it, night after
	// night), and a report said so naming its temporary file.
	lang := cfg.Lang
	if len(inputs) > 0 {
		lang = inputs[0].opt.Lang
	}
	for _, o := range append(outs, NamedPath{"--reimport", cfg.Reimport}) {
		if o.Path == "" {
			continue
		}
		files := cfg.Outputs // the run's own outputs; Writes are others', by path
		if slices.Contains(cfg.Writes, o) {
			files = nil
		}
		if err := writers.WritableIn(files, o.Path, o.Flag == "--reimport"); err != nil {
			return &ConfigError{errors.New(writers.Refusal(lang, o.Flag, o.Path, err))}
		}
	}
	// What the run reads: every input (set files beside a CSV included), then the other files.
	var reads []NamedPath
	for _, in := range inputs {
		for _, src := range in.sources {
			reads = append(reads, NamedPath{"", src.Path()})
			if reimportInfo != nil {
				if di, err := os.Stat(filepath.Dir(src.Path())); err == nil && os.SameFile(di, reimportInfo) {
					return &ConfigError{errors.New(lang.ReimportHoldsInput(cfg.Reimport, src.Path()))}
				}
			}
		}
	}
	return conflicts(lang, outs, append(reads, cfg.Reads...))
}

// CheckOutputsEarly is CheckOutputs before anything is read (Run's first step), against the
// files the run reads that are known by then: the inputs named as files and Settings.Reads. A
// run that failed before its inputs were open (an input missing, a catalogue at fault) wrote
// its summary over the mapping its --summary named.
func CheckOutputsEarly(cfg Settings) error {
	var reads []NamedPath
	for _, f := range cfg.Files {
		reads = append(reads, NamedPath{"", f})
	}
	lang := cfg.Lang
	if lang == "" {
		lang = outcome.PT
	}
	return conflicts(lang, outputs(cfg), append(reads, cfg.Reads...))
}

// outputs are the run's outputs but the re-import folder: the summary first, the reports,
// Settings.Writes.
func outputs(cfg Settings) []NamedPath {
	outs := []NamedPath{{"--summary", cfg.Summary}}
	for _, r := range cfg.Reports {
		outs = append(outs, NamedPath{"--report", r})
	}
	return append(outs, cfg.Writes...)
}

// conflicts refuses every output that is one of the files read (a Flag of "" is an input),
// compared with os.SameFile: links and other spellings of a path count.
func conflicts(lang outcome.Lang, outs, reads []NamedPath) error {
	type read struct {
		NamedPath
		info os.FileInfo
	}
	var files []read
	for _, r := range reads {
		if fi, err := os.Stat(r.Path); r.Path != "" && err == nil && !fi.IsDir() {
			files = append(files, read{r, fi})
		}
	}
	var refused []string
	var msgs []string
	// Two outputs of different kinds at one path (--report r.jsonl --metrics-file r.jsonl, a
	// summary and a report): the one written last replaced the other, and the run said both
	// were written. The same report named twice writes the same file twice, and a job's own
	// summary is every step's to keep clear of: same flag, no conflict.
	for i, o := range outs {
		for _, p := range outs[:i] {
			if o.Path != "" && p.Path != "" && o.Flag != p.Flag && samePath(o.Path, p.Path) {
				refused, msgs = append(refused, o.Path), append(msgs, lang.OutputIsOutput(o.Flag, o.Path, p.Flag, p.Path))
				break
			}
		}
	}
	for _, o := range outs {
		oi, err := os.Stat(o.Path)
		if o.Path == "" || err != nil {
			continue
		}
		for _, r := range files {
			if !os.SameFile(r.info, oi) {
				continue
			}
			msg := lang.OutputIsInput(o.Flag, o.Path, r.Path)
			if r.Flag != "" {
				msg = lang.OutputIsRead(o.Flag, o.Path, r.Flag)
			}
			refused, msgs = append(refused, o.Path), append(msgs, msg)
			break
		}
	}
	if len(refused) == 0 {
		return nil
	}
	return &ConfigError{&OutputConflict{Paths: refused, msg: strings.Join(msgs, "; ")}}
}

// samePath tells two paths that name one file: the same file where both exist (links and
// other spellings count), else the same absolute path.
func samePath(a, b string) bool {
	ai, aerr := os.Stat(a)
	bi, berr := os.Stat(b)
	if aerr == nil && berr == nil {
		return os.SameFile(ai, bi)
	}
	aa, aerr := filepath.Abs(a)
	ba, berr := filepath.Abs(b)
	return aerr == nil && berr == nil && aa == ba
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
	if _, ok := findBeside(opt.files(), path, recBase+ext); ok {
		return true, nil
	}
	return false, &ConfigError{errors.New(opt.Lang.SetFileAlone(opt.name(path), setName, recBase+ext))}
}

// findBeside finds a file in the same directory by name, in any case.
func findBeside(files readers.Files, path, name string) (string, bool) {
	dir := filepath.Dir(path)
	ents, err := files.ReadDir(dir)
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
	return PortNamed(cat, path)
}

// PortNamed returns the port whose name starts the file's base name, compared as headers are
// (values.Fold: without regard to case, accents, spaces and "_", so GravarOrçamentos-jan.xlsx,
// a name a Brazilian user writes with its cedilla, and setcontas.csv are those ports'), or nil.
// The longest matching name wins: CarregarOrcamentos_3.csv is version 3, not CarregarOrcamentos
// followed by "_3". A name followed by another letter or digit ("setContasX") is still that
// port's, as DESIGN.md says "starts with". A name that is not UTF-8 is read as Windows-1252:
// a file that came by FTP, a Samba share or an old zip from Windows keeps its name in the
// charset it had there, "GravarOr\xe7amentos-jan.csv", and was passed over in a folder as named
// after no port (the run went on without it, exit 0).
func PortNamed(cat *templates.Catalogue, path string) *templates.Port {
	name := filepath.Base(path)
	if !utf8.ValidString(name) {
		if s, err := charmap.Windows1252.NewDecoder().String(name); err == nil {
			name = s
		}
	}
	base := values.Fold(name)
	var best *templates.Port
	bestLen := 0
	for _, p := range cat.Ports() {
		if n := values.Fold(p.Name); strings.HasPrefix(base, n) && len(n) > bestLen {
			best, bestLen = p, len(n)
		}
	}
	return best
}

func openInput(ctx context.Context, cat *templates.Catalogue, path string, opt InputOptions) (*Input, error) {
	p := portFor(cat, path, opt)
	if p == nil {
		if _, err := opt.files().Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, &ConfigError{sayFile(opt.Lang, opt.name(path), err)} // missing, whatever its name
		}
		var names []string
		for _, q := range cat.Ports() {
			names = append(names, q.Name)
		}
		return nil, &ConfigError{errors.New(opt.Lang.NoPortForName(opt.name(path), names))}
	}
	in := &Input{File: opt.name(path), path: path, Port: p, opt: opt, consts: map[string]string{}}
	in.stamps = append(in.stamps, stampOf(opt.files(), path, in.File))
	src, err := readers.OpenContext(ctx, path, readers.Options{Delimiter: opt.Delimiter, Charset: opt.Charset, Name: in.File, Files: opt.Files})
	if err != nil {
		return nil, &ConfigError{sayFile(opt.Lang, in.File, err)}
	}
	in.sources = append(in.sources, src)
	if err := in.plan(ctx, src); err != nil {
		in.Close()
		return nil, err
	}
	in.release()
	return in, nil
}

// release lets go of the files' descriptors until the rows are read (a workbook's; a CSV file
// is opened for each reading anyway): a run opens every input's header first, and a folder of
// more workbooks than a service may hold open must still start.
func (in *Input) release() {
	for _, s := range in.sources {
		if r, ok := s.(interface{ Release() error }); ok {
			r.Release()
		}
	}
}

func where(pl *sheetPlan) string {
	if pl.sheet == "" {
		return pl.file
	}
	return pl.file + " [" + pl.sheet + "]"
}

// Sources describes every sheet the input reads, for the reports' original columns: its
// header and, per column, Senior's format of the field it fills.
func (in *Input) Sources() []writers.SourceInfo {
	var out []writers.SourceInfo
	for _, pl := range append(in.plans(), in.strays...) {
		formats := make([]string, len(pl.header))
		for _, c := range pl.cols {
			if c.idx < len(formats) {
				formats[c.idx] = c.field.Format
			}
		}
		si := writers.SourceInfo{File: pl.file, Sheet: pl.sheet, Header: pl.header, Formats: formats}
		if pl == in.record {
			si.Sets = in.setRowsSets()
		}
		out = append(out, si)
	}
	return out
}

// setRowsSets are the sets whose rows a re-import file of this input counts per record: those
// read from sheets or files of their own, those a re-import file given as input counted
// (its set sheet lost, the records refused: the next re-import file must count them still),
// and those whose sheet is under another name (misnamedSets). The re-import file holds none
// of that sheet's rows, which were read as no set's: without the count column, dropped back
// as it is, its records came with no sheet of the set and went to Senior bare, the loss the
// refusal stops; with it, its cells empty (how many is not known), they are refused until a
// sheet of the set comes with them (checkSetRows).
func (in *Input) setRowsSets() []string {
	var out []string
	for _, pl := range in.sets {
		if !slices.Contains(out, pl.set.Name) {
			out = append(out, pl.set.Name)
		}
	}
	for _, set := range in.misnamed {
		if !slices.Contains(out, set.Name) {
			out = append(out, set.Name)
		}
	}
	for _, c := range in.record.setRows {
		if !slices.Contains(out, c.set.Name) {
			out = append(out, c.set.Name)
		}
	}
	return out
}

// fileRef is a file an input reads: where it is and what reports call it.
type fileRef struct{ path, name string }

// files are every file the input reads: the record file and the set files beside it.
func (in *Input) files() []fileRef {
	var out []fileRef
	for _, pl := range append([]*sheetPlan{in.record}, in.sets...) {
		f := fileRef{pl.path, pl.file}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// Charsets tells, per CSV file read (set files too), the charset it was read in.
func (in *Input) Charsets() map[string]string {
	out := map[string]string{}
	for _, pl := range append([]*sheetPlan{in.record}, in.sets...) {
		if cs := pl.src.Charset(); cs != "" {
			out[pl.file] = cs
		}
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
