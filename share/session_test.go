package share

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/kshare/kshare/share/jsvalue"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// planText renders a plan as lines, one per step (nested steps indented), so that a
// test compares the whole plan at once: what the call returns or throws, then each
// step with the fields its op reads; errors as their code and field.
func planText(p Plan) []string {
	var out []string
	if p.Return.Kind != jsvalue.Undefined {
		out = append(out, "return "+jsvalue.MarshalString(p.Return))
	}
	if p.Throw != nil {
		out = append(out, "throw "+errText(p.Throw))
	}
	return append(out, stepsText(p.Steps, "")...)
}

func stepsText(steps []Step, indent string) []string {
	var out []string
	for _, s := range steps {
		line := indent + string(s.Op)
		switch s.Op {
		case OpOpen:
			line += " " + s.Popup.URL + " " + s.Popup.Name + " " + s.Popup.Features
		case OpSubmit:
			names := make([]string, len(s.Form.Fields))
			for i, f := range s.Form.Fields {
				names[i] = f.Name
			}
			line += " " + s.Form.Action + " target=" + s.Form.Target + " fields=" + strings.Join(names, ",") + " watch=" + strconv.Itoa(s.Wait)
		case OpFetch:
			line += " " + s.Request.Method + " " + s.Request.URL
			if len(s.Files) > 0 {
				line += " files=" + s.Request.FileField + jsvalue.MarshalString(intsValue(s.Files))
			}
			if s.Wait > 0 {
				line += " within " + strconv.Itoa(s.Wait)
			}
		case OpWait:
			line += " " + strconv.Itoa(s.Wait)
		case OpNavigate, OpIframe:
			line += " " + s.URL
		case OpResolve:
			line += " " + jsvalue.MarshalString(s.Value)
		case OpReject, OpRaise:
			line += " " + errText(s.Err)
		case OpWarn:
			line += " " + s.Text
		case OpCall:
			line += " " + strconv.Itoa(s.Ref) + " "
			if s.Err != nil {
				line += errText(s.Err)
			} else {
				line += jsvalue.MarshalString(s.Value)
			}
		case OpOnSent:
			line += " " + strconv.Itoa(s.Ref) + " " + s.URL
		}
		out = append(out, line)
		if len(s.Else) > 0 {
			out = append(out, indent+"else:")
			out = append(out, stepsText(s.Else, indent+"  ")...)
		}
		if len(s.Then) > 0 {
			out = append(out, stepsText(s.Then, indent+"  ")...)
		}
	}
	return out
}

func intsValue(refs []int) jsvalue.Value {
	out := make([]jsvalue.Value, len(refs))
	for i, r := range refs {
		out[i] = jsvalue.Num(float64(r))
	}
	return jsvalue.Arr(out...)
}

func errText(err error) string {
	var e *Error
	if !errors.As(err, &e) {
		return "not a *share.Error: " + err.Error()
	}
	s := string(e.Code)
	if e.Field != "" {
		s += " at " + e.Field
	}
	if e.KakaoCode != 0 {
		s += " kakao " + strconv.Itoa(e.KakaoCode)
	}
	return s
}

// session returns a session that Kakao.init has initialised with desktopEnv's key.
func session(t *testing.T, emulator string) *Session {
	t.Helper()
	s := NewSession(emulator)
	p := s.Run(Invocation{Call: "init", Arg: jsvalue.Str(desktopEnv.AppKey)})
	require.Empty(t, planText(p), "init succeeds")
	return s
}

const (
	sharerOpen   = "open https://sharer.kakao.com/picker/link sharer width=480,height=700,left=400,top=50,scrollbars=yes,resizable=1"
	sharerSubmit = "submit https://sharer.kakao.com/picker/link target=sharer fields=app_key,ka,validation_action,validation_params watch=400"
	kapiDefault  = "fetch GET https://kapi.kakao.com/v2/api/kakaolink/talk/template/default?link_ver=4.0&template_object="
	okAnswer     = `{"template_id":97531,"template_args":{"title":"제목"},"template_msg":{"P":{"TP":"Feed"},"C":{"THC":1}}}`
)

