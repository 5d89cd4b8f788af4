package webhook

import (
	"log/slog"
	"time"
)

// Option changes a default of [New].
type Option func(*settings)

type settings struct {
	maxBodyBytes   int64
	deliverTimeout time.Duration
	dedupMaxIDs    int
	dedupMaxAge    time.Duration
	now            func() time.Time
	logger         *slog.Logger
}

func defaultSettings() settings {
	return settings{
		maxBodyBytes:   64 << 10,
		deliverTimeout: 30 * time.Second,
		dedupMaxIDs:    10_000,
		dedupMaxAge:    24 * time.Hour,
		now:            time.Now,
		logger:         slog.Default(),
	}
}

// WithMaxBodyBytes sets the largest POST body, and the longest query string, accepted
// (default 64 KiB); a larger body is answered 413, a longer query string 414. Values
// below 1 are taken as 1.
func WithMaxBodyBytes(n int64) Option {
	return func(s *settings) { s.maxBodyBytes = max(n, 1) }
}

// WithDeliverTimeout sets the timeout of the context passed to the deliver function
// (default 30 s). Values of 0 or less mean no timeout; the context is still cancelled
// when [Handler.Close] gives up waiting.
func WithDeliverTimeout(d time.Duration) Option {
	return func(s *settings) { s.deliverTimeout = d }
}

// WithDedup sets how long a resource id is remembered to drop repeated webhook calls: an
// id is forgotten once maxIDs newer ids have arrived or once it is older than maxAge,
// whichever comes first (default 10,000 ids, 24 hours). maxIDs below 1 is taken as 1;
// maxAge of 0 or less forgets by count only. The memory held is about maxIDs ids.
func WithDedup(maxIDs int, maxAge time.Duration) Option {
	return func(s *settings) { s.dedupMaxIDs, s.dedupMaxAge = maxIDs, maxAge }
}

// WithClock sets the clock that stamps [Event.ReceivedAt] and ages remembered resource
// ids (default time.Now). A nil now keeps the default.
func WithClock(now func() time.Time) Option {
	return func(s *settings) {
		if now != nil {
			s.now = now
		}
	}
}

// WithLogger sets where a panic of the deliver function is logged (default
// slog.Default()). A nil logger keeps the default.
func WithLogger(l *slog.Logger) Option {
	return func(s *settings) {
		if l != nil {
			s.logger = l
		}
	}
}
