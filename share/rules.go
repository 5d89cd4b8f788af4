package share

import (
	"github.com/kshare/kshare/share/jsvalue"
)

// This file is the settings model: for every call and every nested object, which keys
// are required, which are optional, what each value must be, and which defaults apply.
// It mirrors the rule tables of the official SDK 2.7.4 (kakao-share-protocol.md §2, as
// corrected by its first section), plus kshare's pickerSettings.

// A check judges one value. It returns "" when the value is acceptable, otherwise the
// reason it is not; the rule processor turns that into `Illegal argument for "<key>"`.
type check func(v *jsvalue.Value) string

// field is the rule for one key of an object.
type field struct {
	key string
	// wire is the key's wire form, snakeCase of key (written out: computing it at init
	// cost kshare.wasm's start a millisecond, for a test to check).
	wire  string
	check check
	// size, when set, is applied to arrays that passed check: given their length, it
	// returns the official size error (more than two buttons, a list without two or
	// three contents) without its Field, which the caller sets.
	size func(n int) *Error
	// nested, when set, validates the value as that object; with each, it validates every
	// element of the (array) value. label names the nested object in messages.
	nested *objectRule
	each   bool
	label  string
}

// objectRule is the rule for one object: its required keys (in the order the official
// SDK lists them in "Missing required keys") and its optional keys.
type objectRule struct {
	required []*field
	optional []*field
	// wire, when set, finishes the wire form of the object (its snake_case members).
	wire func([]jsvalue.Member) []jsvalue.Member
}

// find returns the rule for key, if the object knows it.
func (o *objectRule) find(key string) (*field, bool) {
	for _, f := range o.required {
		if f.key == key {
			return f, true
		}
	}
	for _, f := range o.optional {
		if f.key == key {
			return f, true
		}
	}
	return nil, false
}

// Checks, named as the official SDK's predicates (protocol §3.5).

func isString(v *jsvalue.Value) string {
	if v.IsString() {
		return ""
	}
	return "must be a string, got " + v.Describe()
}

func isBoolean(v *jsvalue.Value) string {
	if v.IsBoolean() {
		return ""
	}
	return "must be a boolean, got " + v.Describe()
}

func isInteger(v *jsvalue.Value) string {
	if v.IsInteger() {
		return ""
	}
	return "must be an integer, got " + v.Describe()
}

func isObject(v *jsvalue.Value) string {
	if v.IsObjectLike() {
		return ""
	}
	return "must be an object, got " + v.Describe()
}

func isArray(v *jsvalue.Value) string {
	if v.Kind == jsvalue.Array {
		return ""
	}
	return "must be an array, got " + v.Describe()
}

func isFunction(v *jsvalue.Value) string {
	if v.Kind == jsvalue.Function {
		return ""
	}
	return "must be a function, got " + v.Describe()
}

func isElementOrString(v *jsvalue.Value) string {
	if v.Kind == jsvalue.Element || v.IsString() {
		return ""
	}
	return "must be a CSS selector or an element, got " + v.Describe()
}

// oneOf accepts exactly the given primitives (strict equality, so new String("event")
// is refused).
func oneOf(v *jsvalue.Value, want []jsvalue.Value) string {
	for _, w := range want {
		if !v.Boxed && v.Kind == w.Kind && v.Str == w.Str && v.Num == w.Num {
			return ""
		}
	}
	list := ""
	for i, w := range want {
		if i > 0 {
			list += ", "
		}
		list += w.Describe()
	}
	return "must be one of " + list + ", got " + v.Describe()
}

// The values of calendar's idType and commerce's currencyUnitPosition. (Literals, and
// named checks below, so that the rule tables are static data.)
var (
	idTypes           = []jsvalue.Value{{Kind: jsvalue.String, Str: "event"}, {Kind: jsvalue.String, Str: "calendar"}}
	currencyPositions = []jsvalue.Value{{Kind: jsvalue.Number, Num: 0}, {Kind: jsvalue.Number, Num: 1}}
)

