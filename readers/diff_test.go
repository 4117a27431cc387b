package readers

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The differential target: the sheet scanner against excelize's own streaming reader, on
// sheet XML that encoding/xml accepts.

const diffSST = `<si><t>zero</t></si><si><t xml:space="preserve"> um </t></si><si><r><t>ri</t></r><r><t>ch</t></r></si>` +
	`<si><t>a_x000D_b</t><rPh><t>no</t></rPh></si><si><t>&lt;&amp;&gt;</t></si>`

var (
	diffTexts = []string{"", "1", " 2 ", "0", "1.5", "abc", "a&amp;b", "&lt;x&gt;", "&#233;", "<![CDATA[x<y]]>",
		"_x000D_", "_x005F_x0041_", "a\r\nb", "  ", "-1e3", "#N/A", "TRUE", "ç", "\t", "a<!--c-->b"}
	diffIdx   = []string{"0", "1", "2", "3", "4", " 1 ", "0 ", "9", "x", ""}
	diffTypes = []string{"", "n", "s", "str", "inlineStr", "b", "e", "d", "foo"}
	diffStyle = []string{"", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "99"}
	diffHide  = []string{"", "1", "0", "true", "false"}
)

// chooser reads fuzz bytes as choices: each call takes the next byte modulo n from *b (0
// once they are spent), so that a generator explores shapes rather than XML syntax.
func chooser(b *[]byte) func(n int) int {
	return func(n int) int {
		if len(*b) == 0 || n <= 0 {
			return 0
		}
		v := int((*b)[0]) % n
		*b = (*b)[1:]
		return v
	}
}

// genSheet turns fuzz bytes into sheetData content, so that the fuzzer explores cells
// rather than XML syntax. The bytes are read as choices.
func genSheet(b []byte) string {
	next := chooser(&b)
	pfx := []string{"", "x:"}[next(2)]
	el := func(name string) string { return pfx + name }
	var sb strings.Builder
	row := 0
	for len(b) > 0 {
		row += 1 + next(3)
		sb.WriteString("<" + el("row"))
		if next(4) > 0 {
			fmt.Fprintf(&sb, ` r="%d"`, row)
		}
		if h := diffHide[next(len(diffHide))]; h != "" {
			fmt.Fprintf(&sb, ` hidden="%s"`, h)
		}
		sb.WriteString(">")
		col := 0
		for n := next(6); n > 0 && len(b) > 0; n-- {
			col += 1 + next(3)
			sb.WriteString("<" + el("c"))
			if next(4) > 0 {
				fmt.Fprintf(&sb, ` r="%s%d"`, ColumnName(col-1), row)
			} else {
				col-- // no reference: the column after the previous cell
				col++
			}
			typ := diffTypes[next(len(diffTypes))]
			if typ != "" {
				fmt.Fprintf(&sb, ` t="%s"`, typ)
			}
			if st := diffStyle[next(len(diffStyle))]; st != "" {
				fmt.Fprintf(&sb, ` s="%s"`, st)
			}
			sb.WriteString(">")
			for k := next(4); k > 0; k-- {
				text := diffTexts[next(len(diffTexts))]
				if typ == "s" && next(4) > 0 {
					text = diffIdx[next(len(diffIdx))]
				}
				switch next(9) {
				case 0, 1:
					sb.WriteString("<" + el("v") + ">" + text + "</" + el("v") + ">")
				case 2:
					sb.WriteString("<" + el("v") + "/>")
				case 3:
					sb.WriteString("<" + el("f") + ">" + text + "</" + el("f") + ">")
				case 4:
					sb.WriteString("<" + el("f") + ` t="shared" si="0"/>`)
				case 5:
					sb.WriteString("<" + el("is") + "><" + el("t") + ">" + text + "</" + el("t") + "></" + el("is") + ">")
				case 6:
					other := diffTexts[next(len(diffTexts))]
					sb.WriteString("<" + el("is") + "><" + el("r") + "><" + el("t") + ">" + text + "</" + el("t") + "></" + el("r") + "><" + el("t") + ">" + other + "</" + el("t") + "></" + el("is") + ">")
				case 7:
					sb.WriteString("<" + el("is") + "><" + el("t") + ">" + text + "</" + el("t") + "><" + el("rPh") + "><" + el("t") + ">x</" + el("t") + "></" + el("rPh") + "></" + el("is") + ">")
				case 8:
					sb.WriteString("<!-- c --><" + el("extLst") + "><" + el("ext") + "/></" + el("extLst") + ">")
				}
			}
			sb.WriteString("</" + el("c") + ">")
		}
		sb.WriteString("</" + el("row") + ">")
	}
	return sb.String()
}

func diffBook(sheetData string) book {
	b := newBook("", diffSST, testStyles)
	b["xl/worksheets/sheet1.xml"] = []byte(`<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` + nsMain + `><x:sheetData>` + sheetData + `</x:sheetData></x:worksheet>`)
	return b
}

