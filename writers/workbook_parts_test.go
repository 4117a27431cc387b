package writers

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestWorkbookParts: what Excel reads of a workbook's parts besides its cells. A note's shape
// in the VML drawing names the cell the note's text is on (x:Row and x:Column, 0-based):
// another cell there, Excel shows the reason beside the wrong row of a corrigir file. A
// custom number format (a code's 000000, kept from the input) takes an id from 164 on: the
// ids under it are Excel's own. A defined name over a sheet whose name holds a quote (a file
// or sheet named "Conta's") doubles it, else the workbook opens only through Excel's repair.
func TestWorkbookParts(t *testing.T) {
	wb := newWorkbook()
	defer wb.remove()
	ws := wb.addSheet(nil)
	ws.name = "Conta's"
	ws.paper = paperTable
	ws.filter = true
	writeHeader(wb, ws, []string{"codigo", "nome", "#motivo"})
	code := wb.styles.id(style{numFmt: "000000", fill: badFill})
	for r := range 3 {
		if err := ws.row([]cellv{{kind: cNumber, s: "42", style: code}, {kind: cText, s: "x"}, {kind: cText, s: "r"}}); err != nil {
			t.Fatal(err)
		}
		if err := ws.comment(0, r+2, "não é um código"); err != nil {
			t.Fatal(err)
		}
	}
	if err := ws.comment(2, 4, "outra"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := wb.save(&buf, []*wsheet{ws}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	part := func(name string) string { return partText(t, zr, name) }
	// The notes: comments1.xml's refs and the drawing's shapes, in the same order.
	var refs, shapes []string
	for _, m := range regexp.MustCompile(`<comment ref="([A-Z]+)([0-9]+)"`).FindAllStringSubmatch(part("xl/comments1.xml"), -1) {
		row, _ := strconv.Atoi(m[2])
		refs = append(refs, strconv.Itoa(row-1)+","+strconv.Itoa(columnIndex(m[1]+"1")))
	}
	for _, m := range regexp.MustCompile(`<x:Row>([0-9]+)</x:Row><x:Column>([0-9]+)</x:Column>`).FindAllStringSubmatch(part("xl/drawings/vmlDrawing1.vml"), -1) {
		shapes = append(shapes, m[1]+","+m[2])
	}
	if len(refs) != 4 || len(shapes) != len(refs) {
		t.Fatalf("notes at %v, shapes at %v", refs, shapes)
	}
	for i := range refs {
		if refs[i] != shapes[i] {
			t.Errorf("note %d: on row,column %s, its shape on %s", i+1, refs[i], shapes[i])
		}
	}
	styles := part("xl/styles.xml")
	if m := regexp.MustCompile(`<numFmt numFmtId="([0-9]+)" formatCode="000000"/>`).FindStringSubmatch(styles); m == nil {
		t.Errorf("no number format 000000 in styles.xml:\n%s", styles)
	} else if id, _ := strconv.Atoi(m[1]); id < 164 {
		t.Errorf("the custom format 000000 has id %d, one of Excel's own (under 164)", id)
	}
	book := part("xl/workbook.xml")
	for _, want := range []string{`<sheet name="Conta's"`, `'Conta''s'!$1:$1</definedName>`, `'Conta''s'!$A$1:$C$4</definedName>`} {
		if !strings.Contains(book, want) {
			t.Errorf("workbook.xml has no %s:\n%s", want, book)
		}
	}
	// And excelize, as the tests read workbooks, reads it.
	path := filepath.Join(t.TempDir(), "parts.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	f := openBook(t, path)
	if got, _ := f.GetCellValue("Conta's", "A2"); got != "000042" {
		t.Errorf("A2 reads %q, want 000042", got)
	}
}
