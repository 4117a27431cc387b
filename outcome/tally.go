package outcome

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cockroachdb/apd/v3"
)

// Exit codes (DESIGN.md): 0 every row ok, queued, valid or skipped; 1 some rows not; 2 could
// not start or aborted (configuration, unreadable input, refused login); 130 interrupted.
const (
	ExitOK          = 0
	ExitSomeFailed  = 1
	ExitAborted     = 2
	ExitInterrupted = 130
)

// ExitCode is ExitOK when every counted row succeeded (no rows is success), else
// ExitSomeFailed.
func ExitCode(counts map[Kind]int) int {
	for k, n := range counts {
		if n > 0 && !k.Success() {
			return ExitSomeFailed
		}
	}
	return ExitOK
}

// Cause is a frequent reason rows did not succeed: their outcome, and the message (a column
// and its reason, or Senior's message with the record's key as "…"; "" when there is none).
type Cause struct {
	Outcome Kind   `json:"outcome"`
	Message string `json:"message"`
	Count   int    `json:"count"`
}

// Text is the cause as one line in the run's language: "inválida: preUni: tem 3 casas…".
func (c Cause) Text(l Lang) string {
	if c.Message == "" {
		return l.OutcomeWord(c.Outcome)
	}
	return l.OutcomeWord(c.Outcome) + ": " + c.Message
}

// SortCauses puts the most frequent causes first (ties by outcome and message), the rows that
// only follow another row of their record last: the first cause is one to fix (the log's
// first_cause, the Resumo's first line).
func SortCauses(cs []Cause) {
	slices.SortFunc(cs, func(a, b Cause) int {
		if fa, fb := isRowAtFaultCause(a.Message), isRowAtFaultCause(b.Message); fa != fb {
			if fa {
				return 1
			}
			return -1
		}
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		if a.Outcome != b.Outcome {
			return strings.Compare(string(a.Outcome), string(b.Outcome))
		}
		return strings.Compare(a.Message, b.Message)
	})
}

type causeKey struct {
	k Kind
	m string
}

// Summary is the end of a run (DESIGN.md: printed, and --summary PATH as JSON).
type Summary struct {
	Started    time.Time    `json:"started"`
	Finished   time.Time    `json:"finished"`
	DurationMS int64        `json:"duration_ms"`
	Rows       int          `json:"rows"`
	RowsSent   int          `json:"rows_sent"` // rows whose record went out (Line.Sent)
	Records    int          `json:"records"`
	Outcomes   map[Kind]int `json:"outcomes"`
	Causes     []Cause      `json:"causes"`
	RowsPerS   float64      `json:"rows_per_s"`
	ExitCode   int          `json:"exit_code"`
	// Charsets is each CSV input's charset as read: "utf-8" or "windows-1252".
	Charsets map[string]string `json:"charsets"`
	// HiddenRows counts, per workbook, the hidden rows read (they are data like any other).
	HiddenRows map[string]int `json:"hidden_rows,omitempty"`
	// Limit is the number of requests allowed in flight at the end of the run (0: none sent).
	Limit int `json:"limit"`
	// PassingFaults counts the requests that met a passing fault, by kind: connection,
	// timeout, http_503 (http_STATUS), fault (a SOAP Fault), truncated, not_xml. Each was
	// tried again (or read back) unless its rows say why not: a run whose rows all ended ok
	// may still show here that Senior was failing.
	PassingFaults map[string]int `json:"passing_faults,omitempty"`
	// Files counts each input file's rows by outcome, in the order the files first reported.
	Files []FileOutcomes `json:"files"`
	// Reconciliation has, per file with money columns, the sums finance ties to its ledger.
	Reconciliation []Reconciliation `json:"reconciliation"`
	// FileProblems are files that gave no row to carry what is wrong with them (a header that
	// names no field, and no data row): each makes the exit code at least 1.
	FileProblems []FileProblem `json:"file_problems,omitempty"`
	// Warnings are what reading the files found worth a look that makes no row fail (columns
	// ignored, leading zeros Excel dropped, dates that may be swapped): in the summary too, for
	// whoever reads the report and not the log (a drop folder's users).
	Warnings []FileProblem `json:"warnings,omitempty"`
	// ReportsNotWritten are the reports (and the re-import folder) whose writing failed, each
	// with why and, when the run kept a journal, the command that writes it again.
	ReportsNotWritten []FileProblem `json:"reports_not_written,omitempty"`
	// Steps are a job's steps, in order, each with whether it ran: a step after one that
	// could not start or was interrupted is not run, and its rows are in no count above.
	Steps []StepRun `json:"steps,omitempty"`
	// Run is the run's number in the journal, what `importer history N` and `importer report
	// N` take: an --on-finish command or a monitor holding the summary had only the run's
	// time to find it by. Absent (0) without a journal, and for a job of several steps (each
	// step's own is in Steps).
	Run int64 `json:"run,omitempty"`
}

