//go:build js && wasm

// Command kshare is the WebAssembly engine of kshare. js/kshare.js loads it; it hands
// the loader one function, call, and then waits forever, serving calls. call takes one
// call text (package bridge), runs it through the page's share.Session, and returns
// the plan as JSON text, or the bare result (undefined, true, false) of a call that has
// nothing else to say. It never throws and never blocks: a panic becomes the plan of an
// internal error. See js/README.md for the contract.
package main

import (
	"syscall/js"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
	"github.com/kshare/kshare/wasm/bridge"
)

func main() {
	loader := js.Global().Get("__kshare")
	if loader.Type() != js.TypeObject {
		return // not started by kshare.js: nothing to serve
	}
	emulator := ""
	if em := loader.Get("emulator"); em.Type() == js.TypeString {
		emulator = em.String()
	}
	loader.Call("attach", newEngine(share.NewSession(emulator)))
	select {}
}

// newEngine returns the engine object of the loader contract, {version, call}, serving
// the page's session.
func newEngine(session *share.Session) js.Value {
	engine := js.Global().Get("Object").New()
	engine.Set("version", share.SDKVersion)
	engine.Set("call", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) == 0 || args[0].Type() != js.TypeString {
			return bridge.Encode(share.Plan{Throw: share.Internal("call takes one call text")})
		}
		return serve(session, args[0].String())
	}))
	return engine
}

// serve runs one call text; a plan that only returns undefined or a boolean is
// answered as that value, without JSON.
func serve(s *share.Session, text string) (result any) {
	defer func() {
		if p := recover(); p != nil {
			result = bridge.Encode(share.Plan{Throw: share.Internal("panic: " + panicText(p)), Steps: []share.Step{{Op: share.OpClose}}})
		}
	}()
	inv, err := bridge.Decode(text)
	if err != nil {
		return bridge.Encode(share.Plan{Throw: err, Steps: []share.Step{{Op: share.OpClose}}})
	}
	p := s.Run(inv)
	if p.Throw == nil && len(p.Steps) == 0 {
		switch p.Return.Kind {
		case jsvalue.Undefined:
			return js.Undefined()
		case jsvalue.Boolean:
			return p.Return.Bool
		}
	}
	return bridge.Encode(p)
}

// panicText describes a recovered panic value.
func panicText(p any) string {
	switch x := p.(type) {
	case error:
		return x.Error()
	case string:
		return x
	}
	return "unknown panic"
}
