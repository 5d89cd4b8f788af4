package static_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/web/static"
)

// Contents of the test directory.
var (
	bigJS   = []byte(strings.Repeat("export function share() { return 'kakao'; }\n", 100))
	bigWasm = append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte{1, 2, 3, 4}, 1000)...)
	smallJS = []byte("console.log('small');\n")
	bigPNG  = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 4000)...)
	text2K  = []byte(strings.Repeat("abcdefgh", 256))
)

// fixture is a directory served by a Handler, inside a parent directory holding a file
// the handler must never reach.
type fixture struct {
	dir     string
	handler *static.Handler
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	parent := t.TempDir()
	dir := filepath.Join(parent, "dist")
	modTime := time.Now().Add(-time.Hour).Truncate(time.Second)
	files := map[string][]byte{
		"kshare.js":          bigJS,
		"kshare.wasm":        bigWasm,
		"wasm_exec.js":       text2K,
		"kakao-share.d.ts":   text2K,
		"types.ts":           text2K,
		"index.html":         text2K,
		"style.css":          text2K,
		"data.json":          text2K,
		"app.js.map":         text2K,
		"icon.svg":           text2K,
		"logo.png":           bigPNG,
		"photo.jpg":          bigPNG,
		"font.woff2":         bigPNG,
		"blob.bin":           text2K,
		"small.js":           smallJS,
		"small.js.gz":        gzipBytes(t, []byte("precompressed small")),
		"pre.js":             bigJS,
		"pre.js.br":          brotliBytes(t, []byte("precompressed br")),
		"pre.js.gz":          gzipBytes(t, []byte("precompressed gzip")),
		"stale.js":           bigJS,
		"stale.js.br":        brotliBytes(t, []byte("stale br")),
		"sub/dir/nested.js":  smallJS,
		"emulated/kshare.js": bigJS,
		".hidden":            smallJS,
		"sub/.env":           smallJS,
		".git/config":        smallJS,
	}
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, content, 0o644))
		require.NoError(t, os.Chtimes(path, modTime, modTime)) // a sibling as old as its file counts
	}
	stale := modTime.Add(-time.Second)
	require.NoError(t, os.Chtimes(filepath.Join(dir, "stale.js.br"), stale, stale))
	require.NoError(t, os.WriteFile(filepath.Join(parent, "outside.txt"), []byte("secret"), 0o644))
	require.NoError(t, os.Symlink("../outside.txt", filepath.Join(dir, "link-out.txt")))
	require.NoError(t, os.Symlink("kshare.js", filepath.Join(dir, "link-in.js")))

	h, err := static.New(dir)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, h.Close()) })
	return fixture{dir: dir, handler: h}
}

// get requests target with the given headers ("Name: value" strings).
func (f fixture) get(target string, headers ...string) *httptest.ResponseRecorder {
	return f.do(http.MethodGet, target, headers...)
}

func (f fixture) do(method, target string, headers ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	for _, h := range headers {
		name, value, _ := strings.Cut(h, ": ")
		r.Header.Add(name, value)
	}
	w := httptest.NewRecorder()
	f.handler.ServeHTTP(w, r)
	return w
}

func brotliBytes(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := brotli.NewWriter(&buf)
	_, err := w.Write(b)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.Bytes()
}

func gzipBytes(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, err := w.Write(b)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.Bytes()
}

// decode undoes the Content-Encoding of a response.
func decode(t *testing.T, w *httptest.ResponseRecorder) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(w.Body.Bytes())
	switch enc := w.Header().Get("Content-Encoding"); enc {
	case "":
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		gz, err := gzip.NewReader(r)
		require.NoError(t, err)
		r = gz
	default:
		require.FailNow(t, "unexpected Content-Encoding", enc)
	}
	b, err := io.ReadAll(r)
	require.NoError(t, err)
	return b
}

func TestContentTypes(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		path string
		want string
	}{
		{"/kshare.js", "text/javascript; charset=utf-8"},
		{"/kshare.wasm", "application/wasm"},
		{"/kakao-share.d.ts", "text/plain; charset=utf-8"},
		{"/types.ts", "text/plain; charset=utf-8"},
		{"/index.html", "text/html; charset=utf-8"},
		{"/style.css", "text/css; charset=utf-8"},
		{"/data.json", "application/json"},
		{"/app.js.map", "application/json"},
		{"/icon.svg", "image/svg+xml"},
		{"/logo.png", "image/png"},
		{"/photo.jpg", "image/jpeg"},
		{"/font.woff2", "font/woff2"},
		{"/blob.bin", "application/octet-stream"},
		{"/sub/dir/nested.js", "text/javascript; charset=utf-8"},
		{"/emulated/kshare.js", "text/javascript; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			w := f.get(tt.path)

			require.Equal(t, http.StatusOK, w.Code)
			assert.Equal(t, tt.want, w.Header().Get("Content-Type"))
			assert.Equal(t, "nosniff", w.Header().Get("X-Content-Type-Options"))
		})
	}
}

