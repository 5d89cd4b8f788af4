package emulator_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
	"github.com/kshare/kshare/web/emulator"
)

const (
	devLink  = `{"webUrl":"https://developers.kakao.com","mobileWebUrl":"https://developers.kakao.com"}`
	cakeURL  = "http://k.kakaocdn.net/dn/Q2iNx/btqgeRgV54P/VLdBs9cvyn8BJXB3o7N8UK/kakaolink40_original.png"
	feedJSON = `{"objectType":"feed","content":{"title":"딸기 치즈 케익","description":"#케익 #딸기 #삼평동",` +
		`"imageUrl":"` + cakeURL + `","imageWidth":640,"imageHeight":640,"link":` + devLink + `},` +
		`"itemContent":{"profileText":"Kakao","profileImageUrl":"` + cakeURL + `","titleImageText":"Cheese cake",` +
		`"titleImageCategory":"Cake","items":[{"item":"Cake1","itemOp":"1000원"},{"item":"Cake2","itemOp":"2000원"}],` +
		`"sum":"Total","sumOp":"15000원"},"social":{"likeCount":10,"commentCount":20,"sharedCount":30},` +
		`"buttons":[{"title":"웹으로 이동","link":` + devLink + `},{"title":"앱으로 이동","link":` + devLink + `}]}`
)

func TestSharerRendersEveryTemplateType(t *testing.T) {
	pages := newOGServer(t, `<html><head><title>ignored</title><meta property="og:title" content="오늘의 &lt;디저트&gt;">`+
		`<meta property="og:description" content="달콤한 케익"><meta property="og:image" content="/cake.png"></head></html>`)
	tests := []struct {
		name       string
		call       share.Call
		settings   string
		objectType string
		want       []string
	}{
		{
			name: "feed with image, item list, social counts and buttons", call: share.SendDefault, settings: feedJSON, objectType: "feed",
			want: []string{"딸기 치즈 케익", "#케익 #딸기 #삼평동", `src="` + cakeURL + `"`, "Cheese cake", "Cake1", "1000원",
				"Total", "15000원", "♥ 10", "💬 20", "↗ 30", "웹으로 이동", "앱으로 이동", `href="https://developers.kakao.com"`},
		},
		{
			name: "list with header and rows", call: share.SendDefault, objectType: "list",
			settings: `{"objectType":"list","headerTitle":"WEEKLY MAGAZINE","headerLink":` + devLink + `,"contents":[` +
				`{"title":"취미의 특징, 탁구","description":"스포츠","imageUrl":"` + cakeURL + `","link":` + devLink + `},` +
				`{"title":"크림으로 이해하는 커피이야기","description":"음식","link":` + devLink + `},` +
				`{"title":"감성이 가득한 분위기","description":"사진","link":` + devLink + `}]}`,
			want: []string{"WEEKLY MAGAZINE", "취미의 특징, 탁구", "크림으로 이해하는 커피이야기", "감성이 가득한 분위기", "스포츠", "자세히 보기"},
		},
		{
			name: "location with address", call: share.SendDefault, objectType: "location",
			settings: `{"objectType":"location","address":"경기 성남시 분당구 판교역로 235","addressTitle":"카카오 판교오피스",` +
				`"content":{"title":"신메뉴 출시","description":"이번 주는 체리블라썸","link":` + devLink + `},"social":{"likeCount":286}}`,
			want: []string{"경기 성남시 분당구 판교역로 235", "카카오 판교오피스", "신메뉴 출시", "♥ 286", "자세히 보기", "위치 보기"},
		},
		{
			name: "commerce with a discount", call: share.SendDefault, objectType: "commerce",
			settings: `{"objectType":"commerce","content":{"title":"Ivory long dress","imageUrl":"` + cakeURL + `","link":` + devLink + `},` +
				`"commerce":{"productName":"아이보리 롱 드레스","regularPrice":208800,"discountRate":30,"discountPrice":146160},` +
				`"buttons":[{"title":"구매하기","link":` + devLink + `}]}`,
			want: []string{"아이보리 롱 드레스", "<s>208,800원</s>", "30%", "146,160원", "구매하기"},
		},
		{
			name: "commerce with the unit before a fixed discount", call: share.SendDefault, objectType: "commerce",
			settings: `{"objectType":"commerce","content":{"title":"Shoes","link":` + devLink + `},` +
				`"commerce":{"regularPrice":1500,"fixedDiscountPrice":300,"currencyUnit":"$","currencyUnitPosition":1}}`,
			want: []string{"<s>$1,500</s>", "$1,200", "$300 할인"},
		},
		{
			name: "text with button title", call: share.SendDefault, objectType: "text",
			settings: `{"objectType":"text","text":"기본 템플릿으로 제공되는 텍스트 템플릿은 텍스트를 최대 200자까지 표시할 수 있습니다.",` +
				`"link":` + devLink + `,"buttonTitle":"바로 확인"}`,
			want: []string{"텍스트를 최대 200자까지 표시할 수 있습니다.", "바로 확인"},
		},
		{
			name: "calendar event", call: share.SendDefault, objectType: "calendar",
			settings: `{"objectType":"calendar","idType":"event","id":"kshare-event-1","content":{"title":"개발자 밋업","description":"판교","link":` + devLink + `}}`,
			want:     []string{"개발자 밋업", "kshare-event-1", "일정", "일정 보기"},
		},
		{
			name: "custom template with arguments", call: share.SendCustom, objectType: "feed",
			settings: `{"templateId":3135,"templateArgs":{"title":"제목 영역입니다.","description":"설명 영역입니다."}}`,
			want:     []string{"제목 영역입니다.", "설명 영역입니다.", "웹으로 보기"},
		},
		{
			name: "scrap of a loopback page", call: share.SendScrap, objectType: "feed",
			settings: `{"requestUrl":"` + pages.URL + `/dessert"}`,
			want:     []string{"오늘의 &lt;디저트&gt;", "달콤한 케익", `src="` + pages.URL + `/cake.png"`, `href="` + pages.URL + `/dessert"`},
		},
		{
			name: "scrap with a custom template", call: share.SendScrap, objectType: "feed",
			settings: `{"requestUrl":"` + pages.URL + `/dessert","templateId":3135,"templateArgs":{"description":"직접 쓴 설명"}}`,
			want:     []string{"오늘의 &lt;디저트&gt;", "직접 쓴 설명"},
		},
		{
			name: "scrap of a page the emulator does not fetch", call: share.SendScrap, objectType: "feed",
			settings: `{"requestUrl":"https://developers.kakao.com/docs"}`,
			want:     []string{"developers.kakao.com", "https://developers.kakao.com/docs", "loopback addresses only"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			page := h.sharerPage(tt.call, tt.settings)
			assert.Contains(t, page, `id="kshare-preview" data-object-type="`+tt.objectType+`"`)
			for _, w := range tt.want {
				assert.Contains(t, page, w)
			}
			assert.Contains(t, page, "kshare demo")
			assert.Contains(t, page, `id="kshare-send"`)
		})
	}
}

