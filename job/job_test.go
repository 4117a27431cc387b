package job

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
	"gopkg.in/yaml.v3"

	"seniorimporter/outcome"
)

// flags is a command's flag set as the job package sees one: values of several types, a
// repeatable flag, path flags named FILE, PATH and DIR in their usage.
func flags() *pflag.FlagSet {
	fs := pflag.NewFlagSet("run", pflag.ContinueOnError)
	fs.String("endpoint", "", "G5 base `URL`")
	fs.String("user", "", "G5 user")
	fs.String("password-env", "", "`NAME` of the environment variable holding the password")
	fs.String("password-file", "", "`FILE` holding the password")
	fs.Int("workers", 8, "concurrent requests")
	fs.Float64("rate", 0, "requests per second")
	fs.Duration("timeout", time.Minute, "timeout")
	fs.Bool("insecure", false, "skip TLS verification")
	fs.StringArray("report", nil, "report `PATH`")
	fs.StringArray("sheet", nil, "`NAME` of a sheet")
	fs.String("reimport", "", "re-import `DIR`")
	fs.String("out", "", "outputs `DIR`")
	fs.String("locale", "pt-BR", "locale")
	return fs
}

const good = `# a nightly job
endpoint: https://senior.example:8443
user: integra
password-env: SENIOR_PASSWORD
workers: 4
rate: 2.5
timeout: 30s
insecure: false
report: [out/report.xlsx, out/report.jsonl]
out: /var/lib/importer/out
steps:
  - name: contas
    file: setContas*.csv
  - file: [a.xlsx, b.xlsx]
    op: GravarOrcamentos
    mapping: maps/orc.yaml
    sheet: orcamento
    constants:
      codEmp: 1
      codFil: "0012"
`

func TestParse(t *testing.T) {
	j, err := Parse("/jobs/nightly.yaml", []byte(good), flags())
	if err != nil {
		t.Fatal(err)
	}
	want := []Setting{
		{Key: "endpoint", Values: []string{"https://senior.example:8443"}, Line: 2},
		{Key: "user", Values: []string{"integra"}, Line: 3},
		{Key: "password-env", Values: []string{"SENIOR_PASSWORD"}, Line: 4},
		{Key: "workers", Values: []string{"4"}, Line: 5},
		{Key: "rate", Values: []string{"2.5"}, Line: 6},
		{Key: "timeout", Values: []string{"30s"}, Line: 7},
		{Key: "insecure", Values: []string{"false"}, Line: 8},
		{Key: "report", Values: []string{"out/report.xlsx", "out/report.jsonl"}, Line: 9},
		{Key: "out", Values: []string{"/var/lib/importer/out"}, Line: 10},
	}
	if !reflect.DeepEqual(j.Settings, want) {
		t.Errorf("settings:\n got %+v\nwant %+v", j.Settings, want)
	}
	if len(j.Steps) != 2 {
		t.Fatalf("%d steps", len(j.Steps))
	}
	s0, s1 := j.Steps[0], j.Steps[1]
	if s0.Name != "contas" || !slices.Equal(s0.Files, []string{"setContas*.csv"}) || s0.Line != 12 {
		t.Errorf("step 1: %+v", s0)
	}
	if !slices.Equal(s1.Files, []string{"a.xlsx", "b.xlsx"}) || s1.Op != "GravarOrcamentos" || s1.Mapping != "maps/orc.yaml" ||
		!slices.Equal(s1.Sheets, []string{"orcamento"}) || !reflect.DeepEqual(s1.Constants, map[string]string{"codEmp": "1", "codFil": "0012"}) {
		t.Errorf("step 2: %+v", s1)
	}
	if s1.KeyLine("constants") != 18 {
		t.Errorf("constants on line %d, want 18", s1.KeyLine("constants"))
	}
	if j.Dir != "/jobs" || j.Resolve("maps/orc.yaml") != "/jobs/maps/orc.yaml" || j.Resolve("/abs") != "/abs" {
		t.Errorf("dir %q, resolve %q", j.Dir, j.Resolve("maps/orc.yaml"))
	}
}

