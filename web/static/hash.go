package static

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
)

// hashLen is the length of a content hash in hex digits (48 bits).
const hashLen = 12

// ContentHash returns the short content hash of a file's bytes b: the first 12 hex
// digits (lower case) of SHA-256(b), the same as `sha256sum FILE | cut -c1-12`.
//
// The build stamps it into asset URLs as ?v=<hash>; [Handler] serves a file requested
// with the matching v as immutable, and uses the hash as the file's ETag.
func ContentHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:hashLen]
}

// readContentHash is ContentHash of everything r yields.
func readContentHash(r io.Reader) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil))[:hashLen], nil
}
