package emulator_test

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/webhook"
	"github.com/kshare/kshare/web/emulator"
)

func TestWebhookCarriesKakaosHeadersAndParameters(t *testing.T) {
	tests := []struct {
		name     string
		call     share.Call
		settings string
		chats    []string
		want     []url.Values // the form of each call, in chat order
	}{
		{
			name: "default share: no TEMPLATE_ID", call: share.SendDefault,
			settings: `{"objectType":"text","text":"hi","link":{},"serverCallbackArgs":{"orderId":"A-1","count":3,"tags":["x"],"ok":true}}`,
			chats:    []string{"memo"},
			want:     []url.Values{{"CHAT_TYPE": {"MemoChat"}, "orderId": {"A-1"}, "count": {"3"}, "tags": {`["x"]`}, "ok": {"true"}}},
		},
		{
			name: "custom share: TEMPLATE_ID", call: share.SendCustom,
			settings: `{"templateId":3135,"templateArgs":{"title":"t"},"serverCallbackArgs":"{\"postId\":42}"}`,
			chats:    []string{"friend-ryan", "open-multi"},
			want: []url.Values{
				{"CHAT_TYPE": {"DirectChat"}, "TEMPLATE_ID": {"3135"}, "postId": {"42"}},
				{"CHAT_TYPE": {"OpenMultiChat"}, "TEMPLATE_ID": {"3135"}, "postId": {"42"}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := newReceiver(t, nil)
			h := newHarness(t, func(o *emulator.Options) { o.DemoWebhookURL = rc.URL + "/inbox/webhook" })
			page := h.sharerPage(tt.call, tt.settings)
			require.Equal(t, http.StatusOK, h.send(page, tt.chats...).StatusCode)
			ds := h.settled()
			calls := rc.received()
			require.Len(t, calls, len(tt.want))
			require.Len(t, ds, len(tt.want))
			byID := map[string]webhookCall{}
			for _, c := range calls {
				byID[c.Header.Get("X-Kakao-Resource-ID")] = c
			}
			require.Len(t, byID, len(calls), "resource ids are unique")
			for i, d := range ds { // the calls run concurrently: match them by resource id
				c, ok := byID[d.Webhook.ResourceID]
				require.True(t, ok, "no call with the resource id %q of delivery %s", d.Webhook.ResourceID, d.ID)
				assert.Equal(t, http.MethodPost, c.Method)
				assert.Equal(t, "KakaoAK "+emulator.DemoAdminKey, c.Header.Get("Authorization"))
				assert.Equal(t, "KakaoOpenAPI/1.0", c.Header.Get("User-Agent"))
				assert.Equal(t, "application/x-www-form-urlencoded", c.Header.Get("Content-Type"))
				assert.Empty(t, c.Query)

				want := tt.want[i]
				want.Set("HASH_CHAT_ID", d.HashChatID)
				assert.Equal(t, want, c.Form)
				assert.Equal(t, emulator.WebhookSent, d.Webhook.State)
				assert.Equal(t, http.StatusOK, d.Webhook.Status)
				assert.Equal(t, rc.URL+"/inbox/webhook", d.Webhook.URL)
				assert.Equal(t, "POST", d.Webhook.Method)
				assert.Empty(t, d.Webhook.Error)
				flat := map[string]string{}
				for k := range want {
					flat[k] = want.Get(k)
				}
				assert.Equal(t, flat, d.Webhook.Params)
			}
		})
	}
}

func TestWebhookIsReadByShareWebhook(t *testing.T) {
	var (
		mu     sync.Mutex
		events []webhook.Event
	)
	handler := webhook.New(emulator.DemoAdminKey, func(_ context.Context, ev webhook.Event) {
		mu.Lock()
		events = append(events, ev)
		mu.Unlock()
	})
	t.Cleanup(func() { assert.NoError(t, handler.Close(context.Background())) })
	rc := newReceiver(t, handler.ServeHTTP)
	h := newHarness(t, func(o *emulator.Options) { o.DemoWebhookURL = rc.URL })
	page := h.sharerPage(share.SendCustom, `{"templateId":3135,"serverCallbackArgs":{"orderId":"A-1"}}`)
	require.Equal(t, http.StatusOK, h.send(page, "group-family").StatusCode)
	d := h.settled()[0]
	assert.Equal(t, emulator.WebhookSent, d.Webhook.State)
	require.Eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(events) == 1 }, 5*time.Second, 5*time.Millisecond)
	ev := events[0]
	assert.Equal(t, webhook.ChatType("MultiChat"), ev.ChatType)
	assert.Equal(t, d.HashChatID, ev.HashChatID)
	assert.Equal(t, "3135", ev.TemplateID)
	assert.Equal(t, []webhook.Param{{Key: "orderId", Value: "A-1"}}, ev.Args)
}

