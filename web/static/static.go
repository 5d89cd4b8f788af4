// Package static serves the files of one directory over HTTP, for web/dist: the right
// Content-Type (application/wasm for .wasm), brotli or gzip when the client accepts
// it, a strong ETag, and caching for a year of URLs stamped with the file's hash.
//
// What [Handler] does for a GET or HEAD request:
//
//   - It serves regular files only, found by the cleaned URL path below the directory
//     through an [os.Root], so neither "..", percent-encoded or not, nor a symbolic link
//     can reach outside it, in subdirectories too (/emulated/kshare.js). Directories
//     (no listings, no index.html), names with a segment starting with "." and
//     anything else answer 404; methods other than GET, HEAD and OPTIONS 405.
//   - Content-Type comes from a fixed table of extensions (.js text/javascript, .wasm
//     application/wasm, .ts and .d.ts text/plain, .html, .css, .json, .map, .svg,
//     images, fonts), never from sniffing; others are application/octet-stream.
//   - Content coding follows Accept-Encoding with q-values and "*", preferring br, then
//     gzip, then identity when the client has no preference. A precompressed sibling
//     (name.br, name.gz) is served when it exists and is not older than the file.
//     Otherwise text-like files of 1 KiB to 32 MiB are compressed on the fly, once per
//     file version (path, size and modification time), and the bytes kept in memory.
//     Images and fonts that are compressed already are not. Every answer carries
//     Vary: Accept-Encoding.
//   - ETag is "<hash>" for the file itself, "<hash>-br" or "<hash>-gzip" when it is
//     compressed on the fly, and the sibling's own hash for a precompressed sibling,
//     where <hash> is [ContentHash] of the content. If-None-Match, If-Modified-Since
//     and Range work as in [http.ServeContent].
//   - Cache-Control is "public, max-age=31536000, immutable" when the query has
//     v=<ContentHash of the file> (so a stale v never pins old content), and
//     "no-cache" otherwise: the browser revalidates with the ETag.
//
// The files may be loaded from any origin: every answer (200, 206, 304, 404, 405 and
// the others) carries Access-Control-Allow-Origin: *, Cross-Origin-Resource-Policy:
// cross-origin and Timing-Allow-Origin: *, so that a page elsewhere can fetch the
// wasm in CORS mode, load kshare.js with <script crossorigin> and integrity, and read
// the sizes in Resource Timing. Credentials are never allowed (no
// Access-Control-Allow-Credentials). OPTIONS, a CORS preflight, answers 204 with
// Access-Control-Allow-Methods: GET, HEAD, Access-Control-Allow-Headers: * and
// Access-Control-Max-Age: 86400, whatever the path.
package static

import (
	"bytes"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"
	"time"
)

const (
	minCompressSize = 1 << 10  // smaller files gain too little from compression
	maxCompressSize = 32 << 20 // larger files are not held in memory
)

// crossOriginHeaders are set on every answer; see the package documentation.
var crossOriginHeaders = [...][2]string{
	{"Access-Control-Allow-Origin", "*"},
	{"Cross-Origin-Resource-Policy", "cross-origin"},
	{"Timing-Allow-Origin", "*"},
}

// preflightMaxAge is how long, in seconds, a browser may keep a preflight's answer.
const preflightMaxAge = "86400"

// Cache-Control values.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

// Handler is an http.Handler serving the files of one directory; see the package
// documentation. Create it with [New]; it is safe for concurrent use.
type Handler struct {
	root     *os.Root
	versions versions
}

// New returns a Handler serving the directory dir. It returns an error when dir does
// not exist or is not a directory (errors.Is fs.ErrNotExist in the first case).
func New(dir string) (*Handler, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Handler{root: root}, nil
}

// Close releases the directory; requests served afterwards answer 404.
func (h *Handler) Close() error {
	return h.root.Close()
}

