//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
	"testing"
	"unsafe"

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
		Wait     int        `js:"wait"`
		Error    *planError `js:"error"`
		Text     string     `js:"text"`
		Else     int        `js:"else"` // the number of the answer's text holding the branch
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

// callText runs one call text through the engine's exports, as the loader does (the
// text written into the buffer kshare_in gives, kshare_call, the answer read at
// kshare_out), and reads the answer: the plain text ("", "t", "f"), and the plan (its
// first line; the texts of form fields follow it) parsed with JSON.parse and typed by vert.
func callText(t *testing.T, text string) (string, plan) {
	t.Helper()
	buf := unsafe.Slice((*byte)(inBuffer(int32(len(text)))), len(text))
	copy(buf, text)
	n := call(int32(len(text)))
	answer := string(unsafe.Slice((*byte)(outBuffer()), n))
	if answer == "" || answer == "t" || answer == "f" {
		return answer, plan{}
	}
	var p plan
	line, _, _ := strings.Cut(answer, "\n")
	require.NoError(t, vert.ValueOf(js.Global().Get("JSON").Call("parse", line)).AssignTo(&p))
	return answer, p
}

// branch reads the steps of the text n of an answer (an else branch), as the loader does.
func branch(t *testing.T, answer string, n int) []step {
	t.Helper()
	lines := strings.Split(answer, "\n")
	require.Less(t, n, len(lines), "the answer has a text %d", n)
	var steps []step
	require.NoError(t, vert.ValueOf(js.Global().Get("JSON").Call("parse", lines[n])).AssignTo(&steps))
	return steps
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

func TestTheCallExports(t *testing.T) {
	env := "E" + s("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0") + s("Win32") + s("ko-KR") + "d0;" + s("https://page.example") + "d1280;d800;d0;d0;"
	r, _ := callText(t, "setup\nVa3:s0:ff")
	assert.Equal(t, "", r, "setup answers nothing")

	r, _ = callText(t, "isInitialized\n")
	assert.Equal(t, "f", r, "a bare boolean, no JSON")
	r, _ = callText(t, "init\nVs6:js-key")
	assert.Equal(t, "", r, "init answers undefined")
	r, _ = callText(t, "isInitialized\n")
	assert.Equal(t, "t", r)

	answer, p := callText(t, "Share.sendDefault\n"+env+"Vo3:"+s("objectType")+s("text")+s("text")+s("오늘")+s("link")+"o0:")
	require.Len(t, p.Steps, 3)
	assert.Contains(t, answer, `["validation_params",2]`, "validation_params names the text after the popup's else branch")
	assert.Equal(t, `{"link_ver":"4.0","template_object":{"object_type":"text","link":{},"text":"오늘"}}`, strings.Split(answer, "\n")[2],
		"that text is what the form sends")
	assert.Equal(t, step{Op: "open", URL: "https://sharer.kakao.com/picker/link", Name: "sharer",
		Features: "width=480,height=700,left=400,top=50,scrollbars=yes,resizable=1", Else: 1}, p.Steps[0])
	blocked := branch(t, answer, p.Steps[0].Else)
	assert.Equal(t, []step{{Op: "reject", Error: &planError{Name: "KakaoError", Code: "popup-blocked", Message: blocked[0].Error.Message}}}, blocked)
	assert.Equal(t, []step{{Op: "close"}, {Op: "reject", Error: &planError{Name: "KakaoError", Code: "form-blocked", Message: branch(t, answer, p.Steps[1].Else)[1].Error.Message}}},
		branch(t, answer, p.Steps[1].Else), "the form's else branch: close the popup, reject")
	assert.Equal(t, "submit", p.Steps[1].Op)
	assert.Equal(t, &form{AcceptCharset: "utf-8", Method: "post", Action: "https://sharer.kakao.com/picker/link", Target: "sharer"}, p.Steps[1].Form)
	assert.Equal(t, share.FormWatch, p.Steps[1].Wait)

	_, p = callText(t, "Share.sendDefault\n"+env+"Vo1:"+s("objectType")+s("text"))
	require.NotNil(t, p.Throw)
	assert.Equal(t, planError{Name: "KakaoError", Code: "missing-keys", Field: "text", Message: p.Throw.Message}, *p.Throw)
	assert.True(t, strings.HasPrefix(p.Throw.Message, "Missing required keys: text,link at Share.sendDefault"))

	_, p = callText(t, "Share.sendDefault\nV!")
	require.NotNil(t, p.Throw, "a malformed text is an internal error, never a crash")
	assert.Equal(t, "internal-error", p.Throw.Code)
	_, p = callText(t, "Share.sendDefault\n!gd1;"+s("content")+s("42"))
	assert.Equal(t, "unserializable-value", p.Throw.Code)
	assert.Equal(t, "content", p.Throw.Field)

	big := "Share.sendCustom\n" + env + "Vo1:" + s("templateArgs") + "o1:" + s("k") + s(strings.Repeat("가", 100000))
	_, p = callText(t, big)
	assert.Equal(t, "missing-keys", p.Throw.Code, "a call text larger than the buffer grows it")

	for i := 0; i < 1000; i++ {
		callText(t, "Share.sendCustom\n"+env+"Vd"+itoa(i)+";")
	}
	r, _ = callText(t, "isInitialized\n")
	assert.Equal(t, "t", r, "the engine still serves after 1,000 bad calls")
}

// TestSetupTurnsTheDoctorOn: the setup call's data-debug flag (or an emulator) makes
// the doctor's warnings lead a share's plan, each once per page; without either there
// are none.
func TestSetupTurnsTheDoctorOn(t *testing.T) {
	saved := session
	t.Cleanup(func() { session = saved })
	env := "E" + s("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0") + s("Win32") + s("ko-KR") + "d0;" + s("https://page.example") + "d1280;d800;d0;d0;"
	webOnly := "Share.sendDefault\n" + env + "Vo3:" + s("objectType") + s("text") + s("text") + s("t") + s("link") + "o1:" + s("webUrl") + s("https://shop.example/")
	warning := "KakaoWarning: link.mobileWebUrl: this link has webUrl but no mobileWebUrl"
	tests := []struct {
		name, setup string
		want        bool
	}{
		{"no debug, no emulator", "Va3:" + s("") + "ff", false},
		{"data-debug", "Va3:" + s("") + "tf", true},
		{"the emulator", "Va3:" + s("http://127.0.0.1:8080") + "ff", true},
		{"a setup that is not [emulator, debug, module]: Kakao's hosts, no doctor", s("http://127.0.0.1:8080"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			callText(t, "setup\n"+tt.setup)
			callText(t, "init\nVs1:k")
			_, first := callText(t, webOnly)
			_, second := callText(t, webOnly)
			if !tt.want {
				assert.NotEqual(t, "warn", first.Steps[0].Op)
				return
			}
			require.Equal(t, "warn", first.Steps[0].Op)
			assert.True(t, strings.HasPrefix(first.Steps[0].Text, warning), first.Steps[0].Text)
			assert.NotEqual(t, "warn", second.Steps[0].Op, "once per page")
		})
	}
}

func TestServeRecoversAPanic(t *testing.T) {
	saved := session
	t.Cleanup(func() { session = saved })
	session = nil // Run on a nil session panics
	answer := string(serve(nil, "isInitialized\n"))
	assert.Contains(t, answer, `"code":"internal-error"`, "the plan of an internal error")
}