// StepRun is one step of a job as its summary tells it.
type StepRun struct {
	Name     string   `json:"name"`
	Files    []string `json:"files"`
	Ran      bool     `json:"ran"`
	ExitCode int      `json:"exit_code"`
	Rows     int      `json:"rows"`
	Run      int64    `json:"run,omitempty"` // the step's run in the journal (Summary.Run)
}

// FileProblem is what is wrong with a file as a whole, in the run's language.
type FileProblem struct {
	File    string `json:"file"`
	Message string `json:"message"`
}

// FileOutcomes is one input file's rows by outcome.
type FileOutcomes struct {
	File     string       `json:"file"`
	Rows     int          `json:"rows"`
	Outcomes map[Kind]int `json:"outcomes"`
}

// Reconciliation is one file's rows and money columns: what was read, what went out to
// Senior and what Senior accepted (ok or queued), so the figures can be tied to a ledger.
type Reconciliation struct {
	File         string `json:"file"`
	Rows         int    `json:"rows"`
	RowsSent     int    `json:"rows_sent"`
	RowsAccepted int    `json:"rows_accepted"`
	// RowsAlready: rows skipped as already in Senior with the same values (an earlier run of the
	// journal sent them, or a read-back found them): accepted and already make what Senior holds
	// of the file. A resumed migration's last run read 6,975,664.59 and accepted 5,870,717.50,
	// and the rows of the runs before it were in no sum.
	RowsAlready int           `json:"rows_already,omitempty"`
	Columns     []MoneyColumn `json:"columns"`
}

// MoneyColumn is the sums of one money column of a file, as exact decimals with a point
// ("10472.50"), all at the largest scale of the values read.
type MoneyColumn struct {
	Column   string `json:"column"` // as the user named it
	Field    string `json:"field"`  // the Senior field it fills
	Read     string `json:"read"`
	Sent     string `json:"sent"`
	Accepted string `json:"accepted"`
	// Already is the sum of the rows already in Senior (Reconciliation.RowsAlready); "" when
	// there are none.
	Already string `json:"already,omitempty"`
	// Unreadable counts the cells that held no number (invalid rows): not in any sum.
	Unreadable int `json:"unreadable,omitempty"`
	// Total is the check against the file's own totals row, when it has one.
	Total *TotalCheck `json:"total,omitempty"`
}

// TotalCheck compares a totals row's cell (its saved value) with the sum read.
type TotalCheck struct {
	Cell    string `json:"cell"`  // "F16"
	Value   string `json:"value"` // exact decimal, as saved in the file
	Matches bool   `json:"matches"`
	// PerRow: the total matches the sum read with each record's value counted once per row
	// of it (a record's own column repeated on its children's rows, which the sheet's SUM
	// adds), not once per record.
	PerRow bool `json:"per_row,omitempty"`
	// A formula total that does not match, and matches the sum read without the cells its
	// formula leaves out and the importer reads: TextCells, numbers written as text (SUM and
	// SUBTOTAL skip text), and HiddenRows, rows hidden in the sheet (SUBTOTAL skips those a
	// filter hides); Difference is the sum read less the total. The first maxNamed of each are
	// named; TextMore and HiddenMore count the others.
	Difference string   `json:"difference,omitempty"`
	TextCells  []string `json:"text_cells,omitempty"`
	TextMore   int      `json:"text_more,omitempty"`
	HiddenRows []int    `json:"hidden_rows,omitempty"`
	HiddenMore int      `json:"hidden_more,omitempty"`
	// Subtotals: a sheet of groups, each with its subtotal row, and no grand total: the
	// totals rows' cells, in order, whose values add up to the sum read (Value is their sum,
	// Cell names them "F4 + F8"). Compared alone, the last group's subtotal said "não confere".
	Subtotals []string `json:"subtotals,omitempty"`
	// NoValue: the totals cell is a formula whose value the file does not hold (written by a
	// program that does not calculate formulas: a library, some systems' exports; Excel and
	// LibreOffice save it). Not compared: it read "total da planilha H11 = : não confere".
	NoValue bool `json:"no_value,omitempty"`
}

