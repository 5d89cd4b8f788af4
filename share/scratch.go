package share

import (
	"strings"

	"github.com/kshare/kshare/share/internal/slab"
	"github.com/kshare/kshare/share/jsvalue"
)

// scratch is the memory a session with Reuse builds each share and its plan in, kept
// from one Run to the next, and the parts of a plan that stay the same from one share to
// the next (made again only when the browser says something else). A nil *scratch
// allocates every part afresh (Parse, and sessions without Reuse), so that what is built
// may be kept.
type scratch struct {
	lists  jsvalue.Slab
	steps  slab.Of[Step]
	req    Request
	form   Form
	fields []Field // room for a sharer form's

	// parts were made for env (strings copied: see Session.Run), sharer and screen.
	parts  envParts
	made   bool
	env    Env
	sharer string
	screen Screen
}

// envParts are what a share's plan is built of that depends only on the browser, the
// session's hosts and the screen.
type envParts struct {
	_      [0]func() // not comparable: no equality function in kshare.wasm
	device device
	// ka is env.KA(); action where the sharer form goes, the URL its popup opens.
	ka, action                string
	popupBlocked, formBlocked error
	popup                     Popup
}

// reset makes everything the last Run built free for reuse.
func (sc *scratch) reset() {
	sc.lists.Reset()
	sc.steps.Reset()
}

// partsFor returns the parts of a share from env on h and s.
func (sc *scratch) partsFor(env Env, h Hosts, s Screen) *envParts {
	env.AppKey = "" // the session's, not the browser's
	if sc == nil {
		p := new(envParts)
		p.make(env, h, s)
		return p
	}
	if !sc.made || sc.env.UserAgent != env.UserAgent || sc.env.Language != env.Language || sc.env.Platform != env.Platform ||
		sc.env.Origin != env.Origin || sc.env.MaxTouchPoints != env.MaxTouchPoints || sc.sharer != h.Sharer || sc.screen != s {
		for _, p := range []*string{&env.Language, &env.Platform, &env.UserAgent, &env.Origin} {
			*p = strings.Clone(*p)
		}
		sc.parts.make(env, h, s)
		sc.made, sc.env, sc.sharer, sc.screen = true, env, h.Sharer, s
	}
	return &sc.parts
}

// make makes the parts for env on h and s.
func (p *envParts) make(env Env, h Hosts, s Screen) {
	p.device, p.ka, p.action = detect(env), env.KA(), sharerAction(h)
	p.popupBlocked, p.formBlocked, p.popup = frozen(PopupBlocked()), frozen(FormBlocked(p.action)), sharerPopup(p.action, s)
}

// slab is where a share's wire form is built.
func (sc *scratch) slab() *jsvalue.Slab {
	if sc == nil {
		return nil
	}
	return &sc.lists
}

// stepList returns an empty list of steps with room for n.
func (sc *scratch) stepList(n int) []Step {
	if sc == nil {
		return make([]Step, 0, n)
	}
	return sc.steps.Take(n)[:0]
}

// request returns an empty Request.
func (sc *scratch) request() *Request {
	if sc == nil {
		return &Request{}
	}
	sc.req = Request{}
	return &sc.req
}

// fieldList returns an empty list of form fields with room for a sharer form's.
func (sc *scratch) fieldList() []Field {
	if sc == nil {
		return make([]Field, 0, 6)
	}
	if sc.fields == nil {
		sc.fields = make([]Field, 0, 6)
	}
	return sc.fields[:0]
}

// keepForm returns where f is kept for the plan.
func (sc *scratch) keepForm(f Form) *Form {
	if sc == nil {
		p := new(Form)
		*p = f
		return p
	}
	sc.form = f
	return &sc.form
}
