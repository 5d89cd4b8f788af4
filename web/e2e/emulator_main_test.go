package e2e

// The demo and the Kakao emulator end to end (issue 4 and 5): the real server binary
// (go build ./web), started per test on 127.0.0.1 and stopped by its PID, driven
// through the demo page in Debian's chromium.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/web/emulator"
	"github.com/kshare/kshare/web/inbox"
)

// Timeouts: every wait fails with a message well before the test's deadline.
const (
	stepTimeout  = 15 * time.Second // one browser step (a page load, a popup, a wait)
	startTimeout = 20 * time.Second // the server printing its address
	stopTimeout  = 10 * time.Second // the server exiting after SIGTERM
)

var (
	buildOnce sync.Once
	buildDir  string
	binary    string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// moduleRoot is the directory of go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	require.NoError(t, err, "go env GOMOD")
	gomod := strings.TrimSpace(string(out))
	require.NotEmpty(t, gomod, "not inside the module")
	return filepath.Dir(gomod)
}

// serverBinary builds the server (go build ./web) once for the package.
func serverBinary(t *testing.T) string {
	t.Helper()
	root := moduleRoot(t)
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "kshare-e2e-bin-"); buildErr != nil {
			return
		}
		binary = filepath.Join(buildDir, "kshare-web")
		cmd := exec.Command("go", "build", "-o", binary, "./web")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build ./web: %w\n%s", err, out)
		}
	})
	require.NoError(t, buildErr)
	return binary
}

// server is one run of the server binary.
type server struct {
	URL    string
	cmd    *exec.Cmd
	stderr *stderrWatch
	exited chan struct{}
}

// stderrWatch keeps the server's stderr and reports its listening line.
type stderrWatch struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	url  chan string
	sent bool
}

var listening = regexp.MustCompile(`(?m)^kshare: demo and Kakao emulator on (http://127\.0\.0\.1:[0-9]+)/$`)

func (w *stderrWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if m := listening.FindStringSubmatch(w.buf.String()); m != nil && !w.sent {
		w.sent = true
		w.url <- m[1]
	}
	return len(p), nil
}

func (w *stderrWatch) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// serverConfig is what a test needs of the server.
type serverConfig struct {
	// addr is the listen address; "" picks a free port.
	addr string
	// config is the -config file's content; "" for none.
	config string
	// dist is the -dist directory; "" for web/dist.
	dist string
}

// startServer runs the server binary for t: web/dist must be built (make build). The
// server is stopped when t ends, by SIGTERM to its PID, and must exit 0 (a clean
// shutdown).
func startServer(t *testing.T, c serverConfig) *server {
	t.Helper()
	root := moduleRoot(t)
	dist := filepath.Join(root, "web", "dist")
	if c.dist != "" {
		dist = c.dist
	}
	_, err := os.Stat(filepath.Join(dist, "kshare.wasm"))
	require.NoError(t, err, "web/dist is not built: run make build (make test does)")
	addr := c.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	args := []string{"-addr", addr, "-dist", dist}
	if c.config != "" {
		path := filepath.Join(t.TempDir(), "apps.json")
		require.NoError(t, os.WriteFile(path, []byte(c.config), 0o600))
		args = append(args, "-config", path)
	}
	s := &server{stderr: &stderrWatch{url: make(chan string, 1)}, exited: make(chan struct{})}
	s.cmd = exec.Command(serverBinary(t), args...)
	s.cmd.Dir = root
	s.cmd.Stderr = s.stderr
	require.NoError(t, s.cmd.Start())
	go func() {
		_ = s.cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		s.stop(t)
		if t.Failed() {
			t.Logf("the server's stderr:\n%s", s.stderr)
		}
	})
	select {
	case s.URL = <-s.stderr.url:
	case <-s.exited:
		t.Fatalf("the server exited before listening:\n%s", s.stderr)
	case <-time.After(startTimeout):
		t.Fatalf("the server printed no address within %s:\n%s", startTimeout, s.stderr)
	}
	return s
}

