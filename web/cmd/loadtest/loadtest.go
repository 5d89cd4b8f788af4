package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
	"github.com/kshare/kshare/web/emulator"
)

// Bounds of one request and of the wait for the webhooks.
const (
	requestTimeout = time.Minute
	settleTimeout  = 30 * time.Second
)

// oversizeBytes is the size of an oversize upload: over Kakao's 5 MB.
const oversizeBytes = 6 << 20

// loadTest builds (unless s.server names a binary) and starts the server, runs the
// scenarios and stops the server. It returns an error when the server cannot be built
// or started; failed checks are the report's problems. The build's and the server's
// messages go to stderr when they fail.
func loadTest(ctx context.Context, s settings, stderr io.Writer) (*report, error) {
	started := time.Now()
	tmp, err := os.MkdirTemp("", "kshare-loadtest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	binary := s.server
	if binary == "" {
		if binary, err = buildServer(ctx, tmp); err != nil {
			return nil, err
		}
	}
	dist, err := newDist(tmp)
	if err != nil {
		return nil, err
	}
	srv, err := startServer(ctx, binary, dist)
	if err != nil {
		return nil, err
	}
	r := &report{url: srv.url, pid: srv.cmd.Process.Pid, shares: s.shares}
	if r.before, err = readMemory(r.pid); err != nil {
		r.problems = append(r.problems, err.Error())
	}

	c := newClient(srv.url, s.concurrency)
	c.runScenarios(ctx, s, r)

	if r.after, err = readMemory(r.pid); err != nil {
		r.problems = append(r.problems, err.Error())
	}
	r.exitCode, err = srv.stop()
	switch {
	case err != nil:
		r.problems = append(r.problems, err.Error())
	case r.exitCode != 0:
		r.problems = append(r.problems, "the server exited "+strconv.Itoa(r.exitCode)+" on SIGTERM, not 0")
	}
	if len(r.problems) > 0 {
		fmt.Fprintf(stderr, "the server's stderr:\n%s", srv.stderr.String())
	}
	r.total = time.Since(started)
	return r, nil
}

// client sends the load test's requests to one server, as kshare in a desktop browser
// on the server's own origin (the demo app's).
type client struct {
	http        *http.Client
	base        string
	env         share.Env
	hosts       share.Hosts
	concurrency int
}

func newClient(base string, concurrency int) *client {
	dialer := &net.Dialer{Timeout: 10 * time.Second}
	transport := &http.Transport{
		Proxy:               nil,
		DialContext:         dialer.DialContext,
		MaxIdleConnsPerHost: concurrency,
		IdleConnTimeout:     30 * time.Second,
		DisableCompression:  true,
	}
	hosts, _ := share.EmulatorHosts(base) // base is the server's own http origin
	return &client{
		http: &http.Client{
			Transport:     transport,
			Timeout:       requestTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		base: base,
		env: share.Env{AppKey: emulator.DemoAppKey, Language: "ko-KR", Platform: "Linux x86_64", Origin: base,
			UserAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 kshare-loadtest"},
		hosts:       hosts,
		concurrency: concurrency,
	}
}

// runScenarios runs every scenario, one after the other, into r.
func (c *client) runScenarios(ctx context.Context, s settings, r *report) {
	defer c.http.CloseIdleConnections()
	link, send := newScenario("sharer POST /picker/link"), newScenario("picker POST /picker/send")
	wall(link, func() { c.shares(ctx, s.shares, link, send) })
	send.wall = link.wall
	r.delivered, r.webhooksSent, r.problems = c.checkDeliveries(ctx, s.shares, r.problems)

	uploads, oversize := newScenario("upload PNG"), newScenario("upload 6 MB (-602)")
	var wg sync.WaitGroup
	wg.Go(func() { wall(uploads, func() { c.uploads(ctx, s.uploads, uploads) }) })
	wg.Go(func() { wall(oversize, func() { c.oversize(ctx, s.oversize, oversize) }) })
	wg.Wait()

	validations := newScenario("kapi GET template/default")
	wall(validations, func() { c.validations(ctx, s.validations, validations) })

	r.scenarios = []*scenario{link, send, uploads, oversize, validations}
	for _, sc := range []struct {
		s    *scenario
		want int
	}{{link, s.shares}, {send, s.shares}, {uploads, s.uploads}, {oversize, s.oversize}, {validations, s.validations}} {
		r.problems = append(r.problems, sc.s.problems(sc.want)...)
	}
	if n := oversize.kakaoCodes[-602]; n != s.oversize {
		r.problems = append(r.problems, fmt.Sprintf("%s: %d of %d refused with -602 (codes %v)", oversize.name, n, s.oversize, oversize.kakaoCodes))
	}
}

// wall runs fn and records how long it took as the scenario's wall time.
func wall(s *scenario, fn func()) {
	start := time.Now()
	fn()
	s.wall = time.Since(start)
}

// all calls fn(i) for i in [0, n), at most c.concurrency at a time, every call waiting
// until all are ready to start, and returns when all have returned.
func (c *client) all(n int, fn func(i int)) {
	start := make(chan struct{})
	slots := make(chan struct{}, c.concurrency)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			slots <- struct{}{}
			defer func() { <-slots }()
			fn(i)
		})
	}
	close(start)
	wg.Wait()
}

