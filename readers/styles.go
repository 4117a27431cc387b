package readers

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
)

// numFormat is one number format, interned: every cell of a style shares its code.
type numFormat struct {
	code    string
	date    bool
	percent bool
}

// styleTable maps a cell's style index (<c s="N">) to its number format.
type styleTable struct {
	formats []numFormat
	xf      []uint32 // style index → formats index
}

func (t *styleTable) format(style int) *numFormat {
	if style >= 0 && style < len(t.xf) {
		return &t.formats[t.xf[style]]
	}
	return &t.formats[0] // General
}

// builtinFormats are the codes of Excel's built-in number formats. Those whose code depends
// on the locale (14, 22, the currencies 5-8) are given as Excel in Portuguese (Brazil)
// shows them, so that a cell written back with the code looks as the user saw it.
var builtinFormats = map[int]string{
	0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
	5: `"R$" #,##0;-"R$" #,##0`, 6: `"R$" #,##0;[Red]-"R$" #,##0`,
	7: `"R$" #,##0.00;-"R$" #,##0.00`, 8: `"R$" #,##0.00;[Red]-"R$" #,##0.00`,
	9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
	14: "dd/mm/yyyy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy",
	18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "dd/mm/yyyy h:mm",
	37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)",
	40: "#,##0.00;[Red](#,##0.00)",
	41: `_-* #,##0_-;-* #,##0_-;_-* "-"_-;_-@_-`,
	42: `_-"R$" * #,##0_-;-"R$" * #,##0_-;_-"R$" * "-"_-;_-@_-`,
	43: `_-* #,##0.00_-;-* #,##0.00_-;_-* "-"??_-;_-@_-`,
	44: `_-"R$" * #,##0.00_-;-"R$" * #,##0.00_-;_-"R$" * "-"??_-;_-@_-`,
	45: "mm:ss", 46: "[h]:mm:ss", 47: "mm:ss.0", 48: "##0.0E+0", 49: "@",
}

func newFormat(id int, custom string, hasCustom bool) numFormat {
	code := custom
	if !hasCustom {
		var ok bool
		if code, ok = builtinFormats[id]; !ok {
			code = "General"
			if isDateFormat(id, "") { // the East Asian built-in dates (27-36, 50-58)
				code = "dd/mm/yyyy"
			}
		}
		return numFormat{code: code, date: isDateFormat(id, ""), percent: id == 9 || id == 10}
	}
	return numFormat{code: code, date: isDateFormat(id, code), percent: isPercentFormat(code)}
}

// readStyles reads the number format of every cell style (cellXfs) of styles.xml.
func readStyles(r io.Reader) (*styleTable, error) {
	d := xml.NewDecoder(r)
	custom := map[int]string{}
	var xfIDs []int
	var stack []string
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			stack = append(stack, t.Name.Local)
			switch {
			case t.Name.Local == "numFmt" && parent == "numFmts":
				id, err := strconv.Atoi(strings.TrimSpace(xmlAttr(t, "numFmtId")))
				if err == nil {
					custom[id] = xmlAttr(t, "formatCode")
				}
			case t.Name.Local == "xf" && parent == "cellXfs":
				id, _ := strconv.Atoi(strings.TrimSpace(xmlAttr(t, "numFmtId")))
				xfIDs = append(xfIDs, id)
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	return newStyleTable(xfIDs, custom), nil
}

func newStyleTable(xfIDs []int, custom map[int]string) *styleTable {
	t := &styleTable{formats: []numFormat{newFormat(0, "", false)}}
	index := map[int]uint32{}
	for _, id := range xfIDs {
		i, ok := index[id]
		if !ok {
			code, has := custom[id]
			if id == 0 && !has {
				i = 0
			} else {
				i = uint32(len(t.formats))
				t.formats = append(t.formats, newFormat(id, code, has))
			}
			index[id] = i
		}
		t.xf = append(t.xf, i)
	}
	return t
}

func xmlAttr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// isDateFormat reports whether a number format shows a date or a time: the built-in ids
// 14–22, 27–36, 45–47, 50–58, or a custom code with d, m, y, h or s outside quotes,
// escapes and [colour] brackets ([h] and [mm] elapsed-time brackets count).
func isDateFormat(id int, custom string) bool {
	if custom == "" {
		return id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 45 && id <= 47 || id >= 50 && id <= 58
	}
	code := custom
	if i := strings.IndexByte(code, ';'); i >= 0 {
		code = code[:i]
	}
	inQuote := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '\\' || c == '_' || c == '*':
			i++
		case c == '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return false
			}
			inner := strings.ToLower(code[i+1 : i+j])
			if strings.Trim(inner, "hms") == "" && inner != "" {
				return true
			}
			i += j
		default:
			switch c | 0x20 {
			case 'd', 'm', 'y', 'h', 's':
				return true
			case 'e':
				if strings.HasPrefix(strings.ToLower(code[i:]), "e+") || strings.HasPrefix(strings.ToLower(code[i:]), "e-") {
					return false
				}
			}
		}
	}
	return false
}

// isPercentFormat reports whether a custom code shows a percentage: a % outside quotes,
// escapes (\%), padding and fill characters (_% *%) and [brackets].
func isPercentFormat(code string) bool {
	inQuote := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '\\' || c == '_' || c == '*':
			i++
		case c == '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return false
			}
			i += j
		case c == '%':
			return true
		}
	}
	return false
}
