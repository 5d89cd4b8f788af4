package main

import (
	"context"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
	"github.com/kshare/kshare/web/emulator"
	"github.com/kshare/kshare/web/static"
)

// Header sets the table of TestEveryRouteCarriesItsHeaders asks for.
var (
	// anyOrigin: the built files, for pages on other origins.
	anyOrigin = map[string]string{
		"Access-Control-Allow-Origin":  "*",
		"Cross-Origin-Resource-Policy": "cross-origin",
		"Timing-Allow-Origin":          "*",
	}
	// notFramed: the emulator's pages, which no other page may frame.
	notFramed = map[string]string{"X-Frame-Options": "DENY"}
	// kapiCORS: kapi's routes echo the page's Origin.
	kapiCORS = map[string]string{"Access-Control-Allow-Origin": pageOrigin}
)

// pageOrigin is the Origin header the table's requests send.
const pageOrigin = "https://shop.example"

// headerCase is one request and the headers its answer must carry, besides
// X-Content-Type-Options: nosniff, which every answer carries.
type headerCase struct {
	name   string
	method string
	target string // a path, or an absolute URL
	// form is a urlencoded body; header are more request headers ("Name: value").
	form   string
	header []string

	wantStatus int
	want       map[string]string
	// wantCSP are directives the Content-Security-Policy must hold ("" for no CSP).
	wantCSP []string
	// absent are headers the answer must not carry.
	absent []string
}

var tokenInPage = regexp.MustCompile(`name="token" value="([^"]+)"`)

