package share

import (
	"strings"

	"github.com/kshare/kshare/share/jsvalue"
)

// Invocation is one call of the page as the loader hands it to the engine: the
// function, its first argument, what the browser says about itself, and what the
// loader did or observed for it.
type Invocation struct {
	// Call is "init", "isInitialized", "cleanup" or a Kakao.Share function
	// ("Share.sendDefault", "Share.cleanup", ...).
	Call string
	// Arg is the call's first argument (the settings, or the app key of init).
	Arg jsvalue.Value
	// ArgError, when set, is why the loader could not read Arg (a cycle, a getter that
	// threw, a value over the bounds): the call fails with it once the checks that do
	// not read the argument (init already done, not initialized, data-emulator) pass.
	ArgError error
	// Env is what the browser says (its AppKey is ignored: the session has the key).
	Env Env
	// Screen is the geometry the sharer popup is centred with.
	Screen Screen
	// Container is the loader's lookup of a create*Button call's container.
	Container Lookup
	// Click marks a click on a container bound by this create*Button call.
	Click bool
	// Answer, when set, is the answer to the OpFetch of this call's plan: the plan
	// continues from it.
	Answer *Answer
}

// Lookup is what the loader found for create*Button's container: an element given as
// such, or the result of document.querySelector for a selector.
type Lookup struct {
	// Found is true when the container is an element.
	Found bool
	// SelectorError is the browser's message when querySelector threw (an invalid
	// selector), else "".
	SelectorError string
}

// Answer is what came back for an OpFetch: Kakao's status and body, or a network
// failure (NetworkError, the browser's message, non-empty).
type Answer struct {
	Status       int
	Body         string
	NetworkError string
}

// Session is the state of one page's Kakao object (the app key Kakao.init accepted,
// the hosts requests go to) and the function from each call to its [Plan]. It does no
// I/O and reads no clock: the bridge feeds it every call and answer, in order.
type Session struct {
	appKey      string
	initialized bool
	hosts       Hosts
	hostsErr    error
	// warned holds the warnings printed already: each is printed once per page.
	warned map[string]bool

	// Doctor, when true, leads the plan of each share and create*Button with a warn
	// step for each of the share doctor's warnings ([Diagnose]) not given yet on this
	// page: "KakaoWarning: <field>: <message>". NewSession sets it for the emulator;
	// the loader's setup call sets it for a script tag with data-debug.
	Doctor bool
	// SameKeyInit, when true, makes init with the key the page holds already a no-op
	// instead of "Kakao.init: Already initialized" (a deliberate difference, for the npm
	// package's module under React StrictMode, whose effects run twice); another key is
	// still refused. The script tag keeps 2.7.4's behaviour.
	SameKeyInit bool
	// Reuse, when true, builds each share and its plan (the wire form of its
	// validation_params, the steps, the form) in memory the session keeps from one Run
	// to the next, so that a call allocates nothing once that memory fits: a Plan is
	// then valid only until the next Run. The engine sets it, as it encodes each plan
	// before it serves the next call.
	Reuse bool
	sc    *scratch
}

// NewSession returns the session of a page whose script tag says emulator (the
// data-emulator base URL, "" for Kakao's hosts). An invalid emulator URL is not fatal:
// every Share call then fails with an error naming data-emulator.
func NewSession(emulator string) *Session {
	emulator = strings.Clone(emulator) // the hosts are kept: see Run
	s := &Session{hosts: ProductionHosts, Doctor: emulator != ""}
	if emulator != "" {
		h, err := EmulatorHosts(emulator)
		if err != nil {
			s.hostsErr = &Error{Code: CodeIllegalArgument, Field: "data-emulator",
				Message: "kshare: the data-emulator attribute of the script tag is not a base URL", Reason: err.Error()}
		}
		s.hosts = h
	}
	return s
}

// scratch returns the memory a share is built in, emptied: the session's with Reuse,
// else nil (every part allocated afresh). Not inlined: it would cost kshare.wasm about
// 900 bytes a call site.
//
//go:noinline
func (s *Session) scratch() *scratch {
	if !s.Reuse {
		return nil
	}
	if s.sc == nil {
		s.sc = new(scratch)
	}
	s.sc.reset()
	return s.sc
}

