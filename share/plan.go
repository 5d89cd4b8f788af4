package share

import (
	"strings"

	"github.com/kshare/kshare/share/jsvalue"
)

// This file holds what the engine answers: a Plan of Steps that the loader carries
// out in the page. Everything the page sees of a share (the popup, the form, the kapi
// request, the launch of KakaoTalk, the waits between, how a failure is reported) is
// decided here, as data; the loader only performs each step and feeds answers back
// (see [Session.Run]).

// Op names what a [Step] does.
type Op string

// The steps a plan is made of. The loader (js/kshare.js) performs each one as its
// comment says, in order, and stops at the first step whose Else runs.
const (
	// OpOpen opens Popup (window.open(URL, Name, Features)), or uses the sharer window
	// the loader opened inside the click for this call; Else runs when the browser
	// blocks it.
	OpOpen Op = "open"
	// OpSubmit appends Form to the document as a hidden form, submits it into its
	// target window and removes it, then watches for Wait whether the page's
	// Content-Security-Policy blocked it (a securitypolicyviolation of form-action for
	// Form.Action); Else runs when it did.
	OpSubmit Op = "submit"
	// OpClose closes the sharer window the loader opened inside the click for this
	// call, if there is one and the share does not use it.
	OpClose Op = "close"
	// OpFetch sends Request with fetch (Files, when set, as multipart parts named
	// Request.FileField, in order); its answer (status and text, or the network
	// failure) is handed back to the engine with the same call ([Invocation.Answer]),
	// whose plan continues.
	OpFetch Op = "fetch"
	// OpWait waits Wait.
	OpWait Op = "wait"
	// OpNavigate sets top.location.href (location.href when the top window is out of
	// reach) to URL.
	OpNavigate Op = "navigate"
	// OpIframe appends a hidden 0×0 iframe with id and name appLauncher and src URL.
	OpIframe Op = "iframe"
	// OpIfVisible runs Then when document.visibilityState is not "hidden".
	OpIfVisible Op = "ifVisible"
	// OpResolve resolves the call's Promise with Value.
	OpResolve Op = "resolve"
	// OpReject rejects the call's Promise with Err.
	OpReject Op = "reject"
	// OpRaise reports Err as an uncaught exception, from a timer: what a click on a
	// create*Button container has no Promise to report with.
	OpRaise Op = "raise"
	// OpBind binds this create*Button call to its container: a click handler that
	// calls preventDefault and stopPropagation and runs the call with
	// [Invocation.Click]. A binding on the same container is replaced (difference 15).
	OpBind Op = "bind"
	// OpUnbindAll removes every binding of create*Button.
	OpUnbindAll Op = "unbindAll"
	// OpWarn prints Text with console.warn.
	OpWarn Op = "warn"
	// OpCall calls the page's function Ref with Value, or with the JS error of Err when
	// set (SDK v1's success, fail and always, difference 16); what it throws is reported
	// as an uncaught exception.
	OpCall Op = "call"
	// OpOnSent calls the page's function Ref, with no argument, on every message event
	// whose data is "sent" and whose origin is URL (the web sharer reports a message
	// sent), until the sharer window is closed (SDK v1's callback).
	OpOnSent Op = "onSent"
)

// Step is one thing the loader does; which fields it reads depends on Op.
type Step struct {
	Op Op
	// URL is where OpNavigate and OpIframe go.
	URL string
	// Popup is the window OpOpen opens.
	Popup *Popup
	// Form is what OpSubmit posts.
	Form *Form
	// Request is what OpFetch sends; Files are the page's File objects (the Ref of each
	// value, see [jsvalue.Value]) sent as its multipart parts.
	Request *HTTPRequest
	Files   []int
	// Wait is OpWait's delay, how long OpSubmit watches for a blocked form, and, when
	// positive for OpFetch, how long its answer may take (then Else runs instead, and a
	// later answer is dropped), in milliseconds.
	Wait int
	// Ref is the page's function OpCall and OpOnSent call.
	Ref int
	// Value is what OpResolve resolves with; Err what OpReject and OpRaise report.
	Value jsvalue.Value
	Err   error
	// Text is what OpWarn prints.
	Text string
	// Else runs instead of the rest of the plan when OpOpen, OpSubmit or OpFetch (past
	// Wait) fails.
	Else []Step
	// Then is what OpIfVisible runs.
	Then []Step
}

// Plan is the engine's answer to one call: what the call returns to the page (Return,
// or Throw when set), and the steps to carry out, starting inside the call (so that a
// popup opens within the page's click) and continuing after its waits and fetches.
type Plan struct {
	Return jsvalue.Value
	Throw  error
	Steps  []Step
}

