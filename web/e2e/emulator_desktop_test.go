package e2e

import (
	"context"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share/webhook"
	"github.com/kshare/kshare/web/emulator"
)

// pageEntry is one webhook as the demo page's inbox lists it.
type pageEntry struct {
	ChatType   string            `json:"chatType"`
	HashChatID string            `json:"hashChatId"`
	TemplateID string            `json:"templateId"`
	Params     map[string]string `json:"params"`
	Args       map[string]string `json:"args"`
}

// pageInbox waits for the demo page to list webhook seq and returns it.
func pageInbox(t *testing.T, tab context.Context, seq uint64) pageEntry {
	t.Helper()
	id := "inbox-" + strconv.FormatUint(seq, 10)
	waitJS[bool](t, tab, "webhook #"+id+" on the page", `!!document.getElementById("`+id+`")`)
	return eval[pageEntry](t, tab, `(() => {
		const li = document.getElementById("`+id+`");
		const pick = (sel, key) => Object.fromEntries(Array.from(li.querySelectorAll(sel), dd => [dd.dataset[key], dd.textContent]));
		return {chatType: li.dataset.chatType, hashChatId: li.dataset.hashChatId, templateId: li.dataset.templateId,
			params: pick("dd[data-param]", "param"), args: pick("dd[data-arg]", "arg")};
	})()`)
}

func argsOf(e webhook.Event) map[string]string {
	out := map[string]string{}
	for _, a := range e.Args {
		out[a.Key] = a.Value
	}
	return out
}

// cspRecorder records the page's Content-Security-Policy violations as
// "<directive> <blocked URI>".
const cspRecorder = `window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.effectiveDirective + " " + e.blockedURI));`

