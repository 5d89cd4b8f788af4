package emulator

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
)

// Chat is one of the emulated chats a message can be sent to.
type Chat struct {
	// Type is the webhook's CHAT_TYPE: MemoChat, DirectChat, MultiChat, OpenDirectChat
	// or OpenMultiChat.
	Type string `json:"type"`
	// ID names the chat in the picker (the checkbox value) and in the log.
	ID string `json:"id"`
	// Name is what the picker shows.
	Name string `json:"name"`
}

// chat is a picker entry: a Chat in a section ("friend" or "chat").
type chat struct {
	Chat
	section string
}

// chats are the emulated chats, in the picker's order.
var chats = []chat{
	{Chat{"DirectChat", "friend-ryan", "라이언"}, "friend"},
	{Chat{"DirectChat", "friend-apeach", "어피치"}, "friend"},
	{Chat{"DirectChat", "friend-muzi", "무지"}, "friend"},
	{Chat{"MemoChat", "memo", "나와의 채팅"}, "chat"},
	{Chat{"MultiChat", "group-family", "우리 가족 (4)"}, "chat"},
	{Chat{"MultiChat", "group-team", "kshare 개발팀 (6)"}, "chat"},
	{Chat{"OpenDirectChat", "open-direct", "오픈채팅 1:1 문의"}, "chat"},
	{Chat{"OpenMultiChat", "open-multi", "Go 개발자 모임 (오픈채팅)"}, "chat"},
}

// picker is the share's pickerSettings.
type picker struct {
	kind  string // full, friend or chat
	limit int
}

// parsePicker reads pickerSettings ({type, limit}, undefined for none), checked with
// package share's rule.
func parsePicker(v jsvalue.Value) (picker, *kakaoError) {
	p := picker{kind: "full", limit: DefaultPickerLimit}
	if v.Kind == jsvalue.Undefined {
		return p, nil
	}
	probe := jsvalue.Obj(jsvalue.M("templateId", jsvalue.Num(1)), jsvalue.M("pickerSettings", v))
	if _, err := share.Parse(share.SendCustom, probe, nil); err != nil {
		return p, fromShareError(err)
	}
	if t, ok := v.Get("type"); ok {
		p.kind = t.Str
	}
	if l, ok := v.Get("limit"); ok {
		p.limit = int(min(l.Num, 1000))
	}
	return p, nil
}

// visible returns the chats the picker shows.
func (p picker) visible() []chat {
	var out []chat
	for _, c := range chats {
		if p.kind == "full" || p.kind == c.section {
			out = append(out, c)
		}
	}
	return out
}

// pendingShare is a validated share waiting for the picker's send.
type pendingShare struct {
	app     *app
	via     string // "sharer" or "talk"
	msg     *message
	lcba    string
	hasLCBA bool
	picker  picker
	expires time.Time
	// warnings are the share's (the doctor's and the emulator's), shown above the
	// picker and kept with each delivery.
	warnings []Warning
}

// shareStore keeps pending shares by single-use token.
type shareStore struct {
	mu     sync.Mutex
	shares map[string]*pendingShare
}

// maxPendingShares bounds the store; the share expiring first is dropped beyond it.
const maxPendingShares = 1000

func newShareStore() *shareStore {
	return &shareStore{shares: map[string]*pendingShare{}}
}

// add keeps p and returns its token.
func (s *shareStore) add(p *pendingShare, now time.Time) string {
	token := randomID(24)
	s.mu.Lock()
	defer s.mu.Unlock()
	var first string
	for t, q := range s.shares {
		if !now.Before(q.expires) {
			delete(s.shares, t)
		} else if first == "" || q.expires.Before(s.shares[first].expires) {
			first = t
		}
	}
	if len(s.shares) >= maxPendingShares {
		delete(s.shares, first)
	}
	s.shares[token] = p
	return token
}

// get returns the share of token if it has not expired.
func (s *shareStore) get(token string, now time.Time) (*pendingShare, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.shares[token]
	if ok && !now.Before(p.expires) {
		delete(s.shares, token)
		return nil, false
	}
	return p, ok
}

// take removes the share of token; it reports false when another request took it.
func (s *shareStore) take(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.shares[token]
	delete(s.shares, token)
	return ok
}

// randomID returns n random bytes in base64url.
func randomID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b)
}
