// Package templates holds the catalogue of Senior ports: one declarative YAML file per port
// (embedded in the binary, extendable at run time with --catalogue DIR), the Go types that
// describe them, and the XLSX input templates rendered from them.
//
// The catalogue is the single source of truth about Senior's wire: field names in documented
// order, declared types, formats (Number(p,s), String(n), Date), value lists, keys, answer
// shapes, and the rules that classify answers (accepted, refused login). Everything else —
// readers, normalisers, the encoder, the simulator — reads it; nothing here does I/O beyond
// loading catalogue files.
package templates

import (
	"cmp"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"
	"gopkg.in/yaml.v3"
)

//go:embed ports/*.yaml
var embedded embed.FS

// Product tells the two Senior products apart: their wire differs.
const (
	ProductG5  = "g5"
	ProductCRM = "crm"
)

// Declared types as Senior's tables write them.
const (
	TypeString   = "String"
	TypeInteger  = "Integer"
	TypeDouble   = "Double"
	TypeDateTime = "DateTime"
	TypeSet      = "Set"
)

// Temporal markers for CRM String fields that carry dates or times.
const (
	TemporalDate = "date"
	TemporalTime = "time"
)

// Checks a String field may carry (Field.Check).
const (
	CheckCNPJ  = "cnpj"
	CheckCPF   = "cpf"
	CheckCEP   = "cep"
	CheckEmail = "email"
)

// Port is one operation of a Senior web service, as one catalogue file declares it.
type Port struct {
	// Name is the documented name used on the command line and in file names
	// (setContas, GravarOrcamentos, CarregarOrcamentos_3).
	Name string `yaml:"name"`
	// Product is "g5" or "crm".
	Product string `yaml:"product"`
	// Service is the G5 service (com.senior.g5.co.mcm.ven.orcamento); empty for CRM.
	Service string `yaml:"service,omitempty"`
	// Operation is the wire element name of the request: for G5 the port element
	// (ser:CarregarOrcamentos_3), for CRM the body element (ContasDados).
	Operation string `yaml:"operation"`
	// Response is the wire element name of the answer: G5 "<Operation>Response",
	// CRM "ContasRetornoDados". Decoders match it by local name.
	Response string `yaml:"response"`
	// Version is the documented port version.
	Version int `yaml:"version"`
	// Access is "write" (changes Senior's data) or "read" (asks for data).
	Access      string `yaml:"access"`
	Description string `yaml:"description"`
	// Record is the name of the top set that holds one record inside <parameters>
	// (orcamento for GravarOrcamentos); empty when the parameters themselves are the record.
	Record string `yaml:"record,omitempty"`
	// Key lists the fields that identify a record (DESIGN.md's key table).
	Key []string `yaml:"key"`
	// Login names the CRM body fields that carry user and password, in wire order.
	Login []string `yaml:"login,omitempty"`
	// Fields are the request fields in documented wire order: G5 the children of
	// <parameters>, CRM the children of the body element after the login fields.
	Fields []*Field `yaml:"fields"`
	// Result are the answer fields in documented order (the children of <result>
	// for G5, of the answer element for CRM).
	Result []*Field `yaml:"result"`
	// Answer says which elements of an answer mean what (accepted, refused, queued, id).
	Answer Answer `yaml:"answer"`
	// OperationField is the record field that says what a write does (GravarOrcamentos'
	// tipOpe), with its codes; nil for ports whose every write is an upsert (CRM set*).
	OperationField *OperationField `yaml:"operation_field,omitempty"`
	// ReadBack names the read port that tells whether a record of this port exists, asked
	// before an include that may have landed is sent again; nil when there is none.
	ReadBack *ReadBack `yaml:"read_back,omitempty"`
	// Batch is true when several records may travel in one request.
	Batch bool `yaml:"batch,omitempty"`
	// Order places the port among the others when one run carries several ports:
	// lower goes first (categories, contas, compromissos, orçamentos).
	Order int `yaml:"order"`
	// Notes records what the catalogue had to interpret in Senior's page.
	Notes []string `yaml:"notes,omitempty"`

	source string
	dir    string // the --catalogue folder it came from; "" for a port the importer ships
}

