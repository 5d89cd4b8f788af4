package main

import (
	"io"
	"net/http"
)

// demoHandler answers GET / with the demo page.
//
// ─── DEMO PLACEHOLDER ───────────────────────────────────────────────────────────────
// A stand-in page until package web/demo exists: replace the body with the demo's
// handler (and mount its other paths, if any, in newMux).
func demoHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = io.WriteString(w, placeholderPage)
	})
}

const placeholderPage = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>kshare</title>
<h1>kshare</h1>
<p>The demo page is not written yet.</p>
<ul>
<li><a href="/kshare.js">/kshare.js</a>: the SDK to load with <code>&lt;script src="/kshare.js"&gt;</code></li>
<li><a href="/kakao-share.d.ts">/kakao-share.d.ts</a>: its TypeScript declarations</li>
<li><a href="/inbox/events">/inbox/events</a>: webhook events the demo app received</li>
</ul>
</html>
`