var screen = Screen{Width: 1280, Height: 800}

// TestSessionPlans has one row per branch of Session.Run: the plan of each call, for
// each path, each answer and each failure, compared whole.
func TestSessionPlans(t *testing.T) {
	textLink := `{"objectType": "text", "text": "t", "link": {"webUrl": "https://developers.kakao.com"}}`
	kakaoTalkPC := Env{UserAgent: desktopEnv.UserAgent + " KAKAOTALK", Origin: desktopEnv.Origin}
	stockAndroid := androidEnv
	stockAndroid.UserAgent = "Mozilla/5.0 (Linux; Android 9; SM-G960N) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Mobile Safari/537.36"
	iOS8 := iphoneEnv
	iOS8.UserAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 8_4 like Mac OS X) AppleWebKit/600.1.4 (KHTML, like Gecko) Version/8.0 Mobile/12H143 Safari/600.1.4"
	firefox := androidEnv
	firefox.UserAgent = "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0"
	ok := &Answer{Status: 200, Body: okAnswer}
	sent := `resolve {"path":"web-sharer","url":"https://sharer.kakao.com/picker/link"}`
	file := jsvalue.Value{Kind: jsvalue.File, Ref: 3, File: &jsvalue.FileInfo{Name: "a.png", Size: 10, Type: "image/png"}}

	tests := []struct {
		name string
		inv  Invocation
		want []string
		// prefix: only the start of each line is compared (long URLs).
		prefix bool
	}{
		{name: "isInitialized after init", inv: Invocation{Call: "isInitialized"}, want: []string{"return true"}},
		{name: "a second init", inv: Invocation{Call: "init", Arg: jsvalue.Str("k")}, want: []string{"throw already-initialized"}},
		{name: "a second init whose key could not be read is still already-initialized",
			inv:  Invocation{Call: "init", ArgError: Unserializable("appKey", "reading it threw 42")},
			want: []string{"throw already-initialized"}},
		{name: "cleanup unbinds every button", inv: Invocation{Call: "cleanup"}, want: []string{"unbindAll"}},
		{name: "Share.cleanup unbinds every button", inv: Invocation{Call: "Share.cleanup"}, want: []string{"unbindAll"}},
		{name: "an unknown call", inv: Invocation{Call: "Share.sendEverything"}, want: []string{"throw internal-error", "close"}},
		{name: "an argument the loader could not read",
			inv:  Invocation{Call: "Share.sendDefault", ArgError: TooLarge("buttons", "it holds 100000 values")},
			want: []string{"throw too-large at buttons", "close"}},

		{name: "sendDefault, desktop: popup, form, then resolve",
			inv:  Invocation{Call: "Share.sendDefault", Arg: js(t, textLink), Env: desktopEnv, Screen: screen},
			want: []string{sharerOpen, "else:", "  reject popup-blocked", sharerSubmit, "else:", "  close", "  reject form-blocked", sent}},
		{name: "sendDefault with a validation error throws and closes the window opened in the click",
			inv:  Invocation{Call: "Share.sendDefault", Arg: js(t, `{"objectType": "text", "text": 5, "link": {}}`), Env: desktopEnv},
			want: []string{"throw illegal-argument at text", "close"}},
		{name: "sendDefault, android: close the click's window, validate on kapi",
			inv:  Invocation{Call: "Share.sendDefault", Arg: js(t, textLink), Env: androidEnv},
			want: []string{"close", kapiDefault}, prefix: true},
		{name: "sendCustom, iphone: the validate endpoint",
			inv:  Invocation{Call: "Share.sendCustom", Arg: js(t, customMessage), Env: iphoneEnv},
			want: []string{"close", "fetch GET https://kapi.kakao.com/v2/api/kakaolink/talk/template/validate?link_ver=4.0&template_id=3135&"}, prefix: true},
		{name: "kapi's answer, android chrome: the intent at once, then resolve",
			inv:  Invocation{Call: "Share.sendDefault", Arg: js(t, textLink), Env: androidEnv, Answer: ok},
			want: []string{"navigate intent://send?appkey=", `resolve {"path":"talk","url":"intent://send?`}, prefix: true},
		{name: "kapi's answer, firefox: the intent after 100 ms",
			inv:  Invocation{Call: "Share.sendDefault", Arg: js(t, textLink), Env: firefox, Answer: ok},
			want: []string{"wait 100", "navigate intent://send?", "resolve "}, prefix: true},
		{name: "kapi's answer, stock android: the iframe, then the store if still visible",
			inv: Invocation{Call: "Share.sendDefault", Arg: js(t, textLink), Env: stockAndroid, Answer: ok},
			want: []string{"wait 100", "iframe kakaolink://send?", `resolve {"path":"talk","url":"kakaolink://send?`, "wait 200",
				"ifVisible", "  navigate market://details?id=com.kakao.talk&referrer="}, prefix: true},
		{name: "kapi's answer, iOS 8: the iframe, the App Store after 5 s",
			inv: Invocation{Call: "Share.sendDefault", Arg: js(t, textLink), Env: iOS8, Answer: ok},
			want: []string{"iframe kakaolink://send?", "resolve ", "wait 5000",
				"ifVisible", "  navigate https://itunes.apple.com/app/id362057947"}, prefix: true},
		{name: "kapi's answer, iphone: the universal link",
			inv:  Invocation{Call: "Share.sendDefault", Arg: js(t, textLink), Env: iphoneEnv, Answer: ok},
			want: []string{"navigate https://talk-apps.kakao.com/scheme/kakaolink%3A%2F%2Fsend%3F", "resolve "}, prefix: true},
		{name: "kapi's error: picker/failed, then reject with Kakao's code",
			inv: Invocation{Call: "Share.sendDefault", Arg: js(t, textLink), Env: androidEnv,
				Answer: &Answer{Status: 401, Body: `{"code":-401,"msg":"domain mismatched!"}`}},
			want: []string{"navigate https://sharer.kakao.com/picker/failed?app_key=0123456789abcdef0123456789abcdef&error=", "reject kapi-error kakao -401"}, prefix: true},
		{name: "no answer: picker/failed, then reject network-error",
			inv:  Invocation{Call: "Share.sendDefault", Arg: js(t, textLink), Env: androidEnv, Answer: &Answer{NetworkError: "TypeError: Failed to fetch"}},
			want: []string{"navigate https://sharer.kakao.com/picker/failed?", "reject network-error"}, prefix: true},
		{name: "a 200 answer without template_msg is a failure (difference 6)",
			inv:  Invocation{Call: "Share.sendDefault", Arg: js(t, textLink), Env: androidEnv, Answer: &Answer{Status: 200, Body: `{}`}},
			want: []string{"navigate https://sharer.kakao.com/picker/failed?", "reject bad-response"}, prefix: true},
		{name: "a KakaoTalk link over the size limit",
			inv: Invocation{Call: "Share.sendDefault", Arg: js(t, textLink), Env: androidEnv,
				Answer: &Answer{Status: 200, Body: `{"template_msg":{"P":"` + strings.Repeat("x", MaxTalkLinkLength) + `"}}`}},
			want: []string{"navigate https://sharer.kakao.com/picker/failed?", "reject size-limit"}, prefix: true},
		{name: "the KakaoTalk browser on a PC: unsupported after 100 ms",
			inv:  Invocation{Call: "Share.sendDefault", Arg: js(t, textLink), Env: kakaoTalkPC, Answer: ok},
			want: []string{"wait 100", "reject unsupported-environment"}},

		{name: "createDefaultButton: bind",
			inv:  Invocation{Call: "Share.createDefaultButton", Arg: js(t, `{"objectType": "text", "text": "t", "link": {}, "container": "#btn"}`), Container: Lookup{Found: true}},
			want: []string{"bind"}},
		{name: "createDefaultButton: no element matches",
			inv:  Invocation{Call: "Share.createDefaultButton", Arg: js(t, `{"objectType": "text", "text": "t", "link": {}, "container": "#nope"}`)},
			want: []string{"throw container-not-found at container"}},
		{name: "createDefaultButton: an invalid selector",
			inv: Invocation{Call: "Share.createDefaultButton", Arg: js(t, `{"objectType": "text", "text": "t", "link": {}, "container": "#a["}`),
				Container: Lookup{SelectorError: "'#a[' is not a valid selector."}},
			want: []string{"throw invalid-selector at container"}},
		{name: "createDefaultButton: a top-level error comes before the container",
			inv:  Invocation{Call: "Share.createDefaultButton", Arg: js(t, `{"objectType": "text", "link": {}, "container": "#nope"}`)},
			want: []string{"throw missing-keys at text"}},
		{name: "createDefaultButton: a nested error comes after the container (difference 2)",
			inv:  Invocation{Call: "Share.createDefaultButton", Arg: js(t, `{"objectType": "text", "text": "t", "link": {"url": 1}, "container": "#nope"}`)},
			want: []string{"throw container-not-found at container"}},
		{name: "a click, desktop: failures are raised, nothing resolves",
			inv: Invocation{Call: "Share.createDefaultButton", Click: true, Env: desktopEnv, Screen: screen,
				Arg: js(t, `{"objectType": "text", "text": "t", "link": {}, "container": "@element"}`)},
			want: []string{sharerOpen, "else:", "  raise popup-blocked", sharerSubmit, "else:", "  close", "  raise form-blocked"}},
		{name: "a click, android, kapi's error: picker/failed and nothing thrown",
			inv: Invocation{Call: "Share.createDefaultButton", Click: true, Env: androidEnv, Answer: &Answer{Status: 400, Body: `{"code":4002,"msg":"bad"}`},
				Arg: js(t, `{"objectType": "text", "text": "t", "link": {}, "container": "@element"}`)},
			want: []string{"navigate https://sharer.kakao.com/picker/failed?"}, prefix: true},
		{name: "a click in the KakaoTalk browser on a PC: unsupported is raised",
			inv: Invocation{Call: "Share.createDefaultButton", Click: true, Env: kakaoTalkPC, Answer: ok,
				Arg: js(t, `{"objectType": "text", "text": "t", "link": {}, "container": "@element"}`)},
			want: []string{"wait 100", "raise unsupported-environment"}},

		{name: "uploadImage: fetch with the files",
			inv:  Invocation{Call: "Share.uploadImage", Arg: jsvalue.Obj(jsvalue.M("file", jsvalue.Arr(file))), Env: desktopEnv},
			want: []string{"fetch POST https://kapi.kakao.com/v2/api/talk/message/image/upload files=file[3]"}},
		{name: "uploadImage: Kakao's answer resolves",
			inv: Invocation{Call: "Share.uploadImage", Arg: jsvalue.Obj(jsvalue.M("file", jsvalue.Arr(file))), Env: desktopEnv,
				Answer: &Answer{Status: 200, Body: `{"infos":{"original":{"url":"u"}}}`}},
			want: []string{`resolve {"infos":{"original":{"url":"u"}}}`}},
		{name: "uploadImage: Kakao's error rejects with its code (difference 14)",
			inv: Invocation{Call: "Share.uploadImage", Arg: jsvalue.Obj(jsvalue.M("file", jsvalue.Arr(file))), Env: desktopEnv,
				Answer: &Answer{Status: 400, Body: `{"code":-602,"msg":"too large"}`}},
			want: []string{"reject kapi-error kakao -602"}},
		{name: "uploadImage: a file that is no image is refused before any byte is sent",
			inv: Invocation{Call: "Share.uploadImage", Env: desktopEnv, Arg: jsvalue.Obj(jsvalue.M("file", jsvalue.Arr(
				jsvalue.Value{Kind: jsvalue.File, Ref: 1, File: &jsvalue.FileInfo{Name: "a.txt", Type: "text/plain"}})))},
			want: []string{"throw not-an-image at file[0]"}},
		{name: "scrapImage: fetch",
			inv:  Invocation{Call: "Share.scrapImage", Arg: js(t, `{"imageUrl": "https://example.com/a.png"}`), Env: desktopEnv},
			want: []string{"fetch POST https://kapi.kakao.com/v2/api/talk/message/image/scrap"}},
		{name: "deleteImage: fetch",
			inv:  Invocation{Call: "Share.deleteImage", Arg: js(t, `{"imageUrl": "https://example.com/a.png"}`), Env: desktopEnv},
			want: []string{"fetch DELETE https://kapi.kakao.com/v2/api/talk/message/image/delete?image_url=https%3A%2F%2Fexample.com%2Fa.png"}},
		{name: "deleteImage: no answer rejects network-error",
			inv: Invocation{Call: "Share.deleteImage", Arg: js(t, `{"imageUrl": "https://example.com/a.png"}`), Env: desktopEnv,
				Answer: &Answer{NetworkError: "TypeError: Failed to fetch"}},
			want: []string{"reject network-error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := planText(session(t, "").Run(tt.inv))
			assertSteps(t, tt.want, got, tt.prefix)
		})
	}
}

