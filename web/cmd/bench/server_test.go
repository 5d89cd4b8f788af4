package main

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRequestedCountsThePageByItsNumber(t *testing.T) {
	const load = "http://127.0.0.1:1/bench/load.html?sdk=dist&load=eager&n="
	s := &server{}
	h := s.record(http.NotFoundHandler())
	for _, r := range []struct{ path, referer string }{
		{"/dist/kshare.wasm", load + "1"},
		{"/dist/kshare.wasm", load + "12"},
		{"/dist/kshare.wasm", load + "12"},
		{"/floor/kshare.wasm", load + "3"},
		{"/dist/kshare.wasm", ""},
		{"/dist/kshare.wasm", "%zz?n=4"},
	} {
		req := httptest.NewRequest(http.MethodGet, r.path, nil)
		if r.referer != "" {
			req.Header.Set("Referer", r.referer)
		}
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	for _, tc := range []struct {
		name string
		path string
		n    int
		want int
	}{
		{"a page's one request", "/dist/kshare.wasm", 1, 1},
		{"not a page whose number starts with the same digit", "/dist/kshare.wasm", 12, 2},
		{"no request of a page that made none", "/dist/kshare.wasm", 2, 0},
		{"only the path asked for", "/dist/kshare.wasm", 3, 0},
		{"the other path", "/floor/kshare.wasm", 3, 1},
		{"a referer that is not a URL counts for no page", "/dist/kshare.wasm", 4, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, s.requested(tc.path, tc.n))
		})
	}
}
