package share

import (
	"strconv"
	"strings"

	"github.com/kshare/kshare/share/jsvalue"
)

// Code names a kind of failure. Codes are stable and kebab-case; the bridge hands them
// to the page as error.code.
type Code string

// The codes of [Error].
const (
	// CodeParamsNotObject: the settings (or a nested link, content, button or item) are
	// not an object. The official SDK throws a plain Error here, not a KakaoError.
	CodeParamsNotObject Code = "params-not-object"
	// CodeObjectType: objectType is missing or not one of the six template types.
	CodeObjectType Code = "invalid-object-type"
	// CodeMissingKeys: required keys are absent.
	CodeMissingKeys Code = "missing-keys"
	// CodeInvalidKeys: keys the call does not know.
	CodeInvalidKeys Code = "invalid-keys"
	// CodeIllegalArgument: a value of the wrong type or out of range.
	CodeIllegalArgument Code = "illegal-argument"
	// CodeTooManyButtons: more than two buttons.
	CodeTooManyButtons Code = "too-many-buttons"
	// CodeContentsCount: a list template without two or three contents.
	CodeContentsCount Code = "contents-count"
	// CodeContainer: create*Button's container matches no element.
	CodeContainer Code = "container-not-found"
	// CodeInvalidSelector: create*Button's container is not a valid CSS selector.
	CodeInvalidSelector Code = "invalid-selector"
	// CodeReservedKey: serverCallbackArgs uses CHAT_TYPE, HASH_CHAT_ID or TEMPLATE_ID.
	CodeReservedKey Code = "reserved-key"
	// CodeMalformedString: a string holds a lone UTF-16 surrogate.
	CodeMalformedString Code = "malformed-string"
	// CodeUnserializable: a value JSON cannot carry (a cycle, or nesting too deep).
	CodeUnserializable Code = "unserializable-value"
	// CodeNotAFile: uploadImage got something that is not a File or Blob.
	CodeNotAFile Code = "not-a-file"
	// CodeNotAnImage: uploadImage got a file whose type is not image/*.
	CodeNotAnImage Code = "not-an-image"
	// CodeFileTooLarge: uploadImage got a file over 5 MB.
	CodeFileTooLarge Code = "file-too-large"
	// CodeSizeLimit: the KakaoTalk link is over the message size limit.
	CodeSizeLimit Code = "size-limit"
	// CodeUnsupportedEnvironment: the talk path was chosen on a system that cannot
	// launch KakaoTalk (neither Android nor iOS).
	CodeUnsupportedEnvironment Code = "unsupported-environment"
	// CodeNotInitialized: a Share call before Kakao.init or after Kakao.cleanup.
	CodeNotInitialized Code = "not-initialized"
	// CodeAlreadyInitialized: Kakao.init called twice.
	CodeAlreadyInitialized Code = "already-initialized"
	// CodeAppKey: Kakao.init without a string app key.
	CodeAppKey Code = "app-key-required"
	// CodePopupBlocked: the browser refused to open the sharer popup.
	CodePopupBlocked Code = "popup-blocked"
	// CodeKAPI: Kakao's server answered with an error; KakaoCode holds its number.
	CodeKAPI Code = "kapi-error"
	// CodeBadResponse: Kakao's server answered 200 with a body kshare cannot use.
	CodeBadResponse Code = "bad-response"
	// CodeNetwork: the request did not reach Kakao's server or got no answer.
	CodeNetwork Code = "network-error"
	// CodeFormBlocked: the page's Content-Security-Policy (form-action) blocked the
	// sharer form.
	CodeFormBlocked Code = "form-blocked"
	// CodeTooLarge: the arguments are larger than kshare reads (see the bridge's
	// bounds in wasm/bridge).
	CodeTooLarge Code = "too-large"
	// CodeLinkTimeout: kapi did not answer within SDK v1's LINK_TIMEOUT, for a share
	// given v1's fail or always.
	CodeLinkTimeout Code = "link-timeout"
	// CodeInternal: a bug in kshare (a recovered panic).
	CodeInternal Code = "internal-error"
)

