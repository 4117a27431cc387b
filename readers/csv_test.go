package readers

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// csvRows reads a CSV held in b and renders each row: "line|cell|cell" or
// "line!kind@col+offset".
func csvRows(t testing.TB, b []byte, o Options) ([]string, Source) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "f.csv")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(p, o)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	err = s.Rows(context.Background(), "f", func(r Row) error {
		if r.Err != nil {
			if r.Err.Line != r.Line {
				t.Errorf("row %d has an error of line %d", r.Line, r.Err.Line)
			}
			out = append(out, fmt.Sprintf("%d!%s@%d+%d", r.Line, r.Err.Kind, r.Err.Column, r.Err.Offset))
			return nil
		}
		var cells []string
		for _, c := range r.Cells {
			cells = append(cells, c.Raw)
		}
		out = append(out, fmt.Sprintf("%d|%s", r.Line, strings.Join(cells, "|")))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, s
}

// TestCSVMalformedLines: each case guards a way a line can be malformed; reading always goes
// on at the next line, and each line ends in one row, one row error, or part of a quoted
// multi-line record.
func TestCSVMalformedLines(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []string
	}{
		{"stray quote in an unquoted field (issue 12.3)", "a;b\n1;3/4\"\n2;x\n",
			[]string{"1|a|b", "2!unpaired quote@1+9", "3|2|x"}},
		{"text after a closing quote", "a;b\n\"1\"x;2\n3;4\n",
			[]string{"1|a|b", "2!unpaired quote@0+6", "3|3|4"}},
		{"an opening quote never closed does not swallow the file", "a;b\n1;\"x\n2;y\n3;z\n",
			[]string{"1|a|b", "2!unpaired quote@1+6", "3|2|y", "4|3|z"}},
		{"a line that cannot continue the quoted field ends it", "a;b\n1;\"x\n2;\"y\";z\n",
			[]string{"1|a|b", "2!unpaired quote@1+6", "3|2|y|z"}},
		{"a quoted field over lines is one record on its first line", "a;b\n1;\"x\r\ny\";c\n2;d\n",
			[]string{"1|a|b", "2|1|x\ny|c", "4|2|d"}},
		{"escaped quotes", "a;b\n\"say \"\"hi\"\"\";2\n", []string{"1|a|b", "2|say \"hi\"|2"}},
		{"blank and whitespace lines are no rows", "a;b\n\n\r\n ; \n1;2", []string{"1|a|b", "5|1|2"}},
		{"a trailing CR at the end of the file", "a;b\n1;2\r", []string{"1|a|b", "2|1|2"}},
		{"a trailing CR after a closing quote at the end of the file", "a;b\n1;\"2\"\r", []string{"1|a|b", "2|1|2"}},
		// A CR before a line's CRLF is text: after a closing quote, a fault; unquoted, kept.
		{"a CR after a closing quote, before CRLF", "a;b\n1;\"x\"\r\r\n2;y\n", []string{"1|a|b", "2!unpaired quote@1+8", "3|2|y"}},
		{"a CR before CRLF", "a;b\r\n1;x\r\r\n2;y\r\n", []string{"1|a|b", "2|1|x\r", "3|2|y"}},
		{"the file ends inside quotes", "a;b\n1;\"2", []string{"1|a|b", "2!unpaired quote@1+6"}},
		{"a blank line inside quotes is content", "a;b\n1;\"x\n\ny\"\n", []string{"1|a|b", "2|1|x\n\ny"}},
		// Excel for Mac's "CSV (Macintosh)": read as one line, the header, before.
		{"lines that end in CR alone", "a;b\r1;2\r\"x\ry\";3\r4;\"5\r", []string{"1|a|b", "2|1|2", "3|x\ny|3", "5!unpaired quote@1+18"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _ := csvRows(t, []byte(c.in), Options{Delimiter: ';'})
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Fatalf("got\n%q\nwant\n%q", got, c.want)
			}
		})
	}
}

// TestCSVStrayQuote5002 is issue 12.3 as reported: one unquoted 3/4" on line 5,002 of 5,101.
func TestCSVStrayQuote5002(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("codigo;descricao\n")
	for i := 2; i <= 5101; i++ {
		if i == 5002 {
			b.WriteString("5002;cano 3/4\" PVC\n")
			continue
		}
		fmt.Fprintf(&b, "%d;item %d\n", i, i)
	}
	got, _ := csvRows(t, b.Bytes(), Options{})
	if len(got) != 5101 {
		t.Fatalf("%d rows", len(got))
	}
	if got[5001] != "5002!unpaired quote@1+"+fmt.Sprint(strings.Index(b.String(), "3/4\"")+3) || got[5100] != "5101|5101|item 5101" {
		t.Fatalf("%s / %s", got[5001], got[5100])
	}
}

func TestCSVRowCaps(t *testing.T) {
	long := strings.Repeat("x", MaxFieldChars+1)
	accents := strings.Repeat("ç", MaxFieldChars) // 32,767 characters in 65,534 bytes: not too long
	wide := strings.Repeat(";", MaxColumns)       // 16,385 fields
	cases := []struct {
		name string
		in   string
		want []string
	}{
		{"a field over 32,767 characters", "a;b\n1;" + long + "\n2;y\n", []string{"1|a|b", "2!field too long@1+-1", "3|2|y"}},
		{"32,767 characters is not too long", "a;b\n1;" + accents + "\n", []string{"1|a|b", "2|1|" + accents}},
		{"more than 16,384 fields", "a;b\n" + wide + "\n2;y\n", []string{"1|a|b", fmt.Sprintf("2!too many columns@%d+%d", MaxColumns, 4+MaxColumns), "3|2|y"}},
		{"a line over 1 MiB is skipped, not held", "a;b\n1;" + strings.Repeat("y", csvMaxLine) + "\n3;z\n", []string{"1|a|b", "2!line too long@-1+4", "3|3|z"}},
		// Past a line of 2 MiB, skipped to its newline, offsets are still the file's: the
		// record that opens a quote and never closes it is read again from its second line.
		{"after a line of 2 MiB, a quote never closed", "a;b\n1;" + strings.Repeat("y", 2*csvMaxLine) + "\n3;\"x\n4;w\n",
			[]string{"1|a|b", "2!line too long@-1+4", fmt.Sprintf("3!unpaired quote@1+%d", 4+2+2*csvMaxLine+1+2), "4|4|w"}},
		{"a quoted record over 1 MiB never closed: its first line, then the lines after it", "a;b\n1;\"" + strings.Repeat("q\n", csvMaxRecord/2) + "\n",
			append([]string{"1|a|b", "2!unpaired quote@1+6"}, qRows(3, csvMaxRecord/2-1)...)},
		{"a quoted field over 1 MiB that closes is one row, and reading goes on after it", "a;b\n1;\"" + strings.Repeat("q\n", csvMaxRecord/2) + "\"\n3;z\n",
			[]string{"1|a|b", "2!row too large@-1+4", fmt.Sprintf("%d|3|z", 3+csvMaxRecord/2)}},
		{"a quoted field over 1 MiB broken by a stray quote: read again from its second line", "a;b\n1;\"" + strings.Repeat("q\n", csvMaxRecord/2) + "x\"y;z\n4;w\n",
			append(append([]string{"1|a|b", "2!unpaired quote@1+6"}, qRows(3, csvMaxRecord/2-1)...), fmt.Sprintf("%d!unpaired quote@0+%d", 2+csvMaxRecord/2, 8+csvMaxRecord), fmt.Sprintf("%d|4|w", 3+csvMaxRecord/2))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _ := csvRows(t, []byte(c.in), Options{Delimiter: ';'})
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				i := 0
				for i < len(got) && i < len(c.want) && got[i] == c.want[i] {
					i++
				}
				t.Fatalf("got %d rows, want %d; first difference at %d: got %.80q, want %.80q", len(got), len(c.want), i, got[min(i, len(got)-1)], c.want[min(i, len(c.want)-1)])
			}
		})
	}
}