func isIDType(v *jsvalue.Value) string           { return oneOf(v, idTypes) }
func isCurrencyPosition(v *jsvalue.Value) string { return oneOf(v, currencyPositions) }

// maxItems is the most items an itemContent holds.
const maxItems = 5

// isItems accepts an array of at most maxItems elements (itemContent.items).
func isItems(v *jsvalue.Value) string {
	if r := isArray(v); r != "" {
		return r
	}
	if len(v.Elems) > maxItems {
		return "must hold at most " + itoa(maxItems) + " items, got " + itoa(len(v.Elems))
	}
	return ""
}

// isCallbackArgs accepts what the official SDK accepts for serverCallbackArgs: anything
// JSON.parse accepts once turned into a string, or anything object-like.
func isCallbackArgs(v *jsvalue.Value) string {
	if v.IsObjectLike() {
		return ""
	}
	switch v.Kind {
	case jsvalue.Null, jsvalue.Boolean:
		return ""
	case jsvalue.Number:
		if jsvalue.Valid(jsvalue.FormatNumber(v.Num)) {
			return ""
		}
	case jsvalue.String:
		if jsvalue.Valid(v.Str) {
			return ""
		}
		return "must be an object or a JSON string, got a string that is not JSON"
	}
	return "must be an object or a JSON string, got " + v.Describe()
}

// Picker types accepted in pickerSettings.type.
var pickerTypes = []string{"full", "friend", "chat"}

// isPickerSettings accepts {type?: "full" | "friend" | "chat", limit?: positive integer}.
func isPickerSettings(v *jsvalue.Value) string {
	if v.Kind != jsvalue.Object || v.Boxed {
		return "must be an object {type, limit}, got " + v.Describe()
	}
	for _, m := range v.Members {
		switch m.Key {
		case "type":
			ok := false
			for _, t := range pickerTypes {
				ok = ok || (m.Value.Kind == jsvalue.String && !m.Value.Boxed && m.Value.Str == t)
			}
			if !ok {
				return "type must be one of \"full\", \"friend\", \"chat\", got " + m.Value.Describe()
			}
		case "limit":
			if !m.Value.IsInteger() || m.Value.Num < 1 {
				return "limit must be a positive integer, got " + m.Value.Describe()
			}
		default:
			return "unknown key " + jsvalue.Quote(m.Key) + " (only type and limit)"
		}
	}
	return ""
}

func buttonsSize(n int) *Error {
	if n <= 2 {
		return nil
	}
	return &Error{Code: CodeTooManyButtons, Reason: "got " + itoa(n),
		Message: `Illegal argument for "buttons" in Share: size of buttons should be up to 2`}
}

func contentsSize(n int) *Error {
	if n >= 2 && n <= 3 {
		return nil
	}
	return &Error{Code: CodeContentsCount, Reason: "got " + itoa(n),
		Message: `Illegal argument for "contents" in Share: size of contents should be more than 1 and up to 3`}
}

// Labels of nested objects, as the official SDK names them in messages (protocol
// first section, item 6).
const (
	labelTop   = "defaultObject"
	labelInner = "Share"
)

// The labels of the nested objects: `parameter "<name>" in <labelTop or labelInner>`
// (constants, so that the rule tables are static data, not init code).
const (
	labelLinkInner    = `parameter "link" in ` + labelInner
	labelItemsInner   = `parameter "items.item" in ` + labelInner
	labelContentTop   = `parameter "content" in ` + labelTop
	labelContentInner = `parameter "content" in ` + labelInner
	labelHeaderLink   = `parameter "headerLink" in ` + labelTop
	labelLinkTop      = `parameter "link" in ` + labelTop
	labelCommerce     = `parameter "commerce" in ` + labelTop
	labelSocial       = `parameter "social" in ` + labelTop
	labelItemContent  = `parameter "itemContent" in ` + labelTop
	labelButtonInner  = `parameter "button" in ` + labelInner
)