// Error is every failure kshare reports: a stable Code, the dotted path of the field at
// fault ("content.link.webUrl", "buttons[2]"), the official message of the Kakao SDK
// and, where kshare knows more, a Reason. Error() is the official message, followed by
// " (at <field>: <reason>)" when there is a field or a reason, so a message always starts
// with the official text.
type Error struct {
	Code    Code
	Field   string
	Message string
	Reason  string
	// Plain is set where the official SDK throws a plain Error rather than a KakaoError;
	// the bridge then names the JS error "Error".
	Plain bool
	// KakaoCode is Kakao's numeric error code (-401, 4002, -602...) when Kakao's server
	// answered with one, else 0.
	KakaoCode int
	// Status is the HTTP status of Kakao's answer, 0 when there was none.
	Status int
	// Body is Kakao's error body as it came (an object for JSON, a string otherwise,
	// undefined when there was no answer).
	Body jsvalue.Value

	// atIndex marks a Field, while the rules put it together on the way up, that starts
	// with an element's index ([underIndex]).
	atIndex bool
	// text is what Error returns, when made once ([frozen]).
	text string
}

// Error returns the official message, followed by the field and reason when known:
// "<message> (at <field>: <reason>)", "<message> (at <field>)", "<message> (<reason>)".
func (e *Error) Error() string {
	switch {
	case e.text != "":
		return e.text
	case e.Field != "" && e.Reason != "":
		return e.Message + " (at " + e.Field + ": " + e.Reason + ")"
	case e.Field != "":
		return e.Message + " (at " + e.Field + ")"
	case e.Reason != "":
		return e.Message + " (" + e.Reason + ")"
	}
	return e.Message
}

// frozen returns err with the text Error returns made once, for an error that stays as
// it is and goes into plan after plan (an *Error; others are returned as they are).
func frozen(err error) error {
	if e, ok := err.(*Error); ok {
		e.text = e.Error()
	}
	return err
}

// Name returns the name the JS error carries: "KakaoError", or "Error" when Plain.
func (e *Error) Name() string {
	if e.Plain {
		return "Error"
	}
	return "KakaoError"
}

// Is reports whether target is an *Error with the same Code, so that
// errors.Is(err, share.ErrMissingKeys) tests the kind of failure.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Sentinels for errors.Is, one per Code.
var (
	ErrParamsNotObject        = &Error{Code: CodeParamsNotObject}
	ErrObjectType             = &Error{Code: CodeObjectType}
	ErrMissingKeys            = &Error{Code: CodeMissingKeys}
	ErrInvalidKeys            = &Error{Code: CodeInvalidKeys}
	ErrIllegalArgument        = &Error{Code: CodeIllegalArgument}
	ErrTooManyButtons         = &Error{Code: CodeTooManyButtons}
	ErrContentsCount          = &Error{Code: CodeContentsCount}
	ErrContainer              = &Error{Code: CodeContainer}
	ErrInvalidSelector        = &Error{Code: CodeInvalidSelector}
	ErrReservedKey            = &Error{Code: CodeReservedKey}
	ErrMalformedString        = &Error{Code: CodeMalformedString}
	ErrUnserializable         = &Error{Code: CodeUnserializable}
	ErrNotAFile               = &Error{Code: CodeNotAFile}
	ErrNotAnImage             = &Error{Code: CodeNotAnImage}
	ErrFileTooLarge           = &Error{Code: CodeFileTooLarge}
	ErrSizeLimit              = &Error{Code: CodeSizeLimit}
	ErrUnsupportedEnvironment = &Error{Code: CodeUnsupportedEnvironment}
	ErrNotInitialized         = &Error{Code: CodeNotInitialized}
	ErrAlreadyInitialized     = &Error{Code: CodeAlreadyInitialized}
	ErrAppKey                 = &Error{Code: CodeAppKey}
	ErrPopupBlocked           = &Error{Code: CodePopupBlocked}
	ErrKAPI                   = &Error{Code: CodeKAPI}
	ErrBadResponse            = &Error{Code: CodeBadResponse}
	ErrNetwork                = &Error{Code: CodeNetwork}
	ErrFormBlocked            = &Error{Code: CodeFormBlocked}
	ErrTooLarge               = &Error{Code: CodeTooLarge}
	ErrLinkTimeout            = &Error{Code: CodeLinkTimeout}
	ErrInternal               = &Error{Code: CodeInternal}
)

