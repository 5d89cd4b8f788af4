package e2e

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/web/demo"
	"github.com/kshare/kshare/web/emulator"
)

// shownWarning is one warning as a page lists it: li[data-code][data-field], its
// message in a p.
type shownWarning struct {
	Code    string `json:"code"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// shownWarnings reads the warnings listed by the li children of list (a CSS selector).
func shownWarnings(t *testing.T, ctx context.Context, list string) []shownWarning {
	t.Helper()
	sel, err := json.Marshal(list + " li")
	require.NoError(t, err)
	return eval[[]shownWarning](t, ctx, `Array.from(document.querySelectorAll(`+string(sel)+`), li => ({
		code: li.dataset.code, field: li.dataset.field, message: (li.querySelector("p") || {}).textContent || ""}))`)
}

// threeMistakes is a feed with three mistakes: its content's link has webUrl but no
// mobileWebUrl, its image is http:, and its button's mobileWebUrl goes to a host the
// demo app does not register.
const threeMistakes = `{
  "objectType": "feed",
  "content": {
    "title": "오늘의 디저트",
    "imageUrl": "http://example.com/cake.jpg",
    "link": {"webUrl": "https://developers.kakao.com"}
  },
  "buttons": [
    {"title": "구매하기", "link": {"webUrl": "https://developers.kakao.com", "mobileWebUrl": "https://shop.unregistered.example/item/1"}}
  ],
  "serverCallbackArgs": {"example": "feed"}
}`

// TestEmulatorDoctorShowsTheMistakes: the demo's examples preview without a warning; a
// feed with exactly three mistakes shows exactly those three (codes and fields) under
// its preview, in the sharer popup's panel above the picker, and in its delivery.
func TestEmulatorDoctorShowsTheMistakes(t *testing.T) {
	s := startServer(t, serverConfig{})
	browser := newBrowser(t)
	tab := openDemo(t, browser, desktop, s, "")

	for _, ex := range demo.Examples {
		waitJS[bool](t, tab, "the preview of "+ex.ID, `document.getElementById("preview-`+ex.ID+`").dataset.state === "ok"`)
		assert.Empty(t, shownWarnings(t, tab, "#warnings-"+ex.ID), "the documentation's %s has no warning", ex.ID)
		assert.True(t, eval[bool](t, tab, `document.getElementById("warnings-`+ex.ID+`").hidden`), "an empty list is hidden")
	}

	want := []shownWarning{
		{Code: share.WarnInsecureImage, Field: "content.imageUrl"},
		{Code: share.WarnMobileWebURLMissing, Field: "content.link.mobileWebUrl"},
		{Code: emulator.WarnLinkDomain, Field: "buttons[0].link.mobileWebUrl"},
	}
	codesAndFields := func(ws []shownWarning) []shownWarning {
		out := make([]shownWarning, len(ws))
		for i, w := range ws {
			out[i] = shownWarning{Code: w.Code, Field: w.Field}
		}
		return out
	}

	setEditor(t, tab, "feed", threeMistakes)
	waitJS[bool](t, tab, "three warnings under the feed's preview", `document.querySelectorAll("#warnings-feed li").length === 3`)
	previewed := shownWarnings(t, tab, "#warnings-feed")
	assert.Equal(t, want, codesAndFields(previewed), "the demo page lists the three mistakes under the preview")
	assert.False(t, eval[bool](t, tab, `document.getElementById("warnings-feed").hidden`))
	for _, w := range previewed {
		assert.NotEmpty(t, w.Message, "%s says what will happen", w.Code)
	}
	saveScreenshot(t, tab, "demo-doctor-warnings")

	p := popup(t, tab, "#send-feed")
	do(t, p, "the sharer's warnings", chromedp.WaitVisible(chromedp.ID("kshare-warnings")))
	assert.Equal(t, previewed, shownWarnings(t, p, "#kshare-warnings"), "the sharer lists the same warnings above the picker")
	assert.Equal(t, "3", attr(t, p, "#kshare-warnings", "data-count"))
	assert.True(t, eval[bool](t, p, `!!document.querySelector("#kshare-warnings + #kshare-picker, #kshare-warnings ~ #kshare-picker")`),
		"the panel is above the chat picker")
	assert.Empty(t, attr(t, p, `#kshare-preview .buttons a[href*="unregistered"]`, "href"), "the unregistered link is not a link")
	pickAndSend(t, p, "feed", "memo", "picker-doctor-warnings")

	d := s.waitDelivery(t, 1)
	got := make([]shownWarning, len(d.Warnings))
	for i, w := range d.Warnings {
		got[i] = shownWarning(w)
	}
	assert.Equal(t, previewed, got, "the delivery log carries the same warnings, messages included")
	assert.Equal(t, emulator.WebhookSent, d.Webhook.State, "serverCallbackArgs and the demo's webhook: the webhook arrives")
}