func qRows(from, n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("%d|q", from+i))
	}
	return out
}

func TestCSVCharset(t *testing.T) {
	cp := cp1252
	pad := strings.Repeat("x;y\n", charsetSample/4) // a first MiB of plain ASCII
	cases := []struct {
		name    string
		in      string
		opt     Options
		charset string
		want    []string
	}{
		{"one bad byte in a UTF-8 file (issue 12.4)", "a;b\nAção;1\nA\xE7\xE3o;2\nSão;3\n", Options{}, "utf-8",
			[]string{"1|a|b", "2|Ação|1", "3!bytes that are not UTF-8@0+14", "4|São|3"}},
		{"a byte-order mark", "\xEF\xBB\xBFa;b\nx;1\n", Options{}, "utf-8", []string{"1|a|b", "2|x|1"}},
		{"Windows-1252", cp("a;b\nAção €;1\n"), Options{}, "windows-1252", []string{"1|a|b", "2|Ação €|1"}},
		{"plain ASCII is UTF-8", "a;b\nx;1\n", Options{}, "utf-8", []string{"1|a|b", "2|x|1"}},
		{"UTF-8 after a first MiB of ASCII", "a;b\n" + pad + "Ação;1\n", Options{}, "utf-8", nil},
		{"Windows-1252 after a first MiB of ASCII", "a;b\n" + pad + cp("Ação;1\n"), Options{}, "windows-1252", nil},
		// ç begins on the second MiB's last byte.
		{"a UTF-8 sequence cut by the end of the second MiB", "a;b\n" + pad + strings.Repeat("z;z\n", charsetSample/4-2) + "\n\n" + "Ação;1\n", Options{}, "utf-8", nil},
		// The first byte past ASCII is the eighth: the last of the first eight-byte word scanned.
		{"Windows-1252 whose first accent is the eighth byte", cp("ab;cdefç\n1;2\n"), Options{}, "windows-1252", []string{"1|ab|cdefç", "2|1|2"}},
		// A replacement character (U+FFFD, as a file once mangled holds) is UTF-8 too.
		{"UTF-8 whose only sequence is U+FFFD", "a;b\nx\uFFFDy;1\n", Options{}, "utf-8", []string{"1|a|b", "2|x\uFFFDy|1"}},
		{"forced UTF-8", cp("a;b\nAção;1\n"), Options{Charset: "utf-8"}, "utf-8", []string{"1|a|b", "2!bytes that are not UTF-8@0+5"}},
		{"forced Windows-1252 on UTF-8", "a;b\nAção;1\n", Options{Charset: "windows-1252"}, "windows-1252", []string{"1|a|b", "2!UTF-8 text in a file read in a one-byte charset@0+5"}},
		// The UTF-8 in the row's first byte: not read as Ã‰rica.
		{"forced Windows-1252 on UTF-8 that begins a row", "a;b\nÉrica;1\n", Options{Charset: "windows-1252"}, "windows-1252", []string{"1|a|b", "2!UTF-8 text in a file read in a one-byte charset@0+4"}},
		// Excel's "CSV (MS-DOS)": ç is 87, ã C6 ("‡" and "Æ" in Windows-1252).
		{"Excel's CSV (MS-DOS): code page 850", string(encodeIn(t, "cp850", "a;b\r\nAlimentação em serviço;1\r\nÓleo;2\r\n")), Options{}, "cp850",
			[]string{"1|a|b", "2|Alimentação em serviço|1", "3|Óleo|2"}},
		// Excel's "CSV (Macintosh)": Mac Roman, lines ending in CR.
		{"Excel's CSV (Macintosh): Mac Roman", string(encodeIn(t, "macintosh", "a;b\rCombustível & pedágios;1\rÓleo;2\r")), Options{}, "macintosh",
			[]string{"1|a|b", "2|Combustível & pedágios|1", "3|Óleo|2"}},
		{"forced code page 850", string(encodeIn(t, "cp850", "a;b\nSão;1\n")), Options{Charset: "IBM850"}, "cp850", []string{"1|a|b", "2|São|1"}},
		// A no-break space in UTF-8 (C2 A0, "R$ 10" as Excel writes it) is the first of these pairs.
		{"forced Windows-1252 on a UTF-8 no-break space", "a;b\nR$\u00A010;1\n", Options{Charset: "windows-1252"}, "windows-1252", []string{"1|a|b", "2!UTF-8 text in a file read in a one-byte charset@0+6"}},
		{"forced Mac Roman on UTF-8", "a;b\nAção;1\n", Options{Charset: "mac"}, "macintosh", []string{"1|a|b", "2!UTF-8 text in a file read in a one-byte charset@0+5"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, s := csvRows(t, []byte(c.in), c.opt)
			if s.Charset() != c.charset {
				t.Fatalf("charset %s, want %s", s.Charset(), c.charset)
			}
			if c.want == nil { // the long cases: only their last row matters
				if last := got[len(got)-1]; !strings.HasSuffix(last, "|Ação|1") {
					t.Fatalf("last row %s, want Ação|1", last)
				}
				return
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Fatalf("got\n%q\nwant\n%q", got, c.want)
			}
		})
	}
}