func TestSharerEscapesTheMessage(t *testing.T) {
	h := newHarness(t)
	page := h.sharerPage(share.SendDefault, `{"objectType":"feed","content":{"title":"<script>alert(1)</script>",`+
		`"imageUrl":"javascript:alert(2)","description":"\"><img src=x onerror=alert(3)>","link":`+devLink+`}}`)
	assert.NotContains(t, page, "<script>alert(1)</script>")
	assert.Contains(t, page, "&lt;script&gt;alert(1)&lt;/script&gt;")
	assert.NotContains(t, page, "javascript:")
	assert.NotContains(t, page, "<img src=x")
}

func TestSharerRefusals(t *testing.T) {
	badParams := `{"link_ver":"4.0","template_object":{"object_type":"feed","button_title":"x"}}`
	_, shareErr := share.ParseValidationParams(share.ActionDefault, mustParse(t, badParams))
	require.Error(t, shareErr)
	tests := []struct {
		name   string
		fields []share.Field
		want   kakaoFailure
	}{
		{
			name:   "unknown app key",
			fields: sharerFields("nope", demoOrigin, "default", `{"link_ver":"4.0","template_object":{"object_type":"text","text":"hi","link":{}}}`),
			want:   kakaoFailure{Name: "KAPIError", Code: -401, Msg: "invalid app key: nope"},
		},
		{
			name:   "origin not registered",
			fields: sharerFields(emulator.DemoAppKey, "https://evil.example", "default", `{"link_ver":"4.0","template_object":{"object_type":"text","text":"hi","link":{}}}`),
			want:   kakaoFailure{Name: "KAPIError", Code: -401, Msg: "domain mismatched! caller=https://evil.example. check out registered web domains."},
		},
		{
			name:   "template share refuses",
			fields: sharerFields(emulator.DemoAppKey, demoOrigin, "default", badParams),
			want:   kakaoFailure{Name: "KAPIError", Code: 4002, Msg: shareErr.Error()},
		},
		{
			name: "javascript link",
			fields: sharerFields(emulator.DemoAppKey, demoOrigin, "default",
				`{"link_ver":"4.0","template_object":{"object_type":"text","text":"t","link":{},"buttons":[{"title":"b","link":{"mobile_web_url":"javascript:alert(1)"}}]}}`),
			want: kakaoFailure{Name: "KAPIError", Code: 4002, Msg: `buttons[0].link.mobile_web_url must be an absolute http(s) URL, got "javascript:alert(1)"`},
		},
		{
			name:   "unknown template id",
			fields: sharerFields(emulator.DemoAppKey, demoOrigin, "custom", `{"link_ver":"4.0","template_id":999,"template_args":{}}`),
			want:   kakaoFailure{Name: "KAPIError", Code: 4002, Msg: `template not found: template_id 999 is not a template of the app "kshare demo" (its templates: 3135)`},
		},
		{
			name:   "scrap page on an unregistered domain",
			fields: sharerFields(emulator.DemoAppKey, demoOrigin, "scrap", `{"link_ver":"4.0","request_url":"https://evil.example/"}`),
			want: kakaoFailure{Name: "KAPIError", Code: 4002, Msg: "link domain not registered: request_url goes to evil.example; " +
				`the app "kshare demo" registers developers.kakao.com, localhost, 127.0.0.1, example.com`},
		},
		{
			name:   "validation_params not JSON",
			fields: sharerFields(emulator.DemoAppKey, demoOrigin, "default", `{`),
			want:   kakaoFailure{Name: "KAPIError", Code: 4002, Msg: "validation_params is not JSON: " + jsonErr(`{`)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			f := failure(t, h.postForm("/picker/link", tt.fields))
			assert.Equal(t, tt.want, f)
			assert.Empty(t, h.deliveries())
		})
	}
}

