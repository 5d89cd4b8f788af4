package emulator

import (
	"context"
	"maps"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
)

// Delivery is one message delivered to one emulated chat, and its webhook. What it
// keeps of the request is bounded (see "Answers and limits" in the package
// documentation): Title at most 100 characters, CallbackArgs 500, the webhook's
// Params the first [MaxLoggedParams] with keys and values of at most 100 characters
// each, Error 500; longer ones are kept as their head with "…" and their length.
type Delivery struct {
	// ID is "1", "2", ... in order of delivery.
	ID   string    `json:"id"`
	Time time.Time `json:"time"`
	// App is the app's JavaScript key, AppName its name.
	App     string `json:"app"`
	AppName string `json:"app_name"`
	// Via is "sharer" (the web sharer) or "talk" (the /scheme/ page).
	Via string `json:"via"`
	// Action is default, custom or scrap; TemplateID the custom template used (0: none).
	Action     string `json:"action"`
	TemplateID int64  `json:"template_id,omitempty"`
	// ObjectType is the message's template type (feed, list, ...).
	ObjectType string `json:"object_type"`
	// Title is what the bubble shows first: content.title, a list's header_title or a
	// text message's text.
	Title string `json:"title,omitempty"`
	Chat  Chat   `json:"chat"`
	// HashChatID is the webhook's HASH_CHAT_ID for this app and chat.
	HashChatID string `json:"hash_chat_id"`
	// CallbackArgs is the lcba the share carried ("" for none).
	CallbackArgs string         `json:"callback_args,omitempty"`
	Webhook      WebhookAttempt `json:"webhook"`
	// Warnings are the share's, as the sharer or KakaoTalk page listed them: package
	// share's doctor's, then the emulator's ([]: none; at most [MaxWarnings], shared by
	// the deliveries of one share).
	Warnings []Warning `json:"warnings"`
}

// WebhookAttempt is the webhook call of a delivery.
type WebhookAttempt struct {
	// State is WebhookPending, WebhookSent, WebhookFailed or WebhookSkipped.
	State  string `json:"state"`
	URL    string `json:"url,omitempty"`
	Method string `json:"method,omitempty"`
	// ResourceID is the X-Kakao-Resource-ID header sent.
	ResourceID string `json:"resource_id,omitempty"`
	// Params are the parameters sent (CHAT_TYPE, HASH_CHAT_ID, TEMPLATE_ID, custom): the
	// first MaxLoggedParams of them; ParamsNotShown counts the others.
	Params         map[string]string `json:"params,omitempty"`
	ParamsNotShown int               `json:"params_not_shown,omitempty"`
	// Status is the HTTP status answered (0: none).
	Status int `json:"status,omitempty"`
	// Error says why the webhook failed or was skipped.
	Error      string `json:"error,omitempty"`
	DurationMS int64  `json:"duration_ms"`
}

// The states of a [WebhookAttempt].
const (
	// WebhookPending: the call is in flight.
	WebhookPending = "pending"
	// WebhookSent: the receiver answered 2XX within the timeout.
	WebhookSent = "sent"
	// WebhookFailed: an error, a timeout, a redirect or a status other than 2XX.
	WebhookFailed = "failed"
	// WebhookSkipped: no call (no serverCallbackArgs, no webhook configured, an lcba
	// that is not a JSON object, or the emulator closing).
	WebhookSkipped = "skipped"
)

// MaxLoggedParams is how many webhook parameters a [Delivery] keeps.
const MaxLoggedParams = 16

// deliveryLog keeps the last deliveries, numbered 1, 2, ... in order.
type deliveryLog struct {
	mu      sync.Mutex
	max     int
	seq     int
	entries []*Delivery // oldest first: entries[i] is number seq-len(entries)+1+i
}

func newDeliveryLog(max int) *deliveryLog { return &deliveryLog{max: max} }

// add numbers d and keeps it, dropping the oldest beyond max.
func (l *deliveryLog) add(d *Delivery) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	d.ID = strconv.Itoa(l.seq)
	l.entries = append(l.entries, d)
	if len(l.entries) > l.max {
		// append copies the live entries into a new array when it grows, so the
		// memory stays within twice max.
		l.entries[0] = nil
		l.entries = l.entries[1:]
	}
	return d.ID
}

// find returns the delivery numbered id, or nil when it is gone.
func (l *deliveryLog) find(id string) *Delivery {
	seq, err := strconv.Atoi(id)
	i := seq - (l.seq - len(l.entries) + 1)
	if err != nil || i < 0 || i >= len(l.entries) {
		return nil
	}
	return l.entries[i]
}

// finish records the outcome of a delivery's webhook.
func (l *deliveryLog) finish(id string, status int, errText string, took time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if d := l.find(id); d != nil {
		d.Webhook.Status, d.Webhook.Error, d.Webhook.DurationMS = status, bounded(errText, maxMessage), took.Milliseconds()
		d.Webhook.State = WebhookSent
		if errText != "" {
			d.Webhook.State = WebhookFailed
		}
	}
}

