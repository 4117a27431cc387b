package soap

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/semaphore"
)

// Response is an HTTP answer read whole.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// held is what Body holds of the client's Budget until Release.
	held int64
	c    *Client
}

// Release gives back to the client's Budget what the answer holds of it. Call it once the
// answer is decoded: a body counts against the budget until then, so that answers waiting to
// be decoded are bounded too. Calling it again, or on nil, does nothing.
func (r *Response) Release() {
	if r != nil && r.c != nil {
		r.c.giveBack(r.held)
		r.held, r.c = 0, nil
	}
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
		Proxy:                  http.ProxyFromEnvironment,
		DialContext:            (&net.Dialer{Timeout: min(o.Timeout, 30*time.Second), KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:        tlsConf,
		TLSHandshakeTimeout:    min(o.Timeout, 30*time.Second),
		ResponseHeaderTimeout:  o.Timeout,
		MaxIdleConns:           conns * 2,
		MaxIdleConnsPerHost:    conns * 2,
		IdleConnTimeout:        90 * time.Second,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: MaxAnswerHeader,
		ForceAttemptHTTP2:      false,
	}
	return &http.Client{Transport: tr, CheckRedirect: noRedirect}, nil
}

// MaxAnswerHeader bounds an answer's header block. Go's default (10 MiB) is outside every
// other bound on an answer: a server that sent endless headers held some 8 MB per request in
// flight (64 workers: 564 MB, where endless bodies stay under 300 MB; 93 MB with this cap).
// Senior's headers, and a proxy's cookies, are a few KiB (nginx refuses an upstream's past
// its 4-8 KiB proxy_buffer_size).
const MaxAnswerHeader = 256 << 10

// noRedirect stops a client at a redirect: a SOAP endpoint has no reason to redirect, and
// Post reports it (*RedirectError) instead of posting the envelope again elsewhere.
func noRedirect(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}

// DefaultMaxAnswer is how much of an answer is read unless the run says otherwise
// (--max-answer): enough for any answer of Senior's, small enough that 64 requests in flight
// stay under a few hundred MB even if every answer were endless.
const DefaultMaxAnswer = 16 << 20

// Client posts envelopes. HTTP is the caller's tuned client (transport, pool, TLS; built by
// NewHTTPClient, which never follows a redirect).
type Client struct {
	HTTP       *http.Client
	SOAPAction string // default ""
	MaxAnswer  int64  // bytes of an answer read at most; 0 = DefaultMaxAnswer
	// Budget bounds the bytes held by the answers being read at once, past the first 64 KiB
	// of each (nil: no bound): an answer that grows past them takes its declared length, or
	// MaxAnswer, from it, so it must hold at least MaxAnswer.
	Budget *semaphore.Weighted
}

// read reads an answer of at most limit bytes; declared is its Content-Length (-1 when it
// says none), which sizes the buffer at once. The first 64 KiB (any answer of Senior's but a
// large read-back) cost nothing; an answer that goes past them takes its worth (its declared
// length, or a whole answer's, limit) from the client's Budget, shared by every request in
// flight, before it reads on: however many answers are endless at once, they hold no more than
// the budget together. (It takes that at once: answers holding parts of the budget while each
// waits for more would wait for ever.) held is what it took, for giveBack, error or not.
func (c *Client) read(ctx context.Context, r io.Reader, limit, declared int64) (body []byte, held int64, err error) {
	const free = 64 << 10
	size := int64(512)
	if declared >= 0 && declared < limit {
		size = declared + 1 // +1: the end is seen without growing
	}
	for {
		if size > free && c.Budget != nil && held < min(size, limit) {
			c.giveBack(held) // nothing is held while waiting
			held = 0
			if err := c.Budget.Acquire(ctx, min(size, limit)); err != nil {
				return nil, 0, err
			}
			held = min(size, limit)
		}
		// Room for the whole answer past the free part: growing by doubling would hold the
		// old buffer and the new one together, half as much again as the budget counts.
		next := make([]byte, len(body), size)
		copy(next, body)
		body = next
		for len(body) < cap(body) {
			n, err := r.Read(body[len(body):cap(body)])
			body = body[:len(body)+n]
			if int64(len(body)) > limit {
				return nil, held, errTooLarge
			}
			if err == io.EOF {
				return body, held, nil
			}
			if err != nil {
				return nil, held, err
			}
		}
		if size = 2 * size; size > free {
			size = limit + 1
		}
	}
}

// giveBack returns to the budget what read took.
func (c *Client) giveBack(held int64) {
	if c.Budget != nil && held > 0 {
		c.Budget.Release(held)
	}
}

var errTooLarge = errors.New("answer too large")

// Post sends env to url and reads the answer; the caller Releases it once decoded. Every
// failure is typed: *TransientError for passing faults (transport errors, timeouts, truncated
// answers, HTTP 5xx and 429 and SOAP Faults), *InterruptedError when ctx was cancelled,
// *RedirectError, *CertificateError, *RequestTooLargeError and *AnswerTooLargeError for what
// retrying cannot fix; Written(err) tells whether the request had been written whole, so
// that the record may have landed.
func (c *Client) Post(ctx context.Context, url string, env []byte) (*Response, error) {
	var wrote atomic.Bool
	trace := &httptrace.ClientTrace{WroteRequest: func(i httptrace.WroteRequestInfo) {
		if i.Err == nil {
			wrote.Store(true)
		}
	}}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), http.MethodPost, url, bytes.NewReader(env))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "text/xml; charset=utf-8")
	req.Header.Set("SOAPAction", `"`+c.SOAPAction+`"`)
	req.Header.Set("Accept-Encoding", "gzip") // read by decoded, not by the transport
	hc := http.Client{}
	if c.HTTP != nil {
		hc = *c.HTTP
	}
	hc.CheckRedirect = noRedirect // whatever client the caller gave
	resp, err := hc.Do(req)
	if err != nil {
		return nil, transportError(ctx, err, wrote.Load())
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return nil, &RedirectError{Status: resp.StatusCode, Location: resp.Header.Get("Location")}
	}
	if resp.StatusCode == http.StatusRequestEntityTooLarge {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)) // let the connection be reused
		return nil, &RequestTooLargeError{Size: len(env)}
	}
	limit := c.MaxAnswer
	if limit <= 0 {
		limit = DefaultMaxAnswer
	}
	if resp.ContentLength > limit {
		return nil, &AnswerTooLargeError{Limit: limit}
	}
	// A 5xx or 429 is Senior failing or busy, with the wait it asks for, whatever its body:
	// the body only tells a SOAP Fault. One that could not be read (compressed in a way not
	// read, a corrupt gzip, cut short) was not_xml or truncated, its Retry-After lost.
	busy := resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests
	unread := func() *TransientError {
		return &TransientError{Kind: HTTP, Status: resp.StatusCode, RetryAfter: retryAfter(resp.Header.Get("Retry-After")), Written: true, Err: fmt.Errorf("HTTP %d", resp.StatusCode)}
	}
	answer, declared, err := decoded(resp)
	if err != nil {
		if busy {
			return nil, unread()
		}
		return nil, &TransientError{Kind: NotXML, Status: resp.StatusCode, Written: true, Err: err}
	}
	body, held, err := c.read(ctx, answer, limit, declared)
	kept := false // an answer returned keeps its budget until Release
	defer func() {
		if !kept {
			c.giveBack(held)
		}
	}()
	if errors.Is(err, errTooLarge) {
		return nil, &AnswerTooLargeError{Limit: limit}
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)) // let the connection be reused
	if err != nil {
		// Cut mid-answer: the request was written and answered, the answer is incomplete.
		switch {
		case errors.Is(ctx.Err(), context.Canceled):
			return nil, &InterruptedError{Written: true, Err: err}
		case ctx.Err() != nil:
			return nil, &TransientError{Kind: Timeout, Status: resp.StatusCode, Written: true, Err: err}
		case busy:
			return nil, unread()
		}
		return nil, &TransientError{Kind: Truncated, Status: resp.StatusCode, Written: true, Err: err}
	}
	root, ctype := rootPart(body, resp.Header.Get("Content-Type"))
	body = inCharset(root, ctype)
	r := &Response{Status: resp.StatusCode, Header: resp.Header, Body: body}
	if busy {
		te := unread()
		if root, perr := parse(body); perr == nil {
			if b := root.find("Body"); b != nil && len(b.kids) > 0 && b.kids[0].name == "Fault" {
				te.Kind = Fault
				te.Err = &FaultError{Text: firstText(b.kids[0], "faultstring", "Text", "Reason")}
			}
		}
		return r, te // an error: its budget is given back now
	}
	r.held, r.c, kept = held, c, true
	return r, nil
}