// Answer describes a port's answer: where its parts are, and which texts mean what. Decoders
// (package soap) read answers through it, so a server that differs is one catalogue edit away.
type Answer struct {
	// Within is the element inside the answer element that holds the rest (G5: "result");
	// "" when the answer element holds them directly (CRM).
	Within string `yaml:"within,omitempty"`
	// RequestError is the element whose non-empty text refuses the request as a whole
	// (G5 erroExecucao).
	RequestError string `yaml:"request_error,omitempty"`
	// Record is the element that answers one record of a request that may carry several
	// (GravarOrcamentos' resposta); Echo lists the key fields it repeats, by which it is
	// matched to its record (compared as numbers where both are whole numbers).
	Record string   `yaml:"record,omitempty"`
	Echo   []string `yaml:"echo,omitempty"`
	// Code and Message are the elements holding the answer's code and text.
	Code    string `yaml:"code,omitempty"`
	Message string `yaml:"message,omitempty"`
	// Accepted lists the codes that mean the record was accepted (GravarOrcamentos: "0").
	Accepted []string `yaml:"accepted,omitempty"`
	// Refused is a regular expression over the code that means refused (read ports: "^-").
	Refused string `yaml:"refused,omitempty"`
	// Accept is the rule for answers without such codes (CRM): "nonempty:<element>", the
	// record is accepted when that element comes back non-empty.
	Accept string `yaml:"accept,omitempty"`
	// ID is the element holding the id Senior gave the record; "" when the record key is it.
	ID string `yaml:"id,omitempty"`
	// Exists is a regular expression over a refusal's message that means the record already
	// exists (an include of a record Senior has): the importer then reads it back.
	Exists string `yaml:"exists,omitempty"`
	// Queued is the text of Within that means an asynchronous or scheduled endpoint took the
	// request ("OK"); those modes answer nothing else.
	Queued string `yaml:"queued,omitempty"`
	// Keep keeps the whole answer (read ports): the report carries it.
	Keep bool `yaml:"keep,omitempty"`
	// RefusedLogin is a regular expression over the error text (request error, message or
	// queued text) that means the credentials were refused.
	RefusedLogin string `yaml:"refused_login"`

	refused      *regexp.Regexp
	refusedLogin *regexp.Regexp
	exists       *regexp.Regexp
}

// OperationField is a write port's field that chooses the operation, and its codes.
type OperationField struct {
	Name    string `yaml:"name"`
	Include string `yaml:"include"`
	Alter   string `yaml:"alter"`
	Delete  string `yaml:"delete"`
}

// Op is what a write does to a record.
type Op int

// Operations. OpUpsert is every write of a port without an operation field: sending it again
// is harmless.
const (
	OpUpsert Op = iota
	OpInclude
	OpAlter
	OpDelete
	OpOther // an operation field holding a code the catalogue does not name
)

// ReadBack is how to ask whether a record exists: the read port (its key fields are filled
// from the record's fields of the same names) and the answer element whose presence means
// the record is there.
type ReadBack struct {
	Port  string `yaml:"port"`
	Found string `yaml:"found"`
}

// Field is one element of a request or an answer.
type Field struct {
	Name string `yaml:"name"`
	// Type is the declared type: String, Integer, Double, DateTime or Set.
	Type string `yaml:"type"`
	// Format is Senior's format as documented: "Number(015,2)", "String(090)",
	// "Date(DD/MM/YYYY)", or empty where none is documented.
	Format string `yaml:"format,omitempty"`
	// Values is the documented list, as "code=label" pairs separated by ";".
	Values string `yaml:"values,omitempty"`
	// Required is true where the documentation says "(Obrigatório)" (or DESIGN.md demands it).
	Required    bool   `yaml:"required,omitempty"`
	Description string `yaml:"description,omitempty"`
	// Temporal marks CRM String fields that carry a date ("date") or a time ("time").
	Temporal string `yaml:"temporal,omitempty"`
	// Check names a check of a String field's text beyond its length: "cnpj", "cpf" (check
	// digits), "cep" (8 digits) or "email" (an address). Senior's pages document none of
	// these formats: the checks are the importer's, to stop a typo before a night's run.
	Check string `yaml:"check,omitempty"`
	// MoneyMark says, where a --catalogue file writes `money: true` or `money: false`,
	// whether a number field holds an amount of money (see Money); nil: by its name.
	MoneyMark *bool `yaml:"money,omitempty"`
	// Key lists, for a Set, the fields that identify one child among its siblings.
	Key []string `yaml:"key,omitempty"`
	// Fields are a Set's children in documented order.
	Fields []*Field `yaml:"fields,omitempty"`

	// Filled in by Load.
	Number *NumberFormat `yaml:"-"`
	Length int           `yaml:"-"` // String(n): at most n characters; 0 = not documented
	Date   bool          `yaml:"-"` // Date(DD/MM/YYYY) or Temporal date
	List   []ListValue   `yaml:"-"`
	Path   string        `yaml:"-"` // dotted path from the port's record ("itens.codPro")
	parent *Field
	line   int // in its file, for messages
}

// NumberFormat is a documented Number(p,s): at most p digits, s of them decimals.
type NumberFormat struct {
	Precision int
	Scale     int
}

// ListValue is one entry of a documented value list.
type ListValue struct {
	Code  string
	Label string
}

// IsSet reports whether the field is a nested set.
func (f *Field) IsSet() bool { return f.Type == TypeSet }

// Money reports whether the field holds an amount of money, which a finance team reconciles
// with its ledger: a documented number with decimals, or a Double of no documented
// Number(p,s) (valoresComplementares.vlrIvc, whose decimals are the input's), whose name
// Senior starts with vlr (valor) or pre (preço), after the usu_ of a customer's own field
// (usu_vlrfre). Quantities, percentages and codes are not money. A --catalogue file's
// `money: true` or `money: false` says it for a field named otherwise (usu_frete), or a
// field so named that is not money.
func (f *Field) Money() bool {
	if f.MoneyMark != nil {
		return *f.MoneyMark
	}
	if !f.MoneyName() {
		return false
	}
	if f.Number == nil {
		return f.Type == TypeDouble
	}
	return f.Number.Scale > 0
}

