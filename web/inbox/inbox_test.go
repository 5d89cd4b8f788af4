package inbox_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share/webhook"
	"github.com/kshare/kshare/web/inbox"
)

// server runs in behind a real HTTP server; returned reports each return of a request
// handler, to see streams end.
type server struct {
	*httptest.Server
	inbox    *inbox.Inbox
	returned chan string
}

func newServer(t *testing.T, opts ...inbox.Option) server {
	t.Helper()
	return newServerWithTimeouts(t, 0, opts...)
}

// newServerWithTimeouts is newServer with the http.Server's ReadTimeout and
// WriteTimeout set to timeout (0: none).
func newServerWithTimeouts(t *testing.T, timeout time.Duration, opts ...inbox.Option) server {
	t.Helper()
	in := inbox.New(inbox.DemoAdminKey, opts...)
	returned := make(chan string, 100)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		in.ServeHTTP(w, r)
		returned <- r.URL.Path
	}))
	srv.Config.ReadTimeout, srv.Config.WriteTimeout = timeout, timeout
	srv.Start()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		assert.NoError(t, in.Close(ctx))
		srv.Close()
	})
	return server{Server: srv, inbox: in, returned: returned}
}

// sendWebhook posts a webhook call as the emulator does and returns the status.
func (s server) sendWebhook(t *testing.T, adminKey, resourceID string, args url.Values) int {
	t.Helper()
	form := url.Values{"CHAT_TYPE": {"MemoChat"}, "HASH_CHAT_ID": {"chat-1"}}
	for k, v := range args {
		form[k] = v
	}
	req, err := http.NewRequest(http.MethodPost, s.URL+"/inbox/webhook", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "KakaoAK "+adminKey)
	req.Header.Set("X-Kakao-Resource-ID", resourceID)
	req.Header.Set("User-Agent", "KakaoOpenAPI/1.0")
	resp, err := s.Client().Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	return resp.StatusCode
}

// events fetches GET /inbox/events.
func (s server) events(t *testing.T) []inbox.Entry {
	t.Helper()
	resp, err := s.Client().Get(s.URL + "/inbox/events")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	var entries []inbox.Entry
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&entries))
	return entries
}

// waitForEvents waits until the inbox holds n events (delivery is asynchronous).
func (s server) waitForEvents(t *testing.T, n int) {
	t.Helper()
	require.Eventually(t, func() bool { return len(s.inbox.Entries()) == n }, 5*time.Second, 5*time.Millisecond)
}

// stream is an open GET /inbox/stream.
type stream struct {
	resp   *http.Response
	lines  *bufio.Reader
	cancel context.CancelFunc
}

func (s server) openStream(t *testing.T, query string, header http.Header) stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/inbox/stream"+query, nil)
	require.NoError(t, err)
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := s.Client().Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { resp.Body.Close() })
	require.Equal(t, http.StatusOK, resp.StatusCode)
	st := stream{resp: resp, lines: bufio.NewReader(resp.Body), cancel: cancel}
	require.Equal(t, []string{": connected"}, st.next(t), "the stream opens with a comment")
	return st
}

// next reads one block of lines up to a blank line.
func (st stream) next(t *testing.T) []string {
	t.Helper()
	var block []string
	for {
		line, err := st.lines.ReadString('\n')
		require.NoError(t, err, "block so far: %q", block)
		line = strings.TrimSuffix(line, "\n")
		if line == "" {
			return block
		}
		block = append(block, line)
	}
}

// nextEvent reads one event block and decodes its id and data.
func (st stream) nextEvent(t *testing.T) (string, inbox.Entry) {
	t.Helper()
	block := st.next(t)
	require.Len(t, block, 2, "an id line and a data line: %q", block)
	id, ok := strings.CutPrefix(block[0], "id: ")
	require.True(t, ok, block[0])
	data, ok := strings.CutPrefix(block[1], "data: ")
	require.True(t, ok, block[1])
	var e inbox.Entry
	require.NoError(t, json.Unmarshal([]byte(data), &e))
	return id, e
}

