package e2e

// Real pages (issue 7): a page on one origin, kshare.js and the emulator on another
// (two ports of 127.0.0.1), as every page loads the official SDK from Kakao's CDN; with
// and without integrity, under a strict Content-Security-Policy, with a tampered or a
// hung kshare.wasm, on a phone, and inserted by the page's own code from the dist's
// emulated copy.

import (
	"context"
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/web/static"
)

const originsKey = "e2e-origins-js-key"

// pageScript drives the test page: #send shares its data-settings with sendDefault
// inside the click and keeps the outcome in window.__outcome. It is a file of the
// page's own origin, so a strict CSP allows it.
const pageScript = `document.getElementById("send").addEventListener("click", () => {
	window.__outcome = "pending";
	let p;
	try { p = Kakao.Share.sendDefault(JSON.parse(document.getElementById("send").dataset.settings)); }
	catch (e) { window.__outcome = "threw " + e.code; return; }
	p.then((v) => { window.__outcome = "resolved " + v.path; }, (e) => { window.__outcome = "rejected " + e.code + ": " + e.message; });
});`

// pageRecorder runs before the page's scripts (CSP does not apply to it): the page's
// globals at the start, and its CSP violations as "<directive> <blocked URI>".
const pageRecorder = `Object.defineProperty(window, "__globals", {value: Object.keys(window)});
Object.defineProperty(window, "__csp", {value: []});
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.effectiveDirective + " " + e.blockedURI));`

// originsPage is the test page: its script tag, then #send and /page.js.
func originsPage(c pageConfig) string {
	tag := ""
	if c.Src != "" {
		tag = `<script src="` + html.EscapeString(c.Src) + `"`
		for _, k := range slices.Sorted(maps.Keys(c.Attrs)) {
			tag += " " + k + `="` + html.EscapeString(c.Attrs[k]) + `"`
		}
		tag += "></script>"
	}
	return `<!doctype html>
<html><head><meta charset="utf-8"><title>a page using kshare</title>` + c.Head + tag + `</head><body>
<button id="send" data-settings='{"objectType":"text","text":"from another origin","link":{"webUrl":"https://developers.kakao.com","mobileWebUrl":"https://developers.kakao.com"}}'>share</button>
<script src="/page.js"></script>
</body></html>`
}

// pageConfig is one test page: its script tag and its Content-Security-Policy.
type pageConfig struct {
	// Head is more of the head, before the script tag (a preload).
	Head  string
	Src   string
	Attrs map[string]string
	CSP   string
}

// pageSite serves test pages on their own origin: /p/<name> is the page registered
// under name.
type pageSite struct {
	*httptest.Server
	pages map[string]pageConfig
	// raw is served at /legacy as it is.
	raw string
}

func newPageSite(t *testing.T) *pageSite {
	t.Helper()
	site := &pageSite{pages: map[string]pageConfig{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /page.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, pageScript)
	})
	mux.HandleFunc("GET /p/{name}", func(w http.ResponseWriter, r *http.Request) {
		c, ok := site.pages[r.PathValue("name")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if c.CSP != "" {
			w.Header().Set("Content-Security-Policy", c.CSP)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, originsPage(c))
	})
	mux.HandleFunc("GET /legacy", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, site.raw)
	})
	mux.HandleFunc("GET /favicon.ico", http.NotFound)
	site.Server = httptest.NewServer(mux)
	t.Cleanup(site.Close)
	return site
}

// add registers a page and returns its URL.
func (p *pageSite) add(name string, c pageConfig) string {
	p.pages[name] = c
	return p.URL + "/p/" + name
}

// originsApp is the emulator app whose origin is the page site's.
func originsApp(pageOrigin string) string {
	return `{"apps": [{"name": "a page elsewhere", "appKey": "` + originsKey + `", "adminKey": "e2e-origins-admin",
		"origins": ["` + pageOrigin + `"], "linkDomains": ["developers.kakao.com"]}]}`
}

// integrity is the build's integrity of a loader ("kshare.js", "emulated/kshare.js").
func integrity(t *testing.T, name string) string {
	t.Helper()
	return integrityOf(t, name).sri
}

