//go:build !unix

package scratch

// running cannot tell here: every process is taken to run, so nothing is swept.
func running(int) bool { return true }