func TestCSVNotText(t *testing.T) {
	for _, c := range []struct {
		head string
		kind FileErrorKind
	}{
		{"PK\x03\x04rest of a workbook", NotText},
		{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", NotText},
		{"\xFF\xFEa\x00;\x00b\x00\x00\xDC", UnsupportedCharset}, // UTF-16 with a lone low half
		{"\xFF\xFEa\x00;\x00b\x00\x3D\xD8", UnsupportedCharset}, // a high half at the end
		{"\xFF\xFEa\x00;\x00b\x00\n", UnsupportedCharset},       // an odd last byte
	} {
		p := filepath.Join(t.TempDir(), "f.csv")
		os.WriteFile(p, []byte(c.head), 0o644)
		_, err := Open(p, Options{})
		var fe *FileError
		if !errors.As(err, &fe) || fe.Kind != c.kind {
			t.Errorf("%q: %v", c.head, err)
		}
	}
}

// TestCSVZeroTail: a file that ends in zero bytes (a copy cut short, a crash's unwritten
// blocks) is refused whole, saying how many: not taken for UTF-16 without a mark (half its
// zeros on each side), not read up to its zeros with its last row cut. A zero byte inside
// stays its row's, and UTF-16, which may end in a zero byte, is read.
func TestCSVZeroTail(t *testing.T) {
	text := "a;b;c\r\n1;x;2\r\n3;y;4\r\n"
	zeros := func(n int) string { return strings.Repeat("\x00", n) }
	for _, c := range []struct {
		name, body string
		tail       int64 // the zero bytes said; 0: read
	}{
		{"a block after the last line", text + zeros(4096), 4096},
		{"a row cut by them", text + "5;z" + zeros(100000), 100000},
		{"one", text + zeros(1), 1},
		{"a short file", "a;b\n1;2" + zeros(40), 40},
		{"a zero inside", "a;b;c\n1;\x00;2\n", 0},
		{"UTF-16 without a mark", string(utf16Text(text, false, false)), 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "f.csv")
			os.WriteFile(p, []byte(c.body), 0o644)
			src, err := Open(p, Options{})
			var fe *FileError
			switch {
			case c.tail == 0 && err != nil:
				t.Fatalf("refused: %v", err)
			case c.tail == 0:
				src.Close()
			case !errors.As(err, &fe) || fe.Kind != ZeroTail || fe.Limit != c.tail:
				t.Errorf("%v, want %d zero bytes said", err, c.tail)
			}
		})
	}
	// A sparse file of 4 GiB of zeros after its text: counted to ZeroTailScan, not read whole.
	p := filepath.Join(t.TempDir(), "f.csv")
	os.WriteFile(p, []byte(text), 0o644)
	if err := os.Truncate(p, 4<<30); err != nil {
		t.Skip("no sparse file here:", err)
	}
	_, err := Open(p, Options{})
	var fe *FileError
	if !errors.As(err, &fe) || fe.Kind != ZeroTail || fe.Limit != ZeroTailScan {
		t.Errorf("a sparse tail: %v, want at least %d zero bytes said", err, ZeroTailScan)
	}
}

// utf16 is s in UTF-16, little- or big-endian, with a byte-order mark or not.
func utf16Text(s string, big, mark bool) []byte {
	var out []byte
	var order binary.AppendByteOrder = binary.LittleEndian
	if big {
		order = binary.BigEndian
	}
	if mark {
		out = order.AppendUint16(out, 0xFEFF)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		out = order.AppendUint16(out, u)
	}
	return out
}

// TestCSVUTF16: Excel's "Unicode Text" (UTF-16LE with a mark, tab-separated) and other UTF-16
// CSV files are read as written, through a UTF-8 copy that Close removes; the source names
// the file given, its charset and its sheet as the file's.
func TestCSVUTF16(t *testing.T) {
	text := "CategoriaServicoId\tCategoriaServicoDescricao\tCategoriaServicoEmpresaId\r\nS1\t\"Manutenção \"\"elétrica\"\"\"\t1\r\nS2\tÁgua 💧 e gás\t1\r\n"
	want := []string{"1|CategoriaServicoId|CategoriaServicoDescricao|CategoriaServicoEmpresaId", "2|S1|Manutenção \"elétrica\"|1", "3|S2|Água 💧 e gás|1"}
	for _, c := range []struct {
		name        string
		big, mark   bool
		wantCharset string
	}{
		{"Excel's Unicode Text", false, true, "utf-16le"},
		{"big-endian with a mark", true, true, "utf-16be"},
		{"little-endian, no mark", false, false, "utf-16le"},
		{"big-endian, no mark", true, false, "utf-16be"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tmp := t.TempDir()
			got, s := csvRows(t, utf16Text(text, c.big, c.mark), Options{TempDir: tmp})
			if !slices.Equal(got, want) {
				t.Errorf("rows\n got %q\nwant %q", got, want)
			}
			if s.Charset() != c.wantCharset || filepath.Base(s.Path()) != "f.csv" || s.Sheets()[0].Name != "f" {
				t.Errorf("charset %s, path %s, sheets %v", s.Charset(), s.Path(), s.Sheets())
			}
			if ents, _ := os.ReadDir(tmp); len(ents) != 1 {
				t.Errorf("%d temporary files while open, want 1", len(ents))
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
				t.Errorf("the UTF-8 copy is still there after Close: %v", ents)
			}
		})
	}
	// A file refused leaves no copy behind, and its error names the byte.
	tmp := t.TempDir()
	p := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(p, append(utf16Text("a;b\r\nx;", false, true), 0x00, 0xDC, 0x0D, 0x00), 0o644)
	_, err := Open(p, Options{TempDir: tmp})
	if err == nil || !strings.Contains(err.Error(), "not UTF-16 text at byte 16: half of a character") {
		t.Errorf("lone half: %v", err)
	}
	// A high half followed by no low half is refused too, not read as U+FFFD.
	os.WriteFile(p, append(utf16Text("a;b\r\nx;", false, true), 0x3D, 0xD8, 'A', 0x00, 0x0D, 0x00), 0o644)
	if _, err := Open(p, Options{TempDir: tmp}); err == nil || !strings.Contains(err.Error(), "not UTF-16 text at byte 16: half of a character") {
		t.Errorf("high half without its low half: %v", err)
	}
	if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
		t.Errorf("a refused file left %v", ents)
	}
}