// TestSessionBeforeInit: every Share call before Kakao.init, and after Kakao.cleanup,
// throws not-initialized (difference 1) and closes the window opened in the click.
func TestSessionBeforeInit(t *testing.T) {
	calls := []string{"Share.sendDefault", "Share.createDefaultButton", "Share.sendCustom", "Share.createCustomButton",
		"Share.sendScrap", "Share.createScrapButton", "Share.uploadImage", "Share.scrapImage", "Share.deleteImage", "Share.cleanup"}
	fresh := NewSession("")
	cleaned := session(t, "")
	assert.Equal(t, []string{"unbindAll"}, planText(cleaned.Run(Invocation{Call: "cleanup"})))
	for _, s := range []struct {
		name    string
		session *Session
	}{{"before init", fresh}, {"after cleanup", cleaned}} {
		for _, c := range calls {
			t.Run(s.name+" "+c, func(t *testing.T) {
				assert.Equal(t, []string{"throw not-initialized", "close"}, planText(s.session.Run(Invocation{Call: c})))
				assert.False(t, s.session.Initialized())
				assert.Equal(t, []string{"return false"}, planText(s.session.Run(Invocation{Call: "isInitialized"})))
			})
		}
	}
}

func TestSessionInit(t *testing.T) {
	tests := []struct {
		name string
		arg  jsvalue.Value
		err  error
		want []string
	}{
		{"a string", jsvalue.Str("k"), nil, nil},
		{"the empty string", jsvalue.Str(""), nil, nil},
		{"a String object", jsvalue.Value{Kind: jsvalue.String, Boxed: true, Str: "k"}, nil, nil},
		{"a number", jsvalue.Num(5), nil, []string{"throw app-key-required at appKey"}},
		{"undefined", jsvalue.Value{}, nil, []string{"throw app-key-required at appKey"}},
		{"a key the loader could not read", jsvalue.Value{}, Unserializable("appKey", "reading it threw 42"), []string{"throw unserializable-value at appKey"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSession("")
			assert.Equal(t, tt.want, planText(s.Run(Invocation{Call: "init", Arg: tt.arg, ArgError: tt.err})))
			assert.Equal(t, tt.want == nil, s.Initialized())
		})
	}
}

