package share

import (
	"errors"
	"strings"
	"testing"

	"github.com/kshare/kshare/share/jsvalue"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	img     = `"https://example.com/a.jpg"`
	link    = `{"webUrl": "https://developers.kakao.com"}`
	content = `{"title": "t", "imageUrl": ` + img + `, "link": ` + link + `}`
	feed    = `"objectType": "feed", "content": ` + content
	text    = `"objectType": "text", "text": "hello", "link": ` + link
)

// wantErr is the part of an *Error a row asserts: everything but the free-text reason.
type wantErr struct {
	Code    Code
	Field   string
	Message string
	Plain   bool
}

func errParts(t *testing.T, err error) wantErr {
	t.Helper()
	var e *Error
	require.True(t, errors.As(err, &e), "want a *share.Error, got %v", err)
	assert.True(t, strings.HasPrefix(e.Error(), e.Message), "Error() starts with the official message")
	return wantErr{e.Code, e.Field, e.Message, e.Plain}
}

// TestParseRefusesInTheOfficialOrder has one row per validation rule and message of
// protocol §3 (as corrected for 2.7.4) and per deliberate difference of DESIGN.md.
func TestParseRefusesInTheOfficialOrder(t *testing.T) {
	tests := []struct {
		name     string
		call     Call
		settings string
		want     wantErr
	}{
		// The settings object.
		{"sendDefault undefined (TypeError in 2.7.4, difference 4)", SendDefault, `"@undefined"`,
			wantErr{CodeParamsNotObject, "settings", "params should be an Object", false}},
		{"sendDefault null (TypeError in 2.7.4, difference 4)", SendDefault, `null`,
			wantErr{CodeParamsNotObject, "settings", "params should be an Object", false}},
		{"sendDefault number reads objectType first", SendDefault, `5`,
			wantErr{CodeObjectType, "objectType", msgObjectType, false}},
		{"sendDefault array reads objectType first", SendDefault, `[]`,
			wantErr{CodeObjectType, "objectType", msgObjectType, false}},
		{"sendCustom string is a plain Error", SendCustom, `"3135"`,
			wantErr{CodeParamsNotObject, "settings", "params should be an Object", true}},
		{"sendScrap null is a plain Error", SendScrap, `null`,
			wantErr{CodeParamsNotObject, "settings", "params should be an Object", true}},
		{"sendScrap undefined reads as {}", SendScrap, `"@undefined"`,
			wantErr{CodeMissingKeys, "requestUrl", "Missing required keys: requestUrl at Share.sendScrap", false}},
		{"sendCustom function is a plain Error", SendCustom, `"@function"`,
			wantErr{CodeParamsNotObject, "settings", "params should be an Object", true}},

		// objectType.
		{"objectType missing", SendDefault, `{"content": ` + content + `}`,
			wantErr{CodeObjectType, "objectType", msgObjectType, false}},
		{"objectType null", SendDefault, `{"objectType": null}`, wantErr{CodeObjectType, "objectType", msgObjectType, false}},
		{"objectType unknown", SendDefault, `{"objectType": "story"}`, wantErr{CodeObjectType, "objectType", msgObjectType, false}},
		{"objectType String object", SendDefault, `{"objectType": "@String:feed"}`, wantErr{CodeObjectType, "objectType", msgObjectType, false}},
		{"objectType array", SendDefault, `{"objectType": ["feed"]}`, wantErr{CodeObjectType, "objectType", msgObjectType, false}},

		// Missing required keys, in the rule's order, before unknown keys.
		{"feed without content", SendDefault, `{"objectType": "feed"}`,
			wantErr{CodeMissingKeys, "content", "Missing required keys: content at Share.sendDefault", false}},
		{"commerce without content and commerce", SendDefault, `{"objectType": "commerce"}`,
			wantErr{CodeMissingKeys, "content", "Missing required keys: content,commerce at Share.sendDefault", false}},
		{"missing reported before unknown", SendDefault, `{"objectType": "feed", "foo": 1}`,
			wantErr{CodeMissingKeys, "content", "Missing required keys: content at Share.sendDefault", false}},
		{"createDefaultButton without container", CreateDefaultButton, `{` + feed + `}`,
			wantErr{CodeMissingKeys, "container", "Missing required keys: container at Share.createDefaultButton", false}},
		{"custom without templateId", SendCustom, `{"templateArgs": {}}`,
			wantErr{CodeMissingKeys, "templateId", "Missing required keys: templateId at Share.sendCustom", false}},

		// Invalid parameter keys, in key order.
		{"a v1 callback that is no function (difference 16: v1's check)", SendDefault, `{` + text + `, "success": "ok"}`,
			wantErr{CodeIllegalArgument, "success", `Illegal argument for "success" in Share.sendDefault`, false}},
		{"v1's callback that is no function (difference 16)", SendCustom, `{"templateId": 1, "callback": true}`,
			wantErr{CodeIllegalArgument, "callback", `Illegal argument for "callback" in Share.sendCustom`, false}},
		{"a native SDK's key is still unknown", SendDefault, `{` + text + `, "shareType": "x", "limit": 1}`,
			wantErr{CodeInvalidKeys, "shareType", "Invalid parameter keys: shareType,limit at Share.sendDefault", false}},
		{"social not allowed in commerce", SendDefault, `{"objectType": "commerce", "content": ` + content + `, "commerce": {"regularPrice": 1}, "social": {}}`,
			wantErr{CodeInvalidKeys, "social", "Invalid parameter keys: social at Share.sendDefault", false}},
		{"buttonTitle not allowed in calendar", SendDefault, `{"objectType": "calendar", "idType": "event", "id": "x", "content": ` + content + `, "buttonTitle": "b"}`,
			wantErr{CodeInvalidKeys, "buttonTitle", "Invalid parameter keys: buttonTitle at Share.sendDefault", false}},
		{"objectType in sendCustom", SendCustom, `{"templateId": 1, "objectType": "feed"}`,
			wantErr{CodeInvalidKeys, "objectType", "Invalid parameter keys: objectType at Share.sendCustom", false}},

		// Illegal argument, first in key order; top level before nested.
		{"buttonTitle number", SendDefault, `{` + feed + `, "buttonTitle": 5}`,
			wantErr{CodeIllegalArgument, "buttonTitle", `Illegal argument for "buttonTitle" in Share.sendDefault`, false}},
		{"top level before nested", SendDefault, `{"objectType": "feed", "content": {"link": "x"}, "buttonTitle": 5}`,
			wantErr{CodeIllegalArgument, "buttonTitle", `Illegal argument for "buttonTitle" in Share.sendDefault`, false}},
		{"content null", SendDefault, `{"objectType": "feed", "content": null}`,
			wantErr{CodeIllegalArgument, "content", `Illegal argument for "content" in Share.sendDefault`, false}},
		{"installTalk number", SendDefault, `{` + feed + `, "installTalk": 1}`,
			wantErr{CodeIllegalArgument, "installTalk", `Illegal argument for "installTalk" in Share.sendDefault`, false}},
		{"idType outside event and calendar", SendDefault, `{"objectType": "calendar", "idType": "day", "id": "x", "content": ` + content + `}`,
			wantErr{CodeIllegalArgument, "idType", `Illegal argument for "idType" in Share.sendDefault`, false}},
		{"text link string", SendDefault, `{"objectType": "text", "text": "t", "link": "https://x"}`,
			wantErr{CodeIllegalArgument, "link", `Illegal argument for "link" in Share.sendDefault`, false}},
		{"templateId float", SendCustom, `{"templateId": 3135.5}`,
			wantErr{CodeIllegalArgument, "templateId", `Illegal argument for "templateId" in Share.sendCustom`, false}},
		{"templateId Number object", SendCustom, `{"templateId": "@Number:3135"}`,
			wantErr{CodeIllegalArgument, "templateId", `Illegal argument for "templateId" in Share.sendCustom`, false}},
		{"templateId present but undefined", SendCustom, `{"templateId": "@undefined"}`,
			wantErr{CodeIllegalArgument, "templateId", `Illegal argument for "templateId" in Share.sendCustom`, false}},
		{"templateArgs null", SendScrap, `{"requestUrl": "x", "templateArgs": null}`,
			wantErr{CodeIllegalArgument, "templateArgs", `Illegal argument for "templateArgs" in Share.sendScrap`, false}},
		{"serverCallbackArgs not JSON", SendDefault, `{` + text + `, "serverCallbackArgs": "key=value"}`,
			wantErr{CodeIllegalArgument, "serverCallbackArgs", `Illegal argument for "serverCallbackArgs" in Share.sendDefault`, false}},
		{"serverCallbackArgs undefined", SendDefault, `{` + text + `, "serverCallbackArgs": "@undefined"}`,
			wantErr{CodeIllegalArgument, "serverCallbackArgs", `Illegal argument for "serverCallbackArgs" in Share.sendDefault`, false}},
		{"serverCallbackArgs empty string", SendDefault, `{` + text + `, "serverCallbackArgs": ""}`,
			wantErr{CodeIllegalArgument, "serverCallbackArgs", `Illegal argument for "serverCallbackArgs" in Share.sendDefault`, false}},
		{"container number", CreateDefaultButton, `{` + feed + `, "container": 1}`,
			wantErr{CodeIllegalArgument, "container", `Illegal argument for "container" in Share.createDefaultButton`, false}},

		// Sizes.
		{"three buttons", SendDefault, `{` + feed + `, "buttons": [{"title":"a","link":{}},{"title":"b","link":{}},{"title":"c","link":{}}]}`,
			wantErr{CodeTooManyButtons, "buttons", `Illegal argument for "buttons" in Share: size of buttons should be up to 2`, false}},
		{"list with one content", SendDefault, `{"objectType": "list", "headerTitle": "h", "headerLink": {}, "contents": [` + content + `]}`,
			wantErr{CodeContentsCount, "contents", `Illegal argument for "contents" in Share: size of contents should be more than 1 and up to 3`, false}},
		{"list with four contents", SendDefault, `{"objectType": "list", "headerTitle": "h", "headerLink": {}, "contents": [` + strings.Repeat(content+",", 3) + content + `]}`,
			wantErr{CodeContentsCount, "contents", `Illegal argument for "contents" in Share: size of contents should be more than 1 and up to 3`, false}},
		{"six items", SendDefault, `{` + feed + `, "itemContent": {"items": [` + strings.Repeat(`{"item":"a","itemOp":"b"},`, 5) + `{"item":"a","itemOp":"b"}]}}`,
			wantErr{CodeIllegalArgument, "itemContent.items", `Illegal argument for "items" in parameter "itemContent" in defaultObject`, false}},

		// Nested rules and their labels.
		{"content title number", SendDefault, `{"objectType": "feed", "content": {"title": 123, "link": {}}}`,
			wantErr{CodeIllegalArgument, "content.title", `Illegal argument for "title" in parameter "content" in defaultObject`, false}},
		{"content imageWidth string", SendDefault, `{"objectType": "feed", "content": {"imageWidth": "640", "link": {}}}`,
			wantErr{CodeIllegalArgument, "content.imageWidth", `Illegal argument for "imageWidth" in parameter "content" in defaultObject`, false}},
		{"content imageWidth Infinity", SendDefault, `{"objectType": "feed", "content": {"imageWidth": "@Infinity", "link": {}}}`,
			wantErr{CodeIllegalArgument, "content.imageWidth", `Illegal argument for "imageWidth" in parameter "content" in defaultObject`, false}},
		{"content without link", SendDefault, `{"objectType": "feed", "content": {"title": "x"}}`,
			wantErr{CodeMissingKeys, "content.link", `Missing required keys: link at parameter "content" in defaultObject`, false}},
		{"content as an empty array", SendDefault, `{"objectType": "feed", "content": []}`,
			wantErr{CodeMissingKeys, "content.link", `Missing required keys: link at parameter "content" in defaultObject`, false}},
		{"content link number", SendDefault, `{"objectType": "feed", "content": {"link": {"webUrl": 5}}}`,
			wantErr{CodeIllegalArgument, "content.link.webUrl", `Illegal argument for "webUrl" in parameter "link" in Share`, false}},
		{"a content link's v1 key that is no string (difference 16)", SendDefault, `{"objectType": "feed", "content": {"link": {"androidExecParams": 1}}}`,
			wantErr{CodeIllegalArgument, "content.link.androidExecParams", `Illegal argument for "androidExecParams" in parameter "link" in Share`, false}},
		{"content link string is a plain Error", SendDefault, `{"objectType": "feed", "content": {"link": "https://x"}}`,
			wantErr{CodeParamsNotObject, "content.link", "params should be an Object", true}},
		{"text link unknown key", SendDefault, `{"objectType": "text", "text": "t", "link": {"iosParams": "a"}}`,
			wantErr{CodeInvalidKeys, "link.iosParams", `Invalid parameter keys: iosParams at parameter "link" in defaultObject`, false}},
		{"headerLink unknown key (2.7.4 names the key headerLink)", SendDefault, `{"objectType": "list", "headerTitle": "h", "headerLink": {"url": "x"}, "contents": [` + content + `,` + content + `]}`,
			wantErr{CodeInvalidKeys, "headerLink.url", `Invalid parameter keys: url at parameter "headerLink" in defaultObject`, false}},
		{"list content null is a plain Error", SendDefault, `{"objectType": "list", "headerTitle": "h", "headerLink": {}, "contents": [null, ` + content + `]}`,
			wantErr{CodeParamsNotObject, "contents[0]", "params should be an Object", true}},
		{"list content without link", SendDefault, `{"objectType": "list", "headerTitle": "h", "headerLink": {}, "contents": [` + content + `, {"title": "x"}]}`,
			wantErr{CodeMissingKeys, "contents[1].link", `Missing required keys: link at parameter "content" in Share`, false}},
		{"button title number", SendDefault, `{` + feed + `, "buttons": [{"title": 5, "link": {}}]}`,
			wantErr{CodeIllegalArgument, "buttons[0].title", `Illegal argument for "title" in parameter "button" in Share`, false}},
		{"button without title and link", SendDefault, `{` + feed + `, "buttons": [{}]}`,
			wantErr{CodeMissingKeys, "buttons[0].title", `Missing required keys: title,link at parameter "button" in Share`, false}},
		{"button link string is a plain Error", SendDefault, `{` + feed + `, "buttons": [{"title": "x", "link": "https://x"}]}`,
			wantErr{CodeParamsNotObject, "buttons[0].link", "params should be an Object", true}},
		{"item without itemOp", SendDefault, `{` + feed + `, "itemContent": {"items": [{"item": "Cake1"}]}}`,
			wantErr{CodeMissingKeys, "itemContent.items[0].itemOp", `Missing required keys: itemOp at parameter "items.item" in Share`, false}},
		{"itemContent as an array", SendDefault, `{` + feed + `, "itemContent": [1]}`,
			wantErr{CodeInvalidKeys, "itemContent.0", `Invalid parameter keys: 0 at parameter "itemContent" in defaultObject`, false}},
		{"social count string", SendDefault, `{` + feed + `, "social": {"likeCount": "10"}}`,
			wantErr{CodeIllegalArgument, "social.likeCount", `Illegal argument for "likeCount" in parameter "social" in defaultObject`, false}},
		{"nested in key order", SendDefault, `{"objectType": "feed", "social": {"likeCount": "x"}, "content": {"title": 5, "link": {}}}`,
			wantErr{CodeIllegalArgument, "social.likeCount", `Illegal argument for "likeCount" in parameter "social" in defaultObject`, false}},
		{"commerce without regularPrice", SendDefault, `{"objectType": "commerce", "content": ` + content + `, "commerce": {}}`,
			wantErr{CodeMissingKeys, "commerce.regularPrice", `Missing required keys: regularPrice at parameter "commerce" in defaultObject`, false}},
		{"currencyUnitPosition 2", SendDefault, `{"objectType": "commerce", "content": ` + content + `, "commerce": {"regularPrice": 1, "currencyUnitPosition": 2}}`,
			wantErr{CodeIllegalArgument, "commerce.currencyUnitPosition", `Illegal argument for "currencyUnitPosition" in parameter "commerce" in defaultObject`, false}},

		// Deliberate differences.
		{"createDefaultButton checks nested rules at creation (difference 2)", CreateDefaultButton, `{"objectType": "feed", "content": {"title": "x"}, "container": "#btn"}`,
			wantErr{CodeMissingKeys, "content.link", `Missing required keys: link at parameter "content" in defaultObject`, false}},
		{"reserved callback key in an object (difference 8)", SendDefault, `{` + text + `, "serverCallbackArgs": {"CHAT_TYPE": "x"}}`,
			wantErr{CodeReservedKey, "serverCallbackArgs.CHAT_TYPE", `Illegal argument for "serverCallbackArgs" in Share.sendDefault`, false}},
		{"reserved callback key in a JSON string (difference 8)", SendCustom, `{"templateId": 1, "serverCallbackArgs": "{\"TEMPLATE_ID\": 1}"}`,
			wantErr{CodeReservedKey, "serverCallbackArgs.TEMPLATE_ID", `Illegal argument for "serverCallbackArgs" in Share.sendCustom`, false}},
		{"reserved callback key written with an escape in a JSON string (difference 8)", SendDefault, `{` + text + `, "serverCallbackArgs": "{\"x\": 1, \"\\u0043HAT_TYPE\": 2}"}`,
			wantErr{CodeReservedKey, "serverCallbackArgs.CHAT_TYPE", `Illegal argument for "serverCallbackArgs" in Share.sendDefault`, false}},
		{"reserved key checked after the official rules (difference 8)", SendDefault, `{"objectType": "feed", "content": {}, "serverCallbackArgs": {"HASH_CHAT_ID": 1}}`,
			wantErr{CodeMissingKeys, "content.link", `Missing required keys: link at parameter "content" in defaultObject`, false}},
		{"pickerSettings unknown key (difference 9)", SendDefault, `{` + text + `, "pickerSettings": {"title": "pick"}}`,
			wantErr{CodeIllegalArgument, "pickerSettings", `Illegal argument for "pickerSettings" in Share.sendDefault`, false}},
		{"pickerSettings type (difference 9)", SendDefault, `{` + text + `, "pickerSettings": {"type": "everyone"}}`,
			wantErr{CodeIllegalArgument, "pickerSettings", `Illegal argument for "pickerSettings" in Share.sendDefault`, false}},
		{"pickerSettings limit zero (difference 9)", SendDefault, `{` + text + `, "pickerSettings": {"limit": 0}}`,
			wantErr{CodeIllegalArgument, "pickerSettings", `Illegal argument for "pickerSettings" in Share.sendDefault`, false}},
		{"pickerSettings array (difference 9)", SendDefault, `{` + text + `, "pickerSettings": []}`,
			wantErr{CodeIllegalArgument, "pickerSettings", `Illegal argument for "pickerSettings" in Share.sendDefault`, false}},
		{"lone surrogate in text (difference 13)", SendDefault, `{"objectType": "text", "text": "@lone:a", "link": {}}`,
			wantErr{CodeMalformedString, "text", `Illegal argument for "text" in Share.sendDefault`, false}},
		{"lone surrogate deep inside (difference 13)", SendCustom, `{"templateId": 1, "templateArgs": {"a": ["x", "@lone:b"]}}`,
			wantErr{CodeMalformedString, "templateArgs.a[1]", `Illegal argument for "a" in Share.sendCustom`, false}},
		{"lone surrogate before anything else (difference 13)", SendDefault, `{"requestUrl": "@lone:h"}`,
			wantErr{CodeMalformedString, "requestUrl", `Illegal argument for "requestUrl" in Share.sendDefault`, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.call, js(t, tt.settings), nil)
			assert.Equal(t, tt.want, errParts(t, err))
		})
	}
}

