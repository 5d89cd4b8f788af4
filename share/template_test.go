package share

import (
	"testing"

	"github.com/kshare/kshare/share/jsvalue"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeTemplateReadsEveryType(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	feedT := DecodeTemplate(templateObjectOf(t, dessertFeed))
	assert.Equal(t, "feed", feedT.ObjectType)
	require.NotNil(t, feedT.Content)
	assert.Equal(t, Content{Title: "오늘의 디저트", Description: "아메리카노, 빵, 케익",
		ImageURL:   "https://mud-kage.kakao.com/dn/NTmhS/btqfEUdFAUf/FjKzkZsnoeE4o19klTOVI1/openlink_640x640s.jpg",
		ImageWidth: 640, ImageHeight: 640,
		Link: Link{MobileWebURL: "https://developers.kakao.com", WebURL: "https://developers.kakao.com"}}, *feedT.Content)
	require.NotNil(t, feedT.ItemContent)
	assert.Len(t, feedT.ItemContent.Items, 5)
	assert.Equal(t, Item{"Cake5", "5000원"}, feedT.ItemContent.Items[4])
	assert.Equal(t, "15000원", feedT.ItemContent.SumOp)
	assert.Equal(t, &Social{LikeCount: f(10), CommentCount: f(20), SharedCount: f(30)}, feedT.Social)
	assert.Equal(t, []Button{
		{"웹으로 이동", Link{MobileWebURL: "https://developers.kakao.com", WebURL: "https://developers.kakao.com"}},
		{"앱으로 이동", Link{AndroidExecutionParams: "key1=value1&key2=value2", IOSExecutionParams: "key1=value1&key2=value2"}},
	}, feedT.Buttons)

	list := DecodeTemplate(templateObjectOf(t, listMessage))
	assert.Equal(t, "WEEKLY MAGAZINE", list.HeaderTitle)
	assert.Len(t, list.Contents, 2)
	assert.Equal(t, "https://developers.kakao.com", list.HeaderLink.WebURL)

	loc := DecodeTemplate(templateObjectOf(t, locationMessage))
	assert.Equal(t, "경기 성남시 분당구 판교역로 166", loc.Address)
	assert.Equal(t, "카카오 판교 아지트", loc.AddressTitle)
	assert.Equal(t, "위치 보기", loc.ButtonTitle)

	com := DecodeTemplate(templateObjectOf(t, commerceMessage))
	assert.Equal(t, &Commerce{ProductName: "Ivory long dress", RegularPrice: 208800, DiscountRate: f(30), DiscountPrice: f(146160),
		CurrencyUnit: "₩", CurrencyUnitPosition: 1}, com.Commerce)

	cal := DecodeTemplate(templateObjectOf(t, calendarMessage))
	assert.Equal(t, "event", cal.IDType)
	assert.Equal(t, "6543a1b2c3d4e5f6a7b8c9d0", cal.ID)

	txt := DecodeTemplate(templateObjectOf(t, textMessage))
	assert.Equal(t, "https://developers.kakao.com", txt.Link.WebURL)
	assert.Contains(t, txt.Text, "텍스트 템플릿")
}

func templateObjectOf(t *testing.T, settings string) jsvalue.Value {
	t.Helper()
	to, ok := mustParse(t, SendDefault, settings).Params.Get("template_object")
	require.True(t, ok)
	return to
}

// TestParseValidationParamsRoundTrips: what the SDK sends, the server side accepts
// unchanged, for every kind of share.
func TestParseValidationParamsRoundTrips(t *testing.T) {
	for _, tt := range []struct {
		name     string
		call     Call
		settings string
	}{
		{"feed", SendDefault, dessertFeed}, {"text", SendDefault, textMessage}, {"list", SendDefault, listMessage},
		{"location", SendDefault, locationMessage}, {"commerce", SendDefault, commerceMessage},
		{"calendar", SendDefault, calendarMessage}, {"custom", SendCustom, customMessage},
		{"scrap", SendScrap, scrapMessage}, {"scrap with template", SendScrap, scrapTemplate},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sent := mustParse(t, tt.call, tt.settings).Params
			wire, err := jsvalue.Parse(jsvalue.MarshalString(sent))
			require.NoError(t, err)
			got, err := ParseValidationParams(tt.call.Action(), wire)
			require.NoError(t, err)
			assert.Equal(t, jsvalue.MarshalString(sent), jsvalue.MarshalString(got.Params))
		})
	}
}

func TestParseValidationParamsRefusesBadTemplates(t *testing.T) {
	tests := []struct {
		name   string
		action Action
		params string
		want   Code
		field  string
	}{
		{"not an object", ActionDefault, `[]`, CodeParamsNotObject, "validation_params"},
		{"no link_ver", ActionDefault, `{"template_object":{}}`, CodeMissingKeys, "validation_params.link_ver"},
		{"no template_object", ActionDefault, `{"link_ver":"4.0"}`, CodeMissingKeys, "validation_params.template_object"},
		{"unknown object type", ActionDefault, `{"link_ver":"4.0","template_object":{"object_type":"story"}}`, CodeObjectType, "objectType"},
		{"content without link", ActionDefault, `{"link_ver":"4.0","template_object":{"object_type":"feed","content":{"title":"x"}}}`, CodeMissingKeys, "content.link"},
		{"unknown wire key", ActionDefault, `{"link_ver":"4.0","template_object":{"object_type":"feed","content":{"link":{}},"hack":1}}`, CodeInvalidKeys, "hack"},
		{"three buttons", ActionDefault, `{"link_ver":"4.0","template_object":{"object_type":"feed","content":{"link":{}},"buttons":[{},{},{}]}}`, CodeTooManyButtons, "buttons"},
		{"custom id a string", ActionCustom, `{"link_ver":"4.0","template_id":"1"}`, CodeIllegalArgument, "templateId"},
		{"custom without id", ActionCustom, `{"link_ver":"4.0"}`, CodeMissingKeys, "templateId"},
		{"scrap without url", ActionScrap, `{"link_ver":"4.0"}`, CodeMissingKeys, "requestUrl"},
		{"unknown action", Action("x"), `{"link_ver":"4.0"}`, CodeIllegalArgument, "validation_action"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseValidationParams(tt.action, js(t, tt.params))
			got := errParts(t, err)
			assert.Equal(t, tt.want, got.Code)
			assert.Equal(t, tt.field, got.Field)
		})
	}
}
