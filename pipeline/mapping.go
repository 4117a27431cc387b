package pipeline

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"seniorimporter/outcome"
	"seniorimporter/values"
	"slices"
	"strings"

	"github.com/gocarina/gocsv"
	"gopkg.in/yaml.v3"
)

// Mapping adds what headers alone cannot say: other names for fields, constant values for a
// whole run, and a locale per column. It is read from a YAML or CSV file (--mapping).
//
// YAML:
//
//	columns:            # header as written in the file → field (dotted for sets)
//	  Empresa: codEmp
//	  Código do produto: itens.codPro
//	constants:          # field → value for every record, where its cell is empty (one that differs is invalid)
//	  codEmp: "1"
//	locales:            # header (or field) → locale of its numbers
//	  Valor US$: en-US
//	separators:         # field (name or dotted path) → decimal separator on the wire
//	  itens.vlrLiq: comma
//	strip:              # fields (names or dotted paths) sent with letters and digits only
//	  - ContaCnpj
//
// CSV (header row required; its delimiter, `;`, `,` or tab, is the one its header line uses):
// column,field,value,locale,separator,strip. A row with a column and a field maps that column;
// a row with a field and a value and no column is a constant (`codEmp=1` in the field cell
// works too); a locale applies to the row's column (a constant's row has none: to its field,
// which reads the constant), a separator and strip (sim, yes, true, 1) to the row's field. A
// cell past the header's last column is an error (a value holding the delimiter goes in
// quotes).
//
// Separators override Senior's numeric rule (a point for Double and Integer, a comma for
// String) for servers that read a field otherwise; --decimal-separator does it for every field.
type Mapping struct {
	Columns    map[string]string           `yaml:"columns"`
	Constants  map[string]string           `yaml:"constants"`
	Locales    map[string]values.Locale    `yaml:"locales"`
	Separators map[string]values.Separator `yaml:"separators"`
	// Strip lists fields whose text is sent with its letters and digits only
	// (12.345.678/0001-95 → 12345678000195), for servers that store codes bare.
	Strip []string `yaml:"strip"`

	// columns keyed by normalised header, locales by normalised header or field (path or
	// name), separators by normalised field path
	cols map[string]string
	locs map[string]values.Locale
	seps map[string]values.Separator
	strp map[string]bool
	// locUsed, sepUsed: the locales' and separators' keys a column or a constant of the run
	// took (opening inputs is sequential)
	locUsed, sepUsed map[string]bool
}

// locale is the mapping's locale for a column, by its header as written, the dotted path of
// its field or the field's bare name (in that order): `qtdOci: en-US` is how separators and
// strip name a field, and was passed over without a word, the column read in pt-BR ("1,234"
// as 1.234, not 1234).
func (m *Mapping) locale(header, path, name string) (values.Locale, bool) {
	if m == nil {
		return "", false
	}
	for _, k := range []string{header, path, name} {
		if l, ok := m.locs[values.Fold(k)]; ok {
			m.locUsed[values.Fold(k)] = true
			return l, true
		}
	}
	return "", false
}

// unusedLocales are the locales' keys no column of the run took, as written in the mapping.
func (m *Mapping) unusedLocales() []string {
	if m == nil {
		return nil
	}
	return unused(slices.Collect(maps.Keys(m.Locales)), m.locUsed)
}

// unusedSeparators are the separators' keys no field of the run took, as written in the
// mapping: Senior's rule went instead, a point where the server reads a comma.
func (m *Mapping) unusedSeparators() []string {
	if m == nil {
		return nil
	}
	return unused(slices.Collect(maps.Keys(m.Separators)), m.sepUsed)
}

