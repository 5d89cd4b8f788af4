package share

import (
	"errors"
	"strconv"
	"strings"

	"github.com/kshare/kshare/share/jsvalue"
)

// SDKVersion is the version of the official SDK kshare implements: Kakao.VERSION and the
// sdk/ segment of the KA string.
const SDKVersion = "2.7.4"

// Hosts are the base URLs requests go to (scheme and host, no trailing slash).
type Hosts struct {
	// Sharer serves the web sharer (/picker/link) and the error page (/picker/failed).
	Sharer string
	// KAPI serves the template validation and image APIs (/v2/api/...).
	KAPI string
	// TalkApps serves the universal link that opens KakaoTalk (/scheme/...).
	TalkApps string
}

// ProductionHosts are Kakao's hosts.
var ProductionHosts = Hosts{
	Sharer:   "https://sharer.kakao.com",
	KAPI:     "https://kapi.kakao.com",
	TalkApps: "https://talk-apps.kakao.com",
}

// EmulatorHosts returns Hosts that send every request to one base URL (the local Kakao
// emulator), same paths. base must be an absolute http or https URL without query or
// fragment; a trailing slash is dropped.
func EmulatorHosts(base string) (Hosts, error) {
	b := strings.TrimRight(base, "/")
	scheme, rest, ok := strings.Cut(b, "://")
	if !ok || (scheme != "http" && scheme != "https") || rest == "" || strings.ContainsAny(rest, "?#") {
		return Hosts{}, errors.New("kshare: data-emulator must be an http(s) base URL such as http://127.0.0.1:8080, got " + jsvalue.Quote(base))
	}
	return Hosts{Sharer: b, KAPI: b, TalkApps: b}, nil
}

// Env is what the page and its browser tell about the caller.
type Env struct {
	// AppKey is the JavaScript key given to Kakao.init.
	AppKey string
	// Language is navigator.language, Platform navigator.platform, UserAgent
	// navigator.userAgent, MaxTouchPoints navigator.maxTouchPoints.
	Language       string
	Platform       string
	UserAgent      string
	MaxTouchPoints int
	// Origin is location.protocol + "//" + location.hostname + (":" + port when there is
	// one), as the official SDK computes it.
	Origin string
}

// KA returns the Kakao Agent string the official SDK sends (protocol §5.1):
// "sdk/2.7.4 os/javascript sdk_type/javascript lang/<language> device/<platform with
// spaces as _> origin/<encodeURIComponent(origin)>".
func (e Env) KA() string {
	return "sdk/" + SDKVersion + " os/javascript sdk_type/javascript lang/" + e.Language +
		" device/" + underscored(e.Platform) +
		" origin/" + jsvalue.EncodeURIComponent(e.Origin)
}

// underscored returns s with each space as "_" (strings.ReplaceAll, without the
// 5 KB of code it brings into kshare.wasm).
func underscored(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == ' ' {
			b[i] = '_'
		}
	}
	return string(b)
}

// Header is one HTTP request header.
type Header struct{ Name, Value string }

// HTTPRequest is a request to Kakao, as a value: something else sends it.
type HTTPRequest struct {
	Method string
	URL    string
	Header []Header
	// Body is an application/x-www-form-urlencoded body ("" for none).
	Body string
	// FileField, for an upload, is the multipart part name each file is sent under; the
	// browser builds the multipart body and its Content-Type.
	FileField string
}

// kapiHeaders are the headers of every kapi request; contentType "" leaves Content-Type
// to the browser (multipart uploads).
func kapiHeaders(env Env, contentType string) []Header {
	h := make([]Header, 0, 5)
	if contentType != "" {
		h = append(h, Header{"Content-Type", contentType})
	}
	return append(h,
		Header{"KA", env.KA()},
		Header{"Authorization", "KakaoAK " + env.AppKey},
		Header{"Cache-Control", "no-cache, no-store, max-age=0, must-revalidate"},
		Header{"Pragma", "no-cache"},
	)
}

const formType = "application/x-www-form-urlencoded"

