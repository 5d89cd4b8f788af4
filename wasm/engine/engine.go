//go:build js && wasm

// Package engine is the wasm side of kshare: it runs every public call of the Kakao
// object (Kakao.init, Kakao.isInitialized, Kakao.cleanup and the Kakao.Share functions)
// by reading the arguments with jsconv, asking package share what to do, and executing
// it in the page: the sharer popup and its form, the kapi request and the KakaoTalk
// launch, click handlers on share buttons, image requests through fetch and FormData.
//
// The loader (js/kshare.js) calls [Engine.Export]'s invoke for every call, following the
// contract in js/README.md. Nothing in here blocks inside a callback (network waits run
// in goroutines that settle native Promises) and every entry point recovers panics, so
// the Go program never exits.
package engine

import (
	"errors"
	"strings"
	"syscall/js"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/wasm/jsconv"
	"github.com/kshare/kshare/wasm/jsutil"
)

// Config is what the engine is started with.
type Config struct {
	// Window is the page's window.
	Window js.Value
	// Emulator is the data-emulator attribute of the script tag ("" for Kakao's hosts).
	Emulator string
	// Raise, when a function, reports an error as an uncaught exception from a timer (the
	// loader's __kshare.raise); without it such errors go to console.error.
	Raise js.Value
}

// Engine holds the state of one page: the app key, the hosts, the bound buttons.
type Engine struct {
	win     js.Value
	hosts   share.Hosts
	hostErr error
	raise   js.Value

	appKey  string
	inited  bool
	buttons []*button
}

// New returns an engine for the page in c. An invalid emulator URL is not fatal: every
// Share call then fails with an error that says so.
func New(c Config) *Engine {
	e := &Engine{win: c.Window, hosts: share.ProductionHosts, raise: c.Raise}
	if c.Emulator != "" {
		e.hosts, e.hostErr = share.EmulatorHosts(c.Emulator)
		if e.hostErr != nil {
			e.hostErr = &share.Error{Code: share.CodeIllegalArgument, Field: "data-emulator",
				Message: "kshare: the data-emulator attribute of the script tag is not a base URL", Reason: e.hostErr.Error()}
		}
	}
	return e
}

// Export returns the engine object of the loader contract: {version, invoke}.
func (e *Engine) Export() js.Value {
	obj := jsutil.Object.New()
	obj.Set("version", share.SDKVersion)
	obj.Set("invoke", js.FuncOf(func(_ js.Value, args []js.Value) any {
		name, callArgs, popup := "", []js.Value(nil), js.Undefined()
		if len(args) > 0 {
			name = args[0].String()
		}
		if len(args) > 1 && args[1].Type() == js.TypeObject {
			for i := 0; i < args[1].Length(); i++ {
				callArgs = append(callArgs, args[1].Index(i))
			}
		}
		if len(args) > 2 && args[2].Type() == js.TypeObject {
			popup = args[2].Get("popup")
		}
		v, err := e.Invoke(name, callArgs, popup)
		if err != nil {
			return jsutil.Array.New(false, jsconv.Error(err))
		}
		return jsutil.Array.New(true, v)
	}))
	return obj
}

// Invoke runs one public call synchronously and returns what the page gets back, or the
// error to throw. popup is a sharer window the loader opened inside the user's gesture
// before the engine was ready (undefined otherwise). It never panics.
func (e *Engine) Invoke(name string, args []js.Value, popup js.Value) (v js.Value, err error) {
	defer func() {
		if p := recover(); p != nil {
			closeWindow(popup)
			v, err = js.Undefined(), share.Internal(name+": "+jsutil.PanicText(p))
		}
	}()
	arg := js.Undefined()
	if len(args) > 0 {
		arg = args[0]
	}
	switch name {
	case "init":
		return js.Undefined(), e.init(arg)
	case "isInitialized":
		return js.ValueOf(e.inited), nil
	case "cleanup":
		e.unbindAll()
		e.appKey, e.inited = "", false
		return js.Undefined(), nil
	}
	if !strings.HasPrefix(name, "Share.") {
		return js.Undefined(), share.Internal("unknown call " + name)
	}
	if !e.inited {
		closeWindow(popup)
		return js.Undefined(), share.NotInitialized(name)
	}
	if e.hostErr != nil {
		closeWindow(popup)
		return js.Undefined(), e.hostErr
	}
	call := share.Call(name)
	switch call {
	case share.SendDefault, share.SendCustom, share.SendScrap:
		return e.send(call, arg, popup)
	case share.CreateDefaultButton, share.CreateCustomButton, share.CreateScrapButton:
		return js.Undefined(), e.create(call, arg)
	case share.UploadImage:
		return e.uploadImage(arg)
	case share.ScrapImage, share.DeleteImage:
		return e.imageByURL(call, arg)
	case "Share.cleanup":
		e.unbindAll()
		return js.Undefined(), nil
	}
	return js.Undefined(), share.Internal("unknown call " + name)
}

// init is Kakao.init(appKey): already initialised first, then the key (protocol §1.3).
func (e *Engine) init(arg js.Value) error {
	if e.inited {
		return share.AlreadyInitialized()
	}
	var rd jsconv.Reader
	v, err := rd.Read(arg, "appKey")
	if err != nil {
		return err
	}
	key, err := share.CheckAppKey(v)
	if err != nil {
		return err
	}
	e.appKey, e.inited = key, true
	return nil
}

// report shows an error no Promise carries (a failure in a click handler): as an
// uncaught exception through the loader, like the official SDK's click-time errors.
func (e *Engine) report(err error) {
	v := jsconv.Error(err)
	if e.raise.Type() == js.TypeFunction {
		e.raise.Invoke(v)
		return
	}
	if c := e.win.Get("console"); c.Truthy() {
		c.Call("error", v)
	}
}

// isCode reports whether err is one of kshare's errors with the given code.
func isCode(err error, code share.Code) bool {
	var e *share.Error
	return errors.As(err, &e) && e.Code == code
}
