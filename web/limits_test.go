package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// shortLimits are limits short enough for a test to see them act.
var shortLimits = serverLimits{
	readHeaderTimeout: 300 * time.Millisecond,
	readTimeout:       time.Second,
	writeTimeout:      5 * time.Second,
	idleTimeout:       5 * time.Second,
	maxHeaderBytes:    8 << 10,
}

// cutWithin bounds how long a test waits for the server to drop a slow client: far
// above the short limits, so that only a server that never drops it fails.
const cutWithin = 20 * time.Second

// slowClient is a connection that sends head at once, then trickle one byte every
// interval, until the server closes the connection.
type slowClient struct {
	conn net.Conn
	// cut is closed when the server has closed the connection; answer is what the
	// server wrote before (the status line, or "" for nothing).
	cut    chan struct{}
	answer string
	// sentAll is set when the whole trickle was written (the server never cut it).
	mu      sync.Mutex
	sentAll bool
}

func startSlowClient(t *testing.T, addr, head, trickle string, interval time.Duration) *slowClient {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	_, err = io.WriteString(conn, head)
	require.NoError(t, err)
	c := &slowClient{conn: conn, cut: make(chan struct{})}
	go func() {
		for i := range len(trickle) {
			select {
			case <-c.cut:
				return
			case <-time.After(interval):
			}
			if _, err := conn.Write([]byte{trickle[i]}); err != nil {
				return
			}
		}
		c.mu.Lock()
		c.sentAll = true
		c.mu.Unlock()
	}()
	go func() {
		defer close(c.cut)
		line, _ := bufio.NewReader(conn).ReadString('\n')
		c.answer = strings.TrimSpace(line)
		_, _ = io.Copy(io.Discard, conn) // until the server closes
	}()
	return c
}

func TestServerCutsSlowClients(t *testing.T) {
	const slowClients = 10
	r := startServe(t, config{dist: newDist(t), limits: shortLimits})
	addr := strings.TrimPrefix(r.baseURL, "http://")
	// Each trickle would take 100 s to finish: far beyond every limit.
	trickle := strings.Repeat("a", 1000)
	const interval = 100 * time.Millisecond
	tests := []struct {
		name string
		head string
		// wantAnswer is the status line the server may write before it hangs up ("": it
		// hangs up without a word).
		wantAnswer string
	}{
		{
			name: "header trickled: cut at ReadHeaderTimeout",
			head: "GET /kshare.js HTTP/1.1\r\nHost: " + addr + "\r\nX-Slow: ",
		},
		{
			name: "sharer form trickled: cut at ReadTimeout",
			head: "POST /picker/link HTTP/1.1\r\nHost: " + addr + "\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
				"Content-Length: 100000\r\n\r\napp_key=",
			wantAnswer: "HTTP/1.1 400 Bad Request",
		},
		{
			name: "image upload trickled: cut at ReadTimeout",
			head: "POST /v2/api/talk/message/image/upload HTTP/1.1\r\nHost: " + addr + "\r\n" +
				"Authorization: KakaoAK kshare-demo-js-key\r\nKA: origin/" + strings.ReplaceAll(r.baseURL, ":", "%3A") + "\r\n" +
				"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n" +
				"Content-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n",
			wantAnswer: "HTTP/1.1 400 Bad Request",
		},
		{
			name: "webhook trickled: cut at ReadTimeout",
			head: "POST /inbox/webhook HTTP/1.1\r\nHost: " + addr + "\r\nAuthorization: KakaoAK kshare-demo-admin-key\r\n" +
				"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nCHAT_TYPE=",
			wantAnswer: "HTTP/1.1 400 Bad Request",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var clients []*slowClient
			for range slowClients {
				clients = append(clients, startSlowClient(t, addr, tt.head, trickle, interval))
			}

			resp, body := get(t, r.baseURL+"/kshare.js")

			assert.Equal(t, http.StatusOK, resp.StatusCode, "others are served meanwhile")
			assert.Equal(t, "window.Kakao = {};\n", body)
			for _, c := range clients {
				select {
				case <-c.cut:
				case <-time.After(cutWithin):
					require.FailNow(t, "the server did not drop a slow client")
				}
				c.mu.Lock()
				assert.False(t, c.sentAll, "cut before the whole request was sent")
				c.mu.Unlock()
				if c.answer != "" {
					assert.Equal(t, tt.wantAnswer, c.answer, "never a 5xx")
				}
			}
		})
	}
}

func TestEventStreamOutlivesTheServerTimeouts(t *testing.T) {
	limits := shortLimits
	limits.readTimeout, limits.writeTimeout = 200*time.Millisecond, 200*time.Millisecond
	r := startServe(t, config{dist: newDist(t), limits: limits})
	resp, err := http.Get(r.baseURL + "/inbox/stream")
	require.NoError(t, err)
	defer resp.Body.Close()
	lines := bufio.NewReader(resp.Body)
	line, err := lines.ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, ": connected\n", line)
	time.Sleep(5 * limits.writeTimeout) // the stream is idle past both timeouts

	req, err := http.NewRequest(http.MethodPost, r.baseURL+"/inbox/webhook", strings.NewReader("CHAT_TYPE=MemoChat&HASH_CHAT_ID=c1"))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "KakaoAK kshare-demo-admin-key")
	req.Header.Set("X-Kakao-Resource-ID", "late-event")
	hook, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	hook.Body.Close()
	require.Equal(t, http.StatusOK, hook.StatusCode)

	var got []string
	for len(got) < 2 {
		line, err := lines.ReadString('\n')
		require.NoError(t, err, "the stream is still open; so far %q", got)
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, ":") {
			got = append(got, line)
		}
	}
	assert.Equal(t, "id: 1", got[0])
	assert.Contains(t, got[1], `"late-event"`)
}

func TestServerRefusesAnOversizeHeader(t *testing.T) {
	r := startServe(t, config{dist: newDist(t), limits: shortLimits})
	tests := []struct {
		name       string
		size       int
		wantStatus int
	}{
		{name: "under the limit", size: shortLimits.maxHeaderBytes / 2, wantStatus: http.StatusOK},
		{name: "over the limit", size: 4 * shortLimits.maxHeaderBytes, wantStatus: http.StatusRequestHeaderFieldsTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, r.baseURL+"/kshare.js", nil)
			require.NoError(t, err)
			req.Header.Set("X-Big", strings.Repeat("b", tt.size))

			resp, err := http.DefaultClient.Do(req)

			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, tt.wantStatus, resp.StatusCode)
		})
	}
}

func TestParseFlagsSetsTheDefaultLimits(t *testing.T) {
	c, err := parseFlags(nil, io.Discard)

	require.NoError(t, err)
	assert.Equal(t, defaultLimits, c.limits)
}
