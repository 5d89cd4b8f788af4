package emulator

import (
	"strconv"
	"unicode/utf8"

	"github.com/kshare/kshare/share/jsvalue"
)

// Bounds of what an answer repeats of a request (see "Answers" in the package
// documentation).
const (
	// maxEcho is how many characters of one request value a message, page or Location
	// repeats: enough to recognize an app key, an origin or a URL.
	maxEcho = 100
	// maxMessage bounds a whole message (Kakao's msg, the preview's message, a failed
	// page's field): some are built by package share, which repeats keys as they are.
	maxMessage = 500
)

// bounded returns s when it has at most limit characters (Unicode code points; a byte
// that is not UTF-8 counts as one), else its first limit characters, cut between two,
// quoted as JSON with "…", then its length:
//
//	"abcd…" (500000 characters)
func bounded(s string, limit int) string {
	head, n, ok := cut(s, limit)
	if ok {
		return s
	}
	return jsvalue.QuoteJSON(head+"…") + " (" + strconv.Itoa(n) + " characters)"
}

// cut returns the first limit characters of s and the number of characters of s; ok
// reports that s has no more than limit, head is then s.
func cut(s string, limit int) (head string, n int, ok bool) {
	if len(s) <= limit { // a character takes at least one byte
		return s, utf8.RuneCountInString(s), true
	}
	end := 0
	for n = 0; end < len(s); n++ {
		if n == limit {
			head = s[:end]
		}
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
	}
	if n <= limit {
		return s, n, true
	}
	return head, n, false
}

// echo is a request value in a message that repeats it as it is, as Kakao's own do
// ("invalid app key: <key>"): s when short, else bounded.
func echo(s string) string { return bounded(s, maxEcho) }

// quote is a value in a message that quotes it: s as a JSON string when short, else
// bounded (which quotes its head).
func quote(s string) string {
	if _, _, ok := cut(s, maxEcho); ok {
		return jsvalue.QuoteJSON(s)
	}
	return bounded(s, maxEcho)
}