// integrityOf is the line of web/dist/integrity.txt whose file starts with prefix.
func integrityOf(t *testing.T, prefix string) struct{ sri, file string } {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(moduleRoot(t), "web", "dist", "integrity.txt"))
	require.NoError(t, err, "make build writes it")
	for _, line := range strings.Split(string(b), "\n") {
		if sri, file, ok := strings.Cut(line, " "); ok && (file == prefix || strings.HasPrefix(file, prefix) && strings.HasSuffix(prefix, "=")) {
			return struct{ sri, file string }{sri, file}
		}
	}
	t.Fatalf("no integrity for %s in web/dist/integrity.txt", prefix)
	return struct{ sri, file string }{}
}

// openPage opens url in a tab of browser that presents itself as d, with the recorder.
func openPageTab(t *testing.T, browser context.Context, d device, url string) context.Context {
	t.Helper()
	tab := deviceTab(t, browser, d)
	addScript(t, tab, pageRecorder)
	do(t, tab, "open "+url, chromedp.Navigate(url))
	return tab
}

// ready waits for Kakao.ready and returns "ready", or the rejection's code and message.
func ready(t *testing.T, tab context.Context) string {
	t.Helper()
	return eval[string](t, tab, `Kakao.ready.then(() => "ready", (e) => e.code + ": " + e.message)`)
}

// shareOnDesktop clicks #send, and sends the message from the emulator's picker.
func shareOnDesktop(t *testing.T, s *server, tab context.Context, before int) {
	t.Helper()
	p := popup(t, tab, "#send")
	pickAndSend(t, p, "text", "memo", "")
	waitClosed(t, p)
	d := s.waitDelivery(t, before+1)
	assert.Equal(t, "text", d.ObjectType)
	assert.Equal(t, originsKey, d.App, "the page's own app")
	assert.Equal(t, "resolved web-sharer", eval[string](t, tab, `window.__outcome`))
}

