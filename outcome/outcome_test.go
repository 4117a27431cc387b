package outcome

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestExitCode(t *testing.T) {
	cases := []struct {
		in   map[Kind]int
		want int
	}{
		{map[Kind]int{}, ExitOK},
		{map[Kind]int{OK: 3, Queued: 1, Valid: 2, Skipped: 1}, ExitOK},
		{map[Kind]int{OK: 3, Invalid: 1}, ExitSomeFailed},
		{map[Kind]int{OK: 3, NotSent: 1}, ExitSomeFailed},
		{map[Kind]int{OK: 3, Unknown: 0}, ExitOK},
	}
	for _, c := range cases {
		if got := ExitCode(c.in); got != c.want {
			t.Errorf("%v: %d", c.in, got)
		}
	}
}

func TestEveryKindIsLabelled(t *testing.T) {
	for _, k := range Kinds {
		if PT.Label(k) == "" || EN.Label(k) == "" {
			t.Errorf("%s has no label", k)
		}
	}
}

// Causes group rows that fail for the same reason: an invalid row once per problem, by column
// and reason (not by value), other rows by message.
func TestTallyCauses(t *testing.T) {
	start := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	tl := NewTally(start)
	tl.Add(&Line{Outcome: OK})
	tl.Add(&Line{Outcome: Invalid, Problems: []Problem{{Column: "preUni", Value: "1.2", Reason: "x"}, {Reason: "y"}}})
	tl.Add(&Line{Outcome: Invalid, Problems: []Problem{{Column: "preUni", Value: "9.9", Reason: "x"}}})
	tl.Add(&Line{Outcome: Rejected, Message: "m"})
	tl.Add(&Line{Outcome: Failed})
	// The fine rows of invalid records name the rows at fault: one cause, whatever the rows.
	tl.Add(&Line{Outcome: Invalid, Message: PT.RowAtFault([]string{"3"})})
	tl.Add(&Line{Outcome: Invalid, Message: PT.RowAtFault([]string{"5", "itens 7"})})
	tl.Add(&Line{Outcome: Invalid, Message: EN.RowAtFault([]string{"9"})})
	s := tl.Summary(start.Add(time.Second), 0)
	// Those come last, however many: the first cause is one to fix.
	want := []Cause{{Invalid, "preUni: x", 2}, {Failed, "", 1}, {Invalid, "y", 1}, {Rejected, "m", 1},
		{Invalid, "registro inválido por causa de outra linha do mesmo registro", 2}, {Invalid, "record invalid because of another row of the same record", 1}}
	if len(s.Causes) != len(want) {
		t.Fatalf("%+v", s.Causes)
	}
	for i := range want {
		if s.Causes[i] != want[i] {
			t.Fatalf("cause %d: %+v, want %+v", i, s.Causes[i], want[i])
		}
	}
	if s.Rows != 8 || s.ExitCode != ExitSomeFailed || s.Outcomes[Invalid] != 5 {
		t.Fatalf("%+v", s)
	}
	// top bounds the causes returned, the most frequent first.
	if s := tl.Summary(start.Add(time.Second), len(want)-1); !reflect.DeepEqual(s.Causes, want[:len(want)-1]) {
		t.Errorf("top %d: %+v", len(want)-1, s.Causes)
	}
	// As a person reads them: the outcome in the run's language.
	for _, c := range []struct {
		c    Cause
		l    Lang
		want string
	}{{want[0], PT, "inválida: preUni: x"}, {want[0], EN, "invalid: preUni: x"}, {want[1], PT, "falhou"}, {want[3], PT, "recusada pelo Senior: m"}} {
		if got := c.c.Text(c.l); got != c.want {
			t.Errorf("%+v in %s: %q, want %q", c.c, c.l, got, c.want)
		}
	}
}