func TestSessionEmulator(t *testing.T) {
	s := session(t, "http://127.0.0.1:8080/")
	got := s.Run(Invocation{Call: "Share.sendDefault", Arg: js(t, `{"objectType": "text", "text": "t", "link": {}}`), Env: desktopEnv, Screen: screen})
	require.Len(t, got.Steps, 3)
	assert.Equal(t, "http://127.0.0.1:8080/picker/link", got.Steps[0].Popup.URL, "the emulator's sharer")
	assert.Equal(t, "http://127.0.0.1:8080/picker/link", got.Steps[1].Form.Action)

	bad := session(t, "ftp://x")
	assert.Equal(t, []string{"throw illegal-argument at data-emulator", "close"},
		planText(bad.Run(Invocation{Call: "Share.sendDefault", Arg: js(t, `{"objectType": "text", "text": "t", "link": {}}`)})))
	assert.Equal(t, []string{"return true"}, planText(bad.Run(Invocation{Call: "isInitialized"})), "init still works")
}

// TestSessionSameKeyInit: with SameKeyInit (the npm package's module), init with the
// key held already is a no-op; another key, or any second init without it, is refused
// as 2.7.4 refuses it.
func TestSessionSameKeyInit(t *testing.T) {
	tests := []struct {
		name        string
		sameKeyInit bool
		second      jsvalue.Value
		want        []string
	}{
		{"the script tag: the same key", false, jsvalue.Str("k"), []string{"throw already-initialized"}},
		{"the module: the same key", true, jsvalue.Str("k"), nil},
		{"the module: the same key as a String object", true, jsvalue.Value{Kind: jsvalue.String, Boxed: true, Str: "k"}, nil},
		{"the module: another key", true, jsvalue.Str("other"), []string{"throw already-initialized"}},
		{"the module: no key", true, jsvalue.Value{}, []string{"throw already-initialized"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSession("")
			s.SameKeyInit = tt.sameKeyInit
			require.Nil(t, planText(s.Run(Invocation{Call: "init", Arg: jsvalue.Str("k")})))
			assert.Equal(t, tt.want, planText(s.Run(Invocation{Call: "init", Arg: tt.second})))
			assert.True(t, s.Initialized())
		})
	}
}

