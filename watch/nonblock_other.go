//go:build !unix

package watch

// nonBlock: no pipes to wait on here.
const nonBlock = 0