// stop sends SIGTERM to the server's PID and checks that it shuts down cleanly.
func (s *server) stop(t *testing.T) {
	t.Helper()
	select {
	case <-s.exited:
		t.Errorf("the server exited by itself:\n%s", s.stderr)
		return
	default:
	}
	require.NoError(t, s.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case <-s.exited:
		assert.Equal(t, 0, s.cmd.ProcessState.ExitCode(), "a clean shutdown on SIGTERM; stderr:\n%s", s.stderr)
	case <-time.After(stopTimeout):
		_ = s.cmd.Process.Kill()
		<-s.exited
		t.Errorf("the server did not exit within %s of SIGTERM:\n%s", stopTimeout, s.stderr)
	}
}

// freePort returns a port nothing listens on at the moment: for a server whose
// configuration must name its own origin, and for a webhook that nobody receives.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	require.NoError(t, ln.Close())
	return port
}

var httpClient = &http.Client{Timeout: 10 * time.Second}

// getJSON fetches a JSON document of the server.
func getJSON[T any](url string) (T, error) {
	var v T
	resp, err := httpClient.Get(url)
	if err != nil {
		return v, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return v, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return v, json.NewDecoder(resp.Body).Decode(&v)
}

func (s *server) tryInbox() ([]inbox.Entry, error) {
	return getJSON[[]inbox.Entry](s.URL + "/inbox/events")
}

func (s *server) tryDeliveries() ([]emulator.Delivery, error) {
	v, err := getJSON[struct {
		Deliveries []emulator.Delivery `json:"deliveries"`
	}](s.URL + "/emulator/deliveries")
	return v.Deliveries, err
}

// inbox is GET /inbox/events: the webhooks the demo app received.
func (s *server) inbox(t *testing.T) []inbox.Entry {
	t.Helper()
	got, err := s.tryInbox()
	require.NoError(t, err)
	return got
}

// deliveries is GET /emulator/deliveries: the emulator's log.
func (s *server) deliveries(t *testing.T) []emulator.Delivery {
	t.Helper()
	got, err := s.tryDeliveries()
	require.NoError(t, err)
	return got
}

// waitInbox waits until the inbox holds n events and returns the nth.
func (s *server) waitInbox(t *testing.T, n int) inbox.Entry {
	t.Helper()
	var got []inbox.Entry
	var err error
	require.Eventually(t, func() bool {
		got, err = s.tryInbox()
		return err == nil && len(got) >= n
	}, stepTimeout, 25*time.Millisecond, "the inbox never got webhook #%d", n)
	return got[n-1]
}

// waitDelivery waits until the log holds n deliveries and the nth webhook is settled,
// and returns the nth.
func (s *server) waitDelivery(t *testing.T, n int) emulator.Delivery {
	t.Helper()
	var got []emulator.Delivery
	var err error
	require.Eventually(t, func() bool {
		got, err = s.tryDeliveries()
		return err == nil && len(got) >= n && got[n-1].Webhook.State != emulator.WebhookPending
	}, stepTimeout, 25*time.Millisecond, "delivery #%d never settled", n)
	return got[n-1]
}

// do runs steps with a deadline, failing with what.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	require.NoError(t, chromedp.Do(tctx, steps...), what)
}

// eval evaluates a JavaScript expression (awaiting a promise) with a deadline.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(tctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	require.NoError(t, err, expr)
	return v
}

// waitJS polls a JavaScript expression until it is truthy and returns its value.
// A poll that starts while the page swaps documents can find its execution context gone;
// it is started again until the deadline.
func waitJS[T any](t *testing.T, ctx context.Context, what, expr string) T {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for {
		tctx, cancel := context.WithDeadline(ctx, deadline.Add(time.Second))
		v, err := chromedp.Run(tctx, chromedp.Poll[T](expr, chromedp.WithPollingInterval(25*time.Millisecond), chromedp.WithPollingTimeout(time.Until(deadline))))
		cancel()
		if err != nil && contextGone(err) && time.Now().Before(deadline) {
			time.Sleep(25 * time.Millisecond)
			continue
		}
		require.NoError(t, err, "waiting for %s (%s)", what, expr)
		return v
	}
}

// contextGone reports an error of a script run in a document that was replaced.
func contextGone(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "Cannot find context with specified id") || strings.Contains(msg, "Execution context was destroyed")
}

