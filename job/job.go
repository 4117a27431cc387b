package job

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/spf13/pflag"
	"gopkg.in/yaml.v3"

	"seniorimporter/values"
)

// Job is a job file read: its settings (flag values) and its steps.
type Job struct {
	Path     string // the job file as named
	Dir      string // the folder relative paths are read from: the job file's
	Settings []Setting
	Steps    []Step
}

// Setting is one key of a job file: a flag and its values (one, or a list for a repeatable
// flag), as written.
type Setting struct {
	Key    string
	Values []string
	Line   int
}

// Step is one step of a job: files (names or globs) imported as one run, with what they share.
type Step struct {
	Name      string            // optional; names the step's reports in a job of several steps
	Files     []string          // names or globs, as written (relative to the job's Dir)
	Op        string            // the port ("" = by file name)
	Mapping   string            // mapping file, as written
	Constants map[string]string // field path → value, as written (codEmp: 1)
	Sheets    []string
	Line      int            // where the step starts
	lines     map[string]int // key → line
}

// Error is a problem at a line of a job file. Err is one of the Err… values below or the
// error of the flag that refused the value.
type Error struct {
	File string
	Line int
	Key  string
	Err  error
}

func (e *Error) Error() string {
	if e.Key == "" {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s:%d: %s: %v", e.File, e.Line, e.Key, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// What can be wrong with a job file.
var (
	ErrUnknownKey = errors.New("unknown key (job keys are spelled as the command's flags, plus steps)")
	ErrPassword   = errors.New("a job file never holds a password: say where it comes from with password-env (an environment variable) or password-file")
	ErrEnvName    = errors.New("not an environment variable name: give the variable's name (SENIOR_PASSWORD), never the password")
	ErrTwice      = errors.New("given twice")
	ErrShape      = errors.New("wrong shape")
	ErrNoMatch    = errors.New("matches no file")
	ErrTab        = errors.New("a tab indents this line, and YAML indents with spaces only")
	ErrEmpty      = errors.New("empty job file: it holds no keys and no steps")
	ErrDocuments  = errors.New("a second YAML document (after ---): a job file is one document, and the keys after it would be ignored")
)

// deref is the node an alias (*name) stands for; any other node as it is.
func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

// tabIndented is the first line (from 1) of data indented with a tab, 0 when none is.
func tabIndented(data []byte) int {
	for i, l := range bytes.Split(data, []byte("\n")) {
		if t := bytes.TrimLeft(l, " "); len(t) > 0 && t[0] == '\t' {
			return i + 1
		}
	}
	return 0
}

// secondDocument is the line (from 1) of the "---" that starts a second document, 0 when
// none does.
func secondDocument(data []byte) int {
	seen := false
	for i, l := range bytes.Split(data, []byte("\n")) {
		if t := bytes.TrimRight(l, " \t\r"); bytes.Equal(t, []byte("---")) || bytes.HasPrefix(t, []byte("--- ")) {
			if seen {
				return i + 1
			}
			seen = true
			continue
		}
		if t := bytes.TrimSpace(l); len(t) > 0 && t[0] != '#' && t[0] != '%' {
			seen = true // the first document's content: a "---" after it starts another
		}
	}
	return 0
}

// likely is the key among known that key was meant as, when they differ only in case, in
// "-" and "_", or in a plural "s" (worker, Timeout, max_backoff, files); "" when none.
func likely(key string, known []string) string {
	want := normKey(key)
	for _, k := range known {
		if normKey(k) == want {
			return k
		}
	}
	return ""
}

// normKey is a key as likely and near compare it.
func normKey(s string) string {
	s = strings.ToLower(strings.NewReplacer("-", "", "_", "", " ", "").Replace(s))
	return strings.TrimSuffix(s, "s")
}

// near is the key among known that key is a typo of, a letter or two apart (wokers,
// metrics-fle, on-finsh, give-up-afer, fiel), when it is the only one that near; "" when
// none is, or key is too short to tell (op, os). "wokers: unknown key" said nothing of
// workers.
func near(key string, known []string) string {
	want := []rune(normKey(key))
	if len(want) < 4 {
		return ""
	}
	best, bestD, ties := "", 3, 0
	for _, k := range known {
		switch d := values.Levenshtein(want, []rune(normKey(k))); {
		case d < bestD:
			best, bestD, ties = k, d, 1
		case d == bestD:
			ties++
		}
	}
	if ties != 1 {
		return ""
	}
	return best
}

// stepKeys are the keys of a step.
var stepKeys = []string{"name", "file", "op", "mapping", "constants", "sheet"}

// IsJobFile tells whether a command-line argument names a job file (by its extension).
func IsJobFile(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml":
		return true
	}
	return false
}

// Load reads and checks the job file at path. keys is a flag set with every flag a job may
// set; Load sets the values on it to check them, so give it one made for the purpose, not the
// command's.
func Load(path string, keys *pflag.FlagSet) (*Job, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("job file: %w", err)
	}
	return Parse(path, b, keys)
}

