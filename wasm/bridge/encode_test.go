package bridge

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite js/testdata/plans.json")

func TestEncodeWritesEveryStep(t *testing.T) {
	p := share.Plan{
		Return: jsvalue.Bool(true),
		Steps: []share.Step{
			{Op: share.OpOpen, Popup: &share.Popup{URL: "u", Name: "sharer", Features: "width=480"},
				Else: []share.Step{{Op: share.OpReject, Err: share.PopupBlocked()}}},
			{Op: share.OpSubmit, Form: &share.Form{Action: "a", Target: "sharer", Fields: []share.Field{{Name: "app_key", Value: "k"}, {Name: "validation_params", Value: `{"x":"\""}`}}},
				Wait: 400, Else: []share.Step{{Op: share.OpClose}}},
			{Op: share.OpFetch, Request: &share.HTTPRequest{Method: "POST", URL: "f", Header: []share.Header{{Name: "KA", Value: "sdk/2.7.4"}}, FileField: "file"}, Files: []int{1, 3}},
			{Op: share.OpFetch, Request: &share.HTTPRequest{Method: "POST", URL: "g", Body: "image_url=x"}, Wait: 10000,
				Else: []share.Step{{Op: share.OpCall, Ref: 5, Value: jsvalue.Obj(jsvalue.M("error", jsvalue.Str("timeout")))}}},
			{Op: share.OpWait, Wait: 100},
			{Op: share.OpNavigate, URL: "intent://send"},
			{Op: share.OpIframe, URL: "kakaolink://send"},
			{Op: share.OpIfVisible, Then: []share.Step{{Op: share.OpNavigate, URL: "market://"}}},
			{Op: share.OpResolve, Value: jsvalue.Obj(jsvalue.M("path", jsvalue.Str("talk")))},
			{Op: share.OpResolve},
			{Op: share.OpRaise, Err: errors.New("not a share error")},
			{Op: share.OpWarn, Text: "KakaoWarning: x"},
			{Op: share.OpCall, Ref: 2, Err: share.LinkTimedOut()},
			{Op: share.OpOnSent, Ref: 1, URL: "https://sharer.kakao.com"},
			{Op: share.OpBind},
			{Op: share.OpUnbindAll},
		},
	}
	want := `{"return":true,"steps":[` +
		`{"op":"open","url":"u","name":"sharer","features":"width=480","else":1},` +
		`{"op":"submit","form":{"acceptCharset":"utf-8","method":"post","action":"a","target":"sharer"},"fields":[["app_key","k"],["validation_params","{\"x\":\"\\\"\"}"]],"wait":400,"else":2},` +
		`{"op":"fetch","url":"f","init":{"method":"POST","headers":[["KA","sdk/2.7.4"]],"cache":"no-store"},"files":{"name":"file","refs":[0,2]}},` +
		`{"op":"fetch","url":"g","init":{"method":"POST","headers":[],"body":"image_url=x","cache":"no-store"},"wait":10000,"else":3},` +
		`{"op":"wait","ms":100},{"op":"navigate","url":"intent://send"},` +
		`{"op":"iframe","attrs":{"id":"appLauncher","name":"appLauncher","width":0,"height":0,"src":"kakaolink://send"}},` +
		`{"op":"ifVisible","then":[{"op":"navigate","url":"market://"}]},` +
		`{"op":"resolve","value":{"path":"talk"}},{"op":"resolve","value":null},` +
		`{"op":"raise","error":{"name":"KakaoError","message":"kshare: internal error (not a share error)","code":"internal-error","field":""}},` +
		`{"op":"warn","text":"KakaoWarning: x"},` +
		`{"op":"call","ref":1,"error":{"name":"KakaoError","message":"kshare: Kakao did not answer within 10 s (LINK_TIMEOUT) (the share was not sent; SDK v1's fail and always were told)","code":"link-timeout","field":""}},` +
		`{"op":"onSent","ref":0,"url":"https://sharer.kakao.com"},{"op":"bind"},{"op":"unbindAll"}]}` +
		"\n" + `[{"op":"reject","error":{"name":"KakaoError","message":"the browser blocked the KakaoTalk sharing popup (call send* from a click handler, or allow popups for this site)","code":"popup-blocked","field":""}}]` +
		"\n" + `[{"op":"close"}]` +
		"\n" + `[{"op":"call","ref":4,"value":{"error":"timeout"}}]`
	assert.Equal(t, want, Encode(p))
	for i, line := range strings.Split(Encode(p), "\n") {
		assert.True(t, json.Valid([]byte(line)), "line %d is JSON", i+1)
	}
}

