package emulator_test

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/web/emulator"
)

func TestConfigErrors(t *testing.T) {
	app := func(fields string) string {
		return `{"apps":[{"name":"Shop","appKey":"k","adminKey":"a","origins":["http://localhost:3000"]` + fields + `}]}`
	}
	tests := []struct {
		name string
		text string
		want string
	}{
		{"not JSON", `{`, "unexpected EOF"},
		{"unknown top-level field", `{"apps":[],"colour":1}`, `json: unknown field "colour"`},
		{"unknown app field", app(`,"secret":"x"`), `json: unknown field "secret"`},
		{"trailing data", app(``) + `{}`, "data after the JSON object"},
		{"no apps", `{"apps":[]}`, `"apps" must list at least one app`},
		{"no name", `{"apps":[{"appKey":"k","adminKey":"a","origins":["http://localhost:3000"]}]}`, "apps[0]: name: required"},
		{"no app key", `{"apps":[{"name":"Shop","adminKey":"a","origins":["http://localhost:3000"]}]}`, `apps[0] ("Shop"): appKey: required`},
		{"no admin key", `{"apps":[{"name":"Shop","appKey":"k","origins":["http://localhost:3000"]}]}`, `apps[0] ("Shop"): adminKey: required`},
		{"key with a space", `{"apps":[{"name":"Shop","appKey":"k k","adminKey":"a","origins":["http://localhost:3000"]}]}`,
			`apps[0] ("Shop"): appKey: must not contain spaces`},
		{"no origins", `{"apps":[{"name":"Shop","appKey":"k","adminKey":"a"}]}`,
			`apps[0] ("Shop"): origins: at least one origin (scheme://host[:port]) is required`},
		{"origin with a path", `{"apps":[{"name":"Shop","appKey":"k","adminKey":"a","origins":["http://localhost:3000/app"]}]}`,
			`apps[0] ("Shop"): origins[0]: must be an origin scheme://host[:port] (http or https, no path), got "http://localhost:3000/app"`},
		{"origin without scheme", `{"apps":[{"name":"Shop","appKey":"k","adminKey":"a","origins":["localhost:3000"]}]}`,
			`apps[0] ("Shop"): origins[0]: must be an origin scheme://host[:port] (http or https, no path), got "localhost:3000"`},
		{"bad link domain", app(`,"linkDomains":["shop.example.com/path"]`),
			`apps[0] ("Shop"): linkDomains[0]: must be a host name such as example.com, got "shop.example.com/path"`},
		{"webhook without url", app(`,"webhook":{"method":"POST"}`), `apps[0] ("Shop"): webhook.url: required`},
		{"webhook method", app(`,"webhook":{"url":"http://localhost:3000/hook","method":"PUT"}`),
			`apps[0] ("Shop"): webhook.method: must be GET or POST, got "PUT"`},
		{"webhook url", app(`,"webhook":{"url":"/hook"}`), `apps[0] ("Shop"): webhook.url: must be an absolute http(s) URL, got "/hook"`},
		{"icon", app(`,"icon":"javascript:x"`), `apps[0] ("Shop"): icon: must be an absolute http(s) URL, got "javascript:x"`},
		{"template id", app(`,"templates":{"abc":{}}`), `apps[0] ("Shop"): templates.abc: the template id must be a positive integer`},
		{"template not an object", app(`,"templates":{"7":[1]}`), `apps[0] ("Shop"): templates.7: must be a template_object (a JSON object), got array`},
		{"template invalid", app(`,"templates":{"7":{"object_type":"feed"}}`),
			`apps[0] ("Shop"): templates.7: Missing required keys: content at Share.sendDefault (at content: required)`},
		{"demo key reused", `{"apps":[{"name":"Shop","appKey":"kshare-demo-js-key","adminKey":"a","origins":["http://localhost:3000"]}]}`,
			`app "Shop": appKey "kshare-demo-js-key" is already used by app "kshare demo"`},
		{"keys shared", `{"apps":[{"name":"A","appKey":"k","adminKey":"a","origins":["http://a.test"]},` +
			`{"name":"B","appKey":"a","adminKey":"b","origins":["http://b.test"]}]}`, `app "B": appKey "a" is already used by app "A"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeConfig(t, tt.text)
			em, err := emulator.New(emulator.Options{BaseURL: "http://127.0.0.1:8080", ConfigFile: path})
			assert.Nil(t, em)
			require.Error(t, err)
			assert.Equal(t, path+": "+tt.want, err.Error())
		})
	}

	t.Run("missing file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "none.json")
		_, err := emulator.New(emulator.Options{BaseURL: "http://127.0.0.1:8080", ConfigFile: path})
		require.ErrorIs(t, err, os.ErrNotExist)
	})
	t.Run("bad base URL", func(t *testing.T) {
		_, err := emulator.New(emulator.Options{BaseURL: "127.0.0.1:8080"})
		assert.EqualError(t, err, `emulator: BaseURL must be an http(s) origin such as http://127.0.0.1:8080, got "127.0.0.1:8080"`)
	})
}

