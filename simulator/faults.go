package simulator

import (
	"net"
	"net/http"
)

// Fault kinds (DESIGN.md "Simulator flags").
var FaultKinds = []string{"refuse_login", "reset_before", "http500", "http503", "reset_after", "truncated", "slow"}

func validFault(k string) bool {
	for _, f := range FaultKinds {
		if f == k {
			return true
		}
	}
	return false
}

func reset(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// drawFault draws at most one fault per request, in FaultKinds order.
func (s *Server) drawFault() string {
	if len(s.cfg.Faults) == 0 {
		return ""
	}
	for _, k := range FaultKinds {
		rate := s.cfg.Faults[k]
		if rate > 0 && s.float() < rate {
			s.faultsMu.Lock()
			s.faults[k]++
			s.faultsMu.Unlock()
			return k
		}
	}
	return ""
}
