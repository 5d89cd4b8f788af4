package share

import (
	"slices"
	"strings"

	"github.com/kshare/kshare/share/jsvalue"
)

// Call is a Kakao.Share function, named as the official SDK names it in its messages.
type Call string

// The Kakao.Share functions.
const (
	SendDefault         Call = "Share.sendDefault"
	CreateDefaultButton Call = "Share.createDefaultButton"
	SendCustom          Call = "Share.sendCustom"
	CreateCustomButton  Call = "Share.createCustomButton"
	SendScrap           Call = "Share.sendScrap"
	CreateScrapButton   Call = "Share.createScrapButton"
	UploadImage         Call = "Share.uploadImage"
	ScrapImage          Call = "Share.scrapImage"
	DeleteImage         Call = "Share.deleteImage"
)

// Action is the validation_action of a share: what kind of message it is.
type Action string

// The three kinds of share.
const (
	ActionDefault Action = "default"
	ActionCustom  Action = "custom"
	ActionScrap   Action = "scrap"
)

// Action returns the kind of share the call makes ("" for the image calls).
func (c Call) Action() Action {
	switch c {
	case SendDefault, CreateDefaultButton:
		return ActionDefault
	case SendCustom, CreateCustomButton:
		return ActionCustom
	case SendScrap, CreateScrapButton:
		return ActionScrap
	}
	return ""
}

// IsCreate reports whether the call binds a button (create*Button).
func (c Call) IsCreate() bool {
	return c == CreateDefaultButton || c == CreateCustomButton || c == CreateScrapButton
}

// Request is a validated share: everything the sharer form, the kapi request and the
// KakaoTalk link are built from.
type Request struct {
	Call Call
	// Params is the validation_params object in wire form (snake_case keys, the caller's
	// key order), ready for [jsvalue.Marshal].
	Params      jsvalue.Value
	InstallTalk bool
	ThroughTalk bool
	// Extras is the caller's extras (object-like), or undefined.
	Extras jsvalue.Value
	// CallbackArgs is serverCallbackArgs as the string carried in lcba; HasCallbackArgs
	// is false when nothing is sent (absent, or a falsy value such as 0 or null).
	CallbackArgs    string
	HasCallbackArgs bool
	// Picker is the caller's pickerSettings object, or undefined.
	Picker jsvalue.Value
	// Container is create*Button's container (a selector string or an element).
	Container jsvalue.Value
	// Legacy holds the callbacks of SDK v1 the share was given (difference 16).
	Legacy Legacy
}

// Legacy is the callbacks of SDK v1 a share was given, as the Ref of each function (0
// when not given): success, fail and always, and the web sharer's callback.
type Legacy struct {
	Success, Fail, Always, Callback int
}

// ContainerFunc resolves create*Button's container (a CSS selector or an element) in the
// page; it returns [ContainerNotFound] or [InvalidSelector] when it cannot. Parse calls
// it after the top-level rules and before the nested ones, as the official SDK looks the
// container up before the first click.
type ContainerFunc func(container jsvalue.Value) error

// Parse validates the settings of a send or create call (sendDefault, createDefaultButton,
// sendCustom, createCustomButton, sendScrap, createScrapButton) in the official order and
// returns the share. resolve is used by create calls only (nil skips the lookup).
//
// Order: a lone surrogate anywhere (difference 13); then, for default templates, the
// settings object and its objectType; the top-level rules (defaults installTalk: false,
// throughTalk: true, templateArgs: {}; missing keys; unknown keys; each key's check in key
// order, the buttons and contents sizes included); the container; the nested rules in key
// order while the template object is built; last, the reserved serverCallbackArgs keys
// (difference 8). Every error is an *Error; the settings are never modified.
func Parse(call Call, settings jsvalue.Value, resolve ContainerFunc) (*Request, error) {
	return parse(call, settings, resolve, nil)
}

// parse is [Parse] building the Request and its wire form in sc (valid until its next
// reset; nil allocates them).
func parse(call Call, settings jsvalue.Value, resolve ContainerFunc, sc *scratch) (*Request, error) {
	slab := sc.slab()
	if err := checkWellFormed(call, settings); err != nil {
		return nil, err
	}
	key := callRuleKey{action: call.Action(), create: call.IsCreate()}
	defaults := shareDefaults
	switch key.action {
	case ActionDefault:
		objectType, err := readObjectType(settings)
		if err != nil {
			return nil, err
		}
		key.objectType = objectType
	case ActionCustom, ActionScrap:
		defaults = customDefaults
	default:
		return nil, Internal("share.Parse called for " + string(call))
	}
	rule := ruleOf(key)
	if settings.Kind == jsvalue.Undefined {
		settings = jsvalue.Obj()
	}
	if !settings.IsObjectLike() {
		return nil, paramsNotObject("settings", settings)
	}
	s := withDefaults(settings, defaults, slab)
	if err := validateSettings(s, rule, call); err != nil {
		return nil, err
	}
	r := sc.request()
	r.Call = call
	if call.IsCreate() {
		r.Container, _ = s.Get("container")
		if resolve != nil {
			if err := resolve(r.Container); err != nil {
				return nil, err
			}
		}
	}
	params, err := validationParams(call.Action(), s, rule, slab)
	if err != nil {
		return nil, err
	}
	r.Params = params
	if err := r.readCommon(s); err != nil {
		return nil, err
	}
	return r, nil
}

