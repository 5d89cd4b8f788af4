package e2e

// The browser SDK end to end (issue 3): web/dist served on 127.0.0.1, loaded by a page in
// Debian's chromium, every Kakao.Share function driven from the page, and what reaches
// Kakao checked by a fake Kakao server.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testKey = "e2e-js-key"

// golden reads an example of the share package's golden files: the settings it was made
// from (JSON) and its validation_params.
func golden(t *testing.T, name string) (settings, params string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "share", "testdata", "golden", name+".txt"))
	require.NoError(t, err)
	lines := strings.Split(string(b), "\n")
	head := lines[0]
	settings = head[strings.Index(head, "(")+1 : len(head)-1]
	for i, l := range lines {
		if l == "## validation_params" {
			params = lines[i+1]
		}
	}
	return settings, params
}

// openPage opens the test page in a tab that presents itself as d, waits for Kakao.ready
// and calls Kakao.init.
func openPage(t *testing.T, d device) (context.Context, *fakeKakao) {
	t.Helper()
	f := newFakeKakao(t)
	ctx := newTab(t, newBrowser(t), d)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(f.URL+"/page.html")))
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`Kakao.ready.then(() => true)`, chromedp.EvalAwaitPromise))
	require.NoError(t, err, "the engine starts")
	evalJS[any](t, ctx, `Kakao.init("`+testKey+`")`)
	return ctx, f
}

func evalJS[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	require.NoError(t, err, expr)
	return v
}

// thrown is what a call threw (or a rejected promise gave), as the page sees it.
type thrown struct {
	Threw   bool   `json:"threw"`
	Name    string `json:"name"`
	Code    any    `json:"code"`
	Field   string `json:"field"`
	Message string `json:"message"`
	IsError bool   `json:"isError"`
}

// catchJS runs a statement and reports what it threw or, for a promise, rejected with.
func catchJS(t *testing.T, ctx context.Context, stmt string) thrown {
	t.Helper()
	return evalJS[thrown](t, ctx, `(async () => {
		const describe = (e) => ({threw: true, name: e && e.name, code: e && e.code, field: e && e.field, message: e && e.message, isError: e instanceof Error});
		try { const r = (() => { return `+stmt+` })(); if (r && r.then) await r; return {threw: false} } catch (e) { return describe(e) }
	})()`)
}

// onClick makes a click on #id run stmt (so that it runs inside a user gesture), then
// clicks it.
func onClick(t *testing.T, ctx context.Context, id, stmt string) {
	t.Helper()
	evalJS[any](t, ctx, `document.getElementById("`+id+`").onclick = () => { window.__result = (() => { return `+stmt+` })(); }, 0`)
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID(id))))
}

func kaSegments(ka string) map[string]string {
	out := map[string]string{}
	for _, seg := range strings.Fields(ka) {
		k, v, _ := strings.Cut(seg, "/")
		out[k] = v
	}
	return out
}

func TestSDKDesktopPostsTheSharerForm(t *testing.T) {
	ctx, f := openPage(t, desktop)
	settings, params := golden(t, "feed-dessert")
	onClick(t, ctx, "send", `Kakao.Share.sendDefault(`+settings+`)`)
	post := f.waitFor(t, "POST", "/picker/link")

	assert.Equal(t, []string{testKey}, post.Form["app_key"])
	ka := kaSegments(post.Form.Get("ka"))
	assert.Equal(t, map[string]string{"sdk": "2.7.4", "os": "javascript", "sdk_type": "javascript",
		"lang": ka["lang"], "device": "Linux_x86_64", "origin": url.QueryEscape(f.URL)}, ka)
	assert.NotEmpty(t, ka["lang"])
	assert.Equal(t, "default", post.Form.Get("validation_action"))
	assert.Equal(t, params, post.Form.Get("validation_params"), "the wire form of the documentation's dessert feed")
	assert.NotContains(t, post.Form, "lcba")
	assert.Len(t, post.Form, 4, "app_key, ka, validation_action, validation_params")

	got := evalJS[map[string]string](t, ctx, `window.__result`)
	assert.Equal(t, map[string]string{"path": "web-sharer", "url": f.URL + "/picker/link"}, got, "the promise resolves once dispatched")
	assert.Equal(t, 0, evalJS[int](t, ctx, `document.querySelectorAll("form").length`), "the form is removed")
}