// Causes of rejected rows group across records: the record's key, and each part of a
// composite key standing alone, becomes "…".
func TestCausesWithoutKeys(t *testing.T) {
	cases := []struct{ msg, key, want string }{
		{"Orçamento 1/10/1 já cadastrado", "1/10/1", "Orçamento … já cadastrado"},
		{"Orçamento 10 da empresa 1 já cadastrado", "1/10/1", "Orçamento … da empresa … já cadastrado"},
		{"Conta C123 não encontrada", "C123", "Conta … não encontrada"},
		{"Valor 100 inválido", "1/10/1", "Valor 100 inválido"}, // 10 inside 100 is not the key's part
		{"Cidade não encontrada", "", "Cidade não encontrada"},
		{"Categoria S não existe", "S/ab", "Categoria S não existe"},  // "S" and "ab" are too short to be a key's part
		{"Campo codEmp 10 inválido", "1", "Campo codEmp 10 inválido"}, // a key of one digit inside a number is not it
		{"nenhum registro com a chave 10010: linha filha sem registro pai", "10010", "nenhum registro com a chave …: linha filha sem registro pai"},
		{"10010: registro já cadastrado", "10010", "…: registro já cadastrado"}, // the key first
		{"1/10/1 já cadastrado", "1/10/1", "… já cadastrado"},
		{"Valor 110 inválido", "1/10/1", "Valor 110 inválido"}, // 10 ending 110 is not the key's part either
	}
	for _, c := range cases {
		if got := withoutKey(c.msg, c.key); got != c.want {
			t.Errorf("withoutKey(%q, %q) = %q, want %q", c.msg, c.key, got, c.want)
		}
	}
	tl := NewTally(time.Time{})
	for i := range 3 {
		key := "1/" + string(rune('5'+i)) + "0/1"
		tl.Add(&Line{Outcome: Rejected, Key: key, Message: "Orçamento " + key + " já cadastrado"})
	}
	if s := tl.Summary(time.Time{}, 0); len(s.Causes) != 1 || s.Causes[0] != (Cause{Rejected, "Orçamento … já cadastrado", 3}) {
		t.Fatalf("%+v", s.Causes)
	}
}

// Past maxCauses distinct causes, new ones count under their outcome.
func TestCausesBounded(t *testing.T) {
	tl := NewTally(time.Time{})
	for i := range maxCauses + 5 {
		tl.Add(&Line{Outcome: Rejected, Message: "erro " + strconv.Itoa(i)})
	}
	tl.Add(&Line{Outcome: Failed})
	s := tl.Summary(time.Time{}, 0)
	if len(s.Causes) != maxCauses+2 || s.Causes[0] != (Cause{Rejected, "…", 5}) {
		t.Fatalf("%d causes, first %+v", len(s.Causes), s.Causes[0])
	}
	// A row with no message keeps its own cause, its outcome alone, not "…".
	if !slices.Contains(s.Causes, Cause{Failed, "", 1}) {
		t.Errorf("no cause {failed, \"\", 1} among %d", len(s.Causes))
	}
}

// A child row with no record is invalid with a problem of no column that names its key: the
// causes group them across keys, even keys with no digit (which causeOf leaves as they are).
func TestOrphanCausesWithoutKeys(t *testing.T) {
	tl := NewTally(time.Time{})
	for _, key := range []string{"ABC", "XYZ", "10010"} {
		tl.Add(&Line{Outcome: Invalid, Key: key, Problems: []Problem{{Reason: PT.Orphan(key)}}})
	}
	want := []Cause{{Invalid, PT.Orphan("…"), 3}}
	if s := tl.Summary(time.Time{}, 0); !reflect.DeepEqual(s.Causes, want) {
		t.Errorf("%+v, want %+v", s.Causes, want)
	}
}

