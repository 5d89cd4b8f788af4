//go:build js && wasm

package engine

import (
	_ "embed"
	"encoding/base64"
	"strings"
	"syscall/js"
	"testing"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/wasm/jsutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

//go:embed testdata/fakewindow.js
var fakeWindowJS string

const (
	appKey      = "0123456789abcdef0123456789abcdef"
	androidUA   = "Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36"
	iphoneUA    = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
	feedJS      = `{objectType: "feed", content: {title: "오늘의 디저트", imageUrl: "https://example.com/a.jpg", link: {webUrl: "https://developers.kakao.com"}}}`
	okAnswer    = `{"template_id":1,"template_args":{},"template_msg":{"P":{"TP":"Feed"},"C":{}}}`
	emulatorURL = "http://127.0.0.1:8080"
)

func jsEval(src string) js.Value { return js.Global().Call("eval", "("+src+")") }

// page is an engine on a fake window.
type page struct {
	t   *testing.T
	e   *Engine
	win js.Value
}

// newPage starts an engine on a fake window; opts is the JS source of makeWindow's
// options. The engine is initialised with appKey.
func newPage(t *testing.T, opts string) *page {
	t.Helper()
	win := jsEval(fakeWindowJS).Invoke(jsEval(opts))
	p := &page{t: t, e: New(Config{Window: win}), win: win}
	_, err := p.call("init", `"`+appKey+`"`)
	require.NoError(t, err)
	return p
}

// call invokes name with the arguments in argsSrc (JS source of the arguments list).
func (p *page) call(name, argsSrc string) (js.Value, error) {
	args := jsEval("[" + argsSrc + "]")
	var list []js.Value
	for i := 0; i < args.Length(); i++ {
		list = append(list, args.Index(i))
	}
	return p.e.Invoke(name, list, js.Undefined())
}

// events returns the fake window's record as JSON.
func (p *page) events() string {
	return js.Global().Get("JSON").Call("stringify", p.win.Get("events")).String()
}

func (p *page) eventTypes() []string {
	ev := p.win.Get("events")
	var out []string
	for i := 0; i < ev.Length(); i++ {
		out = append(out, ev.Index(i).Get("type").String())
	}
	return out
}

func code(t *testing.T, err error) share.Code {
	t.Helper()
	var e *share.Error
	require.ErrorAs(t, err, &e)
	return e.Code
}

func TestInitFollowsTheOfficialRules(t *testing.T) {
	p := newPage(t, `{}`)
	v, err := p.call("isInitialized", ``)
	require.NoError(t, err)
	assert.True(t, v.Bool())

	_, err = p.call("init", `123`)
	assert.Equal(t, share.CodeAlreadyInitialized, code(t, err), "already initialised is checked before the key")

	_, err = p.call("cleanup", ``)
	require.NoError(t, err)
	v, _ = p.call("isInitialized", ``)
	assert.False(t, v.Bool())

	for _, bad := range []string{`123`, `null`, `{}`, `function () {}`, ``} {
		_, err = p.call("init", bad)
		assert.Equal(t, share.CodeAppKey, code(t, err), bad)
	}
	_, err = p.call("init", `new String("key")`)
	assert.NoError(t, err, "a String object is a key")
	_, err = p.call("cleanup", ``)
	require.NoError(t, err)
	_, err = p.call("cleanup", ``)
	assert.NoError(t, err, "cleanup twice")
}

func TestShareNeedsInit(t *testing.T) {
	p := newPage(t, `{}`)
	_, err := p.call("cleanup", ``)
	require.NoError(t, err)
	for _, name := range []string{"Share.sendDefault", "Share.createDefaultButton", "Share.uploadImage", "Share.cleanup"} {
		_, err := p.call(name, feedJS)
		assert.Equal(t, share.CodeNotInitialized, code(t, err), name)
		assert.Contains(t, err.Error(), "Kakao.init", "difference 1")
	}
	assert.Empty(t, p.eventTypes(), "nothing is done")
}

func TestSendOnTheWebSharer(t *testing.T) {
	p := newPage(t, `{}`)
	v, err := p.call("Share.sendDefault", feedJS)
	require.NoError(t, err)
	assert.True(t, v.InstanceOf(jsutil.Promise), "a native Promise (difference 5)")
	got, err := jsutil.Await(v)
	require.NoError(t, err)
	assert.Equal(t, "web-sharer", got.Get("path").String())
	assert.Equal(t, `[{"type":"open","url":"https://sharer.kakao.com/picker/link","name":"sharer","features":"width=480,height=700,left=760,top=130,scrollbars=yes,resizable=1"},`+
		`{"type":"submit","action":"https://sharer.kakao.com/picker/link","method":"post","target":"sharer","charset":"utf-8","hidden":true,"attached":true,"fields":[`+
		`["app_key","`+appKey+`","hidden"],`+
		`["ka","sdk/2.7.4 os/javascript sdk_type/javascript lang/ko-KR device/Win32 origin/http%3A%2F%2F127.0.0.1%3A8080","hidden"],`+
		`["validation_action","default","hidden"],`+
		`["validation_params","{\"link_ver\":\"4.0\",\"template_object\":{\"object_type\":\"feed\",\"content\":{\"title\":\"오늘의 디저트\",\"image_url\":\"https://example.com/a.jpg\",\"link\":{\"web_url\":\"https://developers.kakao.com\"}}}}","hidden"]]}]`,
		p.events())
}

func TestSendThrowsValidationErrorsSynchronously(t *testing.T) {
	p := newPage(t, `{}`)
	_, err := p.call("Share.sendDefault", `{objectType: "feed"}`)
	assert.Equal(t, share.CodeMissingKeys, code(t, err))
	_, err = p.call("Share.sendCustom", `"3135"`)
	assert.Equal(t, share.CodeParamsNotObject, code(t, err))
	assert.Empty(t, p.eventTypes(), "nothing is opened or sent")
}

func TestBlockedPopupRejects(t *testing.T) {
	p := newPage(t, `{blockPopups: true}`)
	v, err := p.call("Share.sendScrap", `{requestUrl: "https://developers.kakao.com"}`)
	require.NoError(t, err)
	_, err = jsutil.Await(v)
	require.Error(t, err)
	rej := err.(*jsutil.Rejection).Value
	assert.Equal(t, "popup-blocked", rej.Get("code").String())
	assert.Equal(t, []string{"open"}, p.eventTypes(), "no form is left behind")
}

func TestPreopenedPopupIsUsedOrClosed(t *testing.T) {
	p := newPage(t, `{}`)
	popup := jsEval(`{closed: false, close() { this.closed = true }}`)
	args := []js.Value{jsEval(feedJS)}
	v, err := p.e.Invoke("Share.sendDefault", args, popup)
	require.NoError(t, err)
	_, err = jsutil.Await(v)
	require.NoError(t, err)
	assert.Equal(t, []string{"submit"}, p.eventTypes(), "the window opened in the click is filled, no second window")

	_, err = p.e.Invoke("Share.sendDefault", []js.Value{jsEval(`{objectType: "feed"}`)}, popup)
	require.Error(t, err)
	assert.True(t, popup.Get("closed").Bool(), "a failed call closes the window opened for it")
}

func TestTalkPathLaunchesKakaoTalk(t *testing.T) {
	tests := []struct {
		name, ua   string
		wantPrefix string
	}{
		{"android intent", androidUA, "intent://send?appkey=" + appKey + "&appver=1.0&linkver=4.0&extras="},
		{"iphone universal link", iphoneUA, "https://talk-apps.kakao.com/scheme/kakaolink%3A%2F%2Fsend%3Fappkey%3D" + appKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPage(t, `{ua: "`+tt.ua+`", touch: 5, answer: () => ({status: 200, body: '`+okAnswer+`'})}`)
			v, err := p.call("Share.sendDefault", feedJS)
			require.NoError(t, err)
			got, err := jsutil.Await(v)
			require.NoError(t, err)
			assert.Equal(t, "talk", got.Get("path").String())
			ev := p.win.Get("events")
			require.Equal(t, []string{"fetch", "navigate"}, p.eventTypes())
			fetch := ev.Index(0)
			assert.True(t, strings.HasPrefix(fetch.Get("url").String(), "https://kapi.kakao.com/v2/api/kakaolink/talk/template/default?link_ver=4.0&template_object="))
			assert.Equal(t, "KakaoAK "+appKey, fetch.Get("headers").Get("Authorization").String())
			assert.True(t, strings.HasPrefix(ev.Index(1).Get("url").String(), tt.wantPrefix), ev.Index(1).Get("url").String())
		})
	}
}