// skip marks a pending webhook as not sent.
func (l *deliveryLog) skip(id, why string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if d := l.find(id); d != nil {
		d.Webhook.State, d.Webhook.Error = WebhookSkipped, why
	}
}

// snapshot copies the log, oldest first.
func (l *deliveryLog) snapshot() []Delivery {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Delivery, len(l.entries))
	for i, d := range l.entries {
		out[i] = *d
		out[i].Webhook.Params = maps.Clone(d.Webhook.Params)
	}
	return out
}

func (l *deliveryLog) clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = nil
}

// deliver records the delivery of p to c and starts its webhook.
func (e *Emulator) deliver(p *pendingShare, c Chat) {
	d := &Delivery{
		Time: e.clock(), App: p.app.appKey, AppName: p.app.name, Via: p.via,
		Action: string(p.msg.action), TemplateID: p.msg.templateID, ObjectType: p.msg.view.ObjectType,
		Title: echo(messageTitle(p.msg.view)), Chat: c, HashChatID: p.app.hashChatID(c.ID),
		Warnings: p.warnings,
	}
	if d.Warnings == nil {
		d.Warnings = []Warning{}
	}
	if p.hasLCBA {
		d.CallbackArgs = bounded(p.lcba, maxMessage)
	}
	hook := p.app.webhook
	var args jsvalue.Value
	switch {
	case !p.hasLCBA:
		d.Webhook = WebhookAttempt{State: WebhookSkipped, Error: "the share carried no serverCallbackArgs"}
	case hook == nil:
		d.Webhook = WebhookAttempt{State: WebhookSkipped, Error: "the app has no webhook"}
	default:
		var err error
		args, err = parseJSON(p.lcba)
		if err == nil && args.Kind != jsvalue.Object {
			err = errorString("it is " + args.TypeName())
		}
		if err != nil {
			d.Webhook = WebhookAttempt{State: WebhookSkipped, URL: hook.url, Method: hook.method,
				Error: bounded("serverCallbackArgs (lcba) is not a JSON object, so no webhook was sent: "+err.Error(), maxMessage)}
			break
		}
		d.Webhook = WebhookAttempt{State: WebhookPending, URL: hook.url, Method: hook.method, ResourceID: randomID(18)}
	}
	if d.Webhook.State != WebhookPending {
		e.log.add(d)
		return
	}
	params := webhookParams(c.Type, d.HashChatID, p.msg.templateID, args)
	logged := params[:min(len(params), MaxLoggedParams)]
	d.Webhook.Params = make(map[string]string, len(logged))
	for _, kv := range logged {
		d.Webhook.Params[echo(kv[0])] = echo(kv[1])
	}
	d.Webhook.ParamsNotShown = len(params) - len(logged)
	call := webhookCall{url: hook.url, method: hook.method, adminKey: p.app.adminKey, resourceID: d.Webhook.ResourceID, params: params}
	id := e.log.add(d)
	started := e.hooks.start(func(ctx context.Context) {
		status, took, err := e.hooks.send(ctx, call)
		errText := ""
		if err != nil {
			errText = err.Error()
		}
		e.log.finish(id, status, errText, took)
	})
	if !started {
		e.log.skip(id, "the emulator is shutting down")
	}
}

// webhookParams are the webhook's parameters in order: CHAT_TYPE, HASH_CHAT_ID,
// TEMPLATE_ID when a template was used, then the custom arguments (reserved keys are
// Kakao's and are left out).
func webhookParams(chatType, hashChatID string, templateID int64, args jsvalue.Value) [][2]string {
	params := [][2]string{{"CHAT_TYPE", chatType}, {"HASH_CHAT_ID", hashChatID}}
	if templateID != 0 {
		params = append(params, [2]string{"TEMPLATE_ID", strconv.FormatInt(templateID, 10)})
	}
next:
	for _, m := range args.Members {
		for _, k := range share.ReservedCallbackKeys {
			if m.Key == k {
				continue next
			}
		}
		text, ok := argText(m.Value)
		if !ok {
			continue
		}
		params = append(params, [2]string{m.Key, text})
	}
	return params
}

// messageTitle is what a message's bubble shows first.
func messageTitle(t share.Template) string {
	switch {
	case t.Content != nil && t.Content.Title != "":
		return t.Content.Title
	case t.HeaderTitle != "":
		return t.HeaderTitle
	}
	return t.Text
}

type errorString string

func (e errorString) Error() string { return string(e) }

// deliveriesAnswer is the body of GET /emulator/deliveries.
type deliveriesAnswer struct {
	Deliveries []Delivery `json:"deliveries"`
}

// serveDeliveries answers the delivery log, oldest first.
func (e *Emulator) serveDeliveries(w http.ResponseWriter, _ *http.Request) {
	writeStruct(w, http.StatusOK, deliveriesAnswer{Deliveries: e.log.snapshot()})
}

// serveClearDeliveries empties the delivery log.
func (e *Emulator) serveClearDeliveries(w http.ResponseWriter, _ *http.Request) {
	e.log.clear()
	w.WriteHeader(http.StatusNoContent)
}