func unused(keys []string, used map[string]bool) []string {
	var out []string
	for _, k := range keys {
		if !used[values.Fold(k)] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

type mappingRow struct {
	Column    string `csv:"column"`
	Field     string `csv:"field"`
	Value     string `csv:"value"`
	Locale    string `csv:"locale"`
	Separator string `csv:"separator"`
	Strip     string `csv:"strip"`
}

// separator is the mapping's decimal separator for a field, by its dotted path or its bare
// name (the path wins).
func (m *Mapping) separator(path, name string) (values.Separator, bool) {
	if m == nil {
		return "", false
	}
	if s, ok := m.seps[values.Fold(path)]; ok {
		m.sepUsed[values.Fold(path)] = true
		return s, true
	}
	s, ok := m.seps[values.Fold(name)]
	if ok {
		m.sepUsed[values.Fold(name)] = true
	}
	return s, ok
}

// sniffComma tells a mapping file's delimiter from its header line: the most frequent of ';',
// ',' and tab outside quotes (',' when none is there).
func sniffComma(header []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(header) {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ';' || c == ',' || c == '\t'):
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// pastHeader refuses a mapping CSV row with a cell past the header's last column: the reader
// drops it, and it is what is left of a value cut at the delimiter (a file of one column has
// none to sniff, so ','): "field" then "preUni=12,50" made the constant 12, sent for every
// record without a word. Empty cells past the header are nothing (a spreadsheet writes them).
// Malformed CSV is left to the reader that follows, to say.
func pastHeader(b []byte, comma rune, lang outcome.Lang) error {
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = comma
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil
	}
	for {
		rec, err := r.Read()
		if err != nil {
			return nil
		}
		for j := len(header); j < len(rec); j++ {
			if strings.TrimSpace(rec[j]) != "" {
				line, _ := r.FieldPos(j)
				return errors.New(lang.MappingPastHeader(line, rec[j], strings.TrimSpace(header[len(header)-1]), comma))
			}
		}
	}
}

// strips reports whether the mapping strips a field's punctuation, by its dotted path or its
// bare name.
func (m *Mapping) strips(path, name string) bool {
	return m != nil && (m.strp[values.Fold(path)] || m.strp[values.Fold(name)])
}

// mappingKeys are the keys of a YAML mapping file.
var mappingKeys = []string{"columns", "constants", "locales", "separators", "strip"}

var (
	yamlUnknownField = regexp.MustCompile(`^line (\d+): field (.*) not found in type \S+$`)
	yamlWrongShape   = regexp.MustCompile(`^line (\d+): cannot unmarshal !!(\w+) (.*)into (\S+)$`)
)

// mappingYAMLError says yaml's unmarshal errors in the words of a mapping file (its keys, a
// list or a single value) instead of Go's types, in lang; other errors (bad YAML) are kept,
// in yaml's English.
func mappingYAMLError(err error, lang outcome.Lang) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err
	}
	var says []string
	for _, e := range te.Errors {
		if m := yamlUnknownField.FindStringSubmatch(e); m != nil {
			says = append(says, lang.MappingUnknownKey(m[1], m[2], mappingKeys, nearestKey(m[2], mappingKeys)))
			continue
		}
		if m := yamlWrongShape.FindStringSubmatch(e); m != nil {
			want := "value"
			if strings.HasPrefix(m[4], "[]") {
				want = "list"
			} else if strings.HasPrefix(m[4], "map") || strings.HasPrefix(m[4], "pipeline.") {
				want = "map"
			}
			says = append(says, lang.MappingWrongShape(m[1], m[2], strings.TrimSpace(m[3]), want))
			continue
		}
		says = append(says, e)
	}
	return errors.New(strings.Join(says, "; "))
}

