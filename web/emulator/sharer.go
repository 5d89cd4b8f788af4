package emulator

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
)

// Bounds of the form bodies: the sharer's (and the preview's) carries a whole
// template, the picker's a token and a few chat ids.
const (
	maxFormBytes       = 1 << 20
	maxPickerFormBytes = 64 << 10
)

// serveWaiting is the popup's first load, before the form POST replaces it.
func (e *Emulator) serveWaiting(w http.ResponseWriter, _ *http.Request) {
	renderPage(w, http.StatusOK, "waiting.html", nil)
}

// sharerForm is the web sharer's form (protocol §5.3).
type sharerForm struct {
	appKey, ka, action, params string
	lcba                       string
	hasLCBA                    bool
	picker                     string
	hasPicker                  bool
}

// readForm reads the urlencoded body of r, at most limit bytes. On failure it returns
// the error to answer, without redirecting (the form's app_key is unknown): 413 when
// the body is over limit, else 400 (a malformed body, or one that did not arrive within
// the server's ReadTimeout); Kakao's code is -2.
func readForm(w http.ResponseWriter, r *http.Request, limit int64, what string) *kakaoError {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	err := r.ParseForm()
	if err == nil {
		return nil
	}
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return &kakaoError{status: http.StatusRequestEntityTooLarge, code: codeBadParam,
			msg: what + " is too large: the Kakao emulator reads at most " + itoa(int(limit)) + " bytes"}
	}
	return errParam("cannot read " + what + ": " + err.Error())
}

// renderFailed answers the failed page for kerr at once, with kerr's status.
func renderFailed(w http.ResponseWriter, kerr *kakaoError) {
	renderPage(w, kerr.status, "failed.html", failedView{Name: "KAPIError", Code: itoa(kerr.code), Msg: bounded(kerr.msg, maxMessage)})
}

func readSharerForm(r *http.Request) sharerForm {
	f := sharerForm{
		appKey: r.PostForm.Get("app_key"), ka: r.PostForm.Get("ka"),
		action: r.PostForm.Get("validation_action"), params: r.PostForm.Get("validation_params"),
	}
	_, f.hasLCBA = r.PostForm["lcba"]
	f.lcba = r.PostForm.Get("lcba")
	_, f.hasPicker = r.PostForm["picker_settings"]
	f.picker = r.PostForm.Get("picker_settings")
	return f
}

// serveSharer is the web sharer: it checks the app and the share and shows the preview
// and the picker, or sends the popup to /picker/failed.
func (e *Emulator) serveSharer(w http.ResponseWriter, r *http.Request) {
	if kerr := readForm(w, r, maxFormBytes, "the sharer form"); kerr != nil {
		renderFailed(w, kerr)
		return
	}
	f := readSharerForm(r)
	p, kerr := e.sharerShare(r, f)
	if kerr != nil {
		redirectFailed(w, r, f.appKey, kerr)
		return
	}
	token := e.shares.add(p, e.clock())
	renderPage(w, http.StatusOK, "sharer.html", newSharerView(p, token, nil, ""))
}

// sharerShare validates the sharer form into a pending share.
func (e *Emulator) sharerShare(r *http.Request, f sharerForm) (*pendingShare, *kakaoError) {
	a, kerr := e.apps.authorize(f.appKey, f.ka)
	if kerr != nil {
		return nil, kerr
	}
	action := share.Action(f.action)
	if _, ok := map[share.Action]bool{share.ActionDefault: true, share.ActionCustom: true, share.ActionScrap: true}[action]; !ok {
		return nil, errBadRequest("validation_action must be default, custom or scrap, got " + quote(f.action))
	}
	params, err := parseJSON(f.params)
	if err != nil {
		return nil, errBadRequest("validation_params is not JSON: " + err.Error())
	}
	pickerValue := jsvalue.Value{}
	if f.hasPicker {
		if pickerValue, err = parseJSON(f.picker); err != nil {
			return nil, errBadRequest("picker_settings is not JSON: " + err.Error())
		}
	}
	pk, kerr := parsePicker(pickerValue)
	if kerr != nil {
		return nil, kerr
	}
	msg, kerr := e.resolve(r.Context(), a, action, params)
	if kerr != nil {
		return nil, kerr
	}
	return &pendingShare{app: a, via: "sharer", msg: msg, lcba: f.lcba, hasLCBA: f.hasLCBA,
		picker: pk, expires: e.clock().Add(ShareTTL), warnings: e.warnings(r.Context(), a, msg, f.hasLCBA)}, nil
}