func TestWebhookEventIsListed(t *testing.T) {
	s := newServer(t)

	status := s.sendWebhook(t, inbox.DemoAdminKey, "res-1", url.Values{"orderId": {"42"}})

	require.Equal(t, http.StatusOK, status)
	s.waitForEvents(t, 1)
	entries := s.events(t)
	require.Len(t, entries, 1)
	assert.WithinDuration(t, time.Now(), entries[0].ReceivedAt, time.Minute)
	entries[0].ReceivedAt = time.Time{}
	assert.Equal(t, inbox.Entry{Seq: 1, Event: webhook.Event{
		ResourceID: "res-1",
		ChatType:   webhook.MemoChat,
		HashChatID: "chat-1",
		Args:       []webhook.Param{{Key: "orderId", Value: "42"}},
		Method:     http.MethodPost,
		UserAgent:  "KakaoOpenAPI/1.0",
	}}, entries[0])
}

func TestEntryJSON(t *testing.T) {
	e := inbox.Entry{Seq: 7, Event: webhook.Event{
		ResourceID: "res-1", ChatType: webhook.MultiChat, HashChatID: "chat-1", TemplateID: "107",
		Args: []webhook.Param{{Key: "k", Value: "v"}}, Method: "GET", UserAgent: "KakaoOpenAPI/1.0",
		ReceivedAt: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC),
	}}

	got, err := json.Marshal(e)

	require.NoError(t, err)
	assert.JSONEq(t, `{"seq":7,"resourceId":"res-1","chatType":"MultiChat","hashChatId":"chat-1","templateId":"107",
		"args":[{"key":"k","value":"v"}],"method":"GET","userAgent":"KakaoOpenAPI/1.0","receivedAt":"2025-03-01T12:00:00Z"}`, string(got))
}

func TestWebhookRefusesOtherAdminKey(t *testing.T) {
	s := newServer(t)

	status := s.sendWebhook(t, "not-the-demo-key", "res-1", nil)

	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Empty(t, s.events(t))
}

func TestEventsKeepsTheLastOnes(t *testing.T) {
	s := newServer(t, inbox.WithCapacity(3))
	for i := range 5 {
		require.Equal(t, http.StatusOK, s.sendWebhook(t, inbox.DemoAdminKey, fmt.Sprint("res-", i), nil))
		s.waitForEvents(t, min(i+1, 3))
		require.Eventually(t, func() bool {
			entries := s.inbox.Entries()
			return entries[len(entries)-1].Seq == uint64(i+1)
		}, 5*time.Second, 5*time.Millisecond)
	}

	entries := s.events(t)

	var seqs []uint64
	for _, e := range entries {
		seqs = append(seqs, e.Seq)
	}
	assert.Equal(t, []uint64{3, 4, 5}, seqs)
	assert.Equal(t, "res-4", entries[2].ResourceID)
}

func TestEventsEmptyIsAnArray(t *testing.T) {
	s := newServer(t)

	resp, err := s.Client().Get(s.URL + "/inbox/events")

	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "[]\n", string(body))
}

func TestStreamSendsNewEvents(t *testing.T) {
	s := newServer(t)
	st := s.openStream(t, "", nil)

	require.Equal(t, http.StatusOK, s.sendWebhook(t, inbox.DemoAdminKey, "res-1", url.Values{"orderId": {"42"}}))
	firstID, first := st.nextEvent(t)
	require.Equal(t, http.StatusOK, s.sendWebhook(t, inbox.DemoAdminKey, "res-2", nil))
	secondID, second := st.nextEvent(t)

	assert.Equal(t, "text/event-stream", st.resp.Header.Get("Content-Type"))
	assert.Equal(t, "no-cache", st.resp.Header.Get("Cache-Control"))
	assert.Equal(t, "1", firstID)
	assert.Equal(t, "res-1", first.ResourceID)
	assert.Equal(t, []webhook.Param{{Key: "orderId", Value: "42"}}, first.Args)
	assert.Equal(t, "2", secondID)
	assert.Equal(t, "res-2", second.ResourceID)
}

