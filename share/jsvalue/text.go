package jsvalue

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// FormatNumber formats f as JavaScript's Number.prototype.toString does: the shortest
// digits that read back as f, in plain notation for magnitudes from 1e-7 up to 1e21 and
// in exponent notation ("1e+21", "1.5e-7") outside; "NaN", "Infinity", "-Infinity";
// negative zero prints as "0".
func FormatNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	}
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	// "d.ddde±x": the shortest round-tripping digits and the decimal exponent.
	e := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	x, _ := strconv.Atoi(exp)
	k, n := len(digits), x+1 // n: position of the decimal point relative to the digits
	switch {
	case k <= n && n <= 21:
		return sign + digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return sign + digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return sign + "0." + strings.Repeat("0", -n) + digits
	}
	out := sign + digits[:1]
	if k > 1 {
		out += "." + digits[1:]
	}
	if n-1 >= 0 {
		return out + "e+" + strconv.Itoa(n-1)
	}
	return out + "e-" + strconv.Itoa(1-n)
}

// EncodeURIComponent percent-encodes s as JavaScript's encodeURIComponent does: every
// UTF-8 byte except A–Z a–z 0–9 - _ . ! ~ * ' ( ) becomes %XX with upper-case hex.
func EncodeURIComponent(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if uriUnreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func uriUnreserved(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-_.!~*'()", c) >= 0
}

// UTF16Len returns the length of s as JavaScript counts it: UTF-16 code units, two for
// every character outside the Basic Multilingual Plane.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// utf16Units splits s into its UTF-16 code units, each as a one-unit string's rune
// (a surrogate half becomes U+FFFD).
func utf16Units(s string) []rune {
	units := utf16.Encode([]rune(s))
	out := make([]rune, len(units))
	for i, u := range units {
		r := rune(u)
		if utf16.IsSurrogate(r) {
			r = utf8.RuneError
		}
		out[i] = r
	}
	return out
}
