package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/web/emulator"
)

// failure is what the emulator's /picker/failed page shows.
type failure struct {
	Code string `json:"code"`
	Msg  string `json:"msg"`
}

// failedPage waits for the /picker/failed page in ctx and reads it.
func failedPage(t *testing.T, ctx context.Context) failure {
	t.Helper()
	do(t, ctx, "the failed page", chromedp.WaitVisible(chromedp.ID("kshare-error")))
	return eval[failure](t, ctx, `({code: document.getElementById("kshare-error").dataset.code,
		msg: (document.getElementById("kshare-error-msg") || {}).textContent || ""})`)
}

// editedExample is an example's settings with one change.
func editedExample(t *testing.T, tab context.Context, example, change string) string {
	t.Helper()
	return eval[string](t, tab, `(() => { const s = JSON.parse(document.getElementById("editor-`+example+`").value); `+change+`; return JSON.stringify(s, null, 2) })()`)
}

// TestEmulatorErrorFlows: what a page and a person see when a share cannot go
// through, and that a webhook receiver that is down breaks nothing else.
func TestEmulatorErrorFlows(t *testing.T) {
	port := freePort(t)
	origin := fmt.Sprintf("http://127.0.0.1:%d", port)
	closed := freePort(t)
	config, err := json.Marshal(map[string]any{"apps": []map[string]any{
		{"name": "Strict shop", "appKey": "e2e-strict-key", "adminKey": "e2e-strict-admin",
			"origins": []string{"http://127.0.0.1:1"}, "linkDomains": []string{"developers.kakao.com"}},
		{"name": "Receiver down", "appKey": "e2e-down-key", "adminKey": "e2e-down-admin",
			"origins": []string{origin}, "linkDomains": []string{"developers.kakao.com"},
			"webhook": map[string]string{"url": fmt.Sprintf("http://127.0.0.1:%d/webhook", closed)}},
	}})
	require.NoError(t, err)
	s := startServer(t, serverConfig{addr: fmt.Sprintf("127.0.0.1:%d", port), config: string(config)})
	require.Equal(t, origin, s.URL)
	browser := newBrowser(t)

	t.Run("unknown app key, desktop: -401 on the sharer's failed page", func(t *testing.T) {
		tab := openDemo(t, browser, desktop, s, "?appkey=e2e-no-such-key")
		assert.Equal(t, "e2e-no-such-key", eval[string](t, tab, `document.getElementById("app-key").textContent`))
		waitJS[bool](t, tab, "the preview's error", `document.getElementById("preview-text").dataset.state === "error"`)
		assert.Equal(t, "-401", attr(t, tab, "#preview-error-text", "data-code"))

		p := popup(t, tab, "#send-text")
		assert.Equal(t, failure{Code: "-401", Msg: "invalid app key: e2e-no-such-key"}, failedPage(t, p))
		saveScreenshot(t, p, "picker-failed-unknown-key")
	})

	t.Run("unknown app key, iPhone: kshare goes to picker/failed", func(t *testing.T) {
		tab := openDemo(t, browser, iphone, s, "?appkey=e2e-no-such-key")
		do(t, tab, "tap sendDefault()", chromedp.Tap(chromedp.ID("send-text")))
		waitLocation(t, tab, s.URL+"/picker/failed?app_key=e2e-no-such-key&error=")
		assert.Equal(t, failure{Code: "-401", Msg: "invalid app key: e2e-no-such-key"}, failedPage(t, tab))
	})

	t.Run("foreign origin: -401 domain mismatched", func(t *testing.T) {
		tab := openDemo(t, browser, desktop, s, "?appkey=e2e-strict-key")
		p := popup(t, tab, "#send-feed")
		got := failedPage(t, p)
		assert.Equal(t, "-401", got.Code)
		assert.True(t, strings.HasPrefix(got.Msg, "domain mismatched! caller="+s.URL+"."), got.Msg)
	})

	tab := openDemo(t, browser, desktop, s, "")
	tests := []struct {
		name, example, change, wantMsg string
	}{
		{"bad template: a link that is not http(s)", "text", `s.link.webUrl = "javascript:alert(1)"`, "must be an absolute http(s) URL"},
		{"unknown template id", "custom", `s.templateId = 9999`, "template not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name+": 4002 on the failed page", func(t *testing.T) {
			setEditor(t, tab, tt.example, editedExample(t, tab, tt.example, tt.change))
			waitJS[bool](t, tab, "the preview's error", `document.getElementById("preview-`+tt.example+`").dataset.state === "error"`)
			assert.Equal(t, "4002", attr(t, tab, "#preview-error-"+tt.example, "data-code"), "the page's preview already says why")

			p := popup(t, tab, "#send-"+tt.example)
			got := failedPage(t, p)
			assert.Equal(t, "4002", got.Code)
			assert.Contains(t, got.Msg, tt.wantMsg)
			do(t, tab, "reset the editor", chromedp.Click(chromedp.ID("reset-"+tt.example)))
		})
	}

	t.Run("a thrown KakaoError is shown with its code and field", func(t *testing.T) {
		tests := []struct {
			name, example, settings, code, field string
		}{
			{"a nested field", "feed", editedExample(t, tab, "feed", `s.content.link.webUrl = 5`), "illegal-argument", "content.link.webUrl"},
			{"a reserved serverCallbackArgs key", "custom", editedExample(t, tab, "custom", `s.serverCallbackArgs = {CHAT_TYPE: "x"}`), "reserved-key", "serverCallbackArgs.CHAT_TYPE"},
			{"not JSON", "list", `{"objectType": "list",`, "editor-not-json", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				example := tt.example
				setEditor(t, tab, example, tt.settings)
				do(t, tab, "send", chromedp.Click(chromedp.ID("send-"+example)))
				waitJS[bool](t, tab, "the error", `!document.getElementById("error-`+example+`").hidden`)
				assert.Equal(t, tt.code, attr(t, tab, "#error-"+example, "data-code"))
				assert.Equal(t, tt.field, attr(t, tab, "#error-"+example, "data-field"))
				waitJS[bool](t, tab, "the button unbound", `document.getElementById("button-`+example+`").dataset.bound === "false"`)
				if tt.code != "editor-not-json" {
					assert.Equal(t, tt.code, attr(t, tab, "#error-log li", "data-code"), "the page's error log has it")
					waitJS[bool](t, tab, "the preview's error", `document.getElementById("preview-error-`+example+`").dataset.code === "`+tt.code+`"`)
					assert.Equal(t, tt.field, attr(t, tab, "#preview-error-"+example, "data-field"), "the emulator's preview names the same field")
				}
				do(t, tab, "reset the editor", chromedp.Click(chromedp.ID("reset-"+example)))
				waitJS[bool](t, tab, "the button bound again", `document.getElementById("button-`+example+`").dataset.bound === "true"`)
			})
		}
		eval[bool](t, tab, `window.scrollTo(0, 0), true`)
		saveScreenshot(t, tab, "demo-page-errors")
	})

	t.Run("webhook receiver down: recorded as failed, nothing else breaks", func(t *testing.T) {
		down := openDemo(t, browser, desktop, s, "?appkey=e2e-down-key")
		inboxBefore, logBefore := len(s.inbox(t)), len(s.deliveries(t))
		for i, c := range []struct{ example, objectType, chat string }{
			{"text", "text", "memo"},
			{"feed", "feed", "friend-ryan"},
		} {
			p := popup(t, down, "#send-"+c.example)
			pickAndSend(t, p, c.objectType, c.chat, "")
			waitClosed(t, p)
			d := s.waitDelivery(t, logBefore+i+1)
			assert.Equal(t, "e2e-down-key", d.App)
			assert.Equal(t, c.chat, d.Chat.ID, "the share was delivered")
			assert.Equal(t, emulator.WebhookFailed, d.Webhook.State)
			assert.NotEmpty(t, d.Webhook.Error)
			waitJS[bool](t, down, "the failed webhook on the page", `document.querySelector('#deliveries-body tr[data-id="`+d.ID+`"][data-state="failed"]') !== null`)
		}
		assert.Len(t, s.inbox(t), inboxBefore, "the demo's inbox got nothing from another app")

		p := popup(t, tab, "#send-text")
		pickAndSend(t, p, "text", "open-multi", "")
		waitClosed(t, p)
		got := s.waitInbox(t, inboxBefore+1)
		assert.Equal(t, map[string]string{"key": "value"}, argsOf(got.Event), "the demo app's webhook still works")
		assert.Equal(t, emulator.WebhookSent, s.waitDelivery(t, logBefore+3).Webhook.State)
	})
}