// TestEncodeNumbersBranchesInOrder checks the texts after the plan's line when there are
// more than the writer holds in its array, and when a branch's steps name texts of their
// own (a form in an else branch): each number names the text on the line after it, in
// the order the numbers were written.
func TestEncodeNumbersBranchesInOrder(t *testing.T) {
	form := func(name string) share.Step {
		return share.Step{Op: share.OpSubmit, Form: &share.Form{Action: "a", Target: "t",
			Fields: []share.Field{{Name: name, JSON: &jsvalue.Value{Kind: jsvalue.String, Str: name}}}},
			Else: []share.Step{{Op: share.OpWarn, Text: "else of " + name}}}
	}
	nested := form("inner")
	p := share.Plan{Steps: []share.Step{form("a"), form("b"), form("c"),
		{Op: share.OpOpen, Popup: &share.Popup{URL: "u"}, Else: []share.Step{nested}}}}
	lines := strings.Split(Encode(p), "\n")
	require.Len(t, lines, 10, "the line, and nine texts")
	var plan struct {
		Steps []struct {
			Fields [][2]any `json:"fields"`
			Else   int      `json:"else"`
		} `json:"steps"`
	}
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &plan))
	text := func(n any) string { return lines[int(n.(float64))] }
	for i, name := range []string{"a", "b", "c"} {
		assert.Equal(t, `"`+name+`"`, text(plan.Steps[i].Fields[0][1]), "the field of form %s", name)
		assert.Equal(t, `[{"op":"warn","text":"else of `+name+`"}]`, lines[plan.Steps[i].Else], "the else of form %s", name)
	}
	var branch []struct {
		Fields [][2]any `json:"fields"`
		Else   int      `json:"else"`
	}
	require.NoError(t, json.Unmarshal([]byte(lines[plan.Steps[3].Else]), &branch))
	require.Len(t, branch, 1)
	assert.Equal(t, `"inner"`, text(branch[0].Fields[0][1]), "a branch's form names a text after the branch")
	assert.Equal(t, `[{"op":"warn","text":"else of inner"}]`, lines[branch[0].Else])
}

// TestEncodeWritesJSONFields checks that a field holding a JSON value names a text
// after the plan's line, and that text is exactly jsvalue.Marshal's (the JSON.stringify
// the sharer receives), on one line; a field holding text is written as that text.
func TestEncodeWritesJSONFields(t *testing.T) {
	tests := []struct {
		name  string
		value jsvalue.Value
		text  string
	}{
		{"an empty object", jsvalue.Obj(), `{}`},
		{"nested objects, numbers and non-ASCII text", jsvalue.Obj(jsvalue.M("link_ver", jsvalue.Str("4.0")),
			jsvalue.M("template_object", jsvalue.Obj(jsvalue.M("text", jsvalue.Str("오늘의 디저트")), jsvalue.M("n", jsvalue.Num(1.5))))),
			`{"link_ver":"4.0","template_object":{"text":"오늘의 디저트","n":1.5}}`},
		{"quotes and backslashes inside strings", jsvalue.Obj(jsvalue.M("q", jsvalue.Str(`say "hi" \ back\slash`))),
			`{"q":"say \"hi\" \\ back\\slash"}`},
		{"newlines and other control characters, escaped by the JSON text", jsvalue.Arr(jsvalue.Str("a\nb\r\u2028c\u0001")), "[\"a\\nb\\r\u2028c\\u0001\"]"},
		{"a bare string", jsvalue.Str(`"`), `"\""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.text, jsvalue.MarshalString(tt.value), "the case's JSON text")
			v, picker := tt.value, jsvalue.Obj(jsvalue.M("title", jsvalue.Str("x")))
			p := share.Plan{Steps: []share.Step{{Op: share.OpSubmit, Form: &share.Form{Fields: []share.Field{
				{Name: "validation_params", JSON: &v}, {Name: "after", Value: "x"}, {Name: "picker_settings", JSON: &picker}}}}}}
			lines := strings.Split(Encode(p), "\n")
			require.Len(t, lines, 3, "the plan's line, then one line per JSON field")
			var plan struct {
				Steps []struct {
					Fields [][2]json.RawMessage `json:"fields"`
				} `json:"steps"`
			}
			require.NoError(t, json.Unmarshal([]byte(lines[0]), &plan))
			require.Len(t, plan.Steps, 1)
			assert.Equal(t, [][2]json.RawMessage{{json.RawMessage(`"validation_params"`), json.RawMessage(`1`)},
				{json.RawMessage(`"after"`), json.RawMessage(`"x"`)}, {json.RawMessage(`"picker_settings"`), json.RawMessage(`2`)}}, plan.Steps[0].Fields)
			assert.Equal(t, []string{tt.text, `{"title":"x"}`}, lines[1:])
		})
	}
}

func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"a KakaoError", &share.Error{Code: share.CodeMissingKeys, Field: "content", Message: "Missing required keys: content at Share.sendDefault", Reason: "required"},
			`{"throw":{"name":"KakaoError","message":"Missing required keys: content at Share.sendDefault (at content: required)","code":"missing-keys","field":"content"}}`},
		{"the official plain Error", &share.Error{Code: share.CodeParamsNotObject, Field: "settings", Message: "params should be an Object", Plain: true},
			`{"throw":{"name":"Error","message":"params should be an Object (at settings)","code":"params-not-object","field":"settings"}}`},
		{"Kakao's error: its body, its numeric code and the status as properties", share.KAPIError(400, `{"code":-602,"msg":"too large","name":"x","recovery_action":"NONE"}`),
			`{"throw":{"name":"KakaoError","message":"too large","code":"kapi-error","field":"","props":{"code":-602,"msg":"too large","recovery_action":"NONE","status":400}}}`},
		{"Kakao's error with a text body", share.KAPIError(502, "Bad Gateway"),
			`{"throw":{"name":"KakaoError","message":"Kakao answered HTTP 502","code":"kapi-error","field":"","props":{"status":502}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Encode(share.Plan{Throw: tt.err}))
		})
	}
}