// TestSessionNeverPanics: the fuzz corpus of settings, through every call and every
// answer, gives plans (package fuzz_test.go fuzzes Parse itself).
func TestSessionNeverPanics(t *testing.T) {
	calls := []string{"init", "isInitialized", "cleanup", "Share.sendDefault", "Share.createDefaultButton", "Share.sendCustom",
		"Share.sendScrap", "Share.uploadImage", "Share.scrapImage", "Share.deleteImage", "Share.cleanup", "", "Share."}
	args := []jsvalue.Value{{}, jsvalue.NullValue(), jsvalue.Num(1), jsvalue.Str("x"), js(t, dessertFeed), js(t, customMessage),
		js(t, `{"file": [1, 2]}`), js(t, `{"imageUrl": 5}`), js(t, `[[[]]]`)}
	answers := []*Answer{nil, {Status: 200, Body: okAnswer}, {Status: 200, Body: "not json"}, {Status: 500, Body: ""}, {NetworkError: "x"}}
	for _, env := range []Env{desktopEnv, androidEnv, iphoneEnv, {}} {
		s := session(t, "")
		for _, c := range calls {
			for _, a := range args {
				for _, ans := range answers {
					assert.NotPanics(t, func() { s.Run(Invocation{Call: c, Arg: a, Env: env, Answer: ans, Click: ans != nil}) })
				}
			}
		}
	}
}