func TestWebhookSkipped(t *testing.T) {
	tests := []struct {
		name     string
		settings string
		noHook   bool
		want     string
	}{
		{"no serverCallbackArgs", `{"templateId":3135}`, false, "the share carried no serverCallbackArgs"},
		{"app without webhook", `{"templateId":3135,"serverCallbackArgs":{"a":"b"}}`, true, "the app has no webhook"},
		{"serverCallbackArgs not an object", `{"templateId":3135,"serverCallbackArgs":5}`, false,
			"serverCallbackArgs (lcba) is not a JSON object, so no webhook was sent: it is number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := newReceiver(t, nil)
			h := newHarness(t, func(o *emulator.Options) {
				if !tt.noHook {
					o.DemoWebhookURL = rc.URL
				}
			})
			page := h.sharerPage(share.SendCustom, tt.settings)
			require.Equal(t, http.StatusOK, h.send(page, "memo").StatusCode)
			ds := h.settled()
			require.Len(t, ds, 1)
			assert.Equal(t, emulator.WebhookSkipped, ds[0].Webhook.State)
			assert.Equal(t, tt.want, ds[0].Webhook.Error)
			assert.Empty(t, rc.received())
		})
	}
}

func TestWebhookFailuresAreRecordedOnceWithoutRetry(t *testing.T) {
	redirectTarget := newReceiver(t, nil)
	tests := []struct {
		name    string
		answer  http.HandlerFunc
		down    bool
		status  int
		wantErr string
	}{
		{name: "receiver down", down: true},
		{name: "slower than the timeout", answer: func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(2 * time.Second):
			case <-r.Context().Done():
			}
		}},
		{name: "redirect not followed", status: http.StatusFound, answer: func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, redirectTarget.URL, http.StatusFound)
		}, wantErr: "answered 302 Found: redirects are not followed (Location: " + redirectTarget.URL + ")"},
		{name: "server error", status: http.StatusInternalServerError, answer: func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusInternalServerError)
		}, wantErr: "answered 500 Internal Server Error, not 2XX (no retry)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := newReceiver(t, tt.answer)
			hookURL := rc.URL
			if tt.down {
				rc.Close()
			}
			h := newHarness(t, func(o *emulator.Options) {
				o.DemoWebhookURL = hookURL
				o.WebhookTimeout = 200 * time.Millisecond
			})
			page := h.sharerPage(share.SendCustom, `{"templateId":3135,"serverCallbackArgs":{"a":"1"}}`)
			start := time.Now()
			require.Equal(t, http.StatusOK, h.send(page, "memo").StatusCode)
			assert.Less(t, time.Since(start), time.Second, "the webhook runs off the request path")
			ds := h.settled()
			require.Len(t, ds, 1)
			w := ds[0].Webhook
			assert.Equal(t, emulator.WebhookFailed, w.State)
			assert.Equal(t, tt.status, w.Status)
			assert.NotEmpty(t, w.Error)
			if tt.wantErr != "" {
				assert.Equal(t, tt.wantErr, w.Error)
			}
			if !tt.down {
				assert.Len(t, rc.received(), 1, "called once, no retry")
			}
			assert.Empty(t, redirectTarget.received())

			// The emulator still works.
			page = h.sharerPage(share.SendCustom, `{"templateId":3135}`)
			assert.Equal(t, http.StatusOK, h.send(page, "memo").StatusCode)
		})
	}
}

