// Package demo is kshare's demo page: one page that drives every Kakao.Share function
// against the local Kakao emulator, and compat.html, Kakao's documentation examples as
// written for the official SDK, unchanged but for the script tag and the key.
//
// # Routes
//
// [Handler] answers, for GET and HEAD:
//
//	/                the demo page
//	/compat.html     the documentation's examples for the official SDK
//	/demo/demo.css   the page's stylesheet
//	/demo/demo.js    the page's script
//
// Both pages load <script src="/kshare.js" data-emulator="<origin>">, where origin is
// the origin the request came to (http://<Host header>), so the demo works on whatever
// address the server listens on, and call Kakao.init with [AppKey]. Everything is
// embedded and served from the same origin: nothing comes from the network (but the
// images the examples name, which are Kakao's). The assets are named with a hash of
// their content (?v=<hash>) and cached for a year under that name.
//
// # The demo page
//
// For each example of [Examples] the page shows an editor (a textarea holding the
// settings as JSON), a button whose click handler calls Kakao.Share.send*, a
// container bound with Kakao.Share.create*Button (every container is bound again,
// after Kakao.Share.cleanup, when an editor changes), and a live preview: the
// emulator's rendering of the settings (POST /emulator/preview, asking for JSON), in a
// shadow root, with the share doctor's warnings under it.
// Then uploadImage from a file input (the URL and a thumbnail, and a button that puts
// the URL into the feed's content.imageUrl), scrapImage and deleteImage, every error
// with its name, code, field and message, the demo app's webhook inbox (/inbox/events,
// then /inbox/stream?since=<seq>), and the emulator's delivery log
// (/emulator/deliveries).
//
// The query parameter appkey=<key> makes the page use another JavaScript key (an app
// of the emulator's -config file, or a wrong key to see the error).
//
// The page runs under a strict Content-Security-Policy (its own scripts, no eval), as
// README recommends for pages: kshare loads under it without a violation.
//
// Stable ids for tests, for an example id X (feed, list, location, commerce, text,
// calendar, custom, scrap, scrap-template): #example-X (data-call), #editor-X,
// #send-X, #button-X (the create*Button container; data-bound "true" or "false"),
// #reset-X, #status-X, #error-X (data-code, data-field; .error-message),
// #preview-X (data-state "loading", "ok" or "error", data-object-type; its shadow
// root holds the emulator's #kshare-preview), #preview-error-X (data-code,
// data-field), #warnings-X (the preview's warnings: li[data-code][data-field], each with
// its message; hidden when there is none). Elsewhere: #engine-status (data-state loading, ready or failed),
// #sdk-version, #app-key, #upload-file, #upload-send, #upload-result, #upload-url,
// #upload-size, #upload-thumb, #upload-use, #scrap-image-url, #scrap-image-send,
// #delete-image-url, #delete-image-send, #image-result, #image-error (data-code,
// data-field), #inbox-status (data-state connecting, live or down), #inbox-list
// (li.inbox-entry#inbox-<seq>: data-chat-type, data-hash-chat-id, data-template-id,
// dd[data-param=CHAT_TYPE|HASH_CHAT_ID|TEMPLATE_ID], dd[data-arg=<key>]),
// #deliveries-body (tr: data-id, data-state, data-app), #deliveries-refresh,
// #deliveries-clear, #error-log (li: data-code, data-field), #error-log-clear.
package demo

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"html"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"
)

// AppKey is the JavaScript key the pages pass to Kakao.init: the emulator's demo app.
const AppKey = "kshare-demo-js-key"

//go:embed page.html
var pageFS embed.FS

// compatPage is compat.html with two placeholders, __KSHARE_ORIGIN__ and
// __KSHARE_APP_KEY__. It is not an html/template, which would strip the documentation's
// comments.
//
//go:embed compat.html
var compatPage string

//go:embed assets
var assetFS embed.FS

//go:embed examples/*.json
var exampleFS embed.FS

var page = template.Must(template.New("").ParseFS(pageFS, "page.html")).Lookup("page.html")

// Example is one editor of the demo page.
type Example struct {
	// ID names the example in element ids (#editor-<ID>, ...) and, but for the text
	// message (which keeps the documentation's {"key": "value"}), in its
	// serverCallbackArgs {"example": ID}.
	ID string
	// Title is the example's heading; About says where it comes from.
	Title, About string
	// Kind is Default, Custom or Scrap: the page calls Kakao.Share.send<Kind> and
	// Kakao.Share.create<Kind>Button.
	Kind string
	// Settings is the settings object as JSON, as the editor starts.
	Settings string
	// Rows is the editor's height in lines: Settings' lines, within 8 and 24.
	Rows int
}

