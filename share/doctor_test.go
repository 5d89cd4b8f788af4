package share

import (
	"strings"
	"testing"

	"github.com/kshare/kshare/share/jsvalue"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The messages of the doctor's warnings, as a page reads them.
const (
	msgMobileMissing = "this link has webUrl but no mobileWebUrl: KakaoTalk on phones opens mobileWebUrl (or an app link), so tapping it there opens nothing; add mobileWebUrl (it may be the same URL)."
	msgWebMissing    = "this link has mobileWebUrl but no webUrl: KakaoTalk for PC and Mac opens webUrl, so clicking it there opens nothing; add webUrl (it may be the same URL)."
	relativeLink     = " is not an absolute URL: KakaoTalk opens it outside your page, where there is nothing to resolve it against, so the link goes nowhere; give the whole URL, https://…"
	relativeScrap    = " is not an absolute URL: Kakao's scrap server fetches it from outside your page, where there is nothing to resolve it against, so there is no page to scrap; give the whole URL, https://…"
	localLink        = ", a local address: the recipient's phone or computer opens it on its own device or network, not on your server; use your public host."
	localScrap       = ", a local address: Kakao's scrap server cannot reach it, and the recipient's device would open it on itself; use your public host."
	insecureLink     = " is http: KakaoTalk opens the page unencrypted, so it can be read and changed on the way; use https instead."
	insecureScrap    = " is http: Kakao scraps it and KakaoTalk opens it unencrypted, so it can be read and changed on the way; use https instead."
	insecureImage    = " is http: Kakao's scrap server fetches the image unencrypted, so it can be replaced on the way; use https instead."
	unfetchableTail  = ": Kakao fetches message images by URL, so the message gets no image; upload it with Kakao.Share.uploadImage and use the URL it returns, or give an https:// URL."
)

// textShare is a text message whose link is link (JSON).
func textShare(text, link string) string {
	return `{"objectType":"text","text":` + jsvalue.QuoteJSON(text) + `,"link":` + link + `}`
}

// feedShare is a feed message whose content has an image and a link (JSON), and buttons.
func feedShare(image, link, buttons string) string {
	return `{"objectType":"feed","content":{"title":"t","imageUrl":` + jsvalue.QuoteJSON(image) + `,"link":` + link + `},"buttons":` + buttons + `}`
}

const (
	goodLink = `{"webUrl":"https://developers.kakao.com","mobileWebUrl":"https://developers.kakao.com"}`
	goodImg  = "https://mud-kage.kakao.com/dn/a.jpg"
)

func TestDiagnoseRules(t *testing.T) {
	tests := []struct {
		name     string
		call     Call
		settings string
		want     []Warning
	}{
		// No warnings.
		{"the documentation's feed", SendDefault, dessertFeed, nil},
		{"the documentation's text", SendDefault, textMessage, nil},
		{"a custom share (its template is the emulator's to judge)", SendCustom, customMessage, nil},
		{"a scrap of a public https page", SendScrap, scrapMessage, nil},
		{"an app link alone", SendDefault, textShare("t", `{"androidExecutionParams":"a=1","iosExecutionParams":"a=1"}`), nil},
		{"webUrl with app links: phones open the app", SendDefault, textShare("t", `{"webUrl":"https://a.example","iosExecutionParams":"a=1"}`), nil},
		{"an empty link", SendDefault, textShare("t", `{}`), nil},
		{"text of exactly 200 characters", SendDefault, textShare(strings.Repeat("가", 200), goodLink), nil},
		{"100 emoji are 200 UTF-16 units", SendDefault, textShare(strings.Repeat("😀", 100), goodLink), nil},
		{"a public IPv6 link", SendDefault, textShare("t", `{"webUrl":"https://[2001:db8::1]/","mobileWebUrl":"https://[2001:db8::1]/"}`), nil},

		// webUrl and mobileWebUrl.
		{"webUrl without mobileWebUrl", SendDefault, feedShare(goodImg, `{"webUrl":"https://developers.kakao.com"}`, `[]`),
			[]Warning{{WarnMobileWebURLMissing, "content.link.mobileWebUrl", msgMobileMissing}}},
		{"mobileWebUrl without webUrl, in a button", SendDefault,
			feedShare(goodImg, goodLink, `[{"title":"a","link":`+goodLink+`},{"title":"b","link":{"mobileWebUrl":"https://developers.kakao.com","androidExecutionParams":"a=1"}}]`),
			[]Warning{{WarnWebURLMissing, "buttons[1].link.webUrl", msgWebMissing}}},
		{"an empty webUrl counts as none", SendDefault, textShare("t", `{"webUrl":"","mobileWebUrl":"https://developers.kakao.com"}`),
			[]Warning{{WarnWebURLMissing, "link.webUrl", msgWebMissing}}},
		{"a list's headerLink and contents", SendDefault, listMessage, []Warning{
			{WarnMobileWebURLMissing, "contents[0].link.mobileWebUrl", msgMobileMissing},
			{WarnMobileWebURLMissing, "contents[1].link.mobileWebUrl", msgMobileMissing},
			{WarnMobileWebURLMissing, "buttons[0].link.mobileWebUrl", msgMobileMissing},
		}},

		// Relative and local links.
		{"a relative path", SendDefault, textShare("t", `{"webUrl":"/shop/1","mobileWebUrl":"shop.html"}`), []Warning{
			{WarnRelativeURL, "link.webUrl", `"/shop/1"` + relativeLink},
			{WarnRelativeURL, "link.mobileWebUrl", `"shop.html"` + relativeLink},
		}},
		{"a scheme-relative URL", SendDefault, textShare("t", `{"webUrl":"//developers.kakao.com/x","mobileWebUrl":"https://developers.kakao.com"}`),
			[]Warning{{WarnRelativeURL, "link.webUrl", `"//developers.kakao.com/x"` + relativeLink}}},
		{"loopback and localhost links", SendDefault, textShare("t", `{"webUrl":"http://127.0.0.1:8080/x","mobileWebUrl":"https://app.localhost/x"}`), []Warning{
			{WarnLocalURL, "link.webUrl", `"http://127.0.0.1:8080/x" is on "127.0.0.1"` + localLink},
			{WarnInsecureLink, "link.webUrl", `"http://127.0.0.1:8080/x"` + insecureLink},
			{WarnLocalURL, "link.mobileWebUrl", `"https://app.localhost/x" is on "app.localhost"` + localLink},
		}},
		{"a private address in a headerLink", SendDefault,
			`{"objectType":"list","headerTitle":"h","headerLink":{"webUrl":"https://192.168.0.10/","mobileWebUrl":"https://[fd12::1]/"},"contents":[{"link":{}},{"link":{}}]}`,
			[]Warning{
				{WarnLocalURL, "headerLink.webUrl", `"https://192.168.0.10/" is on "192.168.0.10"` + localLink},
				{WarnLocalURL, "headerLink.mobileWebUrl", `"https://[fd12::1]/" is on "fd12::1"` + localLink},
			}},

		// http.
		{"an http link", SendDefault, textShare("t", `{"webUrl":"http://www.daum.net","mobileWebUrl":"HTTP://m.daum.net"}`), []Warning{
			{WarnInsecureLink, "link.webUrl", `"http://www.daum.net"` + insecureLink},
			{WarnInsecureLink, "link.mobileWebUrl", `"HTTP://m.daum.net"` + insecureLink},
		}},
		{"an http image", SendDefault, feedShare("http://example.com/cake.jpg", goodLink, `[]`),
			[]Warning{{WarnInsecureImage, "content.imageUrl", `"http://example.com/cake.jpg"` + insecureImage}}},

		// Images Kakao cannot fetch.
		{"a data: image", SendDefault, feedShare("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk", goodLink, `[]`),
			[]Warning{{WarnUnfetchableImage, "content.imageUrl", `"data:image/png;base64,iVBORw0KGgoAAAANSU…" (82 characters) is a data: URL, which Kakao's servers cannot fetch (shares with data: images fail with error 5001)` + unfetchableTail}}},
		{"blob: and relative images in itemContent", SendDefault,
			`{"objectType":"feed","content":{"link":` + goodLink + `},"itemContent":{"profileImageUrl":"blob:https://shop.example/4f1c","titleImageUrl":"img/cake.png"}}`,
			[]Warning{
				{WarnUnfetchableImage, "itemContent.profileImageUrl", `"blob:https://shop.example/4f1c" is a blob: URL, which exists only inside the page that made it` + unfetchableTail},
				{WarnUnfetchableImage, "itemContent.titleImageUrl", `"img/cake.png" is a relative URL, which Kakao's servers cannot resolve outside your page` + unfetchableTail},
			}},
		{"a relative image in a list's content", SendDefault,
			`{"objectType":"list","headerTitle":"h","headerLink":` + goodLink + `,"contents":[{"imageUrl":"` + goodImg + `","link":` + goodLink + `},{"imageUrl":"/b.jpg","link":` + goodLink + `}]}`,
			[]Warning{{WarnUnfetchableImage, "contents[1].imageUrl", `"/b.jpg" is a relative URL, which Kakao's servers cannot resolve outside your page` + unfetchableTail}}},

		// Text.
		{"text of 201 characters", SendDefault, textShare(strings.Repeat("가", 201), goodLink), []Warning{{WarnTextTooLong, "text",
			"the text is 201 characters (UTF-16 units) long: a text message shows at most 200, so KakaoTalk cuts the rest; shorten it, or use a feed message with a title and a description."}}},
		{"101 emoji are 202 UTF-16 units", SendDefault, textShare(strings.Repeat("😀", 101), goodLink), []Warning{{WarnTextTooLong, "text",
			"the text is 202 characters (UTF-16 units) long: a text message shows at most 200, so KakaoTalk cuts the rest; shorten it, or use a feed message with a title and a description."}}},
		{"a feed's description is not a text template's text", SendDefault,
			`{"objectType":"feed","content":{"description":` + jsvalue.QuoteJSON(strings.Repeat("가", 300)) + `,"link":` + goodLink + `}}`, nil},

		// Scrap.
		{"a relative requestUrl", SendScrap, `{"requestUrl":"/news/1"}`,
			[]Warning{{WarnRelativeURL, "requestUrl", `"/news/1"` + relativeScrap}}},
		{"a loopback requestUrl", SendScrap, `{"requestUrl":"http://localhost:3000/news","templateId":3135}`, []Warning{
			{WarnLocalURL, "requestUrl", `"http://localhost:3000/news" is on "localhost"` + localScrap},
			{WarnInsecureLink, "requestUrl", `"http://localhost:3000/news"` + insecureScrap},
		}},

		// Several, in field order.
		{"several mistakes, in the settings' order", SendDefault,
			`{"objectType":"feed","buttons":[{"title":"b","link":{"mobileWebUrl":"https://developers.kakao.com"}}],` +
				`"content":{"link":{"webUrl":"https://developers.kakao.com"},"imageUrl":"http://example.com/a.png"}}`,
			[]Warning{
				{WarnWebURLMissing, "buttons[0].link.webUrl", msgWebMissing},
				{WarnMobileWebURLMissing, "content.link.mobileWebUrl", msgMobileMissing},
				{WarnInsecureImage, "content.imageUrl", `"http://example.com/a.png"` + insecureImage},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Diagnose(mustParse(t, tt.call, tt.settings)))
		})
	}
}

