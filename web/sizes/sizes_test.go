package sizes

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSizes(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
	}{
		{"nothing", nil},
		{"repetitive text", bytes.Repeat([]byte("kshare "), 1000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gz, br := Gzip(tt.in), Brotli(tt.in)
			assert.Positive(t, gz, "a gzip stream has a header")
			assert.Positive(t, br)
			if len(tt.in) > 1000 {
				assert.Less(t, gz, len(tt.in)/10, "7,000 bytes of one word compress")
				assert.Less(t, br, len(tt.in)/10)
			}
		})
	}
}
