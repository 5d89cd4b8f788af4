//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
	"testing"

	"github.com/norunners/vert"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share"
)

// The plan as the loader reads it (JSON.parse of the engine's answer), typed with vert.
type (
	plan struct {
		Return any        `js:"return"`
		Throw  *planError `js:"throw"`
		Steps  []step     `js:"steps"`
	}
	step struct {
		Op       string     `js:"op"`
		URL      string     `js:"url"`
		Name     string     `js:"name"`
		Features string     `js:"features"`
		Form     *form      `js:"form"`
		Fields   [][]string `js:"fields"`
		Wait     int        `js:"wait"`
		Error    *planError `js:"error"`
		Else     []step     `js:"else"`
	}
	form struct {
		AcceptCharset string `js:"acceptCharset"`
		Method        string `js:"method"`
		Action        string `js:"action"`
		Target        string `js:"target"`
	}
	planError struct {
		Name    string `js:"name"`
		Message string `js:"message"`
		Code    string `js:"code"`
		Field   string `js:"field"`
	}
)

// call invokes the engine's call export as the loader does, from JavaScript, and reads
// its answer: the plain value, or the plan parsed with JSON.parse and typed by vert.
func call(t *testing.T, engine js.Value, text string) (js.Value, plan) {
	t.Helper()
	r := engine.Call("call", text)
	if r.Type() != js.TypeString {
		return r, plan{}
	}
	var p plan
	require.NoError(t, vert.ValueOf(js.Global().Get("JSON").Call("parse", r)).AssignTo(&p))
	return r, p
}

func s(text string) string { return "s" + itoa(len([]rune(text))) + ":" + text }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestTheCallExport(t *testing.T) {
	engine := newEngine(share.NewSession(""))
	assert.Equal(t, share.SDKVersion, engine.Get("version").String())
	env := "E" + s("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0") + s("Win32") + s("ko-KR") + "d0;" + s("https://page.example") + "d1280;d800;d0;d0;"

	r, _ := call(t, engine, "isInitialized\n")
	assert.Equal(t, js.TypeBoolean, r.Type(), "a bare boolean, no JSON")
	assert.False(t, r.Bool())
	r, _ = call(t, engine, "init\nVs6:js-key")
	assert.True(t, r.IsUndefined(), "init answers undefined")
	r, _ = call(t, engine, "isInitialized\n")
	assert.True(t, r.Bool())

	_, p := call(t, engine, "Share.sendDefault\n"+env+"Vo3:"+s("objectType")+s("text")+s("text")+s("오늘")+s("link")+"o0:")
	require.Len(t, p.Steps, 3)
	assert.Equal(t, step{Op: "open", URL: "https://sharer.kakao.com/picker/link", Name: "sharer",
		Features: "width=480,height=700,left=400,top=50,scrollbars=yes,resizable=1",
		Else:     []step{{Op: "reject", Error: &planError{Name: "KakaoError", Code: "popup-blocked", Message: p.Steps[0].Else[0].Error.Message}}}}, p.Steps[0])
	assert.Equal(t, "submit", p.Steps[1].Op)
	assert.Equal(t, &form{AcceptCharset: "utf-8", Method: "post", Action: "https://sharer.kakao.com/picker/link", Target: "sharer"}, p.Steps[1].Form)
	assert.Equal(t, []string{"validation_params", `{"link_ver":"4.0","template_object":{"object_type":"text","link":{},"text":"오늘"}}`}, p.Steps[1].Fields[3])
	assert.Equal(t, share.FormWatch, p.Steps[1].Wait)

	_, p = call(t, engine, "Share.sendDefault\n"+env+"Vo1:"+s("objectType")+s("text"))
	require.NotNil(t, p.Throw)
	assert.Equal(t, planError{Name: "KakaoError", Code: "missing-keys", Field: "text", Message: p.Throw.Message}, *p.Throw)
	assert.True(t, strings.HasPrefix(p.Throw.Message, "Missing required keys: text,link at Share.sendDefault"))

	_, p = call(t, engine, "Share.sendDefault\nV!")
	require.NotNil(t, p.Throw, "a malformed text is an internal error, never a crash")
	assert.Equal(t, "internal-error", p.Throw.Code)
	_, p = call(t, engine, "Share.sendDefault\n!gd1;"+s("content")+s("42"))
	assert.Equal(t, "unserializable-value", p.Throw.Code)
	assert.Equal(t, "content", p.Throw.Field)

	r = engine.Call("call", 5)
	assert.Equal(t, js.TypeString, r.Type(), "a call without a text is answered, not thrown")

	for i := 0; i < 1000; i++ {
		engine.Call("call", "Share.sendCustom\n"+env+"Vd"+itoa(i)+";")
	}
	r, _ = call(t, engine, "isInitialized\n")
	assert.True(t, r.Bool(), "the engine still serves after 1,000 bad calls")
}

func TestServeRecoversAPanic(t *testing.T) {
	var nilSession *share.Session
	r := serve(nilSession, "isInitialized\n")
	text, ok := r.(string)
	require.True(t, ok, "the plan of an internal error")
	assert.Contains(t, text, `"code":"internal-error"`)
}
