package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/kshare/kshare/web/static"
)

//go:embed pages/harness.js
var harnessJS string

// server serves, on 127.0.0.1, the builds under test and the bench's own pages:
//
//	/dist/…      the build under test (web/dist), through web/static as the demo server does
//	/floor/…     the same loader around the floor module
//	/names/…     the build with the wasm name section kept (for -profile)
//	/official/kakao.min.js   the official SDK, when there is one
//	/bench/harness.js        the in-page harness (stubs and timed loops)
//	/bench/page.html?sdk=dist|names|floor|official[&split=1]   a page for the timed loops
//	                                                     (split: engine.call timed too)
//	/bench/load.html?sdk=dist|floor|padded&load=eager|interaction&n=…   a page for load timing
//
// Every answer is sent with COOP and COEP, so that the pages are cross-origin isolated
// and performance.now() has its fine resolution (5 µs, not 100 µs).
type server struct {
	URL      string
	srv      *http.Server
	ln       net.Listener
	handlers []*static.Handler

	feedJSON string // the dessert feed's settings, as JSON text
	official string // the official kakao.min.js, or ""

	mu   sync.Mutex
	seen []request
}

// request is one request the server answered, for the checks of what a page fetched:
// its path, and the n parameter of the page that made it ("" for none).
type request struct {
	path, page string
}

func newServer(dirs map[string]string, feedJSON, official string) (*server, error) {
	s := &server{feedJSON: feedJSON, official: official}
	mux := http.NewServeMux()
	for prefix, dir := range dirs {
		h, err := static.New(dir)
		if err != nil {
			s.closeHandlers()
			return nil, fmt.Errorf("%s: %w", dir, err)
		}
		s.handlers = append(s.handlers, h)
		mux.Handle("/"+prefix+"/", http.StripPrefix("/"+prefix, h))
	}
	mux.HandleFunc("/official/kakao.min.js", func(w http.ResponseWriter, r *http.Request) {
		if s.official == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFile(w, r, s.official)
	})
	mux.HandleFunc("/bench/harness.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		fmt.Fprint(w, harnessJS)
	})
	mux.HandleFunc("/bench/page.html", s.page)
	mux.HandleFunc("/bench/load.html", s.loadPage)
	mux.HandleFunc("/favicon.ico", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		s.closeHandlers()
		return nil, err
	}
	s.ln = ln
	s.URL = "http://" + ln.Addr().String()
	s.srv = &http.Server{Handler: s.record(mux), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// record notes each request and adds the isolation headers.
func (s *server) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page := ""
		if u, err := url.Parse(r.Referer()); err == nil {
			page = u.Query().Get("n")
		}
		s.mu.Lock()
		s.seen = append(s.seen, request{path: r.URL.Path, page: page})
		s.mu.Unlock()
		w.Header().Set("Cross-Origin-Opener-Policy", "same-origin")
		w.Header().Set("Cross-Origin-Embedder-Policy", "require-corp")
		next.ServeHTTP(w, r)
	})
}

// requested counts the requests for path made by the bench page numbered n (its n
// parameter, which makes each page's URL its own).
func (s *server) requested(path string, n int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	want := strconv.Itoa(n)
	count := 0
	for _, r := range s.seen {
		if r.path == path && r.page == want {
			count++
		}
	}
	return count
}

func (s *server) closeHandlers() {
	for _, h := range s.handlers {
		h.Close()
	}
}

// close stops the server and waits for its connections to end.
func (s *server) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = s.srv.Close()
	}
	s.closeHandlers()
	return err
}

// scriptData writes v as a JavaScript literal that is safe inside <script> (json.Marshal
// escapes <, > and &).
func scriptData(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // strings only
	}
	return string(b)
}

// page is the page of the timed loops: the harness (stubs first), then the SDK.
func (s *server) page(w http.ResponseWriter, r *http.Request) {
	var sdk string
	switch r.URL.Query().Get("sdk") {
	case "dist":
		sdk = `<script src="/dist/kshare.js"></script>`
	case "names":
		sdk = `<script src="/names/kshare.js"></script>`
	case "floor":
		sdk = `<script src="/floor/kshare.js"></script>`
	case "floor-alloc":
		sdk = `<script src="/floor-alloc/kshare.js"></script>`
	case "official":
		sdk = `<script src="/official/kakao.min.js"></script>`
	default:
		http.Error(w, "sdk must be dist, names, floor or official", http.StatusBadRequest)
		return
	}
	if r.URL.Query().Get("split") == "1" {
		sdk += "\n<script>__bench.wrapEngine();</script>"
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintf(w, `<!doctype html>
<html><head><meta charset="utf-8"><title>kshare bench: %s</title>
<script>window.__feedText = %s;</script>
<script src="/bench/harness.js"></script>
%s
</head><body><div id="boxes"></div></body></html>
`, html.EscapeString(r.URL.Query().Get("sdk")), scriptData(s.feedJSON), sdk)
}

// loadPage is the page of the load timings: a long-task observer before anything else,
// the loader with data-load, and Kakao.ready noted when it settles, with marks of when
// the wasm was instantiated and the engine became ready. With
// load=interaction it binds #share with createDefaultButton, whose hover loads the
// engine.
func (s *server) loadPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	dir := q.Get("sdk")
	if dir != "dist" && dir != "floor" && dir != "padded" {
		http.Error(w, "sdk must be dist, floor or padded", http.StatusBadRequest)
		return
	}
	load := q.Get("load")
	if load != "eager" && load != "interaction" {
		http.Error(w, "load must be eager or interaction", http.StatusBadRequest)
		return
	}
	bind := ""
	if load == "interaction" {
		bind = `<script>
Kakao.init('k');
Kakao.Share.createDefaultButton(Object.assign(JSON.parse(window.__feedText), {container: '#share'}));
</script>`
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintf(w, `<!doctype html>
<html><head><meta charset="utf-8"><title>kshare load: %[1]s %[2]s</title>
<script>
window.__longtasks = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longtasks.push({start: e.startTime, duration: e.duration});
  }).observe({type: 'longtask', buffered: true});
} catch (e) { window.__longtasks = null; }
window.__feedText = %[3]s;
// Marks of the engine's start: the wasm compiled and instantiated, then the engine
// ready (its Go runtime and main have run on the main thread by then).
window.__marks = {};
for (const name of ['instantiateStreaming', 'instantiate']) {
  const f = WebAssembly[name];
  WebAssembly[name] = function () {
    return f.apply(this, arguments).then((r) => { window.__marks.instantiated = performance.now(); return r; });
  };
}
</script>
<script src="/%[1]s/kshare.js" data-load="%[2]s"></script>
<script>
window.__ready = Kakao.ready.then(() => (window.__marks.attach = performance.now()), (e) => ({error: String(e && e.message)}));
</script>
</head><body>
<div id="share" style="position:absolute;left:20px;top:20px;width:160px;height:48px;background:#fee500">share</div>
%[4]s
</body></html>
`, dir, load, scriptData(s.feedJSON), bind)
}
