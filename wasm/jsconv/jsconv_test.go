//go:build js && wasm

package jsconv

import (
	"math"
	"syscall/js"
	"testing"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
	"github.com/norunners/vert"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsEval builds a fixture from JavaScript source (tests only; the engine never evaluates
// code).
func jsEval(src string) js.Value {
	return js.Global().Call("eval", "("+src+")")
}

// TestReadFollowsJavaScriptSemantics has one row per conversion rule.
func TestReadFollowsJavaScriptSemantics(t *testing.T) {
	el := jsvalue.Value{Kind: jsvalue.Element, Ref: 1}
	tests := []struct {
		name string
		src  string
		want jsvalue.Value
	}{
		{"undefined", `undefined`, jsvalue.Value{}},
		{"null", `null`, jsvalue.NullValue()},
		{"absent key vs undefined value vs null", `{a: undefined, b: null}`,
			jsvalue.Obj(jsvalue.M("a", jsvalue.Value{}), jsvalue.M("b", jsvalue.NullValue()))},
		{"key order as Object.keys", `{b: 1, 2: 2, a: 3, 1: 4}`,
			jsvalue.Obj(jsvalue.M("1", jsvalue.Num(4)), jsvalue.M("2", jsvalue.Num(2)), jsvalue.M("b", jsvalue.Num(1)), jsvalue.M("a", jsvalue.Num(3)))},
		{"integer", `640`, jsvalue.Num(640)},
		{"big integer", `1e21`, jsvalue.Num(1e21)},
		{"negative zero", `-0`, jsvalue.Num(math.Copysign(0, -1))},
		{"string", `"오늘의 디저트 🎉"`, jsvalue.Str("오늘의 디저트 🎉")},
		{"lone surrogate", `"a\ud800b"`, jsvalue.Value{Kind: jsvalue.String, Str: "a\uFFFDb", IllFormed: true}},
		{"String object", `new String("boxed")`, jsvalue.Value{Kind: jsvalue.String, Boxed: true, Str: "boxed"}},
		{"Number object", `new Number(640)`, jsvalue.Value{Kind: jsvalue.Number, Boxed: true, Num: 640}},
		{"Boolean object", `new Boolean(false)`, jsvalue.Value{Kind: jsvalue.Boolean, Boxed: true}},
		{"boolean", `true`, jsvalue.Bool(true)},
		{"array with a hole", `[1, , "x"]`, jsvalue.Arr(jsvalue.Num(1), jsvalue.Value{}, jsvalue.Str("x"))},
		{"function", `function f() {}`, jsvalue.Value{Kind: jsvalue.Function, Ref: 1}},
		{"symbol", `Symbol("s")`, jsvalue.Value{Kind: jsvalue.Other}},
		{"bigint", `10n`, jsvalue.Value{Kind: jsvalue.Other}},
		{"element (nodeType 1 on a non-plain object)", `new (class Element { constructor() { this.nodeType = 1 } })()`, el},
		{"plain object with nodeType 1 is an object", `{nodeType: 1}`, jsvalue.Obj(jsvalue.M("nodeType", jsvalue.Num(1)))},
		{"class instance: own enumerable keys", `new (class P { constructor() { this.x = 1 } get y() { return 2 } })()`,
			jsvalue.Obj(jsvalue.M("x", jsvalue.Num(1)))},
		{"toJSON is kept for JSON", `{toJSON() { return "j" }}`, func() jsvalue.Value {
			j := jsvalue.Str("j")
			return jsvalue.Value{Kind: jsvalue.Object, JSON: &j, Members: []jsvalue.Member{{Key: "toJSON", Value: jsvalue.Value{Kind: jsvalue.Function, Ref: 1}}}}
		}()},
		{"Date reads as its JSON text", `new Date(0)`, func() jsvalue.Value {
			j := jsvalue.Str("1970-01-01T00:00:00.000Z")
			return jsvalue.Value{Kind: jsvalue.Object, JSON: &j, Members: []jsvalue.Member{}}
		}()},
		{"nested", `{content: {link: {webUrl: "u"}}, buttons: [{title: "b"}]}`, jsvalue.Obj(
			jsvalue.M("content", jsvalue.Obj(jsvalue.M("link", jsvalue.Obj(jsvalue.M("webUrl", jsvalue.Str("u")))))),
			jsvalue.M("buttons", jsvalue.Arr(jsvalue.Obj(jsvalue.M("title", jsvalue.Str("b")))))),
		},
		{"a repeated (not cyclic) object", `(() => { const l = {w: "u"}; return {a: l, b: l} })()`,
			jsvalue.Obj(jsvalue.M("a", jsvalue.Obj(jsvalue.M("w", jsvalue.Str("u")))), jsvalue.M("b", jsvalue.Obj(jsvalue.M("w", jsvalue.Str("u")))))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r Reader
			got, err := r.Read(jsEval(tt.src), "")
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestReadKeepsReferences(t *testing.T) {
	var r Reader
	fn := jsEval(`function cb() {}`)
	obj := js.Global().Get("Object").New()
	obj.Set("callback", fn)
	v, err := r.Read(obj, "")
	require.NoError(t, err)
	cb, _ := v.Get("callback")
	assert.True(t, r.Ref(cb).Equal(fn), "a function is found again by its Ref")
	assert.True(t, r.Ref(jsvalue.Value{}).IsUndefined())
}

func TestReadFiles(t *testing.T) {
	if js.Global().Get("File").Type() != js.TypeFunction {
		t.Fatal("this Node has no File: Node 20 or later is needed")
	}
	var r Reader
	v, err := r.Read(jsEval(`[new File(["abc"], "a.png", {type: "image/png"}), new Blob(["xy"], {type: "image/gif"})]`), "file")
	require.NoError(t, err)
	require.Len(t, v.Elems, 2)
	assert.Equal(t, &jsvalue.FileInfo{Name: "a.png", Size: 3, Type: "image/png"}, v.Elems[0].File)
	assert.Equal(t, &jsvalue.FileInfo{Name: "blob", Size: 2, Type: "image/gif", Blob: true}, v.Elems[1].File)
	assert.True(t, r.Ref(v.Elems[0]).Get("name").Equal(js.ValueOf("a.png")))
}

func TestReadRefusesWhatJSONCannotCarry(t *testing.T) {
	tests := []struct {
		name, src, field string
	}{
		{"a cycle", `(() => { const o = {a: {}}; o.a.self = o; return o })()`, "a.self"},
		{"an array that holds itself", `(() => { const a = [1]; a.push(a); return {list: a} })()`, "list[1]"},
		{"a throwing getter", `{get title() { throw new Error("boom") }}`, "settings"},
		{"nesting too deep", `(() => { let o = {}; for (let i = 0; i < 100; i++) o = {o}; return o })()`, "o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o.o"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r Reader
			_, err := r.Read(jsEval(tt.src), "")
			var e *share.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, share.CodeUnserializable, e.Code)
			assert.Equal(t, tt.field, e.Field)
		})
	}
}

func TestFromValueBuildsJSValues(t *testing.T) {
	v, err := jsvalue.Parse(`{"infos":{"original":{"url":"u","length":68,"ok":true,"n":null,"list":[1,"a"]}}}`)
	require.NoError(t, err)
	got := js.Global().Get("JSON").Call("stringify", FromValue(v)).String()
	assert.Equal(t, jsvalue.MarshalString(v), got)
	assert.True(t, FromValue(jsvalue.Value{Kind: jsvalue.Function}).IsUndefined())
}

func TestErrorBecomesAJSError(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		wantName  string
		wantCode  any
		wantField string
	}{
		{"KakaoError", &share.Error{Code: share.CodeMissingKeys, Field: "content", Message: "Missing required keys: content at Share.sendDefault"}, "KakaoError", "missing-keys", "content"},
		{"plain Error", &share.Error{Code: share.CodeParamsNotObject, Field: "settings", Message: "params should be an Object", Plain: true}, "Error", "params-not-object", "settings"},
		{"Kakao's answer keeps its numeric code", share.KAPIError(400, `{"code":-602,"msg":"image too large"}`), "KakaoError", -602, ""},
		{"anything else is an internal error", assert.AnError, "KakaoError", "internal-error", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Error(tt.err)
			assert.True(t, v.InstanceOf(js.Global().Get("Error")))
			assert.Equal(t, tt.wantName, v.Get("name").String())
			assert.Equal(t, tt.wantField, v.Get("field").String())
			switch c := tt.wantCode.(type) {
			case int:
				assert.Equal(t, c, v.Get("code").Int())
				assert.Equal(t, "image too large", v.Get("msg").String())
				assert.Equal(t, 400, v.Get("status").Int())
			default:
				assert.Equal(t, c, v.Get("code").String())
			}
			assert.Contains(t, v.Get("message").String(), tt.err.(interface{ Error() string }).Error()[:10])
		})
	}
}

func TestReadSurvivesHostileObjects(t *testing.T) {
	for _, src := range []string{
		`new Proxy({}, {ownKeys() { throw new Error("keys") }})`,
		`new Proxy({a: 1}, {get() { throw new Error("get") }})`,
		`new Proxy({}, {getPrototypeOf() { throw new Error("proto") }})`,
		`{get title() { throw new Error("boom") }}`,
		`Object.create(null)`,
	} {
		t.Run(src, func(t *testing.T) {
			var r Reader
			_, _ = r.Read(jsEval(src), "")
			v, err := r.Read(jsEval(`{after: "ok"}`), "")
			require.NoError(t, err, "the Go program keeps working")
			after, _ := v.Get("after")
			assert.Equal(t, "ok", after.Str)
		})
	}
}

// Settings as a Go program would build them: typed structs, converted by vert (tags
// js:"camelCase"), then read back in one walk with the key order of the struct.
type vertLink struct {
	WebURL       string `js:"webUrl"`
	MobileWebURL string `js:"mobileWebUrl"`
}

type vertContent struct {
	Title       string   `js:"title"`
	ImageURL    string   `js:"imageUrl"`
	ImageWidth  int      `js:"imageWidth"`
	Link        vertLink `js:"link"`
	Description string   `js:"description"`
}

type vertFeed struct {
	ObjectType string       `js:"objectType"`
	Content    vertContent  `js:"content"`
	Social     *vertSocial  `js:"social"`
	Buttons    []vertButton `js:"buttons"`
}

type vertSocial struct {
	LikeCount int `js:"likeCount"`
}

type vertButton struct {
	Title string   `js:"title"`
	Link  vertLink `js:"link"`
}

func TestReadSettingsBuiltWithVert(t *testing.T) {
	feed := vertFeed{
		ObjectType: "feed",
		Content: vertContent{Title: "오늘의 디저트", ImageURL: "https://example.com/a.jpg", ImageWidth: 640,
			Link: vertLink{WebURL: "https://developers.kakao.com"}, Description: "아메리카노, 빵, 케익"},
		Buttons: []vertButton{{Title: "웹으로 이동", Link: vertLink{MobileWebURL: "https://developers.kakao.com"}}},
	}
	var r Reader
	got, err := r.Read(vert.ValueOf(feed).JSValue(), "")
	require.NoError(t, err)
	want, err := jsvalue.Parse(`{"objectType":"feed","content":{"title":"오늘의 디저트","imageUrl":"https://example.com/a.jpg","imageWidth":640,` +
		`"link":{"webUrl":"https://developers.kakao.com","mobileWebUrl":""},"description":"아메리카노, 빵, 케익"},"social":null,` +
		`"buttons":[{"title":"웹으로 이동","link":{"webUrl":"","mobileWebUrl":"https://developers.kakao.com"}}]}`)
	require.NoError(t, err)
	assert.Equal(t, want, got, "struct field order is key order; a nil pointer is null")

	_, err = share.Parse(share.SendDefault, got, nil)
	var e *share.Error
	require.ErrorAs(t, err, &e, "vert writes nil as null, which the official rules refuse")
	assert.Equal(t, share.CodeIllegalArgument, e.Code)
	assert.Equal(t, "social", e.Field)

	feed.Social = &vertSocial{LikeCount: 10}
	got, err = r.Read(vert.ValueOf(feed).JSValue(), "")
	require.NoError(t, err)
	req, err := share.Parse(share.SendDefault, got, nil)
	require.NoError(t, err)
	assert.Equal(t, `{"link_ver":"4.0","template_object":{"object_type":"feed","content":{"title":"오늘의 디저트","image_url":"https://example.com/a.jpg","image_width":640,`+
		`"link":{"web_url":"https://developers.kakao.com","mobile_web_url":""},"description":"아메리카노, 빵, 케익"},"social":{"like_count":10},`+
		`"buttons":[{"title":"웹으로 이동","link":{"web_url":"","mobile_web_url":"https://developers.kakao.com"}}]}}`, jsvalue.MarshalString(req.Params))
}