// openDemo opens the demo page (query: "" or "?appkey=...") in a new tab that
// presents itself as d, and waits for the engine.
func openDemo(t *testing.T, browser context.Context, d device, s *server, query string) context.Context {
	t.Helper()
	tab := deviceTab(t, browser, d)
	loadDemo(t, tab, s, query)
	return tab
}

// loadDemo loads the demo page in tab and waits for the engine and the inbox stream.
func loadDemo(t *testing.T, tab context.Context, s *server, query string) {
	t.Helper()
	do(t, tab, "open the demo page", chromedp.Navigate(s.URL+"/"+query))
	state := waitJS[string](t, tab, "the engine", `(s => s !== "loading" && s)(document.getElementById("engine-status").dataset.state)`)
	require.Equal(t, "ready", state, "the kshare engine starts; errors on the page: %v", pageErrors(t, tab))
	waitJS[bool](t, tab, "the inbox stream", `document.getElementById("inbox-status").dataset.state === "live"`)
}

// waitLocation waits until the tab's URL starts with prefix (the page navigates by
// itself) and returns it.
func waitLocation(t *testing.T, tab context.Context, prefix string) string {
	t.Helper()
	deadline := time.Now().Add(stepTimeout)
	var last string
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(tab, 2*time.Second)
		loc, err := chromedp.Run(ctx, chromedp.Location())
		cancel()
		if err == nil && strings.HasPrefix(loc, prefix) {
			return loc
		}
		last = loc
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("the tab never reached %s; it is at %s", prefix, last)
	return ""
}

// pageErrors is the demo page's error log.
func pageErrors(t *testing.T, tab context.Context) []string {
	t.Helper()
	return eval[[]string](t, tab, `Array.from(document.querySelectorAll("#error-log li"), li => li.textContent)`)
}

// setEditor replaces an example's settings, as a person typing would (an input event).
func setEditor(t *testing.T, tab context.Context, example, settings string) {
	t.Helper()
	b, err := json.Marshal(settings)
	require.NoError(t, err)
	eval[bool](t, tab, `(() => { const e = document.getElementById("editor-`+example+`"); e.value = `+string(b)+
		`; e.dispatchEvent(new Event("input")); return true })()`)
}

// popup clicks sel on tab and returns the context of the sharer popup it opens.
func popup(t *testing.T, tab context.Context, sel string) context.Context {
	t.Helper()
	tabID := chromedp.FromContext(tab).Target.TargetID
	opened := chromedp.WaitNewTarget(tab, func(info *target.Info) bool {
		return info.OpenerID == tabID && info.Type == "page" && info.URL != "" && info.URL != "about:blank"
	})
	do(t, tab, "click "+sel, chromedp.Click(chromedp.CSS(sel)))
	var id target.ID
	select {
	case got, ok := <-opened:
		require.True(t, ok, "the tab is gone")
		id = got
	case <-time.After(stepTimeout):
		t.Fatalf("clicking %s opened no popup; errors on the page: %v", sel, pageErrors(t, tab))
	}
	pctx, cancel := chromedp.NewContext(tab, chromedp.WithTargetID(id))
	t.Cleanup(cancel)
	attach(t, pctx, "the sharer popup")
	return pctx
}

// attach runs the first action of a context that names a target (WithTargetID). That
// first run binds the target to the context it is given, so it must not be a context
// with a deadline; the wait is bounded here instead.
func attach(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(ctx) }()
	select {
	case err := <-done:
		require.NoError(t, err, "attach to %s", what)
	case <-time.After(stepTimeout):
		t.Fatalf("attaching to %s took more than %s", what, stepTimeout)
	}
}

// pickAndSend waits for the picker in ctx (a sharer popup or a tab on /scheme/),
// checks the preview's object type, ticks chat, optionally takes a screenshot, and
// sends. It returns the chat's CHAT_TYPE as the picker gives it.
func pickAndSend(t *testing.T, ctx context.Context, wantType, chat, screenshot string) string {
	t.Helper()
	do(t, ctx, "the picker's preview", chromedp.WaitVisible(chromedp.ID("kshare-preview")))
	preview := attr(t, ctx, "#kshare-preview", "data-object-type")
	require.Equal(t, wantType, preview, "the preview shows the message's type")
	box := "chat-" + chat
	chatType := attr(t, ctx, "#"+box, "data-chat-type")
	// The picker needs no user gesture, so its controls are clicked from script: a
	// synthesized mouse click on a popup window that is not focused can stall in
	// headless chromium.
	clickByID(t, ctx, box)
	waitJS[bool](t, ctx, "the send button enabled", `!document.getElementById("kshare-send").disabled`)
	if screenshot != "" {
		saveScreenshot(t, ctx, screenshot)
	}
	clickByID(t, ctx, "kshare-send")
	do(t, ctx, "send", chromedp.WaitReady(chromedp.ID("kshare-sent")))
	assert.Equal(t, "1", attr(t, ctx, "#kshare-sent", "data-count"), "the sent page names one chat")
	return chatType
}