// MoneyName reports whether the field is named as Senior names money (vlr…, pre…, after a
// customer field's usu_), or marked `money: true`; whatever its format: a --catalogue port's
// amount in whole reais (Number(9)) is not a code.
func (f *Field) MoneyName() bool {
	if f.MoneyMark != nil {
		return *f.MoneyMark
	}
	n := strings.TrimPrefix(f.Name, "usu_")
	return strings.HasPrefix(n, "vlr") || strings.HasPrefix(n, "pre")
}

// Parent returns the set the field belongs to, or nil at the top.
func (f *Field) Parent() *Field { return f.parent }

// Child returns the direct child with the given name, or nil.
func (f *Field) Child(name string) *Field { return findField(f.Fields, name) }

// Catalogue is the set of known ports.
type Catalogue struct {
	ports    map[string]*Port // by lower-case name
	names    []string         // documented names, sorted
	replaced []Replaced       // embedded ports a --catalogue file took the place of
}

// Replaced is an embedded port that a --catalogue folder's file declares again, and so takes
// the place of: a newer Senior's page, or a copy of an embedded file whose name was left as it
// was. Either way it is said.
type Replaced struct {
	Dir, File, Port string
}

// Replaced lists the embedded ports that --catalogue files took the place of.
func (c *Catalogue) Replaced() []Replaced { return c.replaced }

// Unread is a field of a write port that its read-back's answer does not carry: a record
// read back after a lost answer is compared without it, so an include of a record Senior
// holds with another value there is reported ok ("já gravado").
type Unread struct {
	Port, Field, ReadPort string
}

// Unread lists, for the write ports with a read-back, the record fields (the operation field
// aside) that the read port's answer does not carry. A field a --catalogue file adds to
// GravarOrcamentos (usu_vlrfre) and not to CarregarOrcamentos' orcamento is one.
func (c *Catalogue) Unread() []Unread {
	var out []Unread
	for _, p := range c.Ports() {
		rb := c.ReadBackPort(p)
		if rb == nil {
			continue
		}
		found := findField(rb.Result, p.ReadBack.Found)
		var walk func(fields []*Field, in *Field)
		walk = func(fields []*Field, in *Field) {
			for _, f := range fields {
				var m *Field
				if in != nil {
					m = in.Child(f.Name)
				}
				path := f.Path
				if p.Record != "" {
					path = strings.TrimPrefix(path, p.Record+".")
				}
				switch {
				case m == nil && (p.OperationField == nil || path != p.OperationField.Name):
					out = append(out, Unread{Port: p.Name, Field: path, ReadPort: rb.Name})
				case f.IsSet():
					walk(f.Fields, m)
				}
			}
		}
		walk(p.RecordFields(), found)
	}
	return out
}

// Default loads the embedded catalogue.
func Default() (*Catalogue, error) {
	c, err := LoadFS(embedded, "ports")
	if err != nil {
		return nil, err
	}
	return c, c.check()
}

// Load reads the embedded catalogue and then every *.yaml file in dirs, later files
// replacing earlier ports of the same name, so a user can add or correct a port without
// recompiling.
func Load(dirs ...string) (*Catalogue, error) {
	c, err := Default()
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		if d == "" {
			continue
		}
		// The folder's own mistakes are said in words: "open .: not a directory" was all a
		// --catalogue naming a port file (not its folder) got, and a folder with no port file
		// (the folder above it, a typo) was taken as adding nothing.
		switch st, err := os.Stat(d); {
		case err != nil:
			return nil, fmt.Errorf("catalogue %s: no such folder (--catalogue names the folder that holds the port files)", d)
		case !st.IsDir():
			return nil, fmt.Errorf("catalogue %s: a file; --catalogue names the folder that holds the port files: --catalogue %s", d, filepath.Dir(d))
		}
		extra, err := LoadFS(os.DirFS(d), ".")
		if err != nil {
			return nil, fmt.Errorf("catalogue %s: %w", d, err)
		}
		if len(extra.Ports()) == 0 {
			return nil, fmt.Errorf("catalogue %s: no port file in it (*.yaml or *.yml, one port each, as templates/ports/*.yaml)", d)
		}
		for _, p := range extra.Ports() {
			if err := p.complete(); err != nil {
				return nil, fmt.Errorf("catalogue %s: %s: port %s: %w", d, p.source, p.Name, err)
			}
			if c.Port(p.Name) != nil {
				c.replaced = append(c.replaced, Replaced{Dir: d, File: p.source, Port: p.Name})
			}
			p.dir = d
			c.add(p)
		}
	}
	return c, c.check()
}

