package webhook_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share/webhook"
)

const (
	adminKey   = "test-admin-key"
	authValue  = "KakaoAK " + adminKey
	kakaoAgent = "KakaoOpenAPI/1.0"
	formType   = "application/x-www-form-urlencoded"
	jsonType   = "application/json"
)

var received = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// fixedClock returns a clock that always says received.
func fixedClock() func() time.Time { return func() time.Time { return received } }

// call describes one webhook request; the zero call is a valid Kakao GET without
// parameters, so each test row states only what it changes.
type call struct {
	method      string
	query       string
	body        string
	contentType string
	headers     http.Header // replaces the default Kakao headers when non-nil
}

func (c call) request() *http.Request {
	method := c.method
	if method == "" {
		method = http.MethodGet
	}
	target := "/webhook"
	if c.query != "" {
		target += "?" + c.query
	}
	r := httptest.NewRequest(method, target, strings.NewReader(c.body))
	if c.headers != nil {
		r.Header = c.headers.Clone()
	} else {
		r.Header = kakaoHeaders("res-1")
	}
	if c.contentType != "" {
		r.Header.Set("Content-Type", c.contentType)
	}
	return r
}

func kakaoHeaders(resourceID string) http.Header {
	return http.Header{
		"Authorization":       {authValue},
		"X-Kakao-Resource-Id": {resourceID},
		"User-Agent":          {kakaoAgent},
	}
}

// headersWith returns the Kakao headers for resource id res-1 changed by edit.
func headersWith(edit func(http.Header)) http.Header {
	h := kakaoHeaders("res-1")
	edit(h)
	return h
}

// collector is a deliver function that records the events it gets.
type collector chan webhook.Event

func newCollector() collector { return make(collector, 100) }

func (c collector) deliver(_ context.Context, ev webhook.Event) { c <- ev }

// next waits for the next delivered event.
func (c collector) next(t *testing.T) webhook.Event {
	t.Helper()
	select {
	case ev := <-c:
		return ev
	case <-time.After(5 * time.Second):
		require.FailNow(t, "no event delivered")
		return webhook.Event{}
	}
}

// serve runs one request through h and returns the recorded answer.
func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// closeHandler waits for h's deliveries, failing the test if they take long.
func closeHandler(t *testing.T, h *webhook.Handler) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, h.Close(ctx))
}