// The official messages that do not depend on the call.
const (
	msgParamsNotObject = "params should be an Object"
	msgObjectType      = "objectType should be one of (feed, list, commerce, location, calendar, text)"
	msgContainer       = "container is required for KakaoTalk sharing: pass in element or id"
	msgSizeLimit       = "Failed to send message because it exceeds the message size limit. Please contact the app administrator."
	msgUnsupported     = "unsupported environment"
	msgAlreadyInit     = "Kakao.init: Already initialized"
	msgAppKey          = "Kakao.init: App key must be provided"
)

func missingKeys(label, field string, keys []string) *Error {
	return &Error{Code: CodeMissingKeys, Field: field, Reason: "required",
		Message: "Missing required keys: " + keyList(keys) + " at " + label}
}

func invalidKeys(label, field string, keys []string) *Error {
	return &Error{Code: CodeInvalidKeys, Field: field, Reason: "unknown key",
		Message: "Invalid parameter keys: " + keyList(keys) + " at " + label}
}

// maxKeyList bounds the keys a message lists.
const maxKeyList = 20

// keyList joins keys with "," as the official messages do; past maxKeyList keys, or
// for a key longer than [jsvalue.MaxQuoted], the list is cut and says how many there
// are, so that a message never carries a page's 10,000 keys.
func keyList(keys []string) string {
	parts := keys
	if len(parts) > maxKeyList {
		parts = parts[:maxKeyList]
	}
	cut := len(parts) < len(keys)
	out := make([]string, len(parts))
	for i, k := range parts {
		if len(k) > jsvalue.MaxQuoted {
			k, cut = jsvalue.Quote(k), true
		}
		out[i] = k
	}
	list := strings.Join(out, ",")
	if cut {
		list += ",… (" + strconv.Itoa(len(keys)) + " keys)"
	}
	return list
}

func illegal(key, label, field, reason string) *Error {
	return &Error{Code: CodeIllegalArgument, Field: field, Reason: reason,
		Message: `Illegal argument for "` + key + `" in ` + label}
}

func paramsNotObject(field string, v jsvalue.Value) *Error {
	return &Error{Code: CodeParamsNotObject, Field: field, Plain: true,
		Message: msgParamsNotObject, Reason: "must be an object, got " + v.Describe()}
}

// ContainerNotFound returns the error of a create*Button call whose container matches
// no element; selector is the CSS selector given, or "" for an element that is gone.
func ContainerNotFound(selector string) error {
	reason := "no element matches " + jsvalue.Quote(selector)
	if selector == "" {
		reason = "no element"
	}
	return &Error{Code: CodeContainer, Field: "container", Message: msgContainer, Reason: reason}
}

// InvalidSelector returns the error of a create*Button call whose container is not a
// valid CSS selector (the official SDK lets the browser's SyntaxError through);
// browserMessage is what the browser said.
func InvalidSelector(selector, browserMessage string) error {
	return &Error{Code: CodeInvalidSelector, Field: "container", Message: msgContainer,
		Reason: jsvalue.Quote(selector) + " is not a valid CSS selector: " + browserMessage}
}