// LoadFS reads every *.yaml file under dir of fsys.
func LoadFS(fsys fs.FS, dir string) (*Catalogue, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	entries = slices.DeleteFunc(entries, func(e fs.DirEntry) bool {
		return e.IsDir() || !(strings.HasSuffix(e.Name(), ".yaml") || strings.HasSuffix(e.Name(), ".yml"))
	})
	// The files are parsed side by side: YAML decoding is most of a run's start (17 ms for the
	// embedded catalogue on two shared cores, one after the other), and every command needs it.
	// As many at once as there are cores, so that a --catalogue folder of many large files is
	// not all in memory at once.
	ports := make([]*Port, len(entries))
	errs := make([]error, len(entries))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, e := range entries {
		g.Go(func() error {
			b, err := fs.ReadFile(fsys, filepath.ToSlash(filepath.Join(dir, e.Name())))
			if err == nil {
				ports[i], err = ParsePort(b)
				if err != nil {
					err = fmt.Errorf("%s: %w", e.Name(), err)
				}
			}
			errs[i] = err
			return nil // every file's error is kept, the first in name order reported
		})
	}
	g.Wait()
	c := &Catalogue{ports: map[string]*Port{}}
	for i, p := range ports {
		if errs[i] != nil {
			return nil, errs[i] // the first file's error, in name order
		}
		p.source = entries[i].Name()
		if q := c.Port(p.Name); q != nil {
			return nil, fmt.Errorf("%s and %s both declare the port %s: one file a port", q.source, p.source, p.Name)
		}
		c.add(p)
	}
	return c, nil
}

func (c *Catalogue) add(p *Port) {
	k := strings.ToLower(p.Name)
	if _, ok := c.ports[k]; !ok {
		c.names = append(c.names, p.Name)
		sort.Strings(c.names)
	}
	c.ports[k] = p
}

// ReadBackPort returns the read port that tells whether a record of p exists, or nil.
func (c *Catalogue) ReadBackPort(p *Port) *Port {
	if p.ReadBack == nil {
		return nil
	}
	return c.Port(p.ReadBack.Port)
}

// check verifies what ties ports together: a read-back names a read port of the catalogue
// whose key fields the record has.
func (c *Catalogue) check() error {
	for _, p := range c.Ports() {
		if p.ReadBack == nil {
			continue
		}
		rb := c.Port(p.ReadBack.Port)
		if rb == nil || rb.Access != "read" {
			return fmt.Errorf("port %s: read_back port %q is not a read port of the catalogue", p.Name, p.ReadBack.Port)
		}
		for _, k := range rb.Key {
			if f := p.RecordField(k); f == nil || f.IsSet() {
				return fmt.Errorf("port %s: read_back port %s needs %s, which the record does not have", p.Name, rb.Name, k)
			}
		}
		// The element found is taken for the record only when it says the record's key: one
		// that cannot say it would settle a lost include as landed on any record's word.
		found := findField(rb.Result, p.ReadBack.Found)
		if found == nil || !found.IsSet() {
			return fmt.Errorf("port %s: read_back found %q is not a set of %s's answer", p.Name, p.ReadBack.Found, rb.Name)
		}
		for _, k := range p.Key {
			if f := found.Child(k); f == nil || f.IsSet() {
				return fmt.Errorf("port %s: read_back: %s's %s has no %s, a field of the key: the record found could not be told from another", p.Name, rb.Name, found.Name, k)
			}
		}
	}
	return nil
}

// Port returns the port with that documented name (any case), or nil.
func (c *Catalogue) Port(name string) *Port { return c.ports[strings.ToLower(name)] }

// Ports returns every port, sorted by name.
func (c *Catalogue) Ports() []*Port {
	out := make([]*Port, 0, len(c.names))
	for _, n := range c.names {
		out = append(out, c.ports[strings.ToLower(n)])
	}
	return out
}

// ParsePort parses and validates one catalogue file.
func ParsePort(b []byte) (*Port, error) {
	var p Port
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		return nil, yamlError(err, b)
	}
	if err := p.init(); err != nil {
		// The file is at fault: read again, with its fields' lines (as a yaml.Node, which would
		// double every start's parsing if done for every file), to say where.
		var q Port
		var root yaml.Node
		if yaml.Unmarshal(b, &q) == nil && yaml.Unmarshal(b, &root) == nil && len(root.Content) == 1 {
			fieldLines(q.Fields, root.Content[0], "fields")
			fieldLines(q.Result, root.Content[0], "result")
			if err := q.init(); err != nil {
				return nil, err
			}
		}
		return nil, err
	}
	return &p, nil
}

// fieldLines notes the line of each field of the list under key in the mapping m, and of
// their sets' fields, for the messages of init.
func fieldLines(fields []*Field, m *yaml.Node, key string) {
	if m.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != key || m.Content[i+1].Kind != yaml.SequenceNode {
			continue
		}
		for j, item := range m.Content[i+1].Content {
			if j < len(fields) && fields[j] != nil {
				fields[j].line = item.Line
				fieldLines(fields[j].Fields, item, "fields")
			}
		}
	}
}

// maxDigits bounds a Number(p,s)'s p: Senior documents up to 21; values computes with 200.
const maxDigits = 100

var (
	reYAMLUnknownKey = regexp.MustCompile(`^(line \d+: )field (.+) not found in type templates\.(\w+)$`)
	reYAMLWrongKind  = regexp.MustCompile("^(line \\d+: )cannot unmarshal !!(\\w+)(?: `(.*)`)? into (\\S+)$")
	reYAMLLine       = regexp.MustCompile(`^yaml: line (\d+): `)
)

