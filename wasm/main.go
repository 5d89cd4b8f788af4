//go:build js && wasm

// Command kshare is the WebAssembly engine of kshare. js/kshare.js runs it; once its
// main has started (and waits forever), the loader calls its three exports, one call
// after the other, never from inside another:
//
//	kshare_in(n) ptr    a buffer of at least n bytes in the engine's memory, where the
//	                    loader writes one call text (package bridge), UTF-8
//	kshare_call(n) len  runs the call text of the buffer's first n bytes through the
//	                    page's share.Session and writes the answer in the out buffer:
//	                    "" (the call returns undefined), "t" or "f" (true, false), or
//	                    the plan as JSON text
//	kshare_out() ptr    where that answer is
//
// A call text named "setup" with the emulator's base URL as its argument (the
// data-emulator attribute, "" for Kakao's hosts) starts the page's session; the loader
// sends it first. Nothing crosses the boundary but these bytes: no syscall/js value, no
// callback, no finalizer. A call never blocks and never panics out: a panic becomes the
// plan of an internal error. See js/README.md for the contract.
package main

import (
	"unsafe"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
	"github.com/kshare/kshare/wasm/bridge"
)

var (
	session = share.NewSession("")
	in      = make([]byte, 4<<10)
	out     = make([]byte, 0, 16<<10)
)

// inBuffer is kshare_in: the call buffer, grown to n bytes when it is smaller.
//
//go:wasmexport kshare_in
func inBuffer(n int32) unsafe.Pointer {
	if int(n) > len(in) {
		in = make([]byte, n)
	}
	return unsafe.Pointer(unsafe.SliceData(in))
}

// call is kshare_call: the answer of the call text in[:n], in out.
//
//go:wasmexport kshare_call
func call(n int32) int32 {
	if n < 0 || int(n) > len(in) {
		n = 0
	}
	out = append(out[:0], serve(string(in[:n]))...)
	return int32(len(out))
}

// outBuffer is kshare_out: where the answer of the last call is.
//
//go:wasmexport kshare_out
func outBuffer() unsafe.Pointer {
	return unsafe.Pointer(unsafe.SliceData(out))
}

func main() {
	select {}
}

// serve answers one call text: "" for a plan that only returns undefined, "t" or "f"
// for one that only returns a boolean, else the plan as JSON.
func serve(text string) (result string) {
	defer func() {
		if p := recover(); p != nil {
			result = bridge.Encode(share.Plan{Throw: share.Internal("panic: " + panicText(p)), Steps: []share.Step{{Op: share.OpClose}}})
		}
	}()
	inv, err := bridge.Decode(text)
	if err != nil {
		return bridge.Encode(share.Plan{Throw: err, Steps: []share.Step{{Op: share.OpClose}}})
	}
	if inv.Call == "setup" {
		session = share.NewSession(inv.Arg.Str)
		return ""
	}
	p := session.Run(inv)
	if p.Throw == nil && len(p.Steps) == 0 {
		switch {
		case p.Return.Kind == jsvalue.Undefined:
			return ""
		case p.Return.Kind == jsvalue.Boolean && p.Return.Bool:
			return "t"
		case p.Return.Kind == jsvalue.Boolean:
			return "f"
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