// cp1252 is s in Windows-1252.
func cp1252(s string) string {
	b, err := charmap.Windows1252.NewEncoder().String(s)
	if err != nil {
		panic(err)
	}
	return b
}

// TestCSVUnpairedQuoteCells: the cells of a row whose quotes do not pair up, which the report
// and the re-import file show for the row to be fixed: in the file's charset, and a quote
// that opens a field and never closes does not swallow the fields after it.
func TestCSVUnpairedQuoteCells(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     []string
	}{
		{"an opening quote never closed", "S4;\"Revisão;1\n", []string{"S4", "\"Revisão", "1"}},
		{"in the first field", "\"S4;Revisão;1\r\n", []string{"\"S4", "Revisão", "1"}},
		{"after an empty field", ";\"x;y;z\n", []string{"", "\"x", "y", "z"}},
		{"after a quoted field with the delimiter in it", "\"a;b\";\"x;1\n", []string{"a;b", "\"x", "1"}},
		{"a quote inside an unquoted field", "S1;Instalação \"rápida;1\n", []string{"S1", "Instalação \"rápida", "1"}},
		{"text after a closing quote", "\"S3\"x;Peça;1\n", []string{"\"S3\"x", "Peça", "1"}},
		{"a quoted field after the fault", "1;3/4\";\"a;b\"\n", []string{"1", "3/4\"", "a;b"}},
	} {
		for _, charset := range []string{"utf-8", "windows-1252"} {
			t.Run(c.name+"/"+charset, func(t *testing.T) {
				in := "a;b;c\n" + c.in
				if charset == "windows-1252" {
					in = cp1252(in)
				}
				p := filepath.Join(t.TempDir(), "f.csv")
				if err := os.WriteFile(p, []byte(in), 0o644); err != nil {
					t.Fatal(err)
				}
				s, err := Open(p, Options{Charset: charset})
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				s.Rows(context.Background(), "f", func(r Row) error {
					if r.Err == nil {
						return nil
					}
					if r.Err.Kind != UnpairedQuote {
						t.Errorf("row error %v, want an unpaired quote", r.Err)
					}
					for _, c := range r.Cells {
						got = append(got, c.Raw)
					}
					return nil
				})
				if !slices.Equal(got, c.want) {
					t.Errorf("cells %q, want %q", got, c.want)
				}
			})
		}
	}
}

// TestCSVCRLinesSniffed: a file whose lines end in CR alone has its delimiter found too.
func TestCSVCRLinesSniffed(t *testing.T) {
	got, s := csvRows(t, []byte("a,b,c\r1,2,3\r4,5,6"), Options{})
	if want := []string{"1|a|b|c", "2|1|2|3", "3|4|5|6"}; !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if s.(*csvSource).delim != ',' {
		t.Fatalf("delimiter %q, want ','", s.(*csvSource).delim)
	}
}

// TestCSVRowErrorDetails: what the pipeline writes its messages from.
func TestCSVRowErrorDetails(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f.csv")
	os.WriteFile(p, []byte("a;b\n1;cano 3/4\" PVC\n"), 0o644)
	s, _ := Open(p, Options{})
	var row Row
	s.Rows(context.Background(), "f", func(r Row) error {
		if r.Err != nil {
			row = r
		}
		return nil
	})
	e := row.Err
	if e == nil || e.Kind != UnpairedQuote || e.Line != 2 || e.Column != 1 || e.Offset != 14 || e.Excerpt != "1;cano 3/4\" PVC\n" {
		t.Fatalf("%+v", e)
	}
	if len(row.Cells) != 2 || row.Cells[1].Raw != "cano 3/4\" PVC" || row.Cells[1].Ref != "B2" {
		t.Fatalf("cells %+v", row.Cells)
	}
	if e.Error() != `line 2, column B (byte 14): unpaired quote: "1;cano 3/4\" PVC\n"` {
		t.Fatalf("%s", e.Error())
	}
}

// TestCSVByteErrorDetails: a row refused for its bytes names the field and the byte at fault,
// the first byte of a row and a lone 0x80 (Windows-1252's €) too, and quotes the text from
// shortly before it; bytes past a one-byte charset's UTF-8 pairs (Â then À, â€ then À) are
// text of that charset.
func TestCSVByteErrorDetails(t *testing.T) {
	for _, c := range []struct {
		name, in string
		opt      Options
		want     []string // RowError.Error() of each row with one, "ok" for the others
	}{
		{"not UTF-8 at a row's first byte", "a;b\nAção;1\n\xE7a;2\n", Options{},
			[]string{"ok", "ok", `line 3, column A (byte 13): bytes that are not UTF-8: "�a;2\n"`}},
		{"a lone 0x80", "a;b\nAção;1\nx;\x80 5\n", Options{},
			[]string{"ok", "ok", `line 3, column B (byte 15): bytes that are not UTF-8: "x;� 5\n"`}},
		{"UTF-8 at a row's first byte, read as Windows-1252", "a;b\nx;1\nÉrica;2\n", Options{Charset: "windows-1252"},
			[]string{"ok", "ok", `line 3, column A (byte 8): UTF-8 text in a file read in a one-byte charset: "Ã‰rica;2\n"`}},
		{"Windows-1252 past UTF-8's pairs", cp1252("a;b\nÂÀ;1\nâ€À;2\n"), Options{}, []string{"ok", "ok", "ok"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "f.csv")
			if err := os.WriteFile(p, []byte(c.in), 0o644); err != nil {
				t.Fatal(err)
			}
			s, err := Open(p, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			s.Rows(context.Background(), "f", func(r Row) error {
				if r.Err != nil {
					got = append(got, r.Err.Error())
				} else {
					got = append(got, "ok")
				}
				return nil
			})
			if !slices.Equal(got, c.want) {
				t.Errorf("got\n%q\nwant\n%q", got, c.want)
			}
		})
	}
}

