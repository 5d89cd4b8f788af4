package share

import (
	"encoding/base64"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kshare/kshare/share/jsvalue"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// durationText writes milliseconds as the golden files have them ("0s", "100ms").
func durationText(ms int) string {
	if ms == 0 {
		return "0s"
	}
	return strconv.Itoa(ms) + "ms"
}

var update = flag.Bool("update", false, "rewrite the golden files of the wire output")

// cannedAnswer is a kapi 200 answer to a template request.
const cannedAnswer = `{"template_id":97531,"template_args":{"title":"제목"},"template_msg":{"P":{"TP":"Feed","ME":"${ME}"},"C":{"THC":1}},"warning_msg":{},"argument_msg":{}}`

// wireDump renders everything a share puts on the wire, for the golden files.
func wireDump(t *testing.T, call Call, settings string) string {
	t.Helper()
	r := mustParse(t, call, settings)
	var b strings.Builder
	line := func(s ...string) { b.WriteString(strings.Join(s, "") + "\n") }
	line("# ", string(call), "(", jsvalue.MarshalString(js(t, settings)), ")")
	line("## validation_params")
	line(jsvalue.MarshalString(r.Params))
	line("## desktop: sharer popup and form (path ", string(r.Path(desktopEnv)), ")")
	p := SharerPopup(ProductionHosts, Screen{Width: 1280, Height: 800})
	line("window.open ", p.URL, " ", p.Name, " ", p.Features)
	f := r.SharerForm(desktopEnv, ProductionHosts)
	line("POST ", f.Action, " target=", f.Target)
	for _, fl := range f.Fields {
		line(fl.Name, "=", fl.Text())
	}
	for _, env := range []struct {
		name string
		env  Env
	}{{"android", androidEnv}, {"iphone", iphoneEnv}} {
		line("## ", env.name, ": kapi request (path ", string(r.Path(env.env)), ")")
		req := r.TemplateRequest(env.env, ProductionHosts)
		line(req.Method, " ", req.URL)
		for _, h := range req.Header {
			line(h.Name, ": ", h.Value)
		}
		tpl, err := ParseTemplateAnswer(200, cannedAnswer)
		require.NoError(t, err)
		l, err := r.TalkLink(env.env, tpl)
		require.NoError(t, err)
		launch := r.Launch(env.env, ProductionHosts, l)
		line("## ", env.name, ": launch after ", durationText(launch.Delay))
		line(launch.URL)
	}
	return b.String()
}

// TestWireGolden checks the whole wire output of the product documentation's examples
// against testdata/golden (go test ./share -run TestWireGolden -update rewrites them).
func TestWireGolden(t *testing.T) {
	tests := []struct {
		name     string
		call     Call
		settings string
	}{
		{"feed-dessert", SendDefault, dessertFeed},
		{"text-callback-args", SendDefault, textMessage},
		{"list", SendDefault, listMessage},
		{"location", SendDefault, locationMessage},
		{"commerce", SendDefault, commerceMessage},
		{"calendar", SendDefault, calendarMessage},
		{"custom", SendCustom, customMessage},
		{"scrap", SendScrap, scrapMessage},
		{"scrap-template", SendScrap, scrapTemplate},
		{"feed-extras-picker", SendDefault, `{"objectType":"feed","content":{"link":{}},"extras":{"KA":"custom-agent","0":"x"},"pickerSettings":{"type":"friend","limit":5},"installTalk":true,"serverCallbackArgs":{"lcba":"ignored"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wireDump(t, tt.call, tt.settings)
			path := filepath.Join("testdata", "golden", tt.name+".txt")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./share -run TestWireGolden -update to create the golden file")
			assert.Equal(t, string(want), got)
		})
	}
}

func TestKA(t *testing.T) {
	env := Env{Language: "ko-KR", Platform: "Linux armv81", Origin: "http://127.0.0.1:8080"}
	assert.Equal(t, "sdk/2.7.4 os/javascript sdk_type/javascript lang/ko-KR device/Linux_armv81 origin/http%3A%2F%2F127.0.0.1%3A8080", env.KA())
}

func TestSharerPopupIsCentred(t *testing.T) {
	p := SharerPopup(ProductionHosts, Screen{Width: 1280, Height: 800, Left: 360, Top: 80.5})
	assert.Equal(t, Popup{URL: "https://sharer.kakao.com/picker/link", Name: "sharer",
		Features: "width=480,height=700,left=760,top=130.5,scrollbars=yes,resizable=1"}, p)
}

func TestEmulatorHosts(t *testing.T) {
	h, err := EmulatorHosts("http://127.0.0.1:8080/")
	require.NoError(t, err)
	assert.Equal(t, Hosts{"http://127.0.0.1:8080", "http://127.0.0.1:8080", "http://127.0.0.1:8080"}, h)
	for _, bad := range []string{"", "127.0.0.1:8080", "ftp://x", "http://", "http://x/?a=1", "http://x#f"} {
		_, err := EmulatorHosts(bad)
		assert.Error(t, err, bad)
	}
	r := mustParse(t, SendScrap, scrapMessage)
	assert.Equal(t, "http://127.0.0.1:8080/picker/link", r.SharerForm(desktopEnv, h).Action)
	assert.True(t, strings.HasPrefix(r.TemplateRequest(androidEnv, h).URL, "http://127.0.0.1:8080/v2/api/kakaolink/talk/template/scrap?"))
}

func TestPathChoice(t *testing.T) {
	ua := map[string]string{
		"windows chrome":   desktopEnv.UserAgent,
		"mac safari":       "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
		"desktop talk":     desktopEnv.UserAgent + " KAKAOTALK 3.5.0",
		"android chrome":   androidEnv.UserAgent,
		"iphone safari":    iphoneEnv.UserAgent,
		"ipad":             "Mozilla/5.0 (iPad; CPU OS 12_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1",
		"android tablet":   "Mozilla/5.0 (Linux; Android 14; SM-X710N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Safari/537.36",
		"android opera":    androidEnv.UserAgent + " OPR/81.0.4292.78410",
		"huawei browser":   "Mozilla/5.0 (Linux; Android 10; HUAWEI P30) AppleWebKit/537.36 (KHTML, like Gecko) HuaweiBrowser/13.0 Mobile Safari/537.36",
		"android talk app": "Mozilla/5.0 (Linux; Android 14; SM-S918N Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36;KAKAOTALK 2410500",
	}
	tests := []struct {
		name        string
		ua          string
		touch       int
		throughTalk bool
		want        Path
	}{
		{"desktop gets the web sharer", "windows chrome", 0, true, PathWebSharer},
		{"mac gets the web sharer", "mac safari", 0, true, PathWebSharer},
		{"iPadOS takes the talk path", "mac safari", 5, true, PathTalk},
		{"KakaoTalk on a PC takes the talk path", "desktop talk", 0, true, PathTalk},
		{"android phone", "android chrome", 5, true, PathTalk},
		{"android phone with throughTalk false", "android chrome", 5, false, PathWebSharer},
		{"iphone", "iphone safari", 5, true, PathTalk},
		{"ipad", "ipad", 5, true, PathTalk},
		{"android tablet gets the web sharer", "android tablet", 5, true, PathWebSharer},
		{"opera gets the web sharer", "android opera", 5, true, PathWebSharer},
		{"huawei gets the web sharer", "huawei browser", 5, true, PathWebSharer},
		{"KakaoTalk ignores throughTalk false", "android talk app", 5, false, PathTalk},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Request{ThroughTalk: tt.throughTalk}
			assert.Equal(t, tt.want, r.Path(Env{UserAgent: ua[tt.ua], MaxTouchPoints: tt.touch}))
		})
	}
}

func TestLaunchPlans(t *testing.T) {
	link := TalkLink{Query: "appkey=k"}
	tests := []struct {
		name    string
		ua      string
		touch   int
		install bool
		want    Launch
	}{
		{"android chrome: intent at once", androidEnv.UserAgent, 5, false,
			Launch{Kind: LaunchNavigate, URL: "intent://send?appkey=k#Intent;scheme=kakaolink;launchFlags=0x14008000;end;"}},
		{"installTalk pins the package", androidEnv.UserAgent, 5, true,
			Launch{Kind: LaunchNavigate, URL: "intent://send?appkey=k#Intent;scheme=kakaolink;launchFlags=0x14008000;package=com.kakao.talk;end;"}},
		{"firefox: intent after 100 ms", "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0", 5, false,
			Launch{Kind: LaunchNavigate, URL: "intent://send?appkey=k#Intent;scheme=kakaolink;launchFlags=0x14008000;end;", Delay: 100}},
		{"samsung internet: intent", "Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36", 5, false,
			Launch{Kind: LaunchNavigate, URL: "intent://send?appkey=k#Intent;scheme=kakaolink;launchFlags=0x14008000;end;"}},
		{"stock android: iframe, then the store", "Mozilla/5.0 (Linux; Android 9; SM-G960N) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Mobile Safari/537.36", 5, false,
			Launch{Kind: LaunchIframe, URL: "kakaolink://send?appkey=k", Delay: 100,
				StoreURL:   `market://details?id=com.kakao.talk&referrer={"appKey":"","KA":"sdk/2.7.4 os/javascript sdk_type/javascript lang/ device/ origin/"}`,
				StoreDelay: 300}},
		{"iphone: universal link", iphoneEnv.UserAgent, 5, false,
			Launch{Kind: LaunchNavigate, URL: "https://talk-apps.kakao.com/scheme/kakaolink%3A%2F%2Fsend%3Fappkey%3Dk"}},
		{"iPadOS: universal link", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", 5, false,
			Launch{Kind: LaunchNavigate, URL: "https://talk-apps.kakao.com/scheme/kakaolink%3A%2F%2Fsend%3Fappkey%3Dk"}},
		{"KakaoTalk on iOS: kakaolink itself", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 KAKAOTALK 10.6.5", 5, false,
			Launch{Kind: LaunchNavigate, URL: "kakaolink://send?appkey=k"}},
		{"iOS 8: iframe, then the App Store", "Mozilla/5.0 (iPhone; CPU iPhone OS 8_4 like Mac OS X) AppleWebKit/600.1.4 (KHTML, like Gecko) Version/8.0 Mobile/12H143 Safari/600.1.4", 5, false,
			Launch{Kind: LaunchIframe, URL: "kakaolink://send?appkey=k", StoreURL: "https://itunes.apple.com/app/id362057947", StoreDelay: 5000}},
		{"a PC: unsupported after 100 ms", desktopEnv.UserAgent + " KAKAOTALK", 0, false,
			Launch{Kind: LaunchUnsupported, Delay: 100}},
		{"android webview: iframe without store", "Mozilla/5.0 (Linux; Android 9; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Mobile Safari/537.36 NoChrome", 5, false,
			Launch{Kind: LaunchIframe, URL: "kakaolink://send?appkey=k", Delay: 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Request{InstallTalk: tt.install}
			assert.Equal(t, tt.want, r.Launch(Env{UserAgent: tt.ua, MaxTouchPoints: tt.touch}, ProductionHosts, link))
		})
	}
	assert.Equal(t, CodeUnsupportedEnvironment, errParts(t, UnsupportedEnvironment("x")).Code)
}