func TestParseAcceptsWhatTheOfficialSDKAccepts(t *testing.T) {
	tests := []struct {
		name     string
		call     Call
		settings string
		// wantTemplate is the expected validation_params JSON.
		wantParams string
	}{
		{"content with only link (2.7.4)", SendDefault, `{"objectType": "feed", "content": {"link": {}}}`,
			`{"link_ver":"4.0","template_object":{"object_type":"feed","content":{"link":{}}}}`},
		{"content link undefined becomes {}", SendDefault, `{"objectType": "feed", "content": {"link": "@undefined"}}`,
			`{"link_ver":"4.0","template_object":{"object_type":"feed","content":{"link":{}}}}`},
		{"social as an array", SendDefault, `{` + feed + `, "social": []}`,
			`{"link_ver":"4.0","template_object":{"object_type":"feed","content":{"title":"t","image_url":"https://example.com/a.jpg","link":{"web_url":"https://developers.kakao.com"}},"social":{}}}`},
		{"String objects and odd integers", SendDefault, `{"objectType": "feed", "content": {"title": "@String:boxed", "imageWidth": 1e21, "imageHeight": -1, "link": {}}, "buttonTitle": "@String:"}`,
			`{"link_ver":"4.0","template_object":{"object_type":"feed","button_title":"","content":{"title":"boxed","image_width":1e+21,"image_height":-1,"link":{}}}}`},
		{"empty buttonTitle is not written", SendDefault, `{` + feed + `, "buttonTitle": ""}`,
			`{"link_ver":"4.0","template_object":{"object_type":"feed","content":{"title":"t","image_url":"https://example.com/a.jpg","link":{"web_url":"https://developers.kakao.com"}}}}`},
		{"location always writes address fields", SendDefault, `{"objectType": "location", "content": {"link": {}}, "address": ""}`,
			`{"link_ver":"4.0","template_object":{"object_type":"location","content":{"link":{}},"address":"","address_title":""}}`},
		{"keys in the caller's order", SendDefault, `{"buttons": [], "content": {"link": {}}, "objectType": "feed"}`,
			`{"link_ver":"4.0","template_object":{"object_type":"feed","buttons":[],"content":{"link":{}}}}`},
		{"Boolean object installTalk", SendDefault, `{` + feed + `, "installTalk": "@Boolean:true"}`, ``},
		{"custom templateArgs default", SendCustom, `{"templateId": 3135}`,
			`{"link_ver":"4.0","template_id":3135,"template_args":{}}`},
		{"custom templateArgs undefined gets the default", SendCustom, `{"templateId": 3135, "templateArgs": "@undefined"}`,
			`{"link_ver":"4.0","template_id":3135,"template_args":{}}`},
		{"custom arbitrary args", SendCustom, `{"templateId": -1, "templateArgs": {"n": 1.5, "u": "@undefined", "a": [1, "@undefined"]}}`,
			`{"link_ver":"4.0","template_id":-1,"template_args":{"n":1.5,"a":[1,null]}}`},
		{"scrap relative URL and no template", SendScrap, `{"requestUrl": "/relative/page?x=1"}`,
			`{"link_ver":"4.0","request_url":"/relative/page?x=1","template_args":{}}`},
		{"scrap templateId 0 is left out", SendScrap, `{"requestUrl": "u", "templateId": 0}`,
			`{"link_ver":"4.0","request_url":"u","template_args":{}}`},
		{"well-formed pickerSettings (difference 9)", SendDefault, `{` + text + `, "pickerSettings": {"type": "chat", "limit": 3}}`, ``},
		{"empty pickerSettings (difference 9)", SendDefault, `{` + text + `, "pickerSettings": {}}`, ``},
		{"container element", CreateCustomButton, `{"templateId": 1, "container": "@element"}`, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustParse(t, tt.call, tt.settings)
			if tt.wantParams != "" {
				assert.Equal(t, tt.wantParams, jsvalue.MarshalString(r.Params))
			}
		})
	}
}

