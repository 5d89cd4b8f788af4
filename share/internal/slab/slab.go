// Package slab hands out lists of one type from a backing array kept from one use to
// the next, for programs that build a tree of short-lived lists per call (the engine
// serves one call at a time): once the array fits, a call allocates none of them.
package slab

// Of is a slab of T. Everything Take returns is valid until the next Reset, which hands
// the same memory out again. The zero value is empty and ready.
type Of[T any] struct {
	a []T
}

// Reset makes everything the slab handed out free for reuse.
func (s *Of[T]) Reset() { s.a = s.a[:0] }

// Take returns the next n items, a list of length and capacity n (appending past n
// copies it out of the slab), holding what the last use left there: callers set every
// item, or clear the list. When n do not fit, the slab first moves to an array at least
// twice as large; the old array stays with what was taken from it. Not inlined: it
// would cost kshare.wasm about 700 bytes a call site.
//
//go:noinline
func (s *Of[T]) Take(n int) []T {
	if n == 0 {
		return []T{}
	}
	if cap(s.a)-len(s.a) < n {
		s.a = make([]T, 0, max(n, 2*cap(s.a)))
	}
	start := len(s.a)
	s.a = s.a[:start+n]
	return s.a[start : start+n : start+n]
}
