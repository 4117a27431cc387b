package soap

// Record is one checked record ready for the wire: every value already in Senior's exact
// text (normalised and checked upstream), sets as ordered lists of child records. The encoder
// walks the catalogue, not the map, so fields always go out in documented order and a value
// the catalogue does not know is never sent.
type Record struct {
	// Values maps a field name to its wire text. Empty text means "absent": it is omitted.
	Values map[string]string
	// Sets maps a set's name to its children, in input order.
	Sets map[string][]*Record
}

// NewRecord returns an empty record.
func NewRecord() *Record {
	return &Record{Values: map[string]string{}, Sets: map[string][]*Record{}}
}

// Set stores a value.
func (r *Record) Set(name, value string) { r.Values[name] = value }

// Add appends a child to a set and returns it.
func (r *Record) Add(set string) *Record {
	c := NewRecord()
	r.Sets[set] = append(r.Sets[set], c)
	return c
}
