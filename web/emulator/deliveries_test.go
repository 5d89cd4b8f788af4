package emulator_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/web/emulator"
)

func TestDeliveriesEndpoint(t *testing.T) {
	rc := newReceiver(t, nil)
	h := newHarness(t, func(o *emulator.Options) { o.DemoWebhookURL = rc.URL })
	page := h.sharerPage(share.SendCustom, `{"templateId":3135,"serverCallbackArgs":{"a":"1"}}`)
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
		"via": "sharer", "action": "custom", "template_id": 3135.0, "object_type": "feed",
		"chat":          map[string]any{"type": "MemoChat", "id": "memo", "name": "나와의 채팅"},
		"callback_args": `{"a":"1"}`,
		"webhook": map[string]any{"state": "sent", "url": rc.URL, "method": "POST", "status": 200.0,
			"params": map[string]any{"CHAT_TYPE": "MemoChat", "HASH_CHAT_ID": h.em.Deliveries()[0].HashChatID, "TEMPLATE_ID": "3135", "a": "1"}},
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