// One file's rows of several outcomes: the sum already in Senior is the skipped rows' alone; a
// record's money cell repeated on its other rows is unreadable once, not once per row; a total
// typed by hand that does not match says no more (what a formula leaves out is not its).
func TestReconciliationMixedRows(t *testing.T) {
	tl := NewTally(time.Time{})
	tl.Add(&Line{File: "q.xlsx", Outcome: Skipped, Amounts: []Amount{{Column: "Valor", Value: "100.00"}, {Column: "Frete", Value: "x"}}})
	tl.Add(&Line{File: "q.xlsx", Outcome: Skipped, Amounts: []Amount{{Column: "Valor", Value: "100.00", Repeated: true}, {Column: "Frete", Value: "x", Repeated: true}}})
	tl.Add(&Line{File: "q.xlsx", Outcome: OK, Sent: true, Amounts: []Amount{{Column: "Valor", Value: "50.00", Text: true, Cell: "B3"}, {Column: "Frete", Value: "1"}}})
	tl.AddTotal("q.xlsx", "Valor", "", "B9", "100.00")
	r := tl.Summary(time.Time{}, 0).Reconciliation[0]
	valor, frete := r.Columns[0], r.Columns[1]
	if r.RowsAlready != 2 || valor.Already != "100.00" || valor.Accepted != "50.00" || valor.Read != "150.00" {
		t.Errorf("rows already %d, already %s, accepted %s, read %s; want 2, 100.00, 50.00, 150.00", r.RowsAlready, valor.Already, valor.Accepted, valor.Read)
	}
	if frete.Unreadable != 1 {
		t.Errorf("unreadable %d, want 1 (one record's cell)", frete.Unreadable)
	}
	if tc := valor.Total; tc == nil || tc.Matches || tc.Difference != "" || tc.TextCells != nil {
		t.Errorf("typed total: %+v, want not matching and no more", tc)
	}
}

// The reconciliation sums exact decimals per file and money column: every cell read, the
// rows sent, the rows accepted; the totals row is checked against the sum read.
func TestReconciliation(t *testing.T) {
	tl := NewTally(time.Time{})
	add := func(file string, k Kind, sent bool, amounts ...string) {
		l := &Line{File: file, Outcome: k, Sent: sent}
		for i, a := range amounts {
			col := []string{"vlrBru", "preUni"}[i]
			l.Amounts = append(l.Amounts, Amount{Column: col, Field: "itens." + col, Value: a})
		}
		tl.Add(l)
	}
	add("a.xlsx", OK, true, "0.1", "1000000000000000.01")
	add("a.xlsx", OK, true, "0.2", "0.005")
	add("a.xlsx", Rejected, true, "0.3", "-2")
	add("a.xlsx", Invalid, false, "abc", "1E+2")
	add("a.xlsx", NotSent, false, "10")
	add("b.csv", Queued, true)
	tl.AddTotal("a.xlsx", "vlrBru", "itens.vlrBru", "F9", "10.60")
	tl.AddTotal("a.xlsx", "preUni", "itens.preUni", "G9", "1")
	tl.AddTotal("c.xlsx", "vlrBru", "vlrBru", "F3", "NaN")
	s := tl.Summary(time.Time{}, 0)
	if len(s.Reconciliation) != 2 {
		t.Fatalf("%+v", s.Reconciliation)
	}
	a := s.Reconciliation[0]
	if a.File != "a.xlsx" || a.Rows != 5 || a.RowsSent != 3 || a.RowsAccepted != 2 || len(a.Columns) != 2 {
		t.Fatalf("%+v", a)
	}
	want := []MoneyColumn{
		{Column: "vlrBru", Field: "itens.vlrBru", Read: "10.6", Sent: "0.6", Accepted: "0.3", Unreadable: 1, Total: &TotalCheck{Cell: "F9", Value: "10.60", Matches: true}},
		{Column: "preUni", Field: "itens.preUni", Read: "1000000000000098.015", Sent: "999999999999998.015", Accepted: "1000000000000000.015", Total: &TotalCheck{Cell: "G9", Value: "1", Matches: false}},
	}
	for i, w := range want {
		got := a.Columns[i]
		if got.Column != w.Column || got.Field != w.Field || got.Read != w.Read || got.Sent != w.Sent || got.Accepted != w.Accepted || got.Unreadable != w.Unreadable || !reflect.DeepEqual(got.Total, w.Total) {
			t.Errorf("column %d: %+v %+v, want %+v %+v", i, got, got.Total, w, w.Total)
		}
	}
	if c := s.Reconciliation[1]; c.File != "c.xlsx" || c.Columns[0].Total.Matches || c.Columns[0].Read != "0" {
		t.Errorf("%+v", c)
	}
	if s.RowsSent != 4 || len(s.Files) != 2 || s.Files[1].Outcomes[Queued] != 1 {
		t.Errorf("%+v", s)
	}
}