// answer is a server's answer, read whole.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// kakaoCode is the code of Kakao's error body {code, msg}, 0 when the body is not one.
func (a answer) kakaoCode() int {
	var body struct {
		Code int    `json:"code"`
		Msg  string `json:"msg"`
	}
	if json.Unmarshal(a.body, &body) != nil || body.Msg == "" {
		return 0
	}
	return body.Code
}

// describe is a failed answer for the report.
func (a answer) describe() string {
	body := string(a.body)
	if len(body) > 200 {
		body = body[:200] + "…"
	}
	if loc := a.header.Get("Location"); loc != "" {
		body = "Location: " + loc
	}
	return "status " + strconv.Itoa(a.status) + ": " + strings.TrimSpace(body)
}

// do sends one request and reads the answer; header are its headers as package share
// builds them, length the body's length (0: unknown, the body is sent chunked).
func (c *client) do(ctx context.Context, method, target string, header []share.Header, contentType string, body io.Reader, length int64) (answer, time.Duration, error) {
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return answer{}, 0, err
	}
	if length > 0 {
		req.ContentLength = length
	}
	for _, h := range header {
		req.Header.Set(h.Name, h.Value)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return answer{}, time.Since(start), err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: b}, time.Since(start), err
}

// postForm posts fields, urlencoded, to target.
func (c *client) postForm(ctx context.Context, target string, fields []share.Field) (answer, time.Duration, error) {
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = url.QueryEscape(f.Name) + "=" + url.QueryEscape(f.Text())
	}
	body := strings.Join(parts, "&")
	return c.do(ctx, http.MethodPost, target, nil, "application/x-www-form-urlencoded", strings.NewReader(body), int64(len(body)))
}

// shareTitle is the unique title of share i, by which its delivery is found.
func shareTitle(i int) string { return "kshare load test share " + strconv.Itoa(i) }

// feed is the settings of share i: a feed on the server's own origin, with
// serverCallbackArgs, so that its delivery calls the server's inbox.
func (c *client) feed(i int) (*share.Request, error) {
	settings := `{"objectType":"feed","content":{"title":` + jsvalue.QuoteJSON(shareTitle(i)) + `,` +
		`"imageUrl":` + jsvalue.QuoteJSON(c.base+"/x.png") + `,"link":{"webUrl":` + jsvalue.QuoteJSON(c.base+"/") + `}},` +
		`"serverCallbackArgs":{"share":` + strconv.Itoa(i) + `}}`
	v, err := jsvalue.Parse(settings)
	if err != nil {
		return nil, err
	}
	return share.Parse(share.SendDefault, v, nil)
}

var (
	tokenInPage = regexp.MustCompile(`name="token" value="([^"]+)"`)
	sentPage    = regexp.MustCompile(`id="kshare-sent" data-count="1"`)
)

