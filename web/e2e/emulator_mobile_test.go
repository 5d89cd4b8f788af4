package e2e

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/web/emulator"
)

// TestEmulatorIPhoneSharesThroughTheKakaoTalkPage: on an iPhone, sendDefault validates
// on kapi and sends the page to the universal link, /scheme/... on the emulator: the
// KakaoTalk side, with the preview and the picker; sending calls the webhook.
func TestEmulatorIPhoneSharesThroughTheKakaoTalkPage(t *testing.T) {
	s := startServer(t, serverConfig{})
	tab := openDemo(t, newBrowser(t), iphone, s, "")
	saveScreenshot(t, tab, "demo-page-iphone")

	do(t, tab, "tap sendDefault() of the text message", chromedp.Tap(chromedp.ID("send-text")))
	loc := waitLocation(t, tab, s.URL+"/scheme/")
	assert.True(t, strings.HasPrefix(loc, s.URL+"/scheme/kakaolink%3A%2F%2Fsend%3Fappkey%3Dkshare-demo-js-key%26"), loc)

	chatType := pickAndSend(t, tab, "text", "friend-ryan", "kakaotalk-iphone")
	assert.Equal(t, "talk", attr(t, tab, "#kshare-sent", "data-via"))

	got := s.waitInbox(t, 1)
	assert.Equal(t, chatType, string(got.ChatType))
	assert.Equal(t, map[string]string{"key": "value"}, argsOf(got.Event), "the documentation's serverCallbackArgs")
	d := s.waitDelivery(t, 1)
	assert.Equal(t, "talk", d.Via)
	assert.Equal(t, "friend-ryan", d.Chat.ID)
	assert.Equal(t, emulator.WebhookSent, d.Webhook.State, d.Webhook.Error)
}

// navRecorder records the navigations a page starts to non-http URLs (an app's
// scheme, an intent) and cancels them, as a phone without KakaoTalk would not follow
// them.
const navRecorder = `window.__navs = [];
navigation.addEventListener("navigate", (e) => {
	const u = e.destination.url;
	if (!/^https?:/.test(u)) { window.__navs.push(u); e.preventDefault(); }
});`

// TestEmulatorAndroidLaunchesTheIntent: on Android, sendDefault validates on kapi and
// launches an intent:// URL for KakaoTalk; the test captures it, checks it, then plays
// KakaoTalk: the same link on the emulator's /scheme/ page is previewed and sent.
func TestEmulatorAndroidLaunchesTheIntent(t *testing.T) {
	s := startServer(t, serverConfig{})
	tab := deviceTab(t, newBrowser(t), android)
	addScript(t, tab, navRecorder)
	loadDemo(t, tab, s, "")

	do(t, tab, "tap sendDefault() of the feed", chromedp.Tap(chromedp.ID("send-feed")))
	intent := waitJS[string](t, tab, "the intent", `window.__navs[0]`)
	query, fragment, ok := strings.Cut(strings.TrimPrefix(intent, "intent://send?"), "#Intent;")
	require.True(t, ok && strings.HasPrefix(intent, "intent://send?"), intent)
	assert.Equal(t, "scheme=kakaolink;launchFlags=0x14008000;end;", fragment)
	q, err := url.ParseQuery(query)
	require.NoError(t, err)
	assert.Equal(t, "kshare-demo-js-key", q.Get("appkey"))
	var extras map[string]any
	require.NoError(t, json.Unmarshal([]byte(q.Get("extras")), &extras), q.Get("extras"))
	assert.Contains(t, extras["KA"], "origin/"+url.QueryEscape(s.URL), "the KA agent names the page's origin")
	assert.Contains(t, extras["KA"], "device/Linux_armv81")
	assert.Equal(t, `{"example":"feed"}`, extras["lcba"], "serverCallbackArgs ride in extras")
	var tpl map[string]any
	require.NoError(t, json.Unmarshal([]byte(q.Get("template_json")), &tpl), "template_json is kapi's template_msg")
	assert.Contains(t, tpl, "P")
	assert.Contains(t, tpl, "C")
	assert.Equal(t, "Feed", tpl["P"].(map[string]any)["TP"])
	assert.Equal(t, 1, eval[int](t, tab, `window.__navs.length`), "one launch")

	// KakaoTalk opens kakaolink://send?<the same query>.
	link := "kakaolink://send?" + query
	do(t, tab, "open the link as KakaoTalk", chromedp.Navigate(s.URL+"/scheme/"+strings.ReplaceAll(url.QueryEscape(link), "+", "%20")))
	chatType := pickAndSend(t, tab, "feed", "group-family", "kakaotalk-android")
	got := s.waitInbox(t, 1)
	assert.Equal(t, chatType, string(got.ChatType))
	assert.Equal(t, map[string]string{"example": "feed"}, argsOf(got.Event))
	assert.Equal(t, "talk", s.waitDelivery(t, 1).Via)
}
