package soap

import (
	"math/big"
	"slices"
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

// Diff names the fields of record sent that differ from held, what Senior holds as the read
// port rb answers it (ReadBack's found element), in the catalogue's order, as dotted paths
// ("vlrBru", "itens.qtdOci"). Numbers are compared as numbers ("1234.50" is "1234,5"). A field
// not sent is not compared (Senior fills fields that were not sent: its own value stands); a
// field sent that held lacks is compared as empty when rb's answer documents it (Senior leaves
// an empty element out: a quote sent with items, held with none, differs), else not compared
// (a read port need not return every field). The port's operation field is not data.
// Children of a set are paired by the set's key (see pairChildren), else in order; a key
// field held lacks, the record's or a child's, is not compared (it was matched by the key
// fields it has). An empty result: the same values.
func Diff(p, rb *templates.Port, sent, held map[string]any) []string {
	d := differ{op: operationName(p)}
	var doc []*templates.Field
	if rb != nil && p.ReadBack != nil {
		if f := fieldNamed(rb.Result, p.ReadBack.Found); f != nil {
			doc = f.Fields
		}
	}
	d.walk(p.RecordFields(), sent, held, "", doc, p.Key...) // held lacking the key: ReadBack matched it by the key fields it has
	return d.out
}

// Changed names the fields of record sent whose values differ from those an earlier run sent
// (both as the importer sends them): a field or a set only one of them has is a change, as
// an empty one on the other side.
func Changed(p *templates.Port, sent, earlier map[string]any) []string {
	d := differ{op: operationName(p), whole: true}
	d.walk(p.RecordFields(), sent, earlier, "", nil)
	return d.out
}

// differ walks a record sent beside another (held, or sent earlier), naming the fields that
// differ once each.
type differ struct {
	op    string // the port's operation field: not data
	whole bool   // both sides carry every field they have: one missing is empty
	out   []string
	seen  map[string]bool
}

func (d *differ) add(path string) {
	if d.seen == nil {
		d.seen = map[string]bool{}
	}
	if !d.seen[path] {
		d.seen[path] = true
		d.out = append(d.out, path)
	}
}

// walk compares fields of a (sent) and b at one level; doc are the fields the read port's
// answer documents at this level (nil: none known); keys are the set's key fields, by
// which children were paired.
func (d *differ) walk(fields []*templates.Field, a, b map[string]any, prefix string, doc []*templates.Field, keys ...string) {
	for _, f := range fields {
		if f.Name == d.op && prefix == "" {
			continue
		}
		av, inA := a[f.Name]
		bv, inB := b[f.Name]
		documented := fieldNamed(doc, f.Name)
		switch {
		case !inA && !inB:
			continue
		case !inA && !d.whole:
			continue // not sent: Senior's own value stands
		case !inB && !d.whole && (documented == nil || slices.Contains(keys, f.Name)):
			continue // not in the read port's answer (a child's key: it was paired by it)
		}
		path := prefix + f.Name
		if f.IsSet() {
			as, _ := av.([]any)
			bs, _ := bv.([]any)
			if len(as) == 0 && (len(bs) == 0 || !d.whole) {
				continue // none sent: Senior's own stand
			}
			pairs, ok := pairChildren(f, as, bs)
			if !ok {
				d.add(path)
				continue
			}
			var sub []*templates.Field
			if documented != nil {
				sub = documented.Fields
			}
			for _, pr := range pairs {
				d.walk(f.Fields, pr[0], pr[1], path+".", sub, f.Key...)
			}
			continue
		}
		as, _ := av.(string)
		bs, _ := bv.(string)
		if !sameField(f, as, bs) {
			d.add(path)
		}
	}
}

// sameField compares a field's two texts: numbers as numbers ("1234.50" is "1234,5"), other
// fields as trimmed text (a code is not a number: "030" and "30" are two codes, which the
// journal's fingerprint tells apart, and Senior's "30" is not the "030" sent).
func sameField(f *templates.Field, a, b string) bool {
	if f.Type == templates.TypeInteger || f.Type == templates.TypeDouble {
		return sameValue(a, b)
	}
	return strings.TrimSpace(a) == strings.TrimSpace(b)
}

func operationName(p *templates.Port) string {
	if p.OperationField != nil {
		return p.OperationField.Name
	}
	return ""
}

func fieldNamed(fields []*templates.Field, name string) *templates.Field {
	for _, f := range fields {
		if f.Name == name {
			return f
		}
	}
	return nil
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