// TestDiagnoseServerSide: a share read back by ParseValidationParams (the emulator)
// gets the warnings the page's share gets.
func TestDiagnoseServerSide(t *testing.T) {
	for _, tt := range []struct {
		name     string
		call     Call
		settings string
	}{
		{"a list", SendDefault, listMessage},
		{"a feed with an http image", SendDefault, feedShare("http://example.com/a.png", `{"webUrl":"/x"}`, `[]`)},
		{"a scrap", SendScrap, `{"requestUrl":"http://10.1.2.3/"}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			page := mustParse(t, tt.call, tt.settings)
			wire, err := jsvalue.Parse(jsvalue.MarshalString(page.Params))
			require.NoError(t, err)
			server, err := ParseValidationParams(tt.call.Action(), wire)
			require.NoError(t, err)
			require.NotEmpty(t, Diagnose(page))
			assert.Equal(t, Diagnose(page), Diagnose(server))
		})
	}
}

func TestDiagnoseNil(t *testing.T) {
	assert.Nil(t, Diagnose(nil))
}

func TestParseURL(t *testing.T) {
	tests := []struct {
		raw  string
		want urlParts
	}{
		{"https://developers.kakao.com/docs?x=1#y", urlParts{"https", "developers.kakao.com"}},
		{"  HTTPS://User:pw@Example.COM.:8443/x ", urlParts{"https", "example.com"}},
		{`http:\\evil.example\x`, urlParts{"http", "evil.example"}},
		{"https:example.com/a", urlParts{"https", "example.com"}},
		{"http://[::1]:8080/", urlParts{"http", "::1"}},
		{"http://a@b@127.0.0.1/", urlParts{"http", "127.0.0.1"}},
		{"data:image/png;base64,AAAA", urlParts{scheme: "data"}},
		{"blob:https://a.example/1", urlParts{scheme: "blob"}},
		{"javascript:alert(1)", urlParts{scheme: "javascript"}},
		{"/a/b", urlParts{}},
		{"//example.com/a", urlParts{}},
		{"a.png", urlParts{}},
		{"1http://x", urlParts{}},
		{"", urlParts{}},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			assert.Equal(t, tt.want, parseURL(tt.raw))
		})
	}
}

func TestIsLocalHost(t *testing.T) {
	tests := []struct {
		host  string
		local bool
	}{
		{"localhost", true}, {"shop.localhost", true}, {"localhost.example.com", false}, {"notlocalhost", false},
		{"127.0.0.1", true}, {"127.255.0.9", true}, {"127.1", true}, {"0x7f000001", true}, {"2130706433", true}, {"0177.0.0.1", true},
		{"0.0.0.0", true}, {"0", true},
		{"10.0.0.1", true}, {"172.16.0.1", true}, {"172.31.255.255", true}, {"172.32.0.1", false}, {"172.15.0.1", false},
		{"192.168.1.1", true}, {"192.169.1.1", false}, {"169.254.169.254", true}, {"169.255.0.1", false},
		{"8.8.8.8", false}, {"256.0.0.1", false}, {"1.2.3.4.5", false}, {"1.2.3.08", false}, {"example.com", false}, {"1e100.net", false},
		{"::1", true}, {"::", true}, {"0:0:0:0:0:0:0:1", true}, {"fc00::1", true}, {"fdff:1::", true}, {"fe80::1%eth0", true}, {"febf::1", true},
		{"fec0::1", false}, {"fb00::1", false}, {"2001:db8::1", false}, {"::2", false},
		{"::ffff:127.0.0.1", true}, {"::ffff:192.168.0.1", true}, {"::ffff:8.8.8.8", false},
		{"1:2:3:4:5:6:7:8:9", false}, {"1::2::3", false}, {"12345::", false}, {":::", false},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			assert.Equal(t, tt.local, isLocalHost(tt.host))
		})
	}
}