// decoded is an answer's body as its Content-Encoding says to read it, and the length it
// declares (-1 when compressed: the header gives the compressed length). Post asks for gzip
// and reads it here, not in Go's transport: a proxy that labels a plain answer gzip (or
// deflate) had it refused, "a resposta do Senior veio cortada (gzip: invalid header)", every
// record left unknown; an answer that starts as XML, not as the compressed format it names,
// is read as it is. Deflate, which a server or a proxy may send all the same (IIS, Apache's
// mod_deflate), was read as the compressed bytes: the address was taken for no Senior at its
// first answer and the run stopped, the stored record "não enviado". Other encodings are
// refused, saying which (no retry reads them).
func decoded(resp *http.Response) (io.Reader, int64, error) {
	enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
	if enc == "" || enc == "identity" {
		return resp.Body, resp.ContentLength, nil
	}
	br := bufio.NewReader(resp.Body)
	h, _ := br.Peek(64)
	// An empty answer is read as empty whatever its label (a 503 with its Retry-After, say:
	// read as gzip it was not_xml "EOF", as deflate truncated, its wait lost), and XML, or
	// its UTF-8 byte-order mark, as it is, after blanks too ("\r\n<?xml", as a JSP writes
	// it: read as gzip it was not_xml "unexpected EOF").
	if t := bytes.TrimLeft(h, " \t\r\n"); len(h) == 0 || len(t) > 0 && (t[0] == '<' || t[0] == 0xef) {
		return br, resp.ContentLength, nil
	}
	switch enc {
	case "deflate":
		// zlib's format, as HTTP says, or raw deflate, as some servers send: told apart by
		// zlib's two-byte header, as browsers do.
		if len(h) >= 2 && h[0]&0x0f == 8 && (uint16(h[0])<<8|uint16(h[1]))%31 == 0 {
			zr, err := zlib.NewReader(br)
			return zr, -1, err
		}
		return flate.NewReader(br), -1, nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(br)
		return zr, -1, err
	}
	return nil, -1, fmt.Errorf("answer compressed as %q (Content-Encoding), which the importer does not read", enc)
}

