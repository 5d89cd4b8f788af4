package share

import (
	"strings"

	"github.com/kshare/kshare/share/jsvalue"
)

// Path is the way a share goes out.
type Path string

// The two paths of a share (protocol §5.2).
const (
	// PathWebSharer opens the sharer popup and posts the share into it (desktop).
	PathWebSharer Path = "web-sharer"
	// PathTalk validates the share on kapi and opens KakaoTalk (phones, iPads, the
	// KakaoTalk in-app browser).
	PathTalk Path = "talk"
)

// Path returns the path the share takes in env's browser, as the official SDK 2.7.4
// chooses it: the talk path in the KakaoTalk in-app browser (user agent containing
// KAKAOTALK, whatever throughTalk says), or when throughTalk is set, the user agent
// names neither Opera (opr/, opt/) nor Huawei, and the device is a phone or an iPad
// (iPadOS included: a Macintosh user agent with more than one touch point). Android
// tablets, Opera, Huawei browsers and computers get the web sharer.
func (r *Request) Path(env Env) Path { return r.pathOn(detect(env)) }

// pathOn is [Request.Path] on the device d.
func (r *Request) pathOn(d device) Path {
	if d.kakaotalk || (r.ThroughTalk && !d.excluded && (d.mobile || d.ipad)) {
		return PathTalk
	}
	return PathWebSharer
}

// device is what the official SDK reads from the user agent.
type device struct {
	android, ios, ipad, tablet, mobile bool
	kakaotalk, webview, firefox, opera bool
	// excluded: browsers the talk path skips (opr/, opt/, huawei).
	excluded bool
	// chrome is the Chrome major version, 0 when none; iosMajor the iOS major version,
	// 0 when the user agent gives none (iPadOS presents itself as a Macintosh).
	chrome, iosMajor int
}

// containsAny reports whether s contains one of the substrings.
func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// numberAfter returns the decimal number that follows the first occurrence of prefix
// in s (0 when there is none; 10⁹ for any larger).
func numberAfter(s, prefix string) int {
	for {
		i := strings.Index(s, prefix)
		if i < 0 {
			return 0
		}
		s = s[i+len(prefix):]
		n, v := 0, 0
		for ; n < len(s) && '0' <= s[n] && s[n] <= '9'; n++ {
			v = min(v*10+int(s[n]-'0'), 1e9) // a version: past 10⁹ it stays there
		}
		if n > 0 {
			return v
		}
	}
}

// BrowserRule is how the user agent (lower-cased) and navigator.maxTouchPoints tell
// the devices of [Request.Path] apart: each list holds substrings, any one of which
// matches. It is data so that the loader, which needs the same answer before the
// engine is ready (to open the sharer window inside a click only where the web sharer
// takes it), applies this very rule ([PopupRuleJSON]).
type BrowserRule struct {
	// Always: the KakaoTalk in-app browser, which takes the talk path whatever
	// throughTalk says. Never: browsers the talk path skips (Opera, Huawei).
	Always, Never []string
	// IPad: iPads; IPadOS: an iPad presenting itself as a Macintosh, with more than one
	// touch point.
	IPad   []string
	IPadOS string
	// Android: an Android device, a tablet unless it has one of Phone.
	Android string
	Phone   []string
	// Mobile: phones (when not a tablet).
	Mobile []string
}

// Browsers is the rule of the official SDK 2.7.4 (protocol §5.2).
var Browsers = BrowserRule{
	Always:  []string{"kakaotalk"},
	Never:   []string{"opr/", "opt/", "huawei"},
	IPad:    []string{"ipad"},
	IPadOS:  "macintosh",
	Android: "android",
	Phone:   []string{"mobi", "mini", "fennec"},
	Mobile: []string{"iphone", "ipod", "android", "windows phone", "iemobile", "blackberry", "bb10",
		"opera mini", "webos", "mobile"},
}