// Initialized reports whether Kakao.init has accepted an app key (and no
// Kakao.cleanup has cleared it since).
func (s *Session) Initialized() bool { return s.initialized }

// Run returns the plan of one call. It never panics on any Invocation: every failure is
// a Plan whose Throw, or whose reject or raise step, is an *Error.
//
//	init(key)              Throw AlreadyInitialized or the key's error, else the key is kept
//	isInitialized()        Return true or false
//	cleanup()              unbind every button, forget the key
//	Share.send*(s)         Throw a validation error; else the web-sharer steps (open,
//	                       submit, resolve) or the talk steps (fetch the template
//	                       validation, then from its Answer: launch KakaoTalk and
//	                       resolve, or navigate to picker/failed and reject)
//	Share.create*Button(s) Throw a validation error (the container included), else bind;
//	                       with Click: the steps of the send, failures raised
//	Share.uploadImage, scrapImage, deleteImage
//	                       Throw a validation error; else fetch, then from its Answer
//	                       resolve with Kakao's body or reject with its error
//	Share.cleanup()        unbind every button
//
// A call whose name starts "Link." instead of "Share." (made through Kakao.Link, v1's
// name) runs as the Share call, its plan led by a warning the first time.
//
// The session keeps no string of inv past Run, only copies, so that the engine may
// hand it strings in memory it writes the next call into; the plan's strings are inv's
// and are valid as long as inv's are.
func (s *Session) Run(inv Invocation) Plan {
	if fn, ok := strings.CutPrefix(inv.Call, "Link."); ok {
		inv.Call = "Share." + fn
		p := s.run(inv)
		if s.warnOnce("Kakao.Link") {
			p.Steps = append([]Step{{Op: OpWarn, Text: linkWarning}}, p.Steps...)
		}
		return p
	}
	return s.run(inv)
}

// linkWarning is what a page that calls through Kakao.Link is told, once.
const linkWarning = "KakaoWarning: Kakao.Link is deprecated, use Kakao.Share"

// warnOnce reports whether the warning named key has not been given yet on this page,
// and marks it given.
func (s *Session) warnOnce(key string) bool {
	if s.warned[key] {
		return false
	}
	if s.warned == nil {
		s.warned = map[string]bool{}
	}
	s.warned[key] = true
	return true
}

func (s *Session) run(inv Invocation) Plan {
	switch inv.Call {
	case "init":
		return s.init(inv.Arg, inv.ArgError)
	case "isInitialized":
		return Plan{Return: jsvalue.Bool(s.initialized)}
	case "cleanup":
		s.appKey, s.initialized = "", false
		return s.unbindAll()
	}
	if !strings.HasPrefix(inv.Call, "Share.") {
		return Plan{Throw: Internal("unknown call " + jsvalue.Quote(inv.Call))}
	}
	if !s.initialized {
		return refused(NotInitialized(inv.Call))
	}
	if s.hostsErr != nil {
		return refused(s.hostsErr)
	}
	if inv.ArgError != nil {
		return refused(inv.ArgError)
	}
	env := inv.Env
	env.AppKey = s.appKey
	switch call := Call(inv.Call); call {
	case SendDefault, SendCustom, SendScrap:
		return s.send(call, env, inv, false)
	case CreateDefaultButton, CreateCustomButton, CreateScrapButton:
		if inv.Click {
			return s.send(call, env, inv, true)
		}
		return s.create(call, inv)
	case UploadImage:
		return s.upload(env, inv)
	case ScrapImage, DeleteImage:
		return s.imageByURL(call, env, inv)
	case "Share.cleanup":
		return s.unbindAll()
	}
	return refused(Internal("unknown call " + jsvalue.Quote(inv.Call)))
}

// refused is the plan of a call that throws: the sharer window opened for it in the
// click, if any, is closed.
func refused(err error) Plan {
	return Plan{Throw: err, Steps: []Step{{Op: OpClose}}}
}