// serveSend is the picker's send: it checks the token and the chosen chats, records
// one delivery per chat (each firing its webhook), and answers the "sent" page.
func (e *Emulator) serveSend(w http.ResponseWriter, r *http.Request) {
	if kerr := readForm(w, r, maxPickerFormBytes, "the picker form"); kerr != nil {
		renderFailed(w, kerr)
		return
	}
	token := r.PostForm.Get("token")
	p, ok := e.shares.get(token, e.clock())
	if !ok {
		redirectFailed(w, r, "", errParam("this share was already sent or has expired (shares wait 30 minutes); share again"))
		return
	}
	chosen, errText := p.choose(r.PostForm["chat"])
	if errText != "" {
		checked := map[string]bool{}
		for _, id := range r.PostForm["chat"] {
			checked[id] = true
		}
		renderPage(w, http.StatusBadRequest, "sharer.html", newSharerView(p, token, checked, errText))
		return
	}
	if !e.shares.take(token) {
		redirectFailed(w, r, p.app.appKey, errParam("this share was already sent"))
		return
	}
	for _, c := range chosen {
		e.deliver(p, c)
	}
	renderPage(w, http.StatusOK, "sent.html", sentView{App: appView{Name: p.app.name, Icon: safeURL(p.app.icon)}, Via: p.via, Chats: chosen})
}

// choose checks the chats chosen in the picker: known, shown by the picker, each once,
// at least one and at most the limit.
func (p *pendingShare) choose(ids []string) ([]Chat, string) {
	visible := p.picker.visible()
	var out []Chat
	seen := map[string]bool{}
	for _, id := range ids {
		var found *chat
		for i := range visible {
			if visible[i].ID == id {
				found = &visible[i]
			}
		}
		if found == nil {
			return nil, "알 수 없는 채팅방입니다 (unknown chat " + quote(id) + ")."
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, found.Chat)
		}
	}
	switch {
	case len(out) == 0:
		return nil, "보낼 대상을 선택해 주세요 (choose at least one chat)."
	case len(out) > p.picker.limit:
		return nil, "최대 " + itoa(p.picker.limit) + "개까지 선택할 수 있습니다 (at most " + itoa(p.picker.limit) + " chats)."
	}
	return out, ""
}

// redirectFailed sends the browser to /picker/failed with Kakao's error (protocol §5.4
// failure handling): app_key and error, the base64url JSON {"name":"KAPIError", code,
// msg}. Both are bounded (echo, maxMessage), so the Location stays short whatever the
// request held.
func redirectFailed(w http.ResponseWriter, r *http.Request, appKey string, kerr *kakaoError) {
	payload := jsvalue.Obj(append([]jsvalue.Member{jsvalue.M("name", jsvalue.Str("KAPIError"))}, kerr.body().Members...)...)
	http.Redirect(w, r, share.FailureURL(share.Hosts{}, echo(appKey), payload), http.StatusSeeOther)
}

// maxFailedFields is how many fields of the error payload the failed page lists.
const maxFailedFields = 20

// serveFailed shows the error of a failed share; a garbled error parameter is shown as
// it came. Every value shown is bounded (maxMessage; the app key and the field names
// by echo), and at most maxFailedFields fields are listed.
func (e *Emulator) serveFailed(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := failedView{AppKey: echo(q.Get("app_key"))}
	raw := q.Get("error")
	payload, ok := decodeFailure(raw)
	if !ok {
		v.Raw = bounded(raw, maxMessage)
		if raw == "" {
			v.Msg = "(no error parameter)"
		}
		renderPage(w, http.StatusOK, "failed.html", v)
		return
	}
	for i, m := range payload.Members {
		if i == maxFailedFields {
			v.Other = append(v.Other, [2]string{"…", itoa(len(payload.Members)-i) + " more fields not shown"})
			break
		}
		text, _ := argText(m.Value)
		text = bounded(text, maxMessage)
		switch m.Key {
		case "name":
			v.Name = text
		case "code":
			v.Code = text
		case "msg":
			v.Msg = text
		case "message":
			if v.Msg == "" {
				v.Msg = text
				continue
			}
			v.Other = append(v.Other, [2]string{m.Key, text})
		default:
			v.Other = append(v.Other, [2]string{echo(m.Key), text})
		}
	}
	renderPage(w, http.StatusOK, "failed.html", v)
}

// decodeFailure reads base64url (padded or not, or standard base64) JSON object text.
func decodeFailure(raw string) (jsvalue.Value, bool) {
	trimmed := strings.TrimRight(raw, "=")
	b, err := base64.RawURLEncoding.DecodeString(trimmed)
	if err != nil {
		if b, err = base64.RawStdEncoding.DecodeString(trimmed); err != nil {
			return jsvalue.Value{}, false
		}
	}
	v, err := parseJSON(string(b))
	if err != nil || v.Kind != jsvalue.Object {
		return jsvalue.Value{}, false
	}
	return v, true
}
