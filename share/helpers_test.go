package share

import (
	"math"
	"strings"
	"testing"

	"github.com/kshare/kshare/share/jsvalue"
	"github.com/stretchr/testify/require"
)

// js builds a Value from JSON text (key order kept) in which some strings stand for
// values JSON cannot write:
//
//	"@undefined"  undefined          "@element"   a DOM element
//	"@function"   a function         "@NaN", "@Infinity"
//	"@String:x"   new String("x")    "@Number:5"  new Number(5)
//	"@Boolean:true" / "@Boolean:false"           new Boolean(…)
//	"@lone:x"     "x" followed by a lone surrogate
func js(t testing.TB, text string) jsvalue.Value {
	t.Helper()
	v, err := jsvalue.Parse(text)
	require.NoError(t, err, "test settings must be JSON")
	return revive(v)
}

func revive(v jsvalue.Value) jsvalue.Value {
	switch v.Kind {
	case jsvalue.Array:
		for i := range v.Elems {
			v.Elems[i] = revive(v.Elems[i])
		}
	case jsvalue.Object:
		for i := range v.Members {
			v.Members[i].Value = revive(v.Members[i].Value)
		}
	case jsvalue.String:
		return special(v)
	}
	return v
}

func special(v jsvalue.Value) jsvalue.Value {
	s := v.Str
	if !strings.HasPrefix(s, "@") {
		return v
	}
	kind, arg, _ := strings.Cut(s[1:], ":")
	switch kind {
	case "undefined":
		return jsvalue.Value{}
	case "element":
		return jsvalue.Value{Kind: jsvalue.Element, Ref: 7}
	case "function":
		return jsvalue.Value{Kind: jsvalue.Function, Ref: 8}
	case "NaN":
		return jsvalue.Num(math.NaN())
	case "Infinity":
		return jsvalue.Num(math.Inf(1))
	case "String":
		return jsvalue.Value{Kind: jsvalue.String, Boxed: true, Str: arg}
	case "Number":
		n, err := jsvalue.Parse(arg)
		if err != nil {
			panic(err)
		}
		return jsvalue.Value{Kind: jsvalue.Number, Boxed: true, Num: n.Num}
	case "Boolean":
		return jsvalue.Value{Kind: jsvalue.Boolean, Boxed: true, Bool: arg == "true"}
	case "lone":
		return jsvalue.Value{Kind: jsvalue.String, Str: arg + "\uFFFD", IllFormed: true}
	}
	return v
}