// maxNamed bounds the cells and rows a TotalCheck names.
const maxNamed = 10

// Accepted reports whether a row's amounts count as accepted by Senior.
func (k Kind) Accepted() bool { return k == OK || k == Queued }

// maxCauses bounds the distinct causes a Tally keeps (a million different messages would
// otherwise be a million map entries); later new causes count under their outcome alone
// (rejected, "…").
const maxCauses = 10000

// sumContext adds exactly: 100 digits hold any sum of Number(p≤21) values.
var sumContext = apd.BaseContext.WithPrecision(100)

// Tally counts rows, records, outcomes and causes, and accumulates the summary's per-file
// figures; safe for concurrent use.
type Tally struct {
	mu       sync.Mutex
	started  time.Time
	rows     int
	sent     int
	records  int
	limit    int
	faults   map[string]int
	outcomes map[Kind]int
	causes   map[causeKey]int
	// reasons: causeOf's answers for the reasons seen last (at most maxReasons). A file whose
	// quotes are all held for item rows of no quote gives every row the same long reason, full
	// of keys and rows, and five regular expressions took it apart again for each: 50,000
	// held quotes took 15 s to validate instead of 5 (the reviewer's profile).
	reasons  map[string]string
	charsets map[string]string
	hidden   map[string]int
	problems []FileProblem
	warnings []FileProblem
	files    []*fileTally
	byFile   map[string]*fileTally
}

type fileTally struct {
	name                string
	rows, sent, accepts int
	already             int // rows skipped, already in Senior
	outcomes            map[Kind]int
	money               []*moneyTally
	byField             map[string]*moneyTally
}

type moneyTally struct {
	column, field        string
	read, sent, accepted apd.Decimal
	already              apd.Decimal // the rows skipped, already in Senior
	perRow               apd.Decimal // read, plus the record's value again on each row repeating it (Amount.Repeated)
	exp                  int32       // smallest exponent seen: the scale the sums are shown at
	unreadable           int
	total                *TotalCheck
	totalValue           *apd.Decimal
	formula              string // the totals cell's formula, upper case ("SUBTOTAL(9,I5:I10)")
	// Every totals row's cell and value, in order (subtotals of groups; the last one is total),
	// up to maxSubtotals: past them subsOver, and they are not added up (bySubtotals).
	subs     []subtotal
	subsOver bool
	// The sums read of the cells a formula total may leave out (Amount.Text, Amount.Hidden;
	// both: the cells that are both, counted in each), and the first of them.
	text, hidden, both apd.Decimal
	textCells          []string
	textN              int
	hiddenRows         []int
	hiddenN            int
}

// subtotal is one totals row's cell of a money column; value nil when it is no number.
type subtotal struct {
	cell  string
	value *apd.Decimal
}

// NewTally starts counting.
func NewTally(started time.Time) *Tally {
	return &Tally{started: started, outcomes: map[Kind]int{}, causes: map[causeKey]int{}, reasons: map[string]string{}, charsets: map[string]string{}, hidden: map[string]int{}, byFile: map[string]*fileTally{}}
}

func (t *Tally) file(name string) *fileTally {
	f := t.byFile[name]
	if f == nil {
		f = &fileTally{name: name, outcomes: map[Kind]int{}, byField: map[string]*moneyTally{}}
		t.byFile[name] = f
		t.files = append(t.files, f)
	}
	return f
}

func (f *fileTally) column(column, field string) *moneyTally {
	k := field
	if k == "" {
		k = column
	}
	m := f.byField[k]
	if m == nil {
		m = &moneyTally{column: column, field: field}
		f.byField[k] = m
		f.money = append(f.money, m)
	}
	return m
}

