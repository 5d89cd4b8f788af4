//go:build js && wasm

package engine

import (
	"syscall/js"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/wasm/jsconv"
	"github.com/kshare/kshare/wasm/jsutil"
)

// uploadImage is Share.uploadImage({file}): every file is checked before any byte is
// sent (difference 10), then they go as multipart/form-data built by the browser's
// FormData, one part named "file" each. The Promise resolves with Kakao's answer and
// rejects with a KakaoError carrying Kakao's code and message.
func (e *Engine) uploadImage(arg js.Value) (js.Value, error) {
	var rd jsconv.Reader
	s, err := rd.Read(arg, "")
	if err != nil {
		return js.Undefined(), err
	}
	uploads, err := share.ParseUpload(s)
	if err != nil {
		return js.Undefined(), err
	}
	r := share.UploadRequest(e.env(), e.hosts)
	form := jsutil.Ctor("FormData").New()
	for _, u := range uploads {
		form.Call("append", r.FileField, rd.Ref(u.File))
	}
	return e.imageRequest(r, form), nil
}

// imageByURL is Share.scrapImage({imageUrl}) and Share.deleteImage({imageUrl}).
func (e *Engine) imageByURL(call share.Call, arg js.Value) (js.Value, error) {
	var rd jsconv.Reader
	s, err := rd.Read(arg, "")
	if err != nil {
		return js.Undefined(), err
	}
	url, err := share.ParseImageURL(call, s)
	if err != nil {
		return js.Undefined(), err
	}
	build := share.DeleteImageRequest
	if call == share.ScrapImage {
		build = share.ScrapImageRequest
	}
	r := build(e.env(), e.hosts, url)
	return e.imageRequest(r, js.Undefined()), nil
}

// imageRequest sends r in a goroutine and returns the Promise of its answer.
func (e *Engine) imageRequest(r share.HTTPRequest, body js.Value) js.Value {
	p, resolve, reject := jsutil.NewPromise()
	fail := func(err error) { reject(jsconv.Error(err)) }
	goSafe(func() {
		status, text, err := e.fetch(r, body)
		if err != nil {
			fail(err)
			return
		}
		v, err := share.ParseImageAnswer(status, text)
		if err != nil {
			fail(err)
			return
		}
		resolve(jsconv.FromValue(v))
	}, fail)
	return p
}
