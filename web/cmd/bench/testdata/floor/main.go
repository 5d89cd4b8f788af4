//go:build js && wasm

// Command floor is the smallest Go program that serves kshare.js: the reference that
// make bench measures kshare.wasm's load time and size against. It has the engine's
// three exports (wasm/main.go), and answers every call with undefined. Built with
// -tags alloc (alloc.go), each call also allocates what the engine allocated for one
// share before it reused its memory (14 KB), and answers a plan that settles the call:
// the reference of the memory figure.
package main

import "unsafe"

var buf = make([]byte, 4<<10)

//go:wasmexport kshare_in
func inBuffer(n int32) unsafe.Pointer {
	if int(n) > len(buf) {
		buf = make([]byte, n)
	}
	return unsafe.Pointer(unsafe.SliceData(buf))
}

//go:wasmexport kshare_call
func call(n int32) int32 { return work(n) }

//go:wasmexport kshare_out
func outBuffer() unsafe.Pointer { return unsafe.Pointer(unsafe.SliceData(buf)) }

func main() {
	select {}
}