// The product documentation's examples, used across the tests.
const (
	dessertFeed = `{
		"objectType": "feed",
		"content": {
			"title": "오늘의 디저트",
			"description": "아메리카노, 빵, 케익",
			"imageUrl": "https://mud-kage.kakao.com/dn/NTmhS/btqfEUdFAUf/FjKzkZsnoeE4o19klTOVI1/openlink_640x640s.jpg",
			"imageWidth": 640,
			"imageHeight": 640,
			"link": {"mobileWebUrl": "https://developers.kakao.com", "webUrl": "https://developers.kakao.com"}
		},
		"itemContent": {
			"profileText": "Kakao",
			"profileImageUrl": "https://mud-kage.kakao.com/dn/Q2iNx/btqgeRgV54P/VLdBs9cvyn8BJXB3o7N8UK/kakaolink40_original.png",
			"titleImageUrl": "https://mud-kage.kakao.com/dn/Q2iNx/btqgeRgV54P/VLdBs9cvyn8BJXB3o7N8UK/kakaolink40_original.png",
			"titleImageText": "Cheese cake",
			"titleImageCategory": "Cake",
			"items": [
				{"item": "Cake1", "itemOp": "1000원"},
				{"item": "Cake2", "itemOp": "2000원"},
				{"item": "Cake3", "itemOp": "3000원"},
				{"item": "Cake4", "itemOp": "4000원"},
				{"item": "Cake5", "itemOp": "5000원"}
			],
			"sum": "Total",
			"sumOp": "15000원"
		},
		"social": {"likeCount": 10, "commentCount": 20, "sharedCount": 30},
		"buttons": [
			{"title": "웹으로 이동", "link": {"mobileWebUrl": "https://developers.kakao.com", "webUrl": "https://developers.kakao.com"}},
			{"title": "앱으로 이동", "link": {"androidExecutionParams": "key1=value1&key2=value2", "iosExecutionParams": "key1=value1&key2=value2"}}
		]
	}`
	textMessage = `{
		"objectType": "text",
		"text": "기본 템플릿으로 제공되는 텍스트 템플릿은 텍스트를 최대 200자까지 표시할 수 있습니다.",
		"link": {"mobileWebUrl": "https://developers.kakao.com", "webUrl": "https://developers.kakao.com"},
		"serverCallbackArgs": {"key": "value"}
	}`
	customMessage = `{"templateId": 3135, "templateArgs": {"title": "제목 영역입니다.", "description": "설명 영역입니다."}}`
	scrapMessage  = `{"requestUrl": "https://developers.kakao.com"}`
	scrapTemplate = `{"requestUrl": "https://developers.kakao.com", "templateId": 3135, "templateArgs": {"title": "제목 영역입니다."}}`
	listMessage   = `{
		"objectType": "list",
		"headerTitle": "WEEKLY MAGAZINE",
		"headerLink": {"mobileWebUrl": "https://developers.kakao.com", "webUrl": "https://developers.kakao.com"},
		"contents": [
			{"title": "취미의 특징, 탁구", "description": "스포츠", "imageUrl": "https://example.com/a.jpg", "link": {"webUrl": "https://developers.kakao.com"}},
			{"title": "크림으로 이해하는 커피이야기", "description": "음식", "imageUrl": "https://example.com/b.jpg", "link": {"webUrl": "https://developers.kakao.com"}}
		],
		"buttons": [{"title": "웹으로 보기", "link": {"webUrl": "https://developers.kakao.com"}}]
	}`
	locationMessage = `{
		"objectType": "location",
		"address": "경기 성남시 분당구 판교역로 166",
		"addressTitle": "카카오 판교 아지트",
		"content": {"title": "신메뉴 출시 체리블라썸라떼", "imageUrl": "https://example.com/c.jpg", "link": {"webUrl": "https://developers.kakao.com"}},
		"social": {"likeCount": 286, "commentCount": 45, "sharedCount": 845},
		"buttonTitle": "위치 보기"
	}`
	commerceMessage = `{
		"objectType": "commerce",
		"content": {"title": "Ivory long dress (4 Color)", "imageUrl": "https://example.com/d.jpg", "imageWidth": 640, "imageHeight": 640, "link": {"webUrl": "https://developers.kakao.com"}},
		"commerce": {"productName": "Ivory long dress", "regularPrice": 208800, "discountRate": 30, "discountPrice": 146160, "currencyUnit": "₩", "currencyUnitPosition": 1},
		"buttons": [{"title": "구매하기", "link": {"webUrl": "https://developers.kakao.com"}}]
	}`
	calendarMessage = `{
		"objectType": "calendar",
		"idType": "event",
		"id": "6543a1b2c3d4e5f6a7b8c9d0",
		"content": {"title": "카카오 판교 오피스 투어", "description": "10월 24일 오후 2시", "imageUrl": "https://example.com/e.jpg", "link": {"webUrl": "https://developers.kakao.com"}},
		"buttons": [{"title": "일정 보기", "link": {"webUrl": "https://developers.kakao.com"}}]
	}`
)

// Environments of the tests: the conformance kit's devices.
var (
	desktopEnv = Env{AppKey: "0123456789abcdef0123456789abcdef", Language: "ko-KR", Platform: "Win32",
		Origin:    "http://127.0.0.1:8080",
		UserAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"}
	androidEnv = Env{AppKey: "0123456789abcdef0123456789abcdef", Language: "ko-KR", Platform: "Linux armv81", MaxTouchPoints: 5,
		Origin:    "http://127.0.0.1:8080",
		UserAgent: "Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36"}
	iphoneEnv = Env{AppKey: "0123456789abcdef0123456789abcdef", Language: "ko-KR", Platform: "iPhone", MaxTouchPoints: 5,
		Origin:    "http://127.0.0.1:8080",
		UserAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"}
)

// mustParse parses settings for call, failing the test on an error.
func mustParse(t testing.TB, call Call, settings string) *Request {
	t.Helper()
	r, err := Parse(call, js(t, settings), nil)
	require.NoError(t, err)
	return r
}