// Parse reads a job file's bytes; name is its path (its folder is the job's Dir).
func Parse(name string, data []byte, keys *pflag.FlagSet) (*Job, error) {
	j := &Job{Path: name, Dir: filepath.Dir(name)}
	fail := func(n *yaml.Node, key string, err error) (*Job, error) {
		return nil, &Error{File: name, Line: n.Line, Key: key, Err: err}
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if line := tabIndented(data); line > 0 {
			// yaml's own words ("found character that cannot start any token") do not say it.
			return nil, &Error{File: name, Line: line, Err: &detail{err: ErrTab, s: err.Error()}}
		}
		if errors.Is(err, io.EOF) { // nothing but blank lines and comments
			return nil, &Error{File: name, Line: 1, Err: ErrEmpty}
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(doc.Content) == 0 {
		return nil, &Error{File: name, Line: 1, Err: ErrEmpty}
	}
	// A second document was silently ignored: its keys (workers: 0, another endpoint) never
	// applied, and nothing said so.
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		line := more.Line
		if err != nil || line == 0 {
			line = doc.Line
		}
		if l := secondDocument(data); l > 0 {
			line = l
		}
		return nil, &Error{File: name, Line: line, Err: ErrDocuments}
	}
	root := deref(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		return fail(root, "", &detail{err: ErrShape, code: "root"})
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], deref(root.Content[i+1])
		key := k.Value
		if first, ok := seen[key]; ok {
			return fail(k, key, &detail{err: ErrTwice, n: first})
		}
		seen[key] = k.Line
		if key == "steps" {
			steps, err := parseSteps(name, v)
			if err != nil {
				return nil, err
			}
			j.Steps = steps
			continue
		}
		f := keys.Lookup(key)
		if f == nil {
			var names []string
			keys.VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
			names = append(names, "steps")
			// A key spelt as a flag but for its case or dashes is that flag's, a password's
			// too: password_file (a path) was told "a job file never holds a password".
			if m := likely(key, names); m != "" {
				return fail(k, key, &detail{err: ErrUnknownKey, s: m})
			}
			if looksLikePassword(key) {
				return fail(k, key, ErrPassword)
			}
			if m := near(key, names); m != "" {
				return fail(k, key, &detail{err: ErrUnknownKey, s: m})
			}
			return fail(k, key, ErrUnknownKey)
		}
		vals, err := scalars(v, repeatable(f))
		if err != nil {
			return fail(v, key, err)
		}
		for _, s := range vals {
			if strings.HasSuffix(key, "-env") && !envName.MatchString(s) {
				return fail(v, key, ErrEnvName)
			}
			if err := keys.Set(key, s); err != nil {
				return fail(v, key, err)
			}
		}
		j.Settings = append(j.Settings, Setting{Key: key, Values: vals, Line: k.Line})
	}
	return j, nil
}

