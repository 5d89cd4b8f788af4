package demo_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
	"github.com/kshare/kshare/web/demo"
)

// get asks the handler for target as a browser at host would.
func get(t *testing.T, host, target string, header ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Host = host
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	demo.Handler().ServeHTTP(w, req)
	resp := w.Result()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

func TestHandlerServesThePagesAndAssets(t *testing.T) {
	tests := []struct {
		name, path, contentType string
		want                    []string
	}{
		{"the demo page", "/", "text/html; charset=utf-8", []string{`<title>kshare demo`, `id="example-feed"`, `id="inbox-list"`}},
		{"compat.html", "/compat.html", "text/html; charset=utf-8", []string{`Kakao.Share.createDefaultButton({`, `container: '#kakaotalk-sharing-btn'`}},
		{"the stylesheet", "/demo/demo.css", "text/css; charset=utf-8", []string{".example-body"}},
		{"the script", "/demo/demo.js", "text/javascript; charset=utf-8", []string{`"use strict"`, "/emulator/preview", "EventSource"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, "127.0.0.1:8080", tt.path)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, tt.contentType, resp.Header.Get("Content-Type"))
			assert.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"))
			for _, w := range tt.want {
				assert.Contains(t, body, w)
			}
		})
	}
}

func TestPagesLoadKshareFromTheOriginTheyWereAskedOn(t *testing.T) {
	tests := []struct {
		name, host, path, want string
	}{
		{"demo on the default address", "127.0.0.1:8080", "/", `<script src="/kshare.js" data-emulator="http://127.0.0.1:8080"></script>`},
		{"demo on another port", "127.0.0.1:41234", "/", `<script src="/kshare.js" data-emulator="http://127.0.0.1:41234"></script>`},
		{"demo by name", "localhost:3000", "/", `<script src="/kshare.js" data-emulator="http://localhost:3000"></script>`},
		{"compat on another port", "127.0.0.1:41234", "/compat.html", `<script src="/kshare.js" data-emulator="http://127.0.0.1:41234"></script>`},
		{"compat with a quote in the host is escaped", "a'b:1", "/compat.html", `<script src="/kshare.js" data-emulator="http://a&#39;b:1"></script>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, body := get(t, tt.host, tt.path)
			assert.Contains(t, body, tt.want)
			assert.Equal(t, 1, strings.Count(body, `<script src="/kshare.js"`), "one script tag loads kshare")
			assert.Contains(t, body, "kshare-demo-js-key")
		})
	}
}

var (
	urlAttr   = regexp.MustCompile(`(?i)\b(?:src|href|action|poster|data)\s*=\s*"([^"]*)"`)
	cssURL    = regexp.MustCompile(`(?i)url\(|@import`)
	absoluteJ = regexp.MustCompile(`https?://`)
)

func TestTheDemoLoadsNothingFromTheNetwork(t *testing.T) {
	_, page := get(t, "127.0.0.1:8080", "/")
	attrs := urlAttr.FindAllStringSubmatch(page, -1)
	require.NotEmpty(t, attrs)
	for _, m := range attrs {
		u := m[1]
		if strings.HasPrefix(u, "http://127.0.0.1:8080") && strings.Contains(m[0], "data-emulator") {
			continue // the emulator is this server
		}
		assert.True(t, strings.HasPrefix(u, "/") || strings.HasPrefix(u, "#"), "a same-origin path: %s", m[0])
		assert.False(t, strings.HasPrefix(u, "//"), "not a scheme-relative URL: %s", m[0])
	}
	_, css := get(t, "127.0.0.1:8080", "/demo/demo.css")
	assert.False(t, cssURL.MatchString(css), "the stylesheet loads nothing")
	_, js := get(t, "127.0.0.1:8080", "/demo/demo.js")
	js = strings.ReplaceAll(js, `xmlns="http://www.w3.org/2000/svg"`, "") // a namespace, not a resource
	assert.False(t, absoluteJ.MatchString(js), "the script names no absolute URL")
}

func TestTheDemoPageHasAStrictContentSecurityPolicy(t *testing.T) {
	resp, _ := get(t, "127.0.0.1:8080", "/")
	csp := resp.Header.Get("Content-Security-Policy")
	assert.Contains(t, csp, "default-src 'self'")
	assert.Contains(t, csp, "script-src 'self' 'wasm-unsafe-eval';", "no inline script, no eval")
	assert.Contains(t, csp, "connect-src 'self'")
	compat, _ := get(t, "127.0.0.1:8080", "/compat.html")
	assert.Empty(t, compat.Header.Get("Content-Security-Policy"), "compat.html is the documentation's page, inline scripts and all")
}

