package e2e

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cakePNG is a 320×240 PNG: a warm gradient with a strawberry-red disc.
func cakePNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 320, 240))
	for y := range 240 {
		for x := range 320 {
			c := color.RGBA{R: 255, G: uint8(200 + x/8), B: uint8(120 + y/3), A: 255}
			if dx, dy := x-160, y-120; dx*dx+dy*dy < 60*60 {
				c = color.RGBA{R: 220, G: 40, B: 60, A: 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, img))
	return buf.Bytes()
}

// fetch GETs a URL and returns its status, content type and body.
func fetch(t *testing.T, url string) (int, string, []byte) {
	t.Helper()
	resp, err := httpClient.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header.Get("Content-Type"), b
}

// TestEmulatorUploadedImageInTheFeed: a real PNG goes through the file input and
// Kakao.Share.uploadImage; its URL serves the image; "Use in the feed" puts it into the
// feed, whose preview (the page's and the picker's) shows it. Then scrapImage and
// deleteImage on the same URL, and the errors of the image calls.
func TestEmulatorUploadedImageInTheFeed(t *testing.T) {
	s := startServer(t, serverConfig{})
	tab := openDemo(t, newBrowser(t), desktop, s, "")
	data := cakePNG(t)
	file := filepath.Join(t.TempDir(), "cake.png")
	require.NoError(t, os.WriteFile(file, data, 0o644))

	do(t, tab, "upload the PNG", chromedp.SetUploadFiles(chromedp.ID("upload-file"), []string{file}), chromedp.Click(chromedp.ID("upload-send")))
	imageURL := waitJS[string](t, tab, "the upload's answer", `!document.getElementById("upload-result").hidden && document.getElementById("upload-url").textContent`)
	require.True(t, strings.HasPrefix(imageURL, s.URL+"/images/") && strings.HasSuffix(imageURL, ".png"), imageURL)
	assert.Equal(t, "320 × 240 · image/png · "+strconv.Itoa(len(data))+" bytes", eval[string](t, tab, `document.getElementById("upload-size").textContent`))
	waitJS[bool](t, tab, "the thumbnail", `(i => i.src === "`+imageURL+`" && i.complete && i.naturalWidth === 320)(document.getElementById("upload-thumb"))`)

	status, contentType, body := fetch(t, imageURL)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, "image/png", contentType)
	assert.Equal(t, data, body, "the uploaded bytes, as they were")

	do(t, tab, "use it in the feed", chromedp.Click(chromedp.ID("upload-use")))
	waitJS[bool](t, tab, "the feed's preview with the image",
		`(r => { const i = r && r.querySelector("#kshare-preview img.hero"); return !!i && i.src === "`+imageURL+`" && i.complete && i.naturalWidth === 320 })(document.getElementById("preview-feed").shadowRoot)`)
	settings := eval[map[string]any](t, tab, `JSON.parse(document.getElementById("editor-feed").value)`)
	content := settings["content"].(map[string]any)
	assert.Equal(t, map[string]any{"imageUrl": imageURL, "imageWidth": float64(320), "imageHeight": float64(240)},
		map[string]any{"imageUrl": content["imageUrl"], "imageWidth": content["imageWidth"], "imageHeight": content["imageHeight"]})

	p := popup(t, tab, "#send-feed")
	do(t, p, "the picker's preview", chromedp.WaitVisible(chromedp.ID("kshare-preview")))
	assert.Equal(t, imageURL, attr(t, p, "#kshare-preview img.hero", "src"), "the picker shows the uploaded image")
	waitJS[bool](t, p, "the image in the picker", `document.querySelector("#kshare-preview img.hero").naturalWidth === 320`)
	pickAndSend(t, p, "feed", "memo", "picker-uploaded-image")
	waitClosed(t, p)
	assert.Equal(t, "feed", s.waitDelivery(t, 1).ObjectType)

	do(t, tab, "scrapImage", chromedp.Click(chromedp.ID("scrap-image-send")))
	scrapped := waitJS[string](t, tab, "scrapImage's answer",
		`(p => !p.hidden && p.textContent.startsWith("Kakao.Share.scrapImage()") && JSON.parse(p.textContent.slice(p.textContent.indexOf("\n"))).infos.original.url)(document.getElementById("image-result"))`)
	assert.NotEqual(t, imageURL, scrapped)
	status, _, body = fetch(t, scrapped)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, data, body, "the emulator fetched the loopback image")

	do(t, tab, "deleteImage", chromedp.Click(chromedp.ID("delete-image-send")))
	waitJS[bool](t, tab, "deleteImage's answer", `(p => !p.hidden && p.textContent.startsWith("Kakao.Share.deleteImage()"))(document.getElementById("image-result"))`)
	status, _, _ = fetch(t, imageURL)
	assert.Equal(t, http.StatusNotFound, status, "a deleted image is gone")

	t.Run("errors of the image calls", func(t *testing.T) {
		tests := []struct {
			name        string
			steps       []chromedp.Action[chromedp.Void]
			code, field string
		}{
			{"deleting it again: Kakao's -2", []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.ID("delete-image-send"))}, "-2", ""},
			{"a file that is not an image", []chromedp.Action[chromedp.Void]{
				chromedp.Evaluate[chromedp.Void](`(() => { const d = new DataTransfer(); d.items.add(new File(["hello"], "notes.txt", {type: "text/plain"}));
					document.getElementById("upload-file").files = d.files })()`),
				chromedp.Click(chromedp.ID("upload-send"))}, "not-an-image", "file[0]"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				eval[bool](t, tab, `document.getElementById("image-error").hidden = true`)
				do(t, tab, tt.name, tt.steps...)
				waitJS[bool](t, tab, "the error", `!document.getElementById("image-error").hidden`)
				assert.Equal(t, tt.code, attr(t, tab, "#image-error", "data-code"))
				assert.Equal(t, tt.field, attr(t, tab, "#image-error", "data-field"))
				assert.NotEmpty(t, eval[string](t, tab, `document.querySelector("#image-error .error-message").textContent`))
				assert.Equal(t, tt.code, attr(t, tab, "#error-log li", "data-code"), "the page's error log has it")
			})
		}
	})
	eval[bool](t, tab, `window.scrollTo(0, 0), true`)
	saveScreenshot(t, tab, "demo-page-images")
}
