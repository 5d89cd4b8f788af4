package emulator_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/web/emulator"
)

// templateAnswer is kapi's answer to a template validation.
type templateAnswer struct {
	TemplateID   int64          `json:"template_id"`
	TemplateArgs map[string]any `json:"template_args"`
	TemplateMsg  struct {
		P map[string]any `json:"P"`
		C map[string]any `json:"C"`
	} `json:"template_msg"`
	WarningMsg  map[string]any `json:"warning_msg"`
	ArgumentMsg map[string]any `json:"argument_msg"`
}

func TestKAPITemplateAnswers(t *testing.T) {
	pages := newOGServer(t, `<title>Loopback page</title>`)
	tests := []struct {
		name       string
		call       share.Call
		settings   string
		templateID int64
		args       map[string]any
		tp         string
		title      string
	}{
		{"default", share.SendDefault, `{"objectType":"text","text":"안녕","link":` + devLink + `}`, 0, map[string]any{}, "Text", ""},
		{"custom", share.SendCustom, `{"templateId":3135,"templateArgs":{"title":"제목","description":"설명"}}`, 3135,
			map[string]any{"title": "제목", "description": "설명"}, "Feed", "${title}"},
		{"scrap", share.SendScrap, `{"requestUrl":"` + pages.URL + `/"}`, 0, map[string]any{}, "Feed", "Loopback page"},
		{"scrap with template", share.SendScrap, `{"requestUrl":"` + pages.URL + `/","templateId":3135,"templateArgs":{"title":"mine"}}`, 3135,
			map[string]any{"title": "mine", "description": "", "image": "", "url": pages.URL + "/"}, "Feed", "${title}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			req := parseShare(t, tt.call, tt.settings).TemplateRequest(iphoneEnv(emulator.DemoAppKey, demoOrigin), h.hosts)
			status, body, header := h.kapi(req)
			require.Equal(t, http.StatusOK, status, body)
			assert.Equal(t, "application/json;charset=UTF-8", header.Get("Content-Type"))
			var ans templateAnswer
			require.NoError(t, json.Unmarshal([]byte(body), &ans))
			assert.Equal(t, tt.templateID, ans.TemplateID)
			assert.Equal(t, tt.args, ans.TemplateArgs)
			assert.Equal(t, map[string]any{}, ans.WarningMsg)
			assert.Equal(t, map[string]any{}, ans.ArgumentMsg)
			assert.Equal(t, tt.tp, ans.TemplateMsg.P["TP"])
			assert.Equal(t, "kshare demo", ans.TemplateMsg.P["SNM"])
			assert.Equal(t, "127.0.0.1:8080", ans.TemplateMsg.P["DID"])
			assert.Equal(t, h.srv.URL+"/emulator/icon.svg", ans.TemplateMsg.P["SIC"])
			if tt.title != "" {
				content, _ := ans.TemplateMsg.C["content"].(map[string]any)
				assert.Equal(t, tt.title, content["title"], "the template keeps its placeholders; KakaoTalk fills them")
			}
			_, err := share.ParseTemplateAnswer(status, body)
			assert.NoError(t, err, "kshare reads the answer")
		})
	}
}

