package readers

import (
	"encoding/xml"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The shared strings differential: the table read here against the table excelize reads,
// compared through the cells that use each entry. FuzzSheetDifferential keeps the table
// fixed and varies the sheet; this target keeps the sheet simple and varies the table.

var (
	sstTexts = []string{"", "a", " b ", "ç", "&amp;", "&lt;x&gt;", "&#233;", "<![CDATA[c<d]]>", "_x000D_", "_x005F_x0041_",
		"_x0041_", "_x00", "a\r\nb", "\t", "<!-- n -->e", "<?pi x?>f", "_xD800_", "_x0001_", "x_x0020_y", "  "}
	sstRunProps = []string{"", "<rPr><b/></rPr>", "<rPr><t>no</t></rPr>"}
)

// genSST turns fuzz bytes into <si> items; the bytes are read as choices, so the fuzzer
// explores the shapes of an entry (plain, rich, phonetic, several <t>, nested elements)
// rather than XML syntax.
func genSST(b []byte) string {
	next := chooser(&b)
	pfx := []string{"", "x:"}[next(2)]
	el := func(name string) string { return pfx + name }
	txt := func() string { return sstTexts[next(len(sstTexts))] }
	var sb strings.Builder
	for len(b) > 0 {
		sb.WriteString("<" + el("si") + ">")
		for k := next(5); k > 0; k-- {
			switch next(8) {
			case 0, 1:
				sb.WriteString("<" + el("t") + ">" + txt() + "</" + el("t") + ">")
			case 2:
				sb.WriteString("<" + el("t") + ` xml:space="preserve">` + txt() + "</" + el("t") + ">")
			case 3:
				sb.WriteString("<" + el("r") + ">" + sstRunProps[next(len(sstRunProps))] + "<" + el("t") + ">" + txt() + "</" + el("t") + "></" + el("r") + ">")
			case 4:
				sb.WriteString("<" + el("rPh") + ` sb="0" eb="1"><` + el("t") + ">" + txt() + "</" + el("t") + "></" + el("rPh") + ">")
			case 5:
				sb.WriteString("<" + el("phoneticPr") + ` fontId="1"/>`)
			case 6:
				sb.WriteString("<" + el("t") + "/>")
			case 7:
				sb.WriteString("<" + el("r") + "/>")
			}
		}
		sb.WriteString("</" + el("si") + ">")
	}
	return sb.String()
}

// FuzzSharedStringsDifferential: every entry of the shared strings table reads as excelize
// reads it, on tables generated from the fuzz bytes and on raw <sst> content the fuzzer
// writes (a first byte '<').
func FuzzSharedStringsDifferential(f *testing.F) {
	f.Add([]byte{0, 3, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19})
	f.Add([]byte{1, 4, 3, 1, 5, 4, 2, 9, 0, 10})
	f.Add([]byte(`<si><t>a</t><t>b</t></si><si><r><t>x</t></r><r><t>y</t></r></si><si><t>c</t><r><t>d</t></r><rPh><t>e</t></rPh></si>`))
	f.Add([]byte(`<si><t>_x0041__x0042_</t></si><si><u><t>no</t></u><t>yes</t></si><si/>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 4096 {
			return
		}
		sst := string(b)
		if len(b) == 0 || b[0] != '<' {
			sst = genSST(b)
		}
		compareSST(t, sst)
	})
}

func compareSST(t *testing.T, sst string) {
	// One cell per entry the table may have, and one past it.
	n := strings.Count(sst, "si") + 1
	var rows strings.Builder
	rows.WriteString(`<row r="1">`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&rows, `<c r="%s1" t="s"><v>%d</v></c>`, ColumnName(i), i)
	}
	rows.WriteString(`</row>`)
	b := newBook(rows.String(), sst, "")
	if !wellFormed(b["xl/sharedStrings.xml"]) {
		t.Skip()
	}
	// A table whose root excelize does not find (a fuzzed root of another name) is no table
	// for it at all: only tables that decode into its own type are compared.
	var probe struct {
		XMLName xml.Name
	}
	if xml.Unmarshal(b["xl/sharedStrings.xml"], &probe) != nil || probe.XMLName.Local != "sst" {
		t.Skip()
	}
	path := b.write(t)
	xf, err := excelize.OpenFile(path)
	if err != nil {
		t.Skip()
	}
	defer xf.Close()
	theirs, err := xf.GetRows("dados", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Skip()
	}
	got, err := readBook(t, path)
	if err != nil {
		t.Fatalf("excelize reads it, this reader says %v\n%s", err, sst)
	}
	var ours []Cell
	if len(got) > 0 {
		ours = got[0].Cells
	}
	var row []string
	if len(theirs) > 0 {
		row = theirs[0]
	}
	for i := 0; i < n; i++ {
		var want string
		if i < len(row) {
			want = row[i]
		}
		var c Cell
		if i < len(ours) {
			c = ours[i]
		}
		switch {
		case c.Kind == Text && c.Raw == want:
		case want == "" && blankLike(c):
		default:
			t.Fatalf("entry %d: %v %q, excelize %q\n%s", i, c.Kind, c.Raw, want, sst)
		}
	}
}