// shares makes n desktop shares: the sharer form, then the picker's send to one chat.
func (c *client) shares(ctx context.Context, n int, link, send *scenario) {
	c.all(n, func(i int) {
		req, err := c.feed(i)
		if err != nil {
			link.record(0, 0, 0, "settings: "+err.Error())
			return
		}
		form := req.SharerForm(c.env, c.hosts)
		a, took, err := c.postForm(ctx, form.Action, form.Fields)
		token := tokenInPage.FindSubmatch(a.body)
		switch {
		case err != nil:
			link.record(took, a.status, 0, err.Error())
			return
		case a.status != http.StatusOK || token == nil:
			link.record(took, a.status, 0, "no picker: "+a.describe())
			return
		}
		link.record(took, a.status, 0, "")
		a, took, err = c.postForm(ctx, c.base+"/picker/send", []share.Field{{Name: "token", Value: string(token[1])}, {Name: "chat", Value: "memo"}})
		switch {
		case err != nil:
			send.record(took, a.status, 0, err.Error())
		case a.status != http.StatusOK || !sentPage.Match(a.body):
			send.record(took, a.status, 0, "not sent: "+a.describe())
		default:
			send.record(took, a.status, 0, "")
		}
	})
}

// checkDeliveries waits until no webhook of the log is pending, then counts the shares
// delivered exactly once to the chat chosen, and those whose webhook was sent; it
// returns problems with the failed checks added.
func (c *client) checkDeliveries(ctx context.Context, n int, problems []string) (delivered, webhooksSent int, _ []string) {
	var log []emulator.Delivery
	deadline := time.Now().Add(settleTimeout)
	for {
		var err error
		if log, err = c.deliveries(ctx); err != nil {
			return 0, 0, append(problems, "GET /emulator/deliveries: "+err.Error())
		}
		pending := 0
		for _, d := range log {
			if d.Webhook.State == emulator.WebhookPending {
				pending++
			}
		}
		if pending == 0 {
			break
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			problems = append(problems, fmt.Sprintf("%d webhooks still pending after %s", pending, settleTimeout))
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	byTitle := map[string][]emulator.Delivery{}
	for _, d := range log {
		byTitle[d.Title] = append(byTitle[d.Title], d)
	}
	var missing, repeated, notSent []string
	for i := range n {
		ds := byTitle[shareTitle(i)]
		switch {
		case len(ds) == 0:
			missing = append(missing, strconv.Itoa(i))
			continue
		case len(ds) > 1 || ds[0].Chat.ID != "memo":
			repeated = append(repeated, strconv.Itoa(i))
			continue
		}
		delivered++
		if ds[0].Webhook.State == emulator.WebhookSent {
			webhooksSent++
		} else if len(notSent) < maxExamples {
			notSent = append(notSent, strconv.Itoa(i)+" ("+ds[0].Webhook.State+": "+ds[0].Webhook.Error+")")
		}
	}
	if len(missing) > 0 {
		problems = append(problems, fmt.Sprintf("%d shares not in the delivery log, e.g. %s", len(missing), examples(missing)))
	}
	if len(repeated) > 0 {
		problems = append(problems, fmt.Sprintf("%d shares delivered more than once or elsewhere, e.g. %s", len(repeated), examples(repeated)))
	}
	if delivered != webhooksSent {
		problems = append(problems, fmt.Sprintf("%d webhooks not sent, e.g. %s", delivered-webhooksSent, strings.Join(notSent, "; ")))
	}
	return delivered, webhooksSent, problems
}

// examples joins the first few of list.
func examples(list []string) string {
	return strings.Join(list[:min(len(list), maxExamples)], ", ")
}

// deliveries fetches the delivery log.
func (c *client) deliveries(ctx context.Context) ([]emulator.Delivery, error) {
	a, _, err := c.do(ctx, http.MethodGet, c.base+"/emulator/deliveries", nil, "", nil, 0)
	if err != nil {
		return nil, err
	}
	if a.status != http.StatusOK {
		return nil, errors.New(a.describe())
	}
	var body struct {
		Deliveries []emulator.Delivery `json:"deliveries"`
	}
	if err := json.Unmarshal(a.body, &body); err != nil {
		return nil, err
	}
	return body.Deliveries, nil
}

// multipartBoundary is the boundary of the upload bodies.
const multipartBoundary = "kshare-loadtest-boundary"

// uploadBody is the multipart body of one file part named file holding data, as a
// reader that does not copy data, and its length.
func uploadBody(data []byte) (io.Reader, int64) {
	var head bytes.Buffer
	mw := multipart.NewWriter(&head)
	_ = mw.SetBoundary(multipartBoundary) // a valid boundary
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="image.png"`)
	h.Set("Content-Type", "image/png")
	_, _ = mw.CreatePart(h) // writes into a buffer
	tail := "\r\n--" + multipartBoundary + "--\r\n"
	return io.MultiReader(bytes.NewReader(head.Bytes()), bytes.NewReader(data), strings.NewReader(tail)),
		int64(head.Len() + len(data) + len(tail))
}

// uploadContentType is the Content-Type of the upload bodies.
const uploadContentType = "multipart/form-data; boundary=" + multipartBoundary

// smallPNG is a 32×24 PNG.
func smallPNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for x := range 32 {
		img.Set(x, x%24, color.RGBA{R: 0xfe, G: 0xe5, A: 0xff})
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img) // into a buffer: cannot fail
	return buf.Bytes()
}

// uploads sends n uploads of a small PNG; each must answer its URL and size.
func (c *client) uploads(ctx context.Context, n int, s *scenario) {
	data := smallPNG()
	req := share.UploadRequest(c.env, c.hosts)
	c.all(n, func(int) {
		body, length := uploadBody(data)
		a, took, err := c.do(ctx, req.Method, req.URL, req.Header, uploadContentType, body, length)
		if err != nil {
			s.record(took, a.status, 0, err.Error())
			return
		}
		var got struct {
			Infos struct {
				Original struct {
					URL           string `json:"url"`
					Width, Height int
				} `json:"original"`
			} `json:"infos"`
		}
		o := &got.Infos.Original
		if a.status != http.StatusOK || json.Unmarshal(a.body, &got) != nil || o.Width != 32 || o.Height != 24 ||
			!strings.HasPrefix(o.URL, c.base+"/images/") {
			s.record(took, a.status, a.kakaoCode(), "not uploaded: "+a.describe())
			return
		}
		s.record(took, a.status, 0, "")
	})
}

// oversize sends n uploads of 6 MB, every other one chunked (so that the server finds
// out while reading, not from the Content-Length); each must be refused with 400 and
// Kakao's -602.
func (c *client) oversize(ctx context.Context, n int, s *scenario) {
	data := append(smallPNG(), make([]byte, oversizeBytes)...)
	req := share.UploadRequest(c.env, c.hosts)
	c.all(n, func(i int) {
		body, length := uploadBody(data)
		if i%2 == 1 {
			length = 0 // unknown: sent chunked
		}
		a, took, err := c.do(ctx, req.Method, req.URL, req.Header, uploadContentType, body, length)
		code := a.kakaoCode()
		switch {
		case err != nil:
			s.record(took, a.status, code, err.Error())
		case a.status != http.StatusBadRequest || code != -602:
			s.record(took, a.status, code, "not refused with -602: "+a.describe())
		default:
			s.record(took, a.status, code, "")
		}
	})
}

// validations sends n kapi template validations of feeds; each must answer a
// template_msg that package share accepts.
func (c *client) validations(ctx context.Context, n int, s *scenario) {
	c.all(n, func(i int) {
		req, err := c.feed(i)
		if err != nil {
			s.record(0, 0, 0, "settings: "+err.Error())
			return
		}
		kapi := req.TemplateRequest(c.env, c.hosts)
		a, took, err := c.do(ctx, kapi.Method, kapi.URL, kapi.Header, "", nil, 0)
		if err != nil {
			s.record(took, a.status, 0, err.Error())
			return
		}
		if _, perr := share.ParseTemplateAnswer(a.status, string(a.body)); perr != nil {
			s.record(took, a.status, a.kakaoCode(), "refused: "+a.describe())
			return
		}
		s.record(took, a.status, 0, "")
	})
}