// FormWatch is how long the loader watches for a Content-Security-Policy violation
// after submitting the sharer form. Browsers report a form-action violation
// asynchronously, once the navigation has started (about 120 ms after submit() in
// headless Chromium on a 2-core machine); a send's Promise resolves after this.
const FormWatch = 400 // milliseconds

// outcome says who hears of a share's outcome: the Promise of a send* call, or nobody
// but the console for a click on a create*Button container; and the callbacks of SDK v1
// the share was given.
type outcome struct {
	click  bool
	legacy Legacy
}

// settle appends to steps the steps of a share dispatched: the send's Promise resolved
// with v, and, on the talk path, v1's success and always called with kapi's result
// (result is nil on the web sharer, where v1 calls neither).
func (o outcome) settle(steps []Step, v jsvalue.Value, result *jsvalue.Value) []Step {
	if !o.click {
		steps = append(steps, Step{Op: OpResolve, Value: v})
	}
	if result != nil {
		steps = o.call(steps, *result, nil, o.legacy.Success, o.legacy.Always)
	}
	return steps
}

// fail appends to steps the steps that report err: a send's Promise rejects with it,
// and v1's fail and always are called with it. A click has no Promise: what already
// landed on picker/failed (landed), as the official SDK reports a talk-path failure, or
// what v1's fail or always hears, is not thrown again; anything else is thrown as an
// uncaught exception, as the official SDK throws from its click handler.
func (o outcome) fail(steps []Step, err error, landed bool) []Step {
	switch {
	case !o.click:
		steps = append(steps, Step{Op: OpReject, Err: err})
	case !landed && o.legacy.Fail == 0 && o.legacy.Always == 0:
		steps = append(steps, Step{Op: OpRaise, Err: err})
	}
	return o.call(steps, jsvalue.Value{}, err, o.legacy.Fail, o.legacy.Always)
}

// call appends a call of each given function with v, or with err when set.
func (o outcome) call(steps []Step, v jsvalue.Value, err error, refs ...int) []Step {
	for _, ref := range refs {
		if ref != 0 {
			steps = append(steps, Step{Op: OpCall, Ref: ref, Value: v, Err: err})
		}
	}
	return steps
}

// dispatched is what a send's Promise resolves with: {path, url}, its members taken from
// slab.
func dispatched(p Path, url string, slab *jsvalue.Slab) jsvalue.Value {
	return jsvalue.Value{Kind: jsvalue.Object, Members: append(slab.Members(2),
		jsvalue.M("path", jsvalue.Str(string(p))), jsvalue.M("url", jsvalue.Str(url)))}
}

// sharerSteps appends to steps the web-sharer path (protocol §5.3): the popup, v1's
// callback called each time the sharer reports the message sent (listened for before
// the form goes, so that no report is missed), the form posted into it, then the
// Promise resolved with {path: "web-sharer", url: <form action>}.
//
// parts are what stays the same from one share to the next (the action, the two
// errors, ka, the popup: [scratch.partsFor]); the lists come from sc: the two else
// branches share one (each at most close, reject or raise, and v1's fail and always),
// the steps another.
func sharerSteps(steps []Step, req *Request, appKey string, h Hosts, parts *envParts, o outcome, sc *scratch) []Step {
	form := sc.keepForm(req.sharerForm(appKey, parts.ka, parts.action, sc))
	elses := o.fail(sc.stepList(7), parts.popupBlocked, false)
	popupElse := elses[:len(elses):len(elses)]
	elses = o.fail(append(elses, Step{Op: OpClose}), parts.formBlocked, false)
	formElse := elses[len(popupElse):len(elses):len(elses)]
	steps = append(append(sc.stepList(len(steps)+6), steps...), Step{Op: OpOpen, Popup: &parts.popup, Else: popupElse})
	if req.Legacy.Callback != 0 {
		steps = append(steps, Step{Op: OpOnSent, Ref: req.Legacy.Callback, URL: originOf(h.Sharer)})
	}
	steps = append(steps, Step{Op: OpSubmit, Form: form, Wait: FormWatch, Else: formElse})
	return o.settle(steps, dispatched(PathWebSharer, form.Action, sc.slab()), nil)
}

// LinkTimeout is how long SDK v1.43.5 waits for kapi's answer in Safari on an iPhone
// before it calls fail and always with its LINK_TIMEOUT error (100 polls of 100 ms).
const LinkTimeout = 10000 // milliseconds

