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
//	                    the plan's text (bridge.Encode: a line of JSON, then the
//	                    texts it names by number: JSON form fields, else branches)
//	kshare_out() ptr    where that answer is
//
// A call text named "setup" starts the page's session; the loader sends it first. Its
// argument is [emulator, debug, module]: the emulator's base URL (the data-emulator
// attribute, "" for Kakao's hosts); whether the script tag has data-debug (with either,
// the share doctor's warnings lead the plans, share.Session.Doctor); and whether the
// page's Kakao is the npm package's ES module (its init takes the key it holds again,
// share.Session.SameKeyInit). Nothing crosses the boundary but these bytes: no syscall/js value, no
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
	decoder bridge.Decoder
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
	// The call text is read in place: the session copies what it keeps, and the
	// answer is written before the loader writes the next call (share.Session.Run).
	out = serve(out[:0], unsafe.String(unsafe.SliceData(in), n))
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

// serve appends the answer of one call text to dst: nothing for a plan that only
// returns undefined, "t" or "f" for one that only returns a boolean, else the plan's
// text.
func serve(dst []byte, text string) (answer []byte) {
	defer func() {
		if p := recover(); p != nil {
			answer = failed(dst, share.Internal("panic: "+panicText(p)))
		}
	}()
	inv, err := decoder.Decode(text)
	if err != nil {
		return failed(dst, err)
	}
	if inv.Call == "setup" {
		var emulator, debug, module jsvalue.Value
		if a := inv.Arg.Elems; len(a) == 3 {
			emulator, debug, module = a[0], a[1], a[2]
		}
		session = share.NewSession(emulator.Str)
		session.Reuse = true // each plan is encoded before the next call
		session.Doctor = session.Doctor || debug.Truthy()
		session.SameKeyInit = module.Truthy()
		return dst
	}
	p := session.Run(inv)
	if p.Throw == nil && len(p.Steps) == 0 {
		switch {
		case p.Return.Kind == jsvalue.Undefined:
			return dst
		case p.Return.Kind == jsvalue.Boolean && p.Return.Bool:
			return append(dst, 't')
		case p.Return.Kind == jsvalue.Boolean:
			return append(dst, 'f')
		}
	}
	return bridge.AppendPlan(dst, &p)
}

// failed appends the plan of a call that throws err (and closes the window opened in
// the click for it).
func failed(dst []byte, err error) []byte {
	return bridge.AppendPlan(dst, &share.Plan{Throw: err, Steps: []share.Step{{Op: share.OpClose}}})
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
