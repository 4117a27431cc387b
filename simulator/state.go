package simulator

import (
	"bufio"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// record is what the simulator keeps of an accepted record.
type record struct {
	Values map[string]string
	Sets   map[string][]*record
}

// Stored is a kept record, as /_records and Records show it.
type Stored struct {
	Key    string              `json:"key"`
	Values map[string]string   `json:"values"`
	Sets   map[string][]Stored `json:"sets,omitempty"`
}

func (r *record) stored(key string) Stored {
	s := Stored{Key: key, Values: r.Values}
	for name, kids := range r.Sets {
		if s.Sets == nil {
			s.Sets = map[string][]Stored{}
		}
		for _, k := range kids {
			s.Sets[name] = append(s.Sets[name], k.stored(""))
		}
	}
	return s
}

func fromStored(s Stored) *record {
	r := &record{Values: s.Values, Sets: map[string][]*record{}}
	if r.Values == nil {
		r.Values = map[string]string{}
	}
	for name, kids := range s.Sets {
		for _, k := range kids {
			r.Sets[name] = append(r.Sets[name], fromStored(k))
		}
	}
	return r
}

// quoteKey is codEmp/numOct/verOct compared as numbers, as Senior keys a quote.
func quoteKey(v map[string]string) string {
	parts := make([]string, 3)
	for i, k := range []string{"codEmp", "numOct", "verOct"} {
		n, ok := new(big.Int).SetString(strings.TrimSpace(v[k]), 10)
		if ok {
			parts[i] = n.String()
		} else {
			parts[i] = strings.TrimSpace(v[k])
		}
	}
	return strings.Join(parts, "/")
}

// state is everything the simulator accepted; guarded by Server.mu.
type state struct {
	Quotes map[string]*record            // GravarOrcamentos by quoteKey
	CRM    map[string]map[string]*record // CRM port → id → record
}

func newState() *state {
	return &state{Quotes: map[string]*record{}, CRM: map[string]map[string]*record{}}
}

func (k *state) count() int64 {
	n := len(k.Quotes)
	for _, m := range k.CRM {
		n += len(m)
	}
	return int64(n)
}

type stateFile struct {
	Quotes map[string]Stored            `json:"quotes"`
	CRM    map[string]map[string]Stored `json:"crm"`
}

func (k *state) save(path string) error {
	f := stateFile{Quotes: map[string]Stored{}, CRM: map[string]map[string]Stored{}}
	for key, r := range k.Quotes {
		f.Quotes[key] = r.stored(key)
	}
	for port, m := range k.CRM {
		f.CRM[port] = map[string]Stored{}
		for id, r := range m {
			f.CRM[port][id] = r.stored(id)
		}
	}
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".state-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// change is a line of the state file's change log (FILE.changes): a record a request stored
// or deleted, appended before the request is answered. The state file itself is written on
// exit, and at a start that finds a change log (New folds it in, then begins the log again
// empty); without the log, a simulator killed (SIGKILL, out of memory) had lost every record
// it acknowledged since it started, which the importer's journal then skipped as imported.
// Port is empty for a quote (kept by its key alone), else the CRM port.
type change struct {
	Port    string  `json:"port,omitempty"`
	Key     string  `json:"key"`
	Deleted bool    `json:"deleted,omitempty"`
	Record  *Stored `json:"record,omitempty"`
}

func changesPath(path string) string { return path + ".changes" }

func ptrStored(s Stored) *Stored { return &s }

// apply replays one change.
func (k *state) apply(c change) {
	switch {
	case c.Port == "" && c.Deleted:
		delete(k.Quotes, c.Key)
	case c.Port == "":
		k.Quotes[c.Key] = fromStored(*c.Record)
	default:
		if k.CRM[c.Port] == nil {
			k.CRM[c.Port] = map[string]*record{}
		}
		k.CRM[c.Port][c.Key] = fromStored(*c.Record)
	}
}

func loadState(path string) (*state, error) {
	kept := newState()
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	if err == nil {
		var f stateFile
		if err := json.Unmarshal(b, &f); err != nil {
			return nil, err
		}
		for key, s := range f.Quotes {
			kept.Quotes[key] = fromStored(s)
		}
		for port, m := range f.CRM {
			kept.CRM[port] = map[string]*record{}
			for id, s := range m {
				kept.CRM[port][id] = fromStored(s)
			}
		}
	}
	// The changes since the state file was written, when the last simulator was killed.
	lf, err := os.Open(changesPath(path))
	if os.IsNotExist(err) {
		return kept, nil
	}
	if err != nil {
		return nil, err
	}
	defer lf.Close()
	sc := bufio.NewScanner(lf)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var c change
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil || (!c.Deleted && c.Record == nil) {
			break // a line cut by a crash: its request was never answered
		}
		kept.apply(c)
	}
	if err := sc.Err(); err != nil && !errors.Is(err, bufio.ErrTooLong) {
		return nil, err
	}
	return kept, nil
}

func sortedStored(m map[string]*record) []Stored {
	out := make([]Stored, 0, len(m))
	for k, r := range m {
		out = append(out, r.stored(k))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
