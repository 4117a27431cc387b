//go:build !unix

package journal

// fileSizeLimit: no limit on the size of files is known here.
func fileSizeLimit() (uint64, bool) { return 0, false }
