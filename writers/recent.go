package writers

import "slices"

// recent is the files a writer holds open, the one written last at the end: past openParts,
// the least recently written is parked (closed until written again). The workbooks' parts and
// the re-import's CSV files keep the same rule through it.
type recent[T comparable] []T

// use makes x the most recently written. When that makes more than openParts, it takes the
// least recent one out of the list and returns it, for the caller to park.
func (r *recent[T]) use(x T) (parked T, ok bool) {
	s := *r
	if n := len(s); n > 0 && s[n-1] == x {
		return parked, false
	}
	s = append(slices.DeleteFunc(s, func(y T) bool { return y == x }), x)
	if len(s) > openParts {
		parked, ok = s[0], true
		s = slices.Delete(s, 0, 1)
	}
	*r = s
	return parked, ok
}

// drop takes x out of the list (it was parked or closed).
func (r *recent[T]) drop(x T) {
	*r = slices.DeleteFunc(*r, func(y T) bool { return y == x })
}
