//go:build js && wasm

// Command floor is the smallest Go program that attaches to kshare.js: the reference
// that make bench measures kshare.wasm's load time and size against. Its engine answers
// every call with undefined.
package main

import "syscall/js"

func main() {
	loader := js.Global().Get("__kshare")
	engine := js.Global().Get("Object").New()
	engine.Set("call", js.FuncOf(func(_ js.Value, args []js.Value) any { return js.Undefined() }))
	loader.Call("attach", engine)
	select {}
}