// TestSubtotals: a sheet's several totals rows of a column (a subtotal under each group)
// match together when they add up to the sum read and the last alone does not (no grand
// total): compared alone, the last group's subtotal did not match. A grand total that matches
// is said as before; subtotals that do not add up, or one that is no number, do not match.
func TestSubtotals(t *testing.T) {
	// More totals rows than a sheet of groups has (maxSubtotals): not kept, nor added up.
	var many [][2]string
	for i := range maxSubtotals {
		many = append(many, [2]string{fmt.Sprintf("F%d", i+2), "0"})
	}
	many = append(many, [2]string{"F998", "1334.66"}, [2]string{"F999", "2010.84"})
	for _, tc := range []struct {
		name   string
		totals [][2]string // cell, value
		want   TotalCheck
	}{
		{"subtotals, no grand total", [][2]string{{"F4", "1334.66"}, {"F8", "2010.84"}},
			TotalCheck{Cell: "F4 + F8", Value: "3345.50", Matches: true, Subtotals: []string{"F4", "F8"}}},
		{"subtotals and a grand total", [][2]string{{"F4", "1334.66"}, {"F8", "2010.84"}, {"F9", "3345.5"}},
			TotalCheck{Cell: "F9", Value: "3345.5", Matches: true}},
		{"subtotals that do not add up", [][2]string{{"F4", "1334.66"}, {"F8", "2010.00"}},
			TotalCheck{Cell: "F8", Value: "2010.00"}},
		{"a subtotal that is no number", [][2]string{{"F4", "1334.66"}, {"F8", "#REF!"}},
			TotalCheck{Cell: "F8", Value: "#REF!"}},
		{"one total, the last group's", [][2]string{{"F8", "2010.84"}},
			TotalCheck{Cell: "F8", Value: "2010.84"}},
		{"more totals rows than groups have", many, TotalCheck{Cell: "F999", Value: "2010.84"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tl := NewTally(time.Time{})
			for _, v := range []string{"1234.56", "100.10", "2000", "0.34", "10.5"} {
				tl.Add(&Line{File: "a.xlsx", Outcome: Valid, Amounts: []Amount{{Column: "vlrBru", Field: "vlrBru", Value: v}}})
			}
			for _, c := range tc.totals {
				tl.AddTotalFormula("a.xlsx", "vlrBru", "vlrBru", c[0], c[1], "SUBTOTAL(9,F2:F3)")
			}
			got := tl.Summary(time.Time{}, 0).Reconciliation[0].Columns[0].Total
			if !reflect.DeepEqual(got, &tc.want) {
				t.Errorf("total %+v, want %+v", got, tc.want)
			}
		})
	}
}

// SortCauses: the causes that only follow another row of their record come last, however
// many they are; the rest by count, outcome and message.
func TestSortCauses(t *testing.T) {
	atFault := rowAtFaultCauses[PT]
	got := []Cause{{Invalid, atFault, 50}, {Rejected, "b", 2}, {Failed, "", 2}, {Invalid, "a", 7}, {Rejected, "a", 2}}
	SortCauses(got)
	want := []Cause{{Invalid, "a", 7}, {Failed, "", 2}, {Rejected, "a", 2}, {Rejected, "b", 2}, {Invalid, atFault, 50}}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%+v, want %+v", got, want)
		}
	}
}