// TestParseErrors: each mistake is refused with its line and the error it is.
func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, yaml string
		line       int
		key        string
		err        error // nil: any error with that line
	}{
		{"unknown key", "user: a\nwokers: 2\n", 2, "wokers", ErrUnknownKey},
		{"a password", "user: a\npassword: hunter2\n", 2, "password", ErrPassword},
		{"a CRM password", "crm-password: hunter2\n", 1, "crm-password", ErrPassword},
		{"a senha", "steps:\n  - file: a.csv\n    senha: x\n", 3, "senha", ErrPassword},
		{"the password as its variable's name", "password-env: hunter2!\n", 1, "password-env", ErrEnvName},
		{"a key twice", "user: a\nworkers: 2\nworkers: 3\n", 3, "workers", ErrTwice},
		{"a bad number", "workers: many\n", 1, "workers", nil},
		{"a bad duration", "timeout: 30\n", 1, "timeout", nil},
		{"a list for one value", "user: [a, b]\n", 1, "user", ErrShape},
		{"a mapping for a value", "user:\n  name: a\n", 2, "user", ErrShape},
		{"no value", "user:\n", 1, "user", ErrShape},
		{"steps not a list", "steps: a.csv\n", 1, "steps", ErrShape},
		{"a step without file", "steps:\n  - op: setContas\n", 2, "steps", ErrShape},
		{"an unknown step key", "steps:\n  - file: a.csv\n    ops: setContas\n", 3, "ops", ErrUnknownKey},
		{"constants not a mapping", "steps:\n  - file: a.csv\n    constants: [codEmp]\n", 3, "constants", ErrShape},
		{"two steps of one name", "steps:\n  - {name: a, file: a.csv}\n  - {name: a, file: b.csv}\n", 3, "name", ErrTwice},
		{"a step name with a slash", "steps:\n  - {name: a/b, file: a.csv}\n", 2, "name", ErrShape},
		{"not a mapping", "- a\n- b\n", 1, "", ErrShape},
		{"a tab indents a step", "user: a\r\nsteps:\r\n\t- file: a.csv\r\n", 3, "", ErrTab},
		// An empty file was "job.yaml: EOF"; a second document was ignored, its keys never set.
		{"an empty file", "", 1, "", ErrEmpty},
		{"comments only", "# tonight's job\n\n# (to be written)\n", 1, "", ErrEmpty},
		{"a second document", "user: a\nsteps:\n  - file: a.csv\n---\nworkers: 0\n", 4, "", ErrDocuments},
		{"a second document after a first ---", "---\nuser: a\n---\nuser: b\n", 3, "", ErrDocuments},
		// A second document YAML cannot read has no line of its own: the "---" is where it starts.
		{"a second document that does not parse", "user: a\n---\nworkers: [\n", 2, "", ErrDocuments},
		{"a comment, then two documents", "# tonight\n---\nuser: a\n---\nuser: b\n", 4, "", ErrDocuments},
		{"an empty document, then one that does not parse", "---\n# nada\n---\nuser: [\n", 3, "", ErrDocuments},
		{"a step name as a list", "steps:\n  - name: [a, b]\n    file: a.csv\n", 2, "name", ErrShape},
		{"a constant without value", "steps:\n  - file: a.csv\n    constants:\n      codEmp:\n", 4, "constants", ErrShape},
		{"a tab on the first line", "\tuser: a\n", 1, "", ErrTab},
		{"a list with an empty item", "report:\n  - a.xlsx\n  -\n", 2, "report", ErrShape},
		{"a step's op as a list", "steps:\n  - file: a.csv\n    op: [setContas, GravarOrcamentos]\n", 3, "op", ErrShape},
		{"a constant as a list", "steps:\n  - file: a.csv\n    constants:\n      codEmp: [1, 2]\n", 4, "constants", ErrShape},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("job.yaml", []byte(c.yaml), flags())
			var je *Error
			if !errors.As(err, &je) {
				t.Fatalf("error %v (%T), want a *job.Error", err, err)
			}
			if je.Line != c.line || je.Key != c.key || je.File != "job.yaml" {
				t.Errorf("%v: line %d key %q, want line %d key %q", err, je.Line, je.Key, c.line, c.key)
			}
			if c.err != nil && !errors.Is(err, c.err) {
				t.Errorf("%v is not %v", err, c.err)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("the error shows the password: %v", err)
			}
			// Said in the run's language (In): in English as Error says it, in Portuguese
			// otherwise, where it is the job file's own word (a flag's refusal of a value
			// stays the flag's).
			if en := je.In(outcome.EN); en != err.Error() {
				t.Errorf("In(EN) %q, Error %q", en, err.Error())
			}
			if pt := je.In(outcome.PT); c.err != nil && (pt == err.Error() || !strings.HasPrefix(pt, fmt.Sprintf("job.yaml:%d: ", c.line))) {
				t.Errorf("In(PT) %q: not in Portuguese, or not at its place", pt)
			}
		})
	}
}

