// Package inbox is the demo's webhook inbox: it receives Kakao's share webhook (from
// the emulator, or from Kakao through a tunnel) with [webhook.Handler], keeps the last
// events in memory and shows them to the demo page.
//
// Mounted at [Prefix] ("/inbox/"), an [Inbox] answers:
//
//	GET|POST /inbox/webhook  the webhook itself, authorized with the demo app's admin key
//	                         (share/webhook documents the checks and answers)
//	GET /inbox/events        the events kept, oldest first, as a JSON array of [Entry]
//	GET /inbox/stream        server-sent events: one "id: <seq>" and "data: <Entry JSON>"
//	                         per event, a ": heartbeat" comment every 15 s
//
// The stream starts after the event named by the Last-Event-ID header (sent by an
// EventSource that reconnects) or by the query parameter since=<seq>; without either it
// sends only events that arrive later. So a page can fetch /inbox/events and then open
// /inbox/stream?since=<last seq it got> without missing or repeating an event. A seq
// above the last one given (the server restarted) starts from the first event kept.
// Streams end when the client goes away and when [Inbox.Close] is called.
//
// A stream outlives the server's WriteTimeout (net/http lifts the ReadTimeout itself
// once the request is read): through [http.ResponseController] each event and
// heartbeat gets its own write deadline ([WithWriteTimeout], 10 s by default), so a
// client that stops reading is dropped at the next write while a live one stays
// connected.
package inbox

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/kshare/kshare/share/webhook"
)

// DemoAdminKey is the admin key of the demo app, which the emulator sends in the
// webhook's Authorization header ("KakaoAK kshare-demo-admin-key").
const DemoAdminKey = "kshare-demo-admin-key"

// Prefix is the path an Inbox must be mounted at; its routes are below it.
const Prefix = "/inbox/"

// Entry is one event received, numbered from 1 in order of delivery. Its JSON form is
// the event's fields (see webhook.Event) plus "seq".
type Entry struct {
	Seq uint64 `json:"seq"`
	webhook.Event
}

// Inbox is an http.Handler for the routes under [Prefix]. Create it with [New].
type Inbox struct {
	receiver     *webhook.Handler
	routes       *http.ServeMux
	capacity     int
	heartbeat    time.Duration
	writeTimeout time.Duration

	mu      sync.Mutex
	entries []Entry       // oldest first, at most capacity
	lastSeq uint64        // Seq of the last entry recorded, 0 before the first
	changed chan struct{} // closed, and replaced, when an entry is recorded

	closing   chan struct{} // closed by Close: streams end
	closeOnce sync.Once
}

// Option changes a default of [New].
type Option func(*Inbox)

// WithCapacity sets how many events are kept (default 100); values below 1 are taken
// as 1.
func WithCapacity(n int) Option {
	return func(in *Inbox) { in.capacity = max(n, 1) }
}

// WithHeartbeat sets the interval of the stream's heartbeat comments (default 15 s),
// which keep proxies from closing an idle stream; values of 0 or less keep the default.
func WithHeartbeat(d time.Duration) Option {
	return func(in *Inbox) {
		if d > 0 {
			in.heartbeat = d
		}
	}
}

// WithWriteTimeout sets how long the stream may take to write one event or heartbeat
// (default 10 s); the write deadline is moved that far ahead before each. Values of 0
// or less keep the default.
func WithWriteTimeout(d time.Duration) Option {
	return func(in *Inbox) {
		if d > 0 {
			in.writeTimeout = d
		}
	}
}

// New returns an Inbox whose webhook accepts calls authorized with adminKey (the demo
// uses [DemoAdminKey]). It panics if adminKey is empty, like [webhook.New].
func New(adminKey string, opts ...Option) *Inbox {
	in := &Inbox{
		capacity:     100,
		heartbeat:    15 * time.Second,
		writeTimeout: 10 * time.Second,
		changed:      make(chan struct{}),
		closing:      make(chan struct{}),
	}
	for _, opt := range opts {
		opt(in)
	}
	in.receiver = webhook.New(adminKey, in.record)
	in.routes = http.NewServeMux()
	in.routes.Handle(Prefix+"webhook", in.receiver)
	in.routes.HandleFunc("GET "+Prefix+"events", in.serveEvents)
	in.routes.HandleFunc("GET "+Prefix+"stream", in.serveStream)
	return in
}

// ServeHTTP routes a request under [Prefix]; other paths answer 404.
func (in *Inbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	in.routes.ServeHTTP(w, r)
}

// Entries returns a copy of the events kept, oldest first.
func (in *Inbox) Entries() []Entry {
	entries, _ := in.since(0)
	return entries
}

// Close ends every open stream at once (new ones are answered 503), stops accepting
// webhook calls, and waits for the events being recorded or until ctx ends, returning
// ctx.Err() then. It may be called more than once.
func (in *Inbox) Close(ctx context.Context) error {
	in.closeOnce.Do(func() { close(in.closing) })
	return in.receiver.Close(ctx)
}

// record is the webhook's deliver function: it keeps ev and wakes the streams.
func (in *Inbox) record(_ context.Context, ev webhook.Event) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.lastSeq++
	in.entries = append(in.entries, Entry{Seq: in.lastSeq, Event: ev})
	if extra := len(in.entries) - in.capacity; extra > 0 {
		in.entries = append(in.entries[:0], in.entries[extra:]...)
	}
	close(in.changed)
	in.changed = make(chan struct{})
}

// since returns a copy of the entries after seq, and a channel closed at the next one.
func (in *Inbox) since(seq uint64) ([]Entry, <-chan struct{}) {
	in.mu.Lock()
	defer in.mu.Unlock()
	entries := []Entry{}
	for _, e := range in.entries {
		if e.Seq > seq {
			entries = append(entries, e)
		}
	}
	return entries, in.changed
}

// streamStart returns the seq after which a stream starts: the client's Last-Event-ID
// or since, else the last seq; one above the last seq restarts from 0.
func (in *Inbox) streamStart(r *http.Request) uint64 {
	in.mu.Lock()
	last := in.lastSeq
	in.mu.Unlock()
	for _, v := range []string{r.Header.Get("Last-Event-ID"), r.URL.Query().Get("since")} {
		if seq, err := strconv.ParseUint(v, 10, 64); err == nil {
			if seq > last {
				return 0
			}
			return seq
		}
	}
	return last
}

func (in *Inbox) serveEvents(w http.ResponseWriter, _ *http.Request) {
	body, err := json.Marshal(in.Entries())
	if err != nil { // unreachable: entries hold strings and a time
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(append(body, '\n'))
}
