package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share/webhook"
)

// validCall is a valid Kakao GET webhook call with the given resource id.
func validCall(resourceID string) *http.Request {
	return call{
		query:   "CHAT_TYPE=MemoChat&HASH_CHAT_ID=hash-1",
		headers: kakaoHeaders(resourceID),
	}.request()
}

// fakeClock is a clock that tests move by hand.
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

func TestHandlerDropsRepeatedResourceID(t *testing.T) {
	events := newCollector()
	h := webhook.New(adminKey, events.deliver)

	first := serve(h, validCall("res-1"))
	second := serve(h, validCall("res-1"))
	other := serve(h, validCall("res-2"))

	assert.Equal(t, http.StatusOK, first.Code)
	assert.JSONEq(t, `{"status":"accepted"}`, first.Body.String())
	assert.Equal(t, http.StatusOK, second.Code)
	assert.JSONEq(t, `{"status":"duplicate"}`, second.Body.String())
	assert.JSONEq(t, `{"status":"accepted"}`, other.Body.String())
	closeHandler(t, h)
	close(events)
	var ids []string
	for ev := range events {
		ids = append(ids, ev.ResourceID)
	}
	assert.ElementsMatch(t, []string{"res-1", "res-2"}, ids, "each id delivered once, in any order")
}

func TestHandlerForgetsResourceIDs(t *testing.T) {
	tests := []struct {
		name       string
		maxIDs     int
		maxAge     time.Duration
		elapsed    time.Duration // clock advance before the repeat
		newerIDs   int           // other ids received before the repeat
		wantStatus string
	}{
		{name: "repeat within both limits", maxIDs: 3, maxAge: time.Hour, elapsed: 59 * time.Minute, newerIDs: 2, wantStatus: "duplicate"},
		{name: "repeat once maxAge has passed", maxIDs: 3, maxAge: time.Hour, elapsed: time.Hour, wantStatus: "accepted"},
		{name: "repeat after maxIDs newer ids", maxIDs: 3, maxAge: time.Hour, newerIDs: 3, wantStatus: "accepted"},
		{name: "no age limit keeps old ids", maxIDs: 3, maxAge: 0, elapsed: 1000 * time.Hour, wantStatus: "duplicate"},
		{name: "maxIDs below 1 remembers the last id", maxIDs: 0, maxAge: 0, wantStatus: "duplicate"},
		{name: "maxIDs below 1 forgets after one newer id", maxIDs: 0, maxAge: 0, newerIDs: 1, wantStatus: "accepted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{now: received}
			h := webhook.New(adminKey, newCollector().deliver,
				webhook.WithClock(clock.Now), webhook.WithDedup(tt.maxIDs, tt.maxAge))
			require.JSONEq(t, `{"status":"accepted"}`, serve(h, validCall("repeated")).Body.String())
			for i := range tt.newerIDs {
				require.JSONEq(t, `{"status":"accepted"}`, serve(h, validCall(fmt.Sprint("newer-", i))).Body.String())
			}
			clock.Advance(tt.elapsed)

			w := serve(h, validCall("repeated"))

			assert.Equal(t, http.StatusOK, w.Code)
			assert.JSONEq(t, `{"status":"`+tt.wantStatus+`"}`, w.Body.String())
			closeHandler(t, h)
		})
	}
}

func TestHandlerRefusedRequestLeavesResourceIDUnused(t *testing.T) {
	events := newCollector()
	h := webhook.New(adminKey, events.deliver)
	malformed := call{query: "CHAT_TYPE=MemoChat", headers: kakaoHeaders("res-1")}.request()
	require.Equal(t, http.StatusBadRequest, serve(h, malformed).Code)

	w := serve(h, validCall("res-1"))

	assert.JSONEq(t, `{"status":"accepted"}`, w.Body.String())
	assert.Equal(t, "res-1", events.next(t).ResourceID)
	closeHandler(t, h)
}

