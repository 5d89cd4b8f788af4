package share

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestRawURLBase64IsEncodingBase64s: the failure page's payload is written as
// base64.RawURLEncoding writes it, for every length of a group's tail and every byte.
func TestRawURLBase64IsEncodingBase64s(t *testing.T) {
	var all strings.Builder
	for b := range 256 {
		all.WriteByte(byte(b))
	}
	tests := []struct {
		name string
		in   string
	}{
		{"nothing", ""},
		{"one byte", "a"},
		{"two bytes", "ab"},
		{"three bytes", "abc"},
		{"a JSON payload in UTF-8", `{"name":"KakaoError","message":"오늘의 디저트 ?>~"}`},
		{"every byte", all.String()},
		{"every byte, one byte off a group", all.String()[1:]},
		{"every byte, two bytes off a group", all.String()[2:]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, base64.RawURLEncoding.EncodeToString([]byte(tt.in)), rawURLBase64(tt.in))
		})
	}
}