func TestTalkPathFailureLandsOnPickerFailed(t *testing.T) {
	p := newPage(t, `{ua: "`+androidUA+`", touch: 5, answer: () => ({status: 401, body: '{"code":-401,"msg":"domain mismatched! caller=http://127.0.0.1:8080."}'})}`)
	v, err := p.call("Share.sendCustom", `{templateId: 3135}`)
	require.NoError(t, err)
	_, err = jsutil.Await(v)
	require.Error(t, err)
	rej := err.(*jsutil.Rejection).Value
	assert.Equal(t, -401, rej.Get("code").Int(), "Kakao's numeric code")
	ev := p.win.Get("events")
	require.Equal(t, []string{"fetch", "navigate"}, p.eventTypes())
	u := ev.Index(1).Get("url").String()
	require.True(t, strings.HasPrefix(u, "https://sharer.kakao.com/picker/failed?app_key="+appKey+"&error="), u)
	payload, err := base64.RawURLEncoding.DecodeString(u[strings.Index(u, "&error=")+7:])
	require.NoError(t, err)
	assert.Equal(t, `{"name":"KAPIError","code":-401,"msg":"domain mismatched! caller=http://127.0.0.1:8080."}`, string(payload))
}

func TestNetworkFailureLandsOnPickerFailed(t *testing.T) {
	p := newPage(t, `{ua: "`+androidUA+`", touch: 5, answer: () => ({networkError: true})}`)
	v, err := p.call("Share.sendScrap", `{requestUrl: "https://developers.kakao.com"}`)
	require.NoError(t, err)
	_, err = jsutil.Await(v)
	require.Error(t, err)
	assert.Equal(t, "network-error", err.(*jsutil.Rejection).Value.Get("code").String())
	assert.Equal(t, []string{"fetch", "navigate"}, p.eventTypes())
}