func (s *Session) init(arg jsvalue.Value, argErr error) Plan {
	if s.initialized {
		if key, err := CheckAppKey(arg); s.SameKeyInit && argErr == nil && err == nil && key == s.appKey {
			return Plan{}
		}
		return Plan{Throw: AlreadyInitialized()}
	}
	if argErr != nil {
		return Plan{Throw: argErr}
	}
	key, err := CheckAppKey(arg)
	if err != nil {
		return Plan{Throw: err}
	}
	s.appKey, s.initialized = strings.Clone(key), true // kept: see Run
	return Plan{}
}

// send is the plan of sendDefault, sendCustom and sendScrap, and of a click on a
// create*Button container (validated when it was bound).
func (s *Session) send(call Call, env Env, inv Invocation, click bool) Plan {
	sc := s.scratch()
	req, err := parse(call, inv.Arg, nil, sc)
	if err != nil {
		if click {
			return Plan{Steps: outcome{click: true}.fail([]Step{{Op: OpClose}}, err, false)}
		}
		return refused(err)
	}
	o := outcome{click: click, legacy: req.Legacy}
	var steps []Step
	if inv.Answer == nil && !click {
		steps = s.warnings(req, &inv.Arg)
	}
	var parts *envParts // what the browser, the hosts and the screen make of a share
	if inv.Answer == nil {
		parts = sc.partsFor(env, s.hosts, inv.Screen)
	}
	switch {
	case inv.Answer != nil:
		steps = talkAnswerSteps(req, env, s.hosts, *inv.Answer, o)
	case req.pathOn(parts.device) == PathWebSharer:
		steps = sharerSteps(steps, req, env.AppKey, s.hosts, parts, o, sc)
	default:
		steps = append(steps, talkSteps(req, env, s.hosts, o)...)
	}
	return Plan{Steps: steps}
}

// create is the plan of create*Button: everything validated now (difference 2), the
// container judged from the loader's lookup after the top-level rules, then bound.
func (s *Session) create(call Call, inv Invocation) Plan {
	sc := s.scratch()
	req, err := parse(call, inv.Arg, func(c jsvalue.Value) error {
		switch {
		case inv.Container.Found:
			return nil
		case inv.Container.SelectorError != "":
			return InvalidSelector(c.Str, inv.Container.SelectorError)
		}
		return ContainerNotFound(c.Str)
	}, sc)
	if err != nil {
		return Plan{Throw: err}
	}
	warnings := s.warnings(req, &inv.Arg)
	return Plan{Steps: append(append(sc.stepList(len(warnings)+1), warnings...), Step{Op: OpBind})}
}

// unbindAll is the plan of cleanup: every container unbound.
func (s *Session) unbindAll() Plan {
	return Plan{Steps: append(s.scratch().stepList(1), Step{Op: OpUnbindAll})}
}

// warnings are the warn steps of a share's settings: its v1 keys, then, with Doctor,
// what the share doctor finds; each once per page.
func (s *Session) warnings(req *Request, settings *jsvalue.Value) []Step {
	steps := s.legacyWarnings(settings)
	if !s.Doctor {
		return steps
	}
	for _, w := range Diagnose(req) {
		if s.warnOnce(w.Code + " " + w.Field) {
			steps = append(steps, Step{Op: OpWarn, Text: "KakaoWarning: " + w.Field + ": " + w.Message})
		}
	}
	return steps
}

func (s *Session) upload(env Env, inv Invocation) Plan {
	uploads, err := ParseUpload(inv.Arg)
	if err != nil {
		return Plan{Throw: err}
	}
	if inv.Answer != nil {
		return Plan{Steps: imageAnswerSteps(*inv.Answer)}
	}
	files := make([]int, len(uploads))
	for i, u := range uploads {
		files[i] = u.File.Ref
	}
	r := UploadRequest(env, s.hosts)
	return Plan{Steps: []Step{{Op: OpFetch, Request: &r, Files: files}}}
}

func (s *Session) imageByURL(call Call, env Env, inv Invocation) Plan {
	url, err := ParseImageURL(call, inv.Arg)
	if err != nil {
		return Plan{Throw: err}
	}
	if inv.Answer != nil {
		return Plan{Steps: imageAnswerSteps(*inv.Answer)}
	}
	build := DeleteImageRequest
	if call == ScrapImage {
		build = ScrapImageRequest
	}
	r := build(env, s.hosts, url)
	return Plan{Steps: []Step{{Op: OpFetch, Request: &r}}}
}