// TestParseAliases: a YAML alias (*name) stands for the value its anchor (&name) marks, in
// settings, steps, lists and constants: it was refused as "a value, not a mapping".
func TestParseAliases(t *testing.T) {
	j, err := Parse("job.yaml", []byte("user: &u integra\nsheet: [&s orcamento, *s]\nsteps:\n"+
		"  - {name: a, file: &f a.csv, constants: &c {codEmp: 1}}\n  - {name: b, file: *f, constants: *c, op: *u}\n"), flags())
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Steps) != 2 || !slices.Equal(j.Steps[1].Files, []string{"a.csv"}) || j.Steps[1].Constants["codEmp"] != "1" || j.Steps[1].Op != "integra" {
		t.Errorf("steps %+v", j.Steps)
	}
	if len(j.Settings) != 2 || !slices.Equal(j.Settings[1].Values, []string{"orcamento", "orcamento"}) {
		t.Errorf("settings %+v", j.Settings)
	}
	// A step that is an alias of another.
	j, err = Parse("job.yaml", []byte("steps:\n  - &s {file: a.csv, op: setContas}\n  - *s\n"), flags())
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Steps) != 2 || !slices.Equal(j.Steps[1].Files, []string{"a.csv"}) || j.Steps[1].Op != "setContas" {
		t.Errorf("steps %+v", j.Steps)
	}
}

// TestApply: keys set the flags the command line did not; the command line wins; paths are
// read from the job's folder; keys the command lacks are returned.
func TestApply(t *testing.T) {
	j, err := Parse("/jobs/nightly.yaml", []byte(good), flags())
	if err != nil {
		t.Fatal(err)
	}
	fs := flags()
	if err := fs.Parse([]string{"--workers", "1", "--report", "cli.csv"}); err != nil {
		t.Fatal(err)
	}
	ignored, err := j.Apply(fs)
	if err != nil || len(ignored) != 0 {
		t.Fatalf("apply: %v, ignored %v", err, ignored)
	}
	get := func(name string) string { return fs.Lookup(name).Value.String() }
	for name, want := range map[string]string{
		"workers":  "1",         // the command line's
		"report":   "[cli.csv]", // the command line's, not added to
		"user":     "integra",
		"rate":     "2.5",
		"timeout":  "30s",
		"out":      "/var/lib/importer/out", // absolute: as written
		"endpoint": "https://senior.example:8443",
	} {
		if got := get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	// Without the command line: the report paths are read from the job's folder.
	fs = flags()
	if _, err := j.Apply(fs); err != nil {
		t.Fatal(err)
	}
	if got := get("report"); got != "[/jobs/out/report.xlsx,/jobs/out/report.jsonl]" {
		t.Errorf("report = %s", got)
	}
	// A command without some of the job's flags (validate has no endpoint) leaves them.
	small := pflag.NewFlagSet("validate", pflag.ContinueOnError)
	small.String("user", "", "")
	ignored, err = j.Apply(small)
	if err != nil || !slices.Contains(ignored, "endpoint") || slices.Contains(ignored, "user") {
		t.Errorf("ignored %v, %v", ignored, err)
	}
}

func TestFilesAndMatches(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"setContas-1.csv", "setContas-2.csv", "orc.xlsx"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	j, err := Parse(filepath.Join(dir, "job.yaml"), []byte("steps:\n  - file: [setContas-*.csv, orc.xlsx, setContas-1.csv]\n  - file: nada*.csv\n  - file: entrada\\setContas-*.csv\n"), flags())
	if err != nil {
		t.Fatal(err)
	}
	got, err := j.Files(j.Steps[0])
	want := []string{filepath.Join(dir, "setContas-1.csv"), filepath.Join(dir, "setContas-2.csv"), filepath.Join(dir, "orc.xlsx")}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("files %v, %v; want %v", got, err, want)
	}
	_, err = j.Files(j.Steps[1])
	var je *Error
	if !errors.Is(err, ErrNoMatch) || !errors.As(err, &je) || je.Line != 3 {
		t.Errorf("a glob that matches nothing: %v", err)
	}
	// A Windows habit: the message says what separates folders here.
	if _, err = j.Files(j.Steps[2]); !errors.Is(err, ErrNoMatch) || !strings.Contains(err.Error(), "separated by / here") {
		t.Errorf("a path with a backslash: %v", err)
	}
	// Names typed by people on Windows and in Portuguese: any case, accents, a space.
	for name, want := range map[string]bool{"setContas-9.csv": true, "orc.xlsx": true, "setContas.xlsx": false,
		"SETCONTAS-9.CSV": true, "Orç.xlsx": true, "Orc\u0327.XLSX": true, "set Contas-9.csv": true, "orca.xlsx": false, "setContas-9.csv.tmp": false} {
		if got := j.Steps[0].Matches(name); got != want {
			t.Errorf("matches %s: %v", name, got)
		}
	}
	// A step's file in a folder: a dropped file matches it by the base name.
	j, err = Parse(filepath.Join(dir, "job.yaml"), []byte("steps:\n  - file: entrada/setContas-*.csv\n"), flags())
	if err != nil || !j.Steps[0].Matches("setContas-9.csv") {
		t.Errorf("a glob in a folder does not match setContas-9.csv: %v", err)
	}
}