func TestEncodingNegotiation(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name           string
		acceptEncoding []string // Accept-Encoding header lines; nil sends none
		want           string   // Content-Encoding, "" for identity
	}{
		{name: "no header", acceptEncoding: nil, want: ""},
		{name: "empty header", acceptEncoding: []string{""}, want: ""},
		{name: "gzip", acceptEncoding: []string{"gzip"}, want: "gzip"},
		{name: "br", acceptEncoding: []string{"br"}, want: "br"},
		{name: "browser list prefers br", acceptEncoding: []string{"gzip, deflate, br, zstd"}, want: "br"},
		{name: "upper case", acceptEncoding: []string{"GZIP, BR"}, want: "br"},
		{name: "x-gzip", acceptEncoding: []string{"x-gzip"}, want: "gzip"},
		{name: "higher q wins over server preference", acceptEncoding: []string{"br;q=0.5, gzip"}, want: "gzip"},
		{name: "q-values with spaces", acceptEncoding: []string{"gzip ; q=0.8, br ; Q=0.9"}, want: "br"},
		{name: "two header lines", acceptEncoding: []string{"gzip;q=0.9", "br;q=0.1"}, want: "gzip"},
		{name: "star accepts br", acceptEncoding: []string{"*"}, want: "br"},
		{name: "named coding beats lower star", acceptEncoding: []string{"*;q=0.5, gzip"}, want: "gzip"},
		{name: "star with br refused", acceptEncoding: []string{"*, br;q=0"}, want: "gzip"},
		{name: "br refused", acceptEncoding: []string{"br;q=0"}, want: ""},
		{name: "identity preferred", acceptEncoding: []string{"identity, br;q=0.5"}, want: ""},
		{name: "only unknown codings", acceptEncoding: []string{"deflate, zstd"}, want: ""},
		{name: "invalid q-value ignored", acceptEncoding: []string{"gzip;q=abc, br;q=2"}, want: ""},
		{name: "nothing acceptable falls back to identity", acceptEncoding: []string{"identity;q=0, *;q=0"}, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var headers []string
			for _, v := range tt.acceptEncoding {
				headers = append(headers, "Accept-Encoding: "+v)
			}

			w := f.get("/kshare.js", headers...)

			require.Equal(t, http.StatusOK, w.Code)
			assert.Equal(t, tt.want, w.Header().Get("Content-Encoding"))
			assert.Equal(t, "Accept-Encoding", w.Header().Get("Vary"))
			assert.Equal(t, bigJS, decode(t, w))
		})
	}
}

func TestCompressionSkipped(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name string
		path string
	}{
		{name: "file under 1 KiB", path: "/sub/dir/nested.js"},
		{name: "png", path: "/logo.png"},
		{name: "jpeg", path: "/photo.jpg"},
		{name: "woff2", path: "/font.woff2"},
		{name: "unknown type", path: "/blob.bin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := f.get(tt.path, "Accept-Encoding: br, gzip")

			require.Equal(t, http.StatusOK, w.Code)
			assert.Empty(t, w.Header().Get("Content-Encoding"))
			assert.Equal(t, "Accept-Encoding", w.Header().Get("Vary"))
		})
	}
}

func TestPrecompressedSiblings(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name           string
		path           string
		acceptEncoding string
		wantEncoding   string
		want           []byte
	}{
		{name: "br sibling", path: "/pre.js", acceptEncoding: "br, gzip", wantEncoding: "br", want: []byte("precompressed br")},
		{name: "gzip sibling", path: "/pre.js", acceptEncoding: "gzip", wantEncoding: "gzip", want: []byte("precompressed gzip")},
		{name: "sibling of a file too small to compress", path: "/small.js", acceptEncoding: "br, gzip", wantEncoding: "gzip", want: []byte("precompressed small")},
		{name: "sibling older than the file is ignored", path: "/stale.js", acceptEncoding: "br", wantEncoding: "br", want: bigJS},
		{name: "identity ignores siblings", path: "/pre.js", acceptEncoding: "identity", wantEncoding: "", want: bigJS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := f.get(tt.path, "Accept-Encoding: "+tt.acceptEncoding)

			require.Equal(t, http.StatusOK, w.Code)
			assert.Equal(t, tt.wantEncoding, w.Header().Get("Content-Encoding"))
			assert.Equal(t, "text/javascript; charset=utf-8", w.Header().Get("Content-Type"))
			assert.Equal(t, tt.want, decode(t, w))
		})
	}
}