// A journal's line (MarshalFull) reads back whole, its original cells and header with it.
func TestMarshalFullRoundTrip(t *testing.T) {
	l := &Line{File: "a.xlsx", Sheet: "Plan1", Row: 7, Key: "1/10/1", Port: "GravarOrcamentos", Outcome: Rejected,
		Code: "-1", Message: "Orçamento já cadastrado", Attempts: 2, LatencyMS: 31,
		Header: []string{"numOct", "vlrBru"}, Cells: []Cell{{Text: "10"}, {Text: "1234,5", Kind: CellNumber, Value: "1234.5", Format: "#,##0.00"}}}
	for _, header := range []bool{true, false} {
		b, err := l.MarshalFull(header)
		if err != nil {
			t.Fatal(err)
		}
		back, err := UnmarshalFull(b)
		if err != nil || back == nil {
			t.Fatalf("header %v: %v, %v", header, back, err)
		}
		if back.File != l.File || back.Row != 7 || back.Key != l.Key || back.Outcome != Rejected || back.Message != l.Message || back.Attempts != 2 ||
			len(back.Cells) != 2 || back.Cells[1] != l.Cells[1] || (len(back.Header) == 2) != header {
			t.Errorf("header %v: %+v", header, back)
		}
	}
	if _, err := UnmarshalFull([]byte(`{"row": "x"`)); err == nil {
		t.Error("a cut line read back")
	}
}

// TestAcceptedAmounts: the rows whose amounts count as accepted are those Senior took, ok or
// queued (an asynchronous endpoint's "queued" is a taken request); a row file problem makes
// the exit code 1 even when every row succeeded.
func TestAcceptedAmounts(t *testing.T) {
	for _, c := range []struct {
		k              Kind
		sent, accepted int
	}{
		{OK, 1, 1}, {Queued, 1, 1}, {Skipped, 0, 0}, {Valid, 0, 0},
		{Rejected, 1, 0}, {Unknown, 1, 0}, {Failed, 1, 0},
	} {
		tl := NewTally(time.Time{})
		tl.Add(&Line{File: "q.csv", Outcome: c.k, Sent: c.sent == 1, Amounts: []Amount{{Column: "Valor", Field: "vlrBru", Value: "1250.40"}}})
		r := tl.Summary(time.Time{}, 0).Reconciliation[0]
		want := map[bool]string{true: "1250.40", false: "0.00"}
		if r.RowsAccepted != c.accepted || r.Columns[0].Accepted != want[c.accepted == 1] || r.Columns[0].Sent != want[c.sent == 1] {
			t.Errorf("%s: rows accepted %d, accepted %s, sent %s; want %d, %s, %s", c.k, r.RowsAccepted, r.Columns[0].Accepted, r.Columns[0].Sent, c.accepted, want[c.accepted == 1], want[c.sent == 1])
		}
		// Skipped, already in Senior: in a sum of its own (none when no row was).
		if already := c.k == Skipped; r.RowsAlready != map[bool]int{true: 1}[already] || r.Columns[0].Already != map[bool]string{true: "1250.40"}[already] {
			t.Errorf("%s: rows already %d, sum %q", c.k, r.RowsAlready, r.Columns[0].Already)
		}
	}
	tl := NewTally(time.Time{})
	tl.Add(&Line{File: "a.csv", Outcome: OK})
	if s := tl.Summary(time.Time{}, 0); s.ExitCode != ExitOK || s.FileProblems != nil {
		t.Errorf("every row ok: exit %d, problems %+v; want 0", s.ExitCode, s.FileProblems)
	}
	tl.AddFileProblem("b.csv", "o cabeçalho não nomeia campo algum")
	if s := tl.Summary(time.Time{}, 0); s.ExitCode != ExitSomeFailed || len(s.FileProblems) != 1 {
		t.Errorf("a file problem: exit %d, problems %+v; want 1", s.ExitCode, s.FileProblems)
	}
}