// v1 builds settings with SDK v1's callbacks: success, fail, always and callback are
// the page's functions 2, 3, 4 and 5.
func v1(t *testing.T, settings string, keys ...string) jsvalue.Value {
	v := js(t, settings)
	for i, k := range keys {
		v.Members = append(v.Members, jsvalue.M(k, jsvalue.Value{Kind: jsvalue.Function, Ref: 2 + i}))
	}
	return v
}

// TestSessionLegacyKeys: SDK v1's keys (difference 16) are announced once per page and
// called as v1 called them.
func TestSessionLegacyKeys(t *testing.T) {
	text := `{"objectType": "text", "text": "t", "link": {"webUrl": "https://developers.kakao.com"}}`
	all := []string{"success", "fail", "always", "callback"}
	warnSuccess := `warn KakaoWarning: "success" is a callback of the legacy Kakao.Link (SDK v1): use the Promise that send* returns (then)`
	warnFail := `warn KakaoWarning: "fail" is a callback of the legacy Kakao.Link (SDK v1): use the Promise that send* returns (catch)`
	warnAlways := `warn KakaoWarning: "always" is a callback of the legacy Kakao.Link (SDK v1): use the Promise that send* returns (finally)`
	warnCallback := `warn KakaoWarning: The "callback" parameter is deprecated: to learn that a message was sent, use serverCallbackArgs and the share webhook`
	ok := &Answer{Status: 200, Body: `{"template_msg":{"P":{}},"warning_msg":{"w":1}}`}
	result := `{"template_msg":{"P":{}},"warning_msg":{"w":1},"argument_msg":{}}`
	safari := iphoneEnv
	tests := []struct {
		name   string
		inv    Invocation
		want   []string
		prefix bool
	}{
		{name: "desktop: the callback on each sent message, fail and always on a failure, no success",
			inv: Invocation{Call: "Share.sendDefault", Arg: v1(t, text, all...), Env: desktopEnv, Screen: screen},
			want: []string{warnSuccess, warnFail, warnAlways, warnCallback,
				sharerOpen, "else:", "  reject popup-blocked", "  call 3 popup-blocked", "  call 4 popup-blocked",
				"call 5 https://sharer.kakao.com", /* onSent, before the form goes */
				sharerSubmit, "else:", "  close", "  reject form-blocked", "  call 3 form-blocked", "  call 4 form-blocked", `resolve {"path":"web-sharer","url":"https://sharer.kakao.com/picker/link"}`}},
		{name: "the talk path: success and always with kapi's result once KakaoTalk is launched",
			inv:  Invocation{Call: "Share.sendDefault", Arg: v1(t, text, all...), Env: androidEnv, Answer: ok},
			want: []string{"navigate intent://send?", "resolve ", "call 2 " + result, "call 4 " + result}, prefix: true},
		{name: "the talk path: fail and always with the error, after picker/failed",
			inv: Invocation{Call: "Share.sendDefault", Arg: v1(t, text, all...), Env: androidEnv,
				Answer: &Answer{Status: 400, Body: `{"code":4002,"msg":"bad"}`}},
			want: []string{"navigate https://sharer.kakao.com/picker/failed?", "reject kapi-error kakao 4002", "call 3 kapi-error kakao 4002", "call 4 kapi-error kakao 4002"}, prefix: true},
		{name: "a click given fail: the error goes to fail and always, not thrown",
			inv: Invocation{Call: "Share.createDefaultButton", Click: true, Env: Env{UserAgent: desktopEnv.UserAgent + " KAKAOTALK"}, Answer: ok,
				Arg: v1(t, `{"objectType": "text", "text": "t", "link": {}, "container": "#b"}`, "success", "fail", "always")},
			want: []string{"wait 100", "call 3 unsupported-environment", "call 4 unsupported-environment"}},
		{name: "Safari on an iPhone, given fail: kapi has 10 s, then LINK_TIMEOUT",
			inv: Invocation{Call: "Share.sendDefault", Arg: v1(t, text, "success", "fail"), Env: safari},
			want: []string{warnSuccess, warnFail, "close", "fetch GET https://kapi.kakao.com/v2/api/kakaolink/talk/template/default?", "else:",
				"  reject link-timeout", `  call 3 {"error":"timeout","error_description":"LINK_TIMEOUT"}`}, prefix: true},
		{name: "Safari on an iPhone without fail or always: no deadline (2.7.4)",
			inv:  Invocation{Call: "Share.sendDefault", Arg: v1(t, text, "success"), Env: safari},
			want: []string{warnSuccess, "close", "fetch GET "}, prefix: true},
		{name: "a link's v1 keys: announced, renamed on the wire",
			inv: Invocation{Call: "Share.sendDefault", Env: desktopEnv, Screen: screen,
				Arg: js(t, `{"objectType": "feed", "content": {"link": {"androidExecParams": "a=1", "iosExecParams": "b=2"}}, "buttons": [{"title": "x", "link": {"iosExecParams": "c"}}]}`)},
			want: []string{`warn KakaoWarning: "androidExecParams" is the legacy name of a link's androidExecutionParams (SDK v1): use androidExecutionParams`,
				`warn KakaoWarning: "iosExecParams" is the legacy name of a link's iosExecutionParams (SDK v1): use iosExecutionParams`,
				sharerOpen, "else:", "  reject popup-blocked", sharerSubmit, "else:", "  close", "  reject form-blocked", "resolve "}, prefix: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := planText(session(t, "").Run(tt.inv))
			for i := range got {
				got[i] = strings.Replace(got[i], "onSent ", "call ", 1)
			}
			assertSteps(t, tt.want, got, tt.prefix)
		})
	}

	t.Run("each key is announced once per page", func(t *testing.T) {
		s := session(t, "")
		first := planText(s.Run(Invocation{Call: "Share.sendDefault", Arg: v1(t, text, "success"), Env: desktopEnv}))
		second := planText(s.Run(Invocation{Call: "Share.createDefaultButton", Arg: v1(t, `{"objectType": "text", "text": "t", "link": {}, "container": "#b"}`, "success", "fail"),
			Container: Lookup{Found: true}}))
		assert.Equal(t, warnSuccess, first[0])
		assert.Equal(t, []string{warnFail, "bind"}, second, "only fail is new")
	})
}