func TestFailedPageShowsTheError(t *testing.T) {
	h := newHarness(t)
	resp := h.postForm("/picker/link", sharerFields("nope", demoOrigin, "default", `{}`))
	page := readBody(t, h.get(resp.Header.Get("Location")))
	assert.Contains(t, page, `id="kshare-error" data-code="-401"`)
	assert.Contains(t, page, "invalid app key: nope")

	tests := []struct{ name, query, want string }{
		{"garbage", "?app_key=k&error=!!!not-base64", "not a base64url JSON object"},
		{"not an object", "?error=WzEsMl0", "not a base64url JSON object"},
		{"no error at all", "", "(no error parameter)"},
		{"a KakaoError with a message", "?error=eyJuYW1lIjoiS2FrYW9FcnJvciIsIm1lc3NhZ2UiOiI8Yj5ib29tPC9iPiJ9", "&lt;b&gt;boom&lt;/b&gt;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := h.get("/picker/failed" + tt.query)
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Contains(t, readBody(t, resp), tt.want)
		})
	}
}

func TestWaitingPage(t *testing.T) {
	h := newHarness(t)
	resp := h.get("/picker/link")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, readBody(t, resp), `id="kshare-waiting"`)
	assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "default-src 'none'")
}

func TestPickerHonoursPickerSettings(t *testing.T) {
	friends := []string{"friend-ryan", "friend-apeach", "friend-muzi"}
	rooms := []string{"memo", "group-family", "group-team", "open-direct", "open-multi"}
	tests := []struct {
		name      string
		picker    string
		limit     string
		shown     []string
		hidden    []string
		chatTypes []string
	}{
		{"no settings: everything, limit 10", "", "10", append(friends, rooms...), nil,
			[]string{"DirectChat", "MemoChat", "MultiChat", "OpenDirectChat", "OpenMultiChat"}},
		{"full", `,"pickerSettings":{"type":"full","limit":3}`, "3", append(friends, rooms...), nil, nil},
		{"friends only", `,"pickerSettings":{"type":"friend"}`, "10", friends, rooms, []string{"DirectChat"}},
		{"chats only", `,"pickerSettings":{"type":"chat","limit":2}`, "2", rooms, friends, []string{"MemoChat", "OpenMultiChat"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			page := h.sharerPage(share.SendCustom, `{"templateId":3135`+tt.picker+`}`)
			assert.Contains(t, page, `data-limit="`+tt.limit+`"`)
			for _, id := range tt.shown {
				assert.Contains(t, page, `id="chat-`+id+`"`)
			}
			for _, id := range tt.hidden {
				assert.NotContains(t, page, `id="chat-`+id+`"`)
			}
			for _, ct := range tt.chatTypes {
				assert.Contains(t, page, `data-chat-type="`+ct+`"`)
			}
		})
	}
}

