//go:build js && wasm

// Package jsconv converts between JavaScript values and kshare's [jsvalue.Value], and
// turns kshare's errors into JS errors. Reading is one walk over the caller's argument
// with exact JavaScript semantics (key presence and order, undefined versus null,
// String objects, integers, arrays, functions, DOM elements, files); validation then
// happens in Go on the Value alone.
package jsconv

import (
	"strconv"
	"syscall/js"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
	"github.com/kshare/kshare/wasm/jsutil"
)

// MaxDepth bounds how deep the walk goes; JSON.stringify would overflow the stack on
// deeper values, kshare refuses them.
const MaxDepth = 64

// Reader reads JS values into Values and keeps the JS objects the Values refer to
// (elements, functions, files), found again by [Reader.Ref]. A Reader serves one call.
type Reader struct {
	refs  []js.Value
	stack []js.Value
}

// Ref returns the JS object a Value read by this Reader refers to (undefined when none).
func (r *Reader) Ref(v jsvalue.Value) js.Value {
	if v.Ref <= 0 || v.Ref > len(r.refs) {
		return js.Undefined()
	}
	return r.refs[v.Ref-1]
}

func (r *Reader) keep(v js.Value) int {
	r.refs = append(r.refs, v)
	return len(r.refs)
}

// Read converts v, whose place in the settings is path ("" for the settings themselves).
// It returns an error (code unserializable-value) for cycles, nesting deeper than
// [MaxDepth] and getters that throw, never panics.
func (r *Reader) Read(v js.Value, path string) (out jsvalue.Value, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = jsvalue.Value{}, share.Unserializable(pathOr(path), "reading it threw: "+jsutil.PanicText(p))
		}
	}()
	return r.read(v, path, "")
}

func pathOr(path string) string {
	if path == "" {
		return "settings"
	}
	return path
}

var (
	stringProto   = jsutil.Ctor("String").Get("prototype")
	isWellFormed  = stringProto.Get("isWellFormed")
	encodeURI     = jsutil.Window().Get("encodeURIComponent")
	objectKeys    = jsutil.Object.Get("keys")
	isArray       = jsutil.Array.Get("isArray")
	objectProto   = jsutil.Object.Get("prototype")
	getProto      = jsutil.Object.Get("getPrototypeOf")
	reflectGet    = jsutil.Window().Get("Reflect").Get("get")
	isPrototypeOf = objectProto.Get("isPrototypeOf")
)

// The walk touches the page's values only through calls, never through js.Value.Get,
// Index, Length or InstanceOf: syscall/js lets an exception thrown by a getter or a
// Proxy trap during those escape and stop the Go program, while an exception during a
// call becomes a Go panic that Read recovers.

// get reads v[key] with Reflect.get.
func get(v js.Value, key any) js.Value { return reflectGet.Invoke(v, key) }

// instanceOf reports whether ctor.prototype is on v's prototype chain (false when the
// page has no such constructor).
func instanceOf(v, ctor js.Value) bool {
	return ctor.Type() == js.TypeFunction && isPrototypeOf.Call("call", ctor.Get("prototype"), v).Bool()
}

// kind returns v's type; bigints, which syscall/js cannot type, are symbols for kshare.
func kind(v js.Value) (t js.Type) {
	defer func() {
		if recover() != nil {
			t = js.TypeSymbol
		}
	}()
	return v.Type()
}

// The constructors whose instances the walk tells apart (undefined under Node for the
// DOM ones).
var (
	stringCtor, numberCtor, booleanCtor = jsutil.Ctor("String"), jsutil.Ctor("Number"), jsutil.Ctor("Boolean")
	blobCtor, fileCtor                  = jsutil.Ctor("Blob"), jsutil.Ctor("File")
	listCtors                           = []js.Value{jsutil.Ctor("FileList"), jsutil.Ctor("NodeList"), jsutil.Ctor("HTMLCollection")}
)

func (r *Reader) read(v js.Value, path, key string) (jsvalue.Value, error) {
	switch kind(v) {
	case js.TypeUndefined:
		return jsvalue.Value{}, nil
	case js.TypeNull:
		return jsvalue.NullValue(), nil
	case js.TypeBoolean:
		return jsvalue.Bool(v.Bool()), nil
	case js.TypeNumber:
		return jsvalue.Num(v.Float()), nil
	case js.TypeString:
		return readString(v), nil
	case js.TypeFunction:
		return jsvalue.Value{Kind: jsvalue.Function, Ref: r.keep(v)}, nil
	case js.TypeObject:
		return r.readObject(v, path, key)
	}
	return jsvalue.Value{Kind: jsvalue.Other}, nil
}

