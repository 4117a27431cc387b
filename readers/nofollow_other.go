//go:build !unix

package readers

// oNoFollow: elsewhere (Windows) there is no such flag; the watcher's look before it takes a
// file is the only check.
const oNoFollow = 0
