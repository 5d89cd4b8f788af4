package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
)

// Config is the app configuration file given as [Options.ConfigFile]: JSON, decoded
// strictly (an unknown field is an error that names it). For example:
//
//	{"apps": [{
//	  "name": "My shop",
//	  "icon": "https://shop.example.com/icon.png",
//	  "appKey": "shop-js-key",
//	  "adminKey": "shop-admin-key",
//	  "origins": ["http://localhost:3000"],
//	  "linkDomains": ["shop.example.com", "localhost"],
//	  "webhook": {"url": "http://localhost:3000/kakao/webhook", "method": "POST"},
//	  "templates": {
//	    "100": {"object_type": "feed", "content": {"title": "${name}",
//	      "image_url": "https://shop.example.com/${image}",
//	      "link": {"web_url": "https://shop.example.com/items/${id}"}}}
//	  }
//	}]}
//
// A custom template is a template_object in wire form (snake_case keys) whose string
// values may hold ${KEY} placeholders: Kakao's user arguments, which a share fills from
// its templateArgs (template 100 above has ${name}, ${image} and ${id}; the demo app's
// 3135 is a feed with ${title} and ${description}). The placeholders are what the
// template uses: a share whose templateArgs has a key no placeholder uses, or lacks a
// value for one, is delivered with a warning (template-arg-unused,
// template-arg-missing), and a placeholder without a value shows as written. Links of
// the messages must go to linkDomains (else a warning: KakaoTalk does not open them),
// and the webhook is called only for shares with serverCallbackArgs (a share without,
// or serverCallbackArgs with no webhook, is a warning). See [AppConfig] for each field.
type Config struct {
	Apps []AppConfig `json:"apps"`
}

// AppConfig is one app of a [Config].
type AppConfig struct {
	// Name is shown in the sharer (required).
	Name string `json:"name"`
	// Icon is an http(s) URL or a path on the emulator; "" is the emulator's icon.
	Icon string `json:"icon"`
	// AppKey is the JavaScript key (required, unique, no spaces).
	AppKey string `json:"appKey"`
	// AdminKey is sent in the webhook's Authorization header (required, unique, no
	// spaces).
	AdminKey string `json:"adminKey"`
	// Origins are the JavaScript SDK domains: scheme://host[:port] each, at least one.
	Origins []string `json:"origins"`
	// LinkDomains are the hosts links may go to (each also covers its subdomains):
	// "example.com", or a URL whose host is taken ("https://example.com"), as the
	// console's [App] > [Product Link] > [Web domain]. A scrap's request_url elsewhere is
	// refused (4002); a message link elsewhere is delivered but not opened by KakaoTalk,
	// a warning (link-domain-not-registered).
	LinkDomains []string `json:"linkDomains"`
	// Webhook is the share webhook; absent for none. Kakao calls it only for shares with
	// serverCallbackArgs: one without is a warning (callback-args-missing), as is
	// serverCallbackArgs for an app without a webhook (webhook-not-configured).
	Webhook *WebhookConfig `json:"webhook"`
	// Templates are the custom templates by id (a positive integer): template_object in
	// wire form (snake_case), with ${KEY} placeholders in string values, as Kakao's
	// message template tool defines user arguments. Each must be valid by package share's
	// rules once its placeholders are replaced by sample text. A share fills them from
	// templateArgs; its templateArgs keys that no placeholder uses, and the placeholders
	// it gives no value, are warnings (template-arg-unused, template-arg-missing).
	Templates map[string]json.RawMessage `json:"templates"`
}

// WebhookConfig is an app's share webhook.
type WebhookConfig struct {
	// URL is an absolute http(s) URL (required).
	URL string `json:"url"`
	// Method is "GET" or "POST" (the default).
	Method string `json:"method"`
}

// loadConfigFile reads and checks a configuration file; errors name the file.
func loadConfigFile(path string) ([]*app, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("emulator config: %w", err)
	}
	apps, err := parseConfig(data)
	if err != nil {
		return nil, errors.New(path + ": " + err.Error())
	}
	return apps, nil
}

// parseConfig decodes a configuration strictly and checks every app.
func parseConfig(data []byte) ([]*app, error) {
	var c Config
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON object")
	}
	if len(c.Apps) == 0 {
		return nil, errors.New(`"apps" must list at least one app`)
	}
	apps := make([]*app, 0, len(c.Apps))
	for i, ac := range c.Apps {
		a, err := ac.app()
		if err != nil {
			where := "apps[" + strconv.Itoa(i) + "]"
			if ac.Name != "" {
				where += " (" + quote(ac.Name) + ")"
			}
			return nil, errors.New(where + ": " + err.Error())
		}
		apps = append(apps, a)
	}
	return apps, nil
}