// readString reads a string primitive, marking one that is not well-formed UTF-16.
func readString(v js.Value) jsvalue.Value {
	return jsvalue.Value{Kind: jsvalue.String, Str: v.String(), IllFormed: !wellFormed(v)}
}

func wellFormed(v js.Value) (ok bool) {
	if isWellFormed.Type() == js.TypeFunction {
		return isWellFormed.Call("call", v).Bool()
	}
	defer func() {
		if recover() != nil {
			ok = false // encodeURIComponent throws URIError on a lone surrogate
		}
	}()
	encodeURI.Invoke(v)
	return true
}

func (r *Reader) readObject(v js.Value, path, key string) (jsvalue.Value, error) {
	if len(r.stack) >= MaxDepth {
		return jsvalue.Value{}, share.Unserializable(pathOr(path), "nested deeper than "+strconv.Itoa(MaxDepth)+" levels")
	}
	for _, s := range r.stack {
		if s.Equal(v) {
			return jsvalue.Value{}, share.Unserializable(pathOr(path), "it contains itself (a cycle)")
		}
	}
	r.stack = append(r.stack, v)
	defer func() { r.stack = r.stack[:len(r.stack)-1] }()

	switch {
	case isArray.Invoke(v).Bool():
		return r.readList(v, path, func(i int) js.Value { return get(v, i) })
	case instanceOf(v, stringCtor):
		s := readString(v.Call("valueOf"))
		s.Boxed = true
		return s, nil
	case instanceOf(v, numberCtor):
		return jsvalue.Value{Kind: jsvalue.Number, Boxed: true, Num: v.Call("valueOf").Float()}, nil
	case instanceOf(v, booleanCtor):
		return jsvalue.Value{Kind: jsvalue.Boolean, Boxed: true, Bool: v.Call("valueOf").Bool()}, nil
	case instanceOf(v, blobCtor):
		return r.readFile(v), nil
	case isElement(v):
		return jsvalue.Value{Kind: jsvalue.Element, Ref: r.keep(v)}, nil
	}
	for _, c := range listCtors {
		if instanceOf(v, c) {
			return r.readList(v, path, func(i int) js.Value { return v.Call("item", i) })
		}
	}
	out := jsvalue.Value{Kind: jsvalue.Object}
	if toJSON := get(v, "toJSON"); toJSON.Type() == js.TypeFunction {
		j, err := r.read(v.Call("toJSON", key), path, key)
		if err != nil {
			return jsvalue.Value{}, err
		}
		out.JSON = &j
	}
	keys := objectKeys.Invoke(v)
	n := keys.Length()
	out.Members = make([]jsvalue.Member, 0, n)
	for i := 0; i < n; i++ {
		k := keys.Index(i).String()
		m, err := r.read(get(v, k), childPath(path, k), k)
		if err != nil {
			return jsvalue.Value{}, err
		}
		out.Members = append(out.Members, jsvalue.Member{Key: k, Value: m})
	}
	return out, nil
}

// readList reads an array, or an array-like list (FileList, NodeList) as an array of
// its items.
func (r *Reader) readList(v js.Value, path string, item func(int) js.Value) (jsvalue.Value, error) {
	n := get(v, "length").Int()
	elems := make([]jsvalue.Value, n)
	for i := range elems {
		e, err := r.read(item(i), path+"["+strconv.Itoa(i)+"]", strconv.Itoa(i))
		if err != nil {
			return jsvalue.Value{}, err
		}
		elems[i] = e
	}
	return jsvalue.Arr(elems...), nil
}

// readFile reads a File or Blob: name ("blob" for a Blob, as FormData names it), size,
// type.
func (r *Reader) readFile(v js.Value) jsvalue.Value {
	info := &jsvalue.FileInfo{Name: "blob", Blob: true, Size: int64(get(v, "size").Float()), Type: get(v, "type").String()}
	if instanceOf(v, fileCtor) {
		info.Name, info.Blob = get(v, "name").String(), false
	}
	return jsvalue.Value{Kind: jsvalue.File, File: info, Ref: r.keep(v), Members: []jsvalue.Member{}}
}

// isElement is the official SDK's element test: nodeType 1 on an object that is not a
// plain object.
func isElement(v js.Value) bool {
	nt := get(v, "nodeType")
	return nt.Type() == js.TypeNumber && nt.Int() == 1 && !getProto.Invoke(v).Equal(objectProto)
}

func childPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}