func TestButtonsBindReplaceAndCleanUp(t *testing.T) {
	p := newPage(t, `{}`)
	_, err := p.call("Share.createDefaultButton", `{objectType: "text", text: "first", link: {}, container: "#btn"}`)
	require.NoError(t, err)
	_, err = p.call("Share.createDefaultButton", `{objectType: "text", text: "second", link: {}, container: "#btn"}`)
	require.NoError(t, err)
	assert.Equal(t, 1, p.win.Call("listenerCount", "btn").Int(), "binding again replaces the handler")

	ev := p.win.Call("click", "btn")
	assert.True(t, ev.Get("prevented").Bool())
	assert.True(t, ev.Get("stopped").Bool())
	events := p.events()
	assert.Contains(t, events, `\"text\":\"second\"`)
	assert.NotContains(t, events, `\"text\":\"first\"`)
}

func TestButtonsCleanup(t *testing.T) {
	p := newPage(t, `{}`)
	el := p.win.Call("element", "btn2")
	settings := jsEval(`{requestUrl: "u"}`)
	settings.Set("container", el)
	_, err := p.e.Invoke("Share.createScrapButton", []js.Value{settings}, js.Undefined())
	require.NoError(t, err, "an element is a container")
	_, err = p.call("Share.createCustomButton", `{templateId: 1, container: "#btn"}`)
	require.NoError(t, err)
	assert.Equal(t, 1, p.win.Call("listenerCount", "btn2").Int())

	_, err = p.call("Share.cleanup", ``)
	require.NoError(t, err)
	assert.Equal(t, 0, p.win.Call("listenerCount", "btn").Int())
	assert.Equal(t, 0, p.win.Call("listenerCount", "btn2").Int())
	assert.Empty(t, p.e.buttons, "every callback is released")

	_, err = p.call("Share.createCustomButton", `{templateId: 1, container: "#btn"}`)
	require.NoError(t, err)
	_, err = p.call("cleanup", ``)
	require.NoError(t, err)
	assert.Equal(t, 0, p.win.Call("listenerCount", "btn").Int(), "Kakao.cleanup removes handlers too")
}

