package pipeline

import (
	"seniorimporter/templates"
	"seniorimporter/values"
	"sort"
	"strings"
	"unicode"
)

// scope is the set of fields a sheet's bare headers may name: the record's fields (record
// sheet) or one set's fields (a set's own sheet).
type scope struct {
	port   *templates.Port
	set    *templates.Field // nil: the record
	fields []*templates.Field
	byName map[string]*templates.Field // normalised name → field
	byDesc map[string]*templates.Field // normalised description → field, unambiguous ones only
}

func newScope(p *templates.Port, set *templates.Field) *scope {
	s := &scope{port: p, set: set, byName: map[string]*templates.Field{}, byDesc: map[string]*templates.Field{}}
	if set == nil {
		s.fields = p.RecordFields()
	} else {
		s.fields = set.Fields
	}
	ambiguous := map[string]bool{}
	for _, f := range s.fields {
		s.byName[values.Fold(f.Name)] = f
		if f.Description == "" {
			continue
		}
		d := values.Fold(strings.TrimSuffix(strings.TrimSpace(f.Description), "."))
		if _, dup := s.byDesc[d]; dup || ambiguous[d] {
			delete(s.byDesc, d)
			ambiguous[d] = true
			continue
		}
		s.byDesc[d] = f
	}
	for d := range s.byDesc {
		if _, clash := s.byName[d]; clash {
			delete(s.byDesc, d)
		}
	}
	return s
}

// lookup finds the field a header names in this scope: its own name, a dotted path through
// sets, or an unambiguous description.
func (s *scope) lookup(header string) *templates.Field {
	n := strings.TrimSpace(header)
	if strings.Contains(n, ".") {
		parts := strings.Split(n, ".")
		sc := s
		var f *templates.Field
		for i, part := range parts {
			f = sc.byName[values.Fold(part)]
			if f == nil {
				return nil
			}
			if i < len(parts)-1 {
				if !f.IsSet() {
					return nil
				}
				sc = newScope(s.port, f)
			}
		}
		if f.IsSet() {
			return nil
		}
		return f
	}
	k := values.Fold(n)
	if f := s.byName[k]; f != nil && !f.IsSet() {
		return f
	}
	if f := s.byDesc[values.Fold(strings.TrimSuffix(n, "."))]; f != nil && !f.IsSet() {
		return f
	}
	return nil
}

// relPath is a field's dotted path from the port's record ("itens.codPro"; "codEmp").
func relPath(p *templates.Port, f *templates.Field) string {
	if p.Record != "" {
		return strings.TrimPrefix(f.Path, p.Record+".")
	}
	return f.Path
}

// setPath is the dotted path of the set a field belongs to, "" for the record.
func setPath(p *templates.Port, f *templates.Field) string {
	par := f.Parent()
	if par == nil || (p.Record != "" && par.Path == p.Record) {
		return ""
	}
	return relPath(p, par)
}

// findSet finds a set of the port by its name (any case, accents), at any depth.
func findSet(p *templates.Port, name string) *templates.Field {
	k := values.Fold(name)
	for _, s := range p.Sets() {
		if values.Fold(s.Name) == k {
			return s
		}
	}
	return nil
}

// A header that names no field gets suggestions: the fields it may have meant.
const (
	maxSuggestions  = 3
	suggestSpread   = 0.15 // suggestions score within this of the best
	nameSimilar     = 0.7  // edit similarity of folded names that makes a suggestion
	wordsShared     = 0.5  // share of the header's words found in a description that does
	abbreviationPts = 0.25 // bonus of a name that abbreviates the header (vlrBru, "Valor bruto")
	maxCompared     = 100  // characters of a header compared (a header may be 32,767 long)
)