// yamlKinds are the catalogue's Go types as a port file writes them.
var yamlKinds = map[string]reflect.Type{
	"Port": reflect.TypeFor[Port](), "Field": reflect.TypeFor[Field](), "Answer": reflect.TypeFor[Answer](),
	"ReadBack": reflect.TypeFor[ReadBack](), "OperationField": reflect.TypeFor[OperationField](),
}

var yamlKindNames = map[string]string{
	"Port": "a port file", "Field": "a field", "Answer": "answer",
	"ReadBack": "read_back", "OperationField": "operation_field",
}

// yamlError says a decoding error of a port file in the file's words. yaml.v3 names the Go
// types ("field lenght not found in type templates.Field", "cannot unmarshal !!str `sim` into
// bool"): a consultant writing a port file knows the keys and their values, not the types. A
// tab in the indentation, which YAML does not allow ("found character that cannot start any
// token"), is named as such.
func yamlError(err error, b []byte) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		if m := reYAMLLine.FindStringSubmatch(err.Error()); m != nil {
			n, _ := strconv.Atoi(m[1])
			lines := strings.Split(string(b), "\n")
			if n >= 1 && n <= len(lines) && strings.Contains(lines[n-1][:len(lines[n-1])-len(strings.TrimLeft(lines[n-1], " \t"))], "\t") {
				return fmt.Errorf("line %d: a tab in the indentation: YAML indents with spaces only (%w)", n, err)
			}
		}
		return err
	}
	out := make([]string, len(te.Errors))
	for i, e := range te.Errors {
		out[i] = e
		if m := reYAMLUnknownKey.FindStringSubmatch(e); m != nil {
			var keys []string
			if t, ok := yamlKinds[m[3]]; ok {
				for j := range t.NumField() {
					if k, _, _ := strings.Cut(t.Field(j).Tag.Get("yaml"), ","); k != "" && k != "-" {
						keys = append(keys, k)
					}
				}
			}
			out[i] = fmt.Sprintf("%s%s is not a key of %s (a typo, or a file for another version of the importer?); its keys are %s",
				m[1], m[2], cmp.Or(yamlKindNames[m[3]], m[3]), strings.Join(keys, ", "))
		} else if m := reYAMLWrongKind.FindStringSubmatch(e); m != nil {
			want := map[string]string{
				"bool": "true or false", "int": "a whole number", "string": "a text",
				"[]string": "a list, [a, b]", "[]*templates.Field": "a list of fields, each - {name: ..., type: ...}",
				"templates.Field":  "a field, {name: ..., type: ...}",
				"templates.Answer": "keys under it (accept: ..., id: ..., on lines of their own)", "templates.ReadBack": "{port: ..., found: ...}",
				"templates.OperationField": "{name: ..., include: ..., alter: ..., delete: ...}",
				"templates.Port":           "a port's keys, each on a line of its own (name: ..., product: ..., operation: ...)",
			}[strings.TrimPrefix(m[4], "*")]
			if want != "" {
				got := "a " + map[string]string{"seq": "list", "map": "map of keys"}[m[2]]
				if m[3] != "" || got == "a " {
					got = "`" + m[3] + "`"
				}
				out[i] = fmt.Sprintf("%s%s: write %s", m[1], got, want)
			}
		}
	}
	return errors.New(strings.Join(out, "; "))
}

var (
	reNumber = regexp.MustCompile(`^(?i)number\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$`)
	reString = regexp.MustCompile(`^(?i)string\(\s*(\d+)\s*\)$`)
	reDate   = regexp.MustCompile(`^(?i)date\(DD/MM/YYYY\)$`)
)

// reXMLName is an element name the envelope can carry: the encoder writes names as they are,
// so "usu codvend" went out as <usu codvend>, an envelope no XML parser reads.
var (
	reXMLName  = regexp.MustCompile(`^[\p{L}_][\p{L}\p{N}_.-]*$`)
	reService  = regexp.MustCompile(`^[A-Za-z0-9_.]+$`)
	rePortName = regexp.MustCompile(`^[\p{L}_][\p{L}\p{N}_]*$`)
)

func xmlNameError(what, name string) error {
	return fmt.Errorf("%s %q is not an XML element name, as it travels in the envelope: letters, digits, _, - and ., starting with a letter or _", what, name)
}