func TestDecimal(t *testing.T) {
	cases := []struct{ in, pt, en string }{
		{"1234567.5", "1.234.567,5", "1,234,567.5"},
		{"-1000", "-1.000", "-1,000"},
		{"999.999", "999,999", "999.999"},
		{"0.05", "0,05", "0.05"},
		{"12", "12", "12"},
		{"abc", "abc", "abc"},
		{"1.", "1.", "1."},
		{"", "", ""},
	}
	for _, c := range cases {
		if got := PT.Decimal(c.in); got != c.pt {
			t.Errorf("PT.Decimal(%q) = %q, want %q", c.in, got, c.pt)
		}
		if got := EN.Decimal(c.in); got != c.en {
			t.Errorf("EN.Decimal(%q) = %q, want %q", c.in, got, c.en)
		}
	}
}

// FuzzDecimal: a decimal written for people reads back as the same decimal once its grouping
// is taken out, and groups hold three digits.
func FuzzDecimal(f *testing.F) {
	for _, s := range []string{"1234567.5", "-1000", "0.05", "12", "x", "1e5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pt := PT.Decimal(s)
		back := strings.ReplaceAll(pt, ".", "")
		back = strings.Replace(back, ",", ".", 1)
		if pt != s && back != s {
			t.Fatalf("%q → %q → %q", s, pt, back)
		}
		if pt != s {
			whole, _, _ := strings.Cut(strings.TrimPrefix(pt, "-"), ",")
			groups := strings.Split(whole, ".")
			for i, g := range groups {
				if len(g) > 3 || i > 0 && len(g) != 3 || g == "" {
					t.Fatalf("%q → %q: group %q", s, pt, g)
				}
			}
		}
	})
}

func TestEveryKindHasAWord(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range Kinds {
		w := PT.OutcomeWord(k)
		if w == "" || w == string(k) || EN.OutcomeWord(k) == "" || seen[w] {
			t.Errorf("%s: word %q", k, w)
		}
		seen[w] = true
	}
	if PT.OutcomeWord("weird") != "weird" {
		t.Error("an unknown outcome keeps its code")
	}
}

// A row problem's reason as a cause: the rows, cells, values and keys it names go, so that
// the same fault in many records is one cause; reasons that name none pass untouched.
func TestCauseOf(t *testing.T) {
	for _, lang := range []Lang{PT, EN} {
		for _, c := range []struct{ reason, want string }{
			{lang.ParentDiffers(12, "31/12/2026"), lang.ParentDiffers(0, "")},
			{lang.KeyRepeats("q.itens.csv", "1/1001", 7), lang.KeyRepeats("q.itens.csv", "…", 0)},
			{lang.DuplicateChild("itens", "3", 9), lang.DuplicateChild("itens", "…", 0)},
			{lang.RecordRowsApart("1/2/1", 40), lang.RecordRowsApart("…", 0)},
			{lang.BeyondHeader(4, 3, "D17"), lang.BeyondHeader(4, 3, "…")},
			{lang.ShiftedRow(4, 3, "D17"), lang.ShiftedRow(4, 3, "…")},
			{lang.TooManyChildRows("q.itens.csv", "1/4242/1", 300000, 100000), lang.TooManyChildRows("q.itens.csv", "…", 300000, 100000)},
			{lang.GroupPoint("12,50"), strings.ReplaceAll(lang.GroupPoint("X"), "X)", "…)")},
			{lang.GroupComma("-1234.5"), strings.ReplaceAll(lang.GroupComma("X"), "X)", "…)")},
			{lang.DateTwoWays("2026-06-05", "2026-05-06", "datEmi", 7, "12/21/2026"), strings.NewReplacer("(X)", "(…)", "(X ou X)", "(…)", "(X or X)", "(…)").Replace(lang.DateTwoWays("X", "X", "datEmi", 0, "12/21/2026"))},
			{lang.TwoWays(".", "pt-BR", "1234", "en-US", "1,234", "en-US", "preUni", 2, "12.50"), strings.NewReplacer("(X)", "(…)", "(X ou X)", "(…)", "(X or X)", "(…)").Replace(lang.TwoWays(".", "pt-BR", "X", "en-US", "X", "en-US", "preUni", 0, "12.50"))},
		} {
			want := strings.ReplaceAll(strings.ReplaceAll(c.want, " 0", " …"), `("")`, "(…)")
			if got := causeOf(c.reason); got != want {
				t.Errorf("causeOf(%q)\n = %q\nwant %q", c.reason, got, want)
			}
		}
	}
	for _, r := range []string{"não é um número", "tem 7 casas decimais; o campo aceita 5 (Number(014,5))", PT.NotCEP(), EN.NotCNPJ(), "itens sem chave (seqOci vazio)",
		"registro sem chave: numOct vazio", "a célula contém um erro do Excel (#N/A)", "a chave foi copiada", "the key was copied"} {
		if got := causeOf(r); got != r {
			t.Errorf("causeOf(%q) = %q, want it untouched", r, got)
		}
	}
}