// talkSteps start the talk path (protocol §5.4 step 1): no popup, and the template
// validation on kapi, whose answer continues in [talkAnswerSteps]. A share given v1's
// fail or always, in Safari on an iPhone, waits [LinkTimeout] for the answer, as v1.43.5
// did: then they hear {error: "timeout", error_description: "LINK_TIMEOUT"} and the
// share stops.
func talkSteps(req *Request, env Env, h Hosts, o outcome) []Step {
	r := req.TemplateRequest(env, h)
	fetch := Step{Op: OpFetch, Request: &r}
	ua := lowerASCII(env.UserAgent)
	if (req.Legacy.Fail != 0 || req.Legacy.Always != 0) && strings.Contains(ua, "iphone") && strings.Contains(ua, "version/") {
		timeout := jsvalue.Obj(jsvalue.M("error", jsvalue.Str("timeout")), jsvalue.M("error_description", jsvalue.Str("LINK_TIMEOUT")))
		fetch.Wait = LinkTimeout
		if !o.click {
			fetch.Else = []Step{{Op: OpReject, Err: LinkTimedOut()}}
		}
		fetch.Else = o.call(fetch.Else, timeout, nil, req.Legacy.Fail, req.Legacy.Always)
	}
	return []Step{{Op: OpClose}, fetch}
}

// talkAnswerSteps continue the talk path from kapi's answer: the KakaoTalk link and its
// launch (steps 2 and 3), or the failure page picker/failed (difference 6).
func talkAnswerSteps(req *Request, env Env, h Hosts, a Answer, o outcome) []Step {
	link, tpl, err := talkLink(req, env, a)
	if err != nil {
		return o.fail([]Step{{Op: OpNavigate, URL: FailureURL(h, env.AppKey, FailurePayload(err))}}, err, true)
	}
	l := req.Launch(env, h, link)
	steps := wait(nil, l.Delay)
	switch l.Kind {
	case LaunchUnsupported:
		return o.fail(steps, UnsupportedEnvironment(env.UserAgent), false)
	case LaunchIframe:
		steps = append(steps, Step{Op: OpIframe, URL: l.URL})
	default:
		steps = append(steps, Step{Op: OpNavigate, URL: l.URL})
	}
	result := v1Result(tpl)
	steps = o.settle(steps, dispatched(PathTalk, l.URL, nil), &result)
	if l.StoreURL != "" {
		steps = wait(steps, l.StoreDelay-l.Delay)
		steps = append(steps, Step{Op: OpIfVisible, Then: []Step{{Op: OpNavigate, URL: l.StoreURL}}})
	}
	return steps
}

// talkLink reads kapi's answer and builds the KakaoTalk link from it.
func talkLink(req *Request, env Env, a Answer) (TalkLink, TalkTemplate, error) {
	if a.NetworkError != "" {
		return TalkLink{}, TalkTemplate{}, NetworkError(a.NetworkError)
	}
	tpl, err := ParseTemplateAnswer(a.Status, a.Body)
	if err != nil {
		return TalkLink{}, tpl, err
	}
	link, err := req.TalkLink(env, tpl)
	return link, tpl, err
}

// v1Result is what SDK v1's success and always get on the talk path: kapi's
// template_msg, warning_msg and argument_msg, each {} when the answer has none.
func v1Result(t TalkTemplate) jsvalue.Value {
	orEmpty := func(v jsvalue.Value) jsvalue.Value {
		if !v.Truthy() {
			return jsvalue.Obj()
		}
		return v
	}
	return jsvalue.Obj(jsvalue.M("template_msg", orEmpty(t.Msg)), jsvalue.M("warning_msg", orEmpty(t.Warning)),
		jsvalue.M("argument_msg", orEmpty(t.Argument)))
}

// wait appends a wait of d milliseconds to steps when d is positive.
func wait(steps []Step, d int) []Step {
	if d <= 0 {
		return steps
	}
	return append(steps, Step{Op: OpWait, Wait: d})
}

// imageAnswerSteps settle an image call from Kakao's answer: its parsed body, or the
// KakaoError of Kakao's error (difference 14), or the network failure.
func imageAnswerSteps(a Answer) []Step {
	if a.NetworkError != "" {
		return outcome{}.fail(nil, NetworkError(a.NetworkError), false)
	}
	v, err := ParseImageAnswer(a.Status, a.Body)
	if err != nil {
		return outcome{}.fail(nil, err, false)
	}
	return outcome{}.settle(nil, v, nil)
}
