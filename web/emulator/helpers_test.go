package emulator_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
	"github.com/kshare/kshare/web/emulator"
)

// demoOrigin is an origin the demo app always allows.
const demoOrigin = "http://127.0.0.1:8080"

// fakeClock is an injectable clock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// harness runs an emulator behind a real HTTP server on 127.0.0.1.
type harness struct {
	t      *testing.T
	srv    *httptest.Server
	em     *emulator.Emulator
	clock  *fakeClock
	client *http.Client // follows no redirect
	hosts  share.Hosts
}

// newHarness starts an emulator; edit changes its options (BaseURL and Clock are set
// already).
func newHarness(t *testing.T, edit ...func(*emulator.Options)) *harness {
	t.Helper()
	var handler atomic.Pointer[emulator.Emulator]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handler.Load().ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	clock := &fakeClock{now: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	opts := emulator.Options{BaseURL: srv.URL, Clock: clock.Now}
	for _, f := range edit {
		f(&opts)
	}
	em, err := emulator.New(opts)
	require.NoError(t, err)
	handler.Store(em)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		assert.NoError(t, em.Close(ctx))
	})
	hosts, err := share.EmulatorHosts(srv.URL)
	require.NoError(t, err)
	client := &http.Client{
		Timeout:       20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &harness{t: t, srv: srv, em: em, clock: clock, client: client, hosts: hosts}
}

