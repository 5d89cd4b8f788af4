//go:build js && wasm

package engine

import (
	"syscall/js"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/wasm/jsutil"
)

// This file holds the engine's contact with the page: what the browser says about
// itself, the popup and its form, navigation, iframes and fetch.

// env reads what the official SDK reads from the browser for the current app key.
func (e *Engine) env() share.Env {
	nav := e.win.Get("navigator")
	loc := e.win.Get("location")
	lang := str(nav.Get("userLanguage"))
	if lang == "" {
		lang = str(nav.Get("language"))
	}
	origin := str(loc.Get("protocol")) + "//" + str(loc.Get("hostname"))
	if port := str(loc.Get("port")); port != "" {
		origin += ":" + port
	}
	return share.Env{
		AppKey: e.appKey, Language: lang, Platform: str(nav.Get("platform")),
		UserAgent: str(nav.Get("userAgent")), MaxTouchPoints: int(num(nav.Get("maxTouchPoints"))),
		Origin: origin,
	}
}

// screen reads the geometry the sharer popup is centred with.
func (e *Engine) screen() share.Screen {
	scr := e.win.Get("screen")
	s := share.Screen{Width: num(scr.Get("width")), Height: num(scr.Get("height"))}
	s.Left, s.Top = num(e.win.Get("screenLeft")), num(e.win.Get("screenTop"))
	if e.win.Get("screenLeft").Type() != js.TypeNumber {
		s.Left, s.Top = num(e.win.Get("screenX")), num(e.win.Get("screenY"))
	}
	return s
}

func str(v js.Value) string {
	if v.Type() == js.TypeString {
		return v.String()
	}
	return ""
}

func num(v js.Value) float64 {
	if v.Type() == js.TypeNumber {
		return v.Float()
	}
	return 0
}

// openPopup opens the sharer popup, or reuses the window the loader opened inside the
// user's gesture. It returns false when the browser blocked it.
func (e *Engine) openPopup(preopened js.Value) bool {
	if usable(preopened) {
		return true
	}
	p := share.SharerPopup(e.hosts, e.screen())
	w := e.win.Call("open", p.URL, p.Name, p.Features)
	return usable(w)
}

func usable(w js.Value) bool {
	return w.Type() == js.TypeObject && !w.Get("closed").Truthy()
}

// closeWindow closes a window the loader opened that the share does not use.
func closeWindow(w js.Value) {
	if usable(w) {
		w.Call("close")
	}
}

// submit posts a hidden form into its target window, then removes it.
func (e *Engine) submit(f share.Form) {
	doc := e.win.Get("document")
	form := doc.Call("createElement", "form")
	form.Call("setAttribute", "accept-charset", "utf-8")
	form.Call("setAttribute", "method", "post")
	form.Call("setAttribute", "action", f.Action)
	form.Call("setAttribute", "target", f.Target)
	form.Get("style").Set("display", "none")
	for _, fl := range f.Fields {
		in := doc.Call("createElement", "input")
		in.Set("type", "hidden")
		in.Set("name", fl.Name)
		in.Set("value", fl.Value)
		form.Call("appendChild", in)
	}
	body := doc.Get("body")
	body.Call("appendChild", form)
	form.Call("submit")
	body.Call("removeChild", form)
}

// navigate sends the top window to url, as the official SDK does (the page itself when
// the top window is out of reach).
func (e *Engine) navigate(url string) {
	defer func() {
		if recover() != nil {
			e.win.Get("location").Set("href", url)
		}
	}()
	e.win.Get("top").Get("location").Set("href", url)
}

// launchInIframe loads url in a hidden 0×0 iframe named appLauncher.
func (e *Engine) launchInIframe(url string) {
	doc := e.win.Get("document")
	f := doc.Call("createElement", "iframe")
	f.Set("id", "appLauncher")
	f.Set("name", "appLauncher")
	f.Get("style").Set("display", "none")
	f.Set("width", 0)
	f.Set("height", 0)
	f.Set("src", url)
	doc.Get("body").Call("appendChild", f)
}

// visible reports whether the page is still shown (KakaoTalk did not take over).
func (e *Engine) visible() bool {
	return str(e.win.Get("document").Get("visibilityState")) != "hidden"
}

// fetch sends r with the browser's fetch (body, when set, replaces r.Body: FormData for
// uploads) and returns the status and the text of the answer. It blocks: goroutines only.
func (e *Engine) fetch(r share.HTTPRequest, body js.Value) (int, string, error) {
	headers := jsutil.Object.New()
	for _, h := range r.Header {
		headers.Set(h.Name, h.Value)
	}
	init := jsutil.Object.New()
	init.Set("method", r.Method)
	init.Set("headers", headers)
	init.Set("cache", "no-store")
	switch {
	case body.Truthy():
		init.Set("body", body)
	case r.Body != "":
		init.Set("body", r.Body)
	}
	resp, err := jsutil.Await(e.win.Call("fetch", r.URL, init))
	if err != nil {
		return 0, "", share.NetworkError(r.Method + " " + r.URL + ": " + err.Error())
	}
	text, err := jsutil.Await(resp.Call("text"))
	if err != nil {
		return 0, "", share.NetworkError("reading the answer of " + r.URL + ": " + err.Error())
	}
	return resp.Get("status").Int(), text.String(), nil
}

// goSafe runs fn in a goroutine; a panic in it is handed to onPanic as an internal error.
func goSafe(fn func(), onPanic func(error)) {
	go func() {
		defer func() {
			if p := recover(); p != nil {
				onPanic(share.Internal("panic: " + jsutil.PanicText(p)))
			}
		}()
		fn()
	}()
}
