//go:build unix

package main

import (
	"os"
	"os/user"
	"strconv"
	"syscall"
)

// ownGroup tells a file whose group is its owner's private group: a group of the owner's
// name, the convention (user private groups) under which it holds no one else.
func ownGroup(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return false
	}
	u, err := user.LookupId(strconv.FormatUint(uint64(st.Uid), 10))
	if err != nil {
		return false
	}
	g, err := user.LookupGroupId(strconv.FormatUint(uint64(st.Gid), 10))
	return err == nil && g.Name == u.Username
}
