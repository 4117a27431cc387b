//go:build !unix

package main

import (
	"errors"
	"os"
)

// mkfifo: no named pipes here (Windows): the tests that need one skip.
func mkfifo(string) error { return errors.ErrUnsupported }

func fifoWriter(string) (*os.File, error) { return nil, errors.ErrUnsupported }