func TestEveryRouteCarriesItsHeaders(t *testing.T) {
	dist := newDist(t)
	r := startServe(t, config{dist: dist, limits: defaultLimits})
	hosts, err := share.EmulatorHosts(r.baseURL)
	require.NoError(t, err)
	env := share.Env{AppKey: emulator.DemoAppKey, Language: "ko-KR", Platform: "Linux x86_64", Origin: r.baseURL,
		UserAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36"}
	feed := parseSettings(t, share.SendDefault, `{"objectType":"feed","content":{"title":"t","imageUrl":"`+r.baseURL+`/x.png",`+
		`"link":{"webUrl":"`+r.baseURL+`/"}}}`)
	sharerForm := encodeFields(feed.SharerForm(env, hosts).Fields)
	kapi := feed.TemplateRequest(env, hosts)
	kapiHeaders := []string{"Origin: " + pageOrigin}
	for _, h := range kapi.Header {
		kapiHeaders = append(kapiHeaders, h.Name+": "+h.Value)
	}
	pickerPage := fetch(t, headerCase{method: http.MethodPost, target: r.baseURL + "/picker/link", form: sharerForm})
	token := tokenInPage.FindStringSubmatch(pickerPage)
	require.NotNil(t, token, "a token in the picker")
	talkURL := talkLink(t, feed, env, hosts)
	pageCSP := []string{"default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"}
	previewCSP := []string{"default-src 'none'; img-src http: https: data:; style-src 'unsafe-inline'; " +
		"frame-ancestors 'none'; base-uri 'none'; form-action 'none'"}

	tests := []headerCase{
		// The demo (web/demo).
		{name: "demo page", method: http.MethodGet, target: "/", wantStatus: http.StatusOK,
			wantCSP: []string{"frame-ancestors 'none'", "object-src 'none'"}},
		{name: "compat page, no CSP like the pages it stands for", method: http.MethodGet, target: "/compat.html", wantStatus: http.StatusOK},
		{name: "demo stylesheet", method: http.MethodGet, target: "/demo/demo.css", wantStatus: http.StatusOK},
		{name: "demo script", method: http.MethodGet, target: "/demo/demo.js", wantStatus: http.StatusOK},
		{name: "demo asset missing", method: http.MethodGet, target: "/demo/nothing.js", wantStatus: http.StatusNotFound},

		// The built files (web/static).
		{name: "kshare.js", method: http.MethodGet, target: "/kshare.js", header: []string{"Origin: " + pageOrigin},
			wantStatus: http.StatusOK, want: anyOrigin, absent: []string{"Access-Control-Allow-Credentials"}},
		{name: "kshare.wasm", method: http.MethodGet, target: "/kshare.wasm", wantStatus: http.StatusOK, want: anyOrigin},
		{name: "the emulated copy", method: http.MethodGet, target: "/emulated/kshare.js", wantStatus: http.StatusOK, want: anyOrigin},
		{name: "file not modified", method: http.MethodGet, target: "/kshare.js", header: []string{`If-None-Match: "` + contentHash(t, dist, "kshare.js") + `"`},
			wantStatus: http.StatusNotModified, want: anyOrigin},
		{name: "file range", method: http.MethodGet, target: "/kshare.js", header: []string{"Range: bytes=0-3"},
			wantStatus: http.StatusPartialContent, want: anyOrigin},
		{name: "file missing", method: http.MethodGet, target: "/missing.js", wantStatus: http.StatusNotFound, want: anyOrigin},
		{name: "file posted", method: http.MethodPost, target: "/kshare.js", wantStatus: http.StatusMethodNotAllowed, want: anyOrigin},
		{name: "file preflight", method: http.MethodOptions, target: "/kshare.wasm",
			header:     []string{"Origin: " + pageOrigin, "Access-Control-Request-Method: GET"},
			wantStatus: http.StatusNoContent, want: merged(anyOrigin, map[string]string{"Access-Control-Allow-Methods": "GET, HEAD"})},

		// The webhook inbox (web/inbox).
		{name: "inbox events", method: http.MethodGet, target: "/inbox/events", wantStatus: http.StatusOK},
		{name: "inbox stream", method: http.MethodGet, target: "/inbox/stream", wantStatus: http.StatusOK,
			want: map[string]string{"Content-Type": "text/event-stream"}},
		{name: "inbox webhook refused", method: http.MethodPost, target: "/inbox/webhook", form: "CHAT_TYPE=MemoChat",
			wantStatus: http.StatusUnauthorized},
		{name: "inbox path missing", method: http.MethodGet, target: "/inbox/nothing", wantStatus: http.StatusNotFound},

		// The emulator's pages (web/emulator).
		{name: "waiting page", method: http.MethodGet, target: "/picker/link", wantStatus: http.StatusOK, want: notFramed, wantCSP: pageCSP},
		{name: "sharer with the picker", method: http.MethodPost, target: "/picker/link", form: sharerForm,
			wantStatus: http.StatusOK, want: notFramed, wantCSP: pageCSP},
		{name: "sharer refusing a key", method: http.MethodPost, target: "/picker/link", form: "app_key=nobody",
			wantStatus: http.StatusSeeOther},
		{name: "picker method not allowed", method: http.MethodPut, target: "/picker/link", wantStatus: http.StatusMethodNotAllowed},
		{name: "sent page", method: http.MethodPost, target: "/picker/send", form: "token=" + url.QueryEscape(token[1]) + "&chat=memo",
			wantStatus: http.StatusOK, want: notFramed, wantCSP: pageCSP},
		{name: "send refusing a token", method: http.MethodPost, target: "/picker/send", form: "token=nope&chat=memo",
			wantStatus: http.StatusSeeOther},
		{name: "failed page", method: http.MethodGet, target: "/picker/failed?app_key=k&error=e30", wantStatus: http.StatusOK,
			want: notFramed, wantCSP: pageCSP},
		{name: "KakaoTalk page", method: http.MethodGet, target: talkURL, wantStatus: http.StatusOK, want: notFramed, wantCSP: pageCSP},

		// The emulator's APIs.
		{name: "kapi template", method: http.MethodGet, target: kapi.URL, header: kapiHeaders, wantStatus: http.StatusOK, want: kapiCORS},
		{name: "kapi refusing a key", method: http.MethodGet, target: "/v2/api/kakaolink/talk/template/default",
			header: []string{"Origin: " + pageOrigin}, wantStatus: http.StatusUnauthorized, want: kapiCORS},
		{name: "kapi preflight", method: http.MethodOptions, target: "/v2/api/talk/message/image/upload",
			header: []string{"Origin: " + pageOrigin, "Access-Control-Request-Method: POST"}, wantStatus: http.StatusNoContent,
			want: merged(kapiCORS, map[string]string{"Access-Control-Allow-Methods": "GET, POST, DELETE"})},
		{name: "image upload refusing a key", method: http.MethodPost, target: "/v2/api/talk/message/image/upload",
			header: []string{"Origin: " + pageOrigin}, wantStatus: http.StatusUnauthorized, want: kapiCORS},
		{name: "image delete of nothing", method: http.MethodDelete, target: "/v2/api/talk/message/image/delete?image_url=x",
			header: kapiHeaders, wantStatus: http.StatusBadRequest, want: kapiCORS},
		{name: "kapi path missing", method: http.MethodGet, target: "/v2/api/nothing", header: []string{"Origin: " + pageOrigin},
			wantStatus: http.StatusNotFound, want: kapiCORS},
		{name: "image missing", method: http.MethodGet, target: "/images/none.png", wantStatus: http.StatusNotFound},
		{name: "delivery log", method: http.MethodGet, target: "/emulator/deliveries", wantStatus: http.StatusOK},
		{name: "delivery log cleared", method: http.MethodDelete, target: "/emulator/deliveries", wantStatus: http.StatusNoContent},
		{name: "preview", method: http.MethodPost, target: "/emulator/preview",
			form:       "call=Share.sendDefault&settings=" + url.QueryEscape(`{"objectType":"text","text":"t","link":{}}`),
			wantStatus: http.StatusOK, want: notFramed, wantCSP: previewCSP},
		{name: "preview refusing the settings", method: http.MethodPost, target: "/emulator/preview", form: "call=Share.sendDefault&settings=%7B",
			wantStatus: http.StatusBadRequest, want: map[string]string{"Content-Type": "application/json;charset=UTF-8"}, wantCSP: previewCSP},
		{name: "emulator icon", method: http.MethodGet, target: "/emulator/icon.svg", wantStatus: http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.HasPrefix(tt.target, "/") {
				tt.target = r.baseURL + tt.target
			}
			resp := do(t, tt)
			resp.Body.Close()

			assert.Equal(t, tt.wantStatus, resp.StatusCode)
			assert.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"))
			for name, value := range tt.want {
				assert.Equal(t, value, resp.Header.Get(name), name)
			}
			csp := resp.Header.Get("Content-Security-Policy")
			if tt.wantCSP == nil {
				assert.Empty(t, csp)
			}
			for _, directive := range tt.wantCSP {
				assert.Contains(t, csp, directive)
			}
			for _, name := range tt.absent {
				assert.NotContains(t, resp.Header, name)
			}
		})
	}
}