func TestButtonContainerErrors(t *testing.T) {
	p := newPage(t, `{}`)
	tests := []struct {
		name, settings string
		want           share.Code
	}{
		{"no match", `{templateId: 1, container: "#missing"}`, share.CodeContainer},
		{"no hash", `{templateId: 1, container: "btn"}`, share.CodeContainer},
		{"invalid selector (difference 4)", `{templateId: 1, container: "#bad["}`, share.CodeInvalidSelector},
		{"nested error at creation (difference 2)", `{objectType: "feed", content: {}, container: "#btn"}`, share.CodeMissingKeys},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := "Share.createCustomButton"
			if strings.Contains(tt.settings, "objectType") {
				name = "Share.createDefaultButton"
			}
			_, err := p.call(name, tt.settings)
			assert.Equal(t, tt.want, code(t, err))
			assert.Equal(t, 0, p.win.Call("listenerCount", "btn").Int(), "nothing is bound")
		})
	}
}

func TestUploadImage(t *testing.T) {
	p := newPage(t, `{answer: () => ({status: 200, body: '{"infos":{"original":{"url":"https://x/a.png","length":3,"content_type":"image/png","width":1,"height":1}}}'})}`)
	v, err := p.call("Share.uploadImage", `{file: [new File(["abc"], "a.png", {type: "image/png"}), new Blob(["xy"], {type: "image/gif"})]}`)
	require.NoError(t, err)
	got, err := jsutil.Await(v)
	require.NoError(t, err)
	assert.Equal(t, "https://x/a.png", got.Get("infos").Get("original").Get("url").String())
	ev := p.win.Get("events").Index(0)
	assert.Equal(t, "https://kapi.kakao.com/v2/api/talk/message/image/upload", ev.Get("url").String())
	assert.Equal(t, `[["file","a.png","image/png",3],["file","blob","image/gif",2]]`, js.Global().Get("JSON").Call("stringify", ev.Get("body")).String())
	assert.True(t, ev.Get("headers").Get("Content-Type").IsUndefined(), "the browser sets the multipart type")

	_, err = p.call("Share.uploadImage", `{file: new File([new Uint8Array(6 * 1024 * 1024)], "big.png", {type: "image/png"})}`)
	assert.Equal(t, share.CodeFileTooLarge, code(t, err))
	_, err = p.call("Share.uploadImage", `{file: [new File(["x"], "notes.txt", {type: "text/plain"})]}`)
	assert.Equal(t, share.CodeNotAnImage, code(t, err))
	assert.Equal(t, []string{"fetch"}, p.eventTypes(), "refused files are never sent")
}