// ServeHTTP answers a GET or HEAD request for one file, and an OPTIONS preflight.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	for _, kv := range crossOriginHeaders {
		hdr.Set(kv[0], kv[1])
	}
	hdr.Set("X-Content-Type-Options", "nosniff")
	if r.Method == http.MethodOptions {
		hdr.Set("Allow", "GET, HEAD, OPTIONS")
		hdr.Set("Access-Control-Allow-Methods", "GET, HEAD")
		hdr.Set("Access-Control-Allow-Headers", "*")
		hdr.Set("Access-Control-Max-Age", preflightMaxAge)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hdr.Set("Allow", "GET, HEAD, OPTIONS")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := fileName(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	f, info, err := h.open(name)
	if err != nil {
		openFailed(w, r, err)
		return
	}
	defer f.Close()
	v := h.versions.current(name, info.Size(), info.ModTime())
	hash, err := v.contentHash(f)
	if err != nil {
		h.versions.forget(name, v)
		http.Error(w, "500 cannot read "+name, http.StatusInternalServerError)
		return
	}

	typ := typeOf(name)
	hdr.Set("Content-Type", typ.contentType)
	hdr.Add("Vary", "Accept-Encoding")
	hdr.Set("Cache-Control", cacheRevalidate)
	if r.URL.Query().Get("v") == hash {
		hdr.Set("Cache-Control", cacheImmutable)
	}

	compressible := typ.compressible && info.Size() >= minCompressSize && info.Size() <= maxCompressSize
	for _, e := range acceptedEncodings(r.Header) {
		if e == identityEncoding {
			break
		}
		if h.serveSibling(w, r, name, info.ModTime(), e) {
			return
		}
		if !compressible {
			continue
		}
		data, err := v.encoded(e, f)
		if err != nil {
			h.versions.forget(name, v)
			http.Error(w, "500 cannot compress "+name, http.StatusInternalServerError)
			return
		}
		hdr.Set("Content-Encoding", codings[e].token)
		hdr.Set("ETag", `"`+hash+"-"+codings[e].token+`"`)
		http.ServeContent(w, r, "", info.ModTime(), bytes.NewReader(data))
		return
	}
	hdr.Set("ETag", `"`+hash+`"`)
	http.ServeContent(w, r, "", info.ModTime(), f)
}

// serveSibling serves the precompressed sibling of name for e, if there is one not
// older than the file (modTime), and reports whether it did.
func (h *Handler) serveSibling(w http.ResponseWriter, r *http.Request, name string, modTime time.Time, e encoding) bool {
	siblingName := name + codings[e].siblingExt
	f, info, err := h.open(siblingName)
	if err != nil {
		return false
	}
	defer f.Close()
	if info.ModTime().Before(modTime) {
		return false
	}
	v := h.versions.current(siblingName, info.Size(), info.ModTime())
	hash, err := v.contentHash(f)
	if err != nil {
		h.versions.forget(siblingName, v)
		return false
	}
	hdr := w.Header()
	hdr.Set("Content-Encoding", codings[e].token)
	hdr.Set("ETag", `"`+hash+`"`)
	http.ServeContent(w, r, "", modTime, f)
	return true
}

// open opens the regular file name below the root.
func (h *Handler) open(name string) (*os.File, fs.FileInfo, error) {
	f, err := h.root.Open(name)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = fs.ErrNotExist
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}

// openFailed answers a request whose file could not be opened: 403 when permission was
// denied, else 404 (missing, a directory, or a path leaving the root).
func openFailed(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, fs.ErrPermission) {
		http.Error(w, "403 forbidden", http.StatusForbidden)
		return
	}
	http.NotFound(w, r)
}

// fileName turns a URL path into a file name below the root: cleaned, so ".." cannot
// climb above it, and refused when empty (the root itself) or when a segment starts
// with "." (hidden files and directories).
func fileName(urlPath string) (string, bool) {
	name := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if name == "" || strings.ContainsAny(name, "\\\x00") {
		return "", false
	}
	for segment := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(segment, ".") {
			return "", false
		}
	}
	return name, true
}
