package static

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/andybalholm/brotli"
)

// encoding is a content coding the handler can serve.
type encoding int

// The codings, in the server's order of preference when a client accepts several
// equally: the smallest first.
const (
	brotliEncoding encoding = iota
	gzipEncoding
	identityEncoding
	numEncodings
)

// codings describes each encoding: its Accept-Encoding token, the extension of a
// precompressed sibling file and the suffix of its on-the-fly ETag.
var codings = [numEncodings]struct {
	token      string
	siblingExt string
	compress   func(dst io.Writer) io.WriteCloser
}{
	brotliEncoding: {
		token:      "br",
		siblingExt: ".br",
		// Quality 9 compresses a 5 MB wasm in about half a second; 11 takes ~20 times
		// longer for ~10% less. Precompressed siblings from the build carry the best.
		compress: func(dst io.Writer) io.WriteCloser { return brotli.NewWriterLevel(dst, 9) },
	},
	gzipEncoding: {
		token:      "gzip",
		siblingExt: ".gz",
		compress: func(dst io.Writer) io.WriteCloser {
			w, _ := gzip.NewWriterLevel(dst, gzip.BestCompression) // the level is valid
			return w
		},
	},
	identityEncoding: {token: "identity"},
}

// compress returns all of r encoded with e (brotli or gzip).
func compress(e encoding, r io.Reader) ([]byte, error) {
	var buf bytes.Buffer
	w := codings[e].compress(&buf)
	if _, err := io.Copy(w, r); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// acceptedEncodings returns the encodings the request's Accept-Encoding header allows
// (RFC 9110 §12.5.3), best first: by q-value, then by the server's preference. A coding
// the header does not name takes the q-value of "*". Identity, when not named, is
// acceptable unless "*" has q=0, but after every coding the header accepts. Without the
// header only identity is returned. "x-gzip" is gzip; unknown codings and elements with
// an invalid q-value are ignored.
func acceptedEncodings(h http.Header) []encoding {
	values := h.Values("Accept-Encoding")
	if len(values) == 0 {
		return []encoding{identityEncoding}
	}
	const (
		unset     = -1.0
		fallbackQ = 1e-9 // below any q-value a header can state (three decimals)
	)
	q := [numEncodings]float64{unset, unset, unset}
	star := unset
	for _, element := range strings.Split(strings.Join(values, ","), ",") {
		token, weight, ok := parseCoding(element)
		if !ok {
			continue
		}
		switch token {
		case "*":
			star = weight
		case "x-gzip":
			token = "gzip"
		}
		for e := range numEncodings {
			if codings[e].token == token {
				q[e] = max(q[e], weight)
			}
		}
	}
	for e := range numEncodings {
		if q[e] != unset {
			continue
		}
		switch {
		case e == identityEncoding && star == 0:
			q[e] = 0
		case e == identityEncoding:
			q[e] = fallbackQ
		case star != unset:
			q[e] = star
		default:
			q[e] = 0
		}
	}
	var accepted []encoding
	for e := range numEncodings {
		if q[e] > 0 {
			accepted = append(accepted, e)
		}
	}
	slices.SortStableFunc(accepted, func(a, b encoding) int {
		switch {
		case q[a] > q[b]:
			return -1
		case q[a] < q[b]:
			return 1
		}
		return 0
	})
	return accepted
}

// parseCoding reads one Accept-Encoding element, "token" or "token;q=0.5", into its
// lower-case token and q-value.
func parseCoding(element string) (token string, q float64, ok bool) {
	token, params, _ := strings.Cut(element, ";")
	token = strings.ToLower(strings.TrimSpace(token))
	if token == "" {
		return "", 0, false
	}
	q = 1
	for param := range strings.SplitSeq(params, ";") {
		name, value, _ := strings.Cut(param, "=")
		if !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || f < 0 || f > 1 {
			return "", 0, false
		}
		q = f
	}
	return token, q, true
}
