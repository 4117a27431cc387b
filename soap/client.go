package soap

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"strconv"
	"sync/atomic"
	"time"
)

// MaxAnswer bounds how much of an answer is read.
const MaxAnswer = 64 << 20

// Response is an HTTP answer read whole.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// TransportOptions tune the HTTP client of a run.
type TransportOptions struct {
	Timeout  time.Duration // one request's timeout; also bounds dialling and the TLS handshake (at most 30 s)
	Conns    int           // connections kept open per host: the most requests in flight
	CAFile   string        // PEM file of the CA that signs Senior's certificate ("" = the system's)
	Insecure bool          // skip TLS verification: explicit only, never the default
}

// NewHTTPClient builds one tuned transport for a whole run: enough idle connections for
// every request in flight, dial/TLS/response timeouts, TLS 1.2 or later verified unless
// explicitly skipped, HTTP/1.1 (Senior's SOAP stack speaks it).
func NewHTTPClient(o TransportOptions) (*http.Client, error) {
	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12}
	if o.CAFile != "" {
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return nil, fmt.Errorf("--ca-file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--ca-file %s: no certificate found", o.CAFile)
		}
		tlsConf.RootCAs = pool
	}
	if o.Insecure {
		tlsConf.InsecureSkipVerify = true // explicit --insecure only
	}
	conns := max(o.Conns, 1)
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: min(o.Timeout, 30*time.Second), KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:       tlsConf,
		TLSHandshakeTimeout:   min(o.Timeout, 30*time.Second),
		ResponseHeaderTimeout: o.Timeout,
		MaxIdleConns:          conns * 2,
		MaxIdleConnsPerHost:   conns * 2,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
		ForceAttemptHTTP2:     false,
	}
	return &http.Client{Transport: tr}, nil
}

// Client posts envelopes. HTTP is the caller's tuned client (transport, pool, TLS).
type Client struct {
	HTTP       *http.Client
	SOAPAction string // default ""
}

// Post sends env to url. written reports whether the request was completely written to the
// connection, so the caller knows a record may have landed when a fault follows. Transport
// errors, timeouts, HTTP 5xx/429 and SOAP Faults come back as *TransientError.
func (c *Client) Post(ctx context.Context, url string, env []byte) (*Response, bool, error) {
	var wrote atomic.Bool
	trace := &httptrace.ClientTrace{WroteRequest: func(i httptrace.WroteRequestInfo) {
		if i.Err == nil {
			wrote.Store(true)
		}
	}}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), http.MethodPost, url, bytes.NewReader(env))
	if err != nil {
		return nil, false, err
	}
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	req.Header.Set("SOAPAction", `"`+c.SOAPAction+`"`)
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, wrote.Load(), transportError(ctx, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxAnswer))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)) // let the connection be reused
	if err != nil {
		// Cut mid-answer: the request was written and answered, the answer is incomplete.
		if ctx.Err() != nil {
			return nil, true, &TransientError{Kind: Timeout, Status: resp.StatusCode, Err: err}
		}
		return nil, true, &TransientError{Kind: Truncated, Status: resp.StatusCode, Err: err}
	}
	r := &Response{Status: resp.StatusCode, Header: resp.Header, Body: body}
	if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests {
		te := &TransientError{Kind: HTTP, Status: resp.StatusCode, RetryAfter: retryAfter(resp.Header.Get("Retry-After")), Err: fmt.Errorf("HTTP %d", resp.StatusCode)}
		if root, perr := parse(body); perr == nil {
			if b := root.find("Body"); b != nil && len(b.kids) > 0 && b.kids[0].name == "Fault" {
				te.Kind = Fault
				te.Err = fmt.Errorf("SOAP Fault: %s", firstText(b.kids[0], "faultstring", "Text", "Reason"))
			}
		}
		return r, true, te
	}
	return r, true, nil
}

func transportError(ctx context.Context, err error) error {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || ctx.Err() == context.DeadlineExceeded || (errors.As(err, &ne) && ne.Timeout()) {
		return &TransientError{Kind: Timeout, Err: err}
	}
	if errors.Is(err, context.Canceled) {
		return err // the run is stopping: not a fault of Senior's
	}
	return &TransientError{Kind: Connection, Err: err}
}

// retryAfter reads Retry-After as seconds or an HTTP date.
func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}
