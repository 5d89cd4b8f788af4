package emulator

import (
	"context"
	"math"
	"strconv"
	"strings"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
)

// message is a share resolved to the template KakaoTalk shows.
type message struct {
	action share.Action
	// templateID is the custom template used, 0 for none.
	templateID int64
	// template is the template in wire form as handed to KakaoTalk, placeholders kept;
	// args are the template_args that fill them.
	template jsvalue.Value
	args     jsvalue.Value
	// object is template with args substituted, validated; view its typed form.
	object jsvalue.Value
	view   share.Template
	// note tells what the emulator could not do (a scrap page not fetched); notes are
	// what the doctor did not check or found out (images not fetched, the size of
	// those fetched).
	note  string
	notes []string
	// request is the share as package share validated it, which its doctor reads (nil
	// on the KakaoTalk side of a custom share, whose settings are the template's);
	// requestURL is a scrap's request_url.
	request    *share.Request
	requestURL string
	// linkWarnings are the links of the resolved message that go to hosts the app does
	// not register; unopened holds their URLs, which the preview does not link.
	linkWarnings []Warning
	unopened     map[string]bool
}

// resolve validates validation_params for an action with package share's rules and
// resolves the message (see "Messages" in the package documentation).
func (e *Emulator) resolve(ctx context.Context, a *app, action share.Action, params jsvalue.Value) (*message, *kakaoError) {
	req, err := share.ParseValidationParams(action, params)
	if err != nil {
		return nil, fromShareError(err)
	}
	m := &message{action: action, args: jsvalue.Obj(), request: req}
	args, _ := params.Get("template_args")
	if args.IsObjectLike() {
		m.args = args
	}
	var kerr *kakaoError
	switch action {
	case share.ActionDefault:
		m.template, _ = params.Get("template_object")
	case share.ActionCustom:
		id, _ := params.Get("template_id")
		m.templateID, m.template, kerr = a.template(id)
	case share.ActionScrap:
		reqURL, _ := params.Get("request_url")
		if kerr := a.checkLink("request_url", reqURL.Str); kerr != nil {
			return nil, kerr
		}
		m.requestURL = reqURL.Str
		page := e.scrapPage(ctx, reqURL.Str)
		m.note = page.note
		if id, _ := params.Get("template_id"); id.Truthy() {
			m.templateID, m.template, kerr = a.template(id)
			m.args = merge(page.args(), m.args)
		} else {
			m.template = page.feed()
		}
	}
	if kerr != nil {
		return nil, kerr
	}
	return m, m.finish(a)
}

// finish substitutes the arguments, validates the result and checks its links: a link
// that is not http(s) is refused, one to a host the app does not register is a warning.
func (m *message) finish(a *app) *kakaoError {
	m.object = substitute(m.template, argLookup(m.args))
	if _, err := share.ParseValidationParams(share.ActionDefault, templateParams(m.object)); err != nil {
		return fromShareError(err)
	}
	if !m.scrapFeed() {
		var kerr *kakaoError
		if m.linkWarnings, kerr = a.checkLinks(m, m.object, ""); kerr != nil {
			return kerr
		}
	}
	m.view = share.DecodeTemplate(m.object)
	return nil
}

// scrapFeed reports whether the message is a scrap's own feed (no template), whose
// link is request_url, checked before the page is fetched.
func (m *message) scrapFeed() bool { return m.action == share.ActionScrap && m.templateID == 0 }

// template returns the app's custom template of id.
func (a *app) template(id jsvalue.Value) (int64, jsvalue.Value, *kakaoError) {
	if id.Kind == jsvalue.Number && id.Num > 0 && id.Num < math.MaxInt64 {
		if tpl, ok := a.templates[int64(id.Num)]; ok {
			return int64(id.Num), tpl, nil
		}
	}
	return 0, jsvalue.Value{}, errBadRequest("template not found: template_id " + jsvalue.FormatNumber(id.Num) +
		" is not a template of the app " + quote(a.name) + " (its templates: " + a.templateIDs() + ")")
}