func TestHandlerAnswersBeforeSlowDeliver(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	h := webhook.New(adminKey, func(context.Context, webhook.Event) {
		close(started)
		<-release
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	req := validCall("res-1")
	req.RequestURI, req.URL.Scheme, req.URL.Host = "", "http", srv.Listener.Addr().String()
	client := &http.Client{Timeout: 2 * time.Second} // Kakao waits 3 s

	resp, err := client.Do(req)

	require.NoError(t, err, "the answer does not wait for deliver")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	require.NoError(t, resp.Body.Close())
	<-started
	close(release)
	closeHandler(t, h)
}

func TestHandlerCloseWaitsForDeliveries(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	finished := make(chan struct{}, 1)
	h := webhook.New(adminKey, func(context.Context, webhook.Event) {
		started <- struct{}{}
		<-release
		finished <- struct{}{}
	})
	require.Equal(t, http.StatusOK, serve(h, validCall("res-1")).Code)
	<-started
	closed := make(chan error, 1)

	go func() { closed <- h.Close(context.Background()) }()

	select {
	case <-closed:
		require.FailNow(t, "Close returned while a delivery was running")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	select {
	case err := <-closed:
		assert.NoError(t, err)
		assert.Len(t, finished, 1, "the delivery finished before Close returned")
	case <-time.After(5 * time.Second):
		require.FailNow(t, "Close did not return after the delivery finished")
	}
}

func TestHandlerCloseGivesUpWhenContextEnds(t *testing.T) {
	deliverCtx := make(chan context.Context, 1)
	h := webhook.New(adminKey, func(ctx context.Context, _ webhook.Event) {
		deliverCtx <- ctx
		<-ctx.Done()
	})
	require.Equal(t, http.StatusOK, serve(h, validCall("res-1")).Code)
	ctx := <-deliverCtx
	closeCtx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()

	err := h.Close(closeCtx)

	assert.ErrorIs(t, err, context.DeadlineExceeded)
	select {
	case <-ctx.Done():
		assert.ErrorIs(t, ctx.Err(), context.Canceled, "the delivery is told to stop")
	case <-time.After(5 * time.Second):
		require.FailNow(t, "the delivery's context was not cancelled")
	}
}

func TestHandlerAnswers503AfterClose(t *testing.T) {
	events := newCollector()
	h := webhook.New(adminKey, events.deliver)
	closeHandler(t, h)

	w := serve(h, validCall("res-1"))

	assert.Equal(t, http.StatusServiceUnavailable, w.Code)
	assert.JSONEq(t, `{"error":"webhook receiver is shutting down"}`, w.Body.String())
	assert.NoError(t, h.Close(context.Background()), "Close may be called again")
	assert.Empty(t, events)
}

func TestHandlerRecoversDeliverPanic(t *testing.T) {
	var logged bytes.Buffer
	events := newCollector()
	h := webhook.New(adminKey, func(ctx context.Context, ev webhook.Event) {
		if ev.ResourceID == "boom" {
			panic("deliver failed")
		}
		events.deliver(ctx, ev)
	}, webhook.WithLogger(slog.New(slog.NewJSONHandler(&logged, nil))))

	require.Equal(t, http.StatusOK, serve(h, validCall("boom")).Code)
	require.Equal(t, http.StatusOK, serve(h, validCall("after")).Code)

	assert.Equal(t, "after", events.next(t).ResourceID, "the handler keeps delivering")
	closeHandler(t, h)
	var record struct {
		Level      string `json:"level"`
		Msg        string `json:"msg"`
		ResourceID string `json:"resource_id"`
		Panic      string `json:"panic"`
	}
	require.NoError(t, json.Unmarshal(logged.Bytes(), &record), logged.String())
	assert.Equal(t, "ERROR", record.Level)
	assert.Equal(t, "webhook: deliver panicked", record.Msg)
	assert.Equal(t, "boom", record.ResourceID)
	assert.Equal(t, "deliver failed", record.Panic)
}

func TestHandlerDeliverContextTimeout(t *testing.T) {
	tests := []struct {
		name         string
		opts         []webhook.Option
		wantDeadline bool
		wantTimeout  time.Duration
	}{
		{name: "default 30 s", wantDeadline: true, wantTimeout: 30 * time.Second},
		{name: "configured", opts: []webhook.Option{webhook.WithDeliverTimeout(5 * time.Second)}, wantDeadline: true, wantTimeout: 5 * time.Second},
		{name: "zero means none", opts: []webhook.Option{webhook.WithDeliverTimeout(0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			type deadline struct {
				at time.Time
				ok bool
			}
			got := make(chan deadline, 1)
			h := webhook.New(adminKey, func(ctx context.Context, _ webhook.Event) {
				at, ok := ctx.Deadline()
				got <- deadline{at, ok}
			}, tt.opts...)
			start := time.Now()

			require.Equal(t, http.StatusOK, serve(h, validCall("res-1")).Code)

			d := <-got
			assert.Equal(t, tt.wantDeadline, d.ok)
			if tt.wantDeadline {
				assert.WithinRange(t, d.at, start.Add(tt.wantTimeout), time.Now().Add(tt.wantTimeout))
			}
			closeHandler(t, h)
		})
	}
}

func TestHandlerConcurrentCalls(t *testing.T) {
	const ids, copies = 40, 3
	var mu sync.Mutex
	delivered := map[string]int{}
	h := webhook.New(adminKey, func(_ context.Context, ev webhook.Event) {
		mu.Lock()
		defer mu.Unlock()
		delivered[ev.ResourceID]++
	})
	statuses := make(chan string, ids*copies)
	var wg sync.WaitGroup
	for i := range ids * copies {
		wg.Go(func() {
			w := serve(h, validCall(fmt.Sprint("res-", i%ids)))
			var body struct{ Status string }
			if assert.NoError(t, json.Unmarshal(w.Body.Bytes(), &body)) {
				statuses <- body.Status
			}
		})
	}

	wg.Wait()
	closeHandler(t, h)

	close(statuses)
	count := map[string]int{}
	for s := range statuses {
		count[s]++
	}
	assert.Equal(t, map[string]int{"accepted": ids, "duplicate": ids * (copies - 1)}, count)
	assert.Len(t, delivered, ids)
	for id, n := range delivered {
		assert.Equal(t, 1, n, "resource id %s delivered once", id)
	}
}
