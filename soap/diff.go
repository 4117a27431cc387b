package soap

import (
	"math/big"
	"strings"

	"seniorimporter/templates"
)

// Tree is a record as ReadBack gives what Senior holds (element → text, sets → []any of
// map[string]any), so the two can be compared.
func (r *Record) Tree() map[string]any {
	m := make(map[string]any, len(r.Values)+len(r.Sets))
	for k, v := range r.Values {
		m[k] = v
	}
	for name, kids := range r.Sets {
		list := make([]any, len(kids))
		for i, k := range kids {
			list[i] = k.Tree()
		}
		m[name] = list
	}
	return m
}

// Diff names the fields of record sent that differ from held (what Senior holds, or what an
// earlier run sent), in the catalogue's order, as dotted paths ("vlrBru", "itens.qtdOci").
// Numbers are compared as numbers ("1234.50" is "1234,5"); only fields both carry are compared
// (a read port need not return every field, and Senior may fill fields that were not sent);
// the port's operation field is not data. Children of a set are compared in order. An empty result: the same values.
func Diff(p *templates.Port, sent, held map[string]any) []string {
	var out []string
	seen := map[string]bool{}
	skip := ""
	if p.OperationField != nil {
		skip = p.OperationField.Name
	}
	var walk func(fields []*templates.Field, a, b map[string]any, prefix string)
	walk = func(fields []*templates.Field, a, b map[string]any, prefix string) {
		for _, f := range fields {
			if f.Name == skip && prefix == "" {
				continue
			}
			av, inA := a[f.Name]
			bv, inB := b[f.Name]
			if !inA || !inB {
				continue
			}
			path := prefix + f.Name
			if f.IsSet() {
				as, _ := av.([]any)
				bs, _ := bv.([]any)
				if len(as) != len(bs) {
					if !seen[path] {
						seen[path] = true
						out = append(out, path)
					}
					continue
				}
				for i := range as {
					am, _ := as[i].(map[string]any)
					bm, _ := bs[i].(map[string]any)
					walk(f.Fields, am, bm, path+".")
				}
				continue
			}
			as, _ := av.(string)
			bs, _ := bv.(string)
			if !sameValue(as, bs) && !seen[path] {
				seen[path] = true
				out = append(out, path)
			}
		}
	}
	walk(p.RecordFields(), sent, held, "")
	return out
}

// sameValue compares two wire texts: as numbers when both are, else as trimmed text.
func sameValue(a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == b {
		return true
	}
	x, ok1 := new(big.Rat).SetString(strings.Replace(a, ",", ".", 1))
	y, ok2 := new(big.Rat).SetString(strings.Replace(b, ",", ".", 1))
	return ok1 && ok2 && x.Cmp(y) == 0
}
