//go:build js && wasm

package engine

import (
	"syscall/js"
	"time"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/wasm/jsconv"
	"github.com/kshare/kshare/wasm/jsutil"
)

// Dispatched is what a send* Promise resolves with once the share went out.
type Dispatched struct {
	// Path is "web-sharer" (popup and form) or "talk" (KakaoTalk launched).
	Path string
	// URL is the sharer form's action or the URL KakaoTalk was launched with.
	URL string
}

// jsValue returns d as the plain object {path, url} the page gets.
func (d Dispatched) jsValue() js.Value {
	return js.ValueOf(map[string]any{"path": d.Path, "url": d.URL})
}

// send is sendDefault, sendCustom and sendScrap: validation errors are returned (thrown
// by the loader); the share itself is reported by the returned native Promise, resolved
// once dispatched and rejected when it fails (difference 5).
func (e *Engine) send(call share.Call, arg, popup js.Value) (js.Value, error) {
	var rd jsconv.Reader
	s, err := rd.Read(arg, "")
	if err == nil {
		var req *share.Request
		if req, err = share.Parse(call, s, nil); err == nil {
			p, resolve, reject := jsutil.NewPromise()
			e.dispatch(req, popup, func(d Dispatched, err error) {
				if err != nil {
					reject(jsconv.Error(err))
					return
				}
				resolve(d.jsValue())
			})
			return p, nil
		}
	}
	closeWindow(popup)
	return js.Undefined(), err
}

// dispatch sends a validated share on the path the browser calls for. done is called
// once, from this call (web sharer) or from a goroutine (talk path).
func (e *Engine) dispatch(req *share.Request, popup js.Value, done func(Dispatched, error)) {
	env := e.env()
	if req.Path(env) == share.PathWebSharer {
		if !e.openPopup(popup) {
			done(Dispatched{}, share.PopupBlocked())
			return
		}
		f := req.SharerForm(env, e.hosts)
		e.submit(f)
		done(Dispatched{Path: string(share.PathWebSharer), URL: f.Action}, nil)
		return
	}
	closeWindow(popup)
	goSafe(func() { e.talk(req, env, done) }, func(err error) { done(Dispatched{}, err) })
}

// talk runs the talk path (protocol §5.4): validate on kapi, build the KakaoTalk link,
// launch it; a failure lands on picker/failed as in the official SDK (difference 6).
func (e *Engine) talk(req *share.Request, env share.Env, done func(Dispatched, error)) {
	fail := func(err error) {
		e.navigate(share.FailureURL(e.hosts, env.AppKey, share.FailurePayload(err)))
		done(Dispatched{}, err)
	}
	status, body, err := e.fetch(req.TemplateRequest(env, e.hosts), js.Undefined())
	if err != nil {
		fail(err)
		return
	}
	tpl, err := share.ParseTemplateAnswer(status, body)
	if err != nil {
		fail(err)
		return
	}
	link, err := req.TalkLink(env, tpl)
	if err != nil {
		fail(err)
		return
	}
	l := req.Launch(env, e.hosts, link)
	time.Sleep(l.Delay)
	switch l.Kind {
	case share.LaunchUnsupported:
		done(Dispatched{}, share.UnsupportedEnvironment(env.UserAgent))
		return
	case share.LaunchIframe:
		e.launchInIframe(l.URL)
	default:
		e.navigate(l.URL)
	}
	done(Dispatched{Path: string(share.PathTalk), URL: l.URL}, nil)
	if l.StoreURL != "" {
		time.Sleep(l.StoreDelay - l.Delay)
		if e.visible() {
			e.navigate(l.StoreURL)
		}
	}
}
