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
	tpl, err := jsvalue.Parse(`{"object_type":"feed","content":{"title":"${title}","description":"${description}",` +
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

// checkLink checks one link target: an absolute http(s) URL on a link domain. field is
// the wire path for the message.
func (a *app) checkLink(field, raw string) *kakaoError {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return errBadRequest(echo(field) + " must be an absolute http(s) URL, got " + quote(raw))
	}
	host := strings.ToLower(u.Hostname())
	for _, d := range a.linkDomains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return nil
		}
	}
	return errBadRequest("link domain not registered: " + echo(field) + " goes to " + echo(host) + "; the app " +
		quote(a.name) + " registers " + strings.Join(a.linkDomains, ", "))
}

// checkLinks checks every web_url and mobile_web_url of a template in wire form.
func (a *app) checkLinks(v jsvalue.Value, path string) *kakaoError {
	switch v.Kind {
	case jsvalue.Object:
		for _, m := range v.Members {
			field := m.Key
			if path != "" {
				field = path + "." + m.Key
			}
			if (m.Key == "web_url" || m.Key == "mobile_web_url") && m.Value.Kind == jsvalue.String {
				if m.Value.Str == "" {
					continue
				}
				if err := a.checkLink(field, m.Value.Str); err != nil {
					return err
				}
				continue
			}
			if err := a.checkLinks(m.Value, field); err != nil {
				return err
			}
		}
	case jsvalue.Array:
		for i, e := range v.Elems {
			if err := a.checkLinks(e, path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
	}
	return nil
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
