package webhook

import "time"

// ChatType is the kind of chat a message was shared to, the CHAT_TYPE parameter.
type ChatType string

// The chat types Kakao documents. [Handler] accepts any non-empty CHAT_TYPE, so a value
// outside this list can still reach the caller.
const (
	MemoChat       ChatType = "MemoChat"       // the user's chat with themselves
	DirectChat     ChatType = "DirectChat"     // a 1:1 chat
	MultiChat      ChatType = "MultiChat"      // a group chat
	OpenDirectChat ChatType = "OpenDirectChat" // a 1:1 open chat
	OpenMultiChat  ChatType = "OpenMultiChat"  // a group open chat
)

// Known reports whether c is one of the five chat types Kakao documents.
func (c ChatType) Known() bool {
	switch c {
	case MemoChat, DirectChat, MultiChat, OpenDirectChat, OpenMultiChat:
		return true
	}
	return false
}

// The parameter names Kakao sets itself; every other parameter is a custom argument.
const (
	paramChatType   = "CHAT_TYPE"
	paramHashChatID = "HASH_CHAT_ID"
	paramTemplateID = "TEMPLATE_ID"
)

// Event is one webhook call that passed every check of [Handler].
type Event struct {
	// ResourceID is the X-Kakao-Resource-ID header, unique per webhook call.
	ResourceID string `json:"resourceId"`
	// ChatType is CHAT_TYPE, never empty.
	ChatType ChatType `json:"chatType"`
	// HashChatID is HASH_CHAT_ID, the service's hash of the chat, never empty.
	HashChatID string `json:"hashChatId"`
	// TemplateID is TEMPLATE_ID, empty when the share did not use a template id.
	TemplateID string `json:"templateId,omitempty"`
	// Args are the other parameters (the keys of serverCallbackArgs), in the order they
	// were received; empty, never nil.
	Args []Param `json:"args"`
	// Method is the request method, GET or POST.
	Method string `json:"method"`
	// UserAgent is the User-Agent header; Kakao sends KakaoOpenAPI/1.0.
	UserAgent string `json:"userAgent"`
	// ReceivedAt is when the handler accepted the request, from its clock ([WithClock]).
	ReceivedAt time.Time `json:"receivedAt"`
}

// Param is one name and value of a webhook request, percent-decoding undone.
type Param struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Arg returns the value of the custom argument key and whether it was sent.
func (e Event) Arg(key string) (string, bool) {
	for _, p := range e.Args {
		if p.Key == key {
			return p.Value, true
		}
	}
	return "", false
}