func TestRealPagesFromAnotherOrigin(t *testing.T) {
	site := newPageSite(t)
	s := startServer(t, serverConfig{config: originsApp(site.URL)})
	browser := newBrowser(t)
	dist := s.URL + "/kshare.js"
	strict := "default-src 'self'; script-src 'self' " + s.URL + " 'wasm-unsafe-eval'; connect-src " + s.URL +
		"; form-action " + s.URL + "; img-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

	t.Run("a script tag on another origin", func(t *testing.T) {
		tab := openPageTab(t, browser, desktop, site.add("plain", pageConfig{Src: dist, Attrs: map[string]string{"data-emulator": s.URL}}))
		require.Equal(t, "ready", ready(t, tab))
		eval[any](t, tab, `Kakao.init("`+originsKey+`")`)
		shareOnDesktop(t, s, tab, len(s.deliveries(t)))
	})

	t.Run("pinned with integrity and crossorigin", func(t *testing.T) {
		tab := openPageTab(t, browser, desktop, site.add("sri", pageConfig{Src: dist, Attrs: map[string]string{
			"data-emulator": s.URL, "integrity": integrity(t, "kshare.js"), "crossorigin": "anonymous"}}))
		require.Equal(t, "ready", ready(t, tab))
		eval[any](t, tab, `Kakao.init("`+originsKey+`")`)
		shareOnDesktop(t, s, tab, len(s.deliveries(t)))
	})

	t.Run("a strict CSP: no violation, no global but Kakao", func(t *testing.T) {
		tab := openPageTab(t, browser, desktop, site.add("strict", pageConfig{Src: dist, CSP: strict, Attrs: map[string]string{
			"data-emulator": s.URL, "integrity": integrity(t, "kshare.js"), "crossorigin": "anonymous"}}))
		require.Equal(t, "ready", ready(t, tab))
		eval[any](t, tab, `Kakao.init("`+originsKey+`")`)
		shareOnDesktop(t, s, tab, len(s.deliveries(t)))
		assert.Empty(t, eval[[]string](t, tab, `window.__csp`), "no Content-Security-Policy violation")
		assert.Equal(t, []string{"Kakao"}, eval[[]string](t, tab, `Object.keys(window).filter((k) => !__globals.includes(k) && k !== "__outcome")`),
			"kshare adds Kakao, and its non-enumerable __kshare (__outcome is the page's)")
		for _, name := range []string{"Go", "fs", "process", "path"} {
			assert.False(t, eval[bool](t, tab, `"`+name+`" in window`), name)
		}
	})

	t.Run("a CSP whose form-action refuses the sharer: the send rejects", func(t *testing.T) {
		tab := openPageTab(t, browser, desktop, site.add("form-action", pageConfig{Src: dist,
			CSP:   strings.Replace(strict, "form-action "+s.URL, "form-action 'self'", 1),
			Attrs: map[string]string{"data-emulator": s.URL}}))
		require.Equal(t, "ready", ready(t, tab))
		eval[any](t, tab, `Kakao.init("`+originsKey+`")`)
		before := len(s.deliveries(t))
		id := clickOpens(t, tab, "#send")
		outcome := waitJS[string](t, tab, "the outcome", `window.__outcome !== "pending" && window.__outcome`)
		assert.True(t, strings.HasPrefix(outcome, "rejected form-blocked: the page's Content-Security-Policy blocked the KakaoTalk sharing form"), outcome)
		assert.Contains(t, outcome, "form-action directive must allow "+s.URL)
		waitGone(t, tab, id)
		assert.Equal(t, []string{"form-action " + s.URL + "/picker/link"}, eval[[]string](t, tab, `window.__csp`))
		assert.Len(t, s.deliveries(t), before)
	})

	t.Run("a preload of kshare.wasm is what the loader uses", func(t *testing.T) {
		wasm := integrityOf(t, "kshare.wasm?v=")
		preload := `<link rel="preload" href="` + s.URL + "/" + wasm.file + `" as="fetch" crossorigin="anonymous" integrity="` + wasm.sri + `">`
		tab := openPageTab(t, browser, desktop, site.add("preload", pageConfig{Head: preload, Src: dist, Attrs: map[string]string{"data-emulator": s.URL}}))
		require.Equal(t, "ready", ready(t, tab))
		assert.Equal(t, 1, eval[int](t, tab, `performance.getEntriesByName("`+s.URL+"/"+wasm.file+`").length`), "one download")
	})

	t.Run("an iPhone, the page on another origin", func(t *testing.T) {
		tab := openPageTab(t, browser, iphone, site.add("iphone", pageConfig{Src: dist, Attrs: map[string]string{"data-emulator": s.URL}}))
		require.Equal(t, "ready", ready(t, tab))
		eval[any](t, tab, `Kakao.init("`+originsKey+`")`)
		before := len(s.deliveries(t))
		do(t, tab, "tap share", chromedp.Tap(chromedp.ID("send")))
		loc := waitLocation(t, tab, s.URL+"/scheme/")
		assert.Contains(t, loc, "appkey%3D"+originsKey)
		pickAndSend(t, tab, "text", "friend-ryan", "")
		d := s.waitDelivery(t, before+1)
		assert.Equal(t, "talk", d.Via)
		assert.Equal(t, originsKey, d.App)
	})

	t.Run("inserted by the page's code, the emulated copy needs no attribute", func(t *testing.T) {
		tab := openPageTab(t, browser, desktop, site.add("inserted", pageConfig{}))
		eval[bool](t, tab, `(() => { const s = document.createElement("script"); s.src = "`+s.URL+`/emulated/kshare.js";
			s.integrity = "`+integrity(t, "emulated/kshare.js")+`"; s.crossOrigin = "anonymous"; document.head.appendChild(s); return true })()`)
		waitJS[bool](t, tab, "Kakao", `typeof Kakao === "object"`)
		require.Equal(t, "ready", ready(t, tab))
		eval[any](t, tab, `Kakao.init("`+originsKey+`")`)
		shareOnDesktop(t, s, tab, len(s.deliveries(t)))
	})
}

