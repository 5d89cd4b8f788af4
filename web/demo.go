package main

import (
	"net/http"

	"github.com/kshare/kshare/web/demo"
)

// demoPatterns are the paths of the demo (package web/demo): the page, compat.html and
// the page's assets.
var demoPatterns = []string{"GET /{$}", "GET /compat.html", "/demo/"}

// demoHandler answers the demo's paths (demoPatterns).
func demoHandler() http.Handler {
	return demo.Handler()
}
