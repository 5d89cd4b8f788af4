package jsvalue

import "github.com/kshare/kshare/share/internal/slab"

// Slab hands out the member and element lists of values from backing arrays it keeps
// from one use to the next, so that a program building a tree of values per call (the
// engine decoding a call, the session building a share's wire form) allocates little
// once the arrays fit. Everything taken from a Slab is valid until its next Reset: a
// Reset hands the same memory out again. A nil *Slab allocates every list afresh, so
// that a function taking a *Slab serves callers that keep what they get. The zero value
// is empty and ready.
type Slab struct {
	members slab.Of[Member]
	elems   slab.Of[Value]
}

// Reset makes everything the slab handed out free for reuse.
func (s *Slab) Reset() {
	if s != nil {
		s.members.Reset()
		s.elems.Reset()
	}
}

// Members returns an empty list with room for n members: appending past n copies the
// list out of the slab, never into what it hands out next.
func (s *Slab) Members(n int) []Member {
	if s == nil {
		return make([]Member, 0, n)
	}
	return s.members.Take(n)[:0]
}

// Elems returns a list of n zero values, whose capacity is n (as [Slab.Members]).
func (s *Slab) Elems(n int) []Value {
	if s == nil {
		return make([]Value, n)
	}
	e := s.elems.Take(n)
	clear(e)
	return e
}
