package main

import (
	"context"
	"errors"
	"net/http"

	"github.com/kshare/kshare/web/inbox"
)

// emulatorPatterns are the paths of Kakao's hosts that the emulator answers (the
// sharer, kapi, the talk-apps universal link) and its own pages and uploaded images.
var emulatorPatterns = []string{"/picker/", "/v2/api/", "/scheme/", "/emulator/", "/images/"}

// newMux routes the server's requests: the demo's patterns (GET /, GET /compat.html,
// /demo/) to demo, [inbox.Prefix] to webhookInbox, the emulator's patterns to emulator
// (left out when nil), and every other path to dist, the built files served at the
// root (/kshare.js, /kshare.wasm, ...).
func newMux(dist, demo, webhookInbox, emulator http.Handler) *http.ServeMux {
	mux := http.NewServeMux()
	for _, pattern := range demoPatterns {
		mux.Handle(pattern, demo)
	}
	mux.Handle(inbox.Prefix, webhookInbox)
	if emulator != nil {
		for _, pattern := range emulatorPatterns {
			mux.Handle(pattern, emulator)
		}
	}
	mux.Handle("/", dist)
	return mux
}

// withSecurityHeaders sets the headers every answer of the server carries, whichever
// handler writes it (the mux's own 404 and 405 too): X-Content-Type-Options: nosniff.
// Headers fit for one kind of page (Content-Security-Policy, X-Frame-Options, CORS) are
// set by the handler of that page.
func withSecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

// closer is implemented by mounted handlers with work to finish at shutdown (event
// streams, webhook deliveries, goroutines): run calls Close before the server's
// Shutdown, so that open streams do not hold it up.
type closer interface {
	Close(ctx context.Context) error
}

// closeAll closes, in order, every handler that is a closer.
func closeAll(ctx context.Context, handlers ...http.Handler) error {
	var errs []error
	for _, h := range handlers {
		if c, ok := h.(closer); ok {
			errs = append(errs, c.Close(ctx))
		}
	}
	return errors.Join(errs...)
}