// recordedPlans are the plans js/testdata/plans.json holds: the loader's tests run the
// loader on them (node --test js/) to show that it carries them out as they are.
func recordedPlans(t *testing.T) []recorded {
	env := share.Env{Language: "ko-KR", Platform: "Win32", Origin: "https://page.example",
		UserAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"}
	android := env
	android.Platform = "Linux armv81"
	android.UserAgent = "Mozilla/5.0 (Linux; Android 9; SM-G960N) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Mobile Safari/537.36"
	feed := jsvalue.Obj(jsvalue.M("objectType", jsvalue.Str("text")), jsvalue.M("text", jsvalue.Str("오늘의 디저트")),
		jsvalue.M("link", jsvalue.Obj(jsvalue.M("webUrl", jsvalue.Str("https://developers.kakao.com")))),
		jsvalue.M("serverCallbackArgs", jsvalue.Obj(jsvalue.M("key", jsvalue.Str("value")))))
	button := jsvalue.Obj(append(append([]jsvalue.Member(nil), feed.Members...), jsvalue.M("container", jsvalue.Value{Kind: jsvalue.Element, Ref: 1}))...)
	file := jsvalue.Value{Kind: jsvalue.File, Ref: 1, File: &jsvalue.FileInfo{Name: "a.png", Size: 10, Type: "image/png"}}
	upload := jsvalue.Obj(jsvalue.M("file", jsvalue.Arr(file)))
	ok := &share.Answer{Status: 200, Body: `{"template_id":0,"template_args":{},"template_msg":{"P":{"TP":"Text"},"C":{"TI":{"TD":{"T":"x"}}}}}`}
	scr := share.Screen{Width: 1280, Height: 800}
	cases := []struct {
		name string
		inv  share.Invocation
	}{
		{"desktop send", share.Invocation{Call: "Share.sendDefault", Arg: feed, Env: env, Screen: scr}},
		{"desktop click", share.Invocation{Call: "Share.createDefaultButton", Arg: button, Env: env, Screen: scr, Click: true}},
		{"validation error", share.Invocation{Call: "Share.sendDefault", Arg: jsvalue.Obj(jsvalue.M("objectType", jsvalue.Str("text")))}},
		{"bind", share.Invocation{Call: "Share.createDefaultButton", Arg: button, Container: share.Lookup{Found: true}}},
		{"talk send", share.Invocation{Call: "Share.sendDefault", Arg: feed, Env: android}},
		{"talk answer", share.Invocation{Call: "Share.sendDefault", Arg: feed, Env: android, Answer: ok}},
		{"talk failure", share.Invocation{Call: "Share.sendDefault", Arg: feed, Env: android,
			Answer: &share.Answer{Status: 401, Body: `{"code":-401,"msg":"domain mismatched! caller=https://page.example. check out registered web domains."}`}}},
		{"upload", share.Invocation{Call: "Share.uploadImage", Arg: upload, Env: env}},
		{"upload answer", share.Invocation{Call: "Share.uploadImage", Arg: upload, Env: env,
			Answer: &share.Answer{Status: 200, Body: `{"infos":{"original":{"url":"https://k.kakaocdn.net/a.png","width":1,"height":1}}}`}}},
		{"cleanup", share.Invocation{Call: "cleanup"}},
	}
	var out []recorded
	for _, c := range cases {
		s := share.NewSession("")
		s.Run(share.Invocation{Call: "init", Arg: jsvalue.Str("js-key")})
		lines := strings.Split(Encode(s.Run(c.inv)), "\n")
		out = append(out, recorded{Name: c.name, Plan: json.RawMessage(lines[0]), Texts: lines[1:]})
	}
	return out
}

// recorded is one engine answer: the plan's line, and the texts after it.
type recorded struct {
	Name  string          `json:"name"`
	Plan  json.RawMessage `json:"plan"`
	Texts []string        `json:"texts"`
}

// TestRecordedPlans keeps js/testdata/plans.json what the engine answers (go test
// ./wasm/bridge -run TestRecordedPlans -update rewrites it).
func TestRecordedPlans(t *testing.T) {
	path := filepath.Join("..", "..", "js", "testdata", "plans.json")
	got, err := json.MarshalIndent(recordedPlans(t), "", "  ")
	require.NoError(t, err)
	got = append(got, '\n')
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "go test ./wasm/bridge -run TestRecordedPlans -update writes it")
	assert.Equal(t, string(want), string(got))
}