func (p *Port) init() error {
	if p.Name == "" || p.Operation == "" {
		return fmt.Errorf("port needs name and operation")
	}
	// The name starts the input files' names and names the template's sheet (Excel: at most
	// 31 characters, none of :\/?*[]): "set Contatos/2" and a 35-letter name were loaded, and
	// then neither had a template ("the sheet can not contain any of the characters").
	if !rePortName.MatchString(p.Name) || utf8.RuneCountInString(p.Name) > 31 {
		return fmt.Errorf("port name %q: letters, digits and _ only, at most 31 (a file's name starts with it, and the template's sheet is named after it)", p.Name)
	}
	for _, n := range append([]string{p.Operation, p.Response}, p.Login...) {
		if n != "" && !reXMLName.MatchString(n) {
			return fmt.Errorf("port %s: %w", p.Name, xmlNameError("element", n))
		}
	}
	if p.Service != "" && !reService.MatchString(p.Service) {
		return fmt.Errorf("port %s: service %q: letters, digits, _ and . only (com.senior.g5.co.mcm.ven.orcamento): it is part of the endpoint's path", p.Name, p.Service)
	}
	switch p.Product {
	case ProductG5, ProductCRM:
	default:
		return fmt.Errorf("port %s: product %q is neither g5 nor crm", p.Name, p.Product)
	}
	if p.Access != "write" && p.Access != "read" {
		return fmt.Errorf("port %s: access %q is neither write nor read", p.Name, p.Access)
	}
	if p.Response == "" {
		p.Response = p.Operation + "Response"
	}
	if err := p.Answer.init(); err != nil {
		return fmt.Errorf("port %s: answer: %w", p.Name, err)
	}
	if of := p.OperationField; of != nil {
		if f := p.RecordField(of.Name); f == nil || f.IsSet() {
			return fmt.Errorf("port %s: operation_field %q is not a field of the record", p.Name, of.Name)
		}
	}
	if rb := p.ReadBack; rb != nil && (rb.Port == "" || rb.Found == "") {
		return fmt.Errorf("port %s: read_back needs port and found", p.Name)
	}
	if err := initFields(p.Fields, nil, ""); err != nil {
		return fmt.Errorf("port %s: %w", p.Name, err)
	}
	if err := initFields(p.Result, nil, ""); err != nil {
		return fmt.Errorf("port %s result: %w", p.Name, err)
	}
	// Several records in one request (--batch) travel as repeats of the record set, each
	// answered by an answer record its echo matches: a batch port without a record set had
	// every request of more than one refused by Encode, its records failed one by one.
	if p.Batch {
		if r := findField(p.Fields, p.Record); p.Record == "" || r == nil || !r.IsSet() {
			return fmt.Errorf("port %s: batch: true needs record, the set that holds one record (several travel in one request as its repeats)", p.Name)
		}
		if p.Answer.Record == "" {
			return fmt.Errorf("port %s: batch: true needs answer.record, the element that answers each record of a request (matched by its echo)", p.Name)
		}
	}
	for _, l := range p.Login {
		// The login fields travel first, filled from --user and the password: a field of the
		// same name went as a second <UsuarioSenha>, a column's text in it.
		if p.Product == ProductCRM && findField(p.Fields, l) != nil {
			return fmt.Errorf("port %s: field %s is one of the login fields, which the importer fills from --user and the password: take it out of fields", p.Name, l)
		}
	}
	for _, k := range p.Key {
		if p.RecordField(k) == nil {
			return fmt.Errorf("port %s: key field %q is not a field of the record", p.Name, k)
		}
	}
	return nil
}

func initFields(fields []*Field, parent *Field, prefix string) (err error) {
	var at *Field // the field an error is of: its line is said (a port file has hundreds)
	defer func() {
		if err != nil && at != nil && at.line > 0 && !strings.HasPrefix(err.Error(), "line ") {
			err = fmt.Errorf("line %d: %w", at.line, err)
		}
	}()
	seen := map[string]string{} // foldName → name: a column finds its field so
	for i, f := range fields {
		at = f
		if f == nil || strings.TrimSpace(f.Name) == "" {
			return fmt.Errorf("field %d of %s has no name", i+1, strings.TrimSuffix(prefix, ".")+map[bool]string{true: "the port", false: ""}[prefix == ""])
		}
		if first, ok := seen[Fold(f.Name)]; ok {
			if first != f.Name {
				// A column usu_x went to the last of them, USU_X, the other never filled.
				return fmt.Errorf("field %s%s declared twice (as %s: a column names a field whatever its case, accents and _)", prefix, f.Name, first)
			}
			return fmt.Errorf("field %s%s declared twice", prefix, f.Name)
		}
		if !reXMLName.MatchString(f.Name) {
			return xmlNameError("field", prefix+f.Name)
		}
		seen[Fold(f.Name)] = f.Name
		f.parent = parent
		f.Path = prefix + f.Name
		switch f.Type {
		case TypeString, TypeInteger, TypeDouble, TypeDateTime:
		case TypeSet:
			if len(f.Fields) == 0 {
				return fmt.Errorf("set %s has no fields: write its fields under it (fields:), or give it a type of a value if it is one", f.Path)
			}
			if err := initFields(f.Fields, f, f.Path+"."); err != nil {
				return err
			}
			for _, k := range f.Key {
				if f.Child(k) == nil {
					return fmt.Errorf("set %s: key %q is not one of its fields", f.Path, k)
				}
			}
			continue
		default:
			return fmt.Errorf("field %s: unknown type %q: write String, Integer, Double, DateTime or Set (as Senior's tables write them)", f.Path, f.Type)
		}
		if err := f.initFormat(); err != nil {
			return fmt.Errorf("field %s: %w", f.Path, err)
		}
	}
	return nil
}