func TestStreamStartsAfterTheGivenEvent(t *testing.T) {
	tests := []struct {
		name    string
		query   string
		header  http.Header
		wantIDs []string // the events 1 to 3 the stream sends before the 4th, sent after it opened
	}{
		{name: "nothing: only later events", wantIDs: nil},
		{name: "Last-Event-ID", header: http.Header{"Last-Event-Id": {"1"}}, wantIDs: []string{"2", "3"}},
		{name: "since", query: "?since=2", wantIDs: []string{"3"}},
		{name: "since 0: everything kept", query: "?since=0", wantIDs: []string{"1", "2", "3"}},
		{name: "Last-Event-ID wins over since", query: "?since=0", header: http.Header{"Last-Event-Id": {"2"}}, wantIDs: []string{"3"}},
		{name: "seq from before a restart: everything kept", header: http.Header{"Last-Event-Id": {"99"}}, wantIDs: []string{"1", "2", "3"}},
		{name: "invalid since is ignored", query: "?since=x", wantIDs: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			for i := 1; i <= 3; i++ {
				require.Equal(t, http.StatusOK, s.sendWebhook(t, inbox.DemoAdminKey, fmt.Sprint("res-", i), nil))
				s.waitForEvents(t, i)
			}
			st := s.openStream(t, tt.query, tt.header)

			require.Equal(t, http.StatusOK, s.sendWebhook(t, inbox.DemoAdminKey, "res-4", nil))

			var ids []string
			for {
				id, _ := st.nextEvent(t)
				if id == "4" {
					break
				}
				ids = append(ids, id)
			}
			assert.Equal(t, tt.wantIDs, ids)
		})
	}
}

func TestStreamHeartbeat(t *testing.T) {
	s := newServer(t, inbox.WithHeartbeat(10*time.Millisecond))
	st := s.openStream(t, "", nil)

	assert.Equal(t, []string{": heartbeat"}, st.next(t))
	assert.Equal(t, []string{": heartbeat"}, st.next(t))
}

func TestStreamOutlivesTheServerTimeouts(t *testing.T) {
	const serverTimeout = 100 * time.Millisecond
	s := newServerWithTimeouts(t, serverTimeout, inbox.WithHeartbeat(20*time.Millisecond), inbox.WithWriteTimeout(5*time.Second))
	st := s.openStream(t, "", nil)

	for start := time.Now(); time.Since(start) < 5*serverTimeout; {
		require.Equal(t, []string{": heartbeat"}, st.next(t), "heartbeats keep coming past the timeouts")
	}
	require.Equal(t, http.StatusOK, s.sendWebhook(t, inbox.DemoAdminKey, "res-late", url.Values{"n": {"1"}}))

	var block []string
	for block = st.next(t); len(block) == 1 && block[0] == ": heartbeat"; block = st.next(t) {
	}
	require.Len(t, block, 2, "an event: %q", block)
	assert.Contains(t, block[1], `"res-late"`, "an event after the timeouts still arrives")
}

func TestStreamEndsWhenClientDisconnects(t *testing.T) {
	s := newServer(t)
	st := s.openStream(t, "", nil)

	st.cancel()

	select {
	case path := <-s.returned:
		assert.Equal(t, "/inbox/stream", path)
	case <-time.After(5 * time.Second):
		require.FailNow(t, "the stream handler did not return")
	}
}

func TestStreamEndsOnClose(t *testing.T) {
	s := newServer(t)
	st := s.openStream(t, "", nil)

	require.NoError(t, s.inbox.Close(context.Background()))

	_, err := io.ReadAll(st.resp.Body)
	assert.NoError(t, err, "the stream ends cleanly")
	assert.Equal(t, "/inbox/stream", <-s.returned)
	resp, err := s.Client().Get(s.URL + "/inbox/stream")
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, "no new stream once closed")
}

func TestRoutes(t *testing.T) {
	s := newServer(t)
	tests := []struct {
		method     string
		path       string
		wantStatus int
	}{
		{http.MethodGet, "/inbox/events", http.StatusOK},
		{http.MethodPost, "/inbox/events", http.StatusMethodNotAllowed},
		{http.MethodPost, "/inbox/stream", http.StatusMethodNotAllowed},
		{http.MethodGet, "/inbox/webhook", http.StatusUnauthorized},
		{http.MethodPut, "/inbox/webhook", http.StatusMethodNotAllowed},
		{http.MethodGet, "/inbox/", http.StatusNotFound},
		{http.MethodGet, "/inbox/other", http.StatusNotFound},
		{http.MethodGet, "/elsewhere", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, s.URL+tt.path, nil)
			require.NoError(t, err)

			resp, err := s.Client().Do(req)

			require.NoError(t, err)
			require.NoError(t, resp.Body.Close())
			assert.Equal(t, tt.wantStatus, resp.StatusCode)
		})
	}
}