func TestIsPath(t *testing.T) {
	fs := flags()
	for name, want := range map[string]bool{"password-file": true, "report": true, "out": true, "reimport": true, "password-env": false, "endpoint": false, "sheet": false} {
		if got := IsPath(fs.Lookup(name)); got != want {
			t.Errorf("IsPath(%s) = %v", name, got)
		}
	}
}

// FuzzParse: whatever the bytes, Parse does not panic, and a job it accepts is written out
// and read back the same (settings, steps and their contents), with only the command's keys.
func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("user: a\nwokers: 2\n"))
	f.Add([]byte("steps:\n  - {name: a, file: a.csv, constants: {codEmp: 1}}\n"))
	f.Add([]byte("report: x.csv\nsheet: [a, b]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		j, err := Parse("job.yaml", data, flags())
		if err != nil {
			return
		}
		keys := flags()
		doc := map[string]any{}
		for _, s := range j.Settings {
			if keys.Lookup(s.Key) == nil {
				t.Fatalf("accepted key %q is no flag", s.Key)
			}
			if len(s.Values) == 1 && !repeatable(keys.Lookup(s.Key)) {
				doc[s.Key] = s.Values[0]
			} else {
				doc[s.Key] = s.Values
			}
		}
		var steps []map[string]any
		for _, st := range j.Steps {
			m := map[string]any{"file": st.Files}
			if st.Name != "" {
				m["name"] = st.Name
			}
			if st.Op != "" {
				m["op"] = st.Op
			}
			if st.Mapping != "" {
				m["mapping"] = st.Mapping
			}
			if st.Sheets != nil {
				m["sheet"] = st.Sheets
			}
			if st.Constants != nil {
				m["constants"] = st.Constants
			}
			steps = append(steps, m)
		}
		if steps != nil {
			doc["steps"] = steps
		}
		out, err := yaml.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		k, err := Parse("job.yaml", out, flags())
		if err != nil {
			t.Fatalf("written back, not read: %v\n%s", err, out)
		}
		norm := func(j *Job) (map[string][]string, []Step) {
			s := map[string][]string{}
			for _, x := range j.Settings {
				s[x.Key] = x.Values
			}
			var st []Step
			for _, x := range j.Steps {
				x.Line, x.lines = 0, nil
				st = append(st, x)
			}
			return s, st
		}
		s1, st1 := norm(j)
		s2, st2 := norm(k)
		if !reflect.DeepEqual(s1, s2) || !reflect.DeepEqual(st1, st2) {
			t.Fatalf("round trip differs:\n%+v %+v\n%+v %+v\n%s", s1, st1, s2, st2, out)
		}
	})
}