func TestImageCallsRejectWithKakaosError(t *testing.T) {
	p := newPage(t, `{answer: () => ({status: 400, body: '{"code":-602,"msg":"image too large"}'})}`)
	v, err := p.call("Share.scrapImage", `{imageUrl: "https://example.com/a.png"}`)
	require.NoError(t, err)
	_, err = jsutil.Await(v)
	rej := err.(*jsutil.Rejection).Value
	assert.Equal(t, "KakaoError", rej.Get("name").String())
	assert.Equal(t, -602, rej.Get("code").Int())
	assert.Equal(t, "image too large", rej.Get("msg").String())

	p = newPage(t, `{answer: () => ({status: 200, body: ''})}`)
	v, err = p.call("Share.deleteImage", `{imageUrl: "https://example.com/a b.png"}`)
	require.NoError(t, err)
	got, err := jsutil.Await(v)
	require.NoError(t, err)
	assert.Equal(t, "", got.String(), "an empty answer resolves with the raw text")
	ev := p.win.Get("events").Index(0)
	assert.Equal(t, "DELETE", ev.Get("method").String())
	assert.Equal(t, "https://kapi.kakao.com/v2/api/talk/message/image/delete?image_url=https%3A%2F%2Fexample.com%2Fa%20b.png", ev.Get("url").String())
}

func TestEmulatorRoutesEveryRequest(t *testing.T) {
	win := jsEval(fakeWindowJS).Invoke(jsEval(`{}`))
	e := New(Config{Window: win, Emulator: emulatorURL})
	_, err := e.Invoke("init", []js.Value{js.ValueOf(appKey)}, js.Undefined())
	require.NoError(t, err)
	v, err := e.Invoke("Share.sendDefault", []js.Value{jsEval(feedJS)}, js.Undefined())
	require.NoError(t, err)
	_, err = jsutil.Await(v)
	require.NoError(t, err)
	assert.Contains(t, js.Global().Get("JSON").Call("stringify", win.Get("events")).String(), `"action":"http://127.0.0.1:8080/picker/link"`)

	bad := New(Config{Window: win, Emulator: "not a url"})
	_, err = bad.Invoke("init", []js.Value{js.ValueOf(appKey)}, js.Undefined())
	require.NoError(t, err)
	_, err = bad.Invoke("Share.sendDefault", []js.Value{jsEval(feedJS)}, js.Undefined())
	assert.Equal(t, share.CodeIllegalArgument, code(t, err), "no silent fallback to Kakao's hosts")
}

// TestExportNeverThrowsAndKeepsWorking: the loader's invoke returns [ok, value], a
// panic inside becomes an internal error, and a thousand malformed calls leave the
// engine working.
func TestExportNeverThrowsAndKeepsWorking(t *testing.T) {
	p := newPage(t, `{}`)
	invoke := p.e.Export().Get("invoke")
	res := invoke.Invoke("Share.sendDefault", jsEval(`[{objectType: "feed"}]`), js.Null())
	assert.False(t, res.Index(0).Bool())
	assert.Equal(t, "KakaoError", res.Index(1).Get("name").String())

	p.win.Set("open", js.Undefined()) // a broken page: the call panics inside
	res = invoke.Invoke("Share.sendDefault", jsEval("["+feedJS+"]"), js.Null())
	assert.False(t, res.Index(0).Bool())
	assert.Equal(t, "internal-error", res.Index(1).Get("code").String())
	p.win.Set("open", jsEval(`function () { return {closed: false} }`))

	malformed := []string{`null`, `5`, `"x"`, `[]`, `{objectType: 1}`, `{objectType: "list", contents: [null, null]}`,
		`{objectType: "feed", content: {link: "x"}}`, `(() => { const o = {objectType: "feed"}; o.content = o; return o })()`,
		`new Proxy({}, {ownKeys() { throw 1 }})`, `{objectType: "text", text: "\ud800", link: {}}`}
	for i := 0; i < 1000; i++ {
		res := invoke.Invoke("Share.sendDefault", jsEval("["+malformed[i%len(malformed)]+"]"), js.Null())
		require.False(t, res.Index(0).Bool(), malformed[i%len(malformed)])
	}
	res = invoke.Invoke("Share.sendDefault", jsEval("["+feedJS+"]"), js.Null())
	require.True(t, res.Index(0).Bool())
	_, err := jsutil.Await(res.Index(1))
	assert.NoError(t, err, "a valid call after a thousand malformed ones succeeds")
}