// TestSDKClickBeforeReadyOpensThePopupInTheGesture: a send made in a click while the
// engine is still loading opens the sharer popup inside the click (after it, the popup
// blocker would refuse it) and fills it once the engine is ready.
func TestSDKClickBeforeReadyOpensThePopupInTheGesture(t *testing.T) {
	f := newFakeKakao(t)
	gate := make(chan struct{})
	release := sync.OnceFunc(func() { close(gate) })
	t.Cleanup(release) // before the server closes, so that no request stays held
	f.mu.Lock()
	f.wasmGate = gate
	f.mu.Unlock()
	ctx := newTab(t, newBrowser(t), desktop)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(f.URL+"/page.html")))
	evalJS[any](t, ctx, `Kakao.init("`+testKey+`"), 0`)
	targets := chromedp.WaitNewTarget(ctx, func(info *target.Info) bool { return info.Type == "page" })
	onClick(t, ctx, "send", `Kakao.Share.sendCustom({templateId: 3135})`)
	select {
	case <-targets:
	case <-time.After(10 * time.Second):
		t.Fatal("no popup was opened inside the click")
	}
	assert.Equal(t, 0, f.count("POST", "/picker/link"), "nothing is sent before the engine is ready")
	release()
	post := f.waitFor(t, "POST", "/picker/link")
	assert.Equal(t, "custom", post.Form.Get("validation_action"))
	assert.Equal(t, map[string]string{"path": "web-sharer", "url": f.URL + "/picker/link"}, evalJS[map[string]string](t, ctx, `window.__result`))
}

func TestSDKMobileValidatesOnKapiAndLaunchesKakaoTalk(t *testing.T) {
	tests := []struct {
		name       string
		device     device
		wantDevice string
		wantNav    string
	}{
		{"android: intent URL", android, "Linux_armv81", "intent://send?appkey=" + testKey + "&appver=1.0&linkver=4.0&extras="},
		{"iphone: universal link", iphone, "iPhone", "/scheme/kakaolink%3A%2F%2Fsend%3Fappkey%3D" + testKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, f := openPage(t, tt.device)
			settings, params := golden(t, "text-callback-args")
			got := evalJS[map[string]string](t, ctx, `Kakao.Share.sendDefault(`+settings+`)`)
			assert.Equal(t, "talk", got["path"])

			kapi := f.waitFor(t, "GET", "/v2/api/kakaolink/talk/template/default")
			assert.Equal(t, "KakaoAK "+testKey, kapi.Header.Get("Authorization"))
			assert.Equal(t, "application/x-www-form-urlencoded", kapi.Header.Get("Content-Type"))
			assert.Equal(t, "no-cache, no-store, max-age=0, must-revalidate", kapi.Header.Get("Cache-Control"))
			assert.Equal(t, "no-cache", kapi.Header.Get("Pragma"))
			assert.Equal(t, tt.wantDevice, kaSegments(kapi.Header.Get("KA"))["device"])
			var p map[string]json.RawMessage
			require.NoError(t, json.Unmarshal([]byte(params), &p))
			assert.Equal(t, "4.0", kapi.Query.Get("link_ver"))
			assert.JSONEq(t, string(p["template_object"]), kapi.Query.Get("template_object"))

			navs := evalJS[[]string](t, ctx, `window.__navs`)
			require.Len(t, navs, 1)
			want := tt.wantNav
			if strings.HasPrefix(want, "/") {
				want = f.URL + want
			}
			assert.True(t, strings.HasPrefix(navs[0], want), navs[0])
			assert.Contains(t, navs[0], "lcba", "serverCallbackArgs rides in extras")
			assert.Equal(t, 0, f.count("POST", "/picker/link"), "no web sharer on a phone")
		})
	}
}

