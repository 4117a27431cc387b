package pipeline

import (
	"reflect"
	"testing"

	"seniorimporter/outcome"
	"seniorimporter/readers"
)

// A row comes back from the spill file as it went, nil lists nil and empty ones empty.
func TestEncodeRow(t *testing.T) {
	for _, pr := range []*parsedRow{
		{line: 2},
		{line: 1 << 30, raw: []readers.Cell{{Kind: readers.Number, Raw: "0.05", Ref: "C7", Percent: true, Date1904: true, Format: "0%", Formula: "A1*2"}},
			vals: []string{}, bad: []bool{true, false}, faulty: true, key: "1\x1f900", keyVals: []string{"1", "", "900"}},
		{line: 9, cells: []outcome.Cell{{Text: "São João", Kind: 2, Value: "2026-12-31", Format: "dd/mm/yyyy"}, {}},
			amounts: []outcome.Amount{{Column: "Valor", Field: "itens.vlrUni", Value: "1234.56", Cell: "I9", Row: 9, Text: true, Hidden: true},
				{Column: "Bruto", Field: "vlrBru", Value: "10", Repeated: true}},
			vals: []string{"x", ""}, bad: []bool{false, false},
			problems: []outcome.Problem{{Field: "qtdOci", Column: "Qtd", Cell: "G9", Value: "x", Reason: "não é um número"},
				{Field: "cepCli", Column: "CEP", Cell: "H9", Value: "1310100", Reason: "o Excel apaga os zeros à esquerda", AsText: true}}},
	} {
		got, err := decodeRow(encodeRow(nil, pr))
		if err != nil || !reflect.DeepEqual(got, pr) {
			t.Errorf("%+v\ncame back %+v, %v", pr, got, err)
		}
	}
}

// decodeRow reads its own file, but never panics nor allocates without end on bytes that are
// not a row; a row built from any strings comes back whole.
func FuzzDecodeRow(f *testing.F) {
	f.Add(encodeRow(nil, &parsedRow{line: 3, vals: []string{"a"}, key: "k"}), "São", "C7")
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0x0f}, "", "")
	f.Fuzz(func(t *testing.T, b []byte, s1, s2 string) {
		decodeRow(b)
		pr := &parsedRow{line: len(s1), raw: []readers.Cell{{Raw: s1, Ref: s2}}, vals: []string{s1, s2}, bad: []bool{len(s2) > 3},
			problems: []outcome.Problem{{Value: s1, Reason: s2}}, key: s2, keyVals: []string{s1}}
		if got, err := decodeRow(encodeRow(b[:0:0], pr)); err != nil || !reflect.DeepEqual(got, pr) {
			t.Errorf("%+v came back %+v, %v", pr, got, err)
		}
	})
}
