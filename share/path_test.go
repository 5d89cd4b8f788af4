package share

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLowerASCII(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"ASCII", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1) KAKAOTALK 10.4.5", "mozilla/5.0 (iphone; cpu iphone os 18_1) kakaotalk 10.4.5"},
		{"Kelvin sign is k, as toLowerCase makes it", "\u212aAKAOTAL\u212a", "kakaotalk"},
		{"dotted capital I is i and a combining dot", "\u0130PHONE", "i\u0307phone"},
		{"other letters stay: their lower case holds no ASCII", "ÜBER Ω ĲSSELMEER 한국어", "Über Ω Ĳsselmeer 한국어"},
		{"a broken UTF-8 sequence stays", "A\xe2\x84", "a\xe2\x84"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, lowerASCII(tc.in))
		})
	}
}

// TestLowerASCIITellsAsToLowerDoes: for every rule's search, the text lowerASCII makes
// holds an ASCII word exactly where strings.ToLower's does (checked on a sample of
// user agents and on every character below U+10000 beside an ASCII word).
func TestLowerASCIITellsAsToLowerDoes(t *testing.T) {
	words := append(append([]string{"chrome/", " os ", "version/", "; wv)", "firefox", "http", "localhost"}, Browsers.Always...), Browsers.Mobile...)
	check := func(s string) {
		for _, w := range words {
			if strings.Contains(strings.ToLower(s), w) != strings.Contains(lowerASCII(s), w) {
				t.Errorf("%q: %q found by one and not the other", s, w)
			}
		}
	}
	for r := rune(0x80); r < 0x10000; r++ {
		if r >= 0xd800 && r < 0xe000 {
			continue
		}
		check("X" + string(r) + "IPHONE" + string(r) + "KAKAOTALK")
		check(string(r) + "akaotal" + string(r))
	}
	check("Mozilla/5.0 (Linux; Android 14; SM-S918N Build/UP1A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.0.0 Mobile Safari/537.36;KAKAOTALK 2410350")
}

// TestNumberAfter: the version after a prefix, read by hand (no strconv in the wasm).
func TestNumberAfter(t *testing.T) {
	tests := []struct {
		name, s, prefix string
		want            int
	}{
		{"Chrome's major version", "mozilla/5.0 chrome/120.0.6099.71 safari/537.36", "chrome/", 120},
		{"no prefix", "mozilla/5.0 firefox/121.0", "chrome/", 0},
		{"the first occurrence followed by digits", "chrome/x chrome/7", "chrome/", 7},
		{"a leading zero", "cpu os 09_1", " os ", 9},
		{"nothing after the prefix", "chrome/", "chrome/", 0},
		{"past 10⁹", "chrome/99999999999999999999999", "chrome/", 1e9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, numberAfter(tt.s, tt.prefix))
		})
	}
}