// waitClosed waits for a popup to close itself (the sent page does, after a second).
func waitClosed(t *testing.T, pctx context.Context) {
	t.Helper()
	gone, err := chromedp.Detached(pctx)
	require.NoError(t, err)
	select {
	case <-gone:
	case <-time.After(stepTimeout):
		t.Fatal("the sharer popup did not close itself")
	}
}

// clickByID clicks an element of the page from script.
func clickByID(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	b, err := json.Marshal(id)
	require.NoError(t, err)
	require.True(t, eval[bool](t, ctx, `(() => { const e = document.getElementById(`+string(b)+`); if (!e) return false; e.click(); return true })()`), "no #%s", id)
}

// attr reads an attribute of the first element matching a CSS selector ("" if absent).
func attr(t *testing.T, ctx context.Context, sel, name string) string {
	t.Helper()
	b, err := json.Marshal([]string{sel, name})
	require.NoError(t, err)
	return eval[string](t, ctx, `(([s, n]) => { const e = document.querySelector(s); return e ? (e.getAttribute(n) || "") : "" })(`+string(b)+`)`)
}

// artifactsDir is where screenshots go: $KSHARE_ARTIFACTS, else a directory in the
// system's temporary directory.
func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("KSHARE_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "kshare-e2e-artifacts")
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	return dir
}

// saveScreenshot writes a full-page PNG of ctx's page as name.png and logs its path.
func saveScreenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(tctx, fullPage)
	require.NoError(t, err, "screenshot "+name)
	path := filepath.Join(artifactsDir(t), name+".png")
	require.NoError(t, os.WriteFile(path, png, 0o644))
	t.Logf("screenshot: %s", path)
}

// phoneMetrics is the viewport of the phone devices: an iPhone 15's, in CSS pixels.
var phoneMetrics = emulation.SetDeviceMetricsOverrideParams{Width: 390, Height: 844, DeviceScaleFactor: 1, Mobile: true}

// deviceTab opens a tab that presents itself as d (newTab) with d's screen: a phone's
// viewport for a device with touch.
func deviceTab(t *testing.T, browser context.Context, d device) context.Context {
	t.Helper()
	tab := newTab(t, browser, d)
	if d.touch > 0 {
		_, err := chromedp.Call(tab, emulation.SetDeviceMetricsOverride, phoneMetrics)
		require.NoError(t, err)
	}
	return tab
}

// fullPage captures the whole page: the viewport is set to the page's content size for
// the capture (chromedp's FullScreenshot leaves out the right 15 pixels of headless
// chromium's pages), then set back (a phone's, or none).
func fullPage(ctx context.Context, t *chromedp.Target) ([]byte, error) {
	// No scrollbar: the page is shown whole.
	phone, err := chromedp.Evaluate[bool](`document.documentElement.style.scrollbarWidth = "none", navigator.maxTouchPoints > 0`)(ctx, t)
	if err != nil {
		return nil, err
	}
	m, err := cdp.Call(ctx, t, page.GetLayoutMetrics, cdp.Empty{})
	if err != nil {
		return nil, err
	}
	w, h := int64(math.Ceil(m.CSSContentSize.Width)), int64(math.Ceil(m.CSSContentSize.Height))
	if _, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: w, Height: h, DeviceScaleFactor: 1, Mobile: phone,
	}); err != nil {
		return nil, err
	}
	r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng})
	if phone {
		_, _ = cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, phoneMetrics)
	} else {
		_, _ = cdp.Call(ctx, t, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
	}
	return r.Data, err
}
