package readers

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// zpart is one part of a workbook built by a test. declare and declareComp, when set, are
// the sizes its zip entry claims instead of the real ones: a part that lies.
type zpart struct {
	name        string
	data        []byte
	declare     uint64
	declareComp uint64
}

// writeZip writes the parts to a file in a temporary folder.
func writeZip(t testing.TB, name string, parts []zpart) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		if p.declare == 0 && p.declareComp == 0 {
			w, err := zw.Create(p.name)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(p.data)
			continue
		}
		var comp bytes.Buffer
		fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
		fw.Write(p.data)
		fw.Close()
		h := &zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(p.data),
			CompressedSize64: uint64(comp.Len()), UncompressedSize64: uint64(len(p.data))}
		if p.declare != 0 {
			h.UncompressedSize64 = p.declare
		}
		if p.declareComp != 0 {
			h.CompressedSize64 = p.declareComp
		}
		w, err := zw.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(comp.Bytes())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const (
	nsMain = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	nsRel  = `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
)

// book is a workbook's parts, by name; set a part to nil to leave it out.
type book map[string][]byte

// newBook is a one-sheet workbook ("dados") with the given sheetData rows, shared strings
// (<si> items) and styles.xml (empty: none).
func newBook(rows, sst, styles string) book {
	b := book{
		"[Content_Types].xml": []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`),
		"_rels/.rels": []byte(`<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
		"xl/workbook.xml": []byte(`<?xml version="1.0" encoding="UTF-8"?>
<workbook ` + nsMain + ` ` + nsRel + `><sheets><sheet name="dados" sheetId="1" r:id="rId1"/></sheets></workbook>`),
		"xl/_rels/workbook.xml.rels": []byte(`<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`),
		"xl/worksheets/sheet1.xml": []byte(`<?xml version="1.0" encoding="UTF-8"?>
<worksheet ` + nsMain + ` ` + nsRel + `><sheetData>` + rows + `</sheetData></worksheet>`),
		"xl/sharedStrings.xml": []byte(`<?xml version="1.0" encoding="UTF-8"?>
<sst ` + nsMain + `>` + sst + `</sst>`),
	}
	if styles != "" {
		b["xl/styles.xml"] = []byte(`<?xml version="1.0" encoding="UTF-8"?>
<styleSheet ` + nsMain + `>` + styles + `</styleSheet>`)
	}
	return b
}

// parts lists the book's parts in a fixed order, with the lies of over (by name).
func (b book) parts(over ...zpart) []zpart {
	names := []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"}
	for n := range b {
		if !strings.Contains(strings.Join(names, "\n"), n) {
			names = append(names, n)
		}
	}
	var out []zpart
	for _, n := range names {
		d, ok := b[n]
		if !ok || d == nil {
			continue
		}
		p := zpart{name: n, data: d}
		for _, o := range over {
			if o.name == n {
				p.declare, p.declareComp = o.declare, o.declareComp
				if o.data != nil {
					p.data = o.data
				}
			}
		}
		out = append(out, p)
	}
	for _, o := range over {
		if _, ok := b[o.name]; !ok {
			out = append(out, o)
		}
	}
	return out
}

func (b book) write(t testing.TB, over ...zpart) string {
	return writeZip(t, "book.xlsx", b.parts(over...))
}

// rowsXML renders rows of inline-string cells, for tests that need many.
func rowsXML(n, cols int, cell func(r, c int) string) string {
	var sb strings.Builder
	for r := 1; r <= n; r++ {
		fmt.Fprintf(&sb, `<row r="%d">`, r)
		for c := 0; c < cols; c++ {
			sb.WriteString(cell(r, c))
		}
		sb.WriteString(`</row>`)
	}
	return sb.String()
}
