package pipeline

import (
	"seniorimporter/templates"
	"seniorimporter/values"
	"strings"
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