func TestTalkLinkExtras(t *testing.T) {
	tpl, err := ParseTemplateAnswer(200, `{"template_msg":{"P":{}}}`)
	require.NoError(t, err)
	tests := []struct {
		name     string
		settings string
		want     string
	}{
		{"KA only", `{` + text + `}`, `{"KA":"` + androidEnv.KA() + `"}`},
		{"extras.KA overrides the agent", `{` + text + `, "extras": {"KA": "custom-agent"}}`, `{"KA":"custom-agent"}`},
		{"array extras: index keys first", `{` + text + `, "extras": ["x"]}`, `{"0":"x","KA":"` + androidEnv.KA() + `"}`},
		{"serverCallbackArgs wins over extras.lcba", `{` + text + `, "extras": {"lcba": "e", "z": 1}, "serverCallbackArgs": {"k": 1}}`,
			`{"KA":"` + androidEnv.KA() + `","lcba":"{\"k\":1}","z":1}`},
		{"pickerSettings carried", `{` + text + `, "pickerSettings": {"type": "chat"}}`, `{"KA":"` + androidEnv.KA() + `","picker_settings":{"type":"chat"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := mustParse(t, SendDefault, tt.settings).TalkLink(androidEnv, tpl)
			require.NoError(t, err)
			assert.Contains(t, l.Query, "&extras="+jsvalue.EncodeURIComponent(tt.want)+"&")
			assert.NotContains(t, l.Query, "undefined", "absent template_args and template_id are left out (difference 6)")
		})
	}
}

// TestTalkLinkOfManyExtras: extras of 9,000 keys (under the walk's 10,000 values) are
// spread into the link's extras in one pass (Set for each took 166 ms on the host, 281
// ms in the wasm), and the link is refused by its size guard.
func TestTalkLinkOfManyExtras(t *testing.T) {
	tpl, err := ParseTemplateAnswer(200, `{"template_msg":{}}`)
	require.NoError(t, err)
	keys := make([]string, 9000)
	for i := range keys {
		keys[i] = `"k` + strconv.Itoa(i) + `": 1`
	}
	_, err = mustParse(t, SendDefault, `{`+text+`, "extras": {`+strings.Join(keys, ", ")+`}}`).TalkLink(androidEnv, tpl)
	assert.Equal(t, wantErr{CodeSizeLimit, "", msgSizeLimit, false}, errParts(t, err))
}

func TestTalkLinkSizeGuardCountsUTF16Units(t *testing.T) {
	tpl, err := ParseTemplateAnswer(200, `{"template_msg":{}}`)
	require.NoError(t, err)
	link := func(s string) error {
		_, err := mustParse(t, SendDefault, `{`+text+`, "serverCallbackArgs": {"d": "`+s+`"}}`).TalkLink(androidEnv, tpl)
		return err
	}
	assert.NoError(t, link(strings.Repeat("가", 6000)), "6000 Korean characters are 6000 units")
	err = link(strings.Repeat("😀", 5000))
	assert.Equal(t, wantErr{CodeSizeLimit, "", msgSizeLimit, false}, errParts(t, err), "5000 emoji are 10000 units")
}

func TestParseTemplateAnswer(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		body     string
		wantCode Code
		kakao    int
		message  string
	}{
		{"ok", 200, cannedAnswer, "", 0, ""},
		{"kapi error body", 401, `{"code":-401,"msg":"domain mismatched! caller=http://127.0.0.1.","recovery_action":"NONE"}`, CodeKAPI, -401, "domain mismatched! caller=http://127.0.0.1."},
		{"any status but 200 fails", 201, cannedAnswer, CodeKAPI, 0, "Kakao answered HTTP 201"},
		{"text error body", 502, `<html>bad gateway</html>`, CodeKAPI, 0, "Kakao answered HTTP 502"},
		{"200 not JSON (difference 6)", 200, `OK`, CodeBadResponse, 0, "Kakao's answer cannot be used"},
		{"200 without template_msg (difference 6)", 200, `{}`, CodeBadResponse, 0, "Kakao's answer cannot be used"},
		{"200 null template_msg", 200, `{"template_msg":null}`, CodeBadResponse, 0, "Kakao's answer cannot be used"},
		{"200 array", 200, `[]`, CodeBadResponse, 0, "Kakao's answer cannot be used"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl, err := ParseTemplateAnswer(tt.status, tt.body)
			if tt.wantCode == "" {
				require.NoError(t, err)
				assert.Equal(t, `{"P":{"TP":"Feed","ME":"${ME}"},"C":{"THC":1}}`, jsvalue.MarshalString(tpl.Msg))
				assert.Equal(t, 97531.0, tpl.ID.Num)
				return
			}
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.wantCode, e.Code)
			assert.Equal(t, tt.kakao, e.KakaoCode)
			assert.Equal(t, tt.message, e.Message)
			assert.Equal(t, tt.status, e.Status)
		})
	}
}

func TestFailurePayloads(t *testing.T) {
	decode := func(u string) string {
		_, q, _ := strings.Cut(u, "&error=")
		b, err := base64.RawURLEncoding.DecodeString(q)
		require.NoError(t, err)
		return string(b)
	}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"kakao error body spread", KAPIError(401, `{"code":-401,"msg":"domain mismatched!","name":"x"}`), `{"name":"x","code":-401,"msg":"domain mismatched!"}`},
		{"korean message as UTF-8 (difference 6)", KAPIError(400, `{"code":4002,"msg":"잘못된 요청"}`), `{"name":"KAPIError","code":4002,"msg":"잘못된 요청"}`},
		{"text body spread by character", KAPIError(502, `ab`), `{"0":"a","1":"b","name":"KAPIError"}`},
		{"empty body", KAPIError(500, ``), `{"name":"KAPIError"}`},
		{"no answer", NetworkError("offline"), `{"name":"KAPIError"}`},
		{"size limit", &Error{Code: CodeSizeLimit, Message: msgSizeLimit}, `{"name":"KakaoError","message":"` + msgSizeLimit + `"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := FailureURL(ProductionHosts, "key/1", FailurePayload(tt.err))
			assert.True(t, strings.HasPrefix(u, "https://sharer.kakao.com/picker/failed?app_key=key%2F1&error="))
			assert.Equal(t, tt.want, decode(u))
		})
	}
}