// TestEmulatorDesktopSharesEveryTemplate: on the demo page, each example's send
// button opens the sharer popup, the picker previews the message, a chat is chosen and
// sent, and the webhook reaches the inbox (the server's and the page's) with
// CHAT_TYPE, HASH_CHAT_ID, TEMPLATE_ID and the serverCallbackArgs.
func TestEmulatorDesktopSharesEveryTemplate(t *testing.T) {
	s := startServer(t, serverConfig{})
	browser := newBrowser(t)
	tab := deviceTab(t, browser, desktop)
	addScript(t, tab, cspRecorder)
	loadDemo(t, tab, s, "")

	tests := []struct {
		example    string
		objectType string
		chat       string
		action     string
		templateID string
		args       map[string]string
		screenshot string
	}{
		{"feed", "feed", "memo", "default", "", map[string]string{"example": "feed"}, "picker-feed"},
		{"list", "list", "friend-ryan", "default", "", map[string]string{"example": "list"}, ""},
		{"location", "location", "group-family", "default", "", map[string]string{"example": "location"}, ""},
		{"commerce", "commerce", "open-direct", "default", "", map[string]string{"example": "commerce"}, "picker-commerce"},
		{"text", "text", "open-multi", "default", "", map[string]string{"key": "value"}, ""},
		{"calendar", "calendar", "friend-apeach", "default", "", map[string]string{"example": "calendar"}, ""},
		{"custom", "feed", "group-team", "custom", "3135", map[string]string{"example": "custom"}, "picker-custom"},
		{"scrap", "feed", "friend-muzi", "scrap", "", map[string]string{"example": "scrap"}, ""},
		{"scrap-template", "feed", "memo", "scrap", "3135", map[string]string{"example": "scrap-template"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.example, func(t *testing.T) {
			before, beforeLog := len(s.inbox(t)), len(s.deliveries(t))
			preview := "#preview-" + tt.example
			waitJS[bool](t, tab, "the page's preview", `document.querySelector("`+preview+`").dataset.state === "ok"`)
			assert.Equal(t, tt.objectType, attr(t, tab, preview, "data-object-type"), "the page previews the message as the emulator renders it")

			p := popup(t, tab, "#send-"+tt.example)
			chatType := pickAndSend(t, p, tt.objectType, tt.chat, tt.screenshot)
			waitClosed(t, p)

			got := s.waitInbox(t, before+1)
			assert.Equal(t, chatType, string(got.ChatType))
			assert.NotEmpty(t, got.HashChatID)
			assert.Equal(t, tt.templateID, got.TemplateID)
			assert.Equal(t, tt.args, argsOf(got.Event), "the serverCallbackArgs")
			assert.Equal(t, "KakaoOpenAPI/1.0", got.UserAgent)

			d := s.waitDelivery(t, beforeLog+1)
			assert.Equal(t, emulator.WebhookSent, d.Webhook.State, d.Webhook.Error)
			assert.Equal(t, "sharer", d.Via)
			assert.Equal(t, tt.action, d.Action)
			assert.Equal(t, tt.objectType, d.ObjectType)
			assert.Equal(t, tt.chat, d.Chat.ID)
			assert.Equal(t, got.HashChatID, d.HashChatID)

			onPage := pageInbox(t, tab, got.Seq)
			want := pageEntry{ChatType: chatType, HashChatID: got.HashChatID, TemplateID: tt.templateID,
				Params: map[string]string{"CHAT_TYPE": chatType, "HASH_CHAT_ID": got.HashChatID}, Args: tt.args}
			if tt.templateID != "" {
				want.Params["TEMPLATE_ID"] = tt.templateID
			}
			assert.Equal(t, want, onPage, "the page's inbox lists the webhook with its parameters")
			waitJS[bool](t, tab, "the delivery in the page's log", `document.querySelector('#deliveries-body tr[data-id="`+d.ID+`"][data-state="sent"]') !== null`)
			assert.Contains(t, eval[string](t, tab, `document.getElementById("status-`+tt.example+`").textContent`), "dispatched to the sharer popup")
		})
	}

	t.Run("createDefaultButton follows the editor", func(t *testing.T) {
		before := len(s.inbox(t))
		settings := eval[string](t, tab, `(() => { const s = JSON.parse(document.getElementById("editor-feed").value);
			s.content.title = "바뀐 디저트"; s.serverCallbackArgs = {example: "button"}; return JSON.stringify(s, null, 2) })()`)
		setEditor(t, tab, "feed", settings)
		waitJS[bool](t, tab, "the new preview", `(r => r && r.textContent.includes("바뀐 디저트"))(document.getElementById("preview-feed").shadowRoot)`)
		waitJS[bool](t, tab, "the button bound again", `document.getElementById("button-feed").dataset.bound === "true"`)

		p := popup(t, tab, "#button-feed")
		do(t, p, "the picker's preview", chromedp.WaitVisible(chromedp.ID("kshare-preview")))
		assert.Contains(t, eval[string](t, p, `document.getElementById("kshare-preview").textContent`), "바뀐 디저트",
			"the button shares what the editor holds now")
		pickAndSend(t, p, "feed", "friend-ryan", "")
		waitClosed(t, p)
		assert.Equal(t, map[string]string{"example": "button"}, argsOf(s.waitInbox(t, before+1).Event))
	})

	t.Run("compat.html: the documentation's button and sendDefault", func(t *testing.T) {
		compat := newTab(t, browser, desktop)
		do(t, compat, "open compat.html", chromedp.Navigate(s.URL+"/compat.html"))
		waitJS[bool](t, compat, "the engine", `Kakao.ready.then(() => true)`)
		beforeLog := len(s.deliveries(t))
		for i, c := range []struct{ sel, objectType, chat string }{
			{"#kakaotalk-sharing-btn", "feed", "memo"},
			{"#kakaotalk-sharing-btn-text", "text", "friend-muzi"},
		} {
			p := popup(t, compat, c.sel)
			pickAndSend(t, p, c.objectType, c.chat, "")
			waitClosed(t, p)
			d := s.waitDelivery(t, beforeLog+i+1)
			assert.Equal(t, c.objectType, d.ObjectType)
			assert.Equal(t, emulator.WebhookSkipped, d.Webhook.State, "the documentation's examples carry no serverCallbackArgs")
		}
	})

	t.Run("the page after the shares", func(t *testing.T) {
		assert.Empty(t, pageErrors(t, tab), "no error on the page")
		assert.Empty(t, eval[[]string](t, tab, `window.__csp`),
			"under the page's Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval') nothing is refused")
		rows := eval[int](t, tab, `document.querySelectorAll("#deliveries-body tr[data-id]").length`)
		require.GreaterOrEqual(t, rows, len(tests)+1)
		eval[bool](t, tab, `window.scrollTo(0, 0), true`)
		saveScreenshot(t, tab, "demo-page")
	})
}