// The nested objects.
var (
	linkRule = &objectRule{optional: []*field{
		{key: "webUrl", wire: "web_url", check: isString},
		{key: "mobileWebUrl", wire: "mobile_web_url", check: isString},
		{key: "androidExecutionParams", wire: "android_execution_params", check: isString},
		{key: "iosExecutionParams", wire: "ios_execution_params", check: isString},
		// The keys of SDK v1 (difference 16), renamed on the wire as v1 renames them.
		{key: "androidExecParams", wire: "android_exec_params", check: isString},
		{key: "iosExecParams", wire: "ios_exec_params", check: isString},
	}, wire: renameExecParams}
	contentRule = &objectRule{
		required: []*field{{key: "link", wire: "link", nested: linkRule, label: labelLinkInner}},
		optional: []*field{
			{key: "title", wire: "title", check: isString},
			{key: "imageUrl", wire: "image_url", check: isString},
			{key: "imageWidth", wire: "image_width", check: isInteger},
			{key: "imageHeight", wire: "image_height", check: isInteger},
			{key: "description", wire: "description", check: isString},
		},
	}
	buttonRule = &objectRule{required: []*field{
		{key: "title", wire: "title", check: isString},
		{key: "link", wire: "link", nested: linkRule, label: labelLinkInner},
	}}
	itemRule = &objectRule{required: []*field{
		{key: "item", wire: "item", check: isString},
		{key: "itemOp", wire: "item_op", check: isString},
	}}
	itemContentRule = &objectRule{optional: []*field{
		{key: "profileText", wire: "profile_text", check: isString},
		{key: "profileImageUrl", wire: "profile_image_url", check: isString},
		{key: "titleImageUrl", wire: "title_image_url", check: isString},
		{key: "titleImageText", wire: "title_image_text", check: isString},
		{key: "titleImageCategory", wire: "title_image_category", check: isString},
		{key: "items", wire: "items", check: isItems, nested: itemRule, each: true, label: labelItemsInner},
		{key: "sum", wire: "sum", check: isString},
		{key: "sumOp", wire: "sum_op", check: isString},
	}}
	socialRule = &objectRule{optional: []*field{
		{key: "likeCount", wire: "like_count", check: isInteger},
		{key: "commentCount", wire: "comment_count", check: isInteger},
		{key: "sharedCount", wire: "shared_count", check: isInteger},
		{key: "viewCount", wire: "view_count", check: isInteger},
		{key: "subscriberCount", wire: "subscriber_count", check: isInteger},
	}}
	commerceRule = &objectRule{
		required: []*field{{key: "regularPrice", wire: "regular_price", check: isInteger}},
		optional: []*field{
			{key: "discountPrice", wire: "discount_price", check: isInteger},
			{key: "discountRate", wire: "discount_rate", check: isInteger},
			{key: "fixedDiscountPrice", wire: "fixed_discount_price", check: isInteger},
			{key: "currencyUnit", wire: "currency_unit", check: isString},
			{key: "currencyUnitPosition", wire: "currency_unit_position", check: isCurrencyPosition},
			{key: "productName", wire: "product_name", check: isString},
		},
	}
)

