package pipeline

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"seniorimporter/outcome"
	"seniorimporter/readers"
	"seniorimporter/values"
	"slices"
	"sort"
	"strings"
)

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
			named[values.Fold(n)] = true
		}
		var cands []readers.Sheet
		for _, s := range src.Sheets() {
			switch {
			case len(named) == 0 && isHelpSheet(s.Name):
				// A template's help sheet is neither records nor a set: not read, not warned of.
			case len(named) > 0:
				if named[values.Fold(s.Name)] {
					cands = append(cands, s)
					delete(named, values.Fold(s.Name))
				}
			case s.Hidden:
				if findSet(p, s.Name) != nil || values.Fold(s.Name) == values.Fold(p.Record) {
					in.Warnings = append(in.Warnings, in.opt.Lang.HiddenSheetIgnored(s.Name))
				}
			default:
				cands = append(cands, s)
			}
		}
		if len(named) > 0 {
			var missing []string
			for _, n := range in.opt.Sheets {
				if named[values.Fold(n)] {
					missing = append(missing, n)
				}
			}
			return &ConfigError{fmt.Errorf("%s: no sheet named %s", in.File, strings.Join(missing, ", "))}
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
			return &ConfigError{fmt.Errorf("%s: no sheet holds the records of %s (a sheet named %q, or the first visible sheet)", in.File, p.Name, want)}
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
			in.Warnings = append(in.Warnings, in.opt.Lang.SheetIgnored(s.Name, p.Name))
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

// isHelpSheet tells a sheet that explains the others (a template's "#ajuda", a "Leia-me"):
// its name starts with # or is one of the usual names for such a sheet.
func isHelpSheet(name string) bool {
	if strings.HasPrefix(strings.TrimSpace(name), "#") {
		return true
	}
	switch alnum(name) {
	case "leiame", "readme", "ajuda", "help", "instrucoes", "instructions", "comopreencher":
		return true
	}
	return false
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

// constants normalises the mapping's constant values once.
func (in *Input) constants() error {
	m := in.opt.Mapping
	if m == nil {
		return nil
	}
	for _, path := range slices.Sorted(maps.Keys(m.Constants)) {
		f := in.Port.RecordField(path)
		if f == nil || f.IsSet() {
			return &ConfigError{fmt.Errorf("--mapping: constant %s: %s has no such field", path, in.Port.Name)}
		}
		opts := in.opt.Values
		if sep, ok := m.separator(relPath(in.Port, f), f.Name); ok {
			opts.Separator = sep
		}
		opts.Strip = m.strips(relPath(in.Port, f), f.Name)
		v, err := values.Normalise(f, values.Input{Text: m.Constants[path]}, opts)
		if err != nil {
			return &ConfigError{fmt.Errorf("--mapping: constant %s=%q: %s", path, m.Constants[path], reasonOf(err, in.opt.Lang))}
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