func detect(env Env) device {
	ua := lowerASCII(env.UserAgent)
	r := &Browsers
	var d device
	d.android = strings.Contains(ua, r.Android)
	d.ipad = containsAny(ua, r.IPad...) || (strings.Contains(ua, r.IPadOS) && env.MaxTouchPoints > 1)
	d.ios = d.ipad || strings.Contains(ua, "iphone") || strings.Contains(ua, "ipod")
	d.tablet = d.ipad || (d.android && !containsAny(ua, r.Phone...))
	d.mobile = !d.tablet && containsAny(ua, r.Mobile...)
	d.kakaotalk = containsAny(ua, r.Always...)
	d.firefox = strings.Contains(ua, "firefox")
	d.opera = strings.Contains(ua, "opr/")
	d.excluded = containsAny(ua, r.Never...)
	d.chrome = numberAfter(ua, "chrome/")
	d.webview = strings.Contains(ua, "; wv)") || (strings.Contains(ua, "version/") && d.chrome > 0)
	if d.ios {
		d.iosMajor = numberAfter(ua, " os ") // "cpu iphone os 17_4", "cpu os 12_4"
	}
	return d
}

// lowerASCII lower-cases s as JavaScript's toLowerCase does as far as a search for
// ASCII text can tell: the ASCII letters, and the two characters whose lower case holds
// an ASCII letter, U+212A KELVIN SIGN ("k") and U+0130 ("i" and U+0307). Other
// characters stay as they are: their lower case holds no ASCII, so no rule that looks
// for ASCII text (the user agent's, a URL's scheme and host) tells the difference.
// strings.ToLower would bring Unicode's case tables, 15 KB, into kshare.wasm.
func lowerASCII(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c < 0x80:
		case strings.HasPrefix(s[i:], "\u212a"):
			b, i = append(b, 'k'), i+2
			continue
		case strings.HasPrefix(s[i:], "\u0130"):
			b, i = append(b, "i\u0307"...), i+1
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

// PopupRuleJSON is what the loader needs to open the sharer window inside a click
// before the engine is ready, as JSON (stamped into kshare.js by the build):
// {"name", "width", "height", "features"} of [SharerPopup] (left and top centre it on
// the screen) and "talk", [Browsers] as the array [Always, Never, IPad, IPadOS,
// Android, Phone, Mobile], each written as the source of a regular expression matching
// any of its substrings. The loader opens the window unless the rule gives the talk
// path for the default throughTalk.
func PopupRuleJSON() string {
	r := Browsers
	rule := []jsvalue.Value{}
	for _, l := range [][]string{r.Always, r.Never, r.IPad, {r.IPadOS}, {r.Android}, r.Phone, r.Mobile} {
		rule = append(rule, jsvalue.Str(anyOf(l)))
	}
	return jsvalue.MarshalString(jsvalue.Obj(
		jsvalue.M("name", jsvalue.Str(sharerName)),
		jsvalue.M("width", jsvalue.Num(sharerWidth)),
		jsvalue.M("height", jsvalue.Num(sharerHeight)),
		jsvalue.M("features", jsvalue.Str(sharerFeatures)),
		jsvalue.M("talk", jsvalue.Arr(rule...)),
	))
}

// anyOf returns a regular expression (JavaScript syntax) matching any of subs.
func anyOf(subs []string) string {
	var b strings.Builder
	for i, s := range subs {
		if i > 0 {
			b.WriteByte('|')
		}
		for _, c := range s {
			if strings.ContainsRune(`\^$.*+?()[]{}|/`, c) {
				b.WriteByte('\\')
			}
			b.WriteRune(c)
		}
	}
	return b.String()
}

// supportsIntent reports whether an Android browser opens intent:// URLs: Chrome 25 and
// later (not Opera), Firefox, and the KakaoTalk in-app browser.
func (d device) supportsIntent() bool {
	return (d.chrome >= 25 && !d.opera) || d.firefox || d.kakaotalk
}