func TestSDKMobileFailureLandsOnPickerFailed(t *testing.T) {
	ctx, f := openPage(t, android)
	f.mu.Lock()
	f.answers["/v2/api/kakaolink/talk/template/validate"] = answer{401, `{"code":-401,"msg":"domain mismatched! caller=x. check out registered web domains."}`}
	f.mu.Unlock()
	got := catchJS(t, ctx, `Kakao.Share.sendCustom({templateId: 3135})`)
	assert.Equal(t, thrown{Threw: true, Name: "KakaoError", Code: float64(-401), Message: "domain mismatched! caller=x. check out registered web domains.", IsError: true}, got)
	navs := evalJS[[]string](t, ctx, `window.__navs`)
	require.Len(t, navs, 1)
	assert.True(t, strings.HasPrefix(navs[0], f.URL+"/picker/failed?app_key="+testKey+"&error="), navs[0])
}

func pngBytes(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 2, 3))
	img.Set(1, 2, color.RGBA{R: 255, A: 255})
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, img))
	return buf.Bytes()
}

func TestSDKImages(t *testing.T) {
	ctx, f := openPage(t, desktop)
	pngData := pngBytes(t)
	file := `new File([Uint8Array.from(atob("` + base64.StdEncoding.EncodeToString(pngData) + `"), (c) => c.charCodeAt(0))], "pixel.png", {type: "image/png"})`

	got := evalJS[map[string]any](t, ctx, `Kakao.Share.uploadImage({file: [`+file+`]})`)
	assert.Equal(t, "https://k.kakaocdn.net/dn/upload.png", got["infos"].(map[string]any)["original"].(map[string]any)["url"])
	up := f.waitFor(t, "POST", "/v2/api/talk/message/image/upload")
	require.Len(t, up.Parts, 1)
	assert.Equal(t, part{Name: "file", Filename: "pixel.png", ContentType: "image/png", Data: pngData}, up.Parts[0], "the real PNG, byte for byte")
	assert.Equal(t, "KakaoAK "+testKey, up.Header.Get("Authorization"))
	assert.NotEmpty(t, up.Header.Get("KA"))

	big := catchJS(t, ctx, `Kakao.Share.uploadImage({file: [new File([new Uint8Array(6 * 1024 * 1024)], "big.png", {type: "image/png"})]})`)
	assert.Equal(t, "file-too-large", big.Code)
	assert.Equal(t, "file[0]", big.Field)
	notImage := catchJS(t, ctx, `Kakao.Share.uploadImage({file: [new File(["hello"], "notes.txt", {type: "text/plain"})]})`)
	assert.Equal(t, "not-an-image", notImage.Code)
	assert.Equal(t, 1, f.count("POST", "/v2/api/talk/message/image/upload"), "refused files are never sent")

	scrap := evalJS[map[string]any](t, ctx, `Kakao.Share.scrapImage({imageUrl: "https://example.com/a b.jpg"})`)
	assert.Equal(t, float64(640), scrap["infos"].(map[string]any)["original"].(map[string]any)["width"])
	assert.Equal(t, "https://example.com/a b.jpg", f.waitFor(t, "POST", "/v2/api/talk/message/image/scrap").Form.Get("image_url"))
	evalJS[any](t, ctx, `Kakao.Share.deleteImage({imageUrl: "https://k.kakaocdn.net/dn/upload.png"})`)
	assert.Equal(t, "https://k.kakaocdn.net/dn/upload.png", f.waitFor(t, "DELETE", "/v2/api/talk/message/image/delete").Query.Get("image_url"))

	f.mu.Lock()
	f.answers["/v2/api/talk/message/image/upload"] = answer{400, `{"code":-602,"msg":"image too large"}`}
	f.mu.Unlock()
	rejected := catchJS(t, ctx, `Kakao.Share.uploadImage({file: `+file+`})`)
	assert.Equal(t, thrown{Threw: true, Name: "KakaoError", Code: float64(-602), Message: "image too large", IsError: true}, rejected,
		"Kakao's error: a KakaoError with Kakao's numeric code and message")
}

func TestSDKBlockedPopupRejectsAndLeavesNothing(t *testing.T) {
	ctx, f := openPage(t, desktop)
	// No user gesture: chromium's popup blocker refuses the sharer window.
	got := catchJS(t, ctx, `Kakao.Share.sendScrap({requestUrl: "https://developers.kakao.com"})`)
	assert.Equal(t, "popup-blocked", got.Code)
	assert.Equal(t, "KakaoError", got.Name)
	assert.Equal(t, 0, evalJS[int](t, ctx, `document.querySelectorAll("form").length`))
	time.Sleep(300 * time.Millisecond)
	assert.Equal(t, 0, f.count("POST", "/picker/link"))
}