func TestParseReadsTheCommonOptions(t *testing.T) {
	tests := []struct {
		name                 string
		settings             string
		install, through     bool
		callbackArgs         string
		hasCallbackArgs      bool
		wantExtras, wantPick string
	}{
		{"defaults", `{` + text + `}`, false, true, "", false, "", ""},
		{"explicit", `{` + text + `, "installTalk": true, "throughTalk": false}`, true, false, "", false, "", ""},
		{"Boolean(false) object is truthy", `{` + text + `, "throughTalk": "@Boolean:false"}`, false, true, "", false, "", ""},
		{"callback object as JSON", `{` + text + `, "serverCallbackArgs": {"user": {"id": 1}}}`, false, true, `{"user":{"id":1}}`, true, "", ""},
		{"callback JSON string as is", `{` + text + `, "serverCallbackArgs": "{\"key\": \"value\"}"}`, false, true, `{"key": "value"}`, true, "", ""},
		{"callback JSON string naming a reserved key below the top", `{` + text + `, "serverCallbackArgs": "{\"a\": {\"CHAT_TYPE\": \"TEMPLATE_ID\"}}"}`, false, true, `{"a": {"CHAT_TYPE": "TEMPLATE_ID"}}`, true, "", ""},
		{"callback JSON string with an escaped key that is not reserved", `{` + text + `, "serverCallbackArgs": "{\"\\u0041\": 1}"}`, false, true, `{"\u0041": 1}`, true, "", ""},
		{"callback number", `{` + text + `, "serverCallbackArgs": 5}`, false, true, "5", true, "", ""},
		{"callback true", `{` + text + `, "serverCallbackArgs": true}`, false, true, "true", true, "", ""},
		{"callback 0 sends nothing", `{` + text + `, "serverCallbackArgs": 0}`, false, true, "", false, "", ""},
		{"callback null sends nothing", `{` + text + `, "serverCallbackArgs": null}`, false, true, "", false, "", ""},
		{"callback String object is double-encoded", `{` + text + `, "serverCallbackArgs": "@String:{\"a\":1}"}`, false, true, `"{\"a\":1}"`, true, "", ""},
		{"extras and picker kept", `{` + text + `, "extras": {"KA": "x"}, "pickerSettings": {"type": "full"}}`, false, true, "", false, `{"KA":"x"}`, `{"type":"full"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustParse(t, SendDefault, tt.settings)
			assert.Equal(t, tt.install, r.InstallTalk, "InstallTalk")
			assert.Equal(t, tt.through, r.ThroughTalk, "ThroughTalk")
			assert.Equal(t, tt.callbackArgs, r.CallbackArgs)
			assert.Equal(t, tt.hasCallbackArgs, r.HasCallbackArgs)
			assert.Equal(t, tt.wantExtras, jsvalue.MarshalString(r.Extras))
			assert.Equal(t, tt.wantPick, jsvalue.MarshalString(r.Picker))
		})
	}
}

func TestParseNeverModifiesTheSettings(t *testing.T) {
	settings := js(t, `{"templateId": 1, "installTalk": "@undefined"}`)
	before := jsvalue.MarshalString(settings)
	keys := settings.Keys()
	_, err := Parse(SendCustom, settings, nil)
	require.NoError(t, err)
	assert.Equal(t, before, jsvalue.MarshalString(settings))
	assert.Equal(t, keys, settings.Keys(), "no default written into the caller's object (difference 7)")
}

func TestParseResolvesTheContainerAfterTheTopLevelRules(t *testing.T) {
	var seen []jsvalue.Value
	resolve := func(c jsvalue.Value) error {
		seen = append(seen, c)
		if c.Str == "#missing" {
			return ContainerNotFound(c.Str)
		}
		return nil
	}
	_, err := Parse(CreateDefaultButton, js(t, `{`+feed+`, "container": "#missing", "buttonTitle": 5}`), resolve)
	assert.Equal(t, CodeIllegalArgument, errParts(t, err).Code, "top-level rules come first")
	assert.Empty(t, seen)

	_, err = Parse(CreateDefaultButton, js(t, `{"objectType": "feed", "content": {}, "container": "#missing"}`), resolve)
	assert.Equal(t, wantErr{CodeContainer, "container", msgContainer, false}, errParts(t, err), "the container comes before nested rules")

	r, err := Parse(CreateScrapButton, js(t, `{"container": "#btn", "requestUrl": "u"}`), resolve)
	require.NoError(t, err)
	assert.Equal(t, "#btn", r.Container.Str)
	assert.Len(t, seen, 2)
}

func TestInvalidSelectorIsAKakaoError(t *testing.T) {
	err := InvalidSelector("#a[", "'#a[' is not a valid selector.")
	assert.Equal(t, wantErr{CodeInvalidSelector, "container", msgContainer, false}, errParts(t, err))
	assert.ErrorIs(t, err, ErrInvalidSelector)
	assert.NotErrorIs(t, err, ErrContainer)
}

func TestCheckAppKey(t *testing.T) {
	tests := []struct {
		name    string
		key     string
		want    string
		wantErr bool
	}{
		{"string", `"abc"`, "abc", false},
		{"empty string", `""`, "", false},
		{"String object", `"@String:k"`, "k", false},
		{"number", `12345`, "", true},
		{"null", `null`, "", true},
		{"object", `{}`, "", true},
		{"function", `"@function"`, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckAppKey(js(t, tt.key))
			if tt.wantErr {
				assert.Equal(t, wantErr{CodeAppKey, "appKey", msgAppKey, false}, errParts(t, err))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	assert.Equal(t, wantErr{CodeAlreadyInitialized, "", msgAlreadyInit, false}, errParts(t, AlreadyInitialized()))
}

func TestErrorFormatting(t *testing.T) {
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{"message only", &Error{Message: "m"}, "m"},
		{"field and reason", &Error{Message: "m", Field: "a.b", Reason: "r"}, "m (at a.b: r)"},
		{"field only", &Error{Message: "m", Field: "a"}, "m (at a)"},
		{"reason only", &Error{Message: "m", Reason: "r"}, "m (r)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.err.Error())
		})
	}
	assert.Equal(t, "Error", (&Error{Plain: true}).Name())
	assert.Equal(t, "KakaoError", (&Error{}).Name())
}

func TestLastKey(t *testing.T) {
	for in, want := range map[string]string{
		"content.link.webUrl": "webUrl", "buttons[2]": "buttons", "a.b[1][2]": "b", "x": "x", "": "",
	} {
		assert.Equal(t, want, lastKey(in), in)
	}
}

func TestUnserializableAndInternalErrors(t *testing.T) {
	assert.Equal(t, wantErr{CodeUnserializable, "templateArgs.self", `Illegal argument for "self"`, false},
		errParts(t, Unserializable("templateArgs.self", "a cycle")))
	assert.Equal(t, CodeInternal, errParts(t, Internal("boom")).Code)
	assert.Equal(t, CodeNotInitialized, errParts(t, NotInitialized("Share.sendDefault")).Code)
	assert.Contains(t, NotInitialized("Share.sendDefault").Error(), "Kakao.init")
	assert.Equal(t, CodePopupBlocked, errParts(t, PopupBlocked()).Code)
	assert.Equal(t, CodeNetwork, errParts(t, NetworkError("offline")).Code)
	_, err := Parse(UploadImage, jsvalue.Obj(), nil)
	assert.Equal(t, CodeInternal, errParts(t, err).Code, "Parse is for send and create calls")
}