// The top-level keys of default templates. Their nested rules run after every top-level
// check, in the caller's key order, while the template object is built.
var (
	fContent     = field{key: "content", wire: "content", check: isObject, nested: contentRule, label: labelContentTop}
	fContents    = field{key: "contents", wire: "contents", check: isArray, size: contentsSize, nested: contentRule, each: true, label: labelContentInner}
	fHeaderTitle = field{key: "headerTitle", wire: "header_title", check: isString}
	fHeaderLink  = field{key: "headerLink", wire: "header_link", check: isObject, nested: linkRule, label: labelHeaderLink}
	fLink        = field{key: "link", wire: "link", check: isObject, nested: linkRule, label: labelLinkTop}
	fCommerce    = field{key: "commerce", wire: "commerce", check: isObject, nested: commerceRule, label: labelCommerce}
	fSocial      = field{key: "social", wire: "social", check: isObject, nested: socialRule, label: labelSocial}
	fItemContent = field{key: "itemContent", wire: "item_content", check: isObject, nested: itemContentRule, label: labelItemContent}
	fButtons     = field{key: "buttons", wire: "buttons", check: isArray, size: buttonsSize, nested: buttonRule, each: true, label: labelButtonInner}
	fButtonTitle = field{key: "buttonTitle", wire: "button_title", check: isString}
	fAddress     = field{key: "address", wire: "address", check: isString}
	fAddrTitle   = field{key: "addressTitle", wire: "address_title", check: isString}
	fIDType      = field{key: "idType", wire: "id_type", check: isIDType}
	fID          = field{key: "id", wire: "id", check: isString}
	fText        = field{key: "text", wire: "text", check: isString}
	fObjectType  = field{key: "objectType", wire: "object_type"}
)

// renameExecParams renames a link's v1 keys as SDK v1.43.5 does: a truthy
// android_exec_params becomes android_execution_params (which it replaces, in that
// key's place when it is there), and the same for iOS.
func renameExecParams(members []jsvalue.Member) []jsvalue.Member {
	for _, p := range [...][2]string{{"android_exec_params", "android_execution_params"}, {"ios_exec_params", "ios_execution_params"}} {
		for i, m := range members {
			if m.Key != p[0] || !m.Value.Truthy() {
				continue
			}
			members = jsvalue.Set(append(members[:i:i], members[i+1:]...), p[1], m.Value)
			break
		}
	}
	return members
}

// Keys every send and create call accepts.
var commonOptional = []*field{
	{key: "installTalk", wire: "install_talk", check: isBoolean},
	{key: "throughTalk", wire: "through_talk", check: isBoolean},
	{key: "extras", wire: "extras", check: isObject},
	{key: "serverCallbackArgs", wire: "server_callback_args", check: isCallbackArgs},
	{key: "pickerSettings", wire: "picker_settings", check: isPickerSettings},
	// The callbacks of SDK v1 (difference 16).
	{key: "success", wire: "success", check: isFunction},
	{key: "fail", wire: "fail", check: isFunction},
	{key: "always", wire: "always", check: isFunction},
	{key: "callback", wire: "callback", check: isFunction},
}

var fContainer = field{key: "container", wire: "container", check: isElementOrString}

// ObjectTypes lists the default template types, in the order of the official message.
var ObjectTypes = []string{"feed", "list", "commerce", "location", "calendar", "text"}

// templateRules holds the top-level rule of each default template type, in the order
// of ObjectTypes. (A table, not a map: package-level maps are built by init code,
// which kshare.wasm would carry.)
var templateRules = [...]struct {
	objectType string
	rule       objectRule
}{
	{"feed", objectRule{
		required: []*field{&fObjectType, &fContent},
		optional: []*field{&fItemContent, &fSocial, &fButtonTitle, &fButtons},
	}},
	{"list", objectRule{
		required: []*field{&fObjectType, &fHeaderTitle, &fHeaderLink, &fContents},
		optional: []*field{&fButtonTitle, &fButtons},
	}},
	{"commerce", objectRule{
		required: []*field{&fObjectType, &fContent, &fCommerce},
		optional: []*field{&fButtonTitle, &fButtons},
	}},
	{"location", objectRule{
		required: []*field{&fObjectType, &fContent, &fAddress},
		optional: []*field{&fAddrTitle, &fSocial, &fButtonTitle, &fButtons},
	}},
	{"calendar", objectRule{
		required: []*field{&fObjectType, &fIDType, &fID, &fContent},
		optional: []*field{&fButtons},
	}},
	{"text", objectRule{
		required: []*field{&fObjectType, &fText, &fLink},
		optional: []*field{&fButtonTitle, &fButtons},
	}},
}