func TestImageRequests(t *testing.T) {
	env := desktopEnv
	assert.Equal(t, HTTPRequest{Method: "POST", URL: "https://kapi.kakao.com/v2/api/talk/message/image/upload", FileField: "file",
		Header: []Header{{"KA", env.KA()}, {"Authorization", "KakaoAK " + env.AppKey},
			{"Cache-Control", "no-cache, no-store, max-age=0, must-revalidate"}, {"Pragma", "no-cache"}}}, UploadRequest(env, ProductionHosts))
	scrap := ScrapImageRequest(env, ProductionHosts, "https://example.com/a b.png?x=1&y=가")
	assert.Equal(t, "image_url=https%3A%2F%2Fexample.com%2Fa%20b.png%3Fx%3D1%26y%3D%EA%B0%80", scrap.Body)
	assert.Equal(t, Header{"Content-Type", "application/x-www-form-urlencoded"}, scrap.Header[0])
	del := DeleteImageRequest(env, ProductionHosts, "https://example.com/a.png")
	assert.Equal(t, "DELETE", del.Method)
	assert.Equal(t, "https://kapi.kakao.com/v2/api/talk/message/image/delete?image_url=https%3A%2F%2Fexample.com%2Fa.png", del.URL)
	assert.Empty(t, del.Body)
}

func TestParseImageAnswer(t *testing.T) {
	v, err := ParseImageAnswer(200, `{"infos":{"original":{"url":"u","length":68,"content_type":"image/png","width":1,"height":1}}}`)
	require.NoError(t, err)
	url, _ := v.Get("infos")
	assert.Equal(t, `{"original":{"url":"u","length":68,"content_type":"image/png","width":1,"height":1}}`, jsvalue.MarshalString(url))
	v, err = ParseImageAnswer(200, ``)
	require.NoError(t, err)
	assert.Equal(t, jsvalue.Str(""), v, "an empty answer resolves with the raw text")
	_, err = ParseImageAnswer(400, `{"code":-602,"msg":"image too large"}`)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, -602, e.KakaoCode)
	assert.Equal(t, "image too large", e.Message)
	assert.ErrorIs(t, err, ErrKAPI)
}