// readObjectType reads settings.objectType as the official SDK does before anything
// else: null or undefined settings are refused (the official SDK dies with a TypeError
// there, difference 4), and objectType must be one of the six types as a primitive.
func readObjectType(settings jsvalue.Value) (string, error) {
	if settings.Kind == jsvalue.Undefined || settings.Kind == jsvalue.Null {
		return "", &Error{Code: CodeParamsNotObject, Field: "settings", Message: msgParamsNotObject,
			Reason: "sendDefault and createDefaultButton need a settings object, got " + settings.Describe()}
	}
	ot, _ := settings.Get("objectType")
	if ot.Kind == jsvalue.String && !ot.Boxed {
		if isObjectType(ot.Str) {
			return ot.Str, nil
		}
	}
	return "", &Error{Code: CodeObjectType, Field: "objectType", Message: msgObjectType, Reason: "got " + ot.Describe()}
}

// readCommon reads the options every share has, and refuses reserved callback keys.
func (r *Request) readCommon(s jsvalue.Value) error {
	it, _ := s.Get("installTalk")
	tt, _ := s.Get("throughTalk")
	r.InstallTalk, r.ThroughTalk = it.Truthy(), tt.Truthy()
	r.Extras, _ = s.Get("extras")
	r.Picker, _ = s.Get("pickerSettings")
	for _, f := range []struct {
		key string
		ref *int
	}{{"success", &r.Legacy.Success}, {"fail", &r.Legacy.Fail}, {"always", &r.Legacy.Always}, {"callback", &r.Legacy.Callback}} {
		if v, _ := s.Get(f.key); v.Kind == jsvalue.Function {
			*f.ref = v.Ref
		}
	}
	sca, _ := s.Get("serverCallbackArgs")
	if !sca.Truthy() {
		return nil
	}
	if err := checkReservedKeys(r.Call, sca); err != nil {
		return err
	}
	r.HasCallbackArgs = true
	if sca.Kind == jsvalue.String && !sca.Boxed {
		r.CallbackArgs = sca.Str
	} else {
		r.CallbackArgs, r.HasCallbackArgs = jsvalue.Marshal(sca)
	}
	return nil
}

// ReservedCallbackKeys are the webhook parameters Kakao sets itself; serverCallbackArgs
// may not use them (difference 8).
var ReservedCallbackKeys = []string{"CHAT_TYPE", "HASH_CHAT_ID", "TEMPLATE_ID"}

// checkReservedKeys refuses serverCallbackArgs (an object, or a string holding a JSON
// object) that uses a reserved key.
func checkReservedKeys(call Call, sca jsvalue.Value) error {
	var keys []string
	switch sca.Kind {
	case jsvalue.String:
		if mayNameReserved(sca.Str) {
			keys, _ = jsvalue.Check(sca.Str) // none when it is no JSON object
		}
	case jsvalue.Object:
		keys = sca.Keys()
	}
	for _, k := range ReservedCallbackKeys {
		if slices.Contains(keys, k) {
			return &Error{Code: CodeReservedKey, Field: "serverCallbackArgs." + k,
				Message: `Illegal argument for "serverCallbackArgs" in ` + string(call),
				Reason:  k + " is reserved: Kakao sets CHAT_TYPE, HASH_CHAT_ID and TEMPLATE_ID in the webhook itself"}
		}
	}
	return nil
}

// mayNameReserved reports whether a JSON text can have a reserved key: one written as
// it is, or with an escape (\uXXXX spells any character; no other escape spells a letter
// or '_'). A text that cannot is not read a second time (the settings' check has read
// it once): a serverCallbackArgs string can be a megabyte of JSON.
func mayNameReserved(text string) bool {
	if strings.Contains(text, `\u`) {
		return true
	}
	for _, k := range ReservedCallbackKeys {
		if strings.Contains(text, k) {
			return true
		}
	}
	return false
}

