package bridge

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// s writes a string token as the loader does (the length in UTF-16 units).
func s(text string) string { return "s" + itoa(jsvalue.UTF16Len(text)) + ":" + text }

func itoa(n int) string { return jsvalue.FormatNumber(float64(n)) }

func TestDecodeValues(t *testing.T) {
	boxed := func(v jsvalue.Value) jsvalue.Value { v.Boxed = true; return v }
	tests := []struct {
		name string
		text string
		want jsvalue.Value
	}{
		{"undefined", "u", jsvalue.Value{}},
		{"null", "n", jsvalue.NullValue()},
		{"true and false", "a2:tf", jsvalue.Arr(jsvalue.Bool(true), jsvalue.Bool(false))},
		{"Boolean objects", "a2:TF", jsvalue.Arr(boxed(jsvalue.Bool(true)), boxed(jsvalue.Bool(false)))},
		{"an integer", "d640;", jsvalue.Num(640)},
		{"zero", "d0;", jsvalue.Num(0)},
		{"the largest whole number in decimal", "d999999999999999;", jsvalue.Num(999999999999999)},
		{"a negative integer", "d-640;", jsvalue.Num(-640)},
		{"10¹⁵ in its bits", "d#430c6bf526340000;", jsvalue.Num(1e15)},
		{"2⁵³ + 2 in its bits", "d#4340000000000001;", jsvalue.Num(9007199254740994)},
		{"a fraction in its bits", "d#c084040000000000;", jsvalue.Num(-640.5)},
		{"the smallest number in its bits", "d#0000000000000001;", jsvalue.Num(5e-324)},
		{"negative zero in its bits", "d#8000000000000000;", jsvalue.Num(math.Copysign(0, -1))},
		{"a Number object", "D640;", boxed(jsvalue.Num(640))},
		{"a string", s("오늘의 디저트"), jsvalue.Str("오늘의 디저트")},
		{"the empty string", "s0:", jsvalue.Str("")},
		{"a string counted in UTF-16 units", "s4:a😀b", jsvalue.Str("a😀b")},
		{"a string holding the separators", s("s3:x;V\n!"), jsvalue.Str("s3:x;V\n!")},
		{"a string with a lone surrogate", "w2:a\uFFFD", jsvalue.Value{Kind: jsvalue.String, Str: "a\uFFFD", IllFormed: true}},
		{"a String object", "S3:abc", boxed(jsvalue.Str("abc"))},
		{"an ill-formed String object", "W1:\uFFFD", jsvalue.Value{Kind: jsvalue.String, Str: "\uFFFD", Boxed: true, IllFormed: true}},
		{"an object in key order", "o3:" + s("b") + "d1;" + s("a") + "u" + s("0") + "n",
			jsvalue.Obj(jsvalue.M("b", jsvalue.Num(1)), jsvalue.M("a", jsvalue.Value{}), jsvalue.M("0", jsvalue.NullValue()))},
		{"an empty object", "o0:", jsvalue.Obj()},
		{"a key with a lone surrogate marks its value", "o1:w1:\uFFFDd1;",
			jsvalue.Obj(jsvalue.M("\uFFFD", jsvalue.Value{Kind: jsvalue.Number, Num: 1, IllFormed: true}))},
		{"nested arrays", "a2:a0:a1:s1:x", jsvalue.Arr(jsvalue.Arr(), jsvalue.Arr(jsvalue.Str("x")))},
		{"a function", "c0;", jsvalue.Value{Kind: jsvalue.Function, Ref: 1}},
		{"an element", "e4;", jsvalue.Value{Kind: jsvalue.Element, Ref: 5}},
		{"a File", "pf2;5242880;" + s("cake.png") + s("image/png"),
			jsvalue.Value{Kind: jsvalue.File, Ref: 3, Members: []jsvalue.Member{},
				File: &jsvalue.FileInfo{Name: "cake.png", Size: 5 << 20, Type: "image/png"}}},
		{"a Blob is named blob", "pb0;3;" + s("blob") + s(""),
			jsvalue.Value{Kind: jsvalue.File, Ref: 1, Members: []jsvalue.Member{},
				File: &jsvalue.FileInfo{Name: "blob", Size: 3, Blob: true}}},
		{"a symbol or bigint", "x", jsvalue.Value{Kind: jsvalue.Other}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := Decode("Share.sendDefault\nV" + tt.text)
			require.NoError(t, err)
			require.NoError(t, inv.ArgError)
			assert.Equal(t, tt.want, inv.Arg)
			if tt.want.Kind == jsvalue.Number {
				assert.Equal(t, math.Signbit(tt.want.Num), math.Signbit(inv.Arg.Num), "the sign of zero")
			}
		})
	}
}

