// Package emulator is kshare's local stand-in for Kakao's share servers: the web sharer
// (sharer.kakao.com), the template and image APIs (kapi.kakao.com) and the KakaoTalk
// side of the mobile flow (talk-apps.kakao.com), on one origin and with Kakao's paths,
// bodies and error codes, so that a page using kshare (or the official SDK pointed at
// it) runs the whole share flow offline: click, sharer popup, chat picker, delivery,
// webhook.
//
// # Routes
//
//	GET  /picker/link              the popup's first load: a short waiting page
//	POST /picker/link              the web sharer: app_key, ka, validation_action,
//	                               validation_params, lcba, picker_settings (protocol
//	                               §5.3); the message preview and the chat picker, or a
//	                               303 to /picker/failed
//	POST /picker/send              the picker's form: token, chat (repeated); records the
//	                               deliveries, fires the webhooks, answers the "sent" page
//	GET  /picker/failed            app_key, error (base64url JSON): the error, readable
//	GET  /v2/api/kakaolink/talk/template/{default,validate,scrap}
//	                               kapi's template validation (protocol §5.4 step 1)
//	POST /v2/api/talk/message/image/upload   multipart, one part named file
//	POST /v2/api/talk/message/image/scrap    form image_url (loopback URLs only)
//	DELETE /v2/api/talk/message/image/delete?image_url=
//	OPTIONS /v2/api/...            CORS preflight
//	GET  /scheme/<encodeURIComponent(kakaolink://send?...)>
//	                               the universal link: what KakaoTalk shows (preview and
//	                               picker, as for the sharer)
//	GET  /images/<id>.<ext>        uploaded and scrapped images, for 100 days
//	GET  /emulator/deliveries      the delivery log as JSON (the last MaxDeliveries),
//	                               each delivery with its share's warnings; DELETE
//	                               clears it
//	POST /emulator/preview         call, settings (JSON), app_key: the message of a
//	                               Kakao.Share settings object as the sharer shows it (an
//	                               HTML fragment; with Accept: application/json, the
//	                               fragment and the warnings), or the error as JSON
//	                               {code, message, field}; for pages that preview a
//	                               share (the demo)
//	GET  /emulator/icon.svg        the demo app's icon
//
// # Apps
//
// Every request names an app by its JavaScript key (the app_key field, the
// "Authorization: KakaoAK <key>" header, or the kakaolink appkey). An unknown key is
// -401 "invalid app key: <key>". The origin/ segment of the KA string (form field ka,
// header KA, or extras.KA of the kakaolink URL), percent-decoded, must be one of the
// app's origins, else -401 "domain mismatched! caller=<origin>. check out registered
// web domains.". The browser's Origin header is not checked (protocol §10 question 7):
// kapi answers carry Access-Control-Allow-Origin echoing any Origin, so that a page on
// an unregistered origin reads the -401 answer instead of a network error.
//
// The built-in demo app is always there ([DemoAppKey], [DemoAdminKey]): name "kshare
// demo", icon /emulator/icon.svg, origins http://127.0.0.1:8080, http://localhost:8080
// and the origin of [Options.BaseURL] (with its 127.0.0.1 / localhost twin), link
// domains developers.kakao.com, localhost, 127.0.0.1, example.com and the BaseURL host,
// webhook POST [Options.DemoWebhookURL], and the custom template [DemoTemplateID] (a
// feed with ${title} and ${description}). More apps come from [Options.ConfigFile], a
// JSON file described by [Config]; a file app may not reuse the demo's keys.
//
// # Messages
//
// validation_params (sharer) and the query (kapi) are validated with package share's
// rules ([share.ParseValidationParams]): a share kshare would refuse is refused here
// with 4002 and share's message and field. Then:
//
//   - default: the template_object as is;
//   - custom: the app's template of that id (4002 if none), with every ${name} in its
//     string values replaced by template_args[name] (strings as they are, other values
//     as JSON); a placeholder without an argument is left as written, so it shows;
//   - scrap: request_url must be an http(s) URL on a link domain (4002 otherwise); when
//     its host is a loopback address
//     (127.0.0.0/8, ::1, localhost) the page is fetched (3 s, 1 MiB, redirects only to
//     loopback addresses, enforced on the dialed IP) and og:title, og:description,
//     og:image (fallbacks: <title>, meta description) are read; other hosts are not
//     fetched and the preview shows the URL with a note, as does a fetch that fails.
//     Without template_id the message is a feed of those values; with it, the app's
//     template with the arguments title, description, image and url, overridden by
//     template_args.
//
// The resulting template is validated again; a web_url or mobile_web_url in it with a
// scheme other than http(s) is refused (4002 naming the field). A link whose host is not
// one of the app's link domains (or a subdomain of one) is delivered, as Kakao delivers
// it, but KakaoTalk does not open it: it is a warning (see Warnings), and the preview
// shows it without a link.
//
// The kapi answer is {"template_id", "template_args", "template_msg", "warning_msg":
// {}, "argument_msg": {}}: template_id is the id used or 0; template_msg is
// {"P": {TP, ME, SID, DID, SNM, SIC, KSA (the action), KSN (a note), KSU (a scrap's
// request_url)}, "C": <the template in wire form, placeholders kept>}, which the
// /scheme/ page reads back (and validates again) with the template_args and template_id
// of the kakaolink URL.
//
// # Warnings
//
// A share that goes through can still go wrong silently. The sharer, the /scheme/ page
// and the preview list its [Warning]s: first package share's doctor's ([share.Diagnose]:
// relative and local links, a webUrl without mobileWebUrl or the reverse, http: links
// and images, data:, blob: and relative images, a text over 200 characters), then the
// emulator's, which need Kakao's side of the story:
//
//   - link-domain-not-registered: a link to a host that is not one of the app's link
//     domains (the console's [App] > [Product Link] > [Web domain]; Config's
//     linkDomains);
//   - image-unreachable, image-too-large, image-unreadable, image-cropped: the images on
//     loopback addresses are fetched as the scrap fetches pages (at most 5 MB, PNG, JPEG
//     or GIF, decoded for their size): one that cannot be fetched, is over 5 MB or is not
//     an image, and a scrap's og:image that is not 2:1 (Kakao crops it to 800×400). The
//     size of each image fetched is a note; images on other hosts are not fetched (the
//     emulator works offline), which a note says;
//   - template-arg-unused, template-arg-missing: for a custom template (or a scrap with
//     one), a templateArgs key no ${KEY} of the template uses, and a ${KEY} without a
//     value (a scrap fills title, description, image and url itself);
//   - webhook-not-configured, callback-args-missing: serverCallbackArgs while the app has
//     no webhook (no webhook will arrive), and a share without serverCallbackArgs while
//     the app has one (the webhook is sent only with serverCallbackArgs).
//
// At most [MaxWarnings] are listed; each names its code, its field in the page's
// settings (camelCase, "content.link.webUrl"; a custom template's own fields by their
// path in the template) and what will happen. Each [Delivery] of the share carries them,
// so that a page's own test can assert that its shares have none.
//
// # The picker and deliveries
//
// The sharer and /scheme/ pages show the message as KakaoTalk would and a picker over
// a fixed set of chats: the friends (DirectChat) 라이언, 어피치 and 무지, and the
// chats 나와의 채팅 (MemoChat), two MultiChat groups, an OpenDirectChat and an
// OpenMultiChat. pickerSettings type "friend" shows the friends, "chat" the chats,
// "full" (or none) both; limit (default 10) caps how many may be chosen, in the page
// and on the server. The page holds a single-use token bound to the validated share,
// kept 30 minutes. Sending records one [Delivery] per chat and answers a page whose
// script posts "sent" to window.opener and closes the popup after a second.
//
// Stable hooks for browser tests: the preview is #kshare-preview (data-object-type),
// the warnings panel above the picker #kshare-warnings (data-count; one li per warning,
// with data-code and data-field; absent when there is none), the notes p.note under the
// message, the picker form #kshare-picker, each checkbox #chat-<id> (name "chat",
// data-chat-type, data-chat-id), the send button #kshare-send, the sent page's body
// #kshare-sent (data-count), error pages #kshare-error (data-code), the waiting page
// #kshare-waiting.
//
// # Webhooks
//
// A delivery of a share that carried serverCallbackArgs (lcba) to an app with a webhook
// calls it once, off the request path: 3 s timeout, redirects not followed (a 3XX is a
// failure), no retry; headers Authorization: KakaoAK <admin key>, X-Kakao-Resource-ID
// (random, unique), User-Agent: KakaoOpenAPI/1.0; parameters CHAT_TYPE, HASH_CHAT_ID
// (base64url HMAC-SHA256 of the chat id keyed with the app key: stable per app and
// chat, different across apps), TEMPLATE_ID when a template id was used, then each key
// of the lcba JSON object in order (strings as they are, other values as JSON;
// reserved keys are Kakao's and are dropped). GET sends them in the query, POST as an
// application/x-www-form-urlencoded body. An lcba that is not a JSON object is recorded
// as an error and no webhook is sent. The outcome is in the delivery log.
//
// # Images
//
// The image routes check the key and the KA origin like the template routes. Upload
// reads exactly the parts named file (a second one is -606), at most 5 MB each,
// enforced while reading (-602; a body whose Content-Length is over 6 MiB, 5 MB and
// room for the multipart, is -602 before a byte is read); PNG, JPEG and GIF are accepted, with width and height
// decoded, anything else is -911. Scrap fetches image_url from loopback addresses only
// (-2 otherwise) with the same checks. Images are kept in memory for 100 days by
// [Options.Clock] (at most 256 MiB in all, oldest dropped first) and served at
// BaseURL/images/<id>.<ext>; delete takes the URL of an image of the same app (-2
// otherwise) and answers 200 with an empty body.
//
// Kakao error bodies are {"code": <int>, "msg": <string>}, with HTTP 400 (4002, -2,
// -602, -606, -911), 401 (-401), or 413 and 414 (-2) for an oversize request.
//
// # Answers and limits
//
// What an answer repeats of a request (an app key, the KA origin, a URL or its host, a
// key, a chat id, a path) is bounded, in messages, pages and Location headers alike: a
// value of more than 100 characters shows as its first 100, quoted, with "…" and its
// length, "abcd…" (500000 characters); a whole message (Kakao's msg, the preview's
// message, a field of the failed page) has at most 500 characters, since package
// share's messages repeat keys as they are. So the redirect to /picker/failed stays
// a few KB long whatever was posted.
//
// Request bodies are bounded: the sharer's and the preview's form 1 MiB, the picker's
// 64 KiB, the image scrap form 64 KiB, an upload 5 MB of image (and 1 MiB more of
// multipart), a kapi query 128 KiB (the server in front bounds request lines and
// headers). An oversize request is a 4xx, never a 5xx: the sharer and the picker
// answer the failed page at once with 413 (400 for a form that cannot be read, e.g.
// one still arriving at the server's ReadTimeout), the preview and the image scrap
// 413 JSON, a long query 414, an image -602.
//
// Every page (waiting, sharer, KakaoTalk, sent, failed) carries a
// Content-Security-Policy that loads nothing but the message's images, inline styles
// and the page's own script (by nonce), with frame-ancestors 'none', and
// X-Frame-Options: DENY, so no other page can frame the picker's send button; also
// Cache-Control: no-store and Referrer-Policy: no-referrer. POST /emulator/preview's
// answers carry a policy without scripts or forms.
package emulator

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// The built-in demo app.
const (
	// DemoAppKey is the demo app's JavaScript key.
	DemoAppKey = "kshare-demo-js-key"
	// DemoAdminKey is the demo app's admin key, sent in its webhooks.
	DemoAdminKey = "kshare-demo-admin-key"
	// DemoAppName is the demo app's name.
	DemoAppName = "kshare demo"
	// DemoTemplateID is the demo app's custom template: a feed with the arguments
	// ${title} and ${description}, as in Kakao's documentation of sendCustom.
	DemoTemplateID = 3135
)