// Add counts one row: its outcome, its file, whether it was sent (Line.Sent) and its money
// cells (Line.Amounts: read always, sent when sent, accepted when ok or queued). Causes group
// the rows that did not succeed: an invalid row counts once per problem, as "column: reason"
// (the value and cell left out so that equal reasons group); other rows by their message,
// with the record's key (and each part of a composite key) replaced by "…".
func (t *Tally) Add(l *Line) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rows++
	t.outcomes[l.Outcome]++
	f := t.file(l.File)
	f.rows++
	f.outcomes[l.Outcome]++
	if l.Sent {
		t.sent++
		f.sent++
	}
	accepted := l.Outcome.Accepted()
	if accepted {
		f.accepts++
	}
	already := l.Outcome == Skipped
	if already {
		f.already++
	}
	for _, a := range l.Amounts {
		m := f.column(a.Column, a.Field)
		var d apd.Decimal
		if _, _, err := d.SetString(strings.TrimSpace(a.Value)); err != nil || d.Form != apd.Finite {
			if !a.Repeated {
				m.unreadable++
			}
			continue
		}
		sumContext.Add(&m.perRow, &m.perRow, &d)
		if a.Repeated {
			continue
		}
		m.exp = min(m.exp, d.Exponent)
		sumContext.Add(&m.read, &m.read, &d)
		if a.Text {
			sumContext.Add(&m.text, &m.text, &d)
			if m.textN++; len(m.textCells) < maxNamed {
				m.textCells = append(m.textCells, a.Cell)
			}
		}
		if a.Hidden {
			sumContext.Add(&m.hidden, &m.hidden, &d)
			if m.hiddenN++; len(m.hiddenRows) < maxNamed {
				m.hiddenRows = append(m.hiddenRows, a.Row)
			}
			if a.Text {
				sumContext.Add(&m.both, &m.both, &d)
			}
		}
		if l.Sent {
			sumContext.Add(&m.sent, &m.sent, &d)
		}
		if accepted {
			sumContext.Add(&m.accepted, &m.accepted, &d)
		}
		if already {
			sumContext.Add(&m.already, &m.already, &d)
		}
	}
	if l.Outcome.Success() {
		return
	}
	if len(l.Problems) > 0 {
		for _, p := range l.Problems {
			c := t.causeOf(p.Reason)
			if p.Column != "" {
				c = p.Column + ": " + c
			} else {
				c = withoutKey(c, l.Key) // "no record with key …" of a child row, for one
			}
			t.cause(l.Outcome, c)
		}
		return
	}
	if c := rowAtFaultCause(l.Message); c != "" {
		t.cause(l.Outcome, c)
		return
	}
	t.cause(l.Outcome, withoutKey(l.Message, l.Key))
}

// The parts of a row problem's reason that name the row, another row, a cell, a value or a
// key: a cause counts the rows of many records that fail alike as one (a parent's column that
// differs on every quote's second row, a key repeated in each of a thousand records).
var (
	causeRows   = regexp.MustCompile(`\b(linhas?|rows?) \d+(, \d+)*`)
	causeQuoted = regexp.MustCompile(`\("(?:[^"\\]|\\.)*"\)`)
	causeCell   = regexp.MustCompile(`\([A-Z]{1,3}\d+\)`)
	causeKeyRef = regexp.MustCompile(`\b(chave|key) [^\s(:;,…]*\d[^\s(:;,…]*`) // a key holds a digit: "chave foi" is no key
	// A value's number or date as a message writes it back, or how to write it: "(escreva
	// 12,50)", "(1234)", "(1234 ou 1,234)", "(2026-06-05)"; not a format's "Number(014,5)"
	// nor an example's "(12345-678)".
	causeNumber = regexp.MustCompile(`(^|\s)\((escreva |write )?(?:[-−]?\d[\d.,]*|\d{4}-\d\d-\d\d)(?: (?:ou|or) (?:[-−]?\d[\d.,]*|\d{4}-\d\d-\d\d))?\)`)
)

// causeOf is a row problem's reason as a cause: rows, cells, quoted values, numbers written
// back and keys it names become "…" (the report's message keeps them). Most reasons name none and pass untouched.
func causeOf(reason string) string {
	if !strings.ContainsAny(reason, "0123456789\"") {
		return reason
	}
	c := causeRows.ReplaceAllString(reason, "$1 …")
	c = causeQuoted.ReplaceAllLiteralString(c, "(…)")
	c = causeCell.ReplaceAllLiteralString(c, "(…)")
	c = causeNumber.ReplaceAllString(c, "$1($2…)")
	return causeKeyRef.ReplaceAllString(c, "$1 …")
}

// maxReasons bounds the reasons Tally.causeOf remembers: a run's reasons repeat (the same
// mistake in many rows) but may each be new (a value quoted in each), and a full memory starts
// again rather than grow.
const maxReasons = 1024