// desktopEnv is a desktop browser on origin with key.
func desktopEnv(key, origin string) share.Env {
	return share.Env{AppKey: key, Language: "ko-KR", Platform: "Win32", Origin: origin,
		UserAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"}
}

// iphoneEnv is Safari on an iPhone.
func iphoneEnv(key, origin string) share.Env {
	return share.Env{AppKey: key, Language: "ko-KR", Platform: "iPhone", Origin: origin, MaxTouchPoints: 5,
		UserAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"}
}

// parseShare validates settings (JSON text) for call with package share.
func parseShare(t *testing.T, call share.Call, settings string) *share.Request {
	t.Helper()
	v, err := jsvalue.Parse(settings)
	require.NoError(t, err)
	req, err := share.Parse(call, v, nil)
	require.NoError(t, err)
	return req
}

// postForm posts fields (in order) to path.
func (h *harness) postForm(path string, fields []share.Field) *http.Response {
	h.t.Helper()
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(f.Name) + "=" + url.QueryEscape(f.Text()))
	}
	resp, err := h.client.Post(h.srv.URL+path, "application/x-www-form-urlencoded", strings.NewReader(b.String()))
	require.NoError(h.t, err)
	h.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// openSharer posts the sharer form kshare builds for call and settings from env.
func (h *harness) openSharer(env share.Env, call share.Call, settings string) *http.Response {
	h.t.Helper()
	form := parseShare(h.t, call, settings).SharerForm(env, h.hosts)
	return h.postForm("/picker/link", form.Fields)
}

// sharerPage opens the sharer as the demo app from demoOrigin and returns its page.
func (h *harness) sharerPage(call share.Call, settings string) string {
	h.t.Helper()
	resp := h.openSharer(desktopEnv(emulator.DemoAppKey, demoOrigin), call, settings)
	require.Equal(h.t, http.StatusOK, resp.StatusCode, "redirected to %s", resp.Header.Get("Location"))
	return readBody(h.t, resp)
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

// get fetches a URL of the emulator (absolute, or a path).
func (h *harness) get(target string) *http.Response {
	h.t.Helper()
	if strings.HasPrefix(target, "/") {
		target = h.srv.URL + target
	}
	resp, err := h.client.Get(target)
	require.NoError(h.t, err)
	h.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// kakaoFailure is the payload of /picker/failed.
type kakaoFailure struct {
	Name string `json:"name"`
	Code int    `json:"code"`
	Msg  string `json:"msg"`
}

// failure decodes the /picker/failed redirect of resp.
func failure(t *testing.T, resp *http.Response) kakaoFailure {
	t.Helper()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, "expected a redirect to /picker/failed")
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	require.Equal(t, "/picker/failed", loc.Path)
	raw, err := base64.RawURLEncoding.DecodeString(loc.Query().Get("error"))
	require.NoError(t, err)
	var f kakaoFailure
	require.NoError(t, json.Unmarshal(raw, &f))
	return f
}

var tokenPattern = regexp.MustCompile(`name="token" value="([^"]+)"`)

// token finds the picker's token in a sharer page.
func token(t *testing.T, page string) string {
	t.Helper()
	m := tokenPattern.FindStringSubmatch(page)
	require.NotNil(t, m, "no token in the page")
	return m[1]
}

// send posts the picker's form with the chats chosen.
func (h *harness) send(page string, chats ...string) *http.Response {
	h.t.Helper()
	fields := []share.Field{{Name: "token", Value: token(h.t, page)}}
	for _, c := range chats {
		fields = append(fields, share.Field{Name: "chat", Value: c})
	}
	return h.postForm("/picker/send", fields)
}

// deliveries fetches GET /emulator/deliveries.
func (h *harness) deliveries() []emulator.Delivery {
	h.t.Helper()
	resp := h.get("/emulator/deliveries")
	require.Equal(h.t, http.StatusOK, resp.StatusCode)
	var body struct {
		Deliveries []emulator.Delivery `json:"deliveries"`
	}
	require.NoError(h.t, json.NewDecoder(resp.Body).Decode(&body))
	return body.Deliveries
}

// settled waits until no webhook is pending and returns the log.
func (h *harness) settled() []emulator.Delivery {
	h.t.Helper()
	var ds []emulator.Delivery
	require.Eventually(h.t, func() bool {
		ds = h.em.Deliveries()
		for _, d := range ds {
			if d.Webhook.State == emulator.WebhookPending {
				return false
			}
		}
		return true
	}, 10*time.Second, 5*time.Millisecond)
	return ds
}

// kapi sends an HTTPRequest value built by package share.
func (h *harness) kapi(r share.HTTPRequest) (int, string, http.Header) {
	h.t.Helper()
	req, err := http.NewRequest(r.Method, r.URL, strings.NewReader(r.Body))
	require.NoError(h.t, err)
	for _, hd := range r.Header {
		req.Header.Set(hd.Name, hd.Value)
	}
	resp, err := h.client.Do(req)
	require.NoError(h.t, err)
	defer resp.Body.Close()
	return resp.StatusCode, readBody(h.t, resp), resp.Header
}

// kakaoBody is kapi's error body.
type kakaoBody struct {
	Code int    `json:"code"`
	Msg  string `json:"msg"`
}

func decodeKakao(t *testing.T, body string) kakaoBody {
	t.Helper()
	var b kakaoBody
	require.NoError(t, json.Unmarshal([]byte(body), &b), body)
	return b
}

// writeConfig writes a configuration file and returns its path.
func writeConfig(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "apps.json")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o600))
	return path
}

// receiver records the webhook calls it gets.
type receiver struct {
	*httptest.Server
	mu    sync.Mutex
	calls []webhookCall
	// answer handles each call (200 when nil).
	answer http.HandlerFunc
}

type webhookCall struct {
	Method string
	Header http.Header
	Query  url.Values
	Form   url.Values
}

func newReceiver(t *testing.T, answer http.HandlerFunc) *receiver {
	t.Helper()
	rc := &receiver{answer: answer}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		form, _ := url.ParseQuery(string(body))
		rc.mu.Lock()
		rc.calls = append(rc.calls, webhookCall{Method: r.Method, Header: r.Header.Clone(), Query: r.URL.Query(), Form: form})
		rc.mu.Unlock()
		if rc.answer != nil {
			rc.answer(w, r)
		}
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) received() []webhookCall {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]webhookCall(nil), rc.calls...)
}