// rootPart is the SOAP envelope of an answer packaged as MIME parts (multipart/related: MTOM
// and SOAP with attachments, what Metro, CXF and Axis2 send when the service has it on) and the
// part's Content-Type, or the answer and its Content-Type as they are. The envelope is the
// part the start parameter names, else the first. Read as it came, the first such answer was
// taken for a page that is no Senior's ("o texto \"--uuid:...\""): the run stopped, the record
// stored reported "não enviado".
func rootPart(body []byte, contentType string) ([]byte, string) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/related" || params["boundary"] == "" {
		return body, contentType
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for range 100 {
		part, err := mr.NextPart()
		if err != nil {
			break
		}
		if start := params["start"]; start != "" && strings.TrimSpace(part.Header.Get("Content-ID")) != start {
			continue
		}
		root, err := io.ReadAll(part)
		if err != nil {
			break
		}
		return root, part.Header.Get("Content-Type")
	}
	return body, contentType
}

func transportError(ctx context.Context, err error, written bool) error {
	var ne net.Error
	switch {
	case certificateProblem(err):
		return &CertificateError{Err: err}
	case errors.Is(ctx.Err(), context.Canceled):
		return &InterruptedError{Written: written, Err: err} // the run is stopping: not a fault of Senior's
	case errors.Is(err, context.DeadlineExceeded) || ctx.Err() == context.DeadlineExceeded || (errors.As(err, &ne) && ne.Timeout()):
		return &TransientError{Kind: Timeout, Written: written, Err: err}
	}
	if nt := notTLS(err); nt != nil {
		return &TransientError{Kind: Connection, Written: written, Err: nt}
	}
	if nh := notHTTP(err); nh != nil {
		return &TransientError{Kind: Connection, Written: written && !nh.TLS, Err: nh}
	}
	return &TransientError{Kind: Connection, Written: written, Err: err}
}

// retryAfter reads Retry-After as seconds or an HTTP date.
func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		// Bounded before it is multiplied: 18446744074 seconds overflowed to 290 ms, and a
		// server that asked for a long wait was asked again at once. (The sender waits five
		// minutes at most.)
		return time.Duration(min(n, 1<<30)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}
