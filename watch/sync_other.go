//go:build !unix

package watch

import "os"

// syncDir: Windows has no fsync of a folder (NTFS journals its entries itself); nothing to
// do.
func syncDir(*os.Root, string) error { return nil }

// syncRead: Windows flushes a file through a handle opened for writing only
// (FlushFileBuffers); a dropped file is not opened for writing, and the files the watcher
// writes are synced through their own handle (writeFile).
func syncRead(*os.File) error { return nil }
