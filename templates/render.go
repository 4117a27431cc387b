package templates

import (
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// RenderXLSX writes an input template for port p: the record sheet (named after the port's
// record set, or the port) with one column per record field in documented order; one sheet
// per nested set with the parent's key columns first (the record key by name, enclosing
// sets' keys dotted: itens.seqOci) and then the set's fields; and a "#ajuda" sheet that
// describes every field (type, format, values, required). Required columns are bold.
// lang is "pt" (default) or "en" for the help sheet's headers.
func RenderXLSX(p *Port, w io.Writer, lang string) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}})
	if err != nil {
		return err
	}
	plain, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: false}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	recName := p.Record
	if recName == "" {
		recName = p.Name
	}
	type col struct {
		name     string
		required bool
	}
	writeSheet := func(sheet string, cols []col, first bool) error {
		if first {
			if err := f.SetSheetName("Sheet1", sheet); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sheet); err != nil {
			return err
		}
		for i, c := range cols {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			f.SetCellStr(sheet, cell, c.name)
			st := plain
			if c.required {
				st = bold
			}
			f.SetCellStyle(sheet, cell, cell, st)
			colName, _ := excelize.ColumnNumberToName(i + 1)
			f.SetColWidth(sheet, colName, colName, float64(max(12, len(c.name)+2)))
		}
		return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	}
	var cols []col
	for _, fl := range p.RecordFields() {
		if !fl.IsSet() {
			cols = append(cols, col{fl.Name, fl.Required})
		}
	}
	if err := writeSheet(recName, cols, true); err != nil {
		return err
	}
	for _, set := range p.Sets() {
		var cols []col
		for _, k := range p.Key {
			cols = append(cols, col{k, true})
		}
		var chain []*Field
		for a := set.Parent(); a != nil && !(p.Record != "" && a.Name == p.Record && a.Parent() == nil); a = a.Parent() {
			chain = append([]*Field{a}, chain...)
		}
		for _, a := range chain {
			for _, k := range a.Key {
				cols = append(cols, col{a.Name + "." + k, true})
			}
		}
		for _, fl := range set.Fields {
			if !fl.IsSet() {
				cols = append(cols, col{fl.Name, fl.Required})
			}
		}
		if err := writeSheet(set.Name, cols, false); err != nil {
			return err
		}
	}
	help := "#ajuda"
	head := []string{"planilha", "campo", "tipo", "formato", "valores", "obrigatório", "descrição"}
	if lang == "en" {
		help = "#help"
		head = []string{"sheet", "field", "type", "format", "values", "required", "description"}
	}
	if _, err := f.NewSheet(help); err != nil {
		return err
	}
	row := 1
	put := func(vals ...string) {
		for i, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			f.SetCellStr(help, cell, v)
		}
		row++
	}
	put(head...)
	f.SetCellStyle(help, "A1", "G1", bold)
	yes := map[bool]string{true: "sim", false: ""}
	if lang == "en" {
		yes = map[bool]string{true: "yes", false: ""}
	}
	var walk func(sheet string, fields []*Field)
	walk = func(sheet string, fields []*Field) {
		for _, fl := range fields {
			if fl.IsSet() {
				walk(fl.Name, fl.Fields)
				continue
			}
			format := fl.Format
			if fl.Temporal == TemporalDate {
				format = "DD/MM/YYYY"
			} else if fl.Temporal == TemporalTime {
				format = "HH:MM"
			}
			put(sheet, fl.Name, fl.Type, format, strings.ReplaceAll(fl.Values, ";", "; "), yes[fl.Required], fl.Description)
		}
	}
	walk(recName, p.RecordFields())
	return f.Write(w)
}
