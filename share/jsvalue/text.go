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
	var buf [40]byte
	return string(appendNumber(buf[:0], f))
}

// appendNumber appends f as [FormatNumber] writes it to out and returns the extended
// buffer.
func appendNumber(out []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(out, "NaN"...)
	case math.IsInf(f, 1):
		return append(out, "Infinity"...)
	case math.IsInf(f, -1):
		return append(out, "-Infinity"...)
	case f == 0:
		return append(out, '0')
	}
	if f < 0 {
		out, f = append(out, '-'), -f
	}
	if f < 1<<53 && f == math.Trunc(f) {
		return strconv.AppendInt(out, int64(f), 10) // a whole number (most of a share's) is exact
	}
	// "d.ddde±x": the shortest round-tripping digits and the decimal exponent.
	var eb, db [32]byte
	e := strconv.AppendFloat(eb[:0], f, 'e', -1, 64)
	digits := db[:0]
	x, xsign := 0, 1
	for i := 0; i < len(e); i++ {
		switch c := e[i]; {
		case c == '.':
		case c == 'e':
			if e[i+1] == '-' {
				xsign = -1
			}
			for _, d := range e[i+2:] {
				x = x*10 + int(d-'0')
			}
			i = len(e)
		default:
			digits = append(digits, c)
		}
	}
	k, n := len(digits), xsign*x+1 // n: position of the decimal point relative to the digits
	switch {
	case k <= n && n <= 21:
		return appendZeros(append(out, digits...), n-k)
	case 0 < n && n <= 21:
		return append(append(append(out, digits[:n]...), '.'), digits[n:]...)
	case -6 < n && n <= 0:
		return append(appendZeros(append(out, '0', '.'), -n), digits...)
	}
	out = append(out, digits[0])
	if k > 1 {
		out = append(append(out, '.'), digits[1:]...)
	}
	if out = append(out, 'e', '+'); n-1 < 0 {
		out[len(out)-1] = '-'
	}
	return strconv.AppendInt(out, int64(max(n-1, 1-n)), 10)
}

// appendZeros appends n zeros to b.
func appendZeros(b []byte, n int) []byte {
	for ; n > 0; n-- {
		b = append(b, '0')
	}
	return b
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