func TestWebhookGETAndHashesPerApp(t *testing.T) {
	rc := newReceiver(t, nil)
	config := writeConfig(t, `{"apps":[{"name":"Shop","appKey":"shop-key","adminKey":"shop-admin","origins":["http://localhost:3000"],
		"linkDomains":["shop.example.com"],"webhook":{"url":"`+rc.URL+`/hook?src=kakao","method":"GET"}}]}`)
	h := newHarness(t, func(o *emulator.Options) { o.ConfigFile = config; o.DemoWebhookURL = rc.URL })

	shop := h.openSharer(desktopEnv("shop-key", "http://localhost:3000"), share.SendDefault,
		`{"objectType":"text","text":"shop","link":{"webUrl":"https://www.shop.example.com/"},"serverCallbackArgs":{"k":"v w"}}`)
	require.Equal(t, http.StatusOK, shop.StatusCode)
	require.Equal(t, http.StatusOK, h.send(readBody(t, shop), "memo").StatusCode)
	h.settled() // the calls run concurrently: one at a time keeps their order
	demo := h.sharerPage(share.SendDefault, `{"objectType":"text","text":"demo","link":{},"serverCallbackArgs":{"k":"v"}}`)
	require.Equal(t, http.StatusOK, h.send(demo, "memo").StatusCode)

	ds := h.settled()
	require.Len(t, ds, 2)
	assert.NotEqual(t, ds[0].HashChatID, ds[1].HashChatID, "the same chat hashes differently for two apps")
	calls := rc.received()
	require.Len(t, calls, 2)
	assert.Equal(t, http.MethodGet, calls[0].Method)
	assert.Equal(t, "KakaoAK shop-admin", calls[0].Header.Get("Authorization"))
	assert.Equal(t, url.Values{"src": {"kakao"}, "CHAT_TYPE": {"MemoChat"}, "HASH_CHAT_ID": {ds[0].HashChatID}, "k": {"v w"}}, calls[0].Query)
	assert.Equal(t, http.MethodPost, calls[1].Method)

	// The hash is stable for an app and a chat.
	again := h.sharerPage(share.SendDefault, `{"objectType":"text","text":"demo","link":{}}`)
	require.Equal(t, http.StatusOK, h.send(again, "memo").StatusCode)
	assert.Equal(t, ds[1].HashChatID, h.settled()[2].HashChatID)
}

func TestCloseWaitsForWebhooks(t *testing.T) {
	release := make(chan struct{})
	rc := newReceiver(t, func(http.ResponseWriter, *http.Request) { <-release })
	h := newHarness(t, func(o *emulator.Options) { o.DemoWebhookURL = rc.URL })
	page := h.sharerPage(share.SendCustom, `{"templateId":3135,"serverCallbackArgs":{"a":"1"}}`)
	require.Equal(t, http.StatusOK, h.send(page, "memo").StatusCode)
	require.Eventually(t, func() bool { return len(rc.received()) == 1 }, 5*time.Second, 5*time.Millisecond)

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, h.em.Close(ctx), context.DeadlineExceeded, "a webhook in flight holds Close up to its deadline")
	close(release)
	assert.Equal(t, emulator.WebhookFailed, h.settled()[0].Webhook.State, "Close cancelled it")

	page = h.sharerPage(share.SendCustom, `{"templateId":3135,"serverCallbackArgs":{"a":"1"}}`)
	require.Equal(t, http.StatusOK, h.send(page, "memo").StatusCode)
	d := h.settled()[1]
	assert.Equal(t, emulator.WebhookAttempt{State: emulator.WebhookSkipped, URL: rc.URL, Method: "POST",
		ResourceID: d.Webhook.ResourceID, Params: d.Webhook.Params, Error: "the emulator is shutting down"}, d.Webhook)
	assert.NoError(t, h.em.Close(context.Background()))
}