// app checks one app of the file and returns it.
func (ac AppConfig) app() (*app, error) {
	a := &app{name: ac.Name, icon: ac.Icon, appKey: ac.AppKey, adminKey: ac.AdminKey, templates: map[int64]jsvalue.Value{}}
	if strings.TrimSpace(ac.Name) == "" {
		return nil, errors.New("name: required")
	}
	if ac.Icon != "" && !strings.HasPrefix(ac.Icon, "/") {
		if _, err := httpURL(ac.Icon); err != nil {
			return nil, errors.New("icon: " + err.Error())
		}
	}
	for _, k := range []struct{ name, value string }{{"appKey", ac.AppKey}, {"adminKey", ac.AdminKey}} {
		if k.value == "" {
			return nil, errors.New(k.name + ": required")
		}
		if strings.ContainsAny(k.value, " \t\r\n") {
			return nil, errors.New(k.name + ": must not contain spaces")
		}
	}
	if len(ac.Origins) == 0 {
		return nil, errors.New("origins: at least one origin (scheme://host[:port]) is required")
	}
	for i, o := range ac.Origins {
		origin, err := parseOrigin(o)
		if err != nil {
			return nil, errors.New("origins[" + strconv.Itoa(i) + "]: " + err.Error())
		}
		a.addOrigin(origin)
	}
	for i, d := range ac.LinkDomains {
		domain, err := parseLinkDomain(d)
		if err != nil {
			return nil, errors.New("linkDomains[" + strconv.Itoa(i) + "]: " + err.Error())
		}
		a.addLinkDomain(domain)
	}
	if ac.Webhook != nil {
		hook, err := ac.Webhook.target()
		if err != nil {
			return nil, errors.New("webhook." + err.Error())
		}
		a.webhook = hook
	}
	ids := make([]string, 0, len(ac.Templates))
	for id := range ac.Templates {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		n, tpl, err := parseTemplate(id, ac.Templates[id])
		if err != nil {
			return nil, errors.New("templates." + id + ": " + err.Error())
		}
		a.templates[n] = tpl
	}
	return a, nil
}

func (wc WebhookConfig) target() (*webhookTarget, error) {
	if wc.URL == "" {
		return nil, errors.New("url: required")
	}
	if _, err := httpURL(wc.URL); err != nil {
		return nil, errors.New("url: " + err.Error())
	}
	method := wc.Method
	switch method {
	case "":
		method = "POST"
	case "GET", "POST":
	default:
		return nil, errors.New("method: must be GET or POST, got " + quote(wc.Method))
	}
	return &webhookTarget{url: wc.URL, method: method}, nil
}

// parseTemplate checks a custom template of the file: its id a positive integer, its
// value a template_object that share accepts once its placeholders hold sample text.
func parseTemplate(id string, raw json.RawMessage) (int64, jsvalue.Value, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 || strconv.FormatInt(n, 10) != id {
		return 0, jsvalue.Value{}, errors.New("the template id must be a positive integer")
	}
	tpl, err := parseJSON(string(raw))
	if err != nil {
		return 0, jsvalue.Value{}, err
	}
	if tpl.Kind != jsvalue.Object {
		return 0, jsvalue.Value{}, errors.New("must be a template_object (a JSON object), got " + tpl.TypeName())
	}
	sample := substitute(tpl, func(string) (string, bool) { return "sample", true })
	if _, err := share.ParseValidationParams(share.ActionDefault, templateParams(sample)); err != nil {
		return 0, jsvalue.Value{}, err
	}
	return n, tpl, nil
}

// templateParams wraps a template_object into default validation_params.
func templateParams(to jsvalue.Value) jsvalue.Value {
	return jsvalue.Obj(jsvalue.M("link_ver", jsvalue.Str("4.0")), jsvalue.M("template_object", to))
}

// parseOrigin checks scheme://host[:port] (a trailing slash is tolerated) and returns it
// in lower case.
func parseOrigin(s string) (string, error) {
	u, err := url.Parse(strings.TrimSuffix(s, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return "", errors.New("must be an origin scheme://host[:port] (http or https, no path), got " + quote(s))
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

// parseLinkDomain returns the host a link domain entry names, in lower case.
func parseLinkDomain(s string) (string, error) {
	host := s
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		if err != nil || u.Hostname() == "" {
			return "", errors.New("must be a host name or an http(s) URL, got " + quote(s))
		}
		host = u.Hostname()
	}
	host = strings.TrimPrefix(strings.Trim(host, "[]"), "*.")
	if host == "" || strings.ContainsAny(host, "/?#@ \t\r\n*") || (strings.Contains(host, ":") && !isIPv6(host)) {
		return "", errors.New("must be a host name such as example.com, got " + quote(s))
	}
	return strings.ToLower(host), nil
}

// httpURL parses an absolute http(s) URL with a host.
func httpURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("must be an absolute http(s) URL, got " + quote(s))
	}
	return u, nil
}
