package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// chromiumFlags are the flags of every browser test (web/e2e), plus a fresh profile.
var chromiumFlags = []string{"headless", "no-sandbox", "disable-gpu", "disable-quic", "no-first-run",
	"disable-background-networking", "disable-component-update", "disable-sync"}

// findChromium returns path when it is given, else Debian's chromium from PATH.
func findChromium(path string) (string, error) {
	if path != "" {
		return path, nil
	}
	p, err := exec.LookPath("chromium")
	if err != nil {
		return "", errors.New("no chromium on PATH: install Debian's (make chromium, as root) or pass -chromium")
	}
	return p, nil
}

// browser is one chromium with a profile of its own, removed when it closes.
type browser struct {
	ctx     context.Context
	cancels []context.CancelFunc
	dir     string
}

func startBrowser(parent context.Context, path string) (*browser, error) {
	dir, err := os.MkdirTemp("", "kshare-bench-profile-")
	if err != nil {
		return nil, err
	}
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(path), chromedp.UserDataDir(dir), chromedp.WindowSize(1280, 800)}
	for _, f := range chromiumFlags {
		opts = append(opts, chromedp.Flag(f, true))
	}
	actx, acancel := chromedp.NewExecAllocator(parent, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	b := &browser{ctx: bctx, cancels: []context.CancelFunc{bcancel, acancel}, dir: dir}
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		b.close()
		return nil, fmt.Errorf("chromium %s does not start: %w", path, err)
	}
	return b, nil
}

// close stops chromium (gracefully when it can) and removes its profile.
func (b *browser) close() {
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	_ = chromedp.Cancel(ctx)
	cancel()
	for _, c := range b.cancels {
		c()
	}
	os.RemoveAll(b.dir)
}

// tab is one page of the browser.
type tab struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// newTab opens a tab on url. quiet turns off the DevTools domains that report DOM and
// style changes, which would otherwise slow down the DOM work being timed; cold clears
// the browser's cache first (a first visit). Every tab then runs
// with DevTools' network domain off: while it is on, it reports each chunk of a body
// and keeps a copy of the body for Network.getResponseBody, a cost per byte that a page
// without DevTools does not pay (fetching kshare.wasm took 16–65% longer with it), and
// which fell the more on the larger module.
func (b *browser) newTab(url string, quiet, cold bool) (*tab, error) {
	ctx, cancel := chromedp.NewContext(b.ctx)
	t := &tab{ctx: ctx, cancel: cancel}
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		cancel()
		return nil, err
	}
	if cold {
		if _, err := chromedp.Call(ctx, network.ClearBrowserCache, cdp.Empty{}); err != nil {
			cancel()
			return nil, err
		}
	}
	if _, err := chromedp.Call(ctx, network.Disable, cdp.Empty{}); err != nil {
		cancel()
		return nil, err
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		cancel()
		return nil, fmt.Errorf("%s: %w", url, err)
	}
	if quiet {
		_, _ = chromedp.Call(ctx, css.Disable, cdp.Empty{})
		_, _ = chromedp.Call(ctx, dom.Disable, cdp.Empty{})
	}
	return t, nil
}

func (t *tab) close() { t.cancel() }

// evalTimeout bounds one evaluation: the longest (1,000 create/cleanup cycles of 100
// containers) takes some seconds.
const evalTimeout = 2 * time.Minute

// eval evaluates expr in the tab, awaiting a Promise it returns.
func eval[T any](t *tab, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(t.ctx, evalTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		short := expr
		if len(short) > 60 {
			short = short[:60] + "…"
		}
		return v, fmt.Errorf("%s: %w", short, err)
	}
	return v, nil
}
