package share

import (
	"github.com/kshare/kshare/share/jsvalue"
)

// MaxTalkLinkLength is the size guard of the KakaoTalk link: the JSON of the link object
// may hold at most this many UTF-16 code units.
const MaxTalkLinkLength = 10000

// TalkTemplate is what kapi's template validation answered: the message to hand to
// KakaoTalk as is. Args, ID, Warning and Argument are undefined when the answer
// lacked them (Warning and Argument, warning_msg and argument_msg, go to SDK v1's
// success callback).
type TalkTemplate struct {
	Msg               jsvalue.Value
	Args              jsvalue.Value
	ID                jsvalue.Value
	Warning, Argument jsvalue.Value
}

// TalkLink is the KakaoTalk link of a share on the talk path (protocol §5.4 step 2).
type TalkLink struct {
	// Query is the query of kakaolink://send?<Query>.
	Query string
}

// TalkLink builds the KakaoTalk link from kapi's answer: appkey, appver 1.0, linkver 4.0,
// extras ({KA, ...settings.extras, lcba}, kshare adds picker_settings), template_json,
// template_args, template_id. It returns the official size error when the JSON of the
// link object is over [MaxTalkLinkLength] UTF-16 units.
func (r *Request) TalkLink(env Env, t TalkTemplate) (TalkLink, error) {
	extras := jsvalue.Spread([]jsvalue.Member{{Key: "KA", Value: jsvalue.Str(env.KA())}}, r.Extras.Entries())
	if r.HasCallbackArgs {
		extras = jsvalue.Set(extras, "lcba", jsvalue.Str(r.CallbackArgs))
	}
	if r.Picker.Kind != jsvalue.Undefined {
		extras = jsvalue.Set(extras, "picker_settings", r.Picker)
	}
	link := jsvalue.Obj(
		jsvalue.M("appkey", jsvalue.Str(env.AppKey)),
		jsvalue.M("appver", jsvalue.Str("1.0")),
		jsvalue.M("linkver", jsvalue.Str("4.0")),
		jsvalue.M("extras", jsvalue.Obj(extras...)),
		jsvalue.M("template_json", t.Msg),
		jsvalue.M("template_args", t.Args),
		jsvalue.M("template_id", t.ID),
	)
	if n := jsvalue.UTF16Len(jsvalue.MarshalString(link)); n > MaxTalkLinkLength {
		return TalkLink{}, &Error{Code: CodeSizeLimit, Message: msgSizeLimit,
			Reason: "the KakaoTalk link is " + itoa(n) + " characters, the limit is " + itoa(MaxTalkLinkLength)}
	}
	return TalkLink{Query: encodeQuery(link)}, nil
}

// SchemeURL returns kakaolink://send?<query>.
func (l TalkLink) SchemeURL() string { return "kakaolink://send?" + l.Query }

// IntentURL returns the Android intent URL that opens KakaoTalk, pinned to the package
// com.kakao.talk when installTalk is set.
func (l TalkLink) IntentURL(installTalk bool) string {
	pkg := ""
	if installTalk {
		pkg = "package=com.kakao.talk;"
	}
	return "intent://send?" + l.Query + "#Intent;scheme=kakaolink;launchFlags=0x14008000;" + pkg + "end;"
}

// UniversalURL returns the universal link <talk-apps>/scheme/<encoded kakaolink URL>.
func (l TalkLink) UniversalURL(h Hosts) string {
	return h.TalkApps + "/scheme/" + jsvalue.EncodeURIComponent(l.SchemeURL())
}

// The store pages the app-missing fallback opens.
const iosStoreURL = "https://itunes.apple.com/app/id362057947"

func androidStoreURL(env Env) string {
	ref := jsvalue.Obj(jsvalue.M("appKey", jsvalue.Str(env.AppKey)), jsvalue.M("KA", jsvalue.Str(env.KA())))
	return "market://details?id=com.kakao.talk&referrer=" + jsvalue.MarshalString(ref)
}

// FailureURL returns the page the talk path lands on when a share fails (protocol §5.4):
// <sharer>/picker/failed?app_key=<key>&error=<base64url of the UTF-8 JSON payload>.
func FailureURL(h Hosts, appKey string, payload jsvalue.Value) string {
	return h.Sharer + "/picker/failed?app_key=" + jsvalue.EncodeURIComponent(appKey) +
		"&error=" + rawURLBase64(jsvalue.MarshalString(payload))
}