// causeOf is causeOf(reason), remembered (t.mu held).
func (t *Tally) causeOf(reason string) string {
	if c, ok := t.reasons[reason]; ok {
		return c
	}
	if len(t.reasons) >= maxReasons {
		clear(t.reasons)
	}
	c := causeOf(reason)
	t.reasons[reason] = c
	return c
}

func (t *Tally) cause(k Kind, m string) {
	c := causeKey{k, m}
	if _, ok := t.causes[c]; !ok && len(t.causes) >= maxCauses && m != "" {
		c.m = "…"
	}
	t.causes[c]++
}

// withoutKey replaces the record's key in a message by "…", and each part of a composite key
// ("1/10/1") where it stands alone as a word and holds a digit or three characters or more,
// so that "Orçamento 10 da empresa 1 já cadastrado" groups with every other record's.
func withoutKey(msg, key string) string {
	if key == "" {
		return msg
	}
	msg = replaceWord(msg, key, "…")
	parts := strings.Split(key, "/")
	if len(parts) < 2 {
		return msg
	}
	for _, p := range parts {
		if p == "" || !(len(p) >= 3 || strings.ContainsAny(p, "0123456789")) {
			continue
		}
		msg = replaceWord(msg, p, "…")
	}
	return msg
}

// replaceWord replaces old where it is not part of a longer word or number.
func replaceWord(s, old, repl string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, old)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := i + len(old)
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[end:])
		b.WriteString(s[:i])
		if (i == 0 || !wordRune(before)) && (end == len(s) || !wordRune(after)) {
			b.WriteString(repl)
		} else {
			b.WriteString(old)
		}
		s = s[end:]
	}
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// AddRecord counts one record.
func (t *Tally) AddRecord() {
	t.mu.Lock()
	t.records++
	t.mu.Unlock()
}

// SetCharset records the charset a CSV input was read in ("utf-8", "windows-1252").
func (t *Tally) SetCharset(file, charset string) {
	t.mu.Lock()
	t.charsets[file] = charset
	t.mu.Unlock()
}

// AddFileProblem records what is wrong with a file as a whole (see Summary.FileProblems).
func (t *Tally) AddFileProblem(file, message string) {
	t.mu.Lock()
	t.problems = append(t.problems, FileProblem{File: file, Message: message})
	t.mu.Unlock()
}

// AddWarning records a warning about a file (see Summary.Warnings).
func (t *Tally) AddWarning(file, message string) {
	t.mu.Lock()
	t.warnings = append(t.warnings, FileProblem{File: file, Message: message})
	t.mu.Unlock()
}

// SetLimit records the number of requests currently allowed in flight; the summary shows the
// last one set.
func (t *Tally) SetLimit(n int) {
	t.mu.Lock()
	t.limit = n
	t.mu.Unlock()
}

// PassingFaultsTotal is the number of requests that met a passing fault.
// FirstCause is what a run's or a job's end line names as its most frequent cause: the first
// of Causes, rows the rows it holds; or, when no row carries a cause, the first file that
// gave no row, named, with what is wrong with it (rows 0): a night whose only input was
// empty ended 'exit_code=1 unimportable_files=1' and no why. ok is false when there is
// neither.
func (s Summary) FirstCause() (msg string, rows int, ok bool) {
	switch {
	case len(s.Causes) > 0:
		return s.Causes[0].Message, s.Causes[0].Count, true
	case len(s.FileProblems) > 0:
		p := s.FileProblems[0]
		if strings.HasPrefix(p.Message, p.File+": ") || strings.HasPrefix(p.Message, p.File+" [") {
			return p.Message, 0, true // named already, as most are ("x.csv [Plan1]: ...")
		}
		return p.File + ": " + p.Message, 0, true
	}
	return "", 0, false
}

func (s Summary) PassingFaultsTotal() int {
	n := 0
	for _, c := range s.PassingFaults {
		n += c
	}
	return n
}

// SetPassingFaults records the requests that met a passing fault, by kind.
func (t *Tally) SetPassingFaults(m map[string]int) {
	t.mu.Lock()
	t.faults = maps.Clone(m)
	t.mu.Unlock()
}

// SetHidden records how many hidden rows a workbook had.
func (t *Tally) SetHidden(file string, n int) {
	t.mu.Lock()
	t.hidden[file] = n
	t.mu.Unlock()
}

