package emulator_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/web/emulator"
)

// imageInfo is the "original" of kapi's image answer.
type imageInfo struct {
	URL         string `json:"url"`
	Length      int    `json:"length"`
	ContentType string `json:"content_type"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
}

func decodeImage(t *testing.T, body string) imageInfo {
	t.Helper()
	var ans struct {
		Infos struct {
			Original imageInfo `json:"original"`
		} `json:"infos"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &ans), body)
	return ans.Infos.Original
}

func encodePNG(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{R: 254, G: 229, A: 255})
	require.NoError(t, png.Encode(&buf, img))
	return buf.Bytes()
}

func encodeJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, jpeg.Encode(&buf, image.NewRGBA(image.Rect(0, 0, w, h)), nil))
	return buf.Bytes()
}

func encodeGIF(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, gif.Encode(&buf, image.NewPaletted(image.Rect(0, 0, w, h), []color.Color{color.Black, color.White}), nil))
	return buf.Bytes()
}

// part is one multipart part.
type part struct {
	name, filename string
	data           []byte
}

func multipartBody(t *testing.T, parts ...part) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		w, err := mw.CreateFormFile(p.name, p.filename)
		require.NoError(t, err)
		_, err = w.Write(p.data)
		require.NoError(t, err)
	}
	require.NoError(t, mw.Close())
	return mw.FormDataContentType(), buf.Bytes()
}

// imageRequest builds a kapi image request as kshare does, with body.
func (h *harness) imageRequest(r share.HTTPRequest, contentType string, body io.Reader) *http.Request {
	h.t.Helper()
	req, err := http.NewRequest(r.Method, r.URL, body)
	require.NoError(h.t, err)
	for _, hd := range r.Header {
		req.Header.Set(hd.Name, hd.Value)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req
}

func (h *harness) do(req *http.Request) (int, string) {
	h.t.Helper()
	resp, err := h.client.Do(req)
	require.NoError(h.t, err)
	defer resp.Body.Close()
	return resp.StatusCode, readBody(h.t, resp)
}

func (h *harness) upload(env share.Env, parts ...part) (int, string) {
	h.t.Helper()
	ct, body := multipartBody(h.t, parts...)
	return h.do(h.imageRequest(share.UploadRequest(env, h.hosts), ct, bytes.NewReader(body)))
}

var demoEnv = desktopEnv(emulator.DemoAppKey, demoOrigin)

func TestUploadDecodesImages(t *testing.T) {
	tests := []struct {
		name        string
		data        func(t *testing.T) []byte
		contentType string
		w, h        int
	}{
		{"png", func(t *testing.T) []byte { return encodePNG(t, 3, 2) }, "image/png", 3, 2},
		{"jpeg", func(t *testing.T) []byte { return encodeJPEG(t, 5, 4) }, "image/jpeg", 5, 4},
		{"gif", func(t *testing.T) []byte { return encodeGIF(t, 7, 6) }, "image/gif", 7, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			data := tt.data(t)
			status, body := h.upload(demoEnv, part{"file", "x.bin", data})
			require.Equal(t, http.StatusOK, status, body)
			info := decodeImage(t, body)
			assert.Equal(t, imageInfo{URL: info.URL, Length: len(data), ContentType: tt.contentType, Width: tt.w, Height: tt.h}, info)
			assert.True(t, strings.HasPrefix(info.URL, h.srv.URL+"/images/"), info.URL)

			resp := h.get(info.URL)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, tt.contentType, resp.Header.Get("Content-Type"))
			assert.Equal(t, string(data), readBody(t, resp))

			_, err := share.ParseImageAnswer(status, body)
			assert.NoError(t, err)
		})
	}
}

func TestUploadRefusals(t *testing.T) {
	pngData := encodePNG(t, 1, 1)
	tests := []struct {
		name   string
		env    share.Env
		parts  []part
		status int
		want   kakaoBody
	}{
		{"a text file", demoEnv, []part{{"file", "a.txt", []byte("hello, not an image")}}, 400,
			kakaoBody{-911, "unsupported image format: the Kakao emulator accepts PNG, JPEG and GIF"}},
		{"two files", demoEnv, []part{{"file", "a.png", pngData}, {"file", "b.png", pngData}}, 400,
			kakaoBody{-606, "too many images: the Kakao emulator takes one file per upload"}},
		{"no file part", demoEnv, []part{{"other", "a.png", pngData}}, 400,
			kakaoBody{-2, "file is required: send the image as a multipart part named file"}},
		{"over 5 MB", demoEnv, []part{{"file", "big.png", append(pngData, make([]byte, 6<<20)...)}}, 400,
			kakaoBody{-602, "image too large: the limit is 5 MB (5242880 bytes)"}},
		{"unknown key", desktopEnv("nope", demoOrigin), []part{{"file", "a.png", pngData}}, 401, kakaoBody{-401, "invalid app key: nope"}},
		{"foreign origin", desktopEnv(emulator.DemoAppKey, "http://evil.example"), []part{{"file", "a.png", pngData}}, 401,
			kakaoBody{-401, "domain mismatched! caller=http://evil.example. check out registered web domains."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			status, body := h.upload(tt.env, tt.parts...)
			assert.Equal(t, tt.status, status)
			assert.Equal(t, tt.want, decodeKakao(t, body))
		})
	}
}

