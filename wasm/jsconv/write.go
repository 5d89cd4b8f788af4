//go:build js && wasm

package jsconv

import (
	"errors"
	"syscall/js"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
	"github.com/kshare/kshare/wasm/jsutil"
)

// FromValue returns v as a new JS value: objects and arrays are built in v's key order.
// Elements, files and functions, which only the page can hold, come back as undefined.
func FromValue(v jsvalue.Value) js.Value {
	if v.JSON != nil {
		return FromValue(*v.JSON)
	}
	switch v.Kind {
	case jsvalue.Null:
		return js.Null()
	case jsvalue.Boolean:
		return js.ValueOf(v.Bool)
	case jsvalue.Number:
		return js.ValueOf(v.Num)
	case jsvalue.String:
		return js.ValueOf(v.Str)
	case jsvalue.Array:
		a := jsutil.Array.New(len(v.Elems))
		for i, e := range v.Elems {
			a.SetIndex(i, FromValue(e))
		}
		return a
	case jsvalue.Object:
		o := jsutil.Object.New()
		for _, m := range v.Members {
			o.Set(m.Key, FromValue(m.Value))
		}
		return o
	}
	return js.Undefined()
}

// kakaoErrorCtor is the loader's KakaoError constructor (undefined without the loader).
var kakaoErrorCtor = func() js.Value {
	if l := js.Global().Get("__kshare"); l.Truthy() {
		return l.Get("KakaoError")
	}
	return js.Undefined()
}()

// Error returns err as the JS error the page sees: a KakaoError (the loader's
// constructor, or an Error named "KakaoError" without the loader), or a plain Error for
// the official SDK's plain "params should be an Object"; with message (the official text
// first), code and field. For an answer of Kakao's server, code is Kakao's numeric code
// (as in the official SDK's rejection value), every member of Kakao's error body (msg,
// recovery_action...) is copied onto the error, and status holds the HTTP status.
// Errors that are not *share.Error are reported as internal errors.
func Error(err error) js.Value {
	var e *share.Error
	if !errors.As(err, &e) {
		e = share.Internal(err.Error()).(*share.Error)
	}
	var v js.Value
	if !e.Plain && kakaoErrorCtor.Type() == js.TypeFunction {
		v = kakaoErrorCtor.New(e.Error(), string(e.Code), e.Field)
	} else {
		v = jsutil.ErrorCtor.New(e.Error())
		v.Set("name", e.Name())
		v.Set("code", string(e.Code))
		v.Set("field", e.Field)
	}
	if e.Code != share.CodeKAPI {
		return v
	}
	for _, m := range e.Body.Entries() {
		switch m.Key {
		case "name", "message", "stack", "field":
			continue
		}
		v.Set(m.Key, FromValue(m.Value))
	}
	if e.KakaoCode != 0 {
		v.Set("code", e.KakaoCode)
	}
	v.Set("status", e.Status)
	return v
}