// encodeQuery serialises an object's members as the official SDK does: key=value pairs
// joined with &, both through encodeURIComponent, objects first turned into JSON and
// other primitives into their string form. Undefined members are left out (the
// official SDK writes the text "undefined", difference 6).
func encodeQuery(obj jsvalue.Value) string {
	var b strings.Builder
	for _, m := range obj.Members {
		s, ok := queryValue(m.Value)
		if !ok {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(jsvalue.EncodeURIComponent(m.Key))
		b.WriteByte('=')
		b.WriteString(jsvalue.EncodeURIComponent(s))
	}
	return b.String()
}

// queryValue returns String(v) for primitives and JSON for objects.
func queryValue(v jsvalue.Value) (string, bool) {
	switch {
	case v.Kind == jsvalue.Undefined:
		return "", false
	case v.Kind == jsvalue.String:
		return v.Str, true
	case v.Kind == jsvalue.Number && !v.Boxed:
		return jsvalue.FormatNumber(v.Num), true
	case v.Kind == jsvalue.Boolean && !v.Boxed:
		return strconv.FormatBool(v.Bool), true
	}
	return jsvalue.Marshal(v)
}

// Screen is the geometry the sharer popup is centred with: screen.width, screen.height,
// and the window's screenLeft and screenTop.
type Screen struct{ Width, Height, Left, Top float64 }

// Popup is a window.open call.
type Popup struct{ URL, Name, Features string }

// The sharer popup of the official SDK (protocol §5.3).
const (
	sharerName     = "sharer"
	sharerWidth    = 480
	sharerHeight   = 700
	sharerFeatures = "scrollbars=yes,resizable=1"
)

// SharerPopup returns the official sharer popup (protocol §5.3): URL <sharer>/picker/link,
// name "sharer", features width=480,height=700 centred on the screen, scrollbars,
// resizable.
func SharerPopup(h Hosts, s Screen) Popup { return sharerPopup(sharerAction(h), s) }

// sharerPopup is [SharerPopup] opening url.
func sharerPopup(url string, s Screen) Popup {
	left := s.Width/2 - sharerWidth/2 + s.Left
	top := s.Height/2 - sharerHeight/2 + s.Top
	return Popup{
		URL:  url,
		Name: sharerName,
		Features: "width=" + itoa(sharerWidth) + ",height=" + itoa(sharerHeight) + ",left=" + jsvalue.FormatNumber(left) +
			",top=" + jsvalue.FormatNumber(top) + "," + sharerFeatures,
	}
}

// Field is one hidden input of a form: its Value, or, when JSON is set, the JSON text of
// JSON (what JSON.stringify writes of it; [Field.Text] gives it), kept as a value so that
// the engine writes it once, inside its plan.
type Field struct {
	Name, Value string
	JSON        *jsvalue.Value
}

// Text returns the value the form sends.
func (f Field) Text() string {
	if f.JSON != nil {
		return jsvalue.MarshalString(*f.JSON)
	}
	return f.Value
}

// The form of the web sharer is posted as the official SDK posts it: method post,
// accept-charset utf-8, hidden inputs (protocol §5.3).
const (
	FormMethod  = "post"
	FormCharset = "utf-8"
)

// LauncherName is the id and name of the hidden iframe that opens KakaoTalk where a
// browser cannot navigate to it (protocol §5.4 step 3).
const LauncherName = "appLauncher"

// CacheMode is the browser cache mode of every request to Kakao: answers are never
// taken from the cache (the official SDK sends no-cache headers, in every request's
// Header too).
const CacheMode = "no-store"

// Form is a hidden form POSTed into the sharer popup.
type Form struct {
	Action string
	// Target is the name of the window the form is submitted into.
	Target string
	Fields []Field
}

// SharerForm returns the form the web sharer receives (protocol §5.3), fields in order:
// app_key, ka, validation_action, validation_params, then lcba when serverCallbackArgs
// was given and picker_settings (JSON) when pickerSettings was.
func (r *Request) SharerForm(env Env, h Hosts) Form {
	return r.sharerForm(env.AppKey, env.KA(), sharerAction(h), nil)
}

// sharerAction is where the sharer form goes on h, the URL its popup opens.
func sharerAction(h Hosts) string { return h.Sharer + "/picker/link" }

// sharerForm is [Request.SharerForm] from its parts, the fields taken from sc.
func (r *Request) sharerForm(appKey, ka, action string, sc *scratch) Form {
	fields := append(sc.fieldList(),
		Field{Name: "app_key", Value: appKey},
		Field{Name: "ka", Value: ka},
		Field{Name: "validation_action", Value: string(r.Call.Action())},
		Field{Name: "validation_params", JSON: &r.Params})
	if r.HasCallbackArgs {
		fields = append(fields, Field{Name: "lcba", Value: r.CallbackArgs})
	}
	if r.Picker.Kind != jsvalue.Undefined {
		fields = append(fields, Field{Name: "picker_settings", JSON: &r.Picker})
	}
	return Form{Action: action, Target: "sharer", Fields: fields}
}

// TemplatePath returns the kapi path that validates a share of this kind.
func TemplatePath(a Action) string {
	name := "scrap"
	switch a {
	case ActionDefault:
		name = "default"
	case ActionCustom:
		name = "validate"
	}
	return "/v2/api/kakaolink/talk/template/" + name
}

// TemplateRequest returns the kapi request that validates the share on the talk path
// (protocol §5.4 step 1): GET <kapi>/v2/api/kakaolink/talk/template/{default|validate|scrap}
// with validation_params as the query and the five kapi headers.
func (r *Request) TemplateRequest(env Env, h Hosts) HTTPRequest {
	return HTTPRequest{
		Method: "GET",
		URL:    h.KAPI + TemplatePath(r.Call.Action()) + "?" + encodeQuery(r.Params),
		Header: kapiHeaders(env, formType),
	}
}

// Image API paths.
const (
	ImageUploadPath = "/v2/api/talk/message/image/upload"
	ImageScrapPath  = "/v2/api/talk/message/image/scrap"
	ImageDeletePath = "/v2/api/talk/message/image/delete"
)

// UploadRequest returns the image upload request (protocol §7): POST multipart/form-data
// with one part named "file" per file; the browser sets the Content-Type.
func UploadRequest(env Env, h Hosts) HTTPRequest {
	return HTTPRequest{Method: "POST", URL: h.KAPI + ImageUploadPath, Header: kapiHeaders(env, ""), FileField: "file"}
}

// ScrapImageRequest returns the request that makes Kakao fetch an image by URL: POST
// with the form body image_url=<url>.
func ScrapImageRequest(env Env, h Hosts, imageURL string) HTTPRequest {
	return HTTPRequest{Method: "POST", URL: h.KAPI + ImageScrapPath, Header: kapiHeaders(env, formType),
		Body: "image_url=" + jsvalue.EncodeURIComponent(imageURL)}
}

// DeleteImageRequest returns the request that deletes an uploaded image: DELETE with
// ?image_url=<url> and no body (the urlencoded Content-Type is still sent).
func DeleteImageRequest(env Env, h Hosts, imageURL string) HTTPRequest {
	return HTTPRequest{Method: "DELETE", URL: h.KAPI + ImageDeletePath + "?image_url=" + jsvalue.EncodeURIComponent(imageURL),
		Header: kapiHeaders(env, formType)}
}