// TestRealPagesWhenTheEngineCannotLoad: a tampered kshare.wasm and one that never
// arrives both end in engine-unavailable, naming the file; the popup opened in the
// click is closed and the send rejects.
func TestRealPagesWhenTheEngineCannotLoad(t *testing.T) {
	root := moduleRoot(t)
	site := newPageSite(t)
	browser := newBrowser(t)

	t.Run("a tampered kshare.wasm", func(t *testing.T) {
		dist := copyDist(t, root)
		wasm := filepath.Join(dist, "kshare.wasm")
		b, err := os.ReadFile(wasm)
		require.NoError(t, err)
		b[len(b)/2] ^= 0xff
		require.NoError(t, os.WriteFile(wasm, b, 0o644))
		s := startServer(t, serverConfig{dist: dist, config: originsApp(site.URL)})
		tab := openPageTab(t, browser, desktop, site.add("tampered", pageConfig{Src: s.URL + "/kshare.js",
			Attrs: map[string]string{"data-emulator": s.URL, "integrity": integrity(t, "kshare.js"), "crossorigin": "anonymous"}}))
		got := ready(t, tab)
		assert.True(t, strings.HasPrefix(got, "engine-unavailable: The kshare engine could not be loaded: "+s.URL+"/kshare.wasm?v="), got)
		assert.Contains(t, got, "kshare.wasm does not match its integrity sha384-")
		assert.Equal(t, "engine-unavailable", eval[string](t, tab, `(() => { try { Kakao.init("k") } catch (e) { return e.code } })()`))
		assert.False(t, eval[bool](t, tab, `Kakao.isInitialized()`))
	})

	t.Run("a kshare.wasm that never arrives", func(t *testing.T) {
		hung := hungDist(t, filepath.Join(root, "web", "dist"))
		tab := openPageTab(t, browser, desktop, site.add("hung", pageConfig{Src: hung + "/kshare.js", Attrs: map[string]string{"data-timeout": "3000"}}))
		id := clickOpens(t, tab, "#send")
		assert.Equal(t, "pending", eval[string](t, tab, `window.__outcome`))
		got := ready(t, tab)
		assert.Equal(t, "engine-unavailable: The kshare engine could not be loaded: not ready within 3000 ms (data-timeout), waiting for kshare.wasm", got)
		waitGone(t, tab, id)
		assert.Equal(t, "rejected "+got, eval[string](t, tab, `window.__outcome`))
	})
}

// clickOpens clicks sel on tab and returns the target of the window the click opens,
// whatever it shows (a blank window opened inside the click, or one closed at once).
func clickOpens(t *testing.T, tab context.Context, sel string) target.ID {
	t.Helper()
	tabID := chromedp.FromContext(tab).Target.TargetID
	opened := chromedp.WaitNewTarget(tab, func(info *target.Info) bool { return info.OpenerID == tabID })
	do(t, tab, "click "+sel, chromedp.Click(chromedp.CSS(sel)))
	select {
	case id := <-opened:
		return id
	case <-time.After(stepTimeout):
		t.Fatalf("clicking %s opened no window", sel)
	}
	return ""
}

// waitGone waits until the window id is closed.
func waitGone(t *testing.T, tab context.Context, id target.ID) {
	t.Helper()
	require.Eventually(t, func() bool {
		targets, err := chromedp.Targets(tab)
		if err != nil {
			return false
		}
		for _, info := range targets {
			if info.TargetID == id {
				return false
			}
		}
		return true
	}, stepTimeout, 25*time.Millisecond, "the window opened by the click stays open")
}

// copyDist copies web/dist into a temporary directory.
func copyDist(t *testing.T, root string) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(root, "web", "dist")
	require.NoError(t, os.CopyFS(dir, os.DirFS(src)))
	return dir
}

// hungDist serves dist as the dev server does (web/static), but never answers a
// request for kshare.wasm until the test ends; it returns its URL.
func hungDist(t *testing.T, dist string) string {
	t.Helper()
	h, err := static.New(dist)
	require.NoError(t, err)
	t.Cleanup(func() { h.Close() })
	done := make(chan struct{})
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/kshare.wasm") {
			w.Header().Set("Access-Control-Allow-Origin", "*")
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			select {
			case <-done:
			case <-r.Context().Done():
			}
			return
		}
		h.ServeHTTP(w, r)
	}))
	srv.Start()
	t.Cleanup(func() { close(done); srv.Close() })
	return srv.URL
}

