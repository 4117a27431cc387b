package templates

import (
	"strings"
	"unicode/utf8"
)

// Choice is how a template's drop-down shows a list entry: "1 - Incluir" (the code alone
// when the entry has no label). values.MatchList accepts it back.
func Choice(v ListValue) string {
	if v.Label == "" {
		return v.Code
	}
	return v.Code + " - " + v.Label
}

// CellKind is how a template column types what the user writes in it.
type CellKind int

// Cell kinds.
const (
	KindText   CellKind = iota // text cells (number format "@"): codes keep their leading zeros
	KindNumber                 // number cells with the field's decimals
	KindDate                   // date cells, dd/mm/yyyy
	KindTime                   // time cells, hh:mm
)

// Column is one column of a template sheet.
type Column struct {
	// Header is what the header cell says: the field's name, or for a parent's key repeated
	// in a set's sheet the record key's name (codEmp) or the dotted enclosing key
	// (itens.seqOci).
	Header string
	// Field is the field the column fills (for a repeated key, the key field itself).
	Field *Field
	// Required: the importer refuses a row without it (documented as required, or a key).
	Required bool
	// ParentKey: the column repeats the key of the record or set this row belongs to.
	ParentKey bool
}

// SheetLayout is one data sheet of a template.
type SheetLayout struct {
	Name    string
	Set     *Field // the nested set the sheet holds; nil for the record sheet
	Columns []Column
}

// Layout returns the data sheets of port p's template, in order: the record sheet (named
// after the port's record set, or the port) with one column per record field in documented
// order, then one sheet per nested set, depth first, with the parent keys first (the record
// key by name, enclosing sets' keys dotted: itens.seqOci) and then the set's own fields.
// Readers map columns by these headers; RenderXLSX writes them.
func Layout(p *Port) []SheetLayout {
	recName := p.Record
	if recName == "" {
		recName = p.Name
	}
	isKey := func(keys []string, name string) bool {
		for _, k := range keys {
			if k == name {
				return true
			}
		}
		return false
	}
	rec := SheetLayout{Name: recName}
	for _, f := range p.RecordFields() {
		if !f.IsSet() {
			rec.Columns = append(rec.Columns, Column{Header: f.Name, Field: f, Required: f.Required || isKey(p.Key, f.Name)})
		}
	}
	out := []SheetLayout{rec}
	for _, set := range p.Sets() {
		sh := SheetLayout{Name: set.Name, Set: set}
		for _, k := range p.Key {
			sh.Columns = append(sh.Columns, Column{Header: k, Field: p.RecordField(k), Required: true, ParentKey: true})
		}
		var chain []*Field
		for a := set.Parent(); a != nil && !(p.Record != "" && a.Name == p.Record && a.Parent() == nil); a = a.Parent() {
			chain = append([]*Field{a}, chain...)
		}
		for _, a := range chain {
			for _, k := range a.Key {
				sh.Columns = append(sh.Columns, Column{Header: a.Name + "." + k, Field: a.Child(k), Required: true, ParentKey: true})
			}
		}
		for _, f := range set.Fields {
			if !f.IsSet() {
				sh.Columns = append(sh.Columns, Column{Header: f.Name, Field: f, Required: f.Required || isKey(set.Key, f.Name)})
			}
		}
		out = append(out, sh)
	}
	return out
}

// Kind tells how the column's cells are typed: dates and times as such; numbers with their
// decimals; text for value lists, every String field (codes such as codPro, codCpg, CNPJ,
// CPF and CEP keep their leading zeros) and numeric codes (codCli: a number to Senior, but
// what the user reads on paper is "00456").
func (c Column) Kind() CellKind {
	f := c.Field
	switch {
	case f.Date:
		return KindDate
	case f.Temporal == TemporalTime:
		return KindTime
	case len(f.List) > 0:
		return KindText
	case f.Type == TypeString && (f.Number == nil || f.Number.Scale == 0):
		// A String of Number(p,s) with decimals is an amount (a CRM field a --catalogue file
		// adds, usu_limcre: every CRM field is a String): read and sent as a number, it was a
		// text column whose help said "Texto.".
		return KindText
	case isNumericCode(f):
		return KindText
	}
	return KindNumber
}

// isNumericCode: an Integer field named cod… with no decimals (codCli, codRep, codMot).
func isNumericCode(f *Field) bool {
	return strings.HasPrefix(f.Name, "cod") && f.Type == TypeInteger && (f.Number == nil || f.Number.Scale == 0)
}

// NumberFormat is the Excel number format of the column's cells: "@" for text,
// "dd/mm/yyyy", "hh:mm", "#,##0.00" for Number(015,2), "#,##0.00000" for Number(014,5),
// "0" for whole numbers, "General" for a Double whose decimals Senior does not document.
func (c Column) NumberFormat() string {
	switch c.Kind() {
	case KindText:
		return "@"
	case KindDate:
		return "dd/mm/yyyy"
	case KindTime:
		return "hh:mm"
	}
	n := c.Field.Number
	switch {
	case n != nil && n.Scale > 0:
		return "#,##0." + strings.Repeat("0", n.Scale)
	case n != nil, c.Field.Type == TypeInteger:
		return "0"
	}
	return "General"
}

// width is the column's width in Excel's units (characters): wide enough for the header
// (and the comment mark beside it) and for a typical value of its format. CRM text fields
// have no documented length: they get room for a name or a code.
func (c Column) width(crm bool) float64 {
	w := utf8.RuneCountInString(c.Header) + 3
	v := 10
	f := c.Field
	switch c.Kind() {
	case KindDate:
		v = 12
	case KindTime:
		v = 8
	case KindNumber:
		if f.Number != nil {
			ints := f.Number.Precision - f.Number.Scale
			// Room for the digits typical values use, not for all of Number(015,2)'s.
			v = min(ints+(ints-1)/3+f.Number.Scale+3, 16)
		}
	case KindText:
		for _, lv := range f.List {
			v = max(v, utf8.RuneCountInString(Choice(lv))+3)
		}
		if len(f.List) == 0 && f.Length > 0 {
			v = f.Length + 2
		}
		if crm && len(f.List) == 0 {
			v = 18
		}
	}
	return float64(min(max(w, v, 10), 42))
}
