package share

import (
	"github.com/kshare/kshare/share/jsvalue"
)

// Template is a default template in typed form, read from its wire form (template_object)
// for servers that render it, such as the emulator. Fields a template type does not have
// stay zero; integer fields are float64 because JavaScript integers go beyond int64
// (1e21 is a valid integer for the official SDK).
type Template struct {
	ObjectType  string
	ButtonTitle string
	Content     *Content
	Contents    []Content
	HeaderTitle string
	HeaderLink  *Link
	Link        *Link
	Commerce    *Commerce
	Social      *Social
	ItemContent *ItemContent
	Buttons     []Button
	// Address and AddressTitle are the location template's; IDType and ID the
	// calendar's; Text the text template's.
	Address, AddressTitle string
	IDType, ID            string
	Text                  string
}

// Link is where a message or a button leads.
type Link struct {
	WebURL, MobileWebURL, AndroidExecutionParams, IOSExecutionParams string
}

// Content is the main block of a message: an image, a title and a description.
type Content struct {
	Title, ImageURL, Description string
	// ImageWidth and ImageHeight are 0 when not given.
	ImageWidth, ImageHeight float64
	Link                    Link
}

// Button is one of at most two buttons.
type Button struct {
	Title string
	Link  Link
}

// Social holds the counts shown under a feed or location message; nil means not given.
type Social struct {
	LikeCount, CommentCount, SharedCount, ViewCount, SubscriberCount *float64
}

// ItemContent is the item list of a feed message.
type ItemContent struct {
	ProfileText, ProfileImageURL, TitleImageURL, TitleImageText, TitleImageCategory string
	Items                                                                           []Item
	Sum, SumOp                                                                      string
}

// Item is one line of an item list.
type Item struct{ Item, ItemOp string }

// Commerce holds the prices of a commerce message; nil pointers mean not given.
type Commerce struct {
	ProductName                                     string
	RegularPrice                                    float64
	DiscountPrice, DiscountRate, FixedDiscountPrice *float64
	CurrencyUnit                                    string
	// CurrencyUnitPosition is 0 (unit after the price) or 1 (before).
	CurrencyUnitPosition int
}

// DecodeTemplate reads a template_object already validated by [Parse] (or
// [ParseValidationParams]) into a Template.
func DecodeTemplate(to jsvalue.Value) Template {
	w := wire{to}
	t := Template{
		ObjectType: w.str("object_type"), ButtonTitle: w.str("button_title"),
		HeaderTitle: w.str("header_title"), Address: w.str("address"), AddressTitle: w.str("address_title"),
		IDType: w.str("id_type"), ID: w.str("id"), Text: w.str("text"),
	}
	if c, ok := w.obj("content"); ok {
		content := c.content()
		t.Content = &content
	}
	for _, c := range w.list("contents") {
		t.Contents = append(t.Contents, c.content())
	}
	if l, ok := w.obj("header_link"); ok {
		link := l.link()
		t.HeaderLink = &link
	}
	if l, ok := w.obj("link"); ok {
		link := l.link()
		t.Link = &link
	}
	if c, ok := w.obj("commerce"); ok {
		t.Commerce = &Commerce{
			ProductName: c.str("product_name"), RegularPrice: c.num("regular_price"),
			DiscountPrice: c.optNum("discount_price"), DiscountRate: c.optNum("discount_rate"),
			FixedDiscountPrice: c.optNum("fixed_discount_price"), CurrencyUnit: c.str("currency_unit"),
			CurrencyUnitPosition: int(c.num("currency_unit_position")),
		}
	}
	if s, ok := w.obj("social"); ok {
		t.Social = &Social{LikeCount: s.optNum("like_count"), CommentCount: s.optNum("comment_count"),
			SharedCount: s.optNum("shared_count"), ViewCount: s.optNum("view_count"), SubscriberCount: s.optNum("subscriber_count")}
	}
	if ic, ok := w.obj("item_content"); ok {
		t.ItemContent = &ItemContent{
			ProfileText: ic.str("profile_text"), ProfileImageURL: ic.str("profile_image_url"),
			TitleImageURL: ic.str("title_image_url"), TitleImageText: ic.str("title_image_text"),
			TitleImageCategory: ic.str("title_image_category"), Sum: ic.str("sum"), SumOp: ic.str("sum_op"),
		}
		for _, it := range ic.list("items") {
			t.ItemContent.Items = append(t.ItemContent.Items, Item{Item: it.str("item"), ItemOp: it.str("item_op")})
		}
	}
	for _, b := range w.list("buttons") {
		link, _ := b.obj("link")
		t.Buttons = append(t.Buttons, Button{Title: b.str("title"), Link: link.link()})
	}
	return t
}