// Examples are the demo page's editors, in order: Kakao's documentation examples (the
// calendar's ${EVENT_ID} given a value), each with serverCallbackArgs added where the
// documentation has none, so that every share calls the demo's webhook.
var Examples = loadExamples([]Example{
	{ID: "feed", Kind: "Default", Title: "Feed: 오늘의 디저트",
		About: "The documentation's feed: a picture, a profile, five cake items with a sum, social counts and two buttons."},
	{ID: "list", Kind: "Default", Title: "List: WEEKLY MAGAZINE",
		About: "A header and three contents."},
	{ID: "location", Kind: "Default", Title: "Location",
		About: "An address under the content; KakaoTalk adds a 위치 보기 button."},
	{ID: "commerce", Kind: "Default", Title: "Commerce",
		About: "A product with its regular price, discount rate and discounted price."},
	{ID: "text", Kind: "Default", Title: "Text with serverCallbackArgs",
		About: "The documentation's text message, with the serverCallbackArgs of its webhook guide: the webhook carries key=value."},
	{ID: "calendar", Kind: "Default", Title: "Calendar",
		About: "A Talk Calendar event: idType and id."},
	{ID: "custom", Kind: "Custom", Title: "Custom template 3135",
		About: "templateId names a template of the app (the emulator's demo app has 3135: a feed with ${title} and ${description}); templateArgs fill it. The webhook carries TEMPLATE_ID."},
	{ID: "scrap", Kind: "Scrap", Title: "Scrap",
		About: "requestUrl is scraped for its Open Graph tags. The emulator fetches loopback pages only (try this server's own address); other pages are shown as their URL."},
	{ID: "scrap-template", Kind: "Scrap", Title: "Scrap into template 3135",
		About: "With templateId, the scraped title, description, image and url fill the template, overridden by templateArgs."},
})

func loadExamples(list []Example) []Example {
	for i := range list {
		b, err := exampleFS.ReadFile("examples/" + list[i].ID + ".json")
		if err != nil {
			panic("demo: " + err.Error())
		}
		if !json.Valid(b) {
			panic("demo: examples/" + list[i].ID + ".json is not JSON")
		}
		list[i].Settings = strings.TrimSpace(string(b))
		list[i].Rows = min(max(strings.Count(list[i].Settings, "\n")+2, 8), 24)
	}
	return list
}

// asset is an embedded file served under /demo/.
type asset struct {
	name, contentType string
	data              []byte
	hash              string
}

var assets = loadAssets(map[string]string{"demo.css": "text/css; charset=utf-8", "demo.js": "text/javascript; charset=utf-8"})

func loadAssets(types map[string]string) map[string]*asset {
	out := map[string]*asset{}
	for name, ct := range types {
		data, err := fs.ReadFile(assetFS, "assets/"+name)
		if err != nil {
			panic("demo: " + err.Error())
		}
		sum := sha256.Sum256(data)
		out[name] = &asset{name: name, contentType: ct, data: data, hash: hex.EncodeToString(sum[:6])}
	}
	return out
}

// pageView is what the page templates get.
type pageView struct {
	Origin   string
	AppKey   string
	CSS, JS  string
	Examples []Example
}

// pageCSP is the demo page's Content-Security-Policy: its own scripts only (kshare.js
// loads wasm_exec.js as a script and compiles the wasm), inline styles for the
// previews' shadow roots, images from anywhere (the examples' and the uploaded ones).
const pageCSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' http: https: data: blob:; connect-src 'self'; form-action 'self'; " +
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// Handler returns the handler of the package's routes; other paths are 404.
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", servePage)
	mux.HandleFunc("GET /compat.html", serveCompat)
	mux.HandleFunc("GET /demo/{name}", serveAsset)
	return mux
}

// origin is the origin the request came to.
func origin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// servePage answers the demo page.
func servePage(w http.ResponseWriter, r *http.Request) {
	v := pageView{
		Origin: origin(r), AppKey: AppKey, Examples: Examples,
		CSS: "/demo/demo.css?v=" + assets["demo.css"].hash,
		JS:  "/demo/demo.js?v=" + assets["demo.js"].hash,
	}
	var buf bytes.Buffer
	if err := page.Execute(&buf, v); err != nil {
		http.Error(w, "demo: rendering the page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	writeHTML(w, buf.Bytes(), pageCSP)
}

// serveCompat answers compat.html. The page is the documentation's, with its inline
// scripts: it has no Content-Security-Policy, like the pages it stands for.
func serveCompat(w http.ResponseWriter, r *http.Request) {
	body := strings.NewReplacer("__KSHARE_ORIGIN__", html.EscapeString(origin(r)), "__KSHARE_APP_KEY__", AppKey).Replace(compatPage)
	writeHTML(w, []byte(body), "")
}

func writeHTML(w http.ResponseWriter, body []byte, csp string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	if csp != "" {
		h.Set("Content-Security-Policy", csp)
	}
	_, _ = w.Write(body)
}

// serveAsset answers /demo/<name>: cached for a year when ?v= is the file's hash,
// revalidated (ETag) otherwise.
func serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := assets[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("ETag", `"`+a.hash+`"`)
	if r.URL.Query().Get("v") == a.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, a.name, time.Time{}, bytes.NewReader(a.data))
}