// TestLegacyPageRunsUnchanged: a page written for SDK v1 (Kakao.Link, success, fail,
// always, callback, androidExecParams), unchanged but for the script tag, shares on a
// computer and on a phone, and its callbacks are called once each with what v1 gave
// them (difference 16).
func TestLegacyPageRunsUnchanged(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "legacy.html"))
	require.NoError(t, err)
	site := newPageSite(t)
	s := startServer(t, serverConfig{config: originsApp(site.URL)})
	site.raw = strings.NewReplacer("{{KSHARE}}", s.URL, "{{KEY}}", originsKey).Replace(string(src))
	browser := newBrowser(t)
	warnings := []string{
		"KakaoWarning: Kakao.Link is deprecated, use Kakao.Share",
		`KakaoWarning: "success" is a callback of the legacy Kakao.Link (SDK v1): use the Promise that send* returns (then)`,
		`KakaoWarning: "fail" is a callback of the legacy Kakao.Link (SDK v1): use the Promise that send* returns (catch)`,
		`KakaoWarning: "always" is a callback of the legacy Kakao.Link (SDK v1): use the Promise that send* returns (finally)`,
		`KakaoWarning: The "callback" parameter is deprecated: to learn that a message was sent, use serverCallbackArgs and the share webhook`,
		`KakaoWarning: "androidExecParams" is the legacy name of a link's androidExecutionParams (SDK v1): use androidExecutionParams`,
		`KakaoWarning: "iosExecParams" is the legacy name of a link's iosExecutionParams (SDK v1): use iosExecutionParams`,
	}

	t.Run("a computer: the callback when the sharer reports the message sent", func(t *testing.T) {
		tab := deviceTab(t, browser, desktop)
		addScript(t, tab, warnRecorder)
		do(t, tab, "open the v1 page", chromedp.Navigate(site.URL+"/legacy"))
		require.Equal(t, "ready", ready(t, tab))
		before := len(s.deliveries(t))
		p := popup(t, tab, "#kakao-link-btn")
		pickAndSend(t, p, "feed", "memo", "")
		waitClosed(t, p)
		d := s.waitDelivery(t, before+1)
		assert.Equal(t, originsKey, d.App)
		assert.Equal(t, [][]any{{"callback"}}, waitJS[[][]any](t, tab, "the callback", `window.__calls.length && window.__calls`),
			"v1 calls the callback on the web sharer, and neither success nor always")
		assert.Equal(t, append(warnings, `KakaoWarning: content.imageUrl: "`+s.URL+`/emulator/icon.svg" is http: Kakao's scrap server fetches the image unencrypted, so it can be replaced on the way; use https instead.`),
			eval[[]string](t, tab, `window.__warnings`), "each v1 key is announced once, then what the doctor finds (the emulator is on)")
	})

	t.Run("a phone: success and always with kapi's result, the link's v1 keys renamed", func(t *testing.T) {
		tab := deviceTab(t, browser, android)
		addScript(t, tab, navRecorder)
		do(t, tab, "open the v1 page", chromedp.Navigate(site.URL+"/legacy"))
		require.Equal(t, "ready", ready(t, tab))
		do(t, tab, "tap share", chromedp.Tap(chromedp.ID("kakao-link-btn")))
		intent := waitJS[string](t, tab, "the intent", `window.__navs[0]`)
		calls := waitJS[[][]map[string]any](t, tab, "the callbacks", `window.__calls.length === 2 && window.__calls.map(([n, v]) => [{name: n}, v])`)
		require.Len(t, calls, 2)
		assert.Equal(t, "success", calls[0][0]["name"])
		assert.Equal(t, "always", calls[1][0]["name"])
		for _, c := range calls {
			assert.Equal(t, map[string]any{}, c[1]["warning_msg"])
			assert.Equal(t, map[string]any{}, c[1]["argument_msg"])
			tpl, _ := c[1]["template_msg"].(map[string]any)
			assert.Contains(t, tpl, "P", "kapi's template_msg")
		}
		q, err := url.ParseQuery(strings.TrimPrefix(strings.SplitN(intent, "#", 2)[0], "intent://send?"))
		require.NoError(t, err)
		assert.Contains(t, q.Get("template_json"), `"android_execution_params":"invite=1"`, "v1's androidExecParams on the wire as 2.x names it")
		assert.NotContains(t, q.Get("template_json"), "exec_params")
	})
}

// warnRecorder keeps the page's console warnings.
const warnRecorder = `window.__warnings = [];
const warn = console.warn.bind(console);
console.warn = (...a) => { window.__warnings.push(a.join(" ")); warn(...a); };`