func TestSDKButtonsAndCleanup(t *testing.T) {
	ctx, f := openPage(t, desktop)
	evalJS[any](t, ctx, `Kakao.Share.createDefaultButton({objectType: "text", text: "hello", link: {webUrl: "https://developers.kakao.com"}, container: "#b1"}), 0`)
	evalJS[any](t, ctx, `Kakao.Share.createCustomButton({templateId: 3135, templateArgs: {title: "t"}, container: document.getElementById("b2")}), 0`)
	evalJS[any](t, ctx, `Kakao.Share.createScrapButton({requestUrl: "https://developers.kakao.com", serverCallbackArgs: {key: "value"}, container: "#b3"}), 0`)
	for _, id := range []string{"b1", "b2", "b3"} {
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID(id))))
	}
	deadline := time.Now().Add(10 * time.Second)
	for f.count("POST", "/picker/link") < 3 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	var actions []string
	var lcba []string
	for _, r := range f.all() {
		if r.Method == "POST" && r.Path == "/picker/link" {
			actions = append(actions, r.Form.Get("validation_action"))
			lcba = append(lcba, r.Form.Get("lcba"))
		}
	}
	assert.Equal(t, []string{"default", "custom", "scrap"}, actions, "one share per click, each button its own")
	assert.Equal(t, []string{"", "", `{"key":"value"}`}, lcba)

	evalJS[any](t, ctx, `Kakao.Share.cleanup(), 0`)
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("b1"))))
	time.Sleep(300 * time.Millisecond)
	assert.Equal(t, 3, f.count("POST", "/picker/link"), "no handler after Share.cleanup")

	evalJS[any](t, ctx, `Kakao.cleanup(), 0`)
	assert.False(t, evalJS[bool](t, ctx, `Kakao.isInitialized()`))
	got := catchJS(t, ctx, `Kakao.Share.sendDefault({objectType: "text", text: "x", link: {}})`)
	assert.Equal(t, "not-initialized", got.Code)
	assert.Contains(t, got.Message, "Kakao.init")
}

func TestSDKLinkIsShareAndWarnsOnce(t *testing.T) {
	ctx, _ := openPage(t, desktop)
	assert.True(t, evalJS[bool](t, ctx, `Kakao.Link === Kakao.Share`))
	assert.Empty(t, evalJS[[]string](t, ctx, `window.__warns`), "reading Kakao.Link does not warn")
	catchJS(t, ctx, `Kakao.Link.sendCustom({})`)
	catchJS(t, ctx, `Kakao.Link.sendCustom({})`)
	assert.Equal(t, []string{"KakaoWarning: Kakao.Link is deprecated, use Kakao.Share"}, evalJS[[]string](t, ctx, `window.__warns`))
}