// FuzzCSV holds the CSV reader to its promises on any input: every line is accounted for
// once, in order (a row, a row error, a blank line, or part of a multi-line record); row
// lines strictly increase; and where encoding/csv reads the whole file without an error,
// the rows are its records.
func FuzzCSV(f *testing.F) {
	for _, name := range []string{"utf8-semicolon.csv", "utf8bom-comma.csv", "cp1252-semicolon.csv"} {
		b, _ := os.ReadFile(filepath.Join("testdata", name))
		f.Add(b)
	}
	f.Add([]byte("a;b\n1;\"x\n2;\"y\";z\n3;3/4\"\n\"q\"\"\";\"\r\n\"\n"))
	f.Add([]byte("a,b\r\n\"1\"x,2\r\n,\"\n\n\",\r"))
	f.Add([]byte("a;b\r1;\"x\ry\"\r2;3"))
	f.Add([]byte("a;b\n=\"007\";\"=\"\"1\"\"\"\n=\"x\"y;=\"\n"))
	f.Add(utf16Text("a;b\r\n1;\"Ação\"\r\n", false, true))
	f.Add([]byte("\xFF\xFEa\x00;\x00\x3D\xD8\x00\xDC"))
	f.Fuzz(func(t *testing.T, b []byte) {
		// 1. The framing accounts for every line (DOS's end-of-file mark at the end is none).
		text := bytes.TrimRight(b, "\x1a")
		lines := bytes.Count(text, []byte("\n"))
		if len(text) > 0 && text[len(text)-1] != '\n' {
			lines++
		}
		fr := newFramer(bytes.NewReader(b), 0, []byte(";"))
		next := 1
		for {
			rec, err := fr.next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if rec.line != next || rec.endLine < rec.line || (rec.kind != recRecord && rec.endLine != rec.line) {
				t.Fatalf("record of lines %d-%d (kind %d), expected line %d", rec.line, rec.endLine, rec.kind, next)
			}
			next = rec.endLine + 1
		}
		if next != lines+1 {
			t.Fatalf("lines %d, accounted for %d", lines, next-1)
		}

		// 2. Rows in order, errors on their own line.
		p := filepath.Join(t.TempDir(), "f.csv")
		os.WriteFile(p, b, 0o644)
		tmp := t.TempDir()
		s, err := Open(p, Options{Delimiter: ';', TempDir: tmp})
		if err != nil {
			if ents, _ := os.ReadDir(tmp); len(ents) > 0 {
				t.Fatalf("a file refused left %v", ents)
			}
			return
		}
		defer s.Close()
		var got [][]string
		last := 0
		errs := 0
		s.Rows(context.Background(), "f", func(r Row) error {
			if r.Line <= last {
				t.Fatalf("line %d after %d", r.Line, last)
			}
			last = r.Line
			if r.Err != nil {
				errs++
				if r.Err.Line != r.Line || !utf8.ValidString(r.Err.Excerpt) {
					t.Fatalf("row error %+v on line %d", r.Err, r.Line)
				}
				return nil
			}
			var cells []string
			for _, c := range r.Cells {
				cells = append(cells, c.Raw)
			}
			got = append(got, cells)
			return nil
		})

		// 3. UTF-8 text written as UTF-16 reads the same.
		if s.Charset() == "utf-8" && utf8.Valid(b) && !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) && bytes.IndexByte(b, 0) < 0 {
			got16, s16 := csvRows(t, utf16Text(string(b), false, true), Options{Delimiter: ';', TempDir: tmp})
			s16.Close()
			var want16 []string
			for _, cells := range got {
				want16 = append(want16, strings.Join(cells, "|"))
			}
			var rows16 []string
			for _, r := range got16 {
				if _, cells, ok := strings.Cut(r, "|"); ok {
					rows16 = append(rows16, cells)
				}
			}
			if len(got16) != len(got)+errs || !slices.Equal(rows16, want16) {
				t.Fatalf("as UTF-16:\n%q\nas UTF-8:\n%q", got16, got)
			}
		}

		// 4. Where encoding/csv reads it all, the same records.
		ascii := !bytes.ContainsFunc(b, func(r rune) bool { return r >= utf8.RuneSelf })
		if !(s.Charset() == "utf-8" || ascii) || strings.HasPrefix(s.Charset(), "utf-16") || bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) || !utf8.Valid(b) {
			return
		}
		if s.(*csvSource).crLines { // encoding/csv knows only LF and CRLF
			b = bytes.ReplaceAll(b, []byte{'\r'}, []byte{'\n'})
		}
		r := csv.NewReader(bytes.NewReader(bytes.TrimRight(b, "\x1a"))) // DOS's end-of-file mark is no text
		r.Comma, r.FieldsPerRecord = ';', -1
		var want [][]string
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return
			}
			empty := true
			for i, v := range rec {
				rec[i] = excelTextField(v) // ="007" is Excel's text 007
				if strings.TrimSpace(rec[i]) != "" {
					empty = false
				}
			}
			if !empty {
				want = append(want, rec)
			}
		}
		if errs > 0 || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%d row errors; got\n%q\nencoding/csv\n%q", errs, got, want)
		}
	})
}