// Salvage reads, from a job file that Parse refused, the settings of the keys named: each a
// top-level key with a value Parse would take, the rest of the file ignored. A run that cannot
// start still writes the metrics file and runs the on-finish command it was given (exit 2,
// saying why); given in the job file, a typo elsewhere in it (wokers: 3) left both undone,
// and the alert that was to say the night did not run with them. A file that is no YAML
// mapping salvages nothing. Give keys a flag set made for the purpose, as to Load.
func Salvage(path string, keys *pflag.FlagSet, names ...string) *Job {
	j := &Job{Path: path, Dir: filepath.Dir(path)}
	data, err := os.ReadFile(path)
	if err != nil {
		return j
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return j
	}
	root := deref(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		return j
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], deref(root.Content[i+1])
		f := keys.Lookup(k.Value)
		if f == nil || !slices.Contains(names, k.Value) {
			continue
		}
		if seen[k.Value] { // twice: which one was meant is not for a salvage to guess
			j.Settings = slices.DeleteFunc(j.Settings, func(s Setting) bool { return s.Key == k.Value })
			continue
		}
		seen[k.Value] = true
		vals, err := scalars(v, repeatable(f))
		if err != nil {
			continue
		}
		ok := true
		for _, s := range vals {
			ok = ok && keys.Set(k.Value, s) == nil
		}
		if ok {
			j.Settings = append(j.Settings, Setting{Key: k.Value, Values: vals, Line: k.Line})
		}
	}
	return j
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// looksLikePassword tells a key that would hold a password (or another secret) itself.
func looksLikePassword(key string) bool {
	k := strings.ToLower(key)
	for _, w := range []string{"password", "passwd", "senha", "secret", "pwd", "token"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// repeatable tells a flag that takes a list (given several times on the command line).
func repeatable(f *pflag.Flag) bool {
	t := f.Value.Type()
	return strings.HasSuffix(t, "Array") || strings.HasSuffix(t, "Slice")
}

// scalars reads a value: a scalar, or for a list key a scalar or a sequence of scalars.
func scalars(n *yaml.Node, list bool) ([]string, error) {
	switch {
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		return nil, &detail{err: ErrShape, code: "null"}
	case n.Kind == yaml.ScalarNode:
		return []string{n.Value}, nil
	case n.Kind == yaml.SequenceNode && list:
		var out []string
		for _, c := range n.Content {
			c = deref(c)
			if c.Kind != yaml.ScalarNode || c.Tag == "!!null" {
				return nil, &detail{err: ErrShape, code: "list-values"}
			}
			out = append(out, c.Value)
		}
		return out, nil
	case n.Kind == yaml.SequenceNode:
		return nil, &detail{err: ErrShape, code: "one-value"}
	}
	return nil, &detail{err: ErrShape, code: "not-mapping"}
}

func parseSteps(name string, n *yaml.Node) ([]Step, error) {
	n = deref(n)
	if n.Kind != yaml.SequenceNode {
		return nil, &Error{File: name, Line: n.Line, Key: "steps", Err: &detail{err: ErrShape, code: "steps"}}
	}
	var steps []Step
	names := map[string]int{}
	for _, sn := range n.Content {
		sn = deref(sn)
		fail := func(n *yaml.Node, key string, err error) ([]Step, error) {
			return nil, &Error{File: name, Line: n.Line, Key: key, Err: err}
		}
		if sn.Kind != yaml.MappingNode {
			return fail(sn, "steps", &detail{err: ErrShape, code: "step"})
		}
		st := Step{Line: sn.Line, lines: map[string]int{}}
		for i := 0; i+1 < len(sn.Content); i += 2 {
			k, v := sn.Content[i], deref(sn.Content[i+1])
			key := k.Value
			if first, ok := st.lines[key]; ok {
				return fail(k, key, &detail{err: ErrTwice, n: first})
			}
			st.lines[key] = k.Line
			var err error
			switch key {
			case "name":
				var s []string
				if s, err = scalars(v, false); err == nil {
					st.Name = s[0]
					if st.Name == "" || strings.ContainsAny(st.Name, `/\`) || strings.HasPrefix(st.Name, ".") {
						err = &detail{err: ErrShape, code: "step-name"}
					} else if first, ok := names[st.Name]; ok {
						err = &detail{err: ErrTwice, code: "step-name", s: st.Name, n: first}
					}
					names[st.Name] = k.Line
				}
			case "file":
				st.Files, err = scalars(v, true)
			case "op":
				var s []string
				if s, err = scalars(v, false); err == nil {
					st.Op = s[0]
				}
			case "mapping":
				var s []string
				if s, err = scalars(v, false); err == nil {
					st.Mapping = s[0]
				}
			case "sheet":
				st.Sheets, err = scalars(v, true)
			case "constants":
				st.Constants, err = constants(v)
			default:
				if looksLikePassword(key) {
					return fail(k, key, ErrPassword)
				}
				m := likely(key, stepKeys)
				if m == "" {
					m = near(key, stepKeys)
				}
				if m != "" {
					return fail(k, key, &detail{err: ErrUnknownKey, code: "step", s: strings.Join(stepKeys, ", "), s2: m})
				}
				return fail(k, key, &detail{err: ErrUnknownKey, code: "step", s: strings.Join(stepKeys, ", ")})
			}
			if err != nil {
				var je *Error
				if errors.As(err, &je) {
					je.File = name
					return nil, je
				}
				return fail(v, key, err)
			}
		}
		if len(st.Files) == 0 {
			return fail(sn, "steps", &detail{err: ErrShape, code: "step-file"})
		}
		steps = append(steps, st)
	}
	return steps, nil
}

func constants(n *yaml.Node) (map[string]string, error) {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		return nil, &detail{err: ErrShape, code: "constants"}
	}
	out := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], deref(n.Content[i+1])
		if _, ok := out[k.Value]; ok {
			return nil, &Error{Line: k.Line, Key: "constants." + k.Value, Err: ErrTwice}
		}
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			return nil, &detail{err: ErrShape, code: "constant", s: k.Value}
		}
		out[k.Value] = v.Value
	}
	return out, nil
}

// Apply sets on fs every job setting whose flag fs has and the command line did not set
// (flags given on the command line win), resolving FILE, PATH and DIR values against the
// job's folder. It returns the keys fs has no flag for (a key of run that validate does not
// take, say), for the caller to mention or ignore.
func (j *Job) Apply(fs *pflag.FlagSet) (ignored []string, err error) {
	for _, s := range j.Settings {
		f := fs.Lookup(s.Key)
		if f == nil {
			ignored = append(ignored, s.Key)
			continue
		}
		if f.Changed {
			continue
		}
		for _, v := range s.Values {
			if IsPath(f) {
				v = j.Resolve(v)
			}
			if err := fs.Set(s.Key, v); err != nil {
				return ignored, &Error{File: j.Path, Line: s.Line, Key: s.Key, Err: err}
			}
		}
	}
	return ignored, nil
}

// IsPath tells a flag whose value names a file or a folder: its usage names the value FILE,
// PATH or DIR (`--mapping FILE`).
func IsPath(f *pflag.Flag) bool {
	name, _ := pflag.UnquoteUsage(f)
	switch name {
	case "FILE", "PATH", "DIR":
		return true
	}
	return false
}

// Resolve reads a path of the job file relative to the job's folder.
func (j *Job) Resolve(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(j.Dir, p)
}

// Files expands a step's names and globs against the job's folder, in the order written, each
// glob's matches sorted, every file once. A name or glob that matches nothing is an error
// naming its line.
func (j *Job) Files(st Step) ([]string, error) {
	var out []string
	for _, pat := range st.Files {
		m, err := filepath.Glob(j.Resolve(pat))
		if err == nil && len(m) == 0 {
			err = &detail{err: ErrNoMatch, s: pat, flag: filepath.Separator == '/' && strings.Contains(pat, `\`)}
		}
		if err != nil {
			return nil, &Error{File: j.Path, Line: st.KeyLine("file"), Key: "file", Err: err}
		}
		for _, f := range m {
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// KeyLine is the line of a step's key (the step's own line when the key is absent).
func (st Step) KeyLine(key string) int {
	if l, ok := st.lines[key]; ok {
		return l
	}
	return st.Line
}

// Matches tells whether a file's name (its base) matches one of the step's names or globs,
// compared by base name: the drop folder uses it to find the step for a dropped file. The
// folder's files are named by people on Windows, whose names ignore case, and in Portuguese:
// a name matches as it is or compared as headers are (values.Fold: without regard to case,
// accents, spaces and "_"), so "orcamento*.xlsx" takes Orçamento-Janeiro.XLSX.
func (st Step) Matches(name string) bool {
	for _, pat := range st.Files {
		pat = filepath.Base(pat)
		if ok, err := filepath.Match(pat, name); err == nil && ok {
			return true
		}
		if ok, err := filepath.Match(values.Fold(pat), values.Fold(name)); err == nil && ok {
			return true
		}
	}
	return false
}
