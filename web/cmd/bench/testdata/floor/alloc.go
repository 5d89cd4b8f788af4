//go:build js && wasm && alloc

package main

import "unsafe"

// garbage holds the last call's objects until the next call, as the engine holds a
// share's plan until it has written it.
var garbage [][]*byte

// work allocates what the engine allocated for one share of the dessert feed before it
// built its shares in memory kept from call to call (go test -bench ServeDessertFeed
// ./wasm/bridge gave 48 objects, 14 KB, most of them holding pointers; it gives 8 bytes
// now), and the Go string of the call text it read: the reference for the wasm memory
// figure, the growth Go's runtime and collector bring to any engine that allocates this
// much per call. It answers a plan that resolves the call's Promise
// (so that the bench's sends settle), written over the call text in buf.
func work(n int32) int32 {
	text := buf[:min(max(int(n), 0), len(buf))]
	garbage = garbage[:0]
	for range 48 {
		garbage = append(garbage, make([]*byte, 36)) // 288 bytes each
	}
	garbage = append(garbage, []*byte{unsafe.StringData(string(text))})
	return int32(copy(buf, `{"steps":[{"op":"resolve"}]}`))
}
