package readers

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// FuzzWorkbookParts: the parts read at Open before any sheet (workbook.xml, its relations,
// styles.xml), written by the fuzzer, split at 0xFF bytes. Whatever they hold, Open either
// refuses the file with a *FileError (which the pipeline turns into a message naming the
// file) or reads it; a file read gives every sheet's rows or an error, and leaves no
// temporary file. Where styles.xml is well formed, a number cell's Format is the code its
// style names as encoding/xml reads the part.
func FuzzWorkbookParts(f *testing.F) {
	b := newBook("", "", testStyles)
	f.Add(bytes.Join([][]byte{b["xl/workbook.xml"], b["xl/_rels/workbook.xml.rels"], b["xl/styles.xml"]}, []byte{0xFF}))
	f.Add([]byte(`<workbook><workbookPr date1904="1"/><sheets><sheet name="dados" r:id="rId1"/><sheet name="b" state="hidden" r:id="rId9"/></sheets></workbook>` + "\xFF" +
		`<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId9" Type="x/worksheet" Target="../xl/worksheets/sheet1.xml"/></Relationships>` + "\xFF" +
		`<styleSheet><numFmts><numFmt numFmtId=" 164 " formatCode="0.0%"/></numFmts><cellXfs><xf numFmtId="164"/><xf/><xf numFmtId="x"/></cellXfs></styleSheet>`))
	f.Add([]byte("\xFF\xFF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 8192 {
			return
		}
		parts := bytes.SplitN(data, []byte{0xFF}, 3)
		for len(parts) < 3 {
			parts = append(parts, nil)
		}
		const n = 12 // styles 0 to n-1, and some past any table the fuzzer writes
		var rows strings.Builder
		rows.WriteString(`<row r="1">`)
		for i := 0; i < n; i++ {
			rows.WriteString(`<c r="` + ColumnName(i) + `1" s="` + strconv.Itoa(i) + `"><v>1</v></c>`)
		}
		rows.WriteString(`</row>`)
		bk := newBook(rows.String(), "", "")
		bk["xl/workbook.xml"], bk["xl/_rels/workbook.xml.rels"], bk["xl/styles.xml"] = parts[0], parts[1], parts[2]
		path := writeStored(t, bk)
		tmp := t.TempDir()
		s, err := Open(path, Options{TempDir: tmp})
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("refused with %T %v, not a FileError", err, err)
			}
			if fe.Error() == "" {
				t.Fatal("a FileError that says nothing")
			}
			return
		}
		var cells []Cell
		for _, sh := range s.Sheets() {
			err := s.Rows(context.Background(), sh.Name, func(r Row) error {
				if sh.Name == s.Sheets()[0].Name && r.Line == 1 {
					cells = r.Cells
				}
				return nil
			})
			if err != nil && err.Error() == "" {
				t.Fatal("an error that says nothing")
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if ents, _ := os.ReadDir(tmp); len(ents) > 0 {
			t.Fatalf("temporary files left: %v", ents)
		}
		want, ok := referenceFormats(parts[2])
		if !ok || len(cells) != n || !sheetIsOurs(parts[0], parts[1]) {
			return
		}
		for i, c := range cells {
			w := "General"
			if i < len(want) {
				w = want[i]
			}
			if c.Format != w {
				t.Fatalf("style %d: format %q, styles.xml says %q\n%s", i, c.Format, w, parts[2])
			}
		}
	})
}

// sheetIsOurs tells whether the first sheet the workbook names is sheet1.xml, the sheet of
// the test with a number cell of every style: only then are the cells' formats compared.
func sheetIsOurs(wb, rels []byte) bool {
	var w struct {
		Sheets []struct {
			Attr []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	var r struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
			Mode   string `xml:"TargetMode,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(wb, &w) != nil || xml.Unmarshal(rels, &r) != nil || len(w.Sheets) == 0 {
		return false
	}
	rid := ""
	for _, a := range w.Sheets[0].Attr {
		if a.Name.Local == "id" && a.Name.Space != "" {
			rid = a.Value
		}
	}
	for _, x := range r.Rel {
		if x.ID == rid && x.Mode != "External" {
			return x.Target == "worksheets/sheet1.xml"
		}
	}
	return false
}

// referenceFormats is the number format code of every cell style of a styles.xml, read with
// encoding/xml into the shape the part has: cellXfs/xf name a numFmtId, numFmts/numFmt give
// the custom codes, and the built-in ids have their fixed codes. ok is false where the part
// is not one the comparison can judge (not well formed, or elements repeated or nested where
// a real styles.xml has them once).
func referenceFormats(styles []byte) (codes []string, ok bool) {
	if len(bytes.TrimSpace(styles)) == 0 {
		return nil, true
	}
	var ss struct {
		NumFmts []struct {
			NumFmt []struct {
				ID   string `xml:"numFmtId,attr"`
				Code string `xml:"formatCode,attr"`
			} `xml:"numFmt"`
		} `xml:"numFmts"`
		CellXfs []struct {
			Xf []struct {
				ID string `xml:"numFmtId,attr"`
			} `xml:"xf"`
		} `xml:"cellXfs"`
	}
	if !wellFormed(styles) || xml.Unmarshal(styles, &ss) != nil || len(ss.CellXfs) > 1 {
		return nil, false
	}
	// The elements that this comparison leaves out: the same names nested deeper (the
	// reader looks at an element's parent only, as these parts are written).
	numFmts := 0
	for _, nf := range ss.NumFmts {
		numFmts += len(nf.NumFmt)
	}
	if bytes.Count(styles, []byte("numFmts")) > 2*len(ss.NumFmts) || bytes.Count(styles, []byte("cellXfs")) > 2*len(ss.CellXfs) ||
		bytes.Count(styles, []byte("<numFmt ")) > numFmts || bytes.Count(styles, []byte(":")) > 0 {
		return nil, false
	}
	custom := map[int]string{}
	for _, nf := range ss.NumFmts {
		for _, x := range nf.NumFmt {
			if id, err := strconv.Atoi(strings.TrimSpace(x.ID)); err == nil {
				custom[id] = x.Code
			}
		}
	}
	if len(ss.CellXfs) == 0 {
		return nil, true
	}
	for _, x := range ss.CellXfs[0].Xf {
		id, _ := strconv.Atoi(strings.TrimSpace(x.ID))
		code, has := custom[id]
		if !has {
			code = "General"
			if b, ok := builtinFormats[id]; ok {
				code = b
			} else if id >= 27 && id <= 36 || id >= 50 && id <= 58 {
				code = "dd/mm/yyyy"
			}
		}
		codes = append(codes, code)
	}
	return codes, true
}

// writeStored writes the book's parts stored, not deflated: deflated, fuzzed bytes gave
// compress/flate new coverage at almost every input, and the fuzzer spent its time
// minimizing inputs that were new only to the compressor (a few hundred runs a minute).
func writeStored(t *testing.T, b book) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range b.parts() {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
