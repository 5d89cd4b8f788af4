//go:build js && wasm

// Command kshare is the WebAssembly engine of kshare. js/kshare.js loads it; it builds
// the engine, hands it to the loader (__kshare.attach) and then waits forever, serving
// calls. See js/README.md for the contract.
package main

import (
	"syscall/js"

	"github.com/kshare/kshare/wasm/engine"
	"github.com/kshare/kshare/wasm/jsutil"
)

func main() {
	loader := js.Global().Get("__kshare")
	cfg := engine.Config{Window: jsutil.Window()}
	if loader.Truthy() {
		if em := loader.Get("emulator"); em.Type() == js.TypeString {
			cfg.Emulator = em.String()
		}
		cfg.Raise = loader.Get("raise")
		loader.Call("attach", engine.New(cfg).Export())
	}
	select {}
}
