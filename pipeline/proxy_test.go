package pipeline

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"seniorimporter/outcome"
)

// A request that goes through a proxy and fails there says so, with the proxy (its password
// hidden) and the variable that names it: a proxy that refuses, times out or answers 502 was
// blamed on Senior alone. A Senior reached without a proxy says nothing of one.
func TestRunPassingFaultNamesTheProxy(t *testing.T) {
	e := startSim(t, nil, nil)
	gateway := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "502 Bad Gateway", http.StatusBadGateway)
	}))
	defer gateway.Close()
	refused := httptest.NewServer(http.NotFoundHandler())
	refused.Close() // nothing listens there now
	for _, c := range []struct {
		name, proxy, want string
	}{
		{"bad gateway", gateway.URL, "o Senior respondeu HTTP 502"},
		{"refused", refused.URL, "sem conexão com o Senior"},
		{"none", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := e.settings(dir, categorias(t, dir, 3, 0))
			cfg.Retries, cfg.GiveUpAfter = 1, 2*time.Second
			tr := &http.Transport{}
			if c.proxy != "" {
				u, err := url.Parse(c.proxy)
				if err != nil {
					t.Fatal(err)
				}
				u.User = url.UserPassword("integra", "proxy-s3cret")
				tr.Proxy = http.ProxyURL(u)
			}
			defer tr.CloseIdleConnections()
			cfg.HTTPClient = &http.Client{Transport: tr}
			_, err := Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			lines := readJSONL(t, cfg.Reports[0])
			if len(lines) != 3 {
				t.Fatalf("%d report lines, want 3", len(lines))
			}
			for _, l := range lines {
				if c.proxy == "" {
					if l.Outcome != outcome.OK || strings.Contains(l.Message, "proxy") {
						t.Fatalf("row %d: %s %q: want ok, no proxy named", l.Row, l.Outcome, l.Message)
					}
					continue
				}
				hidden := strings.Replace(c.proxy, "://", "://integra:xxxxx@", 1)
				if !strings.Contains(l.Message, c.want) || !strings.Contains(l.Message, "o envio passa pelo proxy "+hidden+" (HTTP_PROXY)") ||
					!strings.Contains(l.Message, "NO_PROXY") || strings.Contains(l.Message, "proxy-s3cret") {
					t.Fatalf("row %d: %s %q: want %q and the proxy %s named, its password hidden", l.Row, l.Outcome, l.Message, c.want, hidden)
				}
			}
		})
	}
}

// TestRunStopAtAProxyNamesIt: a proxy asking for its own login (407) before Senior ever
// answered stops the run (every row not_sent), and the stop names that proxy and the
// variable that set it, its password hidden: it said "a proxy in front of Senior?" and no
// more, while HTTPS_PROXY named one the operator did not think of (a shell profile's).
func TestRunStopAtAProxyNamesIt(t *testing.T) {
	e := startSim(t, nil, nil)
	gateway := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Proxy-Authenticate", `Basic realm="corp"`)
		http.Error(w, "<html><body>407 Proxy Authentication Required</body></html>", http.StatusProxyAuthRequired)
	}))
	defer gateway.Close()
	dir := t.TempDir()
	cfg := e.settings(dir, categorias(t, dir, 3, 0))
	u, err := url.Parse(gateway.URL)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword("integra", "proxy-s3cret")
	tr := &http.Transport{Proxy: http.ProxyURL(u)}
	defer tr.CloseIdleConnections()
	cfg.HTTPClient = &http.Client{Transport: tr}
	sum, err := Run(context.Background(), cfg)
	if err != nil || sum.ExitCode != outcome.ExitAborted {
		t.Fatalf("exit %d, %v", sum.ExitCode, err)
	}
	hidden := strings.Replace(gateway.URL, "://", "://integra:xxxxx@", 1)
	lines := readJSONL(t, cfg.Reports[0])
	if len(lines) != 3 {
		t.Fatalf("%d report lines, want 3", len(lines))
	}
	for _, l := range lines {
		if l.Outcome != outcome.NotSent || !strings.Contains(l.Message, "HTTP 407") || !strings.Contains(l.Message, "o envio passa pelo proxy "+hidden+" (HTTP_PROXY)") ||
			strings.Contains(l.Message, "proxy-s3cret") {
			t.Errorf("row %d: %s %q: want not_sent, the proxy %s named, its password hidden", l.Row, l.Outcome, l.Message, hidden)
		}
	}
}

// TestRunProxyOfAMistypedVariableHidesItsPassword: a proxy variable whose password holds a
// character a URL must escape (# / ? or a space: http://integra:pa#ss@proxy:3128) does not
// read as a URL, and Go then reads "http://" before it: the host is "http", the password
// lands in the path or the fragment, where a URL's Redacted leaves it. The row's message named
// that proxy with its password whole, in every report, the journal and the log. It names
// the proxy's scheme, user and host only, and says the variable does not read as a proxy's
// address.
func TestRunProxyOfAMistypedVariableHidesItsPassword(t *testing.T) {
	e := startSim(t, nil, nil)
	for _, variable := range []string{
		"http://integra:pa#ss-s3cret@127.0.0.1:3128",
		"http://integra:pa/ss-s3cret@127.0.0.1:3128",
		"http://integra:pa?ss-s3cret@127.0.0.1:3128",
		"http://integra:pa ss-s3cret@127.0.0.1:3128",
		"integra:pa/ss-s3cret@127.0.0.1:3128",
	} {
		t.Run(variable, func(t *testing.T) {
			u, err := proxyURL(variable) // as Go reads HTTP_PROXY
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			cfg := e.settings(dir, categorias(t, dir, 2, 0))
			cfg.Retries, cfg.GiveUpAfter = 1, 2*time.Second
			tr := &http.Transport{Proxy: http.ProxyURL(u), DialContext: func(context.Context, string, string) (net.Conn, error) {
				return nil, syscall.ECONNREFUSED // nothing dialled: the host "http" is never looked up
			}}
			defer tr.CloseIdleConnections()
			cfg.HTTPClient = &http.Client{Transport: tr}
			if _, err := Run(context.Background(), cfg); err != nil {
				t.Fatal(err)
			}
			lines := readJSONL(t, cfg.Reports[0])
			if len(lines) != 2 {
				t.Fatalf("%d report lines, want 2", len(lines))
			}
			for _, l := range lines {
				if l.Outcome == outcome.OK || !strings.Contains(l.Message, "o envio passa pelo proxy ") ||
					!strings.Contains(l.Message, "não se lê como o endereço de um proxy") || strings.Contains(l.Message, "s3cret") {
					t.Errorf("row %d: %s %q: want the proxy named, the variable said mistyped, no part of its password", l.Row, l.Outcome, l.Message)
				}
			}
		})
	}
}