// isObjectType reports whether t is one of the default template types.
func isObjectType(t string) bool {
	return baseRule(callRuleKey{action: ActionDefault, objectType: t}) != nil
}

var (
	customRule = &objectRule{
		required: []*field{{key: "templateId", wire: "template_id", check: isInteger}},
		optional: []*field{{key: "templateArgs", wire: "template_args", check: isObject}},
	}
	scrapRule = &objectRule{
		required: []*field{{key: "requestUrl", wire: "request_url", check: isString}},
		optional: []*field{{key: "templateId", wire: "template_id", check: isInteger}, {key: "templateArgs", wire: "template_args", check: isObject}},
	}
	uploadRule = &objectRule{required: []*field{{key: "file", wire: "file", check: isObject}}}
	imageRule  = &objectRule{required: []*field{{key: "imageUrl", wire: "image_url", check: isString}}}
)

// callRules holds, for every send and create call (and every template type of default
// shares), its top-level rule: the type's keys, the common options, and the container
// of create calls. Built once, by init, in the arrays below (two allocations in all:
// kshare.wasm's start is on the page's main thread).
var (
	callRules       [2 * (2 + len(templateRules))]callRule
	callRuleObjects [len(callRules)]objectRule
)

type callRule struct {
	key  callRuleKey
	rule *objectRule
}

// baseRule returns the rule of a call's own keys: its template type's for a default
// share.
func baseRule(k callRuleKey) *objectRule {
	switch k.action {
	case ActionCustom:
		return customRule
	case ActionScrap:
		return scrapRule
	}
	for i := range templateRules {
		if templateRules[i].objectType == k.objectType {
			return &templateRules[i].rule
		}
	}
	return nil
}

// ruleOf returns the top-level rule of a call (nil for none).
func ruleOf(key callRuleKey) *objectRule {
	for i := range callRules {
		if callRules[i].key == key {
			return callRules[i].rule
		}
	}
	return nil
}

// callRuleKey names the rule of a call: its action, the template type of a default
// share, and whether it creates a button.
type callRuleKey struct {
	action     Action
	objectType string
	create     bool
}

// init builds callRules: each call's base rule with the common optional keys, and the
// required container for create calls, their lists cut from one array.
func init() {
	keys := make([]callRuleKey, 0, len(callRules))
	for _, create := range []bool{false, true} {
		keys = append(keys, callRuleKey{action: ActionCustom, create: create}, callRuleKey{action: ActionScrap, create: create})
		for i := range templateRules {
			keys = append(keys, callRuleKey{action: ActionDefault, objectType: templateRules[i].objectType, create: create})
		}
	}
	container := []*field{&fContainer}
	size := 0
	for _, k := range keys {
		base := baseRule(k)
		size += len(base.required) + len(container) + len(base.optional) + len(commonOptional)
	}
	store := make([]*field, 0, size)
	cut := func(fields ...[]*field) []*field { // a list of its own: appending copies it
		start := len(store)
		for _, f := range fields {
			store = append(store, f...)
		}
		return store[start:len(store):len(store)]
	}
	for i, k := range keys {
		base, r := baseRule(k), &callRuleObjects[i]
		if k.create {
			r.required = cut(base.required, container)
		} else {
			r.required = cut(base.required)
		}
		r.optional = cut(base.optional, commonOptional)
		callRules[i] = callRule{k, r}
	}
}

// defaults are applied to keys whose value is undefined, before validation.
var (
	shareDefaults = []jsvalue.Member{
		{Key: "installTalk", Value: jsvalue.Value{Kind: jsvalue.Boolean, Bool: false}},
		{Key: "throughTalk", Value: jsvalue.Value{Kind: jsvalue.Boolean, Bool: true}},
	}
	customDefaults = []jsvalue.Member{shareDefaults[0], shareDefaults[1], {Key: "templateArgs", Value: jsvalue.Value{Kind: jsvalue.Object}}}
)

func itoa(n int) string { return jsvalue.FormatNumber(float64(n)) }
