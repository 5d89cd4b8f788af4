package emulator

import (
	"bytes"
	"errors"
	"net/http"
	"strings"

	"github.com/kshare/kshare/share"
)

// previewCalls are the calls /emulator/preview renders.
var previewCalls = map[share.Call]bool{share.SendDefault: true, share.SendCustom: true, share.SendScrap: true}

// previewError is the JSON answer of a preview that cannot be shown: code is share's
// kebab-case code (a string) or Kakao's number, field the dotted path of the setting at
// fault ("" when the error names none).
type previewError struct {
	Code    any    `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field"`
}

// previewView is the preview fragment: the app as the chat shows it, and the message.
type previewView struct {
	App     appView
	Message messageView
}

// servePreview renders a share as the sharer would show it, for a page that previews
// the settings it is about to pass to Kakao.Share. The form fields are call
// (Share.sendDefault, Share.sendCustom or Share.sendScrap), settings (the settings
// object as JSON text, keys as the page writes them) and app_key (optional; the demo
// app when absent). The settings are validated with package share's rules for the call
// (share.Parse), then resolved as the sharer resolves validation_params; the KA origin
// is not checked, since no page calls this route as Kakao.
//
// It answers 200 with an HTML fragment (text/html): a <style> element with the
// sharer's stylesheet, then the message in a chat room (.room, holding the
// #kshare-preview bubble the sharer shows, and its notes). The stylesheet styles the
// sharer's whole page, so a page should put the fragment in a shadow root. A request
// whose Accept header names application/json gets the same fragment with the share's
// warnings alongside, as JSON {"fragment": "<style>…", "warnings": [{"code", "field",
// "message"}]} (the doctor's and the emulator's, as the sharer lists them; [] for none).
// A share that cannot be shown answers 400 (401 for an unknown app key, 413 for a form
// over 1 MiB) with a JSON [previewError], whatever Accept says. All carry a
// Content-Security-Policy that allows no script, form or frame ancestor.
func (e *Emulator) servePreview(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", previewCSP) // on the JSON errors too
	w.Header().Set("X-Frame-Options", "DENY")
	if kerr := readForm(w, r, maxFormBytes, "the preview form"); kerr != nil {
		writePreviewError(w, kerr.status, previewError{Code: "bad-request", Message: kerr.msg})
		return
	}
	appKey := cmpOr(r.PostForm.Get("app_key"), DemoAppKey)
	a, ok := e.apps.byKey[appKey]
	if !ok {
		kerr := errInvalidKey(appKey)
		writePreviewError(w, kerr.status, previewError{Code: kerr.code, Message: kerr.msg, Field: "app_key"})
		return
	}
	call := share.Call(r.PostForm.Get("call"))
	if !previewCalls[call] {
		writePreviewError(w, http.StatusBadRequest, previewError{Code: "bad-call", Field: "call",
			Message: "call must be Share.sendDefault, Share.sendCustom or Share.sendScrap, got " + quote(string(call))})
		return
	}
	settings, err := parseJSON(r.PostForm.Get("settings"))
	if err != nil {
		writePreviewError(w, http.StatusBadRequest, previewError{Code: "invalid-json", Field: "settings",
			Message: "settings is not JSON: " + err.Error()})
		return
	}
	req, err := share.Parse(call, settings, nil)
	if err != nil {
		pe := previewError{Code: "invalid-settings", Message: err.Error()}
		var serr *share.Error
		if errors.As(err, &serr) {
			pe.Code, pe.Field = string(serr.Code), serr.Field
		}
		writePreviewError(w, http.StatusBadRequest, pe)
		return
	}
	msg, kerr := e.resolve(r.Context(), a, call.Action(), req.Params)
	if kerr != nil {
		writePreviewError(w, kerr.status, previewError{Code: kerr.code, Message: kerr.msg})
		return
	}
	warnings := e.warnings(r.Context(), a, msg, req.HasCallbackArgs)
	var buf bytes.Buffer
	v := previewView{App: appView{Name: a.name, Icon: safeURL(a.icon)}, Message: newMessageView(msg)}
	if err := pages.ExecuteTemplate(&buf, "preview", v); err != nil {
		writePreviewError(w, http.StatusInternalServerError, previewError{Code: "internal", Message: "rendering the preview: " + err.Error()})
		return
	}
	if wantsJSON(r) {
		w.Header().Set("Vary", "Accept")
		writeStruct(w, http.StatusOK, previewAnswer{Fragment: buf.String(), Warnings: warnings})
		return
	}
	setPageHeaders(w.Header(), previewCSP)
	w.Header().Set("Vary", "Accept")
	_, _ = w.Write(buf.Bytes())
}

// previewAnswer is the preview's JSON answer: the HTML fragment and the share's
// warnings ([] for none), as the sharer would list them.
type previewAnswer struct {
	Fragment string    `json:"fragment"`
	Warnings []Warning `json:"warnings"`
}

// wantsJSON reports whether the request's Accept header names application/json.
func wantsJSON(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		if mt, _, _ := strings.Cut(part, ";"); strings.EqualFold(strings.TrimSpace(mt), "application/json") {
			return true
		}
	}
	return false
}

// writePreviewError answers e, its message and field bounded (maxMessage, echo).
func writePreviewError(w http.ResponseWriter, status int, e previewError) {
	e.Message, e.Field = bounded(e.Message, maxMessage), echo(e.Field)
	writeStruct(w, status, e)
}
