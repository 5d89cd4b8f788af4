package webhook

import (
	"sync"
	"time"
)

// recentIDs remembers the resource ids seen lately, so that a repeated webhook call is
// not delivered twice. It forgets an id once maxIDs newer ids have arrived or once it is
// older than maxAge (when maxAge > 0), whichever comes first, so its memory is bounded.
type recentIDs struct {
	maxIDs int
	maxAge time.Duration

	mu    sync.Mutex
	seen  map[string]time.Time
	order []string // ids oldest first; order[head:] are the live ones
	head  int
}

func newRecentIDs(maxIDs int, maxAge time.Duration) *recentIDs {
	return &recentIDs{maxIDs: max(maxIDs, 1), maxAge: maxAge, seen: make(map[string]time.Time)}
}

// add records id as seen at now and reports whether it was new.
func (r *recentIDs) add(id string, now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.forget(now)
	if _, ok := r.seen[id]; ok {
		return false
	}
	r.seen[id] = now
	r.order = append(r.order, id)
	if len(r.seen) > r.maxIDs {
		r.dropOldest()
	}
	return true
}

// forget drops the ids older than maxAge at now. Ids are added in clock order, so the
// expired ones are at the front.
func (r *recentIDs) forget(now time.Time) {
	if r.maxAge <= 0 {
		return
	}
	for r.head < len(r.order) && now.Sub(r.seen[r.order[r.head]]) >= r.maxAge {
		r.dropOldest()
	}
}

func (r *recentIDs) dropOldest() {
	delete(r.seen, r.order[r.head])
	r.order[r.head] = ""
	r.head++
	if r.head > len(r.order)/2 { // compact so that order does not grow without bound
		r.order = append(r.order[:0], r.order[r.head:]...)
		r.head = 0
	}
}
