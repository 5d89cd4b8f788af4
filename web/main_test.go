package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/web/inbox"
)

// lockedBuffer is a stderr that run writes to while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newDist writes a dist directory like the one make build writes.
func newDist(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range map[string]string{
		"kshare.js":          "window.Kakao = {};\n",
		"kshare.wasm":        "\x00asm\x01\x00\x00\x00",
		"wasm_exec.js":       "// wasm_exec\n",
		"kakao-share.d.ts":   "declare const Kakao: unknown;\n",
		"emulated/kshare.js": "window.Kakao = {emulated: true};\n",
	} {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	}
	return dir
}

var listeningLine = regexp.MustCompile(`^kshare: demo and Kakao emulator on (http://127\.0\.0\.1:[1-9][0-9]*)/\n$`)

// running is a run started by startRun.
type running struct {
	baseURL string
	stderr  *lockedBuffer
	stop    context.CancelFunc
	done    chan error
}

// startRun starts run on a free port with dist and waits until it listens.
func startRun(t *testing.T, dist string) running {
	t.Helper()
	return start(t, func(ctx context.Context, stderr io.Writer) error {
		return run(ctx, []string{"-addr", "127.0.0.1:0", "-dist", dist}, stderr)
	})
}

// startServe starts serve with c (its address a free port) and waits until it listens.
func startServe(t *testing.T, c config) running {
	t.Helper()
	c.addr = "127.0.0.1:0"
	return start(t, func(ctx context.Context, stderr io.Writer) error { return serve(ctx, c, stderr) })
}

// start calls serve in a goroutine and waits until it prints its address.
func start(t *testing.T, serve func(ctx context.Context, stderr io.Writer) error) running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := running{stderr: &lockedBuffer{}, stop: cancel, done: make(chan error, 1)}
	go func() { r.done <- serve(ctx, r.stderr) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(10 * time.Second):
			t.Error("run did not return")
		}
	})
	require.Eventually(t, func() bool { return listeningLine.MatchString(r.stderr.String()) }, 5*time.Second, 5*time.Millisecond)
	r.baseURL = listeningLine.FindStringSubmatch(r.stderr.String())[1]
	return r
}

// wait returns run's result, failing if it takes longer than within.
func (r running) wait(t *testing.T, within time.Duration) error {
	t.Helper()
	select {
	case err := <-r.done:
		r.done <- err // for the cleanup
		return err
	case <-time.After(within):
		require.FailNow(t, "run did not return in time")
		return nil
	}
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(body)
}

func TestRunServesAndStopsCleanly(t *testing.T) {
	r := startRun(t, newDist(t))
	tests := []struct {
		path            string
		wantContentType string
		wantBody        string // "" to skip
	}{
		{path: "/kshare.js", wantContentType: "text/javascript; charset=utf-8", wantBody: "window.Kakao = {};\n"},
		{path: "/kshare.wasm", wantContentType: "application/wasm"},
		{path: "/wasm_exec.js", wantContentType: "text/javascript; charset=utf-8"},
		{path: "/kakao-share.d.ts", wantContentType: "text/plain; charset=utf-8"},
		{path: "/", wantContentType: "text/html; charset=utf-8"},
		{path: "/inbox/events", wantContentType: "application/json", wantBody: "[]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := get(t, r.baseURL+tt.path)

			require.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, tt.wantContentType, resp.Header.Get("Content-Type"))
			if tt.wantBody != "" {
				assert.Equal(t, tt.wantBody, body)
			}
		})
	}

	r.stop()

	assert.NoError(t, r.wait(t, 2*time.Second))
	assert.Regexp(t, listeningLine, r.stderr.String(), "nothing else is printed")
}

func TestRunEndsEventStreamsOnShutdown(t *testing.T) {
	r := startRun(t, newDist(t))
	resp, err := http.Get(r.baseURL + "/inbox/stream")
	require.NoError(t, err)
	defer resp.Body.Close()
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, ": connected\n", line)

	r.stop()

	assert.NoError(t, r.wait(t, shutdownTimeout/2), "shutdown does not wait for the stream")
}

