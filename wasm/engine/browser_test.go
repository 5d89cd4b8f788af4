//go:build js && wasm && browser

package engine

// The browser tier (make test-wasm-browser: wasmbrowsertest in Debian's chromium): the
// engine on a real DOM, real events and the browser's real fetch and FormData. The page
// is wasmbrowsertest's; it answers every other path with an empty 200, which stands in
// for Kakao. Navigations are recorded by a window whose top is replaced, so the test page
// is never left.

import (
	"strings"
	"syscall/js"
	"testing"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/wasm/jsutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// browserPage is the engine on the real window, seen through a proxy that records
// window.open and navigations and may present another user agent.
type browserPage struct {
	e   *Engine
	rec js.Value // {opens: [], navigations: [], forms: []}
}

const proxyJS = `(ua) => {
  const rec = {opens: [], navigations: [], forms: []};
  const top = {location: {}};
  Object.defineProperty(top.location, 'href', {set(v) { rec.navigations.push(v) }});
  const nav = ua ? {userAgent: ua, platform: 'Linux armv81', maxTouchPoints: 5, language: navigator.language} : navigator;
  const win = new Proxy(window, {get(t, k) {
    if (k === 'top') return top;
    if (k === 'navigator') return nav;
    if (k === 'open') return (...a) => { rec.opens.push(a); return window.open(...a) };
    const v = Reflect.get(t, k);
    return typeof v === 'function' && !/^[A-Z]/.test(k) ? v.bind(t) : v;
  }});
  if (!HTMLFormElement.prototype.__recorded) {
    HTMLFormElement.prototype.__recorded = true;
    HTMLFormElement.prototype.submit = function () {
      window.__forms = window.__forms || [];
      window.__forms.push({action: this.getAttribute('action'), target: this.target, connected: this.isConnected,
        fields: Array.from(this.elements).map((e) => [e.name, e.value])});
    };
  }
  window.__forms = [];
  return [win, rec];
}`

func newBrowserPage(t *testing.T, ua, emulator string) *browserPage {
	t.Helper()
	pair := js.Global().Call("eval", "("+proxyJS+")").Invoke(ua)
	e := New(Config{Window: pair.Index(0), Emulator: emulator})
	_, err := e.Invoke("init", []js.Value{js.ValueOf(appKey)}, js.Undefined())
	require.NoError(t, err)
	t.Cleanup(func() { e.Invoke("cleanup", nil, js.Undefined()) })
	return &browserPage{e: e, rec: pair.Index(1)}
}

func addButton(t *testing.T, id string) js.Value {
	doc := js.Global().Get("document")
	el := doc.Call("createElement", "button")
	el.Set("id", id)
	doc.Get("body").Call("appendChild", el)
	t.Cleanup(func() { el.Call("remove") })
	return el
}

// click dispatches a bubbling, cancelable click and reports whether a listener on
// document saw it and whether its default was prevented.
func click(el js.Value) (bubbled, prevented bool) {
	doc := js.Global().Get("document")
	seen := false
	fn := js.FuncOf(func(js.Value, []js.Value) any { seen = true; return nil })
	defer fn.Release()
	doc.Call("addEventListener", "click", fn)
	defer doc.Call("removeEventListener", "click", fn)
	ev := js.Global().Get("MouseEvent").New("click", map[string]any{"bubbles": true, "cancelable": true})
	el.Call("dispatchEvent", ev)
	return seen, ev.Get("defaultPrevented").Bool()
}

func forms() js.Value { return js.Global().Get("__forms") }

func TestBrowserButtonBindsClicksOnTheRealDOM(t *testing.T) {
	p := newBrowserPage(t, "", "")
	el := addButton(t, "share-btn")
	_, err := p.e.Invoke("Share.createDefaultButton", []js.Value{jsEval(`{objectType: "text", text: "hello", link: {webUrl: "https://developers.kakao.com"}, container: "#share-btn"}`)}, js.Undefined())
	require.NoError(t, err)
	bubbled, prevented := click(el)
	assert.False(t, bubbled, "stopPropagation")
	assert.True(t, prevented, "preventDefault")
	require.Equal(t, 1, p.rec.Get("opens").Length(), "the sharer popup is opened from the click")
	assert.Equal(t, "sharer", p.rec.Get("opens").Index(0).Index(1).String())
	require.Equal(t, 1, forms().Length(), "the form is posted into the popup")
	f := forms().Index(0)
	assert.Equal(t, "https://sharer.kakao.com/picker/link", f.Get("action").String())
	assert.Equal(t, "sharer", f.Get("target").String())
	assert.True(t, f.Get("connected").Bool(), "the form is in the document when submitted")
	assert.Equal(t, 0, js.Global().Get("document").Call("querySelectorAll", "form").Length(), "the form is removed")
}

func TestBrowserRebindingReplacesAndCleanupRemoves(t *testing.T) {
	p := newBrowserPage(t, "", "")
	el := addButton(t, "rebind-btn")
	for _, text := range []string{"first", "second"} {
		settings := jsEval(`{objectType: "text", text: "` + text + `", link: {}}`)
		settings.Set("container", el)
		_, err := p.e.Invoke("Share.createDefaultButton", []js.Value{settings}, js.Undefined())
		require.NoError(t, err)
	}
	click(el)
	assert.Equal(t, 1, p.rec.Get("opens").Length(), "one handler: one popup per click")
	require.Equal(t, 1, forms().Length())
	assert.Contains(t, forms().Index(0).Get("fields").Index(3).Index(1).String(), `"text":"second"`)

	_, err := p.e.Invoke("Share.cleanup", nil, js.Undefined())
	require.NoError(t, err)
	bubbled, prevented := click(el)
	assert.True(t, bubbled, "after cleanup the click is the page's again")
	assert.False(t, prevented)
	assert.Empty(t, p.e.buttons)
}

func TestBrowserInvalidSelectorIsAKakaoError(t *testing.T) {
	p := newBrowserPage(t, "", "")
	_, err := p.e.Invoke("Share.createScrapButton", []js.Value{jsEval(`{requestUrl: "u", container: "#a["}`)}, js.Undefined())
	var e *share.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, share.CodeInvalidSelector, e.Code)
	assert.Contains(t, e.Reason, "not a valid selector", "the browser's SyntaxError is kept in the reason")
}

