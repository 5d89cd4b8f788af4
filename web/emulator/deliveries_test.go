package emulator_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/web/emulator"
)

func TestDeliveriesEndpoint(t *testing.T) {
	rc := newReceiver(t, nil)
	h := newHarness(t, func(o *emulator.Options) { o.DemoWebhookURL = rc.URL })
	page := h.sharerPage(share.SendCustom, `{"templateId":3135,"templateArgs":{"title":"첫 메시지"},"serverCallbackArgs":{"a":"1"}}`)
	require.Equal(t, http.StatusOK, h.send(page, "memo", "friend-muzi").StatusCode)
	h.settled()

	resp := h.get("/emulator/deliveries")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "application/json;charset=UTF-8", resp.Header.Get("Content-Type"))
	var raw struct {
		Deliveries []map[string]any `json:"deliveries"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&raw))
	require.Len(t, raw.Deliveries, 2)
	first := raw.Deliveries[0]
	hook, _ := first["webhook"].(map[string]any)
	delete(first, "hash_chat_id")
	delete(hook, "resource_id")
	delete(hook, "duration_ms")
	assert.Equal(t, map[string]any{
		"id": "1", "time": "2025-03-01T12:00:00Z", "app": emulator.DemoAppKey, "app_name": "kshare demo",
		"via": "sharer", "action": "custom", "template_id": 3135.0, "object_type": "feed", "title": "첫 메시지",
		"chat":          map[string]any{"type": "MemoChat", "id": "memo", "name": "나와의 채팅"},
		"callback_args": `{"a":"1"}`,
		"webhook": map[string]any{"state": "sent", "url": rc.URL, "method": "POST", "status": 200.0,
			"params": map[string]any{"CHAT_TYPE": "MemoChat", "HASH_CHAT_ID": h.em.Deliveries()[0].HashChatID, "TEMPLATE_ID": "3135", "a": "1"}},
		"warnings": []any{map[string]any{"code": "template-arg-missing", "field": "templateArgs.description",
			"message": `template 3135 has ${description} but templateArgs gives no "description", so the message carries no value for it ` +
				`(the emulator shows the placeholder as written); add templateArgs.description.`}},
	}, first)
	assert.Equal(t, "2", raw.Deliveries[1]["id"], "newest last")

	req, err := http.NewRequest(http.MethodDelete, h.srv.URL+"/emulator/deliveries", nil)
	require.NoError(t, err)
	del, err := h.client.Do(req)
	require.NoError(t, err)
	del.Body.Close()
	assert.Equal(t, http.StatusNoContent, del.StatusCode)
	assert.Empty(t, h.deliveries())
}

func TestDeliveryKeepsBoundedRequestValues(t *testing.T) {
	rc := newReceiver(t, nil)
	h := newHarness(t, func(o *emulator.Options) { o.DemoWebhookURL = rc.URL })
	const args = 40
	value := strings.Repeat("v", 5000)
	var lcba []string
	for i := range args {
		lcba = append(lcba, `"key`+strconv.Itoa(i)+`":"`+value+`"`)
	}
	title := strings.Repeat("t", 150)
	page := h.sharerPage(share.SendDefault, `{"objectType":"text","text":"`+title+`","link":{},"serverCallbackArgs":{`+strings.Join(lcba, ",")+`}}`)
	require.Equal(t, http.StatusOK, h.send(page, "memo").StatusCode)

	ds := h.settled()

	require.Len(t, ds, 1)
	d := ds[0]
	assert.Equal(t, clipped(title, echoChars), d.Title)
	assert.True(t, strings.HasSuffix(d.CallbackArgs, " ("+strconv.Itoa(len(`{`+strings.Join(lcba, ",")+`}`))+" characters)"), d.CallbackArgs)
	assert.Len(t, d.Webhook.Params, emulator.MaxLoggedParams)
	assert.Equal(t, 2+args-emulator.MaxLoggedParams, d.Webhook.ParamsNotShown, "CHAT_TYPE, HASH_CHAT_ID and the arguments")
	assert.Equal(t, clipped(value, echoChars), d.Webhook.Params["key0"])
	text := len(d.Title) + len(d.CallbackArgs) + len(d.Webhook.Error)
	for k, v := range d.Webhook.Params {
		text += len(k) + len(v)
	}
	assert.Less(t, text, 16<<10, "a delivery keeps at most about 16 KB")
	calls := rc.received()
	require.Len(t, calls, 1)
	assert.Equal(t, value, calls[0].Form.Get("key39"), "the webhook itself carries every argument whole")
}