// Limits and periods of the emulator, as Kakao documents them where Kakao has one.
const (
	// ImageRetention is how long an uploaded or scrapped image is served.
	ImageRetention = 100 * 24 * time.Hour
	// WebhookTimeout is how long a webhook call may take.
	WebhookTimeout = 3 * time.Second
	// FetchTimeout bounds fetching a scrap page or image.
	FetchTimeout = 3 * time.Second
	// ShareTTL is how long a validated share waits for the picker's send.
	ShareTTL = 30 * time.Minute
	// MaxDeliveries is how many deliveries the log keeps (the oldest go first): every
	// share of a 1,000-share load test, ten times over. A delivery holds at most about
	// 16 KB (its request values are bounded, see [Delivery]), about 1 KB typically, so
	// a full log takes at most 160 MB and about 10 MB typically; the warnings of a share
	// (at most MaxWarnings of at most 600 characters, none typically) are shared by its
	// deliveries.
	MaxDeliveries = 10_000
	// DefaultPickerLimit is how many chats may be chosen without pickerSettings.limit.
	DefaultPickerLimit = 10
)

// Options configure [New].
type Options struct {
	// ConfigFile is the path of a JSON app configuration ([Config]); "" for the demo app
	// only.
	ConfigFile string
	// BaseURL is the server's own origin, e.g. http://127.0.0.1:8080: the base of image
	// URLs, and an origin and link domain of the demo app. Required.
	BaseURL string
	// DemoWebhookURL is the demo app's webhook (the demo server's inbox,
	// BaseURL/inbox/webhook); "" leaves the demo app without a webhook.
	DemoWebhookURL string
	// DemoAdminKey is the demo app's admin key; "" means [DemoAdminKey].
	DemoAdminKey string
	// Clock tells the time (image expiry, share tokens, the log); nil means time.Now.
	Clock func() time.Time
	// WebhookTransport sends the webhooks; nil means a transport without proxy.
	// Whatever it is, redirects are not followed and [Options.WebhookTimeout] applies.
	WebhookTransport http.RoundTripper
	// WebhookTimeout replaces [WebhookTimeout] when positive (for tests).
	WebhookTimeout time.Duration
	// FetchTimeout replaces [FetchTimeout] when positive (for tests).
	FetchTimeout time.Duration
}

