package emulator

import (
	"bytes"
	"context"
	"image"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
)

// imageRef is one image of a message: the field it is reported at, its URL, the size
// the settings declare (0 when none), and whether it is a scrap's og:image.
type imageRef struct {
	field, url    string
	width, height float64
	og            bool
}

// messageImages lists the images of m's resolved template in field order: each
// image_url, profile_image_url and title_image_url. A scrap's own feed has one, the
// page's og:image, reported at requestUrl.
func messageImages(m *message) []imageRef {
	var out []imageRef
	var walk func(v jsvalue.Value, path string)
	walk = func(v jsvalue.Value, path string) {
		for i, e := range v.Elems {
			walk(e, path+"["+itoa(i)+"]")
		}
		for _, mb := range v.Members {
			field := mb.Key
			if path != "" {
				field = path + "." + mb.Key
			}
			switch mb.Key {
			case "image_url", "profile_image_url", "title_image_url":
				if mb.Value.Kind == jsvalue.String && mb.Value.Str != "" {
					out = append(out, imageRef{field: share.SettingsKey(field), url: mb.Value.Str,
						width: get(v, "image_width").Num, height: get(v, "image_height").Num})
				}
			default:
				walk(mb.Value, field)
			}
		}
	}
	walk(m.object, "")
	if m.scrapFeed() {
		for i := range out {
			out[i].field, out[i].og, out[i].width, out[i].height = "requestUrl", true, 0, 0
		}
	}
	return out
}

// fetchedImage is what fetching an image found.
type fetchedImage struct {
	err           error
	tooLarge      bool
	format        string
	width, height int
	length        int
	contentType   string
}

// fetchImage fetches a loopback image as Kakao's scrap server would fetch it: at most
// 5 MB, decoded as PNG, JPEG or GIF.
func (e *Emulator) fetchImage(ctx context.Context, raw string) fetchedImage {
	body, contentType, truncated, err := e.fetch(ctx, raw, share.MaxImageBytes)
	f := fetchedImage{err: err, tooLarge: truncated, length: len(body), contentType: contentType}
	if err != nil || truncated {
		return f
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(body))
	if _, ok := imageFormats[format]; err == nil && ok {
		f.format, f.width, f.height = strings.ToUpper(format), cfg.Width, cfg.Height
	}
	return f
}

// imageWarnings judges m's images. Those on loopback addresses are fetched, each once
// and all at the same time (the emulator fetches from loopback only, as its scrap
// does): one that cannot be fetched, is over 5 MB or is not an image is a warning, and
// a scrap's og:image that is not 2:1; the size of the others is a note. Images on other
// hosts are not fetched (the emulator works offline), which a note says. data:, blob:
// and relative URLs are the share doctor's.
func (e *Emulator) imageWarnings(ctx context.Context, m *message) []Warning {
	refs := messageImages(m)
	fetched := map[string]*fetchedImage{}
	var wg sync.WaitGroup
	var offline, hosts []string
	for _, r := range refs {
		u, err := url.Parse(r.url)
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "":
		case !isLoopbackHost(u.Hostname()):
			offline = append(offline, r.field)
			if host := strings.ToLower(u.Hostname()); !slices.Contains(hosts, host) {
				hosts = append(hosts, host)
			}
		case fetched[r.url] == nil:
			f := &fetchedImage{}
			fetched[r.url] = f
			wg.Go(func() { *f = e.fetchImage(ctx, r.url) })
		}
	}
	wg.Wait()
	var out []Warning
	for _, r := range refs {
		if f := fetched[r.url]; f != nil {
			if w, ok := imageWarning(m, r, *f); ok {
				out = append(out, w)
			}
		}
	}
	if len(offline) > 0 {
		m.notes = append(m.notes, clip("Not checked, as the Kakao emulator works offline and fetches images on loopback addresses only: "+
			strings.Join(offline, ", ")+" (on "+strings.Join(hosts, ", ")+").", maxMessage))
	}
	return out
}

// imageWarning judges one fetched image (and notes its size).
//
// Sources: Kakao Talk Share FAQ, "The image specified by the URL is not displayed": an
// image the Kakao scrap server cannot access, or over the 5 MB limit, is not shown;
// Kakao's DevTalk answer on og:image sizes (devtalk.kakao.com/t/og-image-og/139618):
// scrap images are optimized for 800×400 (2:1), the scrap's smart crop converts them to
// 800×400. Kakao documents no size or ratio for the images of feed, list and commerce
// messages, so those are only noted.
func imageWarning(m *message, r imageRef, f fetchedImage) (Warning, bool) {
	what := quote(r.url) + m.in()
	if r.og {
		what = "the page's og:image " + quote(r.url)
	}
	warn := func(code, message string) (Warning, bool) {
		return Warning{Code: code, Field: r.field, Message: what + message}, true
	}
	switch {
	case f.err != nil:
		return warn(WarnImageUnreachable, " could not be fetched ("+bounded(f.err.Error(), maxEcho)+
			"): KakaoTalk shows no image when Kakao's scrap server cannot fetch it; make the URL answer 200 with the image.")
	case f.tooLarge:
		return warn(WarnImageTooLarge, " is over 5 MB: Kakao does not show images over its 5 MB limit; make it smaller (or upload it with Kakao.Share.uploadImage, which refuses files over 5 MB).")
	case f.format == "":
		return warn(WarnImageUnreadable, " is not a PNG, JPEG or GIF image (Content-Type "+quote(f.contentType)+
			"), so the Kakao emulator cannot check it; make the URL answer with the image itself, not a page.")
	}
	size := itoa(f.width) + "×" + itoa(f.height)
	note := r.field + ": " + what + " is " + size + " (" + f.format + ", " + formatNumber(float64(f.length)) + " bytes)"
	if r.width > 0 && r.height > 0 && (int(r.width) != f.width || int(r.height) != f.height) {
		note += "; the settings say " + formatNumber(r.width) + "×" + formatNumber(r.height)
	}
	m.notes = append(m.notes, note+".")
	if r.og && (f.height == 0 || f.width*50 < f.height*98 || f.width*50 > f.height*102) {
		return warn(WarnImageCropped, " is "+size+": Kakao's scrap crops og:image to 800×400 (2:1), so part of it will not show; use a 2:1 image such as 800×400.")
	}
	return Warning{}, false
}