// TestSDKBadInputs: one bad input per family of rules, each a JS error with a name, a
// stable code and the field at fault.
func TestSDKBadInputs(t *testing.T) {
	ctx, _ := openPage(t, desktop)
	tests := []struct {
		name, stmt  string
		wantName    string
		wantCode    string
		wantField   string
		wantMessage string
	}{
		{"objectType", `Kakao.Share.sendDefault({objectType: "story"})`, "KakaoError", "invalid-object-type", "objectType", "objectType should be one of (feed, list, commerce, location, calendar, text)"},
		{"settings not an object", `Kakao.Share.sendCustom("3135")`, "Error", "params-not-object", "settings", "params should be an Object"},
		{"missing keys", `Kakao.Share.sendDefault({objectType: "commerce"})`, "KakaoError", "missing-keys", "content", "Missing required keys: content,commerce at Share.sendDefault"},
		{"invalid keys", `Kakao.Share.sendCustom({templateId: 1, onShared() {}})`, "KakaoError", "invalid-keys", "onShared", "Invalid parameter keys: onShared at Share.sendCustom"},
		{"illegal argument", `Kakao.Share.sendCustom({templateId: "3135"})`, "KakaoError", "illegal-argument", "templateId", `Illegal argument for "templateId" in Share.sendCustom`},
		{"nested rule", `Kakao.Share.sendDefault({objectType: "feed", content: {link: {webUrl: 5}}})`, "KakaoError", "illegal-argument", "content.link.webUrl", `Illegal argument for "webUrl" in parameter "link" in Share`},
		{"buttons size", `Kakao.Share.sendDefault({objectType: "feed", content: {link: {}}, buttons: [{title: "a", link: {}}, {title: "b", link: {}}, {title: "c", link: {}}]})`, "KakaoError", "too-many-buttons", "buttons", `Illegal argument for "buttons" in Share: size of buttons should be up to 2`},
		{"contents size", `Kakao.Share.sendDefault({objectType: "list", headerTitle: "h", headerLink: {}, contents: [{link: {}}]})`, "KakaoError", "contents-count", "contents", `Illegal argument for "contents" in Share: size of contents should be more than 1 and up to 3`},
		{"container", `Kakao.Share.createScrapButton({requestUrl: "u", container: "#missing"})`, "KakaoError", "container-not-found", "container", "container is required for KakaoTalk sharing: pass in element or id"},
		{"invalid selector", `Kakao.Share.createScrapButton({requestUrl: "u", container: "#a["})`, "KakaoError", "invalid-selector", "container", "container is required for KakaoTalk sharing: pass in element or id"},
		{"reserved callback key", `Kakao.Share.sendCustom({templateId: 1, serverCallbackArgs: {CHAT_TYPE: "x"}})`, "KakaoError", "reserved-key", "serverCallbackArgs.CHAT_TYPE", `Illegal argument for "serverCallbackArgs" in Share.sendCustom`},
		{"pickerSettings", `Kakao.Share.sendCustom({templateId: 1, pickerSettings: {limit: 0}})`, "KakaoError", "illegal-argument", "pickerSettings", `Illegal argument for "pickerSettings" in Share.sendCustom`},
		{"lone surrogate", `Kakao.Share.sendScrap({requestUrl: "http://a/\udc00"})`, "KakaoError", "malformed-string", "requestUrl", `Illegal argument for "requestUrl" in Share.sendScrap`},
		{"a cycle", `(() => { const a = {}; a.self = a; return Kakao.Share.sendCustom({templateId: 1, templateArgs: a}) })()`, "KakaoError", "unserializable-value", "templateArgs.self", `Illegal argument for "self"`},
		{"image type", `Kakao.Share.uploadImage({file: [new Blob(["x"])]})`, "KakaoError", "not-an-image", "file[0]", `Illegal argument for "file" in Share.uploadImage`},
		{"init", `Kakao.init("again")`, "KakaoError", "already-initialized", "", "Kakao.init: Already initialized"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := catchJS(t, ctx, tt.stmt)
			assert.True(t, got.Threw && got.IsError)
			assert.Equal(t, tt.wantName, got.Name)
			assert.Equal(t, tt.wantCode, got.Code)
			assert.Equal(t, tt.wantField, got.Field)
			assert.True(t, strings.HasPrefix(got.Message, tt.wantMessage), got.Message)
		})
	}
}

// TestSDKSurvivesAThousandMalformedCalls: the engine never stops; a valid call after a
// thousand bad ones succeeds.
func TestSDKSurvivesAThousandMalformedCalls(t *testing.T) {
	ctx, f := openPage(t, desktop)
	threw := evalJS[int](t, ctx, `(() => {
		const bad = [null, 5, "x", [], {objectType: 1}, {objectType: "list", contents: [null, null]},
			{objectType: "feed", content: {link: "x"}}, new Proxy({}, {ownKeys() { throw new Error("trap") }}),
			{objectType: "text", text: "\ud800", link: {}}, {get objectType() { throw new Error("getter") }},
			(() => { const o = {objectType: "feed"}; o.content = o; return o })(), {objectType: "feed", content: {link: {}}, buttons: 7}];
		let n = 0;
		for (let i = 0; i < 1000; i++) {
			try { Kakao.Share.sendDefault(bad[i % bad.length]) } catch (e) { if (e instanceof Error && e.code) n++ }
		}
		return n;
	})()`)
	assert.Equal(t, 1000, threw, "each malformed call throws a coded error")
	onClick(t, ctx, "send", `Kakao.Share.sendDefault({objectType: "text", text: "still working", link: {webUrl: "https://developers.kakao.com"}})`)
	post := f.waitFor(t, "POST", "/picker/link")
	assert.Contains(t, post.Form.Get("validation_params"), "still working")
}