func TestConfigAppWorks(t *testing.T) {
	config := writeConfig(t, `{"apps":[{
		"name":"My shop","icon":"https://shop.example.com/icon.png","appKey":"shop-js-key","adminKey":"shop-admin-key",
		"origins":["http://LOCALHOST:3000/"],"linkDomains":["https://shop.example.com","localhost"],
		"templates":{"100":{"object_type":"commerce","content":{"title":"${name}","image_url":"https://shop.example.com/${image}",
			"link":{"web_url":"https://shop.example.com/items/${id}"}},"commerce":{"regular_price":1000}}}}]}`)
	h := newHarness(t, func(o *emulator.Options) { o.ConfigFile = config })
	env := desktopEnv("shop-js-key", "http://localhost:3000")
	resp := h.openSharer(env, share.SendCustom, `{"templateId":100,"templateArgs":{"name":"운동화","image":"shoe.png","id":7}}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, resp.Header.Get("Location"))
	page := readBody(t, resp)
	for _, want := range []string{"My shop", `src="https://shop.example.com/icon.png"`, "운동화", `src="https://shop.example.com/shoe.png"`,
		`href="https://shop.example.com/items/7"`, "1,000원"} {
		assert.Contains(t, page, want)
	}

	t.Run("a missing argument stays as written", func(t *testing.T) {
		resp := h.openSharer(env, share.SendCustom, `{"templateId":100,"templateArgs":{"name":"운동화"}}`)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Contains(t, readBody(t, resp), `src="https://shop.example.com/$%7bimage%7d"`)
	})
	t.Run("the demo app is still there", func(t *testing.T) {
		h.sharerPage(share.SendCustom, `{"templateId":3135}`)
	})
	t.Run("the demo template is not the shop's", func(t *testing.T) {
		f := failure(t, h.openSharer(env, share.SendCustom, `{"templateId":3135}`))
		assert.Equal(t, kakaoFailure{Name: "KAPIError", Code: 4002,
			Msg: `template not found: template_id 3135 is not a template of the app "My shop" (its templates: 100)`}, f)
	})
}

func TestDemoApp(t *testing.T) {
	h := newHarness(t, func(o *emulator.Options) { o.BaseURL = "http://localhost:9999" })
	tests := []struct {
		origin string
		ok     bool
	}{
		{"http://127.0.0.1:8080", true},
		{"http://localhost:8080", true},
		{"http://localhost:9999", true},
		{"http://127.0.0.1:9999", true},
		{"https://127.0.0.1:8080", false},
		{"http://127.0.0.1:8081", false},
	}
	for _, tt := range tests {
		t.Run(tt.origin, func(t *testing.T) {
			resp := h.openSharer(desktopEnv(emulator.DemoAppKey, tt.origin), share.SendCustom,
				`{"templateId":3135,"templateArgs":{"title":"제목 영역입니다.","description":"설명 영역입니다."}}`)
			if tt.ok {
				assert.Equal(t, http.StatusOK, resp.StatusCode)
				return
			}
			assert.Equal(t, -401, failure(t, resp).Code)
		})
	}
	t.Run("icon", func(t *testing.T) {
		resp := h.get("/emulator/icon.svg")
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, "image/svg+xml", resp.Header.Get("Content-Type"))
	})
}