// countingReader counts the bytes read from it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestUploadStopsReadingAtTheLimit(t *testing.T) {
	h := newHarness(t)
	ct, body := multipartBody(t, part{"file", "big.png", append(encodePNG(t, 1, 1), make([]byte, 6<<20)...)})
	tests := []struct {
		name          string
		contentLength int64 // 0: unknown (chunked)
		wantReadBelow int
	}{
		{name: "length unknown: read up to the limit", wantReadBelow: share.MaxImageBytes + 64<<10},
		{name: "length announced: nothing read", contentLength: int64(len(body)), wantReadBelow: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			counter := &countingReader{r: bytes.NewReader(body)}
			req := h.imageRequest(share.UploadRequest(demoEnv, h.hosts), ct, counter)
			req.ContentLength = tt.contentLength
			w := httptest.NewRecorder()

			h.em.ServeHTTP(w, req)

			assert.Equal(t, http.StatusBadRequest, w.Code)
			assert.Equal(t, kakaoBody{-602, "image too large: the limit is 5 MB (5242880 bytes)"}, decodeKakao(t, w.Body.String()))
			assert.Less(t, counter.n, tt.wantReadBelow, "read %d bytes of %d", counter.n, len(body))
		})
	}
}

func TestImagesExpireAfter100Days(t *testing.T) {
	h := newHarness(t)
	status, body := h.upload(demoEnv, part{"file", "a.png", encodePNG(t, 2, 2)})
	require.Equal(t, http.StatusOK, status)
	u := decodeImage(t, body).URL

	h.clock.Advance(emulator.ImageRetention - 1)
	assert.Equal(t, http.StatusOK, h.get(u).StatusCode)
	h.clock.Advance(1)
	assert.Equal(t, http.StatusNotFound, h.get(u).StatusCode)
}

func TestDeleteImage(t *testing.T) {
	h := newHarness(t)
	status, body := h.upload(demoEnv, part{"file", "a.png", encodePNG(t, 2, 2)})
	require.Equal(t, http.StatusOK, status)
	u := decodeImage(t, body).URL

	other := newHarness(t) // another emulator knows nothing of it
	_, otherBody := other.do(other.imageRequest(share.DeleteImageRequest(demoEnv, other.hosts, u), "", nil))
	assert.Equal(t, -2, decodeKakao(t, otherBody).Code)

	status, body = h.do(h.imageRequest(share.DeleteImageRequest(demoEnv, h.hosts, u), "", nil))
	assert.Equal(t, http.StatusOK, status)
	assert.Empty(t, body)
	assert.Equal(t, http.StatusNotFound, h.get(u).StatusCode)

	status, body = h.do(h.imageRequest(share.DeleteImageRequest(demoEnv, h.hosts, u), "", nil))
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, kakaoBody{-2, "image_url is not an image this app uploaded to the Kakao emulator (or it has expired): " + u}, decodeKakao(t, body))
}

func TestScrapImage(t *testing.T) {
	pngData := encodePNG(t, 4, 3)
	pages := newOGServer(t, "")
	tests := []struct {
		name   string
		url    string
		status int
		want   imageInfo
		err    kakaoBody
	}{
		{name: "from a loopback server", url: pages.URL + "/cake.png", status: 200,
			want: imageInfo{Length: len(pngData), ContentType: "image/png", Width: 4, Height: 3}},
		{name: "via localhost", url: strings.Replace(pages.URL, "127.0.0.1", "localhost", 1) + "/cake.png", status: 200,
			want: imageInfo{Length: len(pngData), ContentType: "image/png", Width: 4, Height: 3}},
		{name: "not loopback", url: "http://192.0.2.1/cake.png", status: 400, err: kakaoBody{-2,
			"image_url must be on a loopback address (127.0.0.1, ::1, localhost): the Kakao emulator fetches nothing from 192.0.2.1"}},
		{name: "redirect away from loopback", url: pages.URL + "/away", status: 400, err: kakaoBody{-2,
			`cannot fetch image_url: Get "http://192.0.2.1/cake.png": dial tcp 192.0.2.1:80: the Kakao emulator fetches from loopback addresses only (127.0.0.0/8, ::1)`}},
		{name: "not found", url: pages.URL + "/missing.png", status: 400, err: kakaoBody{-2, "cannot fetch image_url: answered 404 Not Found"}},
		{name: "not an image", url: pages.URL + "/dessert", status: 400, err: kakaoBody{-911, "unsupported image format: the Kakao emulator accepts PNG, JPEG and GIF"}},
		{name: "too large", url: pages.URL + "/big.png", status: 400, err: kakaoBody{-602, "image too large: the limit is 5 MB (5242880 bytes)"}},
		{name: "not a URL", url: "ftp://127.0.0.1/x.png", status: 400, err: kakaoBody{-2, `image_url must be an absolute http(s) URL, got "ftp://127.0.0.1/x.png"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			r := share.ScrapImageRequest(demoEnv, h.hosts, tt.url)
			status, body := h.do(h.imageRequest(r, "", strings.NewReader(r.Body)))
			require.Equal(t, tt.status, status, body)
			if tt.status != http.StatusOK {
				assert.Equal(t, tt.err, decodeKakao(t, body))
				return
			}
			info := decodeImage(t, body)
			tt.want.URL = info.URL
			assert.Equal(t, tt.want, info)
			served := h.get(info.URL)
			assert.Equal(t, string(pngData), readBody(t, served))
		})
	}
}

// newOGServer serves, on 127.0.0.1: /dessert (the html given), /cake.png (a 4×3 PNG),
// /big.png (6 MB), /away (a redirect to a non-loopback address); 404 otherwise.
func newOGServer(t *testing.T, html string) *httptest.Server {
	t.Helper()
	img := encodePNG(t, 4, 3)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/", "/dessert":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = io.WriteString(w, html)
		case "/cake.png":
			w.Header().Set("Content-Type", "image/png")
			_, _ = w.Write(img)
		case "/big.png":
			_, _ = w.Write(append(append([]byte(nil), img...), make([]byte, 6<<20)...))
		case "/away":
			http.Redirect(w, r, "http://192.0.2.1/cake.png", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}
