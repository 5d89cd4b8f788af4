package emulator_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
	"github.com/kshare/kshare/web/emulator"
)

// Bounds the emulator keeps to when it repeats a request value (see "Answers" in the
// package documentation).
const (
	echoChars    = 100
	messageChars = 500
)

// clipped is what an answer shows of a value longer than n characters.
func clipped(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strconv.Quote(string(r[:n])+"…") + " (" + strconv.Itoa(len(r)) + " characters)"
}

// shareMessage is package share's message for settings (JSON) and call, bounded as the
// emulator bounds whole messages.
func shareMessage(t *testing.T, call share.Call, settings string) string {
	t.Helper()
	_, err := share.Parse(call, mustParse(t, settings), nil)
	require.Error(t, err)
	return clipped(err.Error(), messageChars)
}

// validationMessage is shareMessage for validation_params.
func validationMessage(t *testing.T, action share.Action, params string) string {
	t.Helper()
	_, err := share.ParseValidationParams(action, mustParse(t, params))
	require.Error(t, err)
	return clipped(err.Error(), messageChars)
}

// answer is what the emulator answered: the status, the Location of a redirect, the
// body, and its message (the /picker/failed payload's msg for a redirect, msg or
// message for JSON, "" for HTML).
type answer struct {
	status   int
	location string
	body     string
	msg      string
}

func (h *harness) answer(resp *http.Response) answer {
	h.t.Helper()
	a := answer{status: resp.StatusCode, location: resp.Header.Get("Location"), body: readBody(h.t, resp)}
	switch {
	case a.status == http.StatusSeeOther:
		a.msg = failure(h.t, resp).Msg
	case strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json"):
		var body struct{ Msg, Message string }
		require.NoError(h.t, json.Unmarshal([]byte(a.body), &body), a.body)
		a.msg = body.Msg + body.Message
	}
	return a
}

