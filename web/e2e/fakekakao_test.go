package e2e

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// recorded is one request the fake Kakao received.
type recorded struct {
	Method string
	Path   string
	Query  url.Values
	Header http.Header
	Form   url.Values
	Parts  []part
}

// part is one part of a multipart upload.
type part struct {
	Name, Filename, ContentType string
	Data                        []byte
}

// fakeKakao stands in for sharer.kakao.com, kapi.kakao.com and talk-apps.kakao.com
// (the page loads kshare.js with data-emulator pointing at it) and serves the page and
// web/dist. It records every request to Kakao's paths and answers with canned bodies.
type fakeKakao struct {
	*httptest.Server
	mu       sync.Mutex
	requests []recorded
	// answers maps a path to the status and body it answers with.
	answers map[string]answer
	// wasmGate, when set, holds back kshare.wasm until it is closed (an engine that is
	// slow to load).
	wasmGate chan struct{}
}

type answer struct {
	status int
	body   string
}

const templateAnswer = `{"template_id":97531,"template_args":{},"template_msg":{"P":{"TP":"Feed","ME":"${ME}"},"C":{"THC":1}},"warning_msg":{},"argument_msg":{}}`

func newFakeKakao(t *testing.T) *fakeKakao {
	t.Helper()
	dist, err := filepath.Abs(filepath.Join("..", "dist"))
	require.NoError(t, err)
	_, err = os.Stat(filepath.Join(dist, "kshare.wasm"))
	require.NoError(t, err, "web/dist is not built: run make build (make test does)")
	f := &fakeKakao{answers: map[string]answer{
		"/v2/api/kakaolink/talk/template/default":  {200, templateAnswer},
		"/v2/api/kakaolink/talk/template/validate": {200, templateAnswer},
		"/v2/api/kakaolink/talk/template/scrap":    {200, templateAnswer},
		"/v2/api/talk/message/image/upload":        {200, `{"infos":{"original":{"url":"https://k.kakaocdn.net/dn/upload.png","length":0,"content_type":"image/png","width":2,"height":3}}}`},
		"/v2/api/talk/message/image/scrap":         {200, `{"infos":{"original":{"url":"https://k.kakaocdn.net/dn/scrap.jpg","length":54321,"content_type":"image/jpeg","width":640,"height":640}}}`},
		"/v2/api/talk/message/image/delete":        {200, `{}`},
	}}
	mux := http.NewServeMux()
	files := http.StripPrefix("/dist/", http.FileServer(http.Dir(dist)))
	mux.HandleFunc("/dist/", func(w http.ResponseWriter, r *http.Request) {
		if gate := f.gate(); gate != nil && strings.HasSuffix(r.URL.Path, ".wasm") {
			<-gate
		}
		files.ServeHTTP(w, r)
	})
	mux.HandleFunc("/page.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, strings.ReplaceAll(pageHTML, "{{ORIGIN}}", f.URL))
	})
	mux.HandleFunc("/", f.kakao)
	f.Server = httptest.NewServer(mux)
	t.Cleanup(f.Close)
	return f
}

func (f *fakeKakao) gate() chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.wasmGate
}

// kakao records a request to one of Kakao's paths and answers it.
func (f *fakeKakao) kakao(w http.ResponseWriter, r *http.Request) {
	rec := recorded{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone()}
	ct := r.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "multipart/form-data"):
		if mr, err := r.MultipartReader(); err == nil {
			for p, err := mr.NextPart(); err == nil; p, err = mr.NextPart() {
				data, _ := io.ReadAll(p)
				rec.Parts = append(rec.Parts, part{p.FormName(), p.FileName(), p.Header.Get("Content-Type"), data})
			}
		}
	case r.Method == http.MethodPost:
		_ = r.ParseForm()
		rec.Form = r.PostForm
	}
	f.mu.Lock()
	f.requests = append(f.requests, rec)
	a, ok := f.answers[r.URL.Path]
	f.mu.Unlock()
	switch {
	case strings.HasPrefix(r.URL.Path, "/picker/"):
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><title>sharer</title>fake sharer")
	case ok:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(a.status)
		io.WriteString(w, a.body)
	default:
		http.NotFound(w, r)
	}
}

// waitFor returns the first request matching method and path, waiting up to 10 s.
func (f *fakeKakao) waitFor(t *testing.T, method, path string) recorded {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, r := range f.all() {
			if r.Method == method && r.Path == path {
				return r
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no %s %s reached the fake Kakao; it saw %v", method, path, f.paths())
	return recorded{}
}

func (f *fakeKakao) all() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.requests...)
}

// paths lists the requests seen, as "METHOD /path".
func (f *fakeKakao) paths() []string {
	var out []string
	for _, r := range f.all() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

// count returns how many requests with this method and path arrived.
func (f *fakeKakao) count(method, path string) int {
	n := 0
	for _, r := range f.all() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

// pageHTML loads kshare.js as a page would, pointed at the fake Kakao, and records
// navigations (cancelling them so the page stays, as if KakaoTalk were not installed)
// and console warnings.
const pageHTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>kshare e2e</title>
<script>
  window.__navs = [];
  window.__warns = [];
  navigation.addEventListener('navigate', (e) => {
    if (e.destination.url === location.href) return;
    window.__navs.push(e.destination.url);
    e.preventDefault();
  });
  const warn = console.warn;
  console.warn = (...a) => { window.__warns.push(a.join(' ')); warn.apply(console, a); };
</script>
<script src="/dist/kshare.js" data-emulator="{{ORIGIN}}"></script>
</head><body>
<button id="send">send</button>
<button id="b1">default</button> <button id="b2">custom</button> <button id="b3">scrap</button>
</body></html>`