func TestKAPIErrors(t *testing.T) {
	text := `{"objectType":"text","text":"hi","link":{}}`
	tests := []struct {
		name   string
		edit   func(r *share.HTTPRequest)
		status int
		want   kakaoBody
	}{
		{"no Authorization", func(r *share.HTTPRequest) { setHeader(r, "Authorization", "") }, 401,
			kakaoBody{-401, `wrong Authorization header: expected "KakaoAK <JavaScript key>", got ""`}},
		{"unknown key", func(r *share.HTTPRequest) { setHeader(r, "Authorization", "KakaoAK nope") }, 401,
			kakaoBody{-401, "invalid app key: nope"}},
		{"foreign origin", func(r *share.HTTPRequest) {
			setHeader(r, "KA", desktopEnv(emulator.DemoAppKey, "https://evil.example:8443").KA())
		}, 401, kakaoBody{-401, "domain mismatched! caller=https://evil.example:8443. check out registered web domains."}},
		{"bad template", func(r *share.HTTPRequest) {
			r.URL = strings.Replace(r.URL, "%22text%22%3A%22hi%22", "%22text%22%3A5", 1)
		}, 400, kakaoBody{4002, `Illegal argument for "text" in Share.sendDefault (at text: must be a string, got 5)`}},
		{"template_object not JSON", func(r *share.HTTPRequest) {
			r.URL = r.URL[:strings.Index(r.URL, "template_object=")] + "template_object=%7B"
		}, 400,
			kakaoBody{4002, "template_object is not JSON: " + jsonErr("{")}},
		{"unknown kind", func(r *share.HTTPRequest) { r.URL = strings.Replace(r.URL, "/template/default", "/template/other", 1) }, 404,
			kakaoBody{-2, "the Kakao emulator has no API GET /v2/api/kakaolink/talk/template/other"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			req := parseShare(t, share.SendDefault, text).TemplateRequest(iphoneEnv(emulator.DemoAppKey, demoOrigin), h.hosts)
			tt.edit(&req)
			status, body, _ := h.kapi(req)
			assert.Equal(t, tt.status, status)
			assert.Equal(t, tt.want, decodeKakao(t, body))
			_, err := share.ParseTemplateAnswer(status, body)
			var se *share.Error
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.want.Code, se.KakaoCode, "kshare reads Kakao's code")
		})
	}
}

func TestKAPIUnknownTemplate(t *testing.T) {
	h := newHarness(t)
	req := parseShare(t, share.SendCustom, `{"templateId":1}`).TemplateRequest(iphoneEnv(emulator.DemoAppKey, demoOrigin), h.hosts)
	status, body, _ := h.kapi(req)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, 4002, decodeKakao(t, body).Code)
}

func TestKAPICORS(t *testing.T) {
	h := newHarness(t)
	tests := []struct{ name, method, path string }{
		{"template preflight", http.MethodOptions, "/v2/api/kakaolink/talk/template/default"},
		{"upload preflight", http.MethodOptions, "/v2/api/talk/message/image/upload"},
		{"delete preflight", http.MethodOptions, "/v2/api/talk/message/image/delete"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, h.srv.URL+tt.path, nil)
			require.NoError(t, err)
			req.Header.Set("Origin", demoOrigin)
			req.Header.Set("Access-Control-Request-Method", "GET")
			req.Header.Set("Access-Control-Request-Headers", "authorization,ka,content-type,cache-control,pragma")
			resp, err := h.client.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			assert.Equal(t, http.StatusNoContent, resp.StatusCode)
			assert.Equal(t, demoOrigin, resp.Header.Get("Access-Control-Allow-Origin"))
			assert.Equal(t, "GET, POST, DELETE", resp.Header.Get("Access-Control-Allow-Methods"))
			assert.Equal(t, "Authorization, KA, Content-Type, Cache-Control, Pragma", resp.Header.Get("Access-Control-Allow-Headers"))
		})
	}

	t.Run("answers and errors carry the origin", func(t *testing.T) {
		for _, origin := range []string{demoOrigin, "https://evil.example"} {
			req, err := http.NewRequest(http.MethodGet, h.srv.URL+"/v2/api/kakaolink/talk/template/default", nil)
			require.NoError(t, err)
			req.Header.Set("Origin", origin)
			resp, err := h.client.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
			assert.Equal(t, origin, resp.Header.Get("Access-Control-Allow-Origin"), "the page can read its -401")
			assert.Equal(t, "Origin", resp.Header.Get("Vary"))
		}
	})
}

func setHeader(r *share.HTTPRequest, name, value string) {
	for i := range r.Header {
		if r.Header[i].Name == name {
			r.Header[i].Value = value
		}
	}
}
