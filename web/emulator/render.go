package emulator

import (
	"bytes"
	"embed"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages are the emulator's HTML pages; each is self-contained (inline CSS and script,
// no external asset but the message's own images).
var pages = template.Must(template.New("").ParseFS(templateFS, "templates/*.html"))

// page is what every page template gets: the CSP nonce of its inline script and its
// own view.
type page struct {
	Nonce string
	V     any
}

// renderPage writes the page name with v, with the headers of setPageHeaders under
// pageCSP.
func renderPage(w http.ResponseWriter, status int, name string, v any) {
	nonce := randomID(16)
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, page{Nonce: nonce, V: v}); err != nil {
		http.Error(w, "emulator: rendering "+name+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	setPageHeaders(w.Header(), pageCSP(nonce))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// pageCSP is the Content-Security-Policy of the emulator's pages (the waiting, sharer,
// KakaoTalk, sent and failed pages): nothing loads but the message's images, inline
// styles and the page's own inline script (by its nonce); the picker's form posts to
// the emulator only; and no other page may frame it, so that nobody can lay the send
// button under a decoy (clickjacking).
func pageCSP(nonce string) string {
	return "default-src 'none'; img-src http: https: data:; style-src 'unsafe-inline'; script-src 'nonce-" + nonce + "'; " +
		"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
}

// previewCSP is the Content-Security-Policy of POST /emulator/preview's answers (an
// HTML fragment, or JSON): as a page's, without scripts or forms.
const previewCSP = "default-src 'none'; img-src http: https: data:; style-src 'unsafe-inline'; " +
	"frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// setPageHeaders sets the headers of the emulator's HTML answers: never cached, never
// sniffed, no Referer sent from them, csp, and X-Frame-Options: DENY for browsers that
// predate frame-ancestors.
func setPageHeaders(h http.Header, csp string) {
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Frame-Options", "DENY")
}

// messageView is a message as KakaoTalk shows it.
type messageView struct {
	ObjectType string
	// Href is where a tap on the bubble leads ("" when nowhere safe).
	Href         string
	Image        string
	Title        string
	Description  string
	Profile      *profileView
	TitleImage   *titleImageView
	Items        []itemView
	Sum          *itemView
	Social       []countView
	HeaderTitle  string
	HeaderHref   string
	Rows         []rowView
	Address      string
	AddressTitle string
	Price        *priceView
	Calendar     *calendarView
	Text         string
	Buttons      []buttonView
	// Notes say what the emulator could not do or check, and what it found out.
	Notes []string
}

type profileView struct{ Text, Image string }

type titleImageView struct{ Image, Text, Category string }

type itemView struct{ Item, Op string }

type countView struct{ Icon, Label, Count string }

type rowView struct{ Title, Description, Image, Href string }

type priceView struct {
	ProductName string
	Regular     string
	// Final is the price after discount ("" when there is none); Rate ("20%") and
	// Fixed ("3,000원 할인") describe it.
	Final, Rate, Fixed string
}

type calendarView struct{ IDType, ID string }

type buttonView struct{ Title, Href string }

// newMessageView turns a resolved message into what the bubble shows.
func newMessageView(m *message) messageView {
	t := m.view
	v := messageView{ObjectType: t.ObjectType, Notes: m.notes}
	if m.note != "" {
		v.Notes = append([]string{m.note}, m.notes...)
	}
	if c := t.Content; c != nil {
		v.Image, v.Title, v.Description, v.Href = safeURL(c.ImageURL), c.Title, c.Description, m.href(c.Link)
	}
	switch t.ObjectType {
	case "list":
		v.HeaderTitle = t.HeaderTitle
		if t.HeaderLink != nil {
			v.HeaderHref = m.href(*t.HeaderLink)
			v.Href = v.HeaderHref
		}
		for _, c := range t.Contents {
			v.Rows = append(v.Rows, rowView{Title: c.Title, Description: c.Description, Image: safeURL(c.ImageURL), Href: m.href(c.Link)})
		}
	case "text":
		v.Text = t.Text
		if t.Link != nil {
			v.Href = m.href(*t.Link)
		}
	case "location":
		v.Address, v.AddressTitle = t.Address, t.AddressTitle
	case "calendar":
		v.Calendar = &calendarView{IDType: t.IDType, ID: t.ID}
	case "commerce":
		if t.Commerce != nil {
			v.Price = newPriceView(*t.Commerce)
		}
	}
	if ic := t.ItemContent; ic != nil {
		if ic.ProfileText != "" || ic.ProfileImageURL != "" {
			v.Profile = &profileView{Text: ic.ProfileText, Image: safeURL(ic.ProfileImageURL)}
		}
		if ic.TitleImageText != "" || ic.TitleImageURL != "" || ic.TitleImageCategory != "" {
			v.TitleImage = &titleImageView{Image: safeURL(ic.TitleImageURL), Text: ic.TitleImageText, Category: ic.TitleImageCategory}
		}
		for _, it := range ic.Items {
			v.Items = append(v.Items, itemView{Item: it.Item, Op: it.ItemOp})
		}
		if ic.Sum != "" || ic.SumOp != "" {
			v.Sum = &itemView{Item: ic.Sum, Op: ic.SumOp}
		}
	}
	if s := t.Social; s != nil {
		for _, c := range []struct {
			icon, label string
			n           *float64
		}{
			{"♥", "좋아요", s.LikeCount}, {"💬", "댓글", s.CommentCount}, {"↗", "공유", s.SharedCount},
			{"👁", "조회", s.ViewCount}, {"👤", "구독", s.SubscriberCount},
		} {
			if c.n != nil {
				v.Social = append(v.Social, countView{Icon: c.icon, Label: c.label, Count: formatNumber(*c.n)})
			}
		}
	}
	for _, b := range t.Buttons {
		v.Buttons = append(v.Buttons, buttonView{Title: b.Title, Href: m.href(b.Link)})
	}
	if len(v.Buttons) == 0 {
		v.Buttons = defaultButtons(t, v.Href)
	}
	return v
}

// defaultButtons are the buttons KakaoTalk shows when the template has none.
func defaultButtons(t share.Template, href string) []buttonView {
	title := t.ButtonTitle
	switch {
	case title != "":
	case t.ObjectType == "calendar" && t.IDType == "calendar":
		title = "캘린더 구독하기"
	case t.ObjectType == "calendar":
		title = "일정 보기"
	default:
		title = "자세히 보기"
	}
	buttons := []buttonView{{Title: title, Href: href}}
	if t.ObjectType == "location" {
		buttons = append(buttons, buttonView{Title: "위치 보기",
			Href: "https://map.kakao.com/link/search/" + url.PathEscape(t.Address)})
	}
	return buttons
}

// newPriceView formats a commerce message's prices: the unit (default 원) after the
// price, or before it when currency_unit_position is 1.
func newPriceView(c share.Commerce) *priceView {
	unit := c.CurrencyUnit
	if unit == "" {
		unit = "원"
	}
	money := func(f float64) string {
		if c.CurrencyUnitPosition == 1 {
			return unit + formatNumber(f)
		}
		return formatNumber(f) + unit
	}
	p := &priceView{ProductName: c.ProductName, Regular: money(c.RegularPrice)}
	switch {
	case c.DiscountPrice != nil:
		p.Final = money(*c.DiscountPrice)
	case c.FixedDiscountPrice != nil:
		p.Final = money(c.RegularPrice - *c.FixedDiscountPrice)
	case c.DiscountRate != nil:
		p.Final = money(math.Round(c.RegularPrice * (100 - *c.DiscountRate) / 100))
	}
	if c.DiscountRate != nil {
		p.Rate = formatNumber(*c.DiscountRate) + "%"
	}
	if c.FixedDiscountPrice != nil {
		p.Fixed = money(*c.FixedDiscountPrice) + " 할인"
	}
	return p
}

// formatNumber writes whole numbers with thousands separators (1,234,567), anything
// else as JavaScript prints it.
func formatNumber(f float64) string {
	if f != math.Trunc(f) || math.Abs(f) >= 1e15 {
		return jsvalue.FormatNumber(f)
	}
	digits := strconv.FormatInt(int64(math.Abs(f)), 10)
	var b strings.Builder
	if f < 0 {
		b.WriteByte('-')
	}
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}

// href is where a link of m leads in a browser: its web_url, else its mobile_web_url,
// when http(s) and on one of the app's link domains (KakaoTalk opens no other).
func (m *message) href(l share.Link) string {
	for _, u := range []string{l.WebURL, l.MobileWebURL} {
		if u = safeURL(u); u != "" && !m.unopened[u] {
			return u
		}
	}
	return ""
}

// safeURL returns s when it is an absolute http(s) URL, else "": nothing else is ever
// rendered as a link or an image.
func safeURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return s
}

// appView is the app as the sharer shows it.
type appView struct{ Name, Icon string }

// chatView is one picker checkbox.
type chatView struct {
	Chat
	Label   string
	Checked bool
}

// sectionView is a group of the picker.
type sectionView struct {
	Title string
	Kind  string
	Chats []chatView
}

// chatTypeLabels are the picker's labels of chat types.
var chatTypeLabels = map[string]string{
	"MemoChat": "나와의 채팅", "DirectChat": "1:1 채팅", "MultiChat": "그룹 채팅",
	"OpenDirectChat": "1:1 오픈채팅", "OpenMultiChat": "그룹 오픈채팅",
}

// sharerView is the sharer (and /scheme/) page: the preview and the picker.
type sharerView struct {
	App        appView
	Via        string
	Action     string
	Message    messageView
	Token      string
	PickerType string
	Limit      int
	Sections   []sectionView
	Error      string
	// Warnings are the share's, listed above the picker (#kshare-warnings).
	Warnings []Warning
}

// newSharerView builds the page of a pending share; checked are the chats to show
// checked (after a refused send).
func newSharerView(p *pendingShare, token string, checked map[string]bool, errText string) sharerView {
	v := sharerView{
		App: appView{Name: p.app.name, Icon: safeURL(p.app.icon)}, Via: p.via, Action: string(p.msg.action),
		Message: newMessageView(p.msg), Token: token, PickerType: p.picker.kind, Limit: p.picker.limit, Error: errText,
		Warnings: p.warnings,
	}
	for _, s := range []struct{ kind, title string }{{"friend", "친구"}, {"chat", "채팅방"}} {
		sec := sectionView{Title: s.title, Kind: s.kind}
		for _, c := range p.picker.visible() {
			if c.section == s.kind {
				sec.Chats = append(sec.Chats, chatView{Chat: c.Chat, Label: chatTypeLabels[c.Type], Checked: checked[c.ID]})
			}
		}
		if len(sec.Chats) > 0 {
			v.Sections = append(v.Sections, sec)
		}
	}
	return v
}

// sentView is the page after sending.
type sentView struct {
	App   appView
	Via   string
	Chats []Chat
}

// failedView is the picker/failed page.
type failedView struct {
	AppKey string
	Name   string
	Code   string
	Msg    string
	// Other are the payload's other fields, as JSON.
	Other [][2]string
	// Raw is the error parameter when it could not be decoded.
	Raw string
}