func TestBrowserTalkPathUsesRealFetch(t *testing.T) {
	origin := js.Global().Get("location").Get("origin").String()
	p := newBrowserPage(t, androidUA, origin)
	v, err := p.e.Invoke("Share.sendDefault", []js.Value{jsEval(feedJS)}, js.Undefined())
	require.NoError(t, err)
	_, err = jsutil.Await(v)
	require.Error(t, err, "the stand-in answers an empty 200, which is not a template")
	assert.Equal(t, "bad-response", err.(*jsutil.Rejection).Value.Get("code").String())
	navs := p.rec.Get("navigations")
	require.Equal(t, 1, navs.Length())
	assert.True(t, strings.HasPrefix(navs.Index(0).String(), origin+"/picker/failed?app_key="+appKey+"&error="), navs.Index(0).String())
}

func TestBrowserUploadUsesFormDataAndFetch(t *testing.T) {
	origin := js.Global().Get("location").Get("origin").String()
	p := newBrowserPage(t, "", origin)
	v, err := p.e.Invoke("Share.uploadImage", []js.Value{jsEval(`{file: [new File([new Uint8Array([137, 80, 78, 71])], "pixel.png", {type: "image/png"})]}`)}, js.Undefined())
	require.NoError(t, err)
	got, err := jsutil.Await(v)
	require.NoError(t, err)
	assert.Equal(t, "", got.String(), "the stand-in's empty 200 resolves with the raw text")

	_, err = p.e.Invoke("Share.uploadImage", []js.Value{jsEval(`{file: new File([new Uint8Array(6 * 1024 * 1024)], "big.png", {type: "image/png"})}`)}, js.Undefined())
	var e *share.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, share.CodeFileTooLarge, e.Code)
}
