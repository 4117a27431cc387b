package simulator

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"seniorimporter/templates"
)

// checkRecord checks one record's (or set child's) elements against the catalogue's fields,
// as literally as Senior's pages read: documented order, no unknown or empty elements,
// required fields present, every value in its documented format. It returns the record's
// values and children, or the first problem in Portuguese, as Senior answers.
func checkRecord(fields []*templates.Field, el *elem, where string) (*record, string) {
	rec := &record{Values: map[string]string{}, Sets: map[string][]*record{}}
	last := -1
	lastName := ""
	for _, k := range el.kids {
		i := fieldIndex(fields, k.name)
		if i < 0 {
			return nil, fmt.Sprintf("Campo %s%s desconhecido.", where, k.name)
		}
		if k.space != "" {
			return nil, fmt.Sprintf("Campo %s%s não deve ter namespace (%s).", where, k.name, k.space)
		}
		f := fields[i]
		if i < last || (i == last && !(f.IsSet() && lastName == k.name)) {
			return nil, fmt.Sprintf("Campo %s%s fora da ordem documentada (depois de %s).", where, k.name, lastName)
		}
		last, lastName = i, k.name
		if f.IsSet() {
			child, problem := checkRecord(f.Fields, k, where+k.name+".")
			if problem != "" {
				return nil, problem
			}
			rec.Sets[f.Name] = append(rec.Sets[f.Name], child)
			continue
		}
		if len(k.kids) > 0 {
			return nil, fmt.Sprintf("Campo %s%s não é um conjunto.", where, k.name)
		}
		if k.text == "" {
			return nil, fmt.Sprintf("Campo %s%s enviado vazio.", where, k.name)
		}
		if problem := checkValue(f, k.text); problem != "" {
			return nil, fmt.Sprintf("Campo %s%s: valor \"%s\" %s.", where, k.name, k.text, problem)
		}
		rec.Values[f.Name] = k.text
	}
	for _, f := range fields {
		if f.Required && !f.IsSet() && rec.Values[f.Name] == "" {
			return nil, fmt.Sprintf("Campo %s%s obrigatório não informado.", where, f.Name)
		}
	}
	return rec, ""
}

func fieldIndex(fields []*templates.Field, name string) int {
	for i, f := range fields {
		if f.Name == name {
			return i
		}
	}
	return -1
}

var (
	reDate = regexp.MustCompile(`^(\d{2})/(\d{2})/(\d{4})$`)
	reTime = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)
	reInt  = regexp.MustCompile(`^-?\d+$`)
	reDbl  = regexp.MustCompile(`^-?\d+(\.\d+)?$`)
)

// checkValue applies Senior's documented formats to one value. Returns "" when it passes.
func checkValue(f *templates.Field, v string) string {
	if len(f.List) > 0 {
		var codes []string
		for _, lv := range f.List {
			if v == lv.Code {
				return ""
			}
			codes = append(codes, lv.Code)
		}
		return "não está na lista [" + strings.Join(codes, ", ") + "]"
	}
	if f.Date || f.Temporal == templates.TemporalDate {
		m := reDate.FindStringSubmatch(v)
		if m == nil {
			return "não está no formato DD/MM/YYYY"
		}
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d || int(t.Month()) != mo || t.Year() != y {
			return "não é uma data existente"
		}
		return ""
	}
	if f.Temporal == templates.TemporalTime {
		if !reTime.MatchString(v) {
			return "não está no formato HH:MM"
		}
		return ""
	}
	if f.Number != nil {
		sep := `\.`
		name := "ponto"
		if f.Type == templates.TypeString {
			sep, name = ",", "vírgula"
		}
		pat := fmt.Sprintf(`^-?\d{1,%d}`, max(f.Number.Precision-f.Number.Scale, 1))
		if f.Number.Scale > 0 {
			pat += fmt.Sprintf(`%s\d{%d}`, sep, f.Number.Scale)
		}
		if f.Number.Precision == f.Number.Scale {
			pat = fmt.Sprintf(`^-?0%s\d{%d}`, sep, f.Number.Scale)
		}
		if !regexp.MustCompile(pat + "$").MatchString(v) {
			if f.Number.Scale == 0 {
				return fmt.Sprintf("não atende Number(%03d): até %d dígitos, sem separadores", f.Number.Precision, f.Number.Precision)
			}
			return fmt.Sprintf("não atende Number(%03d,%d): até %d dígitos inteiros, %s decimal e exatamente %d casas, sem separador de milhar",
				f.Number.Precision, f.Number.Scale, f.Number.Precision-f.Number.Scale, name, f.Number.Scale)
		}
		return ""
	}
	switch f.Type {
	case templates.TypeInteger:
		if !reInt.MatchString(v) {
			return "não é um número inteiro"
		}
	case templates.TypeDouble:
		if !reDbl.MatchString(v) {
			return "não é um número com ponto decimal"
		}
	}
	if f.Length > 0 && utf8.RuneCountInString(v) > f.Length {
		return fmt.Sprintf("tem %d caracteres; String(%03d) aceita %d", utf8.RuneCountInString(v), f.Length, f.Length)
	}
	return ""
}
