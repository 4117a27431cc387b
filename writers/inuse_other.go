//go:build !unix

package writers

import "os"

// lockWriting does nothing where flock is not: see inuse_unix.go.
func lockWriting(*os.File) {}

// writing is never known where flock is not.
func writing(*os.File) bool { return false }