func (f *Field) initFormat() error {
	format := strings.TrimSpace(f.Format)
	switch {
	case format == "":
	case reNumber.MatchString(format):
		m := reNumber.FindStringSubmatch(format)
		// A count past an int (a typo of many digits) was read as the largest int, and 0 as
		// 0: String(0) was "no documented length", every text let through.
		p, err := strconv.Atoi(m[1])
		if err != nil || p < 1 || p > maxDigits {
			return fmt.Errorf("format %q: the number of digits must be from 1 to %d (Number(009,2): 9 digits, 2 of them decimals)", format, maxDigits)
		}
		s := 0
		if m[2] != "" {
			s, err = strconv.Atoi(m[2])
		}
		if err != nil || s > p {
			return fmt.Errorf("format %q: scale larger than precision", format)
		}
		f.Number = &NumberFormat{Precision: p, Scale: s}
	case reString.MatchString(format):
		n, err := strconv.Atoi(reString.FindStringSubmatch(format)[1])
		if err != nil || n < 1 {
			return fmt.Errorf("format %q: the length must be 1 or more (leave the format out where Senior documents none)", format)
		}
		f.Length = n
	case reDate.MatchString(format):
		f.Date = true
	default:
		return fmt.Errorf("format %q is not Number(p[,s]), String(n) or Date(DD/MM/YYYY)", format)
	}
	// A format that says another kind of value than the type or temporal: one of them was
	// taken, the other dropped without a word (temporal: date with Number(9,2) went as a date).
	numeric := f.Type == TypeInteger || f.Type == TypeDouble
	switch {
	case f.Date && numeric, f.Length > 0 && numeric:
		return fmt.Errorf("format %q does not fit type %s: a %s takes Number(p,s)", format, f.Type, f.Type)
	case f.Temporal != "" && (f.Type != TypeString || f.Number != nil || f.Length > 0 || f.Date):
		return fmt.Errorf("temporal %q marks a String field of no format that holds a %s; this one is %s", f.Temporal, f.Temporal, strings.TrimSpace(f.Type+" "+format))
	}
	if f.Type == TypeDateTime {
		f.Date = true
	}
	switch f.Temporal {
	case "":
	case TemporalDate:
		f.Date = true
	case TemporalTime:
	default:
		return fmt.Errorf("temporal %q is neither date nor time", f.Temporal)
	}
	list, err := ParseList(f.Values)
	if err != nil {
		return err
	}
	f.List = list
	// money marks an amount: a number, of a type or a format that says so.
	if f.MoneyMark != nil && *f.MoneyMark && (f.Number == nil && !numeric || f.Date || len(f.List) > 0) {
		return fmt.Errorf("money: true marks a number field (type Double, or a format Number(p,s)); this one is %s", strings.TrimSpace(f.Type+" "+format))
	}
	switch f.Check {
	case "":
	case CheckCNPJ, CheckCPF, CheckCEP, CheckEmail:
		if f.Type != TypeString || f.Number != nil || f.Date || f.Temporal != "" || len(f.List) > 0 {
			return fmt.Errorf("check %q applies to a String field holding text, not to a number, date or value list", f.Check)
		}
	default:
		return fmt.Errorf("check %q is none of cnpj, cpf, cep, email", f.Check)
	}
	return nil
}

// ParseList parses a documented value list "1=Incluir;2=Alterar;3=Excluir".
func ParseList(s string) ([]ListValue, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	var out []ListValue
	codes, labels := map[string]ListValue{}, map[string]ListValue{} // folded: the entry that has it
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		code, label, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("value list entry %q has no '='", part)
		}
		v := ListValue{Code: strings.TrimSpace(code), Label: strings.TrimSpace(label)}
		if v.Code == "" {
			return nil, fmt.Errorf("value list entry %q has no code before '=' (an empty value is not sent)", part)
		}
		// A code or a label twice: a cell holding it would be either value. Each folded once
		// (it was folded against every entry before it: a third of a port file's parse).
		code, label = Fold(v.Code), Fold(v.Label)
		if w, ok := codes[code]; ok {
			return nil, fmt.Errorf("value list: code %q twice (%q and %q)", v.Code, w.Code+"="+w.Label, part)
		}
		if w, ok := labels[label]; ok && v.Label != "" {
			return nil, fmt.Errorf("value list: label %q twice (codes %s and %s): a cell holding it would be either", v.Label, w.Code, v.Code)
		}
		codes[code] = v
		if v.Label != "" {
			labels[label] = v
		}
		out = append(out, v)
	}
	return out, nil
}

// RecordFields returns the fields of one record: the children of the Record set for G5
// ports that have one, else the port's fields.
func (p *Port) RecordFields() []*Field {
	if p.Record != "" {
		if r := findField(p.Fields, p.Record); r != nil {
			return r.Fields
		}
	}
	return p.Fields
}

// RecordField returns the record's field at a dotted path ("itens.codPro"), or nil.
func (p *Port) RecordField(path string) *Field {
	fields := p.RecordFields()
	var f *Field
	for _, part := range strings.Split(path, ".") {
		f = findField(fields, part)
		if f == nil {
			return nil
		}
		fields = f.Fields
	}
	return f
}

// Sets returns every nested set of the record, depth first, in documented order.
func (p *Port) Sets() []*Field {
	var out []*Field
	var walk func([]*Field)
	walk = func(fs []*Field) {
		for _, f := range fs {
			if f.IsSet() {
				out = append(out, f)
				walk(f.Fields)
			}
		}
	}
	walk(p.RecordFields())
	return out
}

