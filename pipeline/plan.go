package pipeline

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path/filepath"
	"regexp"
	"seniorimporter/outcome"
	"seniorimporter/readers"
	"seniorimporter/templates"
	"seniorimporter/values"
	"slices"
	"sort"
	"strings"
	"sync"
)

// plan picks the record sheet and the set sheets (or set files) and maps their columns.
func (in *Input) plan(ctx context.Context, src readers.Source) error {
	p := in.Port
	var plans []*sheetPlan
	var ignored []string // a workbook's visible sheets named after no set
	recByName := true    // the record sheet is named after the port's records (p.Record), not the first one
	// With --sheet, the visible sheets not named nor named after a set: not read nor warned
	// of, but looked at, as ignored ones are, for a set's sheet under another name.
	var unnamed []string
	if isCSV(in.path) {
		sh := src.Sheets()
		name := ""
		if len(sh) > 0 {
			name = sh[0].Name
		}
		if csvReport(ctx, src, name) {
			return &ConfigError{errors.New(in.opt.Lang.IsReport(in.File))}
		}
		plans = append(plans, &sheetPlan{src: src, file: in.File, path: in.path, srcSheet: name})
		ext := filepath.Ext(in.path)
		stem := strings.TrimSuffix(filepath.Base(in.path), ext)
		// The folder listed once, when a set's file is not there, for files under other names.
		siblings := sync.OnceValue(func() []fs.DirEntry {
			ents, _ := in.opt.files().ReadDir(filepath.Dir(in.path))
			return ents
		})
		for _, s := range p.Sets() {
			sp, ok := findBeside(in.opt.files(), in.path, stem+"."+s.Name+ext)
			if !ok {
				if other, found := misnamedBeside(siblings(), filepath.Dir(in.path), stem, s.Name, ext); found {
					// The set's file under another name: the records would go without its rows,
					// and the file itself is refused on its own (its columns are the set's).
					in.fileErrs = append(in.fileErrs, in.opt.Lang.SetFileMisnamed(in.File, in.opt.name(other), stem+"."+s.Name+ext, s.Name))
					in.misnamed = append(in.misnamed, s)
				}
				continue
			}
			shown := in.opt.name(sp)
			if fi, err := in.opt.files().Stat(sp); err == nil && !fi.Mode().IsRegular() && fi.Mode()&fs.ModeSymlink == 0 {
				// A pipe (or a device) named like a set file: opened, it would wait for a
				// writer for ever, deaf to an interrupt; left out, the records would go
				// without their set.
				return &ConfigError{errors.New(in.opt.Lang.NotAFile(shown))}
			}
			in.stamps = append(in.stamps, stampOf(in.opt.files(), sp, shown))
			ss, err := readers.OpenContext(ctx, sp, readers.Options{Delimiter: in.opt.Delimiter, Charset: in.opt.Charset, Name: shown, Files: in.opt.Files})
			if err != nil {
				return &ConfigError{sayFile(in.opt.Lang, shown, err)}
			}
			in.sources = append(in.sources, ss)
			shs := ss.Sheets()
			n := ""
			if len(shs) > 0 {
				n = shs[0].Name
			}
			plans = append(plans, &sheetPlan{src: ss, file: shown, path: sp, srcSheet: n, set: s})
		}
	} else {
		if in.isReport(ctx, src) {
			return &ConfigError{errors.New(in.opt.Lang.IsReport(in.File))}
		}
		// With --sheet, the sheets named are read (hidden ones too), and with them the
		// visible sheets named after the port's sets: they hold the records' children, which
		// would go without them (a set's sheet is left out by hiding it, as without --sheet).
		// Other sheets are not read. A sheet named once found was once forgotten, and every
		// sheet after it read, sets or not: what was read hung on the sheets' order.
		named, found := map[string]bool{}, map[string]bool{}
		for _, n := range in.opt.Sheets {
			named[values.Fold(n)] = true
		}
		var cands []readers.Sheet
		for _, s := range src.Sheets() {
			f := values.Fold(s.Name)
			switch {
			case len(named) > 0 && named[f]:
				if !found[f] {
					cands = append(cands, s)
					found[f] = true
				}
			case len(named) > 0 && !s.Hidden:
				if findSet(p, s.Name) != nil {
					cands = append(cands, s)
				} else if !isHelpSheet(s.Name) {
					unnamed = append(unnamed, s.Name)
				}
			case len(named) == 0 && isHelpSheet(s.Name):
				// A template's help sheet is neither records nor a set: not read, not warned of.
			case s.Hidden:
				switch {
				// A CRM port's records have no set to name their sheet after: theirs is named
				// after the port (setContas), and hidden it was passed over without a word.
				case p.Record != "" && values.Fold(s.Name) == values.Fold(p.Record),
					p.Record == "" && values.Fold(s.Name) == values.Fold(p.Name):
					in.Warnings = append(in.Warnings, in.opt.Lang.HiddenRecordSheetIgnored(s.Name))
				case findSet(p, s.Name) != nil:
					in.Warnings = append(in.Warnings, in.opt.Lang.HiddenSheetIgnored(s.Name))
				}
			default:
				cands = append(cands, s)
			}
		}
		if len(found) < len(named) {
			var missing []string
			for _, n := range in.opt.Sheets {
				if !found[values.Fold(n)] {
					missing = append(missing, n)
				}
			}
			var has []string
			for _, s := range src.Sheets() {
				has = append(has, fmt.Sprintf("%q", s.Name))
			}
			return &ConfigError{errors.New(in.opt.Lang.NoSheetNamed(in.File, missing, has))}
		}
		var rec *readers.Sheet
		if p.Record != "" {
			for i := range cands {
				if values.Fold(cands[i].Name) == values.Fold(p.Record) {
					rec = &cands[i]
					break
				}
			}
		}
		if rec == nil {
			recByName = false
			// A CRM port's records have no set of their own to name a sheet after: the
			// template's sheet is named after the port (setContas), and wins over a first
			// sheet beside it (a "Conferir" sheet of formulas put in front).
			for i := range cands {
				if p.Record == "" && values.Fold(cands[i].Name) == values.Fold(p.Name) {
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
			want := p.Record
			if want == "" {
				want = p.Name
			}
			return &ConfigError{errors.New(in.opt.Lang.NoRecordSheet(in.File, p.Name, want))}
		}
		plans = append(plans, &sheetPlan{src: src, file: in.File, path: in.path, sheet: rec.Name, srcSheet: rec.Name})
		for _, s := range cands {
			if s.Name == rec.Name {
				continue
			}
			if set := findSet(p, s.Name); set != nil {
				plans = append(plans, &sheetPlan{src: src, file: in.File, path: in.path, sheet: s.Name, srcSheet: s.Name, set: set})
				continue
			}
			ignored = append(ignored, s.Name)
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
		pl.keyIdx = in.keyIdx(pl)
		in.markHidden(pl)
		if err := in.lookAhead(ctx, pl); err != nil {
			return err
		}
	}
	in.checkColumns()
	// A set's sheet under another name is refused with --sheet too: only its records' sheet
	// named ("--sheet orcamento"), the observations in "Plan2" were left out without a word and
	// the quotes went without them, valid, exit 0 for them.
	misnamed := in.misnamedSets(ctx, src, ignored, unnamed, recByName)
	if ignored = slices.DeleteFunc(ignored, func(s string) bool { return misnamed[s] }); len(ignored) > 0 {
		in.Warnings = append(in.Warnings, in.opt.Lang.SheetsIgnored(ignored, p.Name))
	}
	if len(in.fileErrs) > 0 && isCSV(in.path) {
		var hints []string
		for _, pl := range plans {
			if h := in.delimiterHint(ctx, pl); h != "" {
				hints = append(hints, h)
			}
		}
		in.fileErrs = append(hints, in.fileErrs...)
	}
	return nil
}

// signScan is how many data rows lookAhead reads at most (a variable: tests lower it).
var signScan = 1000

// lookAhead reads a sheet's first data rows for the signs of a file written the other way (a
// number only the other locale reads, a date that reads only month first, weighed against
// those of the run's way; see sign) before any row is sent: rows stream, and a number or a
// date that reads two ways above the first sign would be read, and sent, the run's way. An
// export shows its way in its first rows, so a thousand are read (the header's rows again
// among them: a few ms); the reading counts them again, both ways alike. A sign further down
// is still found while reading, and what was read above it is then named in a warning.
func (in *Input) lookAhead(ctx context.Context, pl *sheetPlan) error {
	var cols []*column
	for _, c := range pl.cols {
		if c.seps != nil || c.order != nil {
			cols = append(cols, c)
		}
	}
	if len(cols) == 0 {
		return nil
	}
	n := 0
	err := pl.src.Rows(ctx, pl.srcSheet, func(r readers.Row) error {
		if r.Line <= pl.headerLine || r.Err != nil {
			return nil
		}
		for _, c := range cols {
			if c.idx >= len(r.Cells) || r.Cells[c.idx].Kind != readers.Text {
				continue
			}
			raw := r.Cells[c.idx].Raw
			if s := c.seps; s != nil {
				loc := c.opts.Locale.OrDefault()
				_, err := values.ParseDecimal(raw, loc)
				s.written.weighNumber(raw, err == nil, loc, r.Line, c.header)
			}
			if o := c.order; o != nil {
				o.monthFirst.weighDate(raw, r.Line, c.header)
			}
		}
		if n++; n == signScan {
			return errStop
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return &ConfigError{sayFile(in.opt.Lang, where(pl), err)}
	}
	// The columns of a kind share one sign: each starts from the one found.
	for _, c := range cols {
		if c.seps != nil {
			c.seps.start = *c.seps.written
		}
		if c.order != nil {
			c.order.start = *c.order.monthFirst
		}
	}
	return nil
}

// isHelpSheet tells a sheet that explains the others or serves them (a template's "Leia-me"
// and its list of drop-down choices, a "#ajuda"): its name starts with # or is one of the
// usual names for such a sheet.
func isHelpSheet(name string) bool {
	if strings.HasPrefix(strings.TrimSpace(name), "#") || templates.IsHelpSheet(name) {
		return true
	}
	switch alnum(name) {
	case "leiame", "readme", "ajuda", "help", "instrucoes", "instructions", "comopreencher":
		return true
	}
	return false
}

var errStop = errors.New("stop")

// markHidden notes which of a sheet's mapped columns Excel hides (the header read found the
// sheet's <cols>): their values are read and sent like any others, but the user who hid a
// column may have meant it to stay out; the rows holding a value there are noted (parse) and
// said (accidentWarnings).
func (in *Input) markHidden(pl *sheetPlan) {
	hs, ok := pl.src.(interface{ HiddenColumns(string) [][2]int })
	if !ok {
		return
	}
	ranges := hs.HiddenColumns(pl.srcSheet)
	for _, c := range pl.cols {
		for _, r := range ranges {
			if c.idx >= r[0] && c.idx <= r[1] {
				c.hidden = &rowsNoted{}
				break
			}
		}
	}
}

// reportTitle is how the summary sheet of the importer's own workbook report begins, in
// either language (outcome.Lang.SummaryTitle), with its time zone (outcome.Stamp) or, written
// before it had one, without.
var reportTitle = regexp.MustCompile(`^(Importação de|Import of) \d\d/\d\d/\d{4} \d\d:\d\d( UTC([+-]\d{1,2}(:\d\d)?)?)? \(`)

// isReport tells a workbook report of the importer's own (its first sheet Resumo or Summary,
// headed by the run's title), dropped back into a watched folder or given to run: taken as
// an input, its summary sheet would be read as the records, and its data sheets, named
// "file sheet", would not be found as the sets they were.
func (in *Input) isReport(ctx context.Context, src readers.Source) bool {
	sh := src.Sheets()
	if len(sh) == 0 || (sh[0].Name != outcome.PT.SummarySheet() && sh[0].Name != outcome.EN.SummarySheet()) {
		return false
	}
	var is bool
	src.Rows(ctx, sh[0].Name, func(r readers.Row) error {
		is = len(r.Cells) > 0 && reportTitle.MatchString(r.Cells[0].Raw)
		return errStop
	})
	return is
}

// csvReport reports whether a CSV file's first row ends with a report's own columns (#arquivo
// ... #latência_ms, in either language): a CSV report fed back as input (an upgrade tester's
// were read as data, their rows sent again under another journal). A re-import file's own
// columns are others (#motivo, #linha original): it is meant to be imported.
func csvReport(ctx context.Context, src readers.Source, sheet string) bool {
	var is bool
	src.Rows(ctx, sheet, func(r readers.Row) error {
		var head []string
		for _, c := range r.Cells {
			head = append(head, strings.TrimSpace(c.Raw))
		}
		for _, l := range []outcome.Lang{outcome.PT, outcome.EN} {
			cols := l.ReportColumns()
			if len(head) >= len(cols) && slices.Equal(head[len(head)-len(cols):], cols) {
				is = true
			}
		}
		return errStop
	})
	return is
}

// headerScan is how many rows a header is looked for in (title and note rows come first).
const headerScan = 30

// readHeader finds a sheet's header: the row the user named (--header-row), or else, among
// the first 30 non-empty rows, the one that names the most fields of the sheet — preferring
// rows that name every required one — so title, "Preparado por" and note rows above it are
// not data. When no row names any field the first non-empty row is the header (its columns
// then say what they lack).
func (in *Input) readHeader(ctx context.Context, pl *sheetPlan) error {
	take := func(r readers.Row) {
		pl.headerLine = r.Line
		pl.header = make([]string, len(r.Cells))
		for i, c := range r.Cells {
			pl.header[i] = strings.TrimSpace(c.Raw)
		}
	}
	unreadable := func(r readers.Row) error {
		return &ConfigError{errors.New(in.opt.Lang.HeaderUnreadable(where(pl), in.rowProblem(pl, r.Err).Reason))}
	}
	sc := newScope(in.Port, pl.set)
	required := in.requiredOf(pl)
	var first *readers.Row // the first non-empty row: the header when no row names a field
	seen, bestScore, bestFull := 0, 0, false
	last := 0             // the last row read, when --header-row is past it
	var widths []rowWidth // CSV: the rows read, for the width of the rows under the header
	err := pl.src.Rows(ctx, pl.srcSheet, func(r readers.Row) error {
		if pl.sheet == "" && r.Err == nil {
			widths = append(widths, rowWidth{r.Line, len(r.Cells), trailingBlanks(r.Cells)})
		}
		if in.opt.HeaderRow > 0 {
			if r.Line < in.opt.HeaderRow {
				last = r.Line
				return nil
			}
			if pl.header != nil { // rows under the header, for their width
				if seen++; seen == headerScan {
					return errStop
				}
				return nil
			}
			if r.Err != nil {
				return unreadable(r)
			}
			take(r)
			return nil
		}
		if first == nil {
			first = &readers.Row{Line: r.Line, Cells: slices.Clone(r.Cells), Err: r.Err}
		}
		if r.Err == nil { // a row that cannot be read as written is no header
			score, full := in.headerScore(sc, pl, r.Cells, required)
			if full && !bestFull || full == bestFull && score > bestScore {
				take(r)
				bestScore, bestFull = score, full
			}
		}
		if seen++; seen == headerScan {
			return errStop
		}
		return nil
	})
	var ce *ConfigError
	switch {
	case errors.As(err, &ce):
		return ce
	case err != nil && !errors.Is(err, errStop):
		return &ConfigError{sayFile(in.opt.Lang, where(pl), err)}
	case in.opt.HeaderRow > 0 && pl.header == nil && last > 0:
		return &ConfigError{errors.New(in.opt.Lang.HeaderRowPastEnd(where(pl), in.opt.HeaderRow, last))}
	case bestScore == 0 && first != nil && first.Err != nil:
		return unreadable(*first)
	case bestScore == 0 && first != nil:
		take(*first)
	}
	// A header above the table the delimiter was sniffed from is a line the reader set aside
	// as a title. Of one field, it refutes the guess, which rested on its being none of the
	// table's: the file is one of one column, whose values all hold the delimiter guessed
	// ("descricao" over "Peças, azul"), and is read again at ";", as it was before title lines
	// were ever set aside. Of several, it is the table's header over rows that each end in
	// one delimiter more (a trailing "," on each data line, see usualWidth): the guess holds.
	if d, ok := pl.src.(readers.Delimited); ok && in.opt.Delimiter == 0 && pl.headerLine < d.TableLine() && len(pl.header) == 1 {
		return in.readAgainAt(ctx, pl, ';')
	}
	pl.rowWidth = usualWidth(widths, pl.headerLine, len(pl.header))
	return nil
}

// misnamedBeside finds, among the entries of a record CSV file's folder dir (its name stem,
// ext), a file that is its set's under another name: stem, then "-" or nothing (or spaces and
// "_", which names compare without), then the set, as in GravarOrcamentos-dez-itens.csv or "GravarOrcamentos-dez itens.csv" for
// GravarOrcamentos-dez.itens.csv. Dropped together in a folder, the quotes went bare while the
// items' file was refused on its own (its columns are the items'); given alone, the records
// went bare and the file was never read.
func misnamedBeside(ents []fs.DirEntry, dir, stem, set, ext string) (string, bool) {
	want := map[string]bool{values.Fold(stem + set): true, values.Fold(stem + "-" + set): true}
	for _, e := range ents {
		name := e.Name()
		if e.IsDir() || !strings.EqualFold(filepath.Ext(name), ext) {
			continue
		}
		if want[values.Fold(strings.TrimSuffix(name, filepath.Ext(name)))] {
			return filepath.Join(dir, name), true
		}
	}
	return "", false
}

// misnamedSets refuses a workbook whose set has no sheet of its own nor columns in the
// records' sheet while a sheet named after no set (ignored, said in a warning) has a header
// that names every required field of it: the set's sheet under another name. Excel names a
// copied sheet "itens (2)", a user renames a sheet "Itens novembro" or leaves it "Plan2",
// and the records then went to Senior without their rows, valid, exit 0, while those rows
// were in no report at all (a migration tester's 3,000 quotes and 8,925 items). The file is
// refused, naming the sheet and the name to give it; a copy beside the set's own sheet is
// still only ignored with a warning.
// So is a workbook whose records were read from its first sheet (none is named after them:
// recByName false) while another sheet's header names every required field of the records:
// a workbook of month tabs ("Novembro", "Dezembro") had its first tab's quotes sent and the
// second's in no report at all, the file in done/, exit 0, a warning saying only that the
// sheet is named after no set. A sheet beside one named after the records (a copy kept,
// "orcamento (2)") is still only ignored with a warning.
// So is a workbook with a set's own sheet (itens) and, beside it, a sheet whose header names
// the set's required fields ("Itens dezembro"): its rows went to no report and their records
// without them; a copy of the set's rows is a warning only (copyOf).
// Sheets --sheet left unnamed (unnamed) are looked at for a set's sheet only: the records'
// sheet named, the others are the user's choice to leave out (--sheet Novembro, beside a tab
// Dezembro, was refused as month tabs).
// It returns the sheets so refused (no longer merely ignored).
func (in *Input) misnamedSets(ctx context.Context, src readers.Source, ignored, unnamed []string, recByName bool) map[string]bool {
	misnamed := map[string]bool{}
	strays := append(slices.Clone(ignored), unnamed...)
	if len(strays) == 0 {
		return misnamed
	}
	// The records' own header, looked for in every stray sheet when the records were read
	// from the first sheet.
	var recRequired map[string]bool
	recScope := newScope(in.Port, nil)
	if !recByName {
		recRequired = in.requiredOf(in.record)
	}
	p := in.Port
	present := map[string]bool{}
	for _, pl := range append([]*sheetPlan{in.record}, in.sets...) {
		for _, c := range pl.cols {
			if c.set != "" {
				present[c.set] = true
			}
		}
		if pl.set != nil {
			present[pl.setPath] = true
		}
	}
	// The sets with no sheet nor column, each with what its header must name.
	type missing struct {
		set      *templates.Field
		sc       *scope
		required map[string]bool
	}
	var want []missing
	for _, set := range p.Sets() {
		if !present[relPath(p, set)] {
			pl := &sheetPlan{set: set, setPath: relPath(p, set)}
			want = append(want, missing{set, newScope(p, set), in.requiredOf(pl)})
		}
	}
	// The sets read from a sheet of their own, each with what its header names (a sheet
	// beside it with its columns holds rows of that set too, or copies of its rows).
	type own struct {
		pl       *sheetPlan
		sc       *scope
		required map[string]bool
	}
	var owned []own
	for _, s := range in.sets {
		if s.set != nil && s.src == src {
			owned = append(owned, own{s, newScope(p, s.set), in.requiredOf(s)})
		}
	}
	// Each stray sheet read once (its first rows), each row scored for every such set.
	for i, sheet := range strays {
		recs, sets := recRequired, owned
		if i >= len(ignored) {
			recs, sets = nil, nil // unnamed by --sheet
		}
		if len(want) == 0 && recs == nil && len(sets) == 0 {
			continue
		}
		pl := &sheetPlan{src: src, file: in.File, path: in.path, sheet: sheet, srcSheet: sheet}
		found, seen, records, besides := -1, 0, false, -1
		err := src.Rows(ctx, sheet, func(r readers.Row) error {
			if r.Err == nil {
				for i, m := range want {
					pl.set, pl.setPath = m.set, relPath(p, m.set)
					if score, full := in.headerScore(m.sc, pl, r.Cells, m.required); full && score >= 2 {
						found = i
						return errStop
					}
				}
				if recs != nil {
					pl.set, pl.setPath = nil, ""
					if score, full := in.headerScore(recScope, pl, r.Cells, recs); full && score >= 2 {
						records = true
						return errStop
					}
				}
				for i, o := range sets {
					pl.set, pl.setPath = o.pl.set, o.pl.setPath
					if score, full := in.headerScore(o.sc, pl, r.Cells, o.required); full && score >= 2 {
						besides = i
						return errStop
					}
				}
			}
			if seen++; seen == headerScan {
				return errStop
			}
			return nil
		})
		switch {
		case err != nil && !errors.Is(err, errStop):
			// A stray sheet that cannot be read, in a workbook with no sheet of a set, may
			// be that set's sheet: the file is refused, saying why, as a damaged sheet read
			// is (not the whole run stopped, exit 2, for a sheet that is not read; nor its
			// records sent without the rows it may hold).
			if ctx.Err() == nil {
				pl.set = nil
				in.fileErrs = append(in.fileErrs, sayFile(in.opt.Lang, where(pl), err).Error())
				misnamed[sheet] = true
			}
		case found >= 0:
			set := want[found].set
			// The set's own sheet hidden (a copy made of it, then the old one hidden): the
			// workbook has one, and renaming the copy would clash with it.
			hidden := slices.ContainsFunc(src.Sheets(), func(s readers.Sheet) bool { return s.Hidden && values.Fold(s.Name) == values.Fold(set.Name) })
			in.fileErrs = append(in.fileErrs, in.opt.Lang.SetSheetMisnamed(in.File, sheet, set.Name, hidden))
			in.misnamed = append(in.misnamed, set)
			misnamed[sheet] = true
			// Its rows are reported with the refusal, and kept in the re-import file under
			// the sheet's name: they were in no report at all.
			if stray := in.strayPlan(ctx, src, sheet, set); stray != nil {
				in.strays = append(in.strays, stray)
			}
			want = slices.Delete(want, found, found+1)
		case records:
			misnamed[sheet] = true
			stray := in.strayPlan(ctx, src, sheet, nil)
			copied, differs := in.copyOf(ctx, stray, in.record)
			if copied {
				in.Warnings = append(in.Warnings, in.opt.Lang.RecordSheetCopy(sheet, in.record.sheet))
				continue
			}
			named := p.Record
			if named == "" {
				named = p.Name // a CRM port's records: the sheet named after the port (plan), else the first
			}
			in.fileErrs = append(in.fileErrs, in.opt.Lang.RecordSheetTwice(in.File, in.record.sheet, sheet, p.Name, named, differs))
			if stray != nil {
				in.strays = append(in.strays, stray)
			}
		case besides >= 0:
			// A sheet of a set's rows beside the set's own ("Itens dezembro" beside itens):
			// only the set's own sheet is read, and the rows of the other went to no report,
			// their records sent without them, exit 0, a warning saying only that the sheet
			// is named after no set. A copy of the set's rows (made to check them) is not
			// read, as a copy of the records' is not.
			misnamed[sheet] = true
			target := sets[besides].pl
			stray := in.strayPlan(ctx, src, sheet, target.set)
			if copied, differs := in.copyOf(ctx, stray, target); copied {
				in.Warnings = append(in.Warnings, in.opt.Lang.RecordSheetCopy(sheet, target.sheet))
			} else {
				in.fileErrs = append(in.fileErrs, in.opt.Lang.SetSheetTwice(in.File, target.sheet, sheet, target.set.Name, differs))
				if stray != nil {
					in.strays = append(in.strays, stray)
				}
			}
		}
	}
	return misnamed
}

// strayPlan reads the header of a sheet of records beside the one read (a month tab), or of a
// set's sheet under another name (set: "Itens (2)"), so that its rows are reported with the
// file refused, and kept in its re-import file: they were in no report, and the re-import
// file, holding the first tab's rows only, imported clean when dropped back (the second tab's
// quotes never sent, in no report, the file in done/). What its columns would say (a column
// twice) is not said: the file is refused for the sheet already. nil when its header cannot
// be read.
func (in *Input) strayPlan(ctx context.Context, src readers.Source, sheet string, set *templates.Field) *sheetPlan {
	errs, warns := len(in.fileErrs), len(in.Warnings)
	defer func() { in.fileErrs, in.Warnings = in.fileErrs[:errs], in.Warnings[:warns] }()
	pl := &sheetPlan{src: src, file: in.File, path: in.path, sheet: sheet, srcSheet: sheet, set: set}
	if set != nil {
		pl.setPath = relPath(in.Port, set)
	}
	if err := in.readHeader(ctx, pl); err != nil || pl.header == nil {
		return nil
	}
	in.mapColumns(pl)
	pl.keyIdx = in.keyIdx(pl)
	return pl
}

// copyMax is how many distinct rows copyOf keeps (32 bytes each) to look for in the records'
// (or the set's) sheet; a sheet of more is taken for rows of its own (refused, never dropped).
var copyMax = 200_000

// copyOf tells a sheet with the records' columns beside the records' sheet (target) that is a
// copy of it, made to check it ("Conferir": formulas =setContas!A2 filled down, or the rows
// pasted as values), from a sheet of other records (a month tab). A CRM workbook with such a
// sheet was refused as month tabs, every row invalid, though nothing in it was left unread.
// It is a copy when every one of its rows of data (a totals row aside) holds, in each of its
// columns, what a row of the records' sheet holds in the column of the same field: its values
// are all sent already. One row that is not so (another record, a value changed there) makes
// it a sheet of records: refused as before, its rows reported, naming that row (differs) when
// some other rows are copies (0 when none is: a month tab). Likewise a sheet with a set's
// columns beside the set's own sheet (target), the parent's key columns compared too.
func (in *Input) copyOf(ctx context.Context, stray, target *sheetPlan) (copied bool, differs int) {
	if stray == nil {
		return false, 0
	}
	var paths []string
	at := map[string]int{} // the stray sheet's column of each field
	for _, c := range stray.cols {
		if _, ok := at[c.path]; !ok {
			at[c.path] = c.idx
			paths = append(paths, c.path)
		}
	}
	for _, k := range stray.keyCols {
		if _, ok := at[k.path]; !ok && k.idx >= 0 {
			at[k.path] = k.idx
			paths = append(paths, k.path)
		}
	}
	slices.Sort(paths)
	recAt := map[string]int{}
	for _, c := range target.cols {
		if _, ok := recAt[c.path]; !ok {
			recAt[c.path] = c.idx
		}
	}
	for _, k := range target.keyCols {
		if _, ok := recAt[k.path]; !ok && k.idx >= 0 {
			recAt[k.path] = k.idx
		}
	}
	sum := func(r readers.Row, cols map[string]int) [32]byte {
		h := sha256.New()
		for _, p := range paths {
			v := ""
			if i, ok := cols[p]; ok && i < len(r.Cells) && !blank(r.Cells[i]) {
				v = strings.TrimSpace(r.Cells[i].Raw)
			}
			h.Write([]byte(v))
			h.Write([]byte{0})
		}
		return [32]byte(h.Sum(nil))
	}
	want := map[[32]byte]int{} // the stray sheet's rows, by what they hold: the first row holding it
	err := stray.src.Rows(ctx, stray.srcSheet, func(r readers.Row) error {
		if in.notData(stray, r) || in.totalsRow(stray, r) != nil {
			return nil
		}
		if r.Err != nil {
			differs = r.Line
			return errStop
		}
		s := sum(r, at)
		if _, ok := want[s]; !ok {
			if len(want) == copyMax {
				differs = r.Line
				return errStop
			}
			want[s] = r.Line
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) || differs > 0 {
		return false, 0
	}
	rows := len(want)
	if rows > 0 {
		err = target.src.Rows(ctx, target.srcSheet, func(r readers.Row) error {
			if r.Line > target.headerLine {
				delete(want, sum(r, recAt))
			}
			if len(want) == 0 {
				return errStop
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			return false, 0
		}
	}
	if len(want) == 0 {
		return true, 0
	}
	if len(want) == rows {
		return false, 0 // none of its rows is the records': other records, not a copy gone wrong
	}
	for _, line := range want {
		if differs == 0 || line < differs {
			differs = line
		}
	}
	return false, differs
}

// readAgainAt reads a CSV file's header again with its fields split by delim, the file's
// source replaced by one that splits them so.
func (in *Input) readAgainAt(ctx context.Context, pl *sheetPlan, delim rune) error {
	src, err := readers.OpenContext(ctx, pl.path, readers.Options{Delimiter: delim, Charset: in.charsetRead(pl), Name: pl.file, Files: in.opt.Files})
	if err != nil {
		return &ConfigError{sayFile(in.opt.Lang, pl.file, err)}
	}
	for i, s := range in.sources {
		if s == pl.src {
			in.sources[i] = src
		}
	}
	pl.src.Close()
	pl.src, pl.header, pl.headerLine = src, nil, 0
	return in.readHeader(ctx, pl)
}

// charsetRead is the charset to open a CSV file again in: the one it was read in, not decided
// again (a file of ASCII would be read to its end for it); a UTF-16 file's is found again from
// its byte-order mark or its bytes.
func (in *Input) charsetRead(pl *sheetPlan) string {
	if cs := pl.src.Charset(); !strings.HasPrefix(cs, "utf-16") {
		return cs
	}
	return in.opt.Charset
}

// delimiterHint: a CSV file whose header names not every field it must, its delimiter not
// given, is read again with each other delimiter the reader sniffs among; one under which a
// row of the first 30 (or the --header-row) names them all, or more of them, is named, with
// --delimiter, in a hint the header's other problems follow. The reader cannot always tell
// (a file of one column and a table under lines it cannot set aside look alike: readers'
// sniff), but the port's fields can; the hint is only a hint, the file is refused as it was:
// a delimiter picked by which columns a port has could make a file read today one way and
// tomorrow, with one column more in the catalogue, another. "" when no delimiter does better.
func (in *Input) delimiterHint(ctx context.Context, pl *sheetPlan) string {
	d, ok := pl.src.(readers.Delimited)
	if !ok || in.opt.Delimiter != 0 {
		return ""
	}
	sc := newScope(in.Port, pl.set)
	required := in.requiredOf(pl)
	cells := make([]readers.Cell, len(pl.header))
	for i, h := range pl.header {
		cells[i] = readers.Cell{Kind: readers.Text, Raw: h}
	}
	had, full := in.headerScore(sc, pl, cells, required)
	if full {
		return ""
	}
	charset := in.charsetRead(pl)
	used := d.Delimiter()
	var better rune
	bestScore, bestFull, bestLine := had, false, 0
	for _, c := range []rune{';', ',', '\t', '|'} {
		if c == used {
			continue
		}
		src, err := readers.OpenContext(ctx, pl.path, readers.Options{Delimiter: c, Charset: charset, Name: pl.file, Files: in.opt.Files})
		if err != nil {
			continue
		}
		seen := 0
		src.Rows(ctx, pl.srcSheet, func(r readers.Row) error {
			if in.opt.HeaderRow > 0 && r.Line != in.opt.HeaderRow {
				if r.Line > in.opt.HeaderRow {
					return errStop
				}
				return nil
			}
			if r.Err == nil {
				score, full := in.headerScore(sc, pl, r.Cells, required)
				if full && !bestFull || full == bestFull && score > bestScore {
					better, bestScore, bestFull, bestLine = c, score, full, r.Line
				}
			}
			if seen++; seen == headerScan {
				return errStop
			}
			return nil
		})
		src.Close()
	}
	if better == 0 {
		return ""
	}
	return in.opt.Lang.DelimiterHint(where(pl), used, better, bestLine, bestScore, had, bestFull)
}

// rowWidth is a CSV row's number of fields, and how many of its last ones are empty.
type rowWidth struct{ line, fields, blankTail int }

func trailingBlanks(cells []readers.Cell) int {
	n := 0
	for i := len(cells) - 1; i >= 0 && blank(cells[i]); i-- {
		n++
	}
	return n
}

// usualWidth is how many fields a CSV file's rows have: the header's, or more where most rows
// read under it (up to 30) have more and every one past the header empty (a trailing ";" at
// the end of each data line, which some exports and hand-written files have). A row with
// more fields than that, the extra ones empty, is the trace of a delimiter inside a value not
// in quotes ("Peças; parafusos" where the last field was empty): every field after it moved
// one to the right, the last into the empty one past the end.
func usualWidth(rows []rowWidth, headerLine, header int) int {
	count := map[int]int{}
	n := 0
	for _, r := range rows {
		if r.line <= headerLine {
			continue
		}
		n++
		if r.fields > header && r.fields-r.blankTail <= header {
			count[r.fields]++
		}
	}
	usual := header
	for w, c := range count {
		if 2*c > n && w > usual {
			usual = w
		}
	}
	return usual
}

// headerScore counts the distinct fields a row's cells name, read as a header of the sheet;
// full tells whether they include every required one.
func (in *Input) headerScore(sc *scope, pl *sheetPlan, cells []readers.Cell, required map[string]bool) (int, bool) {
	named := map[string]bool{}
	for _, c := range cells {
		if c.Kind != readers.Text {
			continue
		}
		h := strings.TrimSpace(c.Raw)
		if h == "" || strings.HasPrefix(h, "#") {
			continue
		}
		var f *templates.Field
		if m := in.opt.Mapping; m != nil {
			if target, ok := m.cols[values.Fold(h)]; ok {
				f = in.Port.RecordField(target)
			}
		}
		if f == nil {
			f = sc.lookup(h)
		}
		if f == nil && pl.set != nil { // a parent key repeated in a set's sheet
			for _, k := range in.Port.Key {
				if values.Fold(h) == values.Fold(k) {
					f = in.Port.RecordField(k)
				}
			}
		}
		if f != nil && !f.IsSet() {
			named[relPath(in.Port, f)] = true
		}
	}
	for path := range required {
		if !named[path] {
			return len(named), false
		}
	}
	return len(named), len(named) > 0
}

// requiredOf lists the fields a sheet's header must name (by path): the record's required
// and key fields on the record sheet, the set's on a set's sheet, less the mapping's
// constants.
func (in *Input) requiredOf(pl *sheetPlan) map[string]bool {
	p := in.Port
	out := map[string]bool{}
	fields, keys := p.RecordFields(), p.Key
	if pl.set != nil {
		fields, keys = pl.set.Fields, pl.set.Key
	} else if p.Access != "write" {
		keys = nil
	}
	for _, f := range fields {
		if !f.IsSet() && (f.Required || slices.Contains(keys, f.Name)) {
			out[relPath(p, f)] = true
		}
	}
	if m := in.opt.Mapping; m != nil {
		for path := range m.Constants {
			if f := p.RecordField(path); f != nil {
				delete(out, relPath(p, f))
			}
		}
	}
	return out
}

// constants normalises the mapping's constant values once.
func (in *Input) constants() error {
	m := in.opt.Mapping
	if m == nil {
		return nil
	}
	for _, path := range slices.Sorted(maps.Keys(m.Constants)) {
		f := in.Port.RecordField(path)
		if f == nil || f.IsSet() {
			return &ConfigError{errors.New(in.opt.Lang.MappingConstantNoSuchField(path, in.Port.Name, spelledAs(in.Port, path)))}
		}
		opts := in.opt.Values
		if loc, ok := m.locale("", relPath(in.Port, f), f.Name); ok {
			// A locale that names the field reads its constant too, as separators and strip
			// apply to it: "1.234" under `qtdOci: en-US` is 1.234, not 1234.
			opts.Locale = loc
		}
		if sep, ok := m.separator(relPath(in.Port, f), f.Name); ok {
			opts.Separator = sep
		}
		opts.Strip = m.strips(relPath(in.Port, f), f.Name)
		v, err := values.Normalise(f, values.Input{Text: m.Constants[path]}, opts)
		if err != nil {
			return &ConfigError{errors.New(in.opt.Lang.MappingConstantBad(path, m.Constants[path], reasonOf(err, in.opt.Lang)))}
		}
		in.consts[relPath(in.Port, f)] = v
	}
	return nil
}

func reasonOf(err error, lang outcome.Lang) string {
	var ve *values.Error
	if errors.As(err, &ve) {
		return ve.Message(lang)
	}
	return err.Error()
}
