package emulator_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
	"github.com/kshare/kshare/web/emulator"
)

// talkURL runs the mobile flow as kshare does: the kapi request, its answer, the
// KakaoTalk link, and returns the universal link.
func (h *harness) talkURL(env share.Env, call share.Call, settings string) string {
	h.t.Helper()
	req := parseShare(h.t, call, settings)
	status, body, _ := h.kapi(req.TemplateRequest(env, h.hosts))
	tt, err := share.ParseTemplateAnswer(status, body)
	require.NoError(h.t, err)
	link, err := req.TalkLink(env, tt)
	require.NoError(h.t, err)
	return link.UniversalURL(h.hosts)
}

func TestSchemeShowsTheMessageAndPicker(t *testing.T) {
	tests := []struct {
		name     string
		call     share.Call
		settings string
		want     []string
		hidden   []string
	}{
		{"custom template with arguments", share.SendCustom,
			`{"templateId":3135,"templateArgs":{"title":"모바일 <제목>","description":"설명"},"pickerSettings":{"type":"friend","limit":1}}`,
			[]string{"모바일 &lt;제목&gt;", "설명", `data-limit="1"`, `id="chat-friend-ryan"`, `data-via="talk"`}, []string{`id="chat-memo"`}},
		{"feed", share.SendDefault, feedJSON, []string{"딸기 치즈 케익", "♥ 10", `id="chat-memo"`, `data-object-type="feed"`}, nil},
		{"commerce", share.SendDefault, `{"objectType":"commerce","content":{"title":"드레스","link":` + devLink + `},` +
			`"commerce":{"regularPrice":10000,"discountRate":10}}`, []string{"<s>10,000원</s>", "9,000원", "10%"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			u := h.talkURL(iphoneEnv(emulator.DemoAppKey, demoOrigin), tt.call, tt.settings)
			resp := h.get(u)
			require.Equal(t, http.StatusOK, resp.StatusCode, resp.Header.Get("Location"))
			page := readBody(t, resp)
			for _, w := range tt.want {
				assert.Contains(t, page, w)
			}
			for _, w := range tt.hidden {
				assert.NotContains(t, page, w)
			}
		})
	}
}

func TestSchemeSendFiresTheWebhook(t *testing.T) {
	rc := newReceiver(t, nil)
	h := newHarness(t, func(o *emulator.Options) { o.DemoWebhookURL = rc.URL })
	u := h.talkURL(iphoneEnv(emulator.DemoAppKey, demoOrigin), share.SendCustom,
		`{"templateId":3135,"templateArgs":{"title":"t"},"serverCallbackArgs":{"from":"mobile"}}`)
	page := readBody(t, h.get(u))
	require.Equal(t, http.StatusOK, h.send(page, "friend-apeach").StatusCode)
	ds := h.settled()
	require.Len(t, ds, 1)
	assert.Equal(t, "talk", ds[0].Via)
	assert.Equal(t, "custom", ds[0].Action)
	assert.Equal(t, int64(3135), ds[0].TemplateID)
	assert.Equal(t, `{"from":"mobile"}`, ds[0].CallbackArgs)
	assert.Equal(t, emulator.WebhookSent, ds[0].Webhook.State)
	calls := rc.received()
	require.Len(t, calls, 1)
	assert.Equal(t, url.Values{"CHAT_TYPE": {"DirectChat"}, "HASH_CHAT_ID": {ds[0].HashChatID}, "TEMPLATE_ID": {"3135"}, "from": {"mobile"}}, calls[0].Form)
}

func TestSchemeRefusals(t *testing.T) {
	h := newHarness(t)
	env := iphoneEnv(emulator.DemoAppKey, demoOrigin)
	req := parseShare(t, share.SendDefault, `{"objectType":"text","text":"hi","link":{}}`)
	link := func(msg string, ka string) string {
		e := env
		if ka != "" {
			e = iphoneEnv(emulator.DemoAppKey, ka)
		}
		m, err := jsvalue.Parse(msg)
		require.NoError(t, err)
		l, err := req.TalkLink(e, share.TalkTemplate{Msg: m, Args: jsvalue.Obj(), ID: jsvalue.Num(0)})
		require.NoError(t, err)
		return l.UniversalURL(h.hosts)
	}
	tests := []struct {
		name string
		url  string
		want kakaoFailure
	}{
		{"not a kakaolink URL", h.srv.URL + "/scheme/https%3A%2F%2Fexample.com", kakaoFailure{Name: "KAPIError", Code: -2,
			Msg: `not a KakaoTalk link: expected kakaolink://send?..., got "https://example.com"`}},
		{"foreign origin in extras.KA", link(`{"P":{},"C":{"object_type":"text","text":"x","link":{}}}`, "https://evil.example"),
			kakaoFailure{Name: "KAPIError", Code: -401, Msg: "domain mismatched! caller=https://evil.example. check out registered web domains."}},
		{"no template", link(`{"P":{}}`, ""), kakaoFailure{Name: "KAPIError", Code: 4002,
			Msg: "template_json of the KakaoTalk link has no template (C): it must be kapi's template_msg"}},
		{"tampered template", link(`{"P":{},"C":{"object_type":"text","text":"x","link":{"web_url":"javascript:alert(1)"}}}`, ""),
			kakaoFailure{Name: "KAPIError", Code: 4002, Msg: `link.web_url must be an absolute http(s) URL, got "javascript:alert(1)"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, failure(t, h.get(tt.url)))
		})
	}
}
