package emulator_test

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/web/emulator"
)

// previewWarnings posts the preview form asking for JSON and returns the fragment and
// the warnings.
func (h *harness) previewWarnings(call share.Call, settings, appKey string) (string, []emulator.Warning) {
	h.t.Helper()
	form := url.Values{"call": {string(call)}, "settings": {settings}}
	if appKey != "" {
		form.Set("app_key", appKey)
	}
	req, err := http.NewRequest(http.MethodPost, h.srv.URL+"/emulator/preview", strings.NewReader(form.Encode()))
	require.NoError(h.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := h.client.Do(req)
	require.NoError(h.t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(h.t, err)
	require.Equal(h.t, http.StatusOK, resp.StatusCode, string(body))
	require.Equal(h.t, "application/json;charset=UTF-8", resp.Header.Get("Content-Type"))
	var ans struct {
		Fragment string             `json:"fragment"`
		Warnings []emulator.Warning `json:"warnings"`
	}
	require.NoError(h.t, json.Unmarshal(body, &ans))
	require.NotNil(h.t, ans.Warnings, "warnings is [] when there are none")
	return ans.Fragment, ans.Warnings
}

// listed reads the warnings panel of a sharer or KakaoTalk page: the code and field of
// each li, in order (nil when the page has no panel).
func listed(t *testing.T, page string) [][2]string {
	t.Helper()
	if !strings.Contains(page, `id="kshare-warnings"`) {
		return nil
	}
	var out [][2]string
	for _, m := range regexp.MustCompile(`<li data-code="([^"]*)" data-field="([^"]*)">`).FindAllStringSubmatch(page, -1) {
		out = append(out, [2]string{html.UnescapeString(m[1]), html.UnescapeString(m[2])})
	}
	return out
}

// codesAndFields is what the panel shows of warnings.
func codesAndFields(ws []emulator.Warning) [][2]string {
	var out [][2]string
	for _, w := range ws {
		out = append(out, [2]string{w.Code, w.Field})
	}
	return out
}

// newImageServer serves, on 127.0.0.1: /wide.png (800×400), /square.png (640×640),
// /big.png (over 5 MB), /page.html (HTML), /og-square and /og-wide (pages whose
// og:image is the square or the wide image); 404 otherwise.
func newImageServer(t *testing.T) *httptest.Server {
	t.Helper()
	wide, square := encodePNG(t, 800, 400), encodePNG(t, 640, 640)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		og := func(img string) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = io.WriteString(w, `<html><head><meta property="og:title" content="케익"><meta property="og:image" content="`+img+`"></head></html>`)
		}
		switch r.URL.Path {
		case "/wide.png":
			_, _ = w.Write(wide)
		case "/square.png":
			_, _ = w.Write(square)
		case "/big.png":
			_, _ = w.Write(append(append([]byte(nil), wide...), make([]byte, 5<<20)...))
		case "/page.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = io.WriteString(w, "<html>not an image</html>")
		case "/og-square":
			og("/square.png")
		case "/og-wide":
			og("/wide.png")
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Messages of the emulator's warnings in the rows below.
const (
	demoDomains     = " (the emulator's linkDomains: developers.kakao.com, localhost, 127.0.0.1, example.com)."
	unregisteredMsg = `, which is not a web domain of the app "kshare demo": the message is delivered but KakaoTalk does not open this link; ` +
		"register the domain in [App] > [Product Link] > [Web domain]" + demoDomains
	missingDescription = `template 3135 has ${description} but templateArgs gives no "description", so the message carries no value for it ` +
		`(the emulator shows the placeholder as written); add templateArgs.description.`
	noWebhook = `the app "kshare demo" has no Kakao Talk Share webhook, so Kakao calls no server for this share and serverCallbackArgs goes nowhere; ` +
		"set the webhook in the app's settings ([App] > [Webhook]; the emulator's webhook) or leave serverCallbackArgs out."
)

func unusedArg(key string) string {
	return "template 3135 has no ${" + key + "} (its placeholders: ${title}, ${description}), so templateArgs." + key +
		" changes nothing in the message; check the key's spelling or the template."
}

func TestWarningsRules(t *testing.T) {
	img := newImageServer(t)
	config := writeConfig(t, `{"apps":[{"name":"Shop","appKey":"shop-key","adminKey":"shop-admin","origins":["http://localhost:3000"],
		"linkDomains":["shop.example.com"],"templates":{"7":{"object_type":"feed","content":{"title":"${name}","link":{"web_url":"https://other.example/${id}","mobile_web_url":"https://shop.example.com/${id}"}}}}}]}`)
	plain := newHarness(t, func(o *emulator.Options) { o.ConfigFile = config })
	withHook := newHarness(t, func(o *emulator.Options) { o.DemoWebhookURL = "http://127.0.0.1:1/webhook" })
	feed := func(image, link string) string {
		return `{"objectType":"feed","content":{"title":"t","imageUrl":"` + image + `","link":` + link + `},"serverCallbackArgs":{"k":"v"}}`
	}
	tests := []struct {
		name     string
		h        *harness
		call     share.Call
		settings string
		appKey   string
		want     []emulator.Warning
	}{
		{"a registered domain and a subdomain of one", withHook, share.SendDefault,
			feed("https://mud-kage.kakao.com/a.jpg", `{"webUrl":"https://www.example.com/x","mobileWebUrl":"https://developers.kakao.com"}`), "",
			[]emulator.Warning{}},

		// Link domains.
		{"a link to an unregistered host", withHook, share.SendDefault,
			`{"objectType":"text","text":"t","link":{"webUrl":"https://shop.unregistered.example/a","mobileWebUrl":"https://developers.kakao.com"},"serverCallbackArgs":{"k":"v"}}`, "",
			[]emulator.Warning{{Code: emulator.WarnLinkDomain, Field: "link.webUrl", Message: "this link goes to shop.unregistered.example" + unregisteredMsg}}},
		{"a custom template's link to an unregistered host", plain, share.SendCustom, `{"templateId":7,"templateArgs":{"name":"봄","id":"1"}}`, "shop-key",
			[]emulator.Warning{{Code: emulator.WarnLinkDomain, Field: "content.link.webUrl",
				Message: `this link (in template 7) goes to other.example, which is not a web domain of the app "Shop": the message is delivered but KakaoTalk does not open this link; ` +
					"register the domain in [App] > [Product Link] > [Web domain] (the emulator's linkDomains: shop.example.com)."}}},

		// Template arguments.
		{"a placeholder without a value", plain, share.SendCustom, `{"templateId":3135,"templateArgs":{"title":"제목"}}`, "",
			[]emulator.Warning{{Code: emulator.WarnTemplateArgMissing, Field: "templateArgs.description", Message: missingDescription}}},
		{"an argument no placeholder uses", plain, share.SendCustom, `{"templateId":3135,"templateArgs":{"title":"제목","description":"설명","colour":"red"}}`, "",
			[]emulator.Warning{{Code: emulator.WarnTemplateArgUnused, Field: "templateArgs.colour", Message: unusedArg("colour")}}},
		{"no templateArgs at all", plain, share.SendCustom, `{"templateId":3135}`, "", []emulator.Warning{
			{Code: emulator.WarnTemplateArgMissing, Field: "templateArgs.title", Message: strings.ReplaceAll(missingDescription, "description", "title")},
			{Code: emulator.WarnTemplateArgMissing, Field: "templateArgs.description", Message: missingDescription},
		}},
		{"a scrap's own arguments are never unused", plain, share.SendScrap,
			`{"requestUrl":"https://developers.kakao.com/page","templateId":3135,"templateArgs":{"title":"제목","subtitle":"부제"}}`, "",
			[]emulator.Warning{{Code: emulator.WarnTemplateArgUnused, Field: "templateArgs.subtitle", Message: unusedArg("subtitle")}}},

		// The webhook.
		{"serverCallbackArgs but no webhook", plain, share.SendDefault, textMsg("t", devLink) + `,"serverCallbackArgs":{"k":"v"}}`, "",
			[]emulator.Warning{{Code: emulator.WarnWebhookNotConfigured, Field: "serverCallbackArgs", Message: noWebhook}}},
		{"a webhook but no serverCallbackArgs", withHook, share.SendDefault, textMsg("t", devLink) + `}`, "",
			[]emulator.Warning{{Code: emulator.WarnCallbackArgsMissing, Field: "serverCallbackArgs",
				Message: `the app "kshare demo" has a webhook (POST http://127.0.0.1:1/webhook), but Kakao calls it only for shares with serverCallbackArgs, ` +
					`so none will arrive for this one; pass serverCallbackArgs, e.g. {"id":"…"}.`}}},

		// Images.
		{"a 2:1 image on loopback", withHook, share.SendDefault, feed(img.URL+"/wide.png", devLink), "", []emulator.Warning{
			{Code: share.WarnInsecureImage, Field: "content.imageUrl", Message: doctorMessage(t, feed(img.URL+"/wide.png", devLink), 0)},
		}},
		{"an image that cannot be fetched", withHook, share.SendDefault, feed(img.URL+"/missing.png", devLink), "", []emulator.Warning{
			{Code: share.WarnInsecureImage, Field: "content.imageUrl", Message: doctorMessage(t, feed(img.URL+"/missing.png", devLink), 0)},
			{Code: emulator.WarnImageUnreachable, Field: "content.imageUrl", Message: strconv.Quote(img.URL+"/missing.png") +
				` could not be fetched (answered 404 Not Found): KakaoTalk shows no image when Kakao's scrap server cannot fetch it; make the URL answer 200 with the image.`},
		}},
		{"an image over 5 MB", withHook, share.SendDefault, feed(img.URL+"/big.png", devLink), "", []emulator.Warning{
			{Code: share.WarnInsecureImage, Field: "content.imageUrl", Message: doctorMessage(t, feed(img.URL+"/big.png", devLink), 0)},
			{Code: emulator.WarnImageTooLarge, Field: "content.imageUrl", Message: strconv.Quote(img.URL+"/big.png") +
				` is over 5 MB: Kakao does not show images over its 5 MB limit; make it smaller (or upload it with Kakao.Share.uploadImage, which refuses files over 5 MB).`},
		}},
		{"a page instead of an image", withHook, share.SendDefault, feed(img.URL+"/page.html", devLink), "", []emulator.Warning{
			{Code: share.WarnInsecureImage, Field: "content.imageUrl", Message: doctorMessage(t, feed(img.URL+"/page.html", devLink), 0)},
			{Code: emulator.WarnImageUnreadable, Field: "content.imageUrl", Message: strconv.Quote(img.URL+"/page.html") +
				` is not a PNG, JPEG or GIF image (Content-Type "text/html; charset=utf-8"), so the Kakao emulator cannot check it; make the URL answer with the image itself, not a page.`},
		}},
		{"a scrap whose og:image is not 2:1", plain, share.SendScrap, `{"requestUrl":"` + img.URL + `/og-square"}`, "", []emulator.Warning{
			{Code: share.WarnLocalURL, Field: "requestUrl", Message: doctorMessage(t, `{"requestUrl":"`+img.URL+`/og-square"}`, 0)},
			{Code: share.WarnInsecureLink, Field: "requestUrl", Message: doctorMessage(t, `{"requestUrl":"`+img.URL+`/og-square"}`, 1)},
			{Code: emulator.WarnImageCropped, Field: "requestUrl", Message: "the page's og:image " + strconv.Quote(img.URL+"/square.png") +
				" is 640×640: Kakao's scrap crops og:image to 800×400 (2:1), so part of it will not show; use a 2:1 image such as 800×400."},
		}},

		// Together.
		{"the doctor's first, then the emulator's", plain, share.SendDefault,
			`{"objectType":"feed","content":{"title":"t","imageUrl":"data:image/png;base64,AAAA","link":{"webUrl":"https://unregistered.example/"}},"serverCallbackArgs":"{}"}`, "",
			[]emulator.Warning{
				{Code: share.WarnUnfetchableImage, Field: "content.imageUrl", Message: `"data:image/png;base64,AAAA" is a data: URL, which Kakao's servers cannot fetch ` +
					`(shares with data: images fail with error 5001): Kakao fetches message images by URL, so the message gets no image; ` +
					`upload it with Kakao.Share.uploadImage and use the URL it returns, or give an https:// URL.`},
				{Code: share.WarnMobileWebURLMissing, Field: "content.link.mobileWebUrl", Message: "this link has webUrl but no mobileWebUrl: KakaoTalk on phones opens " +
					"mobileWebUrl (or an app link), so tapping it there opens nothing; add mobileWebUrl (it may be the same URL)."},
				{Code: emulator.WarnLinkDomain, Field: "content.link.webUrl", Message: "this link goes to unregistered.example" + unregisteredMsg},
				{Code: emulator.WarnWebhookNotConfigured, Field: "serverCallbackArgs", Message: noWebhook},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := tt.h.previewWarnings(tt.call, tt.settings, tt.appKey)
			assert.Equal(t, tt.want, got)
		})
	}
}

// textMsg is a text message's settings without its closing brace.
func textMsg(text, link string) string {
	return `{"objectType":"text","text":"` + text + `","link":` + link
}

// doctorMessage is the message of package share's i-th warning for settings.
func doctorMessage(t *testing.T, settings string, i int) string {
	t.Helper()
	call := share.SendDefault
	if strings.Contains(settings, "requestUrl") {
		call = share.SendScrap
	}
	ws := share.Diagnose(parseShare(t, call, settings))
	require.Greater(t, len(ws), i)
	return ws[i].Message
}

func TestWarningsNotes(t *testing.T) {
	img := newImageServer(t)
	h := newHarness(t)
	fragment, _ := h.previewWarnings(share.SendDefault, `{"objectType":"feed","content":{"title":"t","imageUrl":"`+img.URL+`/wide.png",`+
		`"imageWidth":640,"imageHeight":640,"link":`+devLink+`},"itemContent":{"profileImageUrl":"https://mud-kage.kakao.com/p.png","titleImageUrl":"https://developers.kakao.com/t.png"}}`, "")
	assert.Contains(t, fragment, `<p class="note">`+html.EscapeString(`content.imageUrl: "`+img.URL+`/wide.png" is 800×400 (PNG, `))
	assert.Contains(t, fragment, html.EscapeString(`bytes); the settings say 640×640.`))
	assert.Contains(t, fragment, "Not checked, as the Kakao emulator works offline and fetches images on loopback addresses only: "+
		"itemContent.profileImageUrl, itemContent.titleImageUrl (on mud-kage.kakao.com, developers.kakao.com).")
}

func TestWarningsAreBounded(t *testing.T) {
	h := newHarness(t)
	args := []string{`"title":"t"`, `"description":"d"`}
	for i := range 30 {
		args = append(args, `"extra`+strconv.Itoa(i)+`":"x"`)
	}
	_, got := h.previewWarnings(share.SendCustom, `{"templateId":3135,"templateArgs":{`+strings.Join(args, ",")+`}}`, "")
	require.Len(t, got, emulator.MaxWarnings)
	assert.Equal(t, emulator.Warning{Code: emulator.WarnTemplateArgUnused, Field: "templateArgs.extra0", Message: unusedArg("extra0")}, got[0])
	assert.Equal(t, emulator.Warning{Code: emulator.WarnMore, Message: "11 more warnings are not listed; fix these first."}, got[emulator.MaxWarnings-1])

	long := strings.Repeat("k", 5000)
	_, got = h.previewWarnings(share.SendCustom, `{"templateId":3135,"templateArgs":{"title":"t","description":"d","`+long+`":1}}`, "")
	require.Len(t, got, 1)
	assert.Equal(t, clipped("templateArgs."+long, echoChars), got[0].Field)
	assert.LessOrEqual(t, len([]rune(got[0].Message)), messageChars)
}

// TestWarningsAreTheSameEverywhere: the preview, the sharer's panel, the KakaoTalk page's
// panel and the delivery log show the same warnings of a share.
func TestWarningsAreTheSameEverywhere(t *testing.T) {
	tests := []struct {
		name     string
		call     share.Call
		settings string
	}{
		{"a feed with three mistakes", share.SendDefault, `{"objectType":"feed","content":{"title":"t","imageUrl":"http://example.com/a.png",` +
			`"link":{"webUrl":"https://developers.kakao.com"}},"buttons":[{"title":"b","link":{"webUrl":"https://developers.kakao.com","mobileWebUrl":"https://evil.example/"}}],` +
			`"serverCallbackArgs":{"k":"v"}}`},
		{"a custom share missing an argument", share.SendCustom, `{"templateId":3135,"templateArgs":{"title":"t"}}`},
		{"a scrap of a local page", share.SendScrap, `{"requestUrl":"http://localhost/news","serverCallbackArgs":{"k":"v"}}`},
		{"a share without a warning", share.SendDefault, textMsg("t", devLink) + `,"serverCallbackArgs":{"k":"v"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, func(o *emulator.Options) { o.DemoWebhookURL = "http://127.0.0.1:1/webhook" })
			_, want := h.previewWarnings(tt.call, tt.settings, "")

			page := h.sharerPage(tt.call, tt.settings)
			assert.Equal(t, codesAndFields(want), listed(t, page), "the sharer's panel")
			require.Equal(t, http.StatusOK, h.send(page, "memo").StatusCode)

			talk := readBody(t, h.get(h.talkURL(iphoneEnv(emulator.DemoAppKey, demoOrigin), tt.call, tt.settings)))
			assert.Equal(t, codesAndFields(want), listed(t, talk), "the KakaoTalk page's panel")
			require.Equal(t, http.StatusOK, h.send(talk, "memo").StatusCode)

			ds := h.settled()
			require.Len(t, ds, 2)
			assert.Equal(t, want, ds[0].Warnings, "the sharer's delivery")
			assert.Equal(t, want, ds[1].Warnings, "the KakaoTalk delivery")
		})
	}
}

func TestPreviewJSONCarriesTheFragment(t *testing.T) {
	h := newHarness(t)
	resp, htmlBody := h.preview(share.SendDefault, feedJSON, "")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "Accept", resp.Header.Get("Vary"))
	fragment, _ := h.previewWarnings(share.SendDefault, feedJSON, "")
	assert.Equal(t, htmlBody, fragment)
}
