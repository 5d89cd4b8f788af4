package webhook

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync"
)

// Handler is an http.Handler that receives Kakao's share webhook; see the package
// documentation for what it accepts and answers. Create it with [New]. It is safe for
// concurrent use.
type Handler struct {
	wantAuth [sha256.Size]byte // SHA-256 of the whole expected Authorization value
	deliver  func(context.Context, Event)
	settings settings
	recent   *recentIDs

	// baseCtx is the parent of every delivery's context; Close cancels it when it
	// gives up waiting.
	baseCtx    context.Context
	cancelBase context.CancelFunc

	mu       sync.Mutex // guards closed and the Add half of inFlight
	closed   bool
	inFlight sync.WaitGroup
}

// New returns a Handler that accepts webhook calls authorized with adminKey (the app's
// admin key, sent as "Authorization: KakaoAK <adminKey>") and passes each new event to
// deliver, in a goroutine of its own, after the 200 answer has been written. deliver's
// context ends after the deliver timeout ([WithDeliverTimeout]); a panic in deliver is
// recovered and logged ([WithLogger]).
//
// New panics if adminKey is empty or deliver is nil: both are programming errors.
func New(adminKey string, deliver func(context.Context, Event), opts ...Option) *Handler {
	if adminKey == "" {
		panic("webhook: New with an empty admin key")
	}
	if deliver == nil {
		panic("webhook: New with a nil deliver function")
	}
	s := defaultSettings()
	for _, opt := range opts {
		opt(&s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Handler{
		wantAuth:   sha256.Sum256([]byte("KakaoAK " + adminKey)),
		deliver:    deliver,
		settings:   s,
		recent:     newRecentIDs(s.dedupMaxIDs, s.dedupMaxAge),
		baseCtx:    ctx,
		cancelBase: cancel,
	}
}

// ServeHTTP checks r, answers it, and starts the delivery of a new event.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ev, err := h.parse(w, r)
	if err != nil {
		if err.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", "GET, POST")
		}
		writeJSON(w, err.status, err)
		return
	}
	if !h.reserve() {
		writeJSON(w, http.StatusServiceUnavailable, &requestError{Msg: "webhook receiver is shutting down"})
		return
	}
	if !h.recent.add(ev.ResourceID, ev.ReceivedAt) {
		h.inFlight.Done()
		writeJSON(w, http.StatusOK, status{"duplicate"})
		return
	}
	writeJSON(w, http.StatusOK, status{"accepted"})
	_ = http.NewResponseController(w).Flush() // the answer leaves before deliver runs
	go h.runDeliver(ev)
}

// Close stops accepting webhook calls (they are answered 503) and waits for the
// deliveries still running. If ctx ends first, Close cancels their contexts and returns
// ctx.Err() without waiting further. Close may be called more than once.
func (h *Handler) Close(ctx context.Context) error {
	h.mu.Lock()
	h.closed = true
	h.mu.Unlock()
	done := make(chan struct{})
	go func() {
		h.inFlight.Wait()
		close(done)
	}()
	select {
	case <-done:
		h.cancelBase()
		return nil
	case <-ctx.Done():
		h.cancelBase()
		return ctx.Err()
	}
}

// parse returns the event r carries, or why r is refused.
func (h *Handler) parse(w http.ResponseWriter, r *http.Request) (Event, *requestError) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		return Event{}, &requestError{status: http.StatusMethodNotAllowed, Msg: "method must be GET or POST"}
	}
	if !h.authorized(r) {
		return Event{}, &requestError{status: http.StatusUnauthorized, Msg: "wrong or missing admin key", Field: headerAuthorization}
	}
	id, err := resourceID(r)
	if err != nil {
		return Event{}, err
	}
	params, err := readParams(w, r, h.settings.maxBodyBytes)
	if err != nil {
		return Event{}, err
	}
	ev, err := newEvent(params)
	if err != nil {
		return Event{}, err
	}
	ev.ResourceID = id
	ev.Method = r.Method
	ev.UserAgent = r.UserAgent()
	ev.ReceivedAt = h.settings.now()
	return ev, nil
}

// authorized compares the Authorization header with the expected one in constant time.
// Comparing digests makes the time independent of the key's length as well.
func (h *Handler) authorized(r *http.Request) bool {
	values := r.Header.Values(headerAuthorization)
	if len(values) != 1 {
		return false
	}
	got := sha256.Sum256([]byte(values[0]))
	return subtle.ConstantTimeCompare(got[:], h.wantAuth[:]) == 1
}

// reserve counts one more delivery in flight, unless the handler is closed.
func (h *Handler) reserve() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	h.inFlight.Add(1)
	return true
}

// runDeliver calls deliver with a context bounded by the deliver timeout and recovers
// its panic.
func (h *Handler) runDeliver(ev Event) {
	defer h.inFlight.Done()
	ctx := h.baseCtx
	if h.settings.deliverTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, h.settings.deliverTimeout)
		defer cancel()
	}
	defer func() {
		if v := recover(); v != nil {
			h.settings.logger.Error("webhook: deliver panicked",
				"resource_id", ev.ResourceID, "panic", v, "stack", string(debug.Stack()))
		}
	}()
	h.deliver(ctx, ev)
}

// status is the body of a 200 answer.
type status struct {
	Status string `json:"status"`
}

// writeJSON answers with code and v as a JSON body.
func writeJSON(w http.ResponseWriter, code int, v any) {
	body, err := json.Marshal(v)
	if err != nil { // unreachable: v is one of this package's plain structs
		body = []byte(`{"error":"internal error"}`)
		code = http.StatusInternalServerError
	}
	body = append(body, '\n')
	hdr := w.Header()
	hdr.Set("Content-Type", "application/json")
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	_, _ = w.Write(body)
}
