//go:build !unix

package journal

import (
	"errors"
	"os"
)

// tryLock: elsewhere there is no lock, and one run at a time per journal is the operator's to
// keep.
func tryLock(*os.File) (bool, error) { return false, errors.New("no flock on this system") }

// heldByAnother: elsewhere whether a run is going cannot be told.
func heldByAnother(*os.File) (bool, error) { return false, errors.New("no flock on this system") }