// A proxy variable Go cannot read as an address (a % in its password not written %25, a
// control character) is ignored by Go without a word: every request went straight to Senior,
// and on a network that needs the proxy every row failed with no proxy named. The run says
// so once, in the log and the summary, naming the variable and never its value.
func TestRunUnreadProxyVariableSaid(t *testing.T) {
	for _, c := range []struct {
		name, value string
		said        bool
	}{
		{"a percent", "http://integra:50%off-s3cret@127.0.0.2:3128", true},
		{"a control character", "http://127.0.0.2:3128\x01s3cret", true},
		{"read", "http://integra:s3cret@127.0.0.2:3128", false},
		{"no scheme", "127.0.0.2:3128", false}, // read with http:// before it
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("HTTP_PROXY", c.value)
			e := startSim(t, nil, nil) // on 127.0.0.1: never through a proxy
			dir := t.TempDir()
			cfg := e.settings(dir, categorias(t, dir, 2, 0))
			var log bytes.Buffer
			cfg.Logger = slog.New(slog.NewTextHandler(&syncWriter{w: &log}, nil))
			sum, err := Run(context.Background(), cfg)
			if err != nil || sum.ExitCode != outcome.ExitOK {
				t.Fatalf("exit %d, %v", sum.ExitCode, err)
			}
			said := strings.Count(log.String(), "HTTP_PROXY está definida, mas não se lê como o endereço de um proxy")
			if c.said && (said != 1 || len(sum.Warnings) == 0) || !c.said && said != 0 {
				t.Errorf("said %d times in the log, warnings %v; want said=%v\n%s", said, sum.Warnings, c.said, log.String())
			}
			if strings.Contains(log.String(), "s3cret") {
				t.Errorf("the log holds the variable's password:\n%s", log.String())
			}
		})
	}
}

// TestUnreadProxiesAsGoReadsThem: of HTTP_PROXY and http_proxy (HTTPS_PROXY and https_proxy)
// Go reads the first that is set, and the other never: only the one read is said unreadable.
// An http_proxy Go cannot read beside a HTTP_PROXY it reads was said "ignored: requests go
// straight to Senior", while every request went through HTTP_PROXY's proxy.
func TestUnreadProxiesAsGoReadsThem(t *testing.T) {
	const good, bad = "http://integra:s3cret@127.0.0.2:3128", "http://integra:50%off@127.0.0.2:3128"
	for _, c := range []struct {
		name    string
		env     map[string]string
		want    []string
		targets []string // the run's addresses; default one of each scheme
	}{
		{"none", nil, nil, nil},
		{"upper read, lower unreadable and unread", map[string]string{"HTTP_PROXY": good, "http_proxy": bad}, nil, nil},
		{"upper unreadable", map[string]string{"HTTP_PROXY": bad, "http_proxy": good}, []string{"HTTP_PROXY"}, nil},
		{"lower alone, unreadable", map[string]string{"http_proxy": bad}, []string{"http_proxy"}, nil},
		{"https: upper read, lower unreadable and unread", map[string]string{"HTTPS_PROXY": good, "https_proxy": bad}, nil, nil},
		// Parsed as it is (the scheme "integra") when "http://" before it does not parse: Go
		// does not ignore it (every request fails on it, the row naming the proxy).
		{"no scheme, a / in its password", map[string]string{"HTTP_PROXY": "integra:pa/ss@127.0.0.2:3128"}, nil, nil},
		{"both pairs unreadable", map[string]string{"https_proxy": bad, "HTTP_PROXY": bad}, []string{"https_proxy", "HTTP_PROXY"}, nil},
		// An HTTPS_PROXY is no concern of http:// addresses, nor an HTTP_PROXY of https:// ones.
		{"https's unreadable, the addresses http", map[string]string{"HTTPS_PROXY": bad}, nil, []string{"http://senior:8080", "http://senior:8080/crm/ws"}},
		{"http's unreadable, the addresses https", map[string]string{"HTTP_PROXY": bad}, nil, []string{"https://senior:8443", "https://senior:8443/crm/ws"}},
		{"one address of each", map[string]string{"HTTPS_PROXY": bad, "HTTP_PROXY": bad}, []string{"HTTPS_PROXY", "HTTP_PROXY"}, []string{"http://senior:8080", "https://crm.example/ws"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.targets == nil {
				c.targets = []string{"http://senior:8080", "https://senior:8443"}
			}
			if got := unreadProxies(func(k string) string { return c.env[k] }, c.targets...); !slices.Equal(got, c.want) {
				t.Errorf("unreadProxies: %v, want %v", got, c.want)
			}
		})
	}
}