// cellsInOrder tells whether every row's cells come in increasing columns, each referring
// to its own row: where they do not, excelize's streaming reader appends a cell after the
// others whatever its column (an accident of its loop) and its worksheet moves it to the row
// it names, and the two readers are not compared.
func cellsInOrder(doc []byte, explicit map[string]bool) bool {
	d := xml.NewDecoder(bytes.NewReader(doc))
	col, inCell, last, line, numbered := 0, 0, -1, 0, false
	for {
		tok, err := d.Token()
		if err != nil {
			return true
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "row" && inCell == 0:
				col, last, numbered = 0, -1, false
				line++
				for _, a := range t.Attr {
					if n, err := strconv.Atoi(a.Value); a.Name.Local == "r" && err == nil && n > 0 {
						line, numbered = n, true
					}
				}
			case t.Name.Local == "c" && inCell == 0:
				inCell = 1
				c := col
				for _, a := range t.Attr {
					if a.Name.Local == "r" {
						if x, y, err := excelize.CellNameToCoordinates(a.Value); err == nil {
							c = x - 1
							if y != line { // a reference to another row: excelize's worksheet moves it
								return false
							}
							explicit[CellRef(c, line)] = numbered
						}
					}
				}
				if c <= last {
					return false
				}
				last, col = c, c+1
			case inCell > 0:
				inCell++
			}
		case xml.EndElement:
			if inCell > 0 {
				inCell--
			}
		}
	}
}

// hiddenRows reads every row's hidden attribute as excelize does (strconv.ParseBool).
func hiddenRows(doc []byte) map[int]bool {
	out := map[int]bool{}
	d := xml.NewDecoder(bytes.NewReader(doc))
	line := 0
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		if t, ok := tok.(xml.StartElement); ok && t.Name.Local == "row" {
			line++
			for _, a := range t.Attr {
				switch a.Name.Local {
				case "r":
					if n, err := strconv.Atoi(a.Value); err == nil && n > 0 {
						line = n
					}
				case "hidden":
					out[line], _ = strconv.ParseBool(a.Value)
				}
			}
		}
	}
}

func wellFormed(doc []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
	}
}

// blankLike is what a cell that excelize gives as "" (or whitespace) may read as here.
func blankLike(c Cell) bool {
	return c.Kind == Empty || (c.Kind == Text && c.Raw == "") || (c.Kind == Error && (c.Raw == "=?" || c.Raw == "#REF!"))
}

func compareWithExcelize(t *testing.T, sheetData string) {
	b := diffBook(sheetData)
	doc := b["xl/worksheets/sheet1.xml"]
	explicit := map[string]bool{} // cells with a reference: excelize's worksheet finds only those
	if !wellFormed(doc) || !cellsInOrder(doc, explicit) {
		t.Skip()
	}
	path := b.write(t)
	xf, err := excelize.OpenFile(path)
	if err != nil {
		t.Skip()
	}
	defer xf.Close()
	rows, err := xf.Rows("dados")
	if err != nil {
		t.Skip()
	}
	theirs := map[int][]string{}
	n := 0
	for rows.Next() {
		n++
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			t.Skip()
		}
		theirs[n] = cols
	}
	if rows.Error() != nil {
		t.Skip()
	}
	rows.Close()

	ours := map[int]Row{}
	got, err := readBook(t, path)
	if errors.Is(err, errRowOrder) || errors.Is(err, errCellTwice) {
		t.Skip()
	}
	if err != nil {
		t.Fatalf("excelize reads it, this reader says %v\n%s", err, doc)
	}
	for _, r := range got {
		ours[r.Line] = r
	}
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf(format+"\n%s", append(args, doc)...)
	}
	for line, r := range ours {
		if r.Err != nil {
			fail("row %d: %v", line, r.Err)
		}
		cols := theirs[line]
		// excelize's Rows.GetRowOpts is wrong after a gap, and its worksheet (GetRowVisible)
		// loses rows without a number: the attribute is read here with encoding/xml.
		if r.Hidden != hiddenRows(doc)[line] {
			fail("row %d hidden %v", line, r.Hidden)
		}
		for i, c := range r.Cells {
			if i >= len(cols) {
				if !blankLike(c) {
					fail("%s: %+v, excelize has no cell", c.Ref, c)
				}
				continue
			}
			checkCell(t, xf, c, cols[i], explicit[c.Ref], fail)
		}
	}
	for line, cols := range theirs {
		for i, v := range cols {
			r, ok := ours[line]
			if (!ok || i >= len(r.Cells)) && strings.TrimSpace(v) != "" {
				fail("row %d column %d: excelize %q, none here", line, i, v)
			}
		}
	}
}