// roundTrip sends req with the harness's client.
func (h *harness) roundTrip(req *http.Request) *http.Response {
	h.t.Helper()
	resp, err := h.client.Do(req)
	require.NoError(h.t, err)
	h.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// kapiRequest is a request to path with kapi's headers for env.
func (h *harness) kapiRequest(method, target string, env share.Env, body io.Reader) *http.Request {
	h.t.Helper()
	req := h.imageRequest(share.UploadRequest(env, h.hosts), "", body)
	req.Method = method
	u, err := url.Parse(h.srv.URL + target)
	require.NoError(h.t, err)
	req.URL = u
	return req
}

func TestAnswersBoundTheRequestValuesTheyRepeat(t *testing.T) {
	long := strings.Repeat("a", 500_000)
	korean := strings.Repeat("가", 200) // three bytes each: cut between two
	text := `{"link_ver":"4.0","template_object":{"object_type":"text","text":"hi","link":{}}}`
	hugeKeyParams := `{"link_ver":"4.0","template_object":{"object_type":"text","text":"hi","link":{},"` + long + `":1}}`
	hugeKeySettings := `{"objectType":"text","text":"hi","link":{},"` + long + `":1}`
	longHost := long + ".example"
	feedTo := func(webURL string) string {
		return `{"link_ver":"4.0","template_object":{"object_type":"feed","content":{"title":"t","link":{"web_url":"` + webURL + `"}}}}`
	}
	query := strings.Repeat("q", 100_000)
	var pickerErr string
	{
		_, err := share.Parse(share.SendCustom, mustParse(t, `{"templateId":1,"pickerSettings":{"`+long+`":1}}`), nil)
		require.Error(t, err)
		pickerErr = clipped(err.Error(), messageChars)
	}
	tests := []struct {
		name       string
		send       func(h *harness) *http.Response
		wantStatus int
		// wantMsg is the whole message for a redirect or JSON, a part of the page for HTML.
		wantMsg string
	}{
		{
			name: "sharer: an unknown app key",
			send: func(h *harness) *http.Response {
				return h.postForm("/picker/link", sharerFields(long, demoOrigin, "default", text))
			},
			wantStatus: http.StatusSeeOther, wantMsg: "invalid app key: " + clipped(long, echoChars),
		},
		{
			name: "sharer: an app key in Korean",
			send: func(h *harness) *http.Response {
				return h.postForm("/picker/link", sharerFields(korean, demoOrigin, "default", text))
			},
			wantStatus: http.StatusSeeOther, wantMsg: "invalid app key: " + clipped(korean, echoChars),
		},
		{
			name: "sharer: the KA origin",
			send: func(h *harness) *http.Response {
				return h.postForm("/picker/link", sharerFields(emulator.DemoAppKey, "http://"+long, "default", text))
			},
			wantStatus: http.StatusSeeOther,
			wantMsg:    "domain mismatched! caller=" + clipped("http://"+long, echoChars) + ". check out registered web domains.",
		},
		{
			name: "sharer: validation_action",
			send: func(h *harness) *http.Response {
				return h.postForm("/picker/link", sharerFields(emulator.DemoAppKey, demoOrigin, long, text))
			},
			wantStatus: http.StatusSeeOther,
			wantMsg:    "validation_action must be default, custom or scrap, got " + clipped(long, echoChars),
		},
		{
			name: "sharer: a key of the template (package share's message)",
			send: func(h *harness) *http.Response {
				return h.postForm("/picker/link", sharerFields(emulator.DemoAppKey, demoOrigin, "default", hugeKeyParams))
			},
			wantStatus: http.StatusSeeOther, wantMsg: validationMessage(t, share.ActionDefault, hugeKeyParams),
		},
		{
			name: "sharer: a link host (a warning of the page)",
			send: func(h *harness) *http.Response {
				return h.postForm("/picker/link", sharerFields(emulator.DemoAppKey, demoOrigin, "default", feedTo("https://"+longHost+"/")))
			},
			wantStatus: http.StatusOK,
			wantMsg:    html.EscapeString("this link goes to " + clipped(longHost, echoChars) + `, which is not a web domain of the app "kshare demo"`),
		},
		{
			name: "sharer: a link that is not http",
			send: func(h *harness) *http.Response {
				return h.postForm("/picker/link", sharerFields(emulator.DemoAppKey, demoOrigin, "default", feedTo("ftp://"+long)))
			},
			wantStatus: http.StatusSeeOther,
			wantMsg:    "content.link.web_url must be an absolute http(s) URL, got " + clipped("ftp://"+long, echoChars),
		},
		{
			name: "sharer: a template id",
			send: func(h *harness) *http.Response {
				return h.postForm("/picker/link", sharerFields(emulator.DemoAppKey, demoOrigin, "custom", `{"link_ver":"4.0","template_id":"`+long+`"}`))
			},
			wantStatus: http.StatusSeeOther,
			wantMsg:    validationMessage(t, share.ActionCustom, `{"link_ver":"4.0","template_id":"`+long+`"}`),
		},
		{
			name: "sharer: pickerSettings",
			send: func(h *harness) *http.Response {
				fields := append(sharerFields(emulator.DemoAppKey, demoOrigin, "default", text), share.Field{Name: "picker_settings", Value: `{"` + long + `":1}`})
				return h.postForm("/picker/link", fields)
			},
			wantStatus: http.StatusSeeOther, wantMsg: pickerErr,
		},
		{
			name: "picker: a chat id",
			send: func(h *harness) *http.Response {
				return h.postForm("/picker/send", []share.Field{{Name: "token", Value: token(h.t, h.sharerPage(share.SendDefault, feedJSON))}, {Name: "chat", Value: long[:60_000]}})
			},
			wantStatus: http.StatusBadRequest, wantMsg: "unknown chat &#34;" + strings.Repeat("a", echoChars) + "…&#34; (60000 characters)",
		},
		{
			name: "failed page: the app key and the error",
			send: func(h *harness) *http.Response {
				return h.get("/picker/failed?" + url.Values{"app_key": {query}, "error": {"!" + query}}.Encode())
			},
			wantStatus: http.StatusOK, wantMsg: "(100000 characters)",
		},
		{
			name: "failed page: the fields of the error",
			send: func(h *harness) *http.Response {
				payload := jsvalue.MarshalString(jsvalue.Obj(jsvalue.M("code", jsvalue.Num(-2)), jsvalue.M("msg", jsvalue.Str(query)), jsvalue.M(query, jsvalue.Str(query))))
				return h.get("/picker/failed?error=" + url.QueryEscape(encodeBase64URL(payload)))
			},
			wantStatus: http.StatusOK, wantMsg: "(100000 characters)",
		},
		{
			name:       "KakaoTalk: a link that is not kakaolink",
			send:       func(h *harness) *http.Response { return h.get("/scheme/" + query) },
			wantStatus: http.StatusSeeOther,
			wantMsg:    "not a KakaoTalk link: expected kakaolink://send?..., got " + clipped(query, echoChars),
		},
		{
			name: "kapi: the Authorization header",
			send: func(h *harness) *http.Response {
				req := h.kapiRequest(http.MethodGet, "/v2/api/kakaolink/talk/template/default", demoEnv, nil)
				req.Header.Set("Authorization", long)
				return h.roundTrip(req)
			},
			wantStatus: http.StatusUnauthorized,
			wantMsg:    `wrong Authorization header: expected "KakaoAK <JavaScript key>", got ` + clipped(long, echoChars),
		},
		{
			name: "kapi: the app key",
			send: func(h *harness) *http.Response {
				return h.roundTrip(h.kapiRequest(http.MethodGet, "/v2/api/kakaolink/talk/template/default", desktopEnv(long, demoOrigin), nil))
			},
			wantStatus: http.StatusUnauthorized, wantMsg: "invalid app key: " + clipped(long, echoChars),
		},
		{
			name: "kapi: the KA origin",
			send: func(h *harness) *http.Response {
				return h.roundTrip(h.kapiRequest(http.MethodGet, "/v2/api/kakaolink/talk/template/default", desktopEnv(emulator.DemoAppKey, "http://"+long), nil))
			},
			wantStatus: http.StatusUnauthorized,
			wantMsg:    "domain mismatched! caller=" + clipped("http://"+long, echoChars) + ". check out registered web domains.",
		},
		{
			name: "kapi: a key of the template",
			send: func(h *harness) *http.Response {
				return h.roundTrip(h.kapiRequest(http.MethodGet, "/v2/api/kakaolink/talk/template/default?link_ver=4.0&template_object="+
					url.QueryEscape(`{"object_type":"text","text":"hi","link":{},"`+query+`":1}`), demoEnv, nil))
			},
			wantStatus: http.StatusBadRequest,
			wantMsg: validationMessage(t, share.ActionDefault,
				`{"link_ver":"4.0","template_object":{"object_type":"text","text":"hi","link":{},"`+query+`":1}}`),
		},
		{
			name:       "kapi: an unknown path",
			send:       func(h *harness) *http.Response { return h.get("/v2/api/" + query) },
			wantStatus: http.StatusNotFound, wantMsg: "the Kakao emulator has no API GET " + clipped("/v2/api/"+query, echoChars),
		},
		{
			name: "image delete: the image URL",
			send: func(h *harness) *http.Response {
				return h.roundTrip(h.kapiRequest(http.MethodDelete, "/v2/api/talk/message/image/delete?image_url="+query, demoEnv, nil))
			},
			wantStatus: http.StatusBadRequest,
			wantMsg:    "image_url is not an image this app uploaded to the Kakao emulator (or it has expired): " + clipped(query, echoChars),
		},
		{
			name: "image scrap: the image URL's host",
			send: func(h *harness) *http.Response {
				req := h.kapiRequest(http.MethodPost, "/v2/api/talk/message/image/scrap", demoEnv, strings.NewReader("image_url=http://"+query[:60_000]+"/"))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				return h.roundTrip(req)
			},
			wantStatus: http.StatusBadRequest,
			wantMsg: "image_url must be on a loopback address (127.0.0.1, ::1, localhost): the Kakao emulator fetches nothing from " +
				clipped(query[:60_000], echoChars),
		},
		{
			name: "image upload: a part's name",
			send: func(h *harness) *http.Response {
				var body bytes.Buffer
				mw := multipart.NewWriter(&body)
				w, err := mw.CreateFormField(query)
				require.NoError(h.t, err)
				_, err = w.Write(make([]byte, 65<<10))
				require.NoError(h.t, err)
				require.NoError(h.t, mw.Close())
				return h.roundTrip(h.imageRequest(share.UploadRequest(demoEnv, h.hosts), mw.FormDataContentType(), &body))
			},
			wantStatus: http.StatusBadRequest,
			wantMsg:    "the part " + clipped(query, echoChars) + " is too large; send only file parts",
		},
		{
			name: "preview: the call",
			send: func(h *harness) *http.Response {
				return h.postForm("/emulator/preview", []share.Field{{Name: "call", Value: long}, {Name: "settings", Value: "{}"}})
			},
			wantStatus: http.StatusBadRequest,
			wantMsg:    "call must be Share.sendDefault, Share.sendCustom or Share.sendScrap, got " + clipped(long, echoChars),
		},
		{
			name: "preview: the app key",
			send: func(h *harness) *http.Response {
				return h.postForm("/emulator/preview", []share.Field{{Name: "call", Value: "Share.sendDefault"}, {Name: "app_key", Value: long}})
			},
			wantStatus: http.StatusUnauthorized, wantMsg: "invalid app key: " + clipped(long, echoChars),
		},
		{
			name: "preview: a key of the settings (package share's message)",
			send: func(h *harness) *http.Response {
				return h.postForm("/emulator/preview", []share.Field{{Name: "call", Value: "Share.sendDefault"}, {Name: "settings", Value: hugeKeySettings}})
			},
			wantStatus: http.StatusBadRequest, wantMsg: shareMessage(t, share.SendDefault, hugeKeySettings),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)

			a := h.answer(tt.send(h))

			assert.Equal(t, tt.wantStatus, a.status)
			if a.msg != "" || !strings.Contains(a.body, "<html") {
				assert.Equal(t, tt.wantMsg, a.msg)
			} else {
				assert.Contains(t, a.body, tt.wantMsg)
			}
			assert.Less(t, len(a.location), 4<<10, "the Location stays short")
			assert.Less(t, len(a.body), 64<<10, "the body stays short")
			for _, run := range []string{strings.Repeat("a", messageChars+1), strings.Repeat("q", messageChars+1), strings.Repeat("가", echoChars+1)} {
				assert.NotContains(t, a.location+a.body, run, "no long run of the request's value")
			}
		})
	}
}