// validationParams builds the validation_params object (protocol §4.1), its lists taken
// from slab, running the nested rules of default templates on the way.
func validationParams(action Action, s jsvalue.Value, rule *objectRule, slab *jsvalue.Slab) (jsvalue.Value, error) {
	out := append(slab.Members(4), jsvalue.M("link_ver", jsvalue.Str("4.0")))
	switch action {
	case ActionCustom:
		out = appendCopied(out, s, customParams)
	case ActionScrap:
		out = appendCopied(out, s, scrapParams)
	default:
		to, err := templateObject(s, rule, slab)
		if err != nil {
			return jsvalue.Value{}, err
		}
		out = append(out, jsvalue.M("template_object", to))
	}
	return jsvalue.Value{Kind: jsvalue.Object, Members: out}, nil
}

// templateObject builds template_object (protocol §4.2), its lists taken from slab:
// object_type, button_title when buttonTitle is truthy, every template key in the
// caller's order (validated by its nested rule), then the fields of the type.
func templateObject(s jsvalue.Value, rule *objectRule, slab *jsvalue.Slab) (jsvalue.Value, error) {
	objectType, _ := s.Get("objectType")
	// object_type, button_title, the members, and at most two fields of the type.
	out := append(slab.Members(len(s.Members)+4), jsvalue.M("object_type", objectType))
	out = appendCopied(out, s, buttonTitle)
	for i := range s.Members {
		m := &s.Members[i]
		f, _ := rule.find(m.Key)
		if f == nil || f.nested == nil {
			continue
		}
		w, err := nestedWire(f, &m.Value, slab)
		if err != nil {
			return jsvalue.Value{}, under(m.Key, err)
		}
		out = append(out, jsvalue.M(f.wire, w))
	}
	out = appendCopied(out, s, typeFieldsOf(objectType.Str))
	return jsvalue.Value{Kind: jsvalue.Object, Members: out}, nil
}

// copiedField is a member a wire object copies from the settings: its wire key, the
// settings key, and what a falsy value (absent included) becomes.
type copiedField struct {
	wire, key string
	falsy     falsyAs
}

// falsyAs is what a copiedField sends for a falsy value.
type falsyAs uint8

const (
	falsyKept    falsyAs = iota // the value as it is (undefined when absent)
	falsyEmpty                  // ""
	falsyLeftOut                // no member
)

// appendCopied appends to out the members fields copy from s.
func appendCopied(out []jsvalue.Member, s jsvalue.Value, fields []copiedField) []jsvalue.Member {
	for _, f := range fields {
		v, _ := s.Get(f.key)
		switch {
		case v.Truthy() || f.falsy == falsyKept:
		case f.falsy == falsyEmpty:
			v = jsvalue.Str("")
		default:
			continue
		}
		out = append(out, jsvalue.M(f.wire, v))
	}
	return out
}

// The members of validation_params and template_object copied from the settings.
var (
	customParams   = []copiedField{{"template_id", "templateId", falsyKept}, {"template_args", "templateArgs", falsyKept}}
	scrapParams    = []copiedField{{"request_url", "requestUrl", falsyKept}, {"template_id", "templateId", falsyLeftOut}, {"template_args", "templateArgs", falsyLeftOut}}
	buttonTitle    = []copiedField{{"button_title", "buttonTitle", falsyLeftOut}}
	listFields     = []copiedField{{"header_title", "headerTitle", falsyKept}}
	locationFields = []copiedField{{"address", "address", falsyEmpty}, {"address_title", "addressTitle", falsyEmpty}}
	calendarFields = []copiedField{{"id_type", "idType", falsyEmpty}, {"id", "id", falsyEmpty}}
	textFields     = []copiedField{{"text", "text", falsyEmpty}}
)

// typeFieldsOf returns the fields template_object ends with for objectType.
func typeFieldsOf(objectType string) []copiedField {
	switch objectType {
	case "list":
		return listFields
	case "location":
		return locationFields
	case "calendar":
		return calendarFields
	case "text":
		return textFields
	}
	return nil
}

// CheckAppKey validates the argument of Kakao.init: a string or String object (any
// length, "" included) is the app key; anything else is the official
// "Kakao.init: App key must be provided".
func CheckAppKey(v jsvalue.Value) (string, error) {
	if v.Kind != jsvalue.String {
		return "", &Error{Code: CodeAppKey, Message: msgAppKey, Field: "appKey", Reason: "must be a string, got " + v.Describe()}
	}
	return v.Str, nil
}

// AlreadyInitialized returns the error of a second Kakao.init.
func AlreadyInitialized() error {
	return &Error{Code: CodeAlreadyInitialized, Message: msgAlreadyInit, Reason: "call Kakao.cleanup() first to change the app key"}
}