// do sends the request of c, following no redirect; the caller closes the body.
func do(t *testing.T, c headerCase) *http.Response {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel) // ends the event stream
	var body io.Reader
	if c.form != "" {
		body = strings.NewReader(c.form)
	}
	req, err := http.NewRequestWithContext(ctx, c.method, c.target, body)
	require.NoError(t, err)
	if c.form != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, h := range c.header {
		name, value, _ := strings.Cut(h, ": ")
		req.Header.Set(name, value)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	require.NoError(t, err)
	return resp
}

// fetch sends c and returns the body of a 200 answer.
func fetch(t *testing.T, c headerCase) string {
	t.Helper()
	resp := do(t, c)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, resp.Header.Get("Location"))
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

// parseSettings validates settings (JSON) for call with package share.
func parseSettings(t *testing.T, call share.Call, settings string) *share.Request {
	t.Helper()
	v, err := jsvalue.Parse(settings)
	require.NoError(t, err)
	req, err := share.Parse(call, v, nil)
	require.NoError(t, err)
	return req
}

// talkLink runs the mobile flow's kapi step and returns the KakaoTalk universal link.
func talkLink(t *testing.T, req *share.Request, env share.Env, hosts share.Hosts) string {
	t.Helper()
	kapi := req.TemplateRequest(env, hosts)
	var header []string
	for _, h := range kapi.Header {
		header = append(header, h.Name+": "+h.Value)
	}
	answer := fetch(t, headerCase{method: kapi.Method, target: kapi.URL, header: header})
	tt, err := share.ParseTemplateAnswer(http.StatusOK, answer)
	require.NoError(t, err)
	link, err := req.TalkLink(env, tt)
	require.NoError(t, err)
	return link.UniversalURL(hosts)
}

// encodeFields is a urlencoded form of fields, in order.
func encodeFields(fields []share.Field) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = url.QueryEscape(f.Name) + "=" + url.QueryEscape(f.Text())
	}
	return strings.Join(parts, "&")
}

// contentHash is the ETag hash of a file of dist.
func contentHash(t *testing.T, dist, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dist, name))
	require.NoError(t, err)
	return static.ContentHash(b)
}

// merged is a copy of a with the entries of b.
func merged(a, b map[string]string) map[string]string {
	out := maps.Clone(a)
	maps.Copy(out, b)
	return out
}
