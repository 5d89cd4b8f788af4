package share

import (
	"strconv"

	"github.com/kshare/kshare/share/jsvalue"
)

// This file is the share doctor: the rules that find, in a share Parse accepted, what
// will go wrong silently once it is sent (a link that opens nothing on phones, an image
// Kakao cannot fetch, text KakaoTalk cuts). Each rule is a warning code below; its doc
// comment says what it finds and names its source. The checks that need Kakao's side of
// the story (the app's registered domains, templates and webhook, the images
// themselves) are the emulator's (web/emulator). The code is small on purpose: it is
// compiled into the wasm.

// Warning is one thing the doctor found in a valid share: a stable kebab-case code, the dotted field path in the page's settings (camelCase, "content.link.webUrl", "buttons[1].link.mobileWebUrl"), and one sentence saying what will happen and how to fix it.
type Warning struct{ Code, Field, Message string }

// The doctor's rules, by the code of their warnings.
const (
	// WarnRelativeURL: a link (webUrl, mobileWebUrl) or a scrap's requestUrl that is
	// not an absolute URL ("/shop", "shop.html", "//host/x") has nothing to be resolved
	// against where it is used, in KakaoTalk or on Kakao's scrap server.
	// Source: the URL standard (WHATWG URL: a relative URL needs a base URL, and
	// KakaoTalk has none of the page's); Kakao's Link reference calls webUrl and
	// mobileWebUrl "웹 링크 URL".
	WarnRelativeURL = "relative-url"
	// WarnLocalURL: a link or requestUrl on localhost or *.localhost, a loopback
	// (127.0.0.0/8, ::1), private (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16,
	// fc00::/7), link-local (169.254.0.0/16, fe80::/10) or "this host" (0.0.0.0/8, ::)
	// address names a different machine for each device that opens it, never the
	// page's server, and Kakao's scrap server cannot reach it.
	// Sources: RFC 6761 §6.3 (localhost), RFC 1918, RFC 6890 (special-purpose IPv4),
	// RFC 4193 (unique local IPv6), RFC 4291 (IPv6 loopback, link-local); Kakao Talk
	// Share FAQ: "Do not use URLs that are accessible only within the internal network
	// of the service".
	WarnLocalURL = "local-url"
	// WarnMobileWebURLMissing: a link with webUrl but neither mobileWebUrl nor an app
	// link (android/iosExecutionParams) opens nothing in KakaoTalk on phones.
	// Source: Kakao's Link reference (KMTLinkObject, Flutter Link): mobileWebUrl is
	// "모바일 카카오톡에서 사용하는 웹 링크 URL", webUrl "PC버전 카카오톡에서 사용하는 웹 링크 URL";
	// on phones ExecutionParams > mobileWebURL > webURL; a link without the URL a device
	// uses "may not move when tapped".
	WarnMobileWebURLMissing = "mobile-web-url-missing"
	// WarnWebURLMissing: a link with mobileWebUrl but no webUrl opens nothing in
	// KakaoTalk for PC and Mac (app links are for Android and iOS).
	// Source: as WarnMobileWebURLMissing.
	WarnWebURLMissing = "web-url-missing"
	// WarnInsecureLink: an http: link or requestUrl is accepted (Kakao's own template
	// examples link to http://www.daum.net) but the page travels unencrypted.
	// Sources: Kakao's default template documentation (message-template/default, its
	// examples' web_url); RFC 9110 §4.2 (http: has no transport security, https: has).
	WarnInsecureLink = "insecure-link"
	// WarnInsecureImage: an http: image is fetched unencrypted by Kakao's scrap server,
	// so it can be replaced on the way.
	// Sources: Kakao Talk Share FAQ, "The image specified by the URL is not displayed"
	// (images are fetched by "the Kakao scrap server"); RFC 9110 §4.2.
	WarnInsecureImage = "insecure-image"
	// WarnUnfetchableImage: an image (imageUrl, profileImageUrl, titleImageUrl) given as
	// a data: URL, a blob: URL (an object of the page that made it) or a relative URL
	// cannot be fetched by Kakao, which fetches images by URL from its own servers: the
	// message gets no image, and with data: the share fails with 5001.
	// Sources: Kakao Talk Share FAQ, "The image specified by the URL is not displayed"
	// (the Kakao scrap server must access the image URL; upload the image first);
	// public reports of 5001 with data: images (DevTalk "errorcode 5001",
	// devtalk.kakao.com/t/errorcode-5001/108199, cited by
	// woowacourse-teams/2021-see-you-there#275); the URL standard (blob: URLs).
	WarnUnfetchableImage = "unfetchable-image"
	// WarnTextTooLong: a text template's text over [MaxTextLength] characters is cut.
	// Characters are counted in UTF-16 units, as JavaScript's length and the official
	// SDK's own size guard count them (protocol first section, item 9): Hangul and
	// every character of the Basic Multilingual Plane count one, an emoji beyond it two,
	// so the count is never below what KakaoTalk shows.
	// Source: protocol §4.3, "Text template: up to 200 characters" ("최대 200자"; Kakao's
	// own example text: "텍스트를 최대 200자까지 표시할 수 있습니다").
	WarnTextTooLong = "text-too-long"
)

// MaxTextLength is the most a text template shows of its text, in UTF-16 units.
const MaxTextLength = 200

