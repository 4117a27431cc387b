//go:build !unix

package main

import "errors"

// mkfifo: no named pipes here (Windows): the tests that need one skip.
func mkfifo(string) error { return errors.ErrUnsupported }