func TestSendChecksTheChosenChats(t *testing.T) {
	tests := []struct {
		name  string
		chats []string
		want  string
	}{
		{"over the limit", []string{"memo", "group-team", "open-multi"}, "최대 2개까지 선택할 수 있습니다"},
		{"none", nil, "보낼 대상을 선택해 주세요"},
		{"hidden by the picker type", []string{"friend-ryan"}, "unknown chat &#34;friend-ryan&#34;"},
		{"unknown", []string{"nobody"}, "unknown chat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			page := h.sharerPage(share.SendCustom, `{"templateId":3135,"pickerSettings":{"type":"chat","limit":2}}`)
			resp := h.send(page, tt.chats...)
			require.Equal(t, http.StatusBadRequest, resp.StatusCode)
			again := readBody(t, resp)
			assert.Contains(t, again, tt.want)
			assert.Equal(t, token(t, page), token(t, again), "the share waits for a good choice")
			assert.Empty(t, h.deliveries())

			sent := h.send(again, "memo", "open-multi")
			assert.Equal(t, http.StatusOK, sent.StatusCode)
			assert.Len(t, h.deliveries(), 2)
		})
	}
}

func TestSendRecordsDeliveriesAndAnswersSent(t *testing.T) {
	h := newHarness(t)
	page := h.sharerPage(share.SendDefault, feedJSON)
	resp := h.send(page, "memo", "friend-ryan", "group-team", "open-direct", "open-multi")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	sent := readBody(t, resp)
	assert.Contains(t, sent, `id="kshare-sent" data-count="5"`)
	assert.Contains(t, sent, `window.opener.postMessage("sent", "*")`)

	ds := h.deliveries()
	require.Len(t, ds, 5)
	var types []string
	for i, d := range ds {
		assert.Equal(t, emulator.DemoAppKey, d.App)
		assert.Equal(t, "kshare demo", d.AppName)
		assert.Equal(t, "sharer", d.Via)
		assert.Equal(t, "default", d.Action)
		assert.Equal(t, "feed", d.ObjectType)
		assert.Equal(t, h.clock.Now(), d.Time.UTC())
		assert.Equal(t, emulator.WebhookAttempt{State: emulator.WebhookSkipped, Error: "the share carried no serverCallbackArgs"}, d.Webhook)
		assert.NotEmpty(t, d.HashChatID)
		assert.Equal(t, strconv.Itoa(i+1), d.ID)
		types = append(types, d.Chat.Type)
	}
	assert.Equal(t, []string{"MemoChat", "DirectChat", "MultiChat", "OpenDirectChat", "OpenMultiChat"}, types)

	again := h.send(page, "memo")
	f := failure(t, again)
	assert.Equal(t, -2, f.Code, "a token is good for one send")
	assert.Len(t, h.deliveries(), 5)
}

func TestShareTokensExpire(t *testing.T) {
	h := newHarness(t)
	page := h.sharerPage(share.SendCustom, `{"templateId":3135}`)
	h.clock.Advance(emulator.ShareTTL)
	assert.Equal(t, -2, failure(t, h.send(page, "memo")).Code)
	assert.Empty(t, h.deliveries())
}

// sharerFields is a hand-made sharer form.
func sharerFields(key, origin, action, params string) []share.Field {
	env := desktopEnv(key, origin)
	return []share.Field{{Name: "app_key", Value: key}, {Name: "ka", Value: env.KA()},
		{Name: "validation_action", Value: action}, {Name: "validation_params", Value: params}}
}

func mustParse(t *testing.T, text string) jsvalue.Value {
	t.Helper()
	v, err := jsvalue.Parse(text)
	require.NoError(t, err)
	return v
}

func jsonErr(text string) string {
	_, err := jsvalue.Parse(text)
	return err.Error()
}