// Diagnose returns the warnings of a share Parse accepted, in field order, one per (code, field). It needs nothing but the share.
//
// Field order is the order of the share's template_object (the settings' order, with
// the type's own fields, such as a text template's text, last), then requestUrl. A
// custom share has nothing the doctor can judge without its template; nil has no
// warnings. [ParseValidationParams]'s share of the same validation_params gets the same
// warnings.
func Diagnose(r *Request) []Warning {
	var d doctor
	if r == nil {
		return nil
	}
	to, _ := r.Params.Get("template_object")
	ot, _ := to.Get("object_type")
	d.walk(to, "", ot.Str)
	if u, ok := r.Params.Get("request_url"); ok {
		d.url(roleScrap, "requestUrl", u.Str)
	}
	return d
}

// doctor collects warnings, one per (code, field).
type doctor []Warning

func (d *doctor) add(code, field, message string) {
	for _, w := range *d {
		if w.Code == code && w.Field == field {
			return
		}
	}
	*d = append(*d, Warning{code, field, message})
}

// walk judges the members of a wire object at path (objectType is set at the top):
// links, images, a text template's text, and what nested objects and arrays hold.
func (d *doctor) walk(v jsvalue.Value, path, objectType string) {
	for _, m := range v.Members {
		p := childPath(path, camelCase(m.Key))
		switch m.Key {
		case "link", "header_link":
			d.link(m.Value, p)
			continue
		case "image_url", "profile_image_url", "title_image_url":
			d.url(roleImage, p, m.Value.Str)
			continue
		case "text":
			if n := jsvalue.UTF16Len(m.Value.Str); objectType == "text" && n > MaxTextLength {
				d.add(WarnTextTooLong, p, "the text is "+strconv.Itoa(n)+" characters (UTF-16 units) long: a text message shows at most "+strconv.Itoa(MaxTextLength)+", so KakaoTalk cuts the rest; shorten it, or use a feed message with a title and a description.")
			}
		}
		d.walk(m.Value, p, "")
		for i, e := range m.Value.Elems {
			d.walk(e, indexPath(p, i), "")
		}
	}
}

// link judges one link object at path: each of its web URLs, then whether it has the
// URL each kind of device opens.
func (d *doctor) link(v jsvalue.Value, path string) {
	var web, mobile, app bool
	for _, m := range v.Members {
		if m.Value.Str == "" {
			continue
		}
		switch m.Key {
		case "web_url":
			d.url(roleLink, path+".webUrl", m.Value.Str)
			web = true
		case "mobile_web_url":
			d.url(roleLink, path+".mobileWebUrl", m.Value.Str)
			mobile = true
		case "android_execution_params", "ios_execution_params":
			app = true
		}
	}
	switch {
	case web && !mobile && !app:
		d.add(WarnMobileWebURLMissing, path+".mobileWebUrl", "this link has webUrl but no mobileWebUrl: KakaoTalk on phones opens mobileWebUrl (or an app link), so tapping it there opens nothing; add mobileWebUrl (it may be the same URL).")
	case mobile && !web:
		d.add(WarnWebURLMissing, path+".webUrl", "this link has mobileWebUrl but no webUrl: KakaoTalk for PC and Mac opens webUrl, so clicking it there opens nothing; add webUrl (it may be the same URL).")
	}
}

// The roles of a URL, which say what becomes of it.
const (
	roleLink  = iota // a link's webUrl or mobileWebUrl: KakaoTalk opens it
	roleScrap        // requestUrl: Kakao's scrap server fetches it, KakaoTalk opens it
	roleImage        // an image: Kakao's scrap server fetches it
)

// What becomes of a URL of each role, for the messages.
var (
	relativeWhy = [...]string{
		roleLink:  "KakaoTalk opens it outside your page, where there is nothing to resolve it against, so the link goes nowhere",
		roleScrap: "Kakao's scrap server fetches it from outside your page, where there is nothing to resolve it against, so there is no page to scrap",
	}
	localWhy = [...]string{
		roleLink:  "the recipient's phone or computer opens it on its own device or network, not on your server",
		roleScrap: "Kakao's scrap server cannot reach it, and the recipient's device would open it on itself",
	}
	insecureWhy = [...]string{
		roleLink:  "KakaoTalk opens the page unencrypted, so it can be read and changed on the way",
		roleScrap: "Kakao scraps it and KakaoTalk opens it unencrypted, so it can be read and changed on the way",
		roleImage: "Kakao's scrap server fetches the image unencrypted, so it can be replaced on the way",
	}
)

// url judges one URL of a role at field (an empty one is not given).
func (d *doctor) url(role int, field, raw string) {
	u := parseURL(raw)
	q := jsvalue.Quote(raw)
	switch {
	case raw == "" || (!u.relative() && !u.web() && role != roleImage):
	case role == roleImage && !u.web():
		why := "a relative URL, which Kakao's servers cannot resolve outside your page"
		switch u.scheme {
		case "data":
			why = "a data: URL, which Kakao's servers cannot fetch (shares with data: images fail with error 5001)"
		case "blob":
			why = "a blob: URL, which exists only inside the page that made it"
		case "":
		default:
			return
		}
		d.add(WarnUnfetchableImage, field, q+" is "+why+": Kakao fetches message images by URL, so the message gets no image; upload it with Kakao.Share.uploadImage and use the URL it returns, or give an https:// URL.")
	case u.relative():
		d.add(WarnRelativeURL, field, q+" is not an absolute URL: "+relativeWhy[role]+"; give the whole URL, https://…")
	default:
		if role != roleImage && isLocalHost(u.host) {
			d.add(WarnLocalURL, field, q+" is on "+jsvalue.Quote(u.host)+", a local address: "+localWhy[role]+"; use your public host.")
		}
		if u.scheme == "http" {
			code := WarnInsecureLink
			if role == roleImage {
				code = WarnInsecureImage
			}
			d.add(code, field, q+" is http: "+insecureWhy[role]+"; use https instead.")
		}
	}
}