// nearestKey is the key among known that key is likely a misspelling of (two letters apart at
// most, case and accents aside), "" when none is.
func nearestKey(key string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := values.Levenshtein([]rune(values.Fold(key)), []rune(k)); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// LoadMapping reads a mapping file (.yaml, .yml or .csv), refusing it in lang (Go's and the
// YAML and CSV readers' own words kept).
func LoadMapping(path string, lang outcome.Lang) (*Mapping, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--mapping: %w", err)
	}
	m := &Mapping{Columns: map[string]string{}, Constants: map[string]string{}, Locales: map[string]values.Locale{}, Separators: map[string]values.Separator{}}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(m); err != nil {
			return nil, fmt.Errorf("--mapping %s: %w", path, mappingYAMLError(err, lang))
		}
	case ".csv":
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		first, _, _ := bytes.Cut(b, []byte("\n"))
		comma := sniffComma(first)
		if err := pastHeader(b, comma, lang); err != nil {
			return nil, fmt.Errorf("--mapping %s %w", path, err)
		}
		r := csv.NewReader(bytes.NewReader(b))
		r.Comma = comma
		r.FieldsPerRecord = -1 // a row may stop after its last non-empty cell
		var rows []*mappingRow
		if err := gocsv.UnmarshalCSV(r, &rows); err != nil {
			return nil, fmt.Errorf("--mapping %s: %w", path, err)
		}
		for i, r := range rows {
			r.Column, r.Field, r.Value = strings.TrimSpace(r.Column), strings.TrimSpace(r.Field), strings.TrimSpace(r.Value)
			if st := strings.TrimSpace(r.Strip); st != "" {
				f, _, _ := strings.Cut(r.Field, "=")
				if strings.TrimSpace(f) == "" {
					return nil, errors.New(lang.MappingAtLine(path, i+2) + ": " + lang.MappingStripNoField())
				}
				switch values.Fold(st) {
				case "sim", "s", "yes", "y", "true", "1", "x":
					m.Strip = append(m.Strip, strings.TrimSpace(f))
				case "nao", "n", "no", "false", "0":
				default:
					return nil, errors.New(lang.MappingAtLine(path, i+2) + ": " + lang.MappingStripValue(st))
				}
				if r.Column == "" && !strings.Contains(r.Field, "=") && r.Value == "" && strings.TrimSpace(r.Separator) == "" {
					continue // a row that only strips a field
				}
			}
			if sep := strings.TrimSpace(r.Separator); sep != "" {
				f, _, _ := strings.Cut(r.Field, "=")
				if strings.TrimSpace(f) == "" {
					return nil, errors.New(lang.MappingAtLine(path, i+2) + ": " + lang.MappingSeparatorNoField())
				}
				m.Separators[strings.TrimSpace(f)] = values.Separator(sep)
				if r.Column == "" && !strings.Contains(r.Field, "=") && r.Value == "" {
					continue // a row that only sets a field's separator
				}
			}
			if r.Column == "" {
				f, v, ok := strings.Cut(r.Field, "=")
				if !ok {
					f, v = r.Field, r.Value
				}
				if strings.TrimSpace(f) == "" {
					return nil, errors.New(lang.MappingAtLine(path, i+2) + ": " + lang.MappingConstantNoField())
				}
				m.Constants[strings.TrimSpace(f)] = strings.TrimSpace(v)
				if l := strings.TrimSpace(r.Locale); l != "" {
					// The row has no column: its locale is its field's, which reads the
					// constant (as a YAML locale by a field does).
					m.Locales[strings.TrimSpace(f)] = values.Locale(l)
				}
				continue
			}
			if r.Field != "" {
				m.Columns[r.Column] = r.Field
			}
			if r.Locale != "" {
				m.Locales[r.Column] = values.Locale(strings.TrimSpace(r.Locale))
			}
		}
	default:
		return nil, errors.New(lang.MappingBadKind(path))
	}
	m.cols = map[string]string{}
	for k, v := range m.Columns {
		m.cols[values.Fold(k)] = strings.TrimSpace(v)
	}
	m.locs, m.locUsed = map[string]values.Locale{}, map[string]bool{}
	for k, v := range m.Locales {
		if v != values.PtBR && v != values.EnUS {
			return nil, errors.New(lang.MappingBadLocale(path, string(v), k))
		}
		m.locs[values.Fold(k)] = v
	}
	m.strp = map[string]bool{}
	for _, f := range m.Strip {
		m.strp[values.Fold(f)] = true
	}
	m.seps, m.sepUsed = map[string]values.Separator{}, map[string]bool{}
	for k, v := range m.Separators {
		if v != values.SepPoint && v != values.SepComma {
			return nil, errors.New(lang.MappingBadSeparator(path, string(v), k))
		}
		m.seps[values.Fold(k)] = v
	}
	return m, nil
}