// TestPassingFaults: the summary's line of passing faults, the most frequent first, each kind
// in words (an HTTP status as itself).
func TestPassingFaults(t *testing.T) {
	m := map[string]int{"truncated": 99, "http_503": 166, "connection": 145, "fault": 59}
	s := Summary{PassingFaults: m}
	if n := s.PassingFaultsTotal(); n != 469 {
		t.Fatalf("total %d", n)
	}
	for _, c := range []struct {
		l    Lang
		want string
	}{
		{PT, "falhas passageiras: 469 pedidos (HTTP 503 166, conexão caída 145, resposta cortada 99, SOAP Fault 59), cada um tentado de novo"},
		{EN, "passing faults: 469 requests (HTTP 503 166, connection dropped 145, answer cut short 99, SOAP Fault 59), each tried again"},
	} {
		if got := c.l.PassingFaults(469, m); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.l, got, c.want)
		}
	}
}

// TestErrorCellSaysWhatToDo: an error cell's reason says what to fix, as the others do
// ("escreva 12,50", "formate a coluna como texto"): "a célula contém um erro do Excel
// (#DIV/0!)" alone left a finance user with a red cell and no next step.
func TestErrorCellSaysWhatToDo(t *testing.T) {
	for _, c := range []struct {
		lang Lang
		want string
	}{
		{PT, "a célula contém um erro do Excel (#DIV/0!): corrija a fórmula que a calcula, ou digite o valor"},
		{EN, "the cell holds an Excel error (#DIV/0!): fix the formula that computes it, or type the value"},
	} {
		if got := c.lang.ErrorCell("#DIV/0!"); got != c.want {
			t.Errorf("%s: %q, want %q", c.lang, got, c.want)
		}
	}
}

// TestLimitOnlyWhenSent: the limit on requests in flight is the summary's only when a request
// went; otherwise it is the one the run started with, which read as Senior's capacity.
func TestLimitOnlyWhenSent(t *testing.T) {
	for _, sent := range []bool{false, true} {
		tl := NewTally(time.Time{})
		tl.SetLimit(4)
		tl.Add(&Line{File: "a.csv", Outcome: Skipped})
		tl.Add(&Line{File: "a.csv", Outcome: OK, Sent: sent})
		if got, want := tl.Summary(time.Time{}, 0).Limit, map[bool]int{true: 4}[sent]; got != want {
			t.Errorf("a row sent: %v; limit %d, want %d", sent, got, want)
		}
	}
}
