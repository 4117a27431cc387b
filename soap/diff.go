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
// the port's operation field is not data. Children of a set are paired by the set's key
// (see pairChildren), else in order. An empty result: the same values.
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
				pairs, ok := pairChildren(f, as, bs)
				if !ok {
					if !seen[path] {
						seen[path] = true
						out = append(out, path)
					}
					continue
				}
				for _, pr := range pairs {
					walk(f.Fields, pr[0], pr[1], path+".")
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

// pairChildren pairs the children of set f that were sent with those held: by the set's key
// (a quote's items by seqOci, in whatever order Senior gives them back: a sheet sorted by
// product sends them out of order, and Senior keeps them by sequence), or in order when the
// set has none, or a child lacks it or shares it. ok is false when the two do not pair up:
// another count, or a key that only one side has.
func pairChildren(f *templates.Field, as, bs []any) (pairs [][2]map[string]any, ok bool) {
	if len(as) != len(bs) {
		return nil, false
	}
	am, bm := childMaps(as), childMaps(bs)
	bk := childKeys(f, bm)
	if bk == nil || childKeys(f, am) == nil {
		for i := range am {
			pairs = append(pairs, [2]map[string]any{am[i], bm[i]})
		}
		return pairs, true
	}
	for _, a := range am { // in the order sent: the fields that differ are named in order
		k, _ := childKey(f, a)
		b, found := bk[k]
		if !found {
			return nil, false
		}
		pairs = append(pairs, [2]map[string]any{a, b})
	}
	return pairs, true
}

func childMaps(l []any) []map[string]any {
	out := make([]map[string]any, len(l))
	for i, v := range l {
		out[i], _ = v.(map[string]any)
	}
	return out
}

// childKeys maps each child of set f by its key's values (numbers as numbers: 0001 is 1);
// nil when the set has no key, or a child lacks it or shares it with another.
func childKeys(f *templates.Field, children []map[string]any) map[string]map[string]any {
	if len(f.Key) == 0 {
		return nil
	}
	out := make(map[string]map[string]any, len(children))
	for _, c := range children {
		k, ok := childKey(f, c)
		if _, twice := out[k]; !ok || twice {
			return nil
		}
		out[k] = c
	}
	return out
}

// childKey is a child's key values, numbers as numbers; false when it lacks one.
func childKey(f *templates.Field, c map[string]any) (string, bool) {
	var k strings.Builder
	for _, name := range f.Key {
		v, ok := c[name].(string)
		if !ok {
			return "", false
		}
		if n, ok := new(big.Rat).SetString(strings.TrimSpace(v)); ok {
			v = n.RatString()
		}
		k.WriteString(v + "\x00")
	}
	return k.String(), true
}

// sameValue compares two wire texts: as numbers when both are, else as trimmed text.
func sameValue(a, b string) bool { return CompareValues(a, b) == 0 }

// CompareValues orders two wire texts: as numbers when both are (2 before 10, "1234.50" and
// "1234,5" the same), else as trimmed text.
func CompareValues(a, b string) int {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == b {
		return 0
	}
	x, ok1 := new(big.Rat).SetString(strings.Replace(a, ",", ".", 1))
	y, ok2 := new(big.Rat).SetString(strings.Replace(b, ",", ".", 1))
	if ok1 && ok2 {
		return x.Cmp(y)
	}
	return strings.Compare(a, b)
}
