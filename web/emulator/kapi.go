package emulator

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
)

// kakaoError is an error answered with Kakao's body {code, msg}.
type kakaoError struct {
	status int // HTTP status
	code   int
	msg    string
}

func (e *kakaoError) Error() string { return strconv.Itoa(e.code) + ": " + e.msg }

// body is the JSON body of Kakao's answer, also the picker/failed payload after
// "name":"KAPIError"; msg is bounded to maxMessage characters.
func (e *kakaoError) body() jsvalue.Value {
	return jsvalue.Obj(jsvalue.M("code", jsvalue.Num(float64(e.code))), jsvalue.M("msg", jsvalue.Str(bounded(e.msg, maxMessage))))
}

// Kakao's codes used by the emulator (protocol §8).
const (
	codeBadParam     = -2
	codeUnauthorized = -401
	codeTooLarge     = -602
	codeTooMany      = -606
	codeBadFormat    = -911
	codeBadTemplate  = 4002
)

func errInvalidKey(key string) *kakaoError {
	return &kakaoError{status: http.StatusUnauthorized, code: codeUnauthorized, msg: "invalid app key: " + echo(key)}
}

func errBadRequest(msg string) *kakaoError {
	return &kakaoError{status: http.StatusBadRequest, code: codeBadTemplate, msg: msg}
}

func errParam(msg string) *kakaoError {
	return &kakaoError{status: http.StatusBadRequest, code: codeBadParam, msg: msg}
}

// fromShareError turns a validation error of package share into 4002.
func fromShareError(err error) *kakaoError {
	if ke, ok := err.(*kakaoError); ok {
		return ke
	}
	return errBadRequest(err.Error())
}

// writeKAPIError answers Kakao's error body.
func writeKAPIError(w http.ResponseWriter, e *kakaoError) {
	writeJSON(w, e.status, jsvalue.MarshalString(e.body()))
}

// writeJSON answers a JSON text.
func writeJSON(w http.ResponseWriter, status int, text string) {
	h := w.Header()
	h.Set("Content-Type", "application/json;charset=UTF-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(text))
}

// writeStruct answers v as JSON.
func writeStruct(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeKAPIError(w, &kakaoError{status: 500, code: -1, msg: "internal error: " + err.Error()})
		return
	}
	writeJSON(w, status, string(b))
}

// cors adds kapi's CORS headers: the request's Origin is echoed (the access check is
// the KA origin, so that an unregistered page can read its -401).
func cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Add("Vary", "Origin")
		if origin := r.Header.Get("Origin"); origin != "" {
			h.Set("Access-Control-Allow-Origin", origin)
		}
		next.ServeHTTP(w, r)
	})
}

// servePreflight answers a CORS preflight for the kapi routes.
func servePreflight(w http.ResponseWriter, _ *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Methods", "GET, POST, DELETE")
	h.Set("Access-Control-Allow-Headers", "Authorization, KA, Content-Type, Cache-Control, Pragma")
	h.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
}

// serveUnknownAPI answers a kapi path the emulator does not have.
func serveUnknownAPI(w http.ResponseWriter, r *http.Request) {
	writeKAPIError(w, &kakaoError{status: http.StatusNotFound, code: codeBadParam,
		msg: "the Kakao emulator has no API " + echo(r.Method) + " " + echo(r.URL.Path)})
}

// authorizeKAPI reads "Authorization: KakaoAK <key>" and the KA header.
func (e *Emulator) authorizeKAPI(r *http.Request) (*app, *kakaoError) {
	auth := r.Header.Get("Authorization")
	key, ok := strings.CutPrefix(auth, "KakaoAK ")
	if !ok {
		return nil, &kakaoError{status: http.StatusUnauthorized, code: codeUnauthorized,
			msg: `wrong Authorization header: expected "KakaoAK <JavaScript key>", got ` + quote(auth)}
	}
	return e.apps.authorize(key, r.Header.Get("KA"))
}

// templateActions maps the kapi template paths to the kind of share.
var templateActions = map[string]share.Action{
	"default":  share.ActionDefault,
	"validate": share.ActionCustom,
	"scrap":    share.ActionScrap,
}

// serveTemplate is kapi's template validation: the query is validation_params, key by
// key (protocol §5.4 step 1).
func (e *Emulator) serveTemplate(w http.ResponseWriter, r *http.Request) {
	action, ok := templateActions[r.PathValue("kind")]
	if !ok {
		serveUnknownAPI(w, r)
		return
	}
	a, kerr := e.authorizeKAPI(r)
	if kerr != nil {
		writeKAPIError(w, kerr)
		return
	}
	if kerr := checkQuery(r); kerr != nil {
		writeKAPIError(w, kerr)
		return
	}
	params, kerr := queryParams(r.URL.RawQuery)
	if kerr != nil {
		writeKAPIError(w, kerr)
		return
	}
	msg, kerr := e.resolve(r.Context(), a, action, params)
	if kerr != nil {
		writeKAPIError(w, kerr)
		return
	}
	writeJSON(w, http.StatusOK, jsvalue.MarshalString(msg.kapiAnswer(a, kaOrigin(r.Header.Get("KA")))))
}

// maxQueryBytes bounds a kapi query (the template validation's, the image delete's):
// twice a KakaoTalk link at its 10,000-character limit, percent-encoded. The server in
// front (web's MaxHeaderBytes) refuses longer request lines with 431 and no CORS
// header, which a page reads as a network error; this answers Kakao's body instead.
const maxQueryBytes = 128 << 10

// checkQuery refuses a query over maxQueryBytes: 414 with Kakao's -2.
func checkQuery(r *http.Request) *kakaoError {
	if n := len(r.URL.RawQuery); n > maxQueryBytes {
		return &kakaoError{status: http.StatusRequestURITooLong, code: codeBadParam,
			msg: "the query is too long: " + itoa(n) + " bytes, the Kakao emulator reads at most " + itoa(maxQueryBytes)}
	}
	return nil
}

// queryParams reads a kapi query back into validation_params: link_ver and request_url
// as strings, template_object and template_args as JSON, template_id as a JSON number
// (kept as a string when it is not one, for share to refuse). Other keys are ignored.
func queryParams(rawQuery string) (jsvalue.Value, *kakaoError) {
	var members []jsvalue.Member
	for pair := range strings.SplitSeq(rawQuery, "&") {
		if pair == "" {
			continue
		}
		rawKey, rawValue, _ := strings.Cut(pair, "=")
		key, err1 := url.QueryUnescape(rawKey)
		value, err2 := url.QueryUnescape(rawValue)
		if err1 != nil || err2 != nil {
			return jsvalue.Value{}, errParam("bad percent-encoding in the query")
		}
		switch key {
		case "link_ver", "request_url":
			members = jsvalue.Set(members, key, jsvalue.Str(value))
		case "template_object", "template_args":
			v, err := parseJSON(value)
			if err != nil {
				return jsvalue.Value{}, errBadRequest(key + " is not JSON: " + err.Error())
			}
			members = jsvalue.Set(members, key, v)
		case "template_id":
			v, err := parseJSON(value)
			if err != nil || v.Kind != jsvalue.Number {
				v = jsvalue.Str(value)
			}
			members = jsvalue.Set(members, key, v)
		}
	}
	return jsvalue.Obj(members...), nil
}