// suggest returns the fields a header that names none may have meant, best first, each as
// "name (description)": fields whose folded name is near the header's (edit distance), whose
// name abbreviates it (vlrBru for "Valor bruto": its letters in order, from the first), or
// whose description shares most of its words ("Soma dos valores brutos dos itens"). On the
// record sheet the fields of its sets count too, by their dotted path.
func (s *scope) suggest(header string) []string {
	h := []rune(alnum(header))
	if len(h) > maxCompared {
		h = h[:maxCompared]
	}
	hw := words(header)
	type cand struct {
		f     *templates.Field
		label string
		score float64
		order int
	}
	var cands []cand
	var walk func(fields []*templates.Field, prefix string)
	walk = func(fields []*templates.Field, prefix string) {
		for _, f := range fields {
			if f.IsSet() {
				if s.set == nil {
					walk(f.Fields, prefix+f.Name+".")
				}
				continue
			}
			n := []rune(alnum(f.Name))
			sim := 1 - float64(values.Levenshtein(h, n))/float64(max(len(h), len(n), 1))
			// The header's words found in the field's description, or in the words of its
			// name ("Descrição" in CategoriaDespesaDescricao: the CRM's fields have no
			// description, and their names are words joined).
			shared := max(wordsFound(hw, words(f.Description)), wordsFound(hw, nameWords(f.Name)))
			abbr := abbreviates(n, h)
			if sim < nameSimilar && shared < wordsShared && !abbr {
				continue
			}
			score := max(sim, shared)
			if abbr {
				score += abbreviationPts
			}
			label := prefix + f.Name
			if d := strings.TrimSuffix(strings.TrimSpace(f.Description), "."); d != "" {
				label += " (" + clipRunes(d, 80) + ")"
			}
			cands = append(cands, cand{f, label, score, len(cands)})
		}
	}
	walk(s.fields, "")
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	var out []string
	for _, c := range cands {
		if len(out) == maxSuggestions || c.score < cands[0].score-suggestSpread {
			break
		}
		out = append(out, c.label)
	}
	return out
}

// alnum is a name's comparison form: Fold, then letters and digits only.
func alnum(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, values.Fold(s))
}

// words are a text's words of three letters or more, folded, without the small words of
// Portuguese that carry no meaning here.
func words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		w = values.Fold(w)
		if len([]rune(w)) < 3 || stopWord(w) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// wordsFound is the share of hw found among ws.
func wordsFound(hw, ws []string) float64 {
	if len(hw) == 0 {
		return 0
	}
	hits := 0
	for _, a := range hw {
		for _, b := range ws {
			if sameWord(a, b) {
				hits++
				break
			}
		}
	}
	return float64(hits) / float64(len(hw))
}

// nameWords is a field name's words as words gives them: CategoriaDespesaEmpresaId →
// categoria, despesa, empresa (Id is too short to tell anything).
func nameWords(name string) []string {
	var b strings.Builder
	prev := ' '
	for _, r := range name {
		if unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)) {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
		prev = r
	}
	return words(b.String())
}

func stopWord(w string) bool {
	switch w {
	case "dos", "das", "para", "com", "que", "por", "uma", "the", "and", "for":
		return true
	}
	return false
}

// sameWord: equal, one the start of the other (valor, valores), or one letter apart.
func sameWord(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) >= 4 && len(rb) >= 4 && (strings.HasPrefix(a, b) || strings.HasPrefix(b, a)) {
		return true
	}
	return len(ra) >= 5 && len(rb) >= 5 && values.Levenshtein(ra, rb) <= 1
}

// abbreviates reports whether name's letters appear in header in order, from its first letter,
// with some left out: Senior's names abbreviate descriptions (vlrBru, codPro).
func abbreviates(name, header []rune) bool {
	if len(name) < 3 || len(header) <= len(name) || name[0] != header[0] {
		return false
	}
	i := 0
	for _, r := range header {
		if i < len(name) && r == name[i] {
			i++
		}
	}
	return i == len(name)
}

// clipRunes cuts s at n characters, marking the cut with "…".
func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
