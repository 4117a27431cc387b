package simulator

import (
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Fault is a kind of fault the simulator injects; its value is the name the --fault flag,
// Config.Faults and /_stats use (DESIGN.md "Simulator flags").
type Fault string

// The fault kinds, in the order AllFaults lists them.
const (
	FaultRefuseLogin Fault = "refuse_login" // the credentials are refused as if they were wrong
	FaultResetBefore Fault = "reset_before" // the connection is dropped before anything is stored
	FaultHTTP500     Fault = "http500"      // HTTP 500 with a SOAP Fault, nothing stored
	FaultHTTP503     Fault = "http503"      // HTTP 503 with Retry-After: 1, nothing stored
	FaultResetAfter  Fault = "reset_after"  // stored, then the connection is dropped
	FaultTruncated   Fault = "truncated"    // stored, then half the answer is sent
	FaultSlow        Fault = "slow"         // stored, answered Config.SlowDelay late
)

// AllFaults lists every fault kind in the order they are drawn: each request draws at most
// one, the first in this list whose rate hits, so the same seed gives the same faults.
func AllFaults() []Fault {
	return []Fault{FaultRefuseLogin, FaultResetBefore, FaultHTTP500, FaultHTTP503, FaultResetAfter, FaultTruncated, FaultSlow}
}

// ParseFault reads a fault kind by its name.
func ParseFault(name string) (Fault, error) {
	f := Fault(name)
	if !slices.Contains(AllFaults(), f) {
		return "", fmt.Errorf("%w: unknown fault %q (kinds: %s)", ErrConfig, name, faultNames())
	}
	return f, nil
}

// faultNames lists the kinds for messages and the --fault flag's help.
func faultNames() string {
	var b strings.Builder
	for i, f := range AllFaults() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(f))
	}
	return b.String()
}

// checkFaults checks Config.Faults: known kinds, rates between 0 and 1.
func checkFaults(rates map[Fault]float64) error {
	for f, rate := range rates {
		if _, err := ParseFault(string(f)); err != nil {
			return err
		}
		if !(rate >= 0 && rate <= 1) {
			return fmt.Errorf("%w: fault %s: rate %v is not between 0 and 1", ErrConfig, f, rate)
		}
	}
	return nil
}

// drawFault draws at most one fault for a request, in AllFaults order; "" is none.
func (s *Server) drawFault() Fault {
	if len(s.cfg.Faults) == 0 {
		return ""
	}
	for _, f := range AllFaults() {
		rate := s.cfg.Faults[f]
		if rate > 0 && s.float() < rate {
			s.faultsMu.Lock()
			s.faults[f]++
			s.faultsMu.Unlock()
			return f
		}
	}
	return ""
}

// strikesBefore tells the faults that leave a request unhandled.
func (f Fault) strikesBefore() bool {
	return f == FaultResetBefore || f == FaultHTTP500 || f == FaultHTTP503
}

// failBefore answers the faults that strike before a request is handled (nothing is stored)
// and reports whether it did.
func failBefore(w http.ResponseWriter, f Fault) bool {
	switch f {
	case FaultResetBefore:
		reset(w)
	case FaultHTTP500:
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, `<soapenv:Envelope xmlns:soapenv="%s"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>Erro interno simulado</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`, envelopeNS)
	case FaultHTTP503:
		w.Header().Set("Retry-After", "1")
		http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
	default:
		return false
	}
	return true
}

// deliver sends a handled request's answer as its fault lets it through: dropped, cut, late
// or whole.
func deliver(w http.ResponseWriter, r *http.Request, f Fault, answer []byte, slowDelay time.Duration) {
	switch f {
	case FaultResetAfter:
		reset(w)
		return
	case FaultTruncated:
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", len(answer))
		buf.Write(answer[:len(answer)/2])
		buf.Flush()
		conn.Close()
		return
	case FaultSlow:
		t := time.NewTimer(slowDelay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.Write(answer)
}

// reset drops the connection with a TCP RST, as a crashed server or a proxy does.
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
