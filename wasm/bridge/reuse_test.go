package bridge

import (
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
)

// env is the env part of a call text for a browser.
func env(ua, platform, lang string, touch int) string {
	return "E" + s(ua) + s(platform) + s(lang) + "d" + itoa(touch) + ";" + s("http://127.0.0.1:8080") + "d1280;d800;d0;d0;"
}

// TestServeFromReusedMemory runs calls as kshare.wasm serves them, each call text read
// in place from one buffer that the next call overwrites (here: scribbled over as soon
// as the answer is written), through a session with Reuse: every answer must be the one
// a session without Reuse gives for the same texts kept as ordinary strings. It fails
// when the session keeps a string of a call (the app key, the user agent the device is
// told from, the emulator's hosts) or a plan outlives its Run.
func TestServeFromReusedMemory(t *testing.T) {
	dessert := dessertCall(t)
	_, settings, ok := strings.Cut(dessert, "\nE")
	require.True(t, ok)
	settings = settings[strings.Index(settings, "V"):]
	chrome := "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"
	desktop := env(chrome, "Linux x86_64", "en-US", 0)
	// The same lengths at the same places: what the session kept of the last call,
	// were it not a copy, would read as this call.
	korean := env(chrome, "Linux x86_64", "ko-KR", 0)
	inApp := env(strings.Replace(chrome, "Safari/537.36", "KAKAOTALK 9.9", 1), "Linux x86_64", "en-US", 0)
	firefox := env("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0", "Win32", "ko-KR", 0)
	iphone := env("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "iPhone", "ko-KR", 5)
	calls := []struct{ name, text string }{
		{"init", "init\nV" + s("app-key-1")},
		{"isInitialized", "isInitialized\nVu"},
		{"desktop share", "Share.sendDefault\n" + desktop + settings},
		{"the same share again", "Share.sendDefault\n" + desktop + settings},
		{"another language", "Share.sendDefault\n" + korean + settings},
		{"KakaoTalk's in-app browser", "Share.sendDefault\n" + inApp + settings},
		{"the desktop again", "Share.sendDefault\n" + desktop + settings},
		{"another browser and language", "Share.sendDefault\n" + firefox + settings},
		{"a phone: the talk path", "Share.sendDefault\n" + iphone + settings},
		{"the phone's kapi answer", "Share.sendDefault\n" + iphone + "Ad200;" + s(`{"template_msg":{},"warning_msg":{},"argument_msg":{}}`) + s("") + settings},
		{"through Kakao.Link (a warning once)", "Link.sendDefault\n" + desktop + settings},
		{"refused settings", "Share.sendDefault\n" + desktop + "Vo2:" + s("objectType") + s("text") + s("bogus") + "t"},
		{"a share after the refusal", "Share.sendDefault\n" + firefox + settings},
		{"init again", "init\nV" + s("app-key-2")},
	}
	emulator := "http://127.0.0.1:8080/"
	buf := make([]byte, 64<<10)
	inPlace := func(text string) string {
		require.Less(t, len(text), len(buf))
		return unsafe.String(unsafe.SliceData(buf), copy(buf, text))
	}
	scribble := func() {
		for i := range buf {
			buf[i] = '#'
		}
	}
	reused := share.NewSession(inPlace(emulator))
	scribble()
	reused.Reuse = true
	fresh := share.NewSession(strings.Clone(emulator))
	var dec, freshDec Decoder
	var out []byte
	for _, c := range calls {
		want := string(answer(t, &freshDec, fresh, strings.Clone(c.text), nil))
		out = answer(t, &dec, reused, inPlace(c.text), out[:0])
		got := string(out)
		scribble()
		assert.Equal(t, want, got, c.name)
	}
}

// answer decodes text, runs it and appends the plan's text to dst.
func answer(t *testing.T, d *Decoder, s *share.Session, text string, dst []byte) []byte {
	inv, err := d.Decode(text)
	require.NoError(t, err)
	p := s.Run(inv)
	return AppendPlan(dst, &p)
}

// TestSlabReuseKeepsPlansApart checks a session without Reuse gives plans that stay as
// they were after later calls (a host caller may keep them).
func TestSlabReuseKeepsPlansApart(t *testing.T) {
	text := dessertCall(t)
	session := share.NewSession("")
	session.Run(share.Invocation{Call: "init", Arg: jsvalue.Str("k")})
	first, err := new(Decoder).Decode(text)
	require.NoError(t, err)
	p1 := session.Run(first)
	before := Encode(p1)
	other, err := new(Decoder).Decode(strings.Replace(text, s("오늘의 디저트"), s("another title"), 1))
	require.NoError(t, err)
	p2 := session.Run(other)
	assert.Equal(t, before, Encode(p1), "a plan kept by a session without Reuse changed")
	assert.NotEqual(t, Encode(p1), Encode(p2))
}

// TestWarmCallsAllocate checks what the engine allocates per call once its memory fits,
// as kshare.wasm serves calls (Reuse): a share only the list of its form's JSON values
// (AppendPlan), create*Button and cleanup nothing. A call that allocates lets Go's heap
// grow to its first collection, a megabyte or two of wasm memory a page keeps.
func TestWarmCallsAllocate(t *testing.T) {
	dessert := dessertCall(t)
	_, rest, _ := strings.Cut(dessert, "\n")
	at := strings.Index(rest, "Vo5:")
	require.Positive(t, at)
	create := "Share.createDefaultButton\n" + rest[:at] + "L1Vo6:" + s("container") + s("#share") + rest[at+len("Vo5:"):]
	tests := []struct {
		name  string
		calls []string
		most  float64
	}{
		{"sendDefault, dessert feed", []string{dessert}, 1},
		{"createDefaultButton, then cleanup", []string{create, "Share.cleanup\nVu"}, 0},
		{"isInitialized", []string{"isInitialized\nVu"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			session := share.NewSession("")
			session.Reuse = true
			session.Run(share.Invocation{Call: "init", Arg: jsvalue.Str("k")})
			var d Decoder
			var out []byte
			serve := func() {
				for _, text := range tc.calls {
					out = answer(t, &d, session, text, out[:0])
				}
			}
			serve() // the memory grows to fit
			require.NotContains(t, string(out), `"throw"`)
			assert.LessOrEqual(t, testing.AllocsPerRun(100, serve), tc.most)
		})
	}
}