// TestCSVCharsetScanInterrupted: the charset scan past an ASCII first MiB stops when its
// context ends, instead of reading a file of many gigabytes to its end first.
func TestCSVCharsetScanInterrupted(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f.csv")
	if err := os.WriteFile(p, []byte("a;b\n"+strings.Repeat("x;y\n", charsetSample/2)), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := OpenContext(ctx, p, Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("open with an ended context: %v, want context.Canceled", err)
	}
	if s, err := OpenContext(context.Background(), p, Options{}); err != nil || s.Charset() != "utf-8" {
		t.Fatalf("open: %v, charset %v", err, s)
	}
}

// TestCSVSepLine: Excel's first line "sep=X" names the delimiter, however the data would be
// sniffed; the line stays line 1 (a title line to the header's search).
func TestCSVSepLine(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     []string
	}{
		{"commas whose data has semicolons", "sep=,\r\na,b,c\r\nx,\"u; v\",1\r\n", []string{"1|sep=|", "2|a|b|c", "3|x|u; v|1"}},
		{"semicolons whose data has commas", "sep=;\na;b;c\nx;\"u, v\";1\n", []string{"1|sep=|", "2|a|b|c", "3|x|u, v|1"}},
		{"tabs", "sep=\t\na\tb\nx;y\t1\n", []string{"1|sep=|", "2|a|b", "3|x;y|1"}},
		{"not a directive: sniffed", "sep=ab\na;b\n1;2\n", []string{"1|sep=ab", "2|a|b", "3|1|2"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, _ := csvRows(t, []byte(c.in), Options{})
			if !slices.Equal(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestSniff: the delimiter a sample is read with, each case with what it guards. The first
// ones are decided by one width on every row, as they always were; those after them are a
// table under title lines (a report tool's export), which once fell to ";" and was refused
// column by column, and the files that look like one and are not.
func TestSniff(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     rune
	}{
		{"semicolons", "a;b;c\n1;2;3\n", ';'},
		{"commas", "a,b,c\n1,2,3\n", ','},
		{"tabs", "a\tb\n1\t2\n", '\t'},
		{"pipes", "a|b\n1|2\n", '|'},
		{"one column", "codigo\nA\nB\n", ';'},
		{"semicolons, decimal commas", "codigo;valor\nA;1.234,56\nB;2,5\n", ';'},
		{"semicolons, every value a decimal: as wide at the commas", "valor;total\n1,5;2,5\n3,5;4,5\n", ';'},
		{"commas, a quoted field holding semicolons", "a,b\n\"x;y;z\",1\n\"u;v;w\",2\n", ','},
		{"Excel's title line, padded", "Relatório,,\na,b,c\n1,2,3\n", ','},
		{"a blank line", "a,b\n\n1,2\n", ','},

		{"a title over commas", "Relatório de categorias de despesa - dezembro\ncodigo,descricao,empresa\nD1,Viagens,1\nD2,Alimentação,1\n", ','},
		{"a title over tabs", "Relatório\ncodigo\tdescricao\nD1\tViagens\nD2\tAlimentação\n", '\t'},
		{"a title over pipes", "Relatório\ncodigo|descricao\nD1|Viagens\nD2|Alimentação\n", '|'},
		{"titles and a blank line over commas", "Empresa X\nRelatório - dezembro\n\ncodigo,descricao,empresa\nD1,a,1\nD2,b,1\nD3,c,1\n", ','},
		{"a title holding ; and , over commas", "Relatório; dezembro, 2026\ncodigo,descricao,empresa\nD1,a,1\nD2,b,1\n", ','},
		{"a title holding ; and , over semicolons", "Relatório; dezembro, 2026\ncodigo;descricao;empresa\nD1;a;1\nD2;b;1\n", ';'},
		{"a quoted title", "\"Relatório; dezembro, 2026\"\ncodigo,descricao,empresa\nD1,a,1\nD2,b,1\n", ','},
		{"a quoted title over two lines", "\"Relatório\nde dezembro\"\ncodigo,descricao\nD1,a\nD2,b\n", ','},
		{"a title over a header with an empty column", "Relatório\ncodigo,,descricao\nA,,x\nB,,y\n", ','},
		{"commas, each data line ending in one", "codigo,descricao\nA,x,\nB,y,\n", ','},
		{"a title over commas, each data line ending in one", "Relatório\ncodigo,descricao\nA,x,\nB,y,\n", ','},
		{"a title and a note below", "Relatório\ncodigo,descricao,empresa\nD1,a,1\nD2,b,1\nTotal de registros: 2\n", ','},
		{"a title over semicolons whose values hold commas", "Relatório\ncodigo;valor;qtd\nA;1,5;2,5\nB;3,5;4,5\n", ';'},
		// At the commas the header "valor;total" is one field, narrower than the rows (1 |
		// 5;2 | 5): the table that starts first is the semicolons'.
		{"a title over semicolons, every value a decimal", "Relatório\nvalor;total\n1,5;2,5\n3,5;4,5\n", ';'},
		{"a title over semicolons whose values hold commas alike", "Relatório\ndesc;obs\nPeças, azul;Cor, x\nOutra, y;Mais, z\n", ';'},
		{"a title over commas whose values hold semicolons alike", "Relatório\ndesc,obs\nPeças; azul,Cor; x\nOutra; y,Mais; z\n", ','},
		{"tables at ; and at , from the same line: the widest", "Relatório\na;b,c,d\n1;2,3,4\n5;6,7,8\n", ','},
		// A header wider under ";" than the table at the commas is none of its titles.
		{"semicolons, rows of uneven width, decimal commas", "preco;qtd;obs\n1,5;2,5;\n3,5;4,5\n", ';'},
		{"one column, one value holding a comma", "descricao\nPeças, azul\n", ';'},
		{"more titles than rows of the table", "T1\nT2\nT3\na,b\n1,2\n", ';'},
		{"a title with more commas than the table", "Relatório, dezembro, de 2026\na,b\n1,2\n3,4\n", ';'},
		{"a line after the table wider than it", "Relatório\na,b\n1,2\n3,4\nx,y,z\n", ';'},
		{"a line within the table narrower than it", "Relatório\na,b,c\n1,2,3\nnota\n4,5,6\n", ';'},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got, _ := sniff([]byte(c.in), false); got != c.want {
				t.Errorf("%q, want %q", got, c.want)
			}
		})
	}
}

// TestSniffTableLine: the line the table starts on is told when title lines were set aside to
// find it, so that a header found above it (a line taken for a title) can refute the guess.
func TestSniffTableLine(t *testing.T) {
	for _, c := range []struct {
		in    string
		delim rune
		table int
	}{
		{"a,b\n1,2\n", ',', 0},
		{"codigo\nA\n", ';', 0},
		{"Relatório\na,b\n1,2\n", ',', 2},
		{"Empresa X\n\nRelatório\na,b\n1,2\n3,4\n", ',', 4},
		{"a,b\n1,2\n3,4\nTotal: 2\n", ',', 1},
		// Files of one column whose every value holds a comma look like a title over a table of
		// two: their header, of one field above the table, refutes the guess (pipeline).
		{"descricao\nPeças, azul\nOutra, verde\n", ',', 2},
		{"vlr\n1,50\n2,75\n-3,00\n", ',', 2},
		{"Relatório\nvlr\nR$ 1,50\n(2,75)\n", ',', 3},
		// A header one field narrower than its rows (a trailing "," on each) is set aside.
		{"codigo,descricao\nA,x,\nB,y,\n", ',', 2},
	} {
		if d, table := sniff([]byte(c.in), false); d != c.delim || table != c.table {
			t.Errorf("%q: %q at line %d, want %q at line %d", c.in, d, table, c.delim, c.table)
		}
	}
}

// FuzzSniff: any sample gives one of the four delimiters; and title lines without a delimiter
// or a quote (any text, blank ones among them) above a table of commas leave it a table of
// commas.
func FuzzSniff(f *testing.F) {
	f.Add([]byte("Relatório de categorias de despesa - dezembro"))
	f.Add([]byte("Empresa X\n\nRelatório\n"))
	f.Add([]byte("\"Relatório; dezembro, 2026\"\ncodigo,descricao\n1,2\n"))
	f.Add([]byte("vlr\n1,50\n2,75\n"))
	f.Add([]byte("Relatório\nvalor;total\n1,5;2,5\n3,5;4,5\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if d, _ := sniff(b, false); !strings.ContainsRune(";,\t|", d) {
			t.Fatalf("sniffed %q", d)
		}
		titles := bytes.Map(func(r rune) rune {
			if strings.ContainsRune(";,\t|\"\r", r) {
				return -1
			}
			return r
		}, b)
		if lines := strings.Split(string(titles), "\n"); len(lines) > 3 {
			titles = []byte(strings.Join(lines[:3], "\n"))
		}
		table := "codigo,descricao,empresa\nD1,Viagens,1\nD2,Alimentação,1\nD3,Combustível,1\n"
		if d, _ := sniff(append(titles, "\n"+table...), false); d != ',' {
			t.Fatalf("titles %q over a table of commas: %q", titles, d)
		}
	})
}

// TestCSVSniffedPastItsSample: the delimiter is picked from the first 64 KiB, whose last line
// is most often cut; the cut line ("12,3" of "12,34,5") has fewer fields than the others and
// is no sign that commas are not the delimiter. Not dropped, no delimiter gave every row one
// width and the comma-separated file was read as one column.
func TestCSVSniffedPastItsSample(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b,c\n")
	for i := 0; b.Len() < 2*sniffSize; i++ {
		fmt.Fprintf(&b, "%d,%d,x\n", i, i*7)
	}
	if b.String()[sniffSize-1] == '\n' {
		t.Fatal("the sample ends at a line's end: no line is cut")
	}
	got, _ := csvRows(t, []byte(b.String()), Options{})
	if got[0] != "1|a|b|c" || got[len(got)-1] != fmt.Sprintf("%d|%d|%d|x", len(got), len(got)-2, (len(got)-2)*7) {
		t.Fatalf("first row %q, last %q", got[0], got[len(got)-1])
	}
}

// TestCSVQuotedLinesPastTheBuffer: a quoted field over several lines is held while its lines
// are read, and the reading buffer (64 KiB) is refilled under it: the record whose first line
// ends just before the buffer's end, its second read after the refill, is read whole.
func TestCSVQuotedLinesPastTheBuffer(t *testing.T) {
	const bufSize = 64 << 10
	for _, before := range []int{1, 4, 8} { // bytes of the buffer after the first line
		t.Run(fmt.Sprint(before), func(t *testing.T) {
			var b strings.Builder
			b.WriteString("a;b;c\n")
			first, second := "1;\"linha um\n", "linha dois\";z\n"
			pad := bufSize - before - len(first)
			for b.Len()+12 <= pad {
				b.WriteString("p;q;r\n")
			}
			b.WriteString("p;q;" + strings.Repeat("r", pad-b.Len()-5) + "\n")
			b.WriteString(first + second)
			at := strings.Count(b.String(), "\n") - 1 // the record's line
			for b.Len() < 3*bufSize {                 // the rest refills the buffer whole
				b.WriteString("s;t;u\n")
			}
			got, _ := csvRows(t, []byte(b.String()), Options{})
			k := slices.IndexFunc(got, func(r string) bool { return strings.HasPrefix(r, fmt.Sprint(at, "|")) })
			if k < 0 {
				t.Fatalf("no row on line %d", at)
			}
			if want := fmt.Sprintf("%d|1|linha um\nlinha dois|z", at); got[k] != want || got[k+1] != fmt.Sprintf("%d|s|t|u", at+2) {
				t.Fatalf("row %d: %q, want %q", at, got[k:k+2], want)
			}
		})
	}
}

// TestCSVExcelTextFormula: ="00123" is what Excel, and the systems that export CSV for it,
// write to keep a code's leading zeros; Excel shows 00123, and so is it read, unquoted or
// quoted as a field, in any column, beside quoted fields that hold the delimiter. Anything
// else around such a quote is still an unpaired quote.
func TestCSVExcelTextFormula(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     []string
	}{
		{"unquoted", "=\"00123\";Teste;=\"1\"\n", []string{"2|00123|Teste|1"}},
		{"quoted as a field", "\"=\"\"00124\"\"\";\"Teste; 2\";1\r\n", []string{"2|00124|Teste; 2|1"}},
		{"after a quoted field with the delimiter", "\"a;b\";=\"00127\";1\n", []string{"2|a;b|00127|1"}},
		{"empty", "=\"\";x;1\n", []string{"2||x|1"}},
		{"two, past the first field", "x;=\"01\";=\"02\"\n", []string{"2|x|01|02"}},
		{"the last field, no newline", "1;x;=\"007\"", []string{"2|1|x|007"}},
		{"text after it", "=\"00125\"x;T3;1\n", []string{"2!unpaired quote@0+7"}},
		{"never closed", "=\"00126;T4;1\n", []string{"2!unpaired quote@0+7"}},
		{"a quote inside", "=\"a\"b\";T;1\n", []string{"2!unpaired quote@0+7"}},
		{"not at the field's start", "x=\"1\";T;1\n", []string{"2!unpaired quote@0+8"}},
		{"a formula is not text", "=SOMA(A1);=\"1\"&\"2\";1\n", []string{"2!unpaired quote@1+17"}},
		{"a formula quoted as a field is not text either", "\"=\"\"1\"\"&\"\"2\"\"\";x;1\n", []string{"2|=\"1\"&\"2\"|x|1"}},
	} {
		t.Run(c.name, func(t *testing.T) { rowsBelowHeader(t, "a;b;c\n", c.in, c.want) })
	}
}