func (a *Answer) init() error {
	if a.RefusedLogin != "" {
		re, err := regexp.Compile(a.RefusedLogin)
		if err != nil {
			return fmt.Errorf("refused_login: %w", err)
		}
		a.refusedLogin = re
	}
	if a.Refused != "" {
		re, err := regexp.Compile(a.Refused)
		if err != nil {
			return fmt.Errorf("refused: %w", err)
		}
		a.refused = re
	}
	if a.Exists != "" {
		re, err := regexp.Compile(a.Exists)
		if err != nil {
			return fmt.Errorf("exists: %w", err)
		}
		a.exists = re
	}
	if a.Accept != "" && a.AcceptElement() == "" {
		return fmt.Errorf("accept %q: use nonempty:<element>", a.Accept)
	}
	if a.Record != "" && len(a.Echo) == 0 {
		return fmt.Errorf("record %q needs echo (the key fields it repeats)", a.Record)
	}
	return nil
}

// complete checks that a --catalogue port says what every embedded one does: its key (reports,
// retries, the journal's exactly-once and read-back are keyed on it, DESIGN.md), a CRM port's
// login fields, and how to read its answer. A CRM port without login sent no credentials, and
// Senior's refusal stopped the run as a refused login, the user and password right; one
// without key sent every record under the key "".
func (p *Port) complete() error {
	if len(p.Key) == 0 {
		return fmt.Errorf("key is missing: name the field (or fields) that identify a record, e.g. key: [ContaIdERP], and make it required: true")
	}
	if p.Product == ProductCRM && len(p.Login) != 2 {
		return fmt.Errorf("login: name the two fields that carry user and password in every request, in their order: login: [UsuarioLogin, UsuarioSenha]")
	}
	if err := p.Answer.complete(); err != nil {
		return fmt.Errorf("answer: %w", err)
	}
	return nil
}

// complete checks that an answer says how to tell its outcomes apart, as every embedded port's
// does: a --catalogue file without answer (or with only its element names) had every answer
// taken for an acceptance, a record Senior refused and a refused login reported ok.
func (a *Answer) complete() error {
	if a.Accept == "" && a.Record == "" && a.Refused == "" && a.RequestError == "" {
		return fmt.Errorf("nothing in it tells a refused record from an accepted one, so every answer would be reported ok: " +
			"write accept: \"nonempty:idRegistro\" (the CRM set services: accepted when the answer's idRegistro comes back filled), " +
			"or request_error: erroExecucao (G5: refused when it comes back filled), as the port files of templates/ports do")
	}
	if a.Record != "" && len(a.Accepted) == 0 {
		return fmt.Errorf("record %q needs accepted (the codes that mean a record was accepted, e.g. [\"0\"])", a.Record)
	}
	if a.RefusedLogin == "" {
		return fmt.Errorf("refused_login is missing: without it a refused password does not stop the run, and every row is sent and refused; " +
			"write the expression of Senior's answer to a wrong password, e.g. refused_login: '(?i)(usu[aá]rio|senha|login|credenciais).{0,40}inv[aá]lid' (CRM) or '(?i)credenciais\\s+inv[aá]lidas' (G5)")
	}
	return nil
}

// IsLoginRefused reports whether an answer's error text means the credentials were refused.
func (a *Answer) IsLoginRefused(text string) bool {
	return a.refusedLogin != nil && text != "" && a.refusedLogin.MatchString(text)
}

// IsExists reports whether a refusal's message means the record already exists.
func (a *Answer) IsExists(message string) bool {
	return a.exists != nil && a.exists.MatchString(message)
}

// IsRefusedCode reports whether an answer code means refused (the Refused expression).
func (a *Answer) IsRefusedCode(code string) bool {
	return a.refused != nil && a.refused.MatchString(code)
}

// AcceptElement returns the element whose non-empty value means a record was accepted (the
// "nonempty:<element>" rule), or "".
func (a *Answer) AcceptElement() string {
	if f, ok := strings.CutPrefix(a.Accept, "nonempty:"); ok {
		return f
	}
	return ""
}

// OperationOf tells what a write of this port does with a record of these wire values.
func (p *Port) OperationOf(values map[string]string) Op {
	of := p.OperationField
	if of == nil {
		return OpUpsert
	}
	switch values[of.Name] {
	case of.Include:
		return OpInclude
	case of.Alter:
		return OpAlter
	case of.Delete:
		return OpDelete
	}
	return OpOther
}

// Source is the catalogue file the port came from.
func (p *Port) Source() string { return p.source }

// Path is where the port's file is: in its --catalogue folder, or, for a port the importer
// ships (Shipped), templates/ports/ of the source, embedded in the binary.
func (p *Port) Path() string {
	if p.dir == "" {
		return filepath.Join("templates", "ports", p.source)
	}
	return filepath.Join(p.dir, p.source)
}

// Shipped tells a port the importer ships (embedded), not one of a --catalogue folder.
func (p *Port) Shipped() bool { return p.dir == "" }

func findField(fields []*Field, name string) *Field {
	for _, f := range fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}