// TestSessionKakaoLink: a call made through Kakao.Link runs as its Share call, the
// first one led by the deprecation warning, also when it throws.
func TestSessionKakaoLink(t *testing.T) {
	warnLink := "warn KakaoWarning: Kakao.Link is deprecated, use Kakao.Share"
	s := session(t, "")
	feed := js(t, `{"objectType": "text", "text": "t", "link": {}}`)
	viaShare := planText(session(t, "").Run(Invocation{Call: "Share.sendDefault", Arg: feed, Env: desktopEnv}))

	first := s.Run(Invocation{Call: "Link.sendDefault", Arg: feed, Env: desktopEnv})
	assert.Equal(t, append([]string{warnLink}, viaShare...), planText(first))
	second := s.Run(Invocation{Call: "Link.sendDefault", Arg: feed, Env: desktopEnv})
	assert.Equal(t, viaShare, planText(second), "warned once per page")

	thrown := session(t, "").Run(Invocation{Call: "Link.sendDefault", Arg: js(t, `{"objectType": "story"}`), Env: desktopEnv})
	assert.Equal(t, []string{"throw invalid-object-type at objectType", warnLink, "close"}, planText(thrown))
}

// TestLegacyExecParamsOnTheWire: a link's v1 keys become the 2.x wire keys as v1.43.5's
// builder makes them: a truthy value replaces the 2.x key (in its place when it is
// there), a falsy one stays as it came.
func TestLegacyExecParamsOnTheWire(t *testing.T) {
	tests := []struct{ name, link, want string }{
		{"renamed", `{"webUrl": "w", "androidExecParams": "a=1"}`, `{"web_url":"w","android_execution_params":"a=1"}`},
		{"both: the v1 value wins, in the 2.x key's place", `{"androidExecutionParams": "new", "webUrl": "w", "androidExecParams": "old"}`,
			`{"android_execution_params":"old","web_url":"w"}`},
		{"the v1 key first", `{"iosExecParams": "old", "iosExecutionParams": "new"}`, `{"ios_execution_params":"old"}`},
		{"an empty v1 value is kept as it came", `{"androidExecParams": ""}`, `{"android_exec_params":""}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustParse(t, SendDefault, `{"objectType": "text", "text": "t", "link": `+tt.link+`}`)
			to, _ := r.Params.Get("template_object")
			link, _ := to.Get("link")
			assert.Equal(t, tt.want, jsvalue.MarshalString(link))
		})
	}
}

// assertSteps checks a plan's steps (planText) against want: equal, or with prefix each
// step starting with its want.
func assertSteps(t *testing.T, want, got []string, prefix bool) {
	t.Helper()
	if !prefix {
		assert.Equal(t, want, got)
		return
	}
	require.Len(t, got, len(want), "%q", got)
	for i, w := range want {
		assert.True(t, strings.HasPrefix(got[i], w), "step %d: %q does not start with %q", i, got[i], w)
	}
}