// rowsBelowHeader reads head (a;b;c and its line end) and then in, and checks the rows below
// the header (csvRows's "line|cells" or "line!error").
func rowsBelowHeader(t *testing.T, head, in string, want []string) {
	t.Helper()
	got, _ := csvRows(t, []byte(head+in), Options{})
	if want := append([]string{"1|a|b|c"}, want...); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

// TestCSVCtrlZ: DOS's end-of-file mark that exports of older systems end with (several, as
// CP/M padded) is no row and no character of the last value; inside the file it is a
// character like any other (the value is then refused as XML 1.0 has no U+001A).
func TestCSVCtrlZ(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     []string
	}{
		{"after the last newline", "1;x;2\r\n\x1a", []string{"2|1|x|2"}},
		{"the last line's end", "1;x;2\x1a", []string{"2|1|x|2"}},
		{"padding", "1;x;2\r\n\x1a\x1a\x1a\x1a", []string{"2|1|x|2"}},
		{"quoted last field", "1;x;\"2\"\x1a", []string{"2|1|x|2"}},
		{"before the newline", "1;x;2\x1a\n", []string{"2|1|x|2\x1a"}},
		{"inside", "1;\x1a;2\n3;y;4\n", []string{"2|1|\x1a|2", "3|3|y|4"}},
	} {
		t.Run(c.name, func(t *testing.T) { rowsBelowHeader(t, "a;b;c\r\n", c.in, c.want) })
	}
}

