package emulator

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"strings"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
)

// talkLink is a kakaolink://send URL read back (protocol §5.4 step 2).
type talkLink struct {
	appKey       string
	extras       jsvalue.Value
	templateJSON jsvalue.Value
	templateArgs jsvalue.Value
	templateID   jsvalue.Value
}

// parseTalkLink reads kakaolink://send?<query>, whose values are encodeURIComponent'd
// text (JSON for extras, template_json and template_args).
func parseTalkLink(link string) (talkLink, *kakaoError) {
	query, ok := strings.CutPrefix(link, "kakaolink://send?")
	if !ok {
		return talkLink{}, errParam("not a KakaoTalk link: expected kakaolink://send?..., got " + quote(link))
	}
	var t talkLink
	for pair := range strings.SplitSeq(query, "&") {
		rawKey, rawValue, _ := strings.Cut(pair, "=")
		key, err1 := url.QueryUnescape(rawKey)
		value, err2 := url.QueryUnescape(rawValue)
		if err1 != nil || err2 != nil {
			return talkLink{}, errParam("bad percent-encoding in the KakaoTalk link")
		}
		parse := func(into *jsvalue.Value) *kakaoError {
			v, err := parseJSON(value)
			if err != nil {
				return errParam(key + " of the KakaoTalk link is not JSON: " + err.Error())
			}
			*into = v
			return nil
		}
		var kerr *kakaoError
		switch key {
		case "appkey":
			t.appKey = value
		case "extras":
			kerr = parse(&t.extras)
		case "template_json":
			kerr = parse(&t.templateJSON)
		case "template_args":
			kerr = parse(&t.templateArgs)
		case "template_id":
			kerr = parse(&t.templateID)
		}
		if kerr != nil {
			return talkLink{}, kerr
		}
	}
	return t, nil
}

// serveScheme is the universal link: the KakaoTalk side of the mobile flow. It shows
// the message of the kakaolink URL and the picker, like the sharer.
func (e *Emulator) serveScheme(w http.ResponseWriter, r *http.Request) {
	link := strings.TrimPrefix(r.URL.Path, "/scheme/")
	t, kerr := parseTalkLink(link)
	if kerr != nil {
		redirectFailed(w, r, t.appKey, kerr)
		return
	}
	p, kerr := e.talkShare(r.Context(), t)
	if kerr != nil {
		redirectFailed(w, r, t.appKey, kerr)
		return
	}
	token := e.shares.add(p, e.clock())
	renderPage(w, http.StatusOK, "sharer.html", newSharerView(p, token, nil, ""))
}

// talkShare checks a KakaoTalk link as KakaoTalk would: the app, the KA origin of
// extras, the template (from template_json.C, with template_args) and its links.
func (e *Emulator) talkShare(ctx context.Context, t talkLink) (*pendingShare, *kakaoError) {
	ka, _ := t.extras.Get("KA")
	a, kerr := e.apps.authorize(t.appKey, ka.Str)
	if kerr != nil {
		return nil, kerr
	}
	c, _ := t.templateJSON.Get("C")
	if c.Kind != jsvalue.Object {
		return nil, errBadRequest("template_json of the KakaoTalk link has no template (C): it must be kapi's template_msg")
	}
	pk, kerr := parsePicker(get(t.extras, "picker_settings"))
	if kerr != nil {
		return nil, kerr
	}
	msg := &message{template: c, args: jsvalue.Obj()}
	if t.templateArgs.IsObjectLike() {
		msg.args = t.templateArgs
	}
	if id := t.templateID; id.Kind == jsvalue.Number && id.Num > 0 && id.Num < math.MaxInt64 && id.Num == math.Trunc(id.Num) {
		msg.templateID = int64(id.Num)
	}
	p, _ := t.templateJSON.Get("P")
	switch ksa := get(p, "KSA").Str; {
	case ksa == string(share.ActionScrap), ksa == string(share.ActionCustom), ksa == string(share.ActionDefault):
		msg.action = share.Action(ksa)
	case msg.templateID != 0:
		msg.action = share.ActionCustom
	default:
		msg.action = share.ActionDefault
	}
	msg.note = get(p, "KSN").Str
	if kerr := msg.finish(a); kerr != nil {
		return nil, kerr
	}
	msg.request, msg.requestURL = talkRequest(msg, c, get(p, "KSU"))
	lcba := get(t.extras, "lcba")
	hasLCBA := lcba.Kind != jsvalue.Undefined && lcba.Kind != jsvalue.Null
	lcbaText, _ := argText(lcba)
	return &pendingShare{app: a, via: "talk", msg: msg, lcba: lcbaText, hasLCBA: hasLCBA,
		picker: pk, expires: e.clock().Add(ShareTTL), warnings: e.warnings(ctx, a, msg, hasLCBA)}, nil
}

// talkRequest is the share the doctor reads on the KakaoTalk side, rebuilt from what the
// kakaolink URL carries: a default share's template (C), a scrap's request_url (KSU of
// kapi's answer); nil for a custom share, whose settings hold no template.
func talkRequest(m *message, template, requestURL jsvalue.Value) (*share.Request, string) {
	linkVer := jsvalue.M("link_ver", jsvalue.Str("4.0"))
	switch {
	case m.action == share.ActionDefault:
		req, _ := share.ParseValidationParams(share.ActionDefault, templateParams(template))
		return req, ""
	case m.action == share.ActionScrap && requestURL.Kind == jsvalue.String:
		req, _ := share.ParseValidationParams(share.ActionScrap, jsvalue.Obj(linkVer, jsvalue.M("request_url", requestURL)))
		return req, requestURL.Str
	}
	return nil, ""
}

// get returns v[key] (undefined when absent).
func get(v jsvalue.Value, key string) jsvalue.Value {
	x, _ := v.Get(key)
	return x
}
