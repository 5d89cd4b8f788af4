package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNewMuxRoutesTheDemosPaths(t *testing.T) {
	named := func(name string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, name) })
	}
	mux := newMux(named("dist"), named("demo"), named("inbox"), named("emulator"))
	tests := []struct {
		method, path, want string
	}{
		{http.MethodGet, "/", "demo"},
		{http.MethodGet, "/compat.html", "demo"},
		{http.MethodHead, "/compat.html", "demo"},
		{http.MethodGet, "/demo/demo.css", "demo"},
		{http.MethodGet, "/demo/demo.js?v=0123456789ab", "demo"},
		{http.MethodGet, "/index.html", "dist"},
		{http.MethodGet, "/kshare.js", "dist"},
		{http.MethodPost, "/emulator/preview", "emulator"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			w := httptest.NewRecorder()

			mux.ServeHTTP(w, httptest.NewRequest(tt.method, tt.path, nil))

			assert.Equal(t, tt.want, w.Body.String())
		})
	}
}

func TestDemoHandlerServesTheDemoPackage(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Host = "127.0.0.1:8123"
	w := httptest.NewRecorder()

	demoHandler().ServeHTTP(w, req)

	assert.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `<script src="/kshare.js" data-emulator="http://127.0.0.1:8123"></script>`)
}