// TestSDKRefusesHostileArguments: arguments that would keep the page busy, grow the
// engine's memory or call kshare from inside its own walk each fail with a KakaoError
// at their field, and the engine keeps working (issue 8; make bench times them).
func TestSDKRefusesHostileArguments(t *testing.T) {
	ctx, f := openPage(t, desktop)
	tests := []struct {
		name, settings    string
		wantCode, wantFld string
	}{
		{"a 100k-element array of objects", `{objectType: "feed", content: {link: {}}, buttons: Array.from({length: 100000}, () => ({title: "t", link: {}}))}`, "too-large", "buttons"},
		{"an object with 100k keys", `(() => { const o = {}; for (let i = 0; i < 100000; i++) o["k" + i] = i; return {objectType: "feed", content: {link: {}}, extras: o}; })()`, "too-large", "extras"},
		{"a 10 MB string", `{objectType: "feed", content: {imageUrl: "x".repeat(10 << 20), link: {}}}`, "too-large", "content.imageUrl"},
		{"a sparse array of length 2^32-1", `(() => { const a = []; a.length = 2 ** 32 - 1; return {objectType: "feed", content: {link: {}}, buttons: a}; })()`, "too-large", "buttons"},
		{"a re-entrant getter", `(() => { const s = {objectType: "feed", get content() { return Kakao.Share.sendDefault(s); }}; return s; })()`, "unserializable-value", "content"},
		{"a getter that throws 42", `{objectType: "feed", content: {get title() { throw 42; }, link: {}}}`, "unserializable-value", "content.title"},
		{"a Proxy whose traps throw", `{objectType: "feed", content: new Proxy({}, {ownKeys() { throw new Error("trap"); }})}`, "unserializable-value", "content"},
		{"nesting past the limit", `(() => { let v = {}; for (let i = 0; i < 100; i++) v = {v}; return {objectType: "feed", content: {link: {}}, extras: v}; })()`, "unserializable-value", "extras.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v.v"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := catchJS(t, ctx, `Kakao.Share.sendDefault(`+tt.settings+`)`)
			assert.True(t, got.Threw && got.IsError)
			assert.Equal(t, "KakaoError", got.Name)
			assert.Equal(t, tt.wantCode, got.Code)
			assert.Equal(t, tt.wantFld, got.Field)
			assert.Less(t, len(got.Message), 500, "the message quotes no more than a prefix: %.200s", got.Message)
		})
	}
	onClick(t, ctx, "send", `Kakao.Share.sendDefault({objectType: "text", text: "alive", link: {webUrl: "https://developers.kakao.com"}})`)
	post := f.waitFor(t, "POST", "/picker/link")
	assert.Contains(t, post.Form.Get("validation_params"), "alive", "the engine still shares")
}

// TestSDKSharesHeavyCallbackArgs: a serverCallbackArgs string of 30,000 numbers that
// would each be rounded digit by digit, or of an object with 30,000 keys, is only
// checked (nothing of it is built), and rides in the form as the page wrote it.
func TestSDKSharesHeavyCallbackArgs(t *testing.T) {
	keys := make([]string, 30000)
	for i := range keys {
		keys[i] = `"k` + strconv.Itoa(i) + `":1`
	}
	tests := []struct{ name, expr, want string }{
		{"30,000 hard numbers", `"[" + Array(30000).fill("2.2250738585072011e-308").join(",") + "]"`,
			"[" + strings.TrimSuffix(strings.Repeat("2.2250738585072011e-308,", 30000), ",") + "]"},
		{"an object with 30,000 keys", `JSON.stringify(Object.fromEntries(Array.from({length: 30000}, (_, i) => ["k" + i, 1])))`,
			"{" + strings.Join(keys, ",") + "}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, f := openPage(t, desktop)
			onClick(t, ctx, "send", `Kakao.Share.sendDefault({objectType: "text", text: "heavy", link: {webUrl: "https://developers.kakao.com"},
				serverCallbackArgs: `+tt.expr+`})`)
			post := f.waitFor(t, "POST", "/picker/link")
			assert.Equal(t, tt.want, post.Form.Get("lcba"))
		})
	}
}