// rawURLBase64 returns s in unpadded base64url (RFC 4648 §5), as
// base64.RawURLEncoding writes it; encoding/base64 would bring kshare.wasm an init
// function that builds four encodings at every page's start.
func rawURLBase64(s string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	out := make([]byte, 0, (len(s)*8+5)/6)
	for i := 0; i < len(s); i += 3 {
		n := len(s) - i // bytes in this group: 1, 2, or 3 and more
		v := uint(s[i]) << 16
		if n > 1 {
			v |= uint(s[i+1]) << 8
		}
		if n > 2 {
			v |= uint(s[i+2])
		}
		out = append(out, alphabet[v>>18&63], alphabet[v>>12&63])
		if n > 1 {
			out = append(out, alphabet[v>>6&63])
		}
		if n > 2 {
			out = append(out, alphabet[v&63])
		}
	}
	return string(out)
}

// FailurePayload returns the JSON object the official SDK reports to picker/failed for
// err: {"name":"KAPIError", ...Kakao's error body} for an answer of Kakao's server (a
// text body spread character by character, as the official SDK spreads a string),
// {"name":"KAPIError"} when no answer came, and {"name":"KakaoError","message":...}
// for kshare's own errors (the size limit, an unusable answer).
func FailurePayload(err error) jsvalue.Value {
	e, ok := err.(*Error)
	switch {
	case ok && e.Code == CodeKAPI:
		body := e.Body
		body.Boxed = body.Boxed || body.Kind == jsvalue.String // a spread string gives its characters
		return jsvalue.Obj(jsvalue.Spread([]jsvalue.Member{{Key: "name", Value: jsvalue.Str("KAPIError")}}, body.Entries())...)
	case ok && e.Code == CodeNetwork:
		return jsvalue.Obj(jsvalue.M("name", jsvalue.Str("KAPIError")))
	}
	return jsvalue.Obj(jsvalue.M("name", jsvalue.Str("KakaoError")), jsvalue.M("message", jsvalue.Str(err.Error())))
}

// LaunchKind is how KakaoTalk is opened.
type LaunchKind uint8

// The ways of launching KakaoTalk.
const (
	// LaunchNavigate sets top.location.href to URL.
	LaunchNavigate LaunchKind = iota + 1
	// LaunchIframe loads URL in a hidden 0×0 iframe named appLauncher.
	LaunchIframe
	// LaunchUnsupported fails with "unsupported environment" after Delay.
	LaunchUnsupported
)

// Launch is the plan of the official SDK's web2app step for one browser.
type Launch struct {
	Kind LaunchKind
	URL  string
	// Delay is the wait before navigating or inserting the iframe, in milliseconds.
	Delay int
	// StoreURL, when set, is opened StoreDelay after the start if the page is still
	// visible then (KakaoTalk is missing). Durations are milliseconds: the package reads no
	// clock and needs no package time.
	StoreURL   string
	StoreDelay int
}

// Launch returns how to open KakaoTalk with link in env's browser (protocol §5.4 step 3 as
// corrected for 2.7.4): Android browsers that handle intents navigate to the intent URL
// (at once in Chrome, after 100 ms otherwise); other Android browsers load the kakaolink
// URL in a hidden iframe after 100 ms and open the Play Store 300 ms after the start;
// the iOS KakaoTalk browser navigates to kakaolink:// itself; iOS 9 and later (iPadOS
// included) navigate to the universal link; older iOS use the iframe and the App Store
// after 5 s; anything else is an unsupported environment after 100 ms. The store is
// never opened in the iOS KakaoTalk browser or in Android WebViews.
func (r *Request) Launch(env Env, h Hosts, link TalkLink) Launch {
	d := detect(env)
	switch {
	case d.android:
		if d.supportsIntent() {
			delay := 100
			if d.chrome >= 25 && !d.firefox {
				delay = 0
			}
			return Launch{Kind: LaunchNavigate, URL: link.IntentURL(r.InstallTalk), Delay: delay}
		}
		l := Launch{Kind: LaunchIframe, URL: link.SchemeURL(), Delay: 100}
		if !d.webview {
			l.StoreURL, l.StoreDelay = androidStoreURL(env), 300
		}
		return l
	case d.ios:
		switch {
		case d.kakaotalk:
			return Launch{Kind: LaunchNavigate, URL: link.SchemeURL()}
		case d.iosMajor == 0 || d.iosMajor > 8:
			return Launch{Kind: LaunchNavigate, URL: link.UniversalURL(h)}
		}
		return Launch{Kind: LaunchIframe, URL: link.SchemeURL(), StoreURL: iosStoreURL, StoreDelay: 5000}
	}
	return Launch{Kind: LaunchUnsupported, Delay: 100}
}

// UnsupportedEnvironment returns the official error of a talk-path share on a system
// that cannot launch KakaoTalk.
func UnsupportedEnvironment(userAgent string) error {
	return &Error{Code: CodeUnsupportedEnvironment, Message: msgUnsupported,
		Reason: "KakaoTalk can be launched on Android and iOS only; user agent " + jsvalue.Quote(userAgent)}
}
