package e2e

// The share doctor in the page's console (issue 9): a page whose script tag has
// data-debug, or that uses the emulator, is told of each mistake once, as a
// KakaoWarning naming the field; a production page without data-debug is told nothing.

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mistakenButton binds #send to a feed with two mistakes: a link without mobileWebUrl
// and an http: image. It binds twice: the second binding warns of nothing new.
const mistakenButton = `Kakao.init("` + originsKey + `");
for (let i = 0; i < 2; i++) Kakao.Share.createDefaultButton({container: "#send", objectType: "feed",
	content: {title: "t", imageUrl: "http://img.example/cake.png", link: {webUrl: "https://developers.kakao.com"}}});
window.__warnings.filter((w) => w.startsWith("KakaoWarning: "))`

func TestDoctorWarnsInTheConsole(t *testing.T) {
	site := newPageSite(t)
	s := startServer(t, serverConfig{config: originsApp(site.URL)})
	browser := newBrowser(t)
	src := s.URL + "/kshare.js"
	mistakes := []string{
		"KakaoWarning: content.imageUrl: ",
		"KakaoWarning: content.link.mobileWebUrl: this link has webUrl but no mobileWebUrl",
	}
	tests := []struct {
		name, page string
		attrs      map[string]string
		want       []string
	}{
		{"production, no data-debug", "production", nil, nil},
		{"production, data-debug", "debug", map[string]string{"data-debug": ""}, mistakes},
		{"the emulator", "emulator", map[string]string{"data-emulator": s.URL}, mistakes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab := deviceTab(t, browser, desktop)
			addScript(t, tab, warnRecorder)
			do(t, tab, "open the page", chromedp.Navigate(site.add(tt.page, pageConfig{Src: src, Attrs: tt.attrs})))
			require.Equal(t, "ready", ready(t, tab))
			got := eval[[]string](t, tab, mistakenButton)
			require.Len(t, got, len(tt.want), "%q", got)
			for i, w := range tt.want {
				assert.Contains(t, got[i], w)
			}
		})
	}
}
