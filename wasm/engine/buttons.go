//go:build js && wasm

package engine

import (
	"syscall/js"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
	"github.com/kshare/kshare/wasm/jsconv"
	"github.com/kshare/kshare/wasm/jsutil"
)

// button is a click handler bound to a container by create*Button.
type button struct {
	el js.Value
	fn js.Func
}

// create is createDefaultButton, createCustomButton and createScrapButton: everything is
// validated now (difference 2), the container is looked up (a CSS selector through
// document.querySelector, or an element), and one click handler is bound to it,
// replacing the handler an earlier create*Button bound to the same element. When it
// returns an error, nothing is bound.
func (e *Engine) create(call share.Call, arg js.Value) error {
	var rd jsconv.Reader
	s, err := rd.Read(arg, "")
	if err != nil {
		return err
	}
	var el js.Value
	req, err := share.Parse(call, s, func(c jsvalue.Value) error {
		if c.Kind == jsvalue.Element {
			el = rd.Ref(c)
			return nil
		}
		el, err = e.querySelector(c.Str)
		return err
	})
	if err != nil {
		return err
	}
	e.bind(el, req)
	return nil
}

// querySelector finds the first element matching selector; an invalid selector (a
// SyntaxError in the browser) and no match are kshare errors.
func (e *Engine) querySelector(selector string) (el js.Value, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = share.InvalidSelector(selector, jsutil.PanicText(p))
		}
	}()
	el = e.win.Get("document").Call("querySelector", selector)
	if el.IsNull() || el.IsUndefined() {
		return el, share.ContainerNotFound(selector)
	}
	return el, nil
}

// bind adds the click handler of req to el (preventDefault, stopPropagation, share).
func (e *Engine) bind(el js.Value, req *share.Request) {
	e.unbind(el)
	b := &button{el: el}
	b.fn = js.FuncOf(func(_ js.Value, args []js.Value) any {
		defer func() {
			if p := recover(); p != nil {
				e.report(share.Internal("click handler: " + jsutil.PanicText(p)))
			}
		}()
		if len(args) > 0 {
			args[0].Call("preventDefault")
			args[0].Call("stopPropagation")
		}
		e.dispatch(req, js.Undefined(), func(_ Dispatched, err error) {
			// A failure on the talk path lands on picker/failed, as in the official SDK;
			// what has no page to land on is thrown, as the official SDK throws it.
			if err != nil && !isCode(err, share.CodeKAPI) && !isCode(err, share.CodeBadResponse) &&
				!isCode(err, share.CodeNetwork) && !isCode(err, share.CodeSizeLimit) {
				e.report(err)
			}
		})
		return nil
	})
	el.Call("addEventListener", "click", b.fn)
	e.buttons = append(e.buttons, b)
}

// unbind removes the handler bound to el, if any.
func (e *Engine) unbind(el js.Value) {
	kept := e.buttons[:0]
	for _, b := range e.buttons {
		if b.el.Equal(el) {
			b.release()
			continue
		}
		kept = append(kept, b)
	}
	e.buttons = kept
}

// unbindAll removes every handler and releases every callback (Share.cleanup,
// Kakao.cleanup).
func (e *Engine) unbindAll() {
	for _, b := range e.buttons {
		b.release()
	}
	e.buttons = nil
}

func (b *button) release() {
	b.el.Call("removeEventListener", "click", b.fn)
	b.fn.Release()
}