// AddTotal records a file's totals row for a money column: the cell ("F16") and its saved
// value as an exact decimal with a point. The summary says whether it matches the sum read.
// A value that is not a number never matches.
func (t *Tally) AddTotal(file, column, field, cell, value string) {
	t.AddTotalFormula(file, column, field, cell, value, "")
}

// AddTotalFormula is AddTotal with the totals cell's formula (without "="; "" for a value
// typed), which tells what the total leaves out when it does not match (TotalCheck.TextCells).
func (t *Tally) AddTotalFormula(file, column, field, cell, value, formula string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	m := t.file(file).column(column, field)
	m.total = &TotalCheck{Cell: cell, Value: value}
	m.formula = strings.ToUpper(strings.TrimSpace(formula))
	m.totalValue = nil
	var d apd.Decimal
	if _, _, err := d.SetString(strings.TrimSpace(value)); err == nil && d.Form == apd.Finite {
		m.totalValue = &d
	}
	if len(m.subs) == maxSubtotals {
		// A sheet of thousands of SUM rows (hostile, or every row a formula of its own) kept
		// each one's cell and value for the whole run.
		m.subs, m.subsOver = nil, true
	}
	if !m.subsOver {
		m.subs = append(m.subs, subtotal{cell, m.totalValue})
	}
}

// maxSubtotals bounds the totals rows of a money column that bySubtotals adds up: a sheet of
// groups has a few dozen.
const maxSubtotals = 200

// Summary returns the counts so far with the top most frequent causes (all when top ≤ 0).
func (t *Tally) Summary(finished time.Time, top int) Summary {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := Summary{Started: t.started, Finished: finished, Rows: t.rows, RowsSent: t.sent, Records: t.records, Limit: t.limit, PassingFaults: maps.Clone(t.faults),
		Outcomes: maps.Clone(t.outcomes), Charsets: maps.Clone(t.charsets), HiddenRows: maps.Clone(t.hidden), Causes: []Cause{}, Files: []FileOutcomes{}, Reconciliation: []Reconciliation{}}
	d := finished.Sub(t.started)
	s.DurationMS = d.Milliseconds()
	if d > 0 {
		s.RowsPerS = float64(t.rows) / d.Seconds()
	}
	if t.sent == 0 {
		// No request went: the limit is the one the run started with, and "4 at most" read
		// as a Senior that took only 4 at once (a re-run that skipped every row; the Resumo,
		// summary.json).
		s.Limit = 0
	}
	for c, n := range t.causes {
		s.Causes = append(s.Causes, Cause{Outcome: c.k, Message: c.m, Count: n})
	}
	SortCauses(s.Causes)
	if top > 0 && len(s.Causes) > top {
		s.Causes = s.Causes[:top]
	}
	for _, f := range t.files {
		if f.rows > 0 {
			s.Files = append(s.Files, FileOutcomes{File: f.name, Rows: f.rows, Outcomes: maps.Clone(f.outcomes)})
		}
		if len(f.money) == 0 {
			continue
		}
		r := Reconciliation{File: f.name, Rows: f.rows, RowsSent: f.sent, RowsAccepted: f.accepts, RowsAlready: f.already}
		for _, m := range f.money {
			c := m.summary()
			if f.already == 0 {
				c.Already = ""
			}
			r.Columns = append(r.Columns, c)
		}
		s.Reconciliation = append(s.Reconciliation, r)
	}
	s.ExitCode = ExitCode(s.Outcomes)
	s.Warnings = slices.Clone(t.warnings)
	if len(t.problems) > 0 {
		s.FileProblems = slices.Clone(t.problems)
		s.ExitCode = max(s.ExitCode, ExitSomeFailed)
	}
	return s
}

// summary shows the sums at the largest scale read ("0.00", not "0", when nothing was sent).
func (m *moneyTally) summary() MoneyColumn {
	text := func(d *apd.Decimal) string {
		var q apd.Decimal
		if _, err := sumContext.Quantize(&q, d, m.exp); err != nil {
			return d.Text('f')
		}
		return q.Text('f')
	}
	c := MoneyColumn{Column: m.column, Field: m.field, Read: text(&m.read), Sent: text(&m.sent), Accepted: text(&m.accepted), Already: text(&m.already), Unreadable: m.unreadable}
	if m.total != nil {
		tc := *m.total
		if strings.TrimSpace(tc.Value) == "" && m.formula != "" {
			tc.NoValue = true
			c.Total = &tc
			return c
		}
		tc.Matches = m.totalValue != nil && m.totalValue.Cmp(&m.read) == 0
		if !tc.Matches && m.totalValue != nil && m.perRow.Cmp(&m.read) != 0 && m.totalValue.Cmp(&m.perRow) == 0 {
			tc.Matches, tc.PerRow = true, true
		}
		if !tc.Matches {
			m.bySubtotals(&tc)
		}
		if !tc.Matches && m.totalValue != nil {
			m.leftOut(&tc)
		}
		c.Total = &tc
	}
	return c
}

