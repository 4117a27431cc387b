//go:build !unix

package journal

import (
	"errors"
	"os"
)

// tryLock: elsewhere there is no lock, and one run at a time per journal is the operator's to
// keep.
func tryLock(*os.File) (bool, error) { return false, errors.New("no flock on this system") }