// wire reads one object of the wire form.
type wire struct{ v jsvalue.Value }

func (w wire) str(key string) string { v, _ := w.v.Get(key); return v.Str }

func (w wire) num(key string) float64 { v, _ := w.v.Get(key); return v.Num }

func (w wire) optNum(key string) *float64 {
	v, ok := w.v.Get(key)
	if !ok || v.Kind != jsvalue.Number {
		return nil
	}
	n := v.Num
	return &n
}

func (w wire) obj(key string) (wire, bool) {
	v, ok := w.v.Get(key)
	return wire{v}, ok && v.IsObjectLike()
}

func (w wire) list(key string) []wire {
	v, _ := w.v.Get(key)
	out := make([]wire, len(v.Elems))
	for i, e := range v.Elems {
		out[i] = wire{e}
	}
	return out
}

func (w wire) link() Link {
	return Link{WebURL: w.str("web_url"), MobileWebURL: w.str("mobile_web_url"),
		AndroidExecutionParams: w.str("android_execution_params"), IOSExecutionParams: w.str("ios_execution_params")}
}

func (w wire) content() Content {
	l, _ := w.obj("link")
	return Content{Title: w.str("title"), ImageURL: w.str("image_url"), Description: w.str("description"),
		ImageWidth: w.num("image_width"), ImageHeight: w.num("image_height"), Link: l.link()}
}

// ParseValidationParams is the server side of [Request.SharerForm] and
// [Request.TemplateRequest]: it reads validation_params (parsed JSON) for an action and
// validates it with the same rules as the SDK, so that the emulator refuses exactly what
// kshare would. For default shares the template_object keys are read back to the
// settings' camelCase names; errors carry the SDK's messages and field paths.
func ParseValidationParams(action Action, params jsvalue.Value) (*Request, error) {
	if params.Kind != jsvalue.Object {
		return nil, &Error{Code: CodeParamsNotObject, Field: "validation_params", Message: msgParamsNotObject,
			Reason: "must be a JSON object, got " + params.Describe()}
	}
	if lv, _ := params.Get("link_ver"); lv.Kind != jsvalue.String {
		return nil, &Error{Code: CodeMissingKeys, Field: "validation_params.link_ver",
			Message: "Missing required keys: link_ver at validation_params", Reason: "required"}
	}
	get := func(k string) (jsvalue.Value, bool) { return params.Get(k) }
	var settings []jsvalue.Member
	switch action {
	case ActionDefault:
		to, ok := get("template_object")
		if !ok || to.Kind != jsvalue.Object {
			return nil, &Error{Code: CodeMissingKeys, Field: "validation_params.template_object",
				Message: "Missing required keys: template_object at validation_params", Reason: "required, a JSON object"}
		}
		return Parse(SendDefault, camelTemplate(to), nil)
	case ActionCustom, ActionScrap:
		call := SendScrap
		if action == ActionCustom {
			call = SendCustom
		}
		for _, k := range [][2]string{{"request_url", "requestUrl"}, {"template_id", "templateId"}, {"template_args", "templateArgs"}} {
			if v, ok := get(k[0]); ok {
				settings = append(settings, jsvalue.M(k[1], v))
			}
		}
		return Parse(call, jsvalue.Obj(settings...), nil)
	}
	return nil, &Error{Code: CodeIllegalArgument, Field: "validation_action",
		Message: `Illegal argument for "validation_action"`, Reason: "must be default, custom or scrap, got " + jsvalue.QuoteJSON(string(action))}
}

// camelTemplate turns a template_object back into settings: every key of it and of its
// nested objects in camelCase (the type fields the SDK always writes, such as an empty
// address_title, are valid settings too).
func camelTemplate(v jsvalue.Value) jsvalue.Value {
	switch v.Kind {
	case jsvalue.Array:
		out := make([]jsvalue.Value, len(v.Elems))
		for i, e := range v.Elems {
			out[i] = camelTemplate(e)
		}
		return jsvalue.Arr(out...)
	case jsvalue.Object:
		out := make([]jsvalue.Member, 0, len(v.Members))
		for _, m := range v.Members {
			out = append(out, jsvalue.M(camelCase(m.Key), camelTemplate(m.Value)))
		}
		return jsvalue.Obj(out...)
	}
	return v
}
