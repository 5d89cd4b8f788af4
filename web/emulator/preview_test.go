package emulator_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/web/emulator"
)

// preview posts the preview form; fields without a value are left out.
func (h *harness) preview(call share.Call, settings, appKey string) (*http.Response, string) {
	h.t.Helper()
	var fields []share.Field
	for _, f := range []share.Field{{Name: "call", Value: string(call)}, {Name: "settings", Value: settings}, {Name: "app_key", Value: appKey}} {
		if f.Value != "" {
			fields = append(fields, f)
		}
	}
	resp := h.postForm("/emulator/preview", fields)
	return resp, readBody(h.t, resp)
}

func TestPreviewRendersTheSharersMessage(t *testing.T) {
	og := newOGServer(t, `<html><head><meta property="og:title" content="오늘의 디저트"><meta property="og:description" content="달콤한 케익"></head></html>`)
	config := writeConfig(t, `{"apps":[{"name":"Shop","appKey":"shop-key","adminKey":"shop-admin","origins":["http://localhost:3000"],
		"linkDomains":["shop.example.com"],"templates":{"7":{"object_type":"text","text":"${name} 입고","link":{"web_url":"https://shop.example.com"}}}}]}`)
	h := newHarness(t, func(o *emulator.Options) { o.ConfigFile = config })
	tests := []struct {
		name       string
		call       share.Call
		settings   string
		appKey     string
		objectType string
		want       []string
	}{
		{"the documentation's dessert feed", share.SendDefault, feedJSON, "", "feed",
			[]string{"딸기 치즈 케익", "Cake2", "15000원", "♥ 10", "웹으로 이동", `src="` + cakeURL + `"`}},
		{"text with serverCallbackArgs", share.SendDefault,
			`{"objectType":"text","text":"기본 템플릿으로 제공되는 텍스트 템플릿","link":` + devLink + `,"serverCallbackArgs":{"key":"value"}}`, "", "text",
			[]string{"기본 템플릿으로 제공되는 텍스트 템플릿", "자세히 보기"}},
		{"custom template 3135 with its arguments", share.SendCustom,
			`{"templateId":3135,"templateArgs":{"title":"제목 영역입니다.","description":"설명 영역입니다."}}`, "", "feed",
			[]string{"제목 영역입니다.", "설명 영역입니다.", "웹으로 보기"}},
		{"scrap of a loopback page", share.SendScrap, `{"requestUrl":"` + og.URL + `/dessert"}`, "", "feed",
			[]string{"오늘의 디저트", "달콤한 케익"}},
		{"scrap with a template", share.SendScrap, `{"requestUrl":"` + og.URL + `/dessert","templateId":3135}`, "", "feed",
			[]string{"오늘의 디저트", "달콤한 케익", "웹으로 보기"}},
		{"another app's template", share.SendCustom, `{"templateId":7,"templateArgs":{"name":"봄 신상"}}`, "shop-key", "text",
			[]string{"봄 신상 입고", "Shop"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := h.preview(tt.call, tt.settings, tt.appKey)
			require.Equal(t, http.StatusOK, resp.StatusCode, body)
			assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
			assert.Equal(t, "no-store", resp.Header.Get("Cache-Control"))
			assert.True(t, strings.HasPrefix(body, "<style>"), "the fragment carries the sharer's stylesheet")
			assert.Contains(t, body, `<section class="room"`)
			assert.Contains(t, body, `id="kshare-preview" data-object-type="`+tt.objectType+`"`)
			for _, w := range tt.want {
				assert.Contains(t, body, w)
			}
			assert.NotContains(t, body, "<script", "a fragment for innerHTML carries no script")
		})
	}
}

func TestPreviewAnswersWhyAShareCannotBeShown(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name     string
		call     share.Call
		settings string
		appKey   string
		status   int
		want     map[string]any
	}{
		{"settings not JSON", share.SendDefault, `{"objectType":`, "", http.StatusBadRequest,
			map[string]any{"code": "invalid-json", "field": "settings"}},
		{"unknown objectType", share.SendDefault, `{"objectType":"story"}`, "", http.StatusBadRequest,
			map[string]any{"code": "invalid-object-type", "field": "objectType", "message": `objectType should be one of (feed, list, commerce, location, calendar, text) (at objectType: got "story")`}},
		{"a nested field", share.SendDefault, `{"objectType":"feed","content":{"link":{"webUrl":5}}}`, "", http.StatusBadRequest,
			map[string]any{"code": "illegal-argument", "field": "content.link.webUrl"}},
		{"reserved callback key", share.SendCustom, `{"templateId":3135,"serverCallbackArgs":{"CHAT_TYPE":"x"}}`, "", http.StatusBadRequest,
			map[string]any{"code": "reserved-key", "field": "serverCallbackArgs.CHAT_TYPE"}},
		{"unknown template id", share.SendCustom, `{"templateId":9999}`, "", http.StatusBadRequest,
			map[string]any{"code": float64(4002), "field": ""}},
		{"a link that is not http(s)", share.SendDefault, `{"objectType":"text","text":"t","link":{"webUrl":"javascript:alert(1)"}}`, "", http.StatusBadRequest,
			map[string]any{"code": float64(4002), "field": "", "message": `link.web_url must be an absolute http(s) URL, got "javascript:alert(1)"`}},
		{"a create call", share.CreateDefaultButton, `{"objectType":"text","text":"t","link":{}}`, "", http.StatusBadRequest,
			map[string]any{"code": "bad-call", "field": "call"}},
		{"no call", "", `{}`, "", http.StatusBadRequest, map[string]any{"code": "bad-call", "field": "call"}},
		{"unknown app key", share.SendCustom, `{"templateId":3135}`, "nobody", http.StatusUnauthorized,
			map[string]any{"code": float64(-401), "field": "app_key", "message": "invalid app key: nobody"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := h.preview(tt.call, tt.settings, tt.appKey)
			assert.Equal(t, tt.status, resp.StatusCode)
			assert.Equal(t, "application/json;charset=UTF-8", resp.Header.Get("Content-Type"))
			var got map[string]any
			require.NoError(t, json.Unmarshal([]byte(body), &got), body)
			require.Contains(t, got, "message")
			assert.NotEmpty(t, got["message"])
			if _, ok := tt.want["message"]; !ok {
				delete(got, "message")
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestPreviewIsAPostWithAForm(t *testing.T) {
	h := newHarness(t)
	resp := h.get("/emulator/preview?" + url.Values{"call": {"Share.sendCustom"}, "settings": {`{"templateId":3135}`}}.Encode())
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
}