// kapiAnswer is kapi's answer to a template validation.
func (m *message) kapiAnswer(a *app, origin string) jsvalue.Value {
	objectType := m.view.ObjectType
	p := []jsvalue.Member{
		jsvalue.M("TP", jsvalue.Str(strings.ToUpper(objectType[:1])+objectType[1:])),
		jsvalue.M("ME", jsvalue.Str("${ME}")),
		jsvalue.M("SID", jsvalue.Str("kshare_"+a.appKey)),
		jsvalue.M("DID", jsvalue.Str(originHost(origin))),
		jsvalue.M("SNM", jsvalue.Str(a.name)),
		jsvalue.M("SIC", jsvalue.Str(a.icon)),
		jsvalue.M("KSA", jsvalue.Str(string(m.action))),
	}
	if m.note != "" {
		p = append(p, jsvalue.M("KSN", jsvalue.Str(m.note)))
	}
	if m.requestURL != "" {
		p = append(p, jsvalue.M("KSU", jsvalue.Str(m.requestURL)))
	}
	return jsvalue.Obj(
		jsvalue.M("template_id", jsvalue.Num(float64(m.templateID))),
		jsvalue.M("template_args", m.args),
		jsvalue.M("template_msg", jsvalue.Obj(jsvalue.M("P", jsvalue.Obj(p...)), jsvalue.M("C", m.template))),
		jsvalue.M("warning_msg", jsvalue.Obj()),
		jsvalue.M("argument_msg", jsvalue.Obj()),
	)
}

// originHost is the host of scheme://host[:port].
func originHost(origin string) string {
	_, rest, _ := strings.Cut(origin, "://")
	return rest
}

// substitute returns v with every ${name} in its string values replaced by
// lookup(name) when it has a value; object keys are left alone.
func substitute(v jsvalue.Value, lookup func(name string) (string, bool)) jsvalue.Value {
	switch v.Kind {
	case jsvalue.String:
		v.Str = replacePlaceholders(v.Str, lookup)
	case jsvalue.Object:
		members := make([]jsvalue.Member, len(v.Members))
		for i, m := range v.Members {
			members[i] = jsvalue.M(m.Key, substitute(m.Value, lookup))
		}
		v.Members = members
	case jsvalue.Array:
		elems := make([]jsvalue.Value, len(v.Elems))
		for i, e := range v.Elems {
			elems[i] = substitute(e, lookup)
		}
		v.Elems = elems
	}
	return v
}

// replacePlaceholders replaces ${name} in s.
func replacePlaceholders(s string, lookup func(name string) (string, bool)) string {
	var b strings.Builder
	for {
		start := strings.Index(s, "${")
		if start < 0 {
			break
		}
		end := strings.IndexByte(s[start+2:], '}')
		if end < 0 {
			break
		}
		name := s[start+2 : start+2+end]
		b.WriteString(s[:start])
		if value, ok := lookup(name); ok {
			b.WriteString(value)
		} else {
			b.WriteString(s[start : start+3+end])
		}
		s = s[start+3+end:]
	}
	b.WriteString(s)
	return b.String()
}

// argLookup finds template arguments: strings as they are, numbers and booleans as
// JavaScript prints them, other values as JSON.
func argLookup(args jsvalue.Value) func(string) (string, bool) {
	return func(name string) (string, bool) {
		v, ok := args.Get(name)
		if !ok {
			return "", false
		}
		return argText(v)
	}
}

// argText is a webhook parameter or template argument's text.
func argText(v jsvalue.Value) (string, bool) {
	switch {
	case v.Kind == jsvalue.String:
		return v.Str, true
	case v.Kind == jsvalue.Number:
		return jsvalue.FormatNumber(v.Num), true
	case v.Kind == jsvalue.Boolean:
		return strconv.FormatBool(v.Bool), true
	}
	return jsvalue.Marshal(v)
}

// merge returns the members of base overridden by those of over.
func merge(base, over jsvalue.Value) jsvalue.Value {
	members := append([]jsvalue.Member(nil), base.Members...)
	for _, m := range over.Entries() {
		members = jsvalue.Set(members, m.Key, m.Value)
	}
	return jsvalue.Obj(members...)
}
