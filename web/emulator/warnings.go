package emulator

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
)

// Warning is one thing that will go wrong silently with a share the emulator accepted:
// package share's doctor's ([share.Warning], [share.Diagnose]) or the emulator's own
// (the codes below), with the dotted field path in the page's settings and one sentence
// saying what will happen and how to fix it. Field is bounded like every value an
// answer repeats (100 characters), Message to 500 characters.
type Warning struct {
	Code    string `json:"code"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// The codes of the emulator's warnings: the checks that need Kakao's side of the story
// (the app, its templates and webhook, the images).
const (
	// WarnLinkDomain: a link goes to a host that is not one of the app's link domains.
	WarnLinkDomain = "link-domain-not-registered"
	// WarnImageUnreachable: an image on a loopback address could not be fetched.
	WarnImageUnreachable = "image-unreachable"
	// WarnImageTooLarge: an image is over 5 MB.
	WarnImageTooLarge = "image-too-large"
	// WarnImageUnreadable: an image is not a PNG, JPEG or GIF.
	WarnImageUnreadable = "image-unreadable"
	// WarnImageCropped: a scrap's og:image is not 2:1, and Kakao crops it to 800×400.
	WarnImageCropped = "image-cropped"
	// WarnTemplateArgUnused: a templateArgs key that the custom template does not use.
	WarnTemplateArgUnused = "template-arg-unused"
	// WarnTemplateArgMissing: a ${KEY} of the custom template without a value.
	WarnTemplateArgMissing = "template-arg-missing"
	// WarnWebhookNotConfigured: serverCallbackArgs given, but the app has no webhook.
	WarnWebhookNotConfigured = "webhook-not-configured"
	// WarnCallbackArgsMissing: the app has a webhook, but the share has no
	// serverCallbackArgs.
	WarnCallbackArgsMissing = "callback-args-missing"
	// WarnMore stands for the warnings beyond [MaxWarnings].
	WarnMore = "more-warnings"
)

// MaxWarnings is how many warnings a share lists; beyond, the last one (WarnMore) says
// how many more there are.
const MaxWarnings = 20

// warnings returns every warning of m, a share about to be shown, in this order: the
// share doctor's (package share, in field order), then the emulator's: links to hosts
// the app does not register, the images, the template arguments, the webhook.
// hasCallbackArgs tells whether the share carries serverCallbackArgs (lcba). It fetches
// the images on loopback addresses and adds notes to m.
func (e *Emulator) warnings(ctx context.Context, a *app, m *message, hasCallbackArgs bool) []Warning {
	var out []Warning
	for _, w := range share.Diagnose(m.request) {
		out = append(out, Warning(w))
	}
	out = append(out, m.linkWarnings...)
	out = append(out, e.imageWarnings(ctx, m)...)
	out = append(out, templateArgWarnings(m)...)
	out = append(out, callbackWarnings(a, hasCallbackArgs)...)
	return boundWarnings(out)
}

// boundWarnings bounds every field and message and keeps at most MaxWarnings; the
// result is never nil, so that the delivery log shows [].
func boundWarnings(ws []Warning) []Warning {
	out := make([]Warning, 0, min(len(ws), MaxWarnings))
	for i, w := range ws {
		if i == MaxWarnings-1 && len(ws) > MaxWarnings {
			return append(out, Warning{Code: WarnMore, Message: itoa(len(ws)-i) + " more warnings are not listed; fix these first."})
		}
		out = append(out, Warning{Code: w.Code, Field: echo(w.Field), Message: clip(w.Message, maxMessage)})
	}
	return out
}

// clip is s cut to limit characters with "…" (a message that quotes values bounds them
// itself; this only keeps it whole-message short).
func clip(s string, limit int) string {
	if head, _, ok := cut(s, limit); !ok {
		return head + "…"
	}
	return s
}

// in names where a part of m comes from, after a value in a message: "" for the page's
// own settings, " (in template 3135)" for a custom template's.
func (m *message) in() string {
	if m.templateID == 0 {
		return ""
	}
	return " (in template " + strconv.FormatInt(m.templateID, 10) + ")"
}

// scrapArgs are the template arguments a scrap with a template fills from the page.
var scrapArgs = map[string]bool{"title": true, "description": true, "image": true, "url": true}

// templateArgWarnings compares a custom template's ${KEY} placeholders with the share's
// templateArgs: a key no placeholder uses changes nothing (template-arg-unused), a
// placeholder without a value gets none (template-arg-missing; the emulator shows it as
// written). A scrap fills title, description, image and url from the page; those are
// never unused.
//
// Source: Kakao's message template documentation (message-template/common): a custom
// template uses user arguments as variables, "API 호출 시 template_args로 인자 값을 전달해
// 동적으로 구성"; the demo app's template 3135 (Kakao's sendCustom example) has ${title}
// and ${description}.
func templateArgWarnings(m *message) []Warning {
	if m.templateID == 0 {
		return nil
	}
	var names []string
	substitute(m.template, func(name string) (string, bool) {
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
		return "", false
	})
	list := "none"
	if len(names) > 0 {
		list = "${" + strings.Join(names, "}, ${") + "}"
	}
	var out []Warning
	for _, name := range names {
		if _, ok := m.args.Get(name); !ok {
			out = append(out, Warning{Code: WarnTemplateArgMissing, Field: "templateArgs." + name,
				Message: "template " + strconv.FormatInt(m.templateID, 10) + " has ${" + echo(name) + "} but templateArgs gives no " + quote(name) +
					", so the message carries no value for it (the emulator shows the placeholder as written); add templateArgs." + echo(name) + "."})
		}
	}
	for _, k := range m.args.Keys() {
		if !slices.Contains(names, k) && !(m.action == share.ActionScrap && scrapArgs[k]) {
			out = append(out, Warning{Code: WarnTemplateArgUnused, Field: "templateArgs." + k,
				Message: "template " + strconv.FormatInt(m.templateID, 10) + " has no ${" + echo(k) + "} (its placeholders: " + bounded(list, maxEcho) +
					"), so templateArgs." + echo(k) + " changes nothing in the message; check the key's spelling or the template."})
		}
	}
	return out
}

// callbackWarnings: Kakao calls the app's share webhook only for a share that carries
// serverCallbackArgs, and only when the app has a webhook: one without the other means
// no webhook will arrive.
//
// Source: protocol §6.2 (Kakao's webhook documentation, kakaotalk-share/callback: sent
// "only when the share included serverCallbackArgs and the app has a Kakao Talk Share
// webhook URL and method configured").
func callbackWarnings(a *app, hasCallbackArgs bool) []Warning {
	switch {
	case hasCallbackArgs && a.webhook == nil:
		return []Warning{{Code: WarnWebhookNotConfigured, Field: "serverCallbackArgs",
			Message: "the app " + quote(a.name) + " has no Kakao Talk Share webhook, so Kakao calls no server for this share and serverCallbackArgs goes nowhere; " +
				"set the webhook in the app's settings ([App] > [Webhook]; the emulator's webhook) or leave serverCallbackArgs out."}}
	case !hasCallbackArgs && a.webhook != nil:
		return []Warning{{Code: WarnCallbackArgsMissing, Field: "serverCallbackArgs",
			Message: "the app " + quote(a.name) + " has a webhook (" + a.webhook.method + " " + echo(a.webhook.url) +
				"), but Kakao calls it only for shares with serverCallbackArgs, so none will arrive for this one; pass serverCallbackArgs, e.g. " +
				jsvalue.MarshalString(jsvalue.Obj(jsvalue.M("id", jsvalue.Str("…")))) + "."}}
	}
	return nil
}