func TestCompatIsTheDocumentationWithOnlyTheScriptTagAndKeyChanged(t *testing.T) {
	_, body := get(t, "127.0.0.1:8080", "/compat.html")
	for _, w := range []string{
		"Kakao.init('kshare-demo-js-key');",
		"// SDK를 초기화 합니다. 사용할 앱의 JavaScript 키를 설정해야 합니다.",
		`<a id="kakaotalk-sharing-btn" href="javascript:;">`,
		"function shareMessage() {\n    Kakao.Share.sendDefault({\n      objectType: 'text',",
		"Kakao.Share.sendCustom({\n      templateId: 3135,",
		"Kakao.Share.sendScrap({\n      requestUrl: 'https://developers.kakao.com',",
	} {
		assert.Contains(t, body, w)
	}
	uncommented := regexp.MustCompile(`(?s)<!--.*?-->`).ReplaceAllString(body, "")
	scripts := regexp.MustCompile(`<script src="([^"]*)"`).FindAllStringSubmatch(uncommented, -1)
	require.Len(t, scripts, 1)
	assert.Equal(t, "/kshare.js", scripts[0][1], "the only script loaded is kshare, from this server")
	assert.NotContains(t, body, "__KSHARE_", "every placeholder is filled")
}

func TestAssetsAreCachedUnderTheirHash(t *testing.T) {
	_, page := get(t, "127.0.0.1:8080", "/")
	ref := regexp.MustCompile(`href="(/demo/demo\.css\?v=([0-9a-f]{12}))"`).FindStringSubmatch(page)
	require.NotNil(t, ref, "the page names the stylesheet with its hash")
	tests := []struct {
		name, target string
		header       []string
		status       int
		cache        string
	}{
		{"hashed name", ref[1], nil, http.StatusOK, "public, max-age=31536000, immutable"},
		{"plain name", "/demo/demo.css", nil, http.StatusOK, "no-cache"},
		{"an old hash", "/demo/demo.css?v=000000000000", nil, http.StatusOK, "no-cache"},
		{"revalidated", "/demo/demo.css", []string{"If-None-Match", `"` + ref[2] + `"`}, http.StatusNotModified, "no-cache"},
		{"unknown asset", "/demo/other.js", nil, http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, _ := get(t, "127.0.0.1:8080", tt.target, tt.header...)
			assert.Equal(t, tt.status, resp.StatusCode)
			assert.Equal(t, tt.cache, resp.Header.Get("Cache-Control"))
		})
	}
}

func TestHandlerRefusesOtherPathsAndMethods(t *testing.T) {
	tests := []struct {
		name, method, path string
		status             int
	}{
		{"post to the page", http.MethodPost, "/", http.StatusMethodNotAllowed},
		{"another page", http.MethodGet, "/index.html", http.StatusNotFound},
		{"a nested asset path", http.MethodGet, "/demo/a/demo.js", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			demo.Handler().ServeHTTP(w, httptest.NewRequest(tt.method, tt.path, nil))
			assert.Equal(t, tt.status, w.Code)
		})
	}
}

func TestEveryExampleIsAValidShareWithAWebhook(t *testing.T) {
	calls := map[string]share.Call{"Default": share.SendDefault, "Custom": share.SendCustom, "Scrap": share.SendScrap}
	_, page := get(t, "127.0.0.1:8080", "/")
	var ids []string
	for _, ex := range demo.Examples {
		ids = append(ids, ex.ID)
		t.Run(ex.ID, func(t *testing.T) {
			call, ok := calls[ex.Kind]
			require.True(t, ok, "kind %q", ex.Kind)
			v, err := jsvalue.Parse(ex.Settings)
			require.NoError(t, err)
			req, err := share.Parse(call, v, nil)
			require.NoError(t, err, "the example is a valid Kakao.Share.%s", call)
			assert.True(t, req.HasCallbackArgs, "serverCallbackArgs, so that the webhook fires")
			assert.Empty(t, share.Diagnose(req), "the documentation's example has nothing the share doctor warns of")
			for _, id := range []string{"example-", "editor-", "send-", "button-", "status-", "error-", "preview-", "warnings-"} {
				assert.Contains(t, page, `id="`+id+ex.ID+`"`)
			}
		})
	}
	assert.Equal(t, []string{"feed", "list", "location", "commerce", "text", "calendar", "custom", "scrap", "scrap-template"}, ids)
}

func TestTheExamplesAreTheDocumentations(t *testing.T) {
	byID := map[string]map[string]any{}
	for _, ex := range demo.Examples {
		var v map[string]any
		require.NoError(t, json.Unmarshal([]byte(ex.Settings), &v))
		byID[ex.ID] = v
	}
	feed := byID["feed"]
	assert.Len(t, feed["itemContent"].(map[string]any)["items"], 5, "the dessert feed's five cakes")
	assert.Equal(t, "오늘의 디저트", feed["content"].(map[string]any)["title"])
	assert.Len(t, feed["buttons"], 2)
	assert.Equal(t, map[string]any{"key": "value"}, byID["text"]["serverCallbackArgs"], "the webhook guide's text message")
	assert.Equal(t, float64(3135), byID["custom"]["templateId"])
	assert.Equal(t, map[string]any{"title": "제목 영역입니다.", "description": "설명 영역입니다."}, byID["custom"]["templateArgs"])
	assert.Equal(t, "https://developers.kakao.com", byID["scrap"]["requestUrl"])
	assert.Equal(t, float64(3135), byID["scrap-template"]["templateId"])
}
