package inbox

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"
)

// serveStream sends the entries as server-sent events until the client goes away or
// the inbox closes.
func (in *Inbox) serveStream(w http.ResponseWriter, r *http.Request) {
	select {
	case <-in.closing:
		http.Error(w, "inbox closed", http.StatusServiceUnavailable)
		return
	default:
	}
	after := in.streamStart(r)
	hdr := w.Header()
	hdr.Set("Content-Type", "text/event-stream")
	hdr.Set("Cache-Control", "no-cache")
	hdr.Set("X-Accel-Buffering", "no") // ask reverse proxies not to buffer
	sse := &eventWriter{w: w, rc: http.NewResponseController(w), writeTimeout: in.writeTimeout}
	sse.comment("connected")
	heartbeat := time.NewTicker(in.heartbeat)
	defer heartbeat.Stop()
	for sse.err == nil {
		entries, changed := in.since(after)
		for _, e := range entries {
			sse.event(e.Seq, e)
			after = e.Seq
		}
		sse.flush()
		select {
		case <-changed:
		case <-heartbeat.C:
			sse.comment("heartbeat")
		case <-r.Context().Done():
			return
		case <-in.closing:
			return
		}
	}
}

// eventWriter writes the text/event-stream format, each write with its own deadline
// writeTimeout ahead (the server's WriteTimeout would otherwise end the stream); after
// the first write error it writes nothing more and keeps the error.
type eventWriter struct {
	w            io.Writer
	rc           *http.ResponseController
	writeTimeout time.Duration
	err          error
}

// comment writes ": text" and flushes it.
func (s *eventWriter) comment(text string) {
	s.write(": " + text + "\n\n")
	s.flush()
}

// event writes one event with its id and v as JSON data on one line.
func (s *eventWriter) event(id uint64, v any) {
	data, err := json.Marshal(v) // JSON holds no raw newline, so it is one data line
	if err != nil {
		s.err = err
		return
	}
	s.write("id: " + strconv.FormatUint(id, 10) + "\ndata: " + string(data) + "\n\n")
}

func (s *eventWriter) write(text string) {
	if s.err == nil {
		// The error is ErrNotSupported for a writer without a connection, which then
		// writes without a deadline.
		_ = s.rc.SetWriteDeadline(time.Now().Add(s.writeTimeout))
		_, s.err = io.WriteString(s.w, text)
	}
}

func (s *eventWriter) flush() {
	if s.err == nil {
		s.err = s.rc.Flush()
	}
}