func checkCell(t *testing.T, xf *excelize.File, c Cell, v string, typed bool, fail func(string, ...any)) {
	t.Helper()
	typ, err := xf.GetCellType("dados", c.Ref)
	if err != nil {
		fail("%s: GetCellType: %v", c.Ref, err)
	}
	if !typed { // compare the value under whichever type it has here
		switch c.Kind {
		case Text:
			typ = excelize.CellTypeInlineString
		case Number, Date:
			typ = excelize.CellTypeNumber
		case Bool:
			typ = excelize.CellTypeBool
		case Error:
			typ = excelize.CellTypeError
		}
	}
	switch {
	case strings.TrimSpace(v) == "" && blankLike(c):
	case c.Kind == Text && c.Raw == v && (typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || typ == excelize.CellTypeFormula || typ == excelize.CellTypeDate):
	case (c.Kind == Number || c.Kind == Date) && c.Raw == v && (typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber):
	case c.Kind == Bool && typ == excelize.CellTypeBool && (c.Raw == "TRUE") == (strings.TrimSpace(v) == "1" || strings.EqualFold(strings.TrimSpace(v), "true")):
		// true is TRUE here, FALSE in excelize (see the tBool case of cell).
	case c.Kind == Error && typ == excelize.CellTypeError && c.Raw == v:
	case c.Kind == Error && c.Raw == "#REF!" && (typ == excelize.CellTypeSharedString || !typed):
		// A shared-string index that is no number: excelize reads it as 0, this reader as
		// the reference error it is (an index past the table is "" there, #REF! here).
	default:
		fail("%s: %v %q (type %d), excelize %q type %d", c.Ref, c.Kind, c.Raw, c.Kind, v, typ)
	}
}

// FuzzSheetDifferential: the same cell values and types as excelize, on sheets generated
// from the fuzz bytes (cells of every type, entities, CDATA, rich and phonetic text, _xHHHH_
// escapes, prefixes, formulas, missing references) and on raw sheetData the fuzzer writes.
func FuzzSheetDifferential(f *testing.F) {
	f.Add([]byte{0, 1, 1, 3, 2, 2, 0, 1, 4, 5, 6, 7, 8})
	f.Add([]byte("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17"))
	f.Add([]byte(`<row r="2"><c r="B2" t="s"><v>2</v></c><c t="inlineStr"><is><t>x</t></is></c></row>`))
	f.Add([]byte(`<row><c r="C1"><f>1</f></c><c><v> 3 </v></c></row><row><c t="b"><v>1</v></c></row>`))
	f.Add([]byte(`<row r="1"><c r="b1"><v>1</v></c><c r="$ab$1"><v>2</v></c><c r="zz1"><v>3</v></c></row>`))
	f.Add([]byte(`<row r="1"><c r="A1"><v><x>1</x>2</v></c><c r="B1" t="str"><f>A1<g/></f><v>a<x><y/></x>b</v></c></row>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 4096 {
			return
		}
		data := string(b)
		if len(b) == 0 || b[0] != '<' {
			data = genSheet(b)
		}
		compareWithExcelize(t, data)
	})
}

// TestSheetAgreesWithExcelize runs the differential on a few fixed sheets (the fuzz corpus
// runs too, with go test).
func TestSheetAgreesWithExcelize(t *testing.T) {
	for i, seed := range [][]byte{
		[]byte{0, 1, 1, 3, 2, 2, 0, 1, 4, 5, 6, 7, 8},
		bytes.Repeat([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}, 20),
	} {
		t.Run(fmt.Sprint(i), func(t *testing.T) { compareWithExcelize(t, genSheet(seed)) })
	}
	// Comments and processing instructions inside texts and between cells.
	compareWithExcelize(t, `<row r="1"><c r="A1" t="inlineStr"><is><t>a<!-- c -->b<?pi x?>c</t></is></c><!-- between --><c r="B1" t="str"><v>1<!---->2</v></c><?pi?><c r="C1"><v>3</v></c></row>`)
	// CDATA sections empty, and longer than the scanner's pieces of one.
	compareWithExcelize(t, `<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[]]></t></is></c><c r="B1" t="str"><v><![CDATA[]]>5</v></c>`+
		`<c r="C1" t="inlineStr"><is><t><![CDATA[`+strings.Repeat("ab]", 3000)+`]]></t></is></c><c r="D1"><v>7</v></c></row>`)
	// A boolean is TRUE for 1 and true (excelize: 1 alone), FALSE for anything else.
	compareWithExcelize(t, `<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="b"><v>2</v></c><c r="D1" t="b"><v>true</v></c><c r="E1" t="b"><v> TRUE </v></c><c r="F1" t="b"><v>false</v></c></row>`)
	// A cell that holds an empty <c/> ends there; a CDATA value is not unescaped; an inline
	// string may come as a <v>; a t="d" cell is its text.
	compareWithExcelize(t, `<row r="1"><c r="A1"><c/><v>5</v></c><c r="B1"><v>6</v></c></row>`)
	compareWithExcelize(t, `<row r="1"><c r="A1" t="str"><v><![CDATA[a&amp;b]]></v></c><c r="B1" t="inlineStr"><v>abc</v></c><c r="C1" t="d"><v>2024-01-05</v></c></row>`)
	_ = context.Background
}