func TestRunDoesNotWaitForConnectionsWithoutARequest(t *testing.T) {
	r := startRun(t, newDist(t))
	conn, err := net.Dial("tcp", strings.TrimPrefix(r.baseURL, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	_, body := get(t, r.baseURL+"/kshare.js") // the server has accepted the spare connection
	require.Equal(t, "window.Kakao = {};\n", body)

	r.stop()

	assert.NoError(t, r.wait(t, shutdownTimeout/2), "shutdown does not wait for a connection that sent nothing")
	_, err = conn.Read(make([]byte, 1))
	assert.Error(t, err, "the connection is closed")
}

func TestRunRefuses(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "dist")
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer busy.Close()
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{
			name:    "missing dist directory",
			args:    []string{"-addr", "127.0.0.1:0", "-dist", missing},
			wantErr: "directory " + missing + " does not exist: run `make build` first to build kshare into it",
		},
		{
			name:    "address in use",
			args:    []string{"-addr", busy.Addr().String(), "-dist", t.TempDir()},
			wantErr: "listen tcp " + busy.Addr().String() + ": bind: address already in use",
		},
		{
			name:    "unknown flag",
			args:    []string{"-port", "80"},
			wantErr: "flag provided but not defined: -port",
		},
		{
			name:    "positional argument",
			args:    []string{"web/dist"},
			wantErr: `unexpected arguments ["web/dist"] (flags only; -h lists them)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), tt.args, io.Discard)

			assert.EqualError(t, err, tt.wantErr)
		})
	}
}

func TestRunHelp(t *testing.T) {
	var stderr bytes.Buffer

	err := run(context.Background(), []string{"-h"}, &stderr)

	assert.NoError(t, err)
	assert.True(t, strings.HasPrefix(stderr.String(), "usage: go run ./web"), stderr.String())
}

func TestNewMuxRoutes(t *testing.T) {
	named := func(name string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, name) })
	}
	mux := newMux(named("dist"), named("demo"), named("inbox"), named("emulator"))
	tests := []struct {
		method string
		path   string
		want   string
	}{
		{http.MethodGet, "/", "demo"},
		{http.MethodHead, "/", "demo"},
		{http.MethodGet, "/compat.html", "demo"},
		{http.MethodHead, "/compat.html", "demo"},
		{http.MethodGet, "/demo/demo.css", "demo"},
		{http.MethodGet, "/demo/demo.js?v=0123456789ab", "demo"},
		{http.MethodGet, "/index.html", "dist"},
		{http.MethodPost, "/emulator/preview", "emulator"},
		{http.MethodGet, "/kshare.js", "dist"},
		{http.MethodGet, "/kshare.wasm", "dist"},
		{http.MethodGet, "/any/other/file.png", "dist"},
		{http.MethodGet, "/inbox/events", "inbox"},
		{http.MethodPost, "/inbox/webhook", "inbox"},
		{http.MethodPost, "/picker/link", "emulator"},
		{http.MethodGet, "/v2/api/kakaolink/talk/template/default", "emulator"},
		{http.MethodGet, "/scheme/kakaolink", "emulator"},
		{http.MethodGet, "/emulator/deliveries", "emulator"},
		{http.MethodGet, "/images/abc.png", "emulator"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			w := httptest.NewRecorder()

			mux.ServeHTTP(w, httptest.NewRequest(tt.method, tt.path, nil))

			assert.Equal(t, tt.want, w.Body.String())
		})
	}
}

func TestNewMuxWithoutEmulator(t *testing.T) {
	dist := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "dist") })
	mux := newMux(dist, http.NotFoundHandler(), inbox.New(inbox.DemoAdminKey), nil)
	w := httptest.NewRecorder()

	mux.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/picker/link", nil))

	assert.Equal(t, "dist", w.Body.String(), "emulator paths fall through to the files")
}

// closeRecorder is a handler with a Close method that records its calls.
type closeRecorder struct {
	http.Handler
	name   string
	closed *[]string
}

func (c closeRecorder) Close(context.Context) error {
	*c.closed = append(*c.closed, c.name)
	return nil
}

func TestCloseAllClosesClosersInOrder(t *testing.T) {
	var closed []string

	err := closeAll(context.Background(),
		closeRecorder{name: "emulator", closed: &closed}, http.NotFoundHandler(), nil, closeRecorder{name: "inbox", closed: &closed})

	assert.NoError(t, err)
	assert.Equal(t, []string{"emulator", "inbox"}, closed)
}

func TestDisplayAddr(t *testing.T) {
	tests := []struct {
		addr string
		want string
	}{
		{"127.0.0.1:8080", "127.0.0.1:8080"},
		{"0.0.0.0:8080", "localhost:8080"},
		{"[::]:8080", "localhost:8080"},
		{"[::1]:8080", "[::1]:8080"},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			addr, err := net.ResolveTCPAddr("tcp", tt.addr)
			require.NoError(t, err)

			assert.Equal(t, tt.want, displayAddr(addr))
		})
	}
}