func TestHandlerDeliversEvent(t *testing.T) {
	base := webhook.Event{
		ResourceID: "res-1",
		ChatType:   webhook.MultiChat,
		HashChatID: "hash-9",
		Args:       []webhook.Param{},
		Method:     http.MethodGet,
		UserAgent:  kakaoAgent,
		ReceivedAt: received,
	}
	with := func(edit func(*webhook.Event)) webhook.Event {
		ev := base
		edit(&ev)
		return ev
	}
	post := func(ev *webhook.Event) { ev.Method = http.MethodPost }
	tests := []struct {
		name string
		call call
		want webhook.Event
	}{
		{
			name: "GET query with Kakao's parameters only",
			call: call{query: "CHAT_TYPE=MultiChat&HASH_CHAT_ID=hash-9"},
			want: base,
		},
		{
			name: "GET query keeps custom arguments in received order",
			call: call{query: "zeta=1&CHAT_TYPE=MultiChat&alpha=2&HASH_CHAT_ID=hash-9&TEMPLATE_ID=123&IS_SINGLE_CHATROOM=true"},
			want: with(func(ev *webhook.Event) {
				ev.TemplateID = "123"
				ev.Args = []webhook.Param{{Key: "zeta", Value: "1"}, {Key: "alpha", Value: "2"}, {Key: "IS_SINGLE_CHATROOM", Value: "true"}}
			}),
		},
		{
			name: "GET query undoes percent-encoding and plus signs",
			call: call{query: "CHAT_TYPE=MultiChat&HASH_CHAT_ID=hash-9&" + url.QueryEscape("상품 id") + "=" + url.QueryEscape("a&b=c d+é") + "&empty=&bare"},
			want: with(func(ev *webhook.Event) {
				ev.Args = []webhook.Param{{Key: "상품 id", Value: "a&b=c d+é"}, {Key: "empty"}, {Key: "bare"}}
			}),
		},
		{
			name: "GET query skips empty pairs",
			call: call{query: "&&CHAT_TYPE=MultiChat&&HASH_CHAT_ID=hash-9&"},
			want: base,
		},
		{
			name: "unknown chat type reaches the caller",
			call: call{query: "CHAT_TYPE=FutureChat&HASH_CHAT_ID=hash-9"},
			want: with(func(ev *webhook.Event) { ev.ChatType = "FutureChat" }),
		},
		{
			name: "POST form body, as the emulator sends it",
			call: call{method: http.MethodPost, contentType: formType, body: "CHAT_TYPE=MultiChat&HASH_CHAT_ID=hash-9&orderId=42"},
			want: with(func(ev *webhook.Event) {
				post(ev)
				ev.Args = []webhook.Param{{Key: "orderId", Value: "42"}}
			}),
		},
		{
			name: "POST form body with a charset parameter",
			call: call{method: http.MethodPost, contentType: formType + "; charset=UTF-8", body: "CHAT_TYPE=MultiChat&HASH_CHAT_ID=hash-9"},
			want: with(post),
		},
		{
			name: "POST form body without Content-Type",
			call: call{method: http.MethodPost, body: "CHAT_TYPE=MultiChat&HASH_CHAT_ID=hash-9"},
			want: with(post),
		},
		{
			name: "POST reads the query string before the body",
			call: call{method: http.MethodPost, query: "source=console", contentType: formType, body: "CHAT_TYPE=MultiChat&HASH_CHAT_ID=hash-9&orderId=42"},
			want: with(func(ev *webhook.Event) {
				post(ev)
				ev.Args = []webhook.Param{{Key: "source", Value: "console"}, {Key: "orderId", Value: "42"}}
			}),
		},
		{
			name: "POST JSON keeps strings and the JSON text of other values, in order",
			call: call{
				method: http.MethodPost, contentType: jsonType,
				body: `{"CHAT_TYPE":"MultiChat","n":3.50,"HASH_CHAT_ID":"hash-9","TEMPLATE_ID":107,"t":true,"z":null,` +
					`"list":[1, "a"],"obj":{"k" : "v"},"s":"\u00e9\n"}`,
			},
			want: with(func(ev *webhook.Event) {
				post(ev)
				ev.TemplateID = "107"
				ev.Args = []webhook.Param{
					{Key: "n", Value: "3.50"}, {Key: "t", Value: "true"}, {Key: "z", Value: "null"},
					{Key: "list", Value: `[1,"a"]`}, {Key: "obj", Value: `{"k":"v"}`}, {Key: "s", Value: "é\n"},
				}
			}),
		},
		{
			name: "POST JSON without Content-Type, with white space",
			call: call{method: http.MethodPost, body: "\n { \"CHAT_TYPE\" :\t\"MultiChat\" , \"HASH_CHAT_ID\":  \"hash-9\" }\n"},
			want: with(post),
		},
		{
			name: "POST JSON with a +json media type",
			call: call{method: http.MethodPost, contentType: "application/vnd.kakao+json", body: `{"CHAT_TYPE":"MultiChat","HASH_CHAT_ID":"hash-9"}`},
			want: with(post),
		},
		{
			name: "User-Agent is recorded as sent",
			call: call{query: "CHAT_TYPE=MultiChat&HASH_CHAT_ID=hash-9", headers: headersWith(func(h http.Header) { h.Set("User-Agent", "curl/8") })},
			want: with(func(ev *webhook.Event) { ev.UserAgent = "curl/8" }),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events := newCollector()
			h := webhook.New(adminKey, events.deliver, webhook.WithClock(fixedClock()))

			w := serve(h, tt.call.request())

			require.Equal(t, http.StatusOK, w.Code, w.Body.String())
			assert.JSONEq(t, `{"status":"accepted"}`, w.Body.String())
			assert.Equal(t, "application/json", w.Header().Get("Content-Type"))
			assert.Equal(t, tt.want, events.next(t))
			closeHandler(t, h)
		})
	}
}

