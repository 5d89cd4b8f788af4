package share

import (
	"strings"

	"github.com/kshare/kshare/share/jsvalue"
)

// This file holds what kshare keeps of SDK v1 (Kakao.Link) for pages written for it
// (DESIGN.md difference 16): the keys 2.7.4 refuses and v1.43.5 took, each accepted,
// validated as v1 validated it (a function; a string) and announced once per page with
// the key that replaces it.
//
//	success, fail, always   called as v1 called them: success and always with kapi's
//	                        {template_msg, warning_msg, argument_msg} once KakaoTalk is
//	                        launched (the talk path only: v1 calls neither on the web
//	                        sharer); fail and always with the error of a share that
//	                        fails, and with {error: "timeout", error_description:
//	                        "LINK_TIMEOUT"} when kapi takes over 10 s in Safari on an
//	                        iPhone ([LinkTimeout])
//	callback                called, with no argument, each time the web sharer reports
//	                        the message sent (v1's, and 2.2.0's, desktop callback)
//	androidExecParams,      in a link: v1's names of androidExecutionParams and
//	iosExecParams           iosExecutionParams, renamed on the wire as v1 renames them

// legacyKey is one v1 key and the sentence that replaces it.
type legacyKey struct{ key, instead string }

var (
	legacyCallbackKeys = []legacyKey{
		{"success", `"success" is a callback of the legacy Kakao.Link (SDK v1): use the Promise that send* returns (then)`},
		{"fail", `"fail" is a callback of the legacy Kakao.Link (SDK v1): use the Promise that send* returns (catch)`},
		{"always", `"always" is a callback of the legacy Kakao.Link (SDK v1): use the Promise that send* returns (finally)`},
		{"callback", `The "callback" parameter is deprecated: to learn that a message was sent, use serverCallbackArgs and the share webhook`},
	}
	legacyLinkKeys = [...]legacyKey{
		{"androidExecParams", `"androidExecParams" is the legacy name of a link's androidExecutionParams (SDK v1): use androidExecutionParams`},
		{"iosExecParams", `"iosExecParams" is the legacy name of a link's iosExecutionParams (SDK v1): use iosExecutionParams`},
	}
	// linkPaths are where the settings of a default template hold links.
	linkPaths = []string{"content.link", "headerLink", "link", "contents.link", "buttons.link"}
)

// legacyWarnings returns a warn step for each v1 key in settings (validated already)
// that this page has not been told of yet: "KakaoWarning: " and what replaces it.
func (s *Session) legacyWarnings(settings *jsvalue.Value) []Step {
	var steps []Step
	warn := func(k legacyKey) {
		if s.warnOnce(k.key) {
			steps = append(steps, Step{Op: OpWarn, Text: "KakaoWarning: " + k.instead})
		}
	}
	for _, k := range legacyCallbackKeys {
		if settings.Has(k.key) {
			warn(k)
		}
	}
	var used [len(legacyLinkKeys)]bool // each key, in any link: the links are walked once
	for _, p := range linkPaths {
		linkKeysAt(settings, p, &used)
	}
	for i, k := range legacyLinkKeys {
		if used[i] {
			warn(k)
		}
	}
	return steps
}

// linkKeysAt marks in used the v1 link keys held by the links at a dotted path of
// object keys, stepping into every element of an array. It reads the values in place,
// and takes no function: the settings it is given stay where they are (a value reached
// through a func would have to move to the heap).
func linkKeysAt(v *jsvalue.Value, path string, used *[len(legacyLinkKeys)]bool) {
	if path == "" {
		for i := range used {
			used[i] = used[i] || v.Has(legacyLinkKeys[i].key)
		}
		return
	}
	key, rest, _ := strings.Cut(path, ".")
	child := v.Member(key)
	switch {
	case child == nil:
	case child.Kind == jsvalue.Array:
		for i := range child.Elems {
			linkKeysAt(&child.Elems[i], rest, used)
		}
	default:
		linkKeysAt(child, rest, used)
	}
}

// LinkTimedOut returns the error a send's Promise rejects with when kapi has not
// answered within [LinkTimeout] in Safari on an iPhone, for a share given v1's fail or
// always (whose callbacks hear v1's own {error, error_description}).
func LinkTimedOut() error {
	return &Error{Code: CodeLinkTimeout, Message: "kshare: Kakao did not answer within 10 s (LINK_TIMEOUT)",
		Reason: "the share was not sent; SDK v1's fail and always were told"}
}
