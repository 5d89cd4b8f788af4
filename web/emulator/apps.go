package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
)

// app is one registered app, checked.
type app struct {
	name, icon       string
	appKey, adminKey string
	origins          []string // lower case, scheme://host[:port]
	linkDomains      []string // lower-case hosts
	webhook          *webhookTarget
	templates        map[int64]jsvalue.Value
}

// webhookTarget is where an app's webhook goes.
type webhookTarget struct {
	url, method string
}

func (a *app) addOrigin(o string) {
	if !slices.Contains(a.origins, o) {
		a.origins = append(a.origins, o)
	}
}

func (a *app) addLinkDomain(d string) {
	if !slices.Contains(a.linkDomains, d) {
		a.linkDomains = append(a.linkDomains, d)
	}
}

// hashChatID is HASH_CHAT_ID: stable for one app and chat, different across apps.
func (a *app) hashChatID(chatID string) string {
	mac := hmac.New(sha256.New, []byte("kshare-emulator-chat/"+a.appKey))
	mac.Write([]byte(chatID))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// templateIDs lists the app's custom template ids, for messages.
func (a *app) templateIDs() string {
	ids := make([]int64, 0, len(a.templates))
	for id := range a.templates {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// demoApp is the built-in demo app (see the package documentation).
func demoApp(base *url.URL, webhookURL, adminKey string) *app {
	a := &app{
		name: DemoAppName, icon: "/emulator/icon.svg",
		appKey: DemoAppKey, adminKey: adminKey,
		templates: map[int64]jsvalue.Value{DemoTemplateID: demoTemplate()},
	}
	a.addOrigin("http://127.0.0.1:8080")
	a.addOrigin("http://localhost:8080")
	origin := strings.ToLower(base.Scheme + "://" + base.Host)
	a.addOrigin(origin)
	switch host := strings.ToLower(base.Hostname()); host {
	case "127.0.0.1", "localhost":
		twin := map[string]string{"127.0.0.1": "localhost", "localhost": "127.0.0.1"}[host]
		port := ""
		if base.Port() != "" {
			port = ":" + base.Port()
		}
		a.addOrigin(strings.ToLower(base.Scheme) + "://" + twin + port)
	}
	for _, d := range []string{"developers.kakao.com", "localhost", "127.0.0.1", "example.com", strings.ToLower(base.Hostname())} {
		a.addLinkDomain(d)
	}
	if webhookURL != "" {
		a.webhook = &webhookTarget{url: webhookURL, method: "POST"}
	}
	return a
}

// demoTemplate is the demo app's template 3135.
func demoTemplate() jsvalue.Value {
	tpl, err := parseJSON(`{"object_type":"feed","content":{"title":"${title}","description":"${description}",` +
		`"image_url":"https://developers.kakao.com/assets/img/about/logos/kakaolink/kakaolink_btn_medium.png",` +
		`"image_width":640,"image_height":640,` +
		`"link":{"web_url":"https://developers.kakao.com","mobile_web_url":"https://developers.kakao.com"}},` +
		`"buttons":[{"title":"웹으로 보기","link":{"web_url":"https://developers.kakao.com","mobile_web_url":"https://developers.kakao.com"}}]}`)
	if err != nil {
		panic("emulator: demo template: " + err.Error())
	}
	return tpl
}

// registry finds apps by JavaScript key.
type registry struct {
	apps  []*app
	byKey map[string]*app
}

// newRegistry resolves icons against base and checks that keys are unique.
func newRegistry(base *url.URL, apps []*app) (*registry, error) {
	r := &registry{apps: apps, byKey: map[string]*app{}}
	keys := map[string]string{}
	for _, a := range apps {
		for _, k := range []struct{ kind, value string }{{"appKey", a.appKey}, {"adminKey", a.adminKey}} {
			if other, ok := keys[k.value]; ok {
				return nil, errors.New("app " + quote(a.name) + ": " + k.kind + " " + quote(k.value) + " is already used by " + other)
			}
			keys[k.value] = "app " + quote(a.name)
		}
		if strings.HasPrefix(a.icon, "/") || a.icon == "" {
			a.icon = base.String() + cmpOr(a.icon, "/emulator/icon.svg")
		}
		r.byKey[a.appKey] = a
	}
	return r, nil
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// authorize finds the app of appKey and checks the origin in the KA string.
func (r *registry) authorize(appKey, ka string) (*app, *kakaoError) {
	a, ok := r.byKey[appKey]
	if !ok {
		return nil, errInvalidKey(appKey)
	}
	origin := kaOrigin(ka)
	if !slices.Contains(a.origins, strings.ToLower(origin)) {
		return nil, &kakaoError{status: 401, code: -401,
			msg: "domain mismatched! caller=" + echo(origin) + ". check out registered web domains."}
	}
	return a, nil
}

// kaOrigin returns the percent-decoded origin/ segment of a KA string ("" if none).
func kaOrigin(ka string) string {
	for _, seg := range strings.Fields(ka) {
		if raw, ok := strings.CutPrefix(seg, "origin/"); ok {
			if o, err := url.PathUnescape(raw); err == nil {
				return o
			}
			return raw
		}
	}
	return ""
}

// checkLink checks a scrap's request_url: an absolute http(s) URL on a link domain, else
// 4002 (Kakao Talk Share FAQ: 4002 when "the domain of the shared URL" is not a
// registered web domain). field is the wire name for the message.
func (a *app) checkLink(field, raw string) *kakaoError {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return errBadRequest(echo(field) + " must be an absolute http(s) URL, got " + quote(raw))
	}
	if host := strings.ToLower(u.Hostname()); !a.registers(host) {
		return errBadRequest("link domain not registered: " + echo(field) + " goes to " + echo(host) + "; the app " +
			quote(a.name) + " registers " + strings.Join(a.linkDomains, ", "))
	}
	return nil
}

// registers reports whether host is one of the app's link domains or a subdomain of one.
func (a *app) registers(host string) bool {
	for _, d := range a.linkDomains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// checkLinks checks every web_url and mobile_web_url of m's template in wire form, v
// at path: one with a scheme other than http(s) is refused (4002, naming the wire
// path), one on a host the app does not register is a warning (link-domain-not-
// registered), a relative one is the share doctor's to warn about.
func (a *app) checkLinks(m *message, v jsvalue.Value, path string) ([]Warning, *kakaoError) {
	var out []Warning
	for i, e := range v.Elems {
		ws, kerr := a.checkLinks(m, e, path+"["+strconv.Itoa(i)+"]")
		if kerr != nil {
			return nil, kerr
		}
		out = append(out, ws...)
	}
	for _, mb := range v.Members {
		field := mb.Key
		if path != "" {
			field = path + "." + mb.Key
		}
		if (mb.Key != "web_url" && mb.Key != "mobile_web_url") || mb.Value.Kind != jsvalue.String {
			ws, kerr := a.checkLinks(m, mb.Value, field)
			if kerr != nil {
				return nil, kerr
			}
			out = append(out, ws...)
			continue
		}
		u, err := url.Parse(mb.Value.Str)
		switch {
		case mb.Value.Str == "" || (err == nil && u.Scheme == ""):
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "":
			return nil, errBadRequest(echo(field) + " must be an absolute http(s) URL, got " + quote(mb.Value.Str))
		case !a.registers(strings.ToLower(u.Hostname())):
			out = append(out, a.unregisteredLink(m, share.SettingsKey(field), strings.ToLower(u.Hostname())))
			if m.unopened == nil {
				m.unopened = map[string]bool{}
			}
			m.unopened[mb.Value.Str] = true
		}
	}
	return out, nil
}

// unregisteredLink is the warning of a link to a host the app does not register: the
// message is delivered, but KakaoTalk does not open the link.
//
// Source: Kakao's default template documentation ("기본 템플릿으로 발송한 메시지의 웹 링크와
// 앱 링크는 [제품 링크 관리]에 등록된 ... 도메인과 스킴만 연결이 허용됩니다": only registered
// web domains are connected) and Kakao Talk Share FAQ ("카카오톡 공유 내 웹 링크와 앱 링크는 제품
// 링크 관리에 등록된 웹 도메인 ... 에 해당하는 경우만 연결이 허용됩니다").
func (a *app) unregisteredLink(m *message, field, host string) Warning {
	return Warning{Code: WarnLinkDomain, Field: field,
		Message: "this link" + m.in() + " goes to " + echo(host) + ", which is not a web domain of the app " + quote(a.name) +
			": the message is delivered but KakaoTalk does not open this link; register the domain in [App] > [Product Link] > [Web domain]" +
			" (the emulator's linkDomains: " + strings.Join(a.linkDomains, ", ") + ")."}
}

// isIPv6 reports whether s is an IPv6 address.
func isIPv6(s string) bool {
	addr, err := netip.ParseAddr(s)
	return err == nil && addr.Is6()
}

// isLoopbackHost reports whether host (a name or an address, brackets allowed) is a
// loopback address or localhost. Names other than localhost are not resolved here:
// the fetcher's dialer checks the address it connects to.
func isLoopbackHost(host string) bool {
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