func TestDecodeToJSON(t *testing.T) {
	inv, err := Decode("Share.sendDefault\nVo1:" + s("d") + "j" + s("2026-12-02") + "o0:")
	require.NoError(t, err)
	d, _ := inv.Arg.Get("d")
	require.NotNil(t, d.JSON, "what toJSON returned is kept")
	assert.Equal(t, jsvalue.Str("2026-12-02"), *d.JSON)
	assert.Equal(t, `{"d":"2026-12-02"}`, jsvalue.MarshalString(inv.Arg), "JSON.stringify writes it")
}

func TestDecodeSections(t *testing.T) {
	env := "E" + s("UA/1.0") + s("Win32") + s("ko-KR") + "d5;" + s("http://127.0.0.1:8080") + "d1280;d800;d10;d-20;"
	tests := []struct {
		name string
		text string
		want share.Invocation
	}{
		{"no section", "isInitialized\n", share.Invocation{Call: "isInitialized"}},
		{"the environment", "Share.sendDefault\n" + env + "Vu", share.Invocation{Call: "Share.sendDefault",
			Env:    share.Env{UserAgent: "UA/1.0", Platform: "Win32", Language: "ko-KR", MaxTouchPoints: 5, Origin: "http://127.0.0.1:8080"},
			Screen: share.Screen{Width: 1280, Height: 800, Left: 10, Top: -20}}},
		{"a click", "Share.createDefaultButton\nKVu", share.Invocation{Call: "Share.createDefaultButton", Click: true}},
		{"a container found", "Share.createDefaultButton\nL1Vu", share.Invocation{Call: "Share.createDefaultButton", Container: share.Lookup{Found: true}}},
		{"no container", "Share.createDefaultButton\nL0Vu", share.Invocation{Call: "Share.createDefaultButton"}},
		{"an invalid selector", "Share.createDefaultButton\nLx" + s("'#a[' is not a valid selector.") + "Vu",
			share.Invocation{Call: "Share.createDefaultButton", Container: share.Lookup{SelectorError: "'#a[' is not a valid selector."}}},
		{"an answer", "Share.sendDefault\nAd401;" + s(`{"code":-401}`) + "s0:Vu",
			share.Invocation{Call: "Share.sendDefault", Answer: &share.Answer{Status: 401, Body: `{"code":-401}`}}},
		{"no answer", "Share.sendDefault\nAd0;s0:" + s("TypeError: Failed to fetch") + "Vu",
			share.Invocation{Call: "Share.sendDefault", Answer: &share.Answer{NetworkError: "TypeError: Failed to fetch"}}},
		{"an answer with a status and no text is Kakao's", "Share.deleteImage\nAd200;s0:s0:Vu",
			share.Invocation{Call: "Share.deleteImage", Answer: &share.Answer{Status: 200}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode(tt.text)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestDecodeStops: where the loader stopped its walk, the call fails with the KakaoError
// of the exact field, whatever the page threw, and quotes none of a huge value.
func TestDecodeStops(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		wantCode  share.Code
		wantField string
		wantMsg   string
	}{
		{"a cycle", "Share.sendCustom\n!cd2;" + s("templateArgs") + s("self") + "s0:",
			share.CodeUnserializable, "templateArgs.self", `Illegal argument for "self" (at templateArgs.self: it contains itself (a cycle))`},
		{"nested too deep", "Share.sendDefault\n!dd2;" + s("extras") + "d3;s0:",
			share.CodeUnserializable, "extras[3]", `Illegal argument for "extras" (at extras[3]: nested deeper than 64 levels)`},
		{"a getter that threw 42", "Share.sendDefault\n!gd2;" + s("content") + s("title") + s("42"),
			share.CodeUnserializable, "content.title", `Illegal argument for "title" (at content.title: reading it threw 42)`},
		{"a trap that threw at the settings", "Share.sendDefault\n!gd0;" + s("Error: trap"),
			share.CodeUnserializable, "settings", `Illegal argument for "settings" (at settings: reading it threw Error: trap)`},
		{"the key of init", "init\n!gd0;" + s("Error: no"),
			share.CodeUnserializable, "appKey", `Illegal argument for "appKey" (at appKey: reading it threw Error: no)`},
		{"a long throw is cut", "Share.sendDefault\n!gd1;" + s("a") + s(strings.Repeat("x", 500)),
			share.CodeUnserializable, "a", `Illegal argument for "a" (at a: reading it threw ` + strings.Repeat("x", 80) + `…)`},
		{"too many values", "Share.sendDefault\n!nd1;" + s("buttons") + s("4294967295"),
			share.CodeTooLarge, "buttons", `Illegal argument for "buttons" (at buttons: it holds 4294967295 values; kshare reads at most 10000 per call (no message KakaoTalk can carry has more))`},
		{"too much text", "Share.sendDefault\n!td2;" + s("content") + s("imageUrl") + s("10485760"),
			share.CodeTooLarge, "content.imageUrl", `Illegal argument for "imageUrl" (at content.imageUrl: a string of 10485760 characters; kshare reads at most 1000000 characters of text per call)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := Decode(tt.text)
			require.NoError(t, err)
			var e *share.Error
			require.True(t, errors.As(inv.ArgError, &e), "%v", inv.ArgError)
			assert.Equal(t, tt.wantCode, e.Code)
			assert.Equal(t, tt.wantField, e.Field)
			assert.Equal(t, tt.wantMsg, e.Error())
			assert.Equal(t, jsvalue.Value{}, inv.Arg)
		})
	}
}

// TestDecodeRefusesMalformedText: a text the loader would never write is an internal
// error, never a panic or a huge allocation.
func TestDecodeRefusesMalformedText(t *testing.T) {
	tests := []struct{ name, text string }{
		{"no name line", "Share.sendDefault"},
		{"an unknown section", "init\nZ"},
		{"an unknown value", "init\nVq"},
		{"trailing bytes", "init\nVuu"},
		{"a string longer than the text", "init\nVs5:ab"},
		{"a count past the text", "init\nVa4294967295:"},
		{"a count with too many digits", "init\nVa99999999999:"},
		{"a number that is no number", "init\nVdabc;"},
		{"an unterminated number", "init\nVd12"},
		{"a number as String(n) writes a fraction", "init\nVd640.5;"},
		{"a whole number of 16 digits", "init\nVd1000000000000000;"},
		{"digits with a leading zero", "init\nVd0640;"},
		{"negative zero in decimal", "init\nVd-0;"},
		{"a sign alone", "init\nVd-;"},
		{"NaN by name", "init\nVdNaN;"},
		{"bits with 15 hex digits", "init\nVd#430c6bf52634000;"},
		{"bits in upper case", "init\nVd#430C6BF526340000;"},
		{"bits with a non-hex digit", "init\nVd#430c6bf52634000g;"},
		{"a key that is no string", "init\nVo1:d1;u"},
		{"a boxed key", "init\nVo1:S1:au"},
		{"toJSON without its object", "init\nVjua0:"},
		{"a File without its kind", "init\nVpz0;"},
		{"a stop without a reason", "init\n!"},
		{"a stop with an unknown reason", "init\n!qd0;s0:"},
		{"a stop path of numbers as keys", "init\n!cd1;us0:"},
		{"a stop path too long", "init\n!cd99;s0:"},
		{"an environment cut short", "Share.sendDefault\nE" + s("ua")},
		{"a lookup of another kind", "Share.createDefaultButton\nL2Vu"},
		{"nesting past the decoder's bound", "init\nV" + strings.Repeat("a1:", MaxDepth+2) + "u"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(tt.text)
			var e *share.Error
			require.True(t, errors.As(err, &e), "%v", err)
			assert.Equal(t, share.CodeInternal, e.Code)
		})
	}
}

// FuzzDecode: any text decodes or fails with an error, without panicking, and what
// decodes runs through a session.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{"init\nVs1:k", "Share.sendDefault\nE" + s("ua") + s("p") + s("l") + "d0;" + s("o") + "d1;d2;d3;d4;Vo1:" + s("a") + "a1:n",
		"Share.createDefaultButton\nKL1Ad200;s2:{}s0:Vc0;", "Share.uploadImage\nVo1:" + s("file") + "a1:pf0;1;s1:as9:image/png", "Share.sendDefault\n!gd1;d0;s2:42"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		inv, err := Decode(text)
		if err != nil {
			return
		}
		s := share.NewSession("")
		s.Run(share.Invocation{Call: "init", Arg: jsvalue.Str("k")})
		Encode(s.Run(inv))
	})
}

// TestDecodeTheLoadersTexts decodes what the loader's walk wrote for its corpus
// (js/testdata/walk.json, kept by js/walk.test.mjs): the two sides agree on every kind
// of value.
func TestDecodeTheLoadersTexts(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "js", "testdata", "walk.json"))
	require.NoError(t, err)
	var corpus []struct{ Name, Text string }
	require.NoError(t, json.Unmarshal(b, &corpus))
	boxed := func(v jsvalue.Value) jsvalue.Value { v.Boxed = true; return v }
	ill := func(v jsvalue.Value) jsvalue.Value { v.IllFormed = true; return v }
	m := jsvalue.M
	file := func(ref int, name, typ string, size int64, blob bool) jsvalue.Value {
		return jsvalue.Value{Kind: jsvalue.File, Ref: ref, Members: []jsvalue.Member{}, File: &jsvalue.FileInfo{Name: name, Type: typ, Size: size, Blob: blob}}
	}
	fn := func(ref int) jsvalue.Value { return jsvalue.Value{Kind: jsvalue.Function, Ref: ref} }
	toJSON := jsvalue.Obj(m("toJSON", fn(1)), m("x", jsvalue.Num(1)))
	toJSON.JSON = &jsvalue.Value{Kind: jsvalue.String, Str: "key:d"}
	want := map[string]jsvalue.Value{
		"key order, undefined and null": jsvalue.Obj(m("0", jsvalue.NullValue()), m("b", jsvalue.Num(1)), m("a", jsvalue.Value{}),
			m("c", jsvalue.Arr(jsvalue.Value{}, jsvalue.NullValue()))),
		"boxed primitives": jsvalue.Obj(m("s", boxed(jsvalue.Str("x"))), m("n", boxed(jsvalue.Num(5))),
			m("t", boxed(jsvalue.Bool(true))), m("f", boxed(jsvalue.Bool(false)))),
		"numbers": jsvalue.Arr(jsvalue.Num(640), jsvalue.Num(640.5), jsvalue.Num(math.Copysign(0, -1)), jsvalue.Num(0),
			jsvalue.Num(math.NaN()), jsvalue.Num(math.Inf(1)), jsvalue.Num(math.Inf(-1)), jsvalue.Num(1e21), jsvalue.Num(5e-324), jsvalue.Num(-1),
			jsvalue.Num(999999999999999), jsvalue.Num(-999999999999999), jsvalue.Num(1e15), jsvalue.Num(0.30000000000000004)),
		"strings": jsvalue.Arr(jsvalue.Str(""), jsvalue.Str("a😀b"), jsvalue.Str("오늘의 디저트"), jsvalue.Str("s3:x;V\n!")),
		"lone surrogates": jsvalue.Obj(m("ok", jsvalue.Str("a")), m("bad", ill(jsvalue.Str("a\uFFFD"))),
			m("\uFFFD", ill(jsvalue.Num(1))), m("box", ill(boxed(jsvalue.Str("\uFFFD"))))),
		"functions, elements, files and lists": jsvalue.Obj(m("f", fn(1)), m("e", jsvalue.Value{Kind: jsvalue.Element, Ref: 2}),
			m("file", file(3, "cake.png", "image/png", 1, false)), m("blob", file(4, "blob", "", 3, true)),
			m("list", jsvalue.Arr(file(5, "b.gif", "image/gif", 1, false)))),
		"toJSON":                    jsvalue.Obj(m("d", toJSON)),
		"symbols and bigints":       jsvalue.Arr(jsvalue.Value{Kind: jsvalue.Other}, jsvalue.Value{Kind: jsvalue.Other}),
		"an empty object and array": jsvalue.Arr(jsvalue.Obj(), jsvalue.Arr()),
	}
	require.Len(t, corpus, len(want))
	for _, c := range corpus {
		t.Run(c.Name, func(t *testing.T) {
			inv, err := Decode("Share.sendCustom\n" + c.Text)
			require.NoError(t, err)
			require.NoError(t, inv.ArgError)
			w, ok := want[c.Name]
			require.True(t, ok, "a row for every entry of the corpus")
			if c.Name == "numbers" {
				// Bit for bit (the sign of zero included); NaN is not equal to itself.
				require.Len(t, inv.Arg.Elems, len(w.Elems))
				for i, e := range w.Elems {
					got := inv.Arg.Elems[i].Num
					if math.IsNaN(e.Num) {
						assert.True(t, math.IsNaN(got), "element %d", i)
					} else {
						assert.Equal(t, math.Float64bits(e.Num), math.Float64bits(got), "element %d: %v", i, got)
					}
				}
				return
			}
			assert.Equal(t, w, inv.Arg)
		})
	}
}

// TestDecodeStringsOfEveryLength checks the strings of a call, read eight bytes at a
// time where their characters allow it, against the texts written: ASCII, Korean (three
// bytes a character), emoji (four bytes, two UTF-16 units) and mixes, each length up to
// 40 characters, followed by another string so that each one's end is where it should be.
func TestDecodeStringsOfEveryLength(t *testing.T) {
	for _, unit := range []string{"a", "한", "😀", "a한", "한😀a", "ab😀", "é"} {
		for n := 0; n <= 40; n++ {
			text := strings.Repeat(unit, n)
			for _, after := range []string{"", "z", "😀", "한글"} {
				inv, err := Decode("Share.sendDefault\nVa2:" + s(text) + s(after))
				require.NoError(t, err, "%q then %q", text, after)
				require.Len(t, inv.Arg.Elems, 2)
				assert.Equal(t, text, inv.Arg.Elems[0].Str)
				assert.Equal(t, after, inv.Arg.Elems[1].Str)
			}
		}
	}
}
