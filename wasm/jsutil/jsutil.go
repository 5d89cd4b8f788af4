//go:build js && wasm

// Package jsutil holds the few JavaScript helpers the bridge needs: the page's window,
// cached constructors, native Promises settled from goroutines, and awaiting a Promise
// from a goroutine.
//
// Nothing here blocks inside a js.FuncOf callback: [Await] may only be called from a
// goroutine that is not running a callback.
package jsutil

import (
	"syscall/js"
)

// Window returns the page's window: js.Global().window when there is one (in a page,
// where the Go program's global may be the loader's sandbox), else js.Global() (Node).
func Window() js.Value {
	if w := js.Global().Get("window"); w.Truthy() {
		return w
	}
	return js.Global()
}

// Constructors of the page's realm, read once.
var (
	Object    = Window().Get("Object")
	Array     = Window().Get("Array")
	Promise   = Window().Get("Promise")
	ErrorCtor = Window().Get("Error")
)

// Ctor returns the page's global constructor name, or undefined when the page has none
// (File, FileList, Element... do not exist under Node).
func Ctor(name string) js.Value { return Window().Get(name) }

// NewPromise returns a native Promise and the functions that settle it. The functions
// may be called from any goroutine, once; later calls do nothing. The promise is marked
// handled, so a page that ignores it (as pages written for the official SDK, whose send*
// return undefined, do) sees no unhandled-rejection report, while a page that awaits it
// gets the rejection.
func NewPromise() (p js.Value, resolve func(any), reject func(js.Value)) {
	var res, rej js.Value
	executor := js.FuncOf(func(_ js.Value, args []js.Value) any {
		res, rej = args[0], args[1]
		return nil
	})
	p = Promise.New(executor)
	executor.Release()
	p.Call("catch", noop)
	done := false
	resolve = func(v any) {
		if !done {
			done = true
			res.Invoke(v)
		}
	}
	reject = func(reason js.Value) {
		if !done {
			done = true
			rej.Invoke(reason)
		}
	}
	return p, resolve, reject
}

var noop = js.FuncOf(func(js.Value, []js.Value) any { return nil })

// Await waits for a thenable to settle and returns its value, or an error holding the
// rejection. It blocks: call it from a goroutine, never from inside a callback.
func Await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	onOK := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{v: arg0(args)}
		return nil
	})
	onErr := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{err: &Rejection{Value: arg0(args)}}
		return nil
	})
	defer onOK.Release()
	defer onErr.Release()
	p.Call("then", onOK, onErr)
	r := <-ch
	return r.v, r.err
}

func arg0(args []js.Value) js.Value {
	if len(args) == 0 {
		return js.Undefined()
	}
	return args[0]
}

// Rejection is the value a Promise was rejected with.
type Rejection struct{ Value js.Value }

// Error returns the rejection's message (or its string form).
func (r *Rejection) Error() string {
	if r.Value.Type() == js.TypeObject {
		if m := r.Value.Get("message"); m.Type() == js.TypeString {
			return m.String()
		}
	}
	return js.Global().Get("String").Invoke(r.Value).String()
}

// PanicText describes a recovered panic value: the message of an error (a js.Error holds
// the JavaScript exception's), the text of a string.
func PanicText(p any) string {
	switch x := p.(type) {
	case error:
		return x.Error()
	case string:
		return x
	}
	return "unknown panic"
}
