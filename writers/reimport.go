package writers

import (
	"seniorimporter/outcome"

	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// reimport writes, for each input file with rows that did not succeed, a file of the same
// base name and kind in dir holding only those rows, in their original sheets and columns,
// followed by "#motivo" and "#linha original" columns that readers ignore. Fixed, it can be
// dropped in again as is: the same name tells the importer the same port.
type reimport struct {
	dir     string
	lang    outcome.Lang
	sources map[string]SourceInfo
	csvs    map[string]*csvWriter
	books   map[string]*book
	sheets  map[string]*bookSheet
	cols    map[string][]string
}

// OpenReimport opens the re-import writer; dir is created when the first failed row comes.
func OpenReimport(dir string, o Options) (Writer, error) {
	r := &reimport{dir: dir, lang: o.Lang, sources: map[string]SourceInfo{}, csvs: map[string]*csvWriter{}, books: map[string]*book{}, sheets: map[string]*bookSheet{}, cols: map[string][]string{}}
	for _, s := range o.Sources {
		k := srcKey(s.File, s.Sheet)
		if _, ok := r.sources[k]; !ok {
			r.sources[k] = s
		}
	}
	return r, nil
}

func (r *reimport) Write(o *outcome.Line) error {
	if o.Outcome.Success() {
		return nil
	}
	k := srcKey(o.File, o.Sheet)
	cols, ok := r.cols[k]
	if !ok {
		src, found := r.sources[k]
		if found {
			cols = unionHeader([]SourceInfo{src})
		} else {
			cols = unionHeader([]SourceInfo{{Header: o.Header}})
		}
		r.cols[k] = cols
	}
	reason := o.Message
	if reason == "" {
		reason = string(o.Outcome)
	}
	row := append(originalCells(cols, o), reason, strconv.Itoa(o.Row))
	if err := os.MkdirAll(r.dir, 0o755); err != nil {
		return err
	}
	out := filepath.Join(r.dir, filepath.Base(o.File))
	if strings.EqualFold(filepath.Ext(o.File), ".xlsx") {
		b := r.books[o.File]
		if b == nil {
			b = newBook(out)
			r.books[o.File] = b
		}
		sh := r.sheets[k]
		if sh == nil {
			var err error
			if sh, err = b.add(o.Sheet, append(append([]string{}, cols...), r.lang.ReimportColumns()...), nil, -1); err != nil {
				return err
			}
			r.sheets[k] = sh
		}
		return sh.sp.add(row)
	}
	c := r.csvs[o.File]
	if c == nil {
		var err error
		if c, err = newCSV(out, append(append([]string{}, cols...), r.lang.ReimportColumns()...)); err != nil {
			return err
		}
		r.csvs[o.File] = c
	}
	return c.w.Write(row)
}

func (r *reimport) Close() error {
	var first error
	for _, c := range r.csvs {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	for _, b := range r.books {
		if err := b.save(); err != nil && first == nil {
			first = err
		}
		b.remove()
	}
	return first
}
