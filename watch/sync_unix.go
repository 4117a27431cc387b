//go:build unix

package watch

import "os"

// syncDir syncs the folder dir of the drop folder r (fsync of the folder: the entries made,
// renamed or removed in it). Opened without blocking: a pipe put at its name is no folder to
// wait on.
func syncDir(r *os.Root, dir string) error {
	f, err := r.OpenFile(dir, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncRead syncs a file opened for reading: fsync takes any descriptor of the file.
func syncRead(f *os.File) error { return f.Sync() }