// Emulator is the Kakao emulator: an http.Handler for the routes of the package
// documentation. Create it with [New]; call [Emulator.Close] when done.
type Emulator struct {
	base    *url.URL
	apps    *registry
	clock   func() time.Time
	routes  *http.ServeMux
	images  *imageStore
	shares  *shareStore
	log     *deliveryLog
	hooks   *webhookSender
	fetcher *http.Client

	closeOnce sync.Once
}

// New returns an emulator with the demo app and the apps of opts.ConfigFile. It fails
// when BaseURL is not an http(s) origin or the configuration is unreadable or invalid
// (the error names the file, the app and the field).
func New(opts Options) (*Emulator, error) {
	base, err := parseBaseURL(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	clock := opts.Clock
	if clock == nil {
		clock = time.Now
	}
	adminKey := opts.DemoAdminKey
	if adminKey == "" {
		adminKey = DemoAdminKey
	}
	apps := []*app{demoApp(base, opts.DemoWebhookURL, adminKey)}
	if opts.ConfigFile != "" {
		more, err := loadConfigFile(opts.ConfigFile)
		if err != nil {
			return nil, err
		}
		apps = append(apps, more...)
	}
	reg, err := newRegistry(base, apps)
	if err != nil {
		if opts.ConfigFile != "" {
			err = errors.New(opts.ConfigFile + ": " + err.Error())
		}
		return nil, err
	}
	e := &Emulator{
		base:    base,
		apps:    reg,
		clock:   clock,
		images:  newImageStore(),
		shares:  newShareStore(),
		log:     newDeliveryLog(MaxDeliveries),
		hooks:   newWebhookSender(opts.WebhookTransport, positive(opts.WebhookTimeout, WebhookTimeout)),
		fetcher: loopbackClient(positive(opts.FetchTimeout, FetchTimeout)),
	}
	e.routes = e.newRoutes()
	return e, nil
}

func positive(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// parseBaseURL checks that s is an http(s) origin and returns it without a trailing
// slash.
func parseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(s, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, errors.New("emulator: BaseURL must be an http(s) origin such as http://127.0.0.1:8080, got " + quote(s))
	}
	return u, nil
}

func (e *Emulator) newRoutes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /picker/link", e.serveWaiting)
	mux.HandleFunc("POST /picker/link", e.serveSharer)
	mux.HandleFunc("POST /picker/send", e.serveSend)
	mux.HandleFunc("GET /picker/failed", e.serveFailed)
	mux.HandleFunc("GET /scheme/", e.serveScheme)

	mux.Handle("GET /v2/api/kakaolink/talk/template/{kind}", cors(http.HandlerFunc(e.serveTemplate)))
	mux.Handle("POST /v2/api/talk/message/image/upload", cors(http.HandlerFunc(e.serveUpload)))
	mux.Handle("POST /v2/api/talk/message/image/scrap", cors(http.HandlerFunc(e.serveScrapImage)))
	mux.Handle("DELETE /v2/api/talk/message/image/delete", cors(http.HandlerFunc(e.serveDeleteImage)))
	mux.Handle("OPTIONS /v2/api/", cors(http.HandlerFunc(servePreflight)))
	mux.Handle("/v2/api/", cors(http.HandlerFunc(serveUnknownAPI)))

	mux.HandleFunc("GET /images/{name}", e.serveImage)
	mux.HandleFunc("GET /emulator/deliveries", e.serveDeliveries)
	mux.HandleFunc("DELETE /emulator/deliveries", e.serveClearDeliveries)
	mux.HandleFunc("POST /emulator/preview", e.servePreview)
	mux.HandleFunc("GET /emulator/icon.svg", serveIcon)
	return mux
}

// ServeHTTP answers the routes of the package documentation; other paths are 404.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.routes.ServeHTTP(w, r)
}

// Deliveries returns a copy of the delivery log, oldest first.
func (e *Emulator) Deliveries() []Delivery {
	return e.log.snapshot()
}

// Close stops sending webhooks for new deliveries and waits for the webhook calls in
// flight, or until ctx ends (then they are cancelled and ctx.Err() is returned). It may
// be called more than once; the emulator keeps answering requests.
func (e *Emulator) Close(ctx context.Context) error {
	e.closeOnce.Do(func() { e.fetcher.CloseIdleConnections() })
	return e.hooks.close(ctx)
}
