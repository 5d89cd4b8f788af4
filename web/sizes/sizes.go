// Package sizes measures what a page downloads: the gzip (-9) and brotli (11) size of
// a file, as web/cmd/sizes prints them and make bench checks them against budgets.
package sizes

import (
	"bytes"
	"compress/gzip"

	"github.com/andybalholm/brotli"
)

// Gzip returns the size of b compressed with gzip at its best compression (gzip -9).
func Gzip(b []byte) int {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // a valid level: no error
	zw.Write(b)
	zw.Close()
	return buf.Len()
}

// Brotli returns the size of b compressed with brotli at quality 11.
func Brotli(b []byte) int {
	var buf bytes.Buffer
	bw := brotli.NewWriterLevel(&buf, brotli.BestCompression)
	bw.Write(b)
	bw.Close()
	return buf.Len()
}
