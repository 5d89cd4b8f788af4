package main

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDemoHandlerServesTheDemoPackage(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Host = "127.0.0.1:8123"
	w := httptest.NewRecorder()

	demoHandler().ServeHTTP(w, req)

	assert.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `<script src="/kshare.js" data-emulator="http://127.0.0.1:8123"></script>`)
}
