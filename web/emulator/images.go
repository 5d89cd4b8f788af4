package emulator

import (
	"bytes"
	"errors"
	"image"
	_ "image/gif" // register the decoders DecodeConfig uses
	_ "image/jpeg"
	_ "image/png"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/kshare/kshare/share"
)

// maxImageStoreBytes bounds the memory the images take; the oldest go first beyond it.
const maxImageStoreBytes = 256 << 20

// imageFormats are the formats accepted: DecodeConfig's name → content type and
// extension.
var imageFormats = map[string]struct{ contentType, ext string }{
	"png":  {"image/png", "png"},
	"jpeg": {"image/jpeg", "jpg"},
	"gif":  {"image/gif", "gif"},
}

// storedImage is an uploaded or scrapped image.
type storedImage struct {
	name          string // <id>.<ext>
	appKey        string
	data          []byte
	contentType   string
	width, height int
	created       time.Time
}

// imageInfo is kapi's answer to an upload or a scrap.
type imageInfo struct {
	URL         string `json:"url"`
	Length      int    `json:"length"`
	ContentType string `json:"content_type"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
}

type imageAnswer struct {
	Infos struct {
		Original imageInfo `json:"original"`
	} `json:"infos"`
}

// imageStore keeps images in memory.
type imageStore struct {
	mu    sync.Mutex
	byKey map[string]*storedImage
	order []string // oldest first
	total int
}

func newImageStore() *imageStore { return &imageStore{byKey: map[string]*storedImage{}} }

func (s *imageStore) add(img *storedImage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byKey[img.name] = img
	s.order = append(s.order, img.name)
	s.total += len(img.data)
	for s.total > maxImageStoreBytes && len(s.order) > 1 {
		s.removeLocked(s.order[0])
	}
}

// get returns the image called name unless it has expired (then it is removed).
func (s *imageStore) get(name string, now time.Time) (*storedImage, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	img, ok := s.byKey[name]
	if ok && !now.Before(img.created.Add(ImageRetention)) {
		s.removeLocked(name)
		return nil, false
	}
	return img, ok
}

func (s *imageStore) remove(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.removeLocked(name)
}

func (s *imageStore) removeLocked(name string) {
	img, ok := s.byKey[name]
	if !ok {
		return
	}
	delete(s.byKey, name)
	s.total -= len(img.data)
	for i, n := range s.order {
		if n == name {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
}

// checkImage decodes the dimensions of data, or answers -911.
func checkImage(data []byte) (format string, cfg image.Config, kerr *kakaoError) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if _, ok := imageFormats[format]; err != nil || !ok {
		return "", image.Config{}, &kakaoError{status: http.StatusBadRequest, code: codeBadFormat,
			msg: "unsupported image format: the Kakao emulator accepts PNG, JPEG and GIF"}
	}
	return format, cfg, nil
}

func errTooLarge() *kakaoError {
	return &kakaoError{status: http.StatusBadRequest, code: codeTooLarge,
		msg: "image too large: the limit is 5 MB (" + itoa(share.MaxImageBytes) + " bytes)"}
}

// store keeps an image and returns kapi's answer.
func (e *Emulator) store(a *app, data []byte) (imageAnswer, *kakaoError) {
	format, cfg, kerr := checkImage(data)
	if kerr != nil {
		return imageAnswer{}, kerr
	}
	f := imageFormats[format]
	img := &storedImage{name: randomID(16) + "." + f.ext, appKey: a.appKey, data: data, contentType: f.contentType,
		width: cfg.Width, height: cfg.Height, created: e.clock()}
	e.images.add(img)
	var ans imageAnswer
	ans.Infos.Original = imageInfo{URL: e.base.String() + "/images/" + img.name, Length: len(data),
		ContentType: f.contentType, Width: cfg.Width, Height: cfg.Height}
	return ans, nil
}

// serveUpload is POST .../image/upload: one multipart part named file, at most 5 MB,
// enforced while reading.
func (e *Emulator) serveUpload(w http.ResponseWriter, r *http.Request) {
	a, kerr := e.authorizeKAPI(r)
	if kerr != nil {
		writeKAPIError(w, kerr)
		return
	}
	data, kerr := readUpload(w, r)
	if kerr != nil {
		if kerr.code == codeTooLarge || kerr.code == codeTooMany {
			w.Header().Set("Connection", "close") // the rest of the body is not read
		}
		writeKAPIError(w, kerr)
		return
	}
	ans, kerr := e.store(a, data)
	if kerr != nil {
		writeKAPIError(w, kerr)
		return
	}
	writeStruct(w, http.StatusOK, ans)
}

// maxUploadBytes bounds an upload's body: the image and 1 MiB of multipart around it.
const maxUploadBytes = share.MaxImageBytes + 1<<20

// readUpload reads the single part named file of a multipart body; other parts are
// skipped (64 KiB at most each). A body announced (Content-Length) or found longer
// than maxUploadBytes is -602.
func readUpload(w http.ResponseWriter, r *http.Request) ([]byte, *kakaoError) {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "multipart/form-data" {
		return nil, errParam("the upload must be multipart/form-data with a part named file")
	}
	if r.ContentLength > maxUploadBytes { // refused before a byte is read
		return nil, errTooLarge()
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadBytes)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, errParam("cannot read the multipart body: " + err.Error())
	}
	var data []byte
	files := 0
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, readError(err)
		}
		if part.FormName() != "file" {
			n, err := io.Copy(io.Discard, io.LimitReader(part, 64<<10+1))
			if err != nil {
				return nil, readError(err)
			}
			if n > 64<<10 {
				return nil, errParam("the part " + quote(part.FormName()) + " is too large; send only file parts")
			}
			continue
		}
		files++
		if files > 1 {
			return nil, &kakaoError{status: http.StatusBadRequest, code: codeTooMany,
				msg: "too many images: the Kakao emulator takes one file per upload"}
		}
		data, err = io.ReadAll(io.LimitReader(part, share.MaxImageBytes+1))
		if err != nil {
			return nil, readError(err)
		}
		if len(data) > share.MaxImageBytes {
			return nil, errTooLarge()
		}
	}
	if files == 0 {
		return nil, errParam("file is required: send the image as a multipart part named file")
	}
	return data, nil
}

// readError maps a failure to read the body: over the body limit is -602.
func readError(err error) *kakaoError {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return errTooLarge()
	}
	return errParam("cannot read the multipart body: " + err.Error())
}

// serveScrapImage is POST .../image/scrap with the form field image_url: the emulator
// fetches it from a loopback address and keeps it like an upload.
func (e *Emulator) serveScrapImage(w http.ResponseWriter, r *http.Request) {
	a, kerr := e.authorizeKAPI(r)
	if kerr != nil {
		writeKAPIError(w, kerr)
		return
	}
	if kerr := readForm(w, r, 64<<10, "the form"); kerr != nil {
		writeKAPIError(w, kerr)
		return
	}
	imageURL := r.PostForm.Get("image_url")
	if imageURL == "" {
		writeKAPIError(w, errParam("image_url is required"))
		return
	}
	u, err := httpURL(imageURL)
	if err != nil {
		writeKAPIError(w, errParam("image_url "+err.Error()))
		return
	}
	if !isLoopbackHost(u.Hostname()) {
		writeKAPIError(w, errParam("image_url must be on a loopback address (127.0.0.1, ::1, localhost): the Kakao emulator fetches nothing from "+echo(u.Host)))
		return
	}
	data, _, truncated, err := e.fetch(r.Context(), imageURL, share.MaxImageBytes)
	switch {
	case err != nil:
		writeKAPIError(w, errParam("cannot fetch image_url: "+err.Error()))
		return
	case truncated:
		writeKAPIError(w, errTooLarge())
		return
	}
	ans, kerr := e.store(a, data)
	if kerr != nil {
		writeKAPIError(w, kerr)
		return
	}
	writeStruct(w, http.StatusOK, ans)
}

// serveDeleteImage is DELETE .../image/delete?image_url=: it removes an image of the
// same app and answers 200 with an empty body.
func (e *Emulator) serveDeleteImage(w http.ResponseWriter, r *http.Request) {
	a, kerr := e.authorizeKAPI(r)
	if kerr != nil {
		writeKAPIError(w, kerr)
		return
	}
	if kerr := checkQuery(r); kerr != nil {
		writeKAPIError(w, kerr)
		return
	}
	imageURL := r.URL.Query().Get("image_url")
	if imageURL == "" {
		writeKAPIError(w, errParam("image_url is required"))
		return
	}
	u, err := url.Parse(imageURL)
	name, ok := "", false
	if err == nil {
		name, ok = strings.CutPrefix(u.Path, "/images/")
	}
	img, found := e.images.get(name, e.clock())
	if !ok || !found || img.appKey != a.appKey {
		writeKAPIError(w, errParam("image_url is not an image this app uploaded to the Kakao emulator (or it has expired): "+echo(imageURL)))
		return
	}
	e.images.remove(name)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
}

// serveImage serves an image for ImageRetention after it was stored.
func (e *Emulator) serveImage(w http.ResponseWriter, r *http.Request) {
	img, ok := e.images.get(r.PathValue("name"), e.clock())
	if !ok {
		http.Error(w, "no such image (images are kept 100 days)", http.StatusNotFound)
		return
	}
	h := w.Header()
	h.Set("Content-Type", img.contentType)
	h.Set("Cache-Control", "public, max-age=86400")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Access-Control-Allow-Origin", "*")
	http.ServeContent(w, r, img.name, img.created, bytes.NewReader(img.data))
}

// serveIcon is the emulator's app icon.
func serveIcon(w http.ResponseWriter, _ *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "image/svg+xml")
	h.Set("Cache-Control", "public, max-age=86400")
	_, _ = io.WriteString(w, iconSVG)
}

const iconSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">` +
	`<rect width="64" height="64" rx="14" fill="#FEE500"/>` +
	`<path d="M32 15c-10.5 0-19 6.6-19 14.8 0 5.3 3.6 10 9 12.6l-1.9 7c-.2.6.5 1.1 1 .7l8.3-5.5c.9.1 1.7.1 2.6.1 10.5 0 19-6.6 19-14.9S42.5 15 32 15z" fill="#3C1E1E"/>` +
	`<text x="32" y="35" font-family="sans-serif" font-size="11" font-weight="700" fill="#FEE500" text-anchor="middle">ks</text></svg>`