// bySubtotals checks a sheet's several totals rows whose last does not match (a sheet of
// groups, each with its subtotal row, none a grand total): when their values add up to the sum
// read (or to it counting each record once per row, PerRow), they match together, tc naming
// them all. A sheet sorted by branch with a SUBTOTAL under each branch said "não confere",
// comparing the last branch's subtotal with the sum of every row.
func (m *moneyTally) bySubtotals(tc *TotalCheck) {
	if len(m.subs) < 2 || m.subsOver {
		return
	}
	var sum apd.Decimal
	var cells []string
	for _, s := range m.subs {
		if s.value == nil {
			return
		}
		sumContext.Add(&sum, &sum, s.value)
		cells = append(cells, s.cell)
	}
	perRow := false
	switch {
	case sum.Cmp(&m.read) == 0:
	case m.perRow.Cmp(&m.read) != 0 && sum.Cmp(&m.perRow) == 0:
		perRow = true
	default:
		return
	}
	sum.Reduce(&sum)
	exp := m.exp
	for _, s := range m.subs {
		exp = min(exp, s.value.Exponent)
	}
	if exp < 0 {
		var q apd.Decimal
		if _, err := sumContext.Quantize(&q, &sum, exp); err == nil {
			sum.Set(&q)
		}
	}
	*tc = TotalCheck{Cell: strings.Join(cells, " + "), Value: sum.Text('f'), Matches: true, PerRow: perRow, Subtotals: cells}
}

// leftOut fills in a formula total that does not match with the cells its formula leaves out
// and the importer reads, when the sum read without them is the total: numbers written as
// text (SUM and SUBTOTAL skip text: a "10.500,50" typed into a text cell, "R$ 1.234,56"
// pasted) and, for a SUBTOTAL (or AGGREGATE), the rows a filter hides. A sheet filtered with
// its total made by AutoSum (=SUBTOTAL(9;...)) said "não confere" and no more: the clerk's
// total was right for the rows on screen, and nothing said that the hidden row went to Senior.
func (m *moneyTally) leftOut(tc *TotalCheck) {
	if m.formula == "" {
		return // a total typed by hand: anything may make it differ
	}
	skipsHidden := strings.Contains(m.formula, "SUBTOTAL(") || strings.Contains(m.formula, "AGGREGATE(")
	without := func(parts ...*apd.Decimal) bool {
		var d apd.Decimal
		d.Set(&m.read)
		for _, p := range parts {
			sumContext.Sub(&d, &d, p)
		}
		return d.Cmp(m.totalValue) == 0
	}
	var zero apd.Decimal
	text, hidden := false, false
	switch {
	case m.textN > 0 && without(&m.text):
		text = true
	case skipsHidden && m.hiddenN > 0 && without(&m.hidden):
		hidden = true
	case skipsHidden && m.textN > 0 && m.hiddenN > 0:
		// Both, the cells that are both counted once.
		var both apd.Decimal
		sumContext.Neg(&both, &m.both)
		if without(&m.text, &m.hidden, &both) {
			text, hidden = true, true
		}
	}
	if !text && !hidden {
		return
	}
	var diff apd.Decimal
	sumContext.Sub(&diff, &m.read, m.totalValue)
	if diff.Cmp(&zero) == 0 {
		return
	}
	var q apd.Decimal
	if _, err := sumContext.Quantize(&q, &diff, min(m.exp, m.totalValue.Exponent)); err == nil {
		diff.Set(&q)
	}
	tc.Difference = diff.Text('f')
	if text {
		tc.TextCells, tc.TextMore = slices.Clone(m.textCells), m.textN-len(m.textCells)
	}
	if hidden {
		tc.HiddenRows, tc.HiddenMore = slices.Clone(m.hiddenRows), m.hiddenN-len(m.hiddenRows)
	}
}