// NotInitialized returns the error of a Share call made before Kakao.init or after
// Kakao.cleanup (call is the caller label, e.g. "Share.sendDefault").
func NotInitialized(call string) error {
	return &Error{Code: CodeNotInitialized, Message: "Kakao.init() must be called before " + call,
		Reason: "call Kakao.init(appKey) first"}
}

// PopupBlocked returns the error of a desktop share whose sharer popup the browser
// refused to open.
func PopupBlocked() error {
	return &Error{Code: CodePopupBlocked, Message: "the browser blocked the KakaoTalk sharing popup",
		Reason: "call send* from a click handler, or allow popups for this site"}
}

// Unserializable returns the error for a value JSON cannot carry at field (a cycle, or
// nesting deeper than the bridge walks); the official SDK dies with a TypeError there.
func Unserializable(field, reason string) error {
	return &Error{Code: CodeUnserializable, Field: field,
		Message: "Illegal argument for " + jsvalue.Quote(lastKey(field)), Reason: reason}
}

// TooLarge returns the error for arguments larger than the bridge reads, at field.
func TooLarge(field, reason string) error {
	return &Error{Code: CodeTooLarge, Field: field,
		Message: "Illegal argument for " + jsvalue.Quote(lastKey(field)), Reason: reason}
}

// FormBlocked returns the error of a desktop share whose sharer form the page's
// Content-Security-Policy refused to submit to action.
func FormBlocked(action string) error {
	return &Error{Code: CodeFormBlocked, Message: "the page's Content-Security-Policy blocked the KakaoTalk sharing form",
		Reason: "its form-action directive must allow " + originOf(action)}
}

// originOf returns the scheme and host of an absolute URL ("https://sharer.kakao.com").
func originOf(url string) string {
	scheme, rest, ok := strings.Cut(url, "://")
	if !ok {
		return url
	}
	host, _, _ := strings.Cut(rest, "/")
	return scheme + "://" + host
}

// Internal returns the error reported for a bug in kshare (a recovered panic).
func Internal(what string) error {
	return &Error{Code: CodeInternal, Message: "kshare: internal error", Reason: what}
}

// NetworkError returns the error of a request that got no answer from Kakao's server.
func NetworkError(what string) error {
	return &Error{Code: CodeNetwork, Message: "the request to Kakao's server failed", Reason: what}
}

// lastKey returns the last key of a dotted path: "content.link.webUrl" → "webUrl",
// "buttons[2]" → "buttons".
func lastKey(path string) string {
	end := len(path)
	for end > 0 && path[end-1] == ']' {
		for end > 0 && path[end-1] != '[' {
			end--
		}
		end--
	}
	if end < 0 {
		end = 0
	}
	path = path[:end]
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '.' {
			return path[i+1:]
		}
	}
	return path
}

// childPath joins a parent path and a key: ("", "content") → "content",
// ("content", "link") → "content.link".
func childPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// under returns err with key in front of its Field, the path below the value of key:
// "" → key, "link" → key+".link", "[1].link" (an element's, [underIndex]) → key+"[1].link".
// Errors other than *Error are returned as they are.
func under(key string, err error) error { return prefixed(err, key, false) }

// underIndex returns err with the index i in front of its Field, the path below element
// i of an array ("[i]", "[i].link"), for the array's key to go in front next.
func underIndex(i int, err error) error { return prefixed(err, indexPath("", i), true) }

// prefixed puts the path segment seg (a key, or an index when index is set) in front of
// the Field of err, an *Error.
func prefixed(err error, seg string, index bool) error {
	e, ok := err.(*Error)
	if !ok {
		return err
	}
	switch {
	case e.Field == "":
		e.Field = seg
	case e.atIndex:
		e.Field = seg + e.Field
	default:
		e.Field = seg + "." + e.Field
	}
	e.atIndex = index
	return e
}

// indexPath appends an index: ("buttons", 2) → "buttons[2]".
func indexPath(parent string, i int) string {
	return parent + "[" + strconv.Itoa(i) + "]"
}
