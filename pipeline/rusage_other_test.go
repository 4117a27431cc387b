//go:build !unix

package pipeline

import "os"

// maxRSSKB cannot tell here: 0.
func maxRSSKB(*os.ProcessState) float64 { return 0 }