func TestHandlerRefusesRequest(t *testing.T) {
	const valid = "CHAT_TYPE=MultiChat&HASH_CHAT_ID=hash-9"
	authorization := func(values ...string) http.Header {
		return headersWith(func(h http.Header) { h["Authorization"] = values })
	}
	tests := []struct {
		name       string
		call       call
		opts       []webhook.Option
		wantStatus int
		wantBody   string
		wantAllow  string
	}{
		{name: "PUT", call: call{method: http.MethodPut, query: valid}, wantStatus: 405, wantBody: `{"error":"method must be GET or POST"}`, wantAllow: "GET, POST"},
		{name: "HEAD", call: call{method: http.MethodHead, query: valid}, wantStatus: 405, wantBody: `{"error":"method must be GET or POST"}`, wantAllow: "GET, POST"},
		{name: "no Authorization", call: call{query: valid, headers: authorization()}, wantStatus: 401, wantBody: `{"error":"wrong or missing admin key","field":"Authorization"}`},
		{name: "empty Authorization", call: call{query: valid, headers: authorization("")}, wantStatus: 401, wantBody: `{"error":"wrong or missing admin key","field":"Authorization"}`},
		{name: "wrong admin key", call: call{query: valid, headers: authorization("KakaoAK other-admin-key")}, wantStatus: 401, wantBody: `{"error":"wrong or missing admin key","field":"Authorization"}`},
		{name: "prefix of the admin key", call: call{query: valid, headers: authorization("KakaoAK test-admin")}, wantStatus: 401, wantBody: `{"error":"wrong or missing admin key","field":"Authorization"}`},
		{name: "admin key with a suffix", call: call{query: valid, headers: authorization(authValue + "x")}, wantStatus: 401, wantBody: `{"error":"wrong or missing admin key","field":"Authorization"}`},
		{name: "admin key without the KakaoAK scheme", call: call{query: valid, headers: authorization(adminKey)}, wantStatus: 401, wantBody: `{"error":"wrong or missing admin key","field":"Authorization"}`},
		{name: "other scheme", call: call{query: valid, headers: authorization("Bearer " + adminKey)}, wantStatus: 401, wantBody: `{"error":"wrong or missing admin key","field":"Authorization"}`},
		{name: "lower-case scheme", call: call{query: valid, headers: authorization("kakaoak " + adminKey)}, wantStatus: 401, wantBody: `{"error":"wrong or missing admin key","field":"Authorization"}`},
		{name: "two Authorization headers", call: call{query: valid, headers: authorization(authValue, authValue)}, wantStatus: 401, wantBody: `{"error":"wrong or missing admin key","field":"Authorization"}`},
		{name: "wrong admin key on a malformed request", call: call{method: http.MethodPost, contentType: jsonType, body: "{", headers: authorization("KakaoAK nope")}, wantStatus: 401, wantBody: `{"error":"wrong or missing admin key","field":"Authorization"}`},
		{
			name:       "no X-Kakao-Resource-ID",
			call:       call{query: valid, headers: headersWith(func(h http.Header) { h.Del("X-Kakao-Resource-ID") })},
			wantStatus: 400, wantBody: `{"error":"missing header","field":"X-Kakao-Resource-ID"}`,
		},
		{
			name:       "empty X-Kakao-Resource-ID",
			call:       call{query: valid, headers: headersWith(func(h http.Header) { h.Set("X-Kakao-Resource-ID", "") })},
			wantStatus: 400, wantBody: `{"error":"missing header","field":"X-Kakao-Resource-ID"}`,
		},
		{
			name:       "two X-Kakao-Resource-ID headers",
			call:       call{query: valid, headers: headersWith(func(h http.Header) { h.Add("X-Kakao-Resource-ID", "res-2") })},
			wantStatus: 400, wantBody: `{"error":"repeated header","field":"X-Kakao-Resource-ID"}`,
		},
		{
			name:       "X-Kakao-Resource-ID over 256 bytes",
			call:       call{query: valid, headers: headersWith(func(h http.Header) { h.Set("X-Kakao-Resource-ID", strings.Repeat("r", 257)) })},
			wantStatus: 400, wantBody: `{"error":"header longer than 256 bytes","field":"X-Kakao-Resource-ID"}`,
		},
		{name: "no parameters", call: call{}, wantStatus: 400, wantBody: `{"error":"missing parameter","field":"CHAT_TYPE"}`},
		{name: "no CHAT_TYPE", call: call{query: "HASH_CHAT_ID=hash-9"}, wantStatus: 400, wantBody: `{"error":"missing parameter","field":"CHAT_TYPE"}`},
		{name: "empty CHAT_TYPE", call: call{query: "CHAT_TYPE=&HASH_CHAT_ID=hash-9"}, wantStatus: 400, wantBody: `{"error":"missing parameter","field":"CHAT_TYPE"}`},
		{name: "no HASH_CHAT_ID", call: call{query: "CHAT_TYPE=MultiChat"}, wantStatus: 400, wantBody: `{"error":"missing parameter","field":"HASH_CHAT_ID"}`},
		{name: "repeated CHAT_TYPE", call: call{query: valid + "&CHAT_TYPE=MemoChat"}, wantStatus: 400, wantBody: `{"error":"repeated parameter","field":"CHAT_TYPE"}`},
		{name: "repeated custom argument", call: call{query: valid + "&a=1&a=1"}, wantStatus: 400, wantBody: `{"error":"repeated parameter","field":"a"}`},
		{
			name:       "same name in the query and a POST body",
			call:       call{method: http.MethodPost, query: "a=1", contentType: formType, body: valid + "&a=2"},
			wantStatus: 400, wantBody: `{"error":"repeated parameter","field":"a"}`,
		},
		{
			name:       "repeated JSON member",
			call:       call{method: http.MethodPost, contentType: jsonType, body: `{"CHAT_TYPE":"MultiChat","HASH_CHAT_ID":"h","a":1,"a":2}`},
			wantStatus: 400, wantBody: `{"error":"repeated parameter","field":"a"}`,
		},
		{name: "empty parameter name", call: call{query: valid + "&=x"}, wantStatus: 400, wantBody: `{"error":"empty parameter name"}`},
		{name: "bad escape in a name", call: call{query: valid + "&a%zz=1"}, wantStatus: 400, wantBody: `{"error":"bad percent-encoding in a parameter name"}`},
		{name: "bad escape in a value", call: call{query: valid + "&a=%e"}, wantStatus: 400, wantBody: `{"error":"bad percent-encoding in the value","field":"a"}`},
		{name: "bad escape in a form body", call: call{method: http.MethodPost, contentType: formType, body: valid + "&a=%"}, wantStatus: 400, wantBody: `{"error":"bad percent-encoding in the value","field":"a"}`},
		{name: "truncated JSON", call: call{method: http.MethodPost, contentType: jsonType, body: `{"CHAT_TYPE":"MultiChat"`}, wantStatus: 400, wantBody: `{"error":"body is not a JSON object"}`},
		{name: "JSON array", call: call{method: http.MethodPost, contentType: jsonType, body: `[{"CHAT_TYPE":"MultiChat"}]`}, wantStatus: 400, wantBody: `{"error":"body is not a JSON object"}`},
		{name: "JSON string", call: call{method: http.MethodPost, contentType: jsonType, body: `"CHAT_TYPE"`}, wantStatus: 400, wantBody: `{"error":"body is not a JSON object"}`},
		{name: "empty JSON body", call: call{method: http.MethodPost, contentType: jsonType}, wantStatus: 400, wantBody: `{"error":"body is not a JSON object"}`},
		{name: "bad JSON value", call: call{method: http.MethodPost, contentType: jsonType, body: `{"CHAT_TYPE":MultiChat}`}, wantStatus: 400, wantBody: `{"error":"body is not a JSON object"}`},
		{
			name:       "data after the JSON object",
			call:       call{method: http.MethodPost, contentType: jsonType, body: `{"CHAT_TYPE":"MultiChat","HASH_CHAT_ID":"h"} {}`},
			wantStatus: 400, wantBody: `{"error":"data after the JSON object"}`,
		},
		{
			name:       "multipart body",
			call:       call{method: http.MethodPost, contentType: "multipart/form-data; boundary=x", body: "--x--"},
			wantStatus: 415, wantBody: `{"error":"body must be application/x-www-form-urlencoded or application/json","field":"Content-Type"}`,
		},
		{
			name:       "unparsable Content-Type",
			call:       call{method: http.MethodPost, contentType: "application/json; ===", body: "{}"},
			wantStatus: 415, wantBody: `{"error":"body must be application/x-www-form-urlencoded or application/json","field":"Content-Type"}`,
		},
		{
			name:       "body over the default 64 KiB",
			call:       call{method: http.MethodPost, contentType: formType, body: valid + "&pad=" + strings.Repeat("x", 64<<10)},
			wantStatus: 413, wantBody: `{"error":"body too large"}`,
		},
		{
			name:       "body over a configured limit",
			call:       call{method: http.MethodPost, contentType: formType, body: valid + "&pad=" + strings.Repeat("x", 100)},
			opts:       []webhook.Option{webhook.WithMaxBodyBytes(100)},
			wantStatus: 413, wantBody: `{"error":"body too large"}`,
		},
		{
			name:       "query string over the limit",
			call:       call{query: valid + "&pad=" + strings.Repeat("x", 100)},
			opts:       []webhook.Option{webhook.WithMaxBodyBytes(100)},
			wantStatus: 414, wantBody: `{"error":"query string too long"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events := newCollector()
			h := webhook.New(adminKey, events.deliver, tt.opts...)

			w := serve(h, tt.call.request())

			assert.Equal(t, tt.wantStatus, w.Code)
			assert.JSONEq(t, tt.wantBody, w.Body.String())
			assert.Equal(t, "application/json", w.Header().Get("Content-Type"))
			assert.Equal(t, tt.wantAllow, w.Header().Get("Allow"))
			closeHandler(t, h)
			assert.Empty(t, events, "nothing is delivered")
		})
	}
}

func TestHandlerAcceptsBodyAtTheLimit(t *testing.T) {
	body := "CHAT_TYPE=MultiChat&HASH_CHAT_ID=hash-9&pad="
	body += strings.Repeat("x", 100-len(body))
	events := newCollector()
	h := webhook.New(adminKey, events.deliver, webhook.WithMaxBodyBytes(100))

	w := serve(h, call{method: http.MethodPost, contentType: formType, body: body}.request())

	assert.Equal(t, http.StatusOK, w.Code, w.Body.String())
	closeHandler(t, h)
}

func TestChatTypeKnown(t *testing.T) {
	tests := []struct {
		chatType webhook.ChatType
		want     bool
	}{
		{webhook.MemoChat, true},
		{webhook.DirectChat, true},
		{webhook.MultiChat, true},
		{webhook.OpenDirectChat, true},
		{webhook.OpenMultiChat, true},
		{"multichat", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(string(tt.chatType), func(t *testing.T) {
			assert.Equal(t, tt.want, tt.chatType.Known())
		})
	}
}

func TestEventArg(t *testing.T) {
	ev := webhook.Event{Args: []webhook.Param{{Key: "a", Value: "1"}, {Key: "empty", Value: ""}}}
	tests := []struct {
		name      string
		key       string
		wantValue string
		wantOK    bool
	}{
		{name: "present", key: "a", wantValue: "1", wantOK: true},
		{name: "present and empty", key: "empty", wantValue: "", wantOK: true},
		{name: "absent", key: "b", wantValue: "", wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			value, ok := ev.Arg(tt.key)
			assert.Equal(t, tt.wantValue, value)
			assert.Equal(t, tt.wantOK, ok)
		})
	}
}

func TestNewPanicsOnProgrammingErrors(t *testing.T) {
	tests := []struct {
		name     string
		adminKey string
		deliver  func(context.Context, webhook.Event)
	}{
		{name: "empty admin key", adminKey: "", deliver: newCollector().deliver},
		{name: "nil deliver", adminKey: adminKey, deliver: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Panics(t, func() { webhook.New(tt.adminKey, tt.deliver) })
		})
	}
}