func TestOversizeRequestsAreRefused(t *testing.T) {
	templateQuery := "link_ver=4.0&template_object=" + strings.Repeat("x", 128<<10)
	deleteQuery := "image_url=" + strings.Repeat("x", 128<<10)
	tests := []struct {
		name       string
		send       func(h *harness) *http.Response
		wantStatus int
		wantMsg    string // the whole message for JSON, a part of the page for HTML
	}{
		{
			name: "sharer form over 1 MiB: the failed page",
			send: func(h *harness) *http.Response {
				return h.postForm("/picker/link", sharerFields(emulator.DemoAppKey, demoOrigin, "default", strings.Repeat(" ", 1<<20)))
			},
			wantStatus: http.StatusRequestEntityTooLarge,
			wantMsg:    "the sharer form is too large: the Kakao emulator reads at most 1048576 bytes",
		},
		{
			name: "picker form over 64 KiB: the failed page",
			send: func(h *harness) *http.Response {
				return h.postForm("/picker/send", []share.Field{{Name: "token", Value: strings.Repeat("t", 64<<10)}})
			},
			wantStatus: http.StatusRequestEntityTooLarge,
			wantMsg:    "the picker form is too large: the Kakao emulator reads at most 65536 bytes",
		},
		{
			name: "preview form over 1 MiB",
			send: func(h *harness) *http.Response {
				return h.postForm("/emulator/preview", []share.Field{{Name: "settings", Value: strings.Repeat(" ", 1<<20)}})
			},
			wantStatus: http.StatusRequestEntityTooLarge,
			wantMsg:    "the preview form is too large: the Kakao emulator reads at most 1048576 bytes",
		},
		{
			name: "kapi query over 128 KiB",
			send: func(h *harness) *http.Response {
				return h.roundTrip(h.kapiRequest(http.MethodGet, "/v2/api/kakaolink/talk/template/default?"+templateQuery, demoEnv, nil))
			},
			wantStatus: http.StatusRequestURITooLong,
			wantMsg:    "the query is too long: " + strconv.Itoa(len(templateQuery)) + " bytes, the Kakao emulator reads at most 131072",
		},
		{
			name: "image delete query over 128 KiB",
			send: func(h *harness) *http.Response {
				return h.roundTrip(h.kapiRequest(http.MethodDelete, "/v2/api/talk/message/image/delete?"+deleteQuery, demoEnv, nil))
			},
			wantStatus: http.StatusRequestURITooLong,
			wantMsg:    "the query is too long: " + strconv.Itoa(len(deleteQuery)) + " bytes, the Kakao emulator reads at most 131072",
		},
		{
			name: "image scrap form over 64 KiB",
			send: func(h *harness) *http.Response {
				req := h.kapiRequest(http.MethodPost, "/v2/api/talk/message/image/scrap", demoEnv, strings.NewReader("image_url="+strings.Repeat("x", 64<<10)))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				return h.roundTrip(req)
			},
			wantStatus: http.StatusRequestEntityTooLarge,
			wantMsg:    "the form is too large: the Kakao emulator reads at most 65536 bytes",
		},
		{
			name: "image upload over 5 MB",
			send: func(h *harness) *http.Response {
				ct, body := multipartBody(h.t, part{"file", "big.png", make([]byte, 6<<20)})
				return h.roundTrip(h.imageRequest(share.UploadRequest(demoEnv, h.hosts), ct, bytes.NewReader(body)))
			},
			wantStatus: http.StatusBadRequest,
			wantMsg:    "image too large: the limit is 5 MB (5242880 bytes)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)

			a := h.answer(tt.send(h))

			assert.Equal(t, tt.wantStatus, a.status)
			if strings.Contains(a.body, "<html") {
				assert.Contains(t, a.body, `data-code="-2"`)
				assert.Contains(t, a.body, tt.wantMsg)
			} else {
				assert.Equal(t, tt.wantMsg, a.msg)
			}
			assert.Empty(t, h.deliveries())
		})
	}
}

// encodeBase64URL is s in unpadded base64url, as /picker/failed's error parameter.
func encodeBase64URL(s string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}