// TestUnknownKeySuggests: a key that differs from a known one only in case, "-" and "_" or a
// plural says which it was meant as, and so does one a letter or two from a single known key
// (wokers, as the command line's --wokers does); one that is just wrong, or too short to
// tell, does not guess. A password's key so spelt (password_file, a path) is that key's
// typo: it was refused as "a job file never holds a password".
func TestUnknownKeySuggests(t *testing.T) {
	for yaml, want := range map[string]string{
		"worker: 8\n":                           "worker: unknown key (job keys are spelled as the command's flags, plus steps); did you mean workers?",
		"Time_Out: 10s\n":                       "Time_Out: unknown key (job keys are spelled as the command's flags, plus steps); did you mean timeout?",
		"step:\n  - file: a.csv\n":              "step: unknown key (job keys are spelled as the command's flags, plus steps); did you mean steps?",
		"steps:\n  - files: a.csv\n":            "files: unknown key (job keys are spelled as the command's flags, plus steps): a step takes name, file, op, mapping, constants, sheet; did you mean file?",
		"wokers: 2\n":                           "wokers: unknown key (job keys are spelled as the command's flags, plus steps); did you mean workers?",
		"timout: 10s\n":                         "timout: unknown key (job keys are spelled as the command's flags, plus steps); did you mean timeout?",
		"password_file: /etc/senha\n":           "password_file: unknown key (job keys are spelled as the command's flags, plus steps); did you mean password-file?",
		"pasword-file: /etc/senha\n":            "pasword-file: unknown key (job keys are spelled as the command's flags, plus steps); did you mean password-file?",
		"colour: red\n":                         "colour: unknown key (job keys are spelled as the command's flags, plus steps)",
		"steps:\n  - fiel: a.csv\n":             "fiel: unknown key (job keys are spelled as the command's flags, plus steps): a step takes name, file, op, mapping, constants, sheet; did you mean file?",
		"steps:\n  - file: a.csv\n    opp: x\n": "opp: unknown key (job keys are spelled as the command's flags, plus steps): a step takes name, file, op, mapping, constants, sheet",
	} {
		_, err := Parse("job.yaml", []byte(yaml), flags())
		if err == nil || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("%q: %v\nwant it to end %q", yaml, err, want)
		}
	}
}

// TestSalvage: from a job file Parse refuses, the keys asked for that read as Parse would
// read them, and nothing else; none from a file that is no YAML mapping.
func TestSalvage(t *testing.T) {
	cases := []struct {
		name, file string
		want       map[string][]string
	}{
		{"a typo elsewhere", "wokers: 3\nout: saida\ntimeout: 10s\nuser: integra\nsteps:\n  - file: a.csv\n",
			map[string][]string{"out": {"saida"}, "timeout": {"10s"}}},
		{"after the steps", "steps:\n  - wat: 1\nout: /srv/out\n", map[string][]string{"out": {"/srv/out"}}},
		{"a value the flag refuses", "timeout: soon\nout: saida\n", map[string][]string{"out": {"saida"}}},
		{"a list for one value", "out: [a, b]\ntimeout: 5s\n", map[string][]string{"timeout": {"5s"}}},
		{"twice", "out: a\nout: b\ntimeout: 5s\n", map[string][]string{"timeout": {"5s"}}},
		{"a list where a list goes", "report: [a.csv, b.jsonl]\nwokers: 1\n", map[string][]string{"report": {"a.csv", "b.jsonl"}}},
		{"not a mapping", "- out: a\n", map[string][]string{}},
		{"no YAML", "out: [a\n", map[string][]string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "job.yaml")
			if err := os.WriteFile(path, []byte(c.file), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := Load(path, flags()); err == nil {
				t.Fatalf("the job loads: no salvage to test")
			}
			j := Salvage(path, flags(), "out", "timeout", "report")
			got := map[string][]string{}
			for _, s := range j.Settings {
				got[s.Key] = s.Values
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("salvaged %v, want %v", got, c.want)
			}
			// Applied, paths are read from the job's folder, as a loaded job's.
			fs := flags()
			if _, err := j.Apply(fs); err != nil {
				t.Fatal(err)
			}
			if out := c.want["out"]; len(out) == 1 && fs.Lookup("out").Value.String() != j.Resolve(out[0]) {
				t.Errorf("out applied as %s, want %s", fs.Lookup("out").Value, j.Resolve(out[0]))
			}
		})
	}
}