// TestCSVPaddedBlock: a row that ends in an empty field as a row beside it of as many fields
// does (Excel writes trailing delimiters a block of rows at a time) says so; one alone does
// not, nor one whose neighbour of as many fields ends in a value.
func TestCSVPaddedBlock(t *testing.T) {
	b := []byte("a;b;c\r\n1;2;3\r\n4;5;6;\r\n\r\n7;8;; \r\n10;11;12\r\n9;x; y;\r\n10;11;12\r\n13;14;15;16\r\n17;18;;\r\n19;20;21\r\n22;23;;\r\n24;25;26;\r\n")
	_, s := csvRows(t, b, Options{})
	var got []string
	if err := s.Rows(context.Background(), "f", func(r Row) error {
		if r.PaddedBlock {
			got = append(got, fmt.Sprint(r.Line))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if want := "3 5 12 13"; strings.Join(got, " ") != want {
		t.Errorf("padded rows %v, want %s", got, want)
	}
}

// TestCSVEdgeBytes: a Windows-1252 CSV whose only letter past ASCII is the euro sign (byte
// 80) is read as Windows-1252; a Mac CSV (lines ending in CR) that begins with an empty line
// reads its header and rows.
func TestCSVEdgeBytes(t *testing.T) {
	for _, c := range []struct {
		name, in, charset string
		want              []string
	}{
		{"only a euro sign", "a;b\nx;10 \x80\n", "windows-1252", []string{"1|a|b", "2|x|10 €"}},
		{"CR lines after an empty one", "\ra;b\rx;1\r", "utf-8", []string{"2|a|b", "3|x|1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, s := csvRows(t, []byte(c.in), Options{})
			if s.Charset() != c.charset || strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Fatalf("charset %s, rows %q; want %s, %q", s.Charset(), got, c.charset, c.want)
			}
		})
	}
}

// TestCSVTrailer: the lines of one field at the end of a CSV file, under rows of more (the
// header and one row at least), come out as Row.Trailer, the notes an export writes under
// its table; a line of one field with a wider row after it does not, nor do those of a file
// of one column, nor a run of more than maxTrailer of them (a column of their own), nor a
// line that could not be read. Each names (^N, Row.WordyAbove) the last wider row above whose
// first field holds several words, a non-breaking space between them too: the pipeline
// cannot tell a note from a record of a file whose first column holds names.
func TestCSVTrailer(t *testing.T) {
	many := strings.Repeat("x y\n", maxTrailer+1)
	cases := []struct{ name, body, want string }{
		{"notes under the table", "a;b\n1;2\n\nTotal: 1\nGerado em 01/12/2026\n", "4 5"},
		{"a row after", "a;b\n1;2\nnota\n3;4\nfim\n", "5"},
		{"header alone", "a;b\nnota\n", ""},
		{"one column", "a\n1\n2\n", ""},
		{"too many", "a;b\n1;2\n" + many, ""},
		{"a line that could not be read", "a;b\n1;2\n\"x\"y\nfim\n", "4"},
		{"delimiters kept", "a;b\n1;2\nnota;\n", ""},
		{"names above", "a;b\nACME LTDA;2\nC2;3\nBETA SA\n", "4^2"},
		{"a name with a non-breaking space", "a;b\nACME\u00a0LTDA;2\nx y\n", "3^2"},
		{"a header of words", "Código ERP;b\n1;2\nfim de tudo\n", "3^1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, s := csvRows(t, []byte(c.body), Options{Delimiter: ';'})
			var got []string
			if err := s.Rows(context.Background(), "f", func(r Row) error {
				switch {
				case r.Trailer && r.WordyAbove > 0:
					got = append(got, fmt.Sprintf("%d^%d", r.Line, r.WordyAbove))
				case r.Trailer:
					got = append(got, fmt.Sprint(r.Line))
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if g := strings.Join(got, " "); g != c.want {
				t.Errorf("trailer lines %q, want %q", g, c.want)
			}
		})
	}
}

// TestCSVDelimitersRefused: a delimiter that cannot split a line (a quote, a line end, no
// character), or that the file's charset cannot write, is refused at Open, naming the file.
func TestCSVDelimitersRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f.csv")
	if err := os.WriteFile(p, []byte("a;b\n1;2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		delim   rune
		charset string
	}{{'"', ""}, {'\r', ""}, {'\n', ""}, {utf8.RuneError, ""}, {-2, ""}, {'→', "windows-1252"}} {
		s, err := Open(p, Options{Delimiter: c.delim, Charset: c.charset})
		if err == nil {
			s.Close()
			t.Errorf("delimiter %q (%s): opened, want it refused", c.delim, c.charset)
		} else if !strings.Contains(err.Error(), "f.csv") {
			t.Errorf("delimiter %q: %v, want the file named", c.delim, err)
		}
	}
	s, err := Open(p, Options{Delimiter: '€', Charset: "windows-1252"}) // 0x80 there
	if err != nil {
		t.Fatalf("€ in Windows-1252: %v", err)
	}
	s.Close()
}

// TestCSVColumnsCap: a row of Excel's 16,384 columns is read; one more is a TooManyColumns row.
func TestCSVColumnsCap(t *testing.T) {
	line := func(n int) string { return strings.Repeat("x;", n-1) + "x\n" }
	got, _ := csvRows(t, []byte(line(MaxColumns)+line(MaxColumns+1)+"a;b\n"), Options{Delimiter: ';'})
	if len(got) != 3 || !strings.HasPrefix(got[0], "1|x|") || strings.Count(got[0], "|") != MaxColumns || !strings.HasPrefix(got[1], "2!too many columns") || got[2] != "3|a|b" {
		for i := range got {
			got[i] = got[i][:min(len(got[i]), 60)]
		}
		t.Fatalf("rows %q", got)
	}
}
