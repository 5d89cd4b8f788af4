package emulator

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// webhookCall is one webhook request, as a value.
type webhookCall struct {
	url, method, adminKey, resourceID string
	params                            [][2]string
}

// request builds the HTTP request: parameters in the query for GET, in a form body for
// POST.
func (c webhookCall) request(ctx context.Context) (*http.Request, error) {
	var form strings.Builder
	for i, kv := range c.params {
		if i > 0 {
			form.WriteByte('&')
		}
		form.WriteString(url.QueryEscape(kv[0]) + "=" + url.QueryEscape(kv[1]))
	}
	target, body := c.url, io.Reader(nil)
	if c.method == http.MethodGet {
		if form.Len() > 0 {
			sep := "?"
			if strings.Contains(target, "?") {
				sep = "&"
			}
			target += sep + form.String()
		}
	} else {
		body = strings.NewReader(form.String())
	}
	req, err := http.NewRequestWithContext(ctx, c.method, target, body)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Authorization", "KakaoAK "+c.adminKey)
	req.Header.Set("X-Kakao-Resource-ID", c.resourceID)
	req.Header.Set("User-Agent", "KakaoOpenAPI/1.0")
	return req, nil
}

// webhookSender sends webhooks off the request path, once each, and lets Close wait
// for them.
type webhookSender struct {
	client *http.Client
	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

func newWebhookSender(transport http.RoundTripper, timeout time.Duration) *webhookSender {
	if transport == nil {
		transport = &http.Transport{
			Proxy:                 nil,
			ResponseHeaderTimeout: timeout,
			MaxIdleConnsPerHost:   2,
			IdleConnTimeout:       30 * time.Second,
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &webhookSender{
		client: &http.Client{
			Transport:     transport,
			Timeout:       timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		ctx: ctx, cancel: cancel,
	}
}

// start runs fn in a goroutine unless the sender is closed.
func (s *webhookSender) start(fn func(ctx context.Context)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		fn(s.ctx)
	}()
	return true
}

// send makes one call, with no retry: the status answered, how long it took, and an
// error for anything but a 2XX (a redirect is not followed and counts as a failure).
func (s *webhookSender) send(ctx context.Context, c webhookCall) (int, time.Duration, error) {
	start := time.Now()
	req, err := c.request(ctx)
	if err != nil {
		return 0, 0, err
	}
	resp, err := s.client.Do(req)
	took := time.Since(start)
	if err != nil {
		return 0, took, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	switch {
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return resp.StatusCode, took, errors.New("answered " + echo(resp.Status) + ": redirects are not followed (Location: " + echo(resp.Header.Get("Location")) + ")")
	case resp.StatusCode < 200 || resp.StatusCode >= 300:
		return resp.StatusCode, took, errors.New("answered " + echo(resp.Status) + ", not 2XX (no retry)")
	}
	return resp.StatusCode, took, nil
}

// close refuses new calls and waits for those in flight, or cancels them when ctx ends;
// then it closes the client's idle connections (a server shutting down waits for a
// connection that never sent a request, such as a spare one the transport dialed).
func (s *webhookSender) close(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	defer s.client.CloseIdleConnections()
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		s.cancel()
		<-done
		return ctx.Err()
	}
}