func TestETagAndNotModified(t *testing.T) {
	f := newFixture(t)
	hash := static.ContentHash(bigJS)
	preBrHash := static.ContentHash(brotliBytes(t, []byte("precompressed br")))
	tests := []struct {
		name           string
		path           string
		acceptEncoding string
		wantETag       string
	}{
		{name: "identity", path: "/kshare.js", acceptEncoding: "identity", wantETag: `"` + hash + `"`},
		{name: "br on the fly", path: "/kshare.js", acceptEncoding: "br", wantETag: `"` + hash + `-br"`},
		{name: "gzip on the fly", path: "/kshare.js", acceptEncoding: "gzip", wantETag: `"` + hash + `-gzip"`},
		{name: "precompressed sibling", path: "/pre.js", acceptEncoding: "br", wantETag: `"` + preBrHash + `"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first := f.get(tt.path, "Accept-Encoding: "+tt.acceptEncoding)
			require.Equal(t, http.StatusOK, first.Code)

			revalidated := f.get(tt.path, "Accept-Encoding: "+tt.acceptEncoding, "If-None-Match: "+tt.wantETag)
			otherETag := f.get(tt.path, "Accept-Encoding: "+tt.acceptEncoding, `If-None-Match: "0123456789ab"`)

			assert.Equal(t, tt.wantETag, first.Header().Get("ETag"))
			assert.Equal(t, http.StatusNotModified, revalidated.Code)
			assert.Empty(t, revalidated.Body.Bytes())
			assert.Equal(t, tt.wantETag, revalidated.Header().Get("ETag"))
			assert.Equal(t, http.StatusOK, otherETag.Code)
		})
	}
}

func TestETagOfOneEncodingDoesNotMatchAnother(t *testing.T) {
	f := newFixture(t)
	identity := f.get("/kshare.js")

	w := f.get("/kshare.js", "Accept-Encoding: br", "If-None-Match: "+identity.Header().Get("ETag"))

	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, bigJS, decode(t, w))
}

func TestCacheControl(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name   string
		target string
		want   string
	}{
		{name: "no version", target: "/kshare.wasm", want: "no-cache"},
		{name: "matching content hash", target: "/kshare.wasm?v=" + static.ContentHash(bigWasm), want: "public, max-age=31536000, immutable"},
		{name: "matching hash, compressed", target: "/kshare.js?v=" + static.ContentHash(bigJS), want: "public, max-age=31536000, immutable"},
		{name: "stale hash", target: "/kshare.wasm?v=0123456789ab", want: "no-cache"},
		{name: "hash of another file", target: "/kshare.wasm?v=" + static.ContentHash(bigJS), want: "no-cache"},
		{name: "full SHA-256 is not the short hash", target: "/kshare.wasm?v=" + static.ContentHash(bigWasm) + "00", want: "no-cache"},
		{name: "other parameter", target: "/kshare.wasm?version=" + static.ContentHash(bigWasm), want: "no-cache"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := f.get(tt.target, "Accept-Encoding: br")

			require.Equal(t, http.StatusOK, w.Code)
			assert.Equal(t, tt.want, w.Header().Get("Cache-Control"))
		})
	}
}

func TestRefusedPaths(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name string
		path string // set as the request's decoded URL path, as a server would
	}{
		{name: "parent directory", path: "/../outside.txt"},
		{name: "parent of a subdirectory", path: "/sub/../../outside.txt"},
		{name: "relative path", path: "../outside.txt"},
		{name: "parent of the module", path: "/../../go.mod"},
		{name: "symbolic link out of the root", path: "/link-out.txt"},
		{name: "root directory", path: "/"},
		{name: "empty path", path: ""},
		{name: "subdirectory", path: "/sub"},
		{name: "subdirectory with slash", path: "/sub/dir/"},
		{name: "hidden file", path: "/.hidden"},
		{name: "hidden file in a subdirectory", path: "/sub/.env"},
		{name: "file in a hidden directory", path: "/.git/config"},
		{name: "missing file", path: "/missing.js"},
		{name: "backslash", path: `/sub\dir\nested.js`},
		{name: "NUL byte", path: "/kshare.js\x00.png"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.URL.Path = tt.path
			w := httptest.NewRecorder()

			f.handler.ServeHTTP(w, r)

			assert.Equal(t, http.StatusNotFound, w.Code)
			assert.NotContains(t, w.Body.String(), "secret")
			assert.NotContains(t, w.Body.String(), "nested.js", "no directory listing")
		})
	}
}

// TestRefusedRawRequestLines sends request lines as an attacker would, without a
// client cleaning them, through a real server with no ServeMux in front.
func TestRefusedRawRequestLines(t *testing.T) {
	f := newFixture(t)
	srv := httptest.NewServer(f.handler)
	defer srv.Close()
	tests := []struct {
		name       string
		target     string
		wantStatus int
	}{
		{name: "dot dot", target: "/../outside.txt", wantStatus: http.StatusNotFound},
		{name: "encoded dot dot", target: "/%2e%2e/outside.txt", wantStatus: http.StatusNotFound},
		{name: "encoded slash", target: "/..%2foutside.txt", wantStatus: http.StatusNotFound},
		{name: "encoded dot dot to go.mod", target: "/%2e%2e/%2e%2e/go.mod", wantStatus: http.StatusNotFound},
		{name: "root", target: "/", wantStatus: http.StatusNotFound},
		{name: "a file, for comparison", target: "/sub/dir/../dir/nested.js", wantStatus: http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", srv.Listener.Addr().String())
			require.NoError(t, err)
			defer conn.Close()
			_, err = io.WriteString(conn, "GET "+tt.target+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
			require.NoError(t, err)

			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)

			require.NoError(t, err)
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			assert.Equal(t, tt.wantStatus, resp.StatusCode)
			assert.NotContains(t, string(body), "secret")
		})
	}
}

func TestSymbolicLinkInsideRoot(t *testing.T) {
	f := newFixture(t)

	w := f.get("/link-in.js")

	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, bigJS, w.Body.Bytes())
}

func TestMethods(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		method     string
		wantStatus int
		wantAllow  string
		wantBody   bool
	}{
		{method: http.MethodGet, wantStatus: http.StatusOK, wantBody: true},
		{method: http.MethodHead, wantStatus: http.StatusOK},
		{method: http.MethodOptions, wantStatus: http.StatusNoContent, wantAllow: "GET, HEAD, OPTIONS"},
		{method: http.MethodPost, wantStatus: http.StatusMethodNotAllowed, wantAllow: "GET, HEAD, OPTIONS", wantBody: true},
		{method: http.MethodDelete, wantStatus: http.StatusMethodNotAllowed, wantAllow: "GET, HEAD, OPTIONS", wantBody: true},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			w := f.do(tt.method, "/kshare.js")

			assert.Equal(t, tt.wantStatus, w.Code)
			assert.Equal(t, tt.wantAllow, w.Header().Get("Allow"))
			assert.Equal(t, tt.wantBody, w.Body.Len() > 0)
		})
	}
}

func TestSubdirectoryFileIsServed(t *testing.T) {
	f := newFixture(t)

	w := f.get("/emulated/kshare.js", "Accept-Encoding: br")

	require.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, "br", w.Header().Get("Content-Encoding"))
	assert.Equal(t, bigJS, decode(t, w))
}

func TestEveryAnswerAllowsAnyOrigin(t *testing.T) {
	f := newFixture(t)
	etag := f.get("/kshare.js").Header().Get("ETag")
	tests := []struct {
		name       string
		method     string
		target     string
		headers    []string
		wantStatus int
	}{
		{name: "file", method: http.MethodGet, target: "/kshare.wasm", wantStatus: http.StatusOK},
		{name: "file compressed", method: http.MethodGet, target: "/kshare.js", headers: []string{"Accept-Encoding: br"}, wantStatus: http.StatusOK},
		{name: "precompressed sibling", method: http.MethodGet, target: "/pre.js", headers: []string{"Accept-Encoding: gzip"}, wantStatus: http.StatusOK},
		{name: "file in a subdirectory", method: http.MethodGet, target: "/emulated/kshare.js", wantStatus: http.StatusOK},
		{name: "immutable version", method: http.MethodGet, target: "/kshare.js?v=" + static.ContentHash(bigJS), wantStatus: http.StatusOK},
		{name: "head", method: http.MethodHead, target: "/kshare.js", wantStatus: http.StatusOK},
		{name: "not modified", method: http.MethodGet, target: "/kshare.js", headers: []string{"If-None-Match: " + etag}, wantStatus: http.StatusNotModified},
		{name: "range", method: http.MethodGet, target: "/kshare.js", headers: []string{"Range: bytes=0-5"}, wantStatus: http.StatusPartialContent},
		{name: "range not satisfiable", method: http.MethodGet, target: "/kshare.js", headers: []string{"Range: bytes=999999-"}, wantStatus: http.StatusRequestedRangeNotSatisfiable},
		{name: "missing file", method: http.MethodGet, target: "/missing.js", wantStatus: http.StatusNotFound},
		{name: "hidden file", method: http.MethodGet, target: "/.hidden", wantStatus: http.StatusNotFound},
		{name: "method not allowed", method: http.MethodPost, target: "/kshare.js", wantStatus: http.StatusMethodNotAllowed},
		{name: "preflight", method: http.MethodOptions, target: "/kshare.wasm", headers: []string{
			"Origin: https://shop.example", "Access-Control-Request-Method: GET"}, wantStatus: http.StatusNoContent},
		{name: "preflight of a missing file", method: http.MethodOptions, target: "/missing.js", wantStatus: http.StatusNoContent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := f.do(tt.method, tt.target, append([]string{"Origin: https://shop.example"}, tt.headers...)...)

			require.Equal(t, tt.wantStatus, w.Code)
			h := w.Header()
			assert.Equal(t, "*", h.Get("Access-Control-Allow-Origin"))
			assert.Equal(t, "cross-origin", h.Get("Cross-Origin-Resource-Policy"))
			assert.Equal(t, "*", h.Get("Timing-Allow-Origin"))
			assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"))
			assert.NotContains(t, h, "Access-Control-Allow-Credentials", "credentials are never allowed")
		})
	}
}

func TestPreflight(t *testing.T) {
	f := newFixture(t)

	w := f.do(http.MethodOptions, "/kshare.wasm", "Origin: https://shop.example", "Access-Control-Request-Method: GET")

	assert.Equal(t, http.StatusNoContent, w.Code)
	assert.Equal(t, "GET, HEAD", w.Header().Get("Access-Control-Allow-Methods"))
	assert.Equal(t, "86400", w.Header().Get("Access-Control-Max-Age"))
	assert.Empty(t, w.Body.Bytes())
}

func TestRangeRequest(t *testing.T) {
	f := newFixture(t)

	w := f.get("/kshare.js", "Range: bytes=0-5")

	assert.Equal(t, http.StatusPartialContent, w.Code)
	assert.Equal(t, bigJS[:6], w.Body.Bytes())
}

func TestChangedFileIsServedAnew(t *testing.T) {
	f := newFixture(t)
	before := f.get("/kshare.js", "Accept-Encoding: br")
	require.Equal(t, http.StatusOK, before.Code)
	changed := []byte(strings.Repeat("export const changed = true;\n", 100))
	path := filepath.Join(f.dir, "kshare.js")
	require.NoError(t, os.WriteFile(path, changed, 0o644))
	later := time.Now().Add(time.Minute)
	require.NoError(t, os.Chtimes(path, later, later))

	after := f.get("/kshare.js", "Accept-Encoding: br")

	require.Equal(t, http.StatusOK, after.Code)
	assert.Equal(t, changed, decode(t, after))
	assert.Equal(t, `"`+static.ContentHash(changed)+`-br"`, after.Header().Get("ETag"))
}

func TestConcurrentRequests(t *testing.T) {
	f := newFixture(t)
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Go(func() {
			encoding := []string{"br", "gzip", "identity"}[i%3]
			w := f.get("/kshare.wasm", "Accept-Encoding: "+encoding)
			if assert.Equal(t, http.StatusOK, w.Code) {
				assert.Equal(t, bigWasm, decode(t, w))
			}
		})
	}
	wg.Wait()
}

func TestNewRefusesMissingDirectory(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	tests := []struct {
		name        string
		dir         string
		wantMissing bool
	}{
		{name: "missing", dir: filepath.Join(t.TempDir(), "nope"), wantMissing: true},
		{name: "a file", dir: file},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := static.New(tt.dir)

			assert.Nil(t, h)
			require.Error(t, err)
			assert.Equal(t, tt.wantMissing, errors.Is(err, fs.ErrNotExist))
		})
	}
}

func TestContentHash(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{name: "empty", input: "", want: "e3b0c44298fc"},
		{name: "abc", input: "abc", want: "ba7816bf8f01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, static.ContentHash([]byte(tt.input)))
		})
	}
}
