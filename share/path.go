package share

import (
	"strconv"
	"strings"
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
func (r *Request) Path(env Env) Path {
	d := detect(env)
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
// in s (0 when there is none).
func numberAfter(s, prefix string) int {
	for {
		i := strings.Index(s, prefix)
		if i < 0 {
			return 0
		}
		s = s[i+len(prefix):]
		n := 0
		for n < len(s) && '0' <= s[n] && s[n] <= '9' {
			n++
		}
		if n > 0 {
			v, _ := strconv.Atoi(s[:n])
			return v
		}
	}
}

func detect(env Env) device {
	ua := strings.ToLower(env.UserAgent)
	var d device
	d.android = strings.Contains(ua, "android")
	d.ipad = strings.Contains(ua, "ipad") || (strings.Contains(ua, "macintosh") && env.MaxTouchPoints > 1)
	d.ios = d.ipad || strings.Contains(ua, "iphone") || strings.Contains(ua, "ipod")
	d.tablet = d.ipad || (d.android && !containsAny(ua, "mobi", "mini", "fennec"))
	d.mobile = !d.tablet && containsAny(ua, "iphone", "ipod", "android", "windows phone", "iemobile",
		"blackberry", "bb10", "opera mini", "webos", "mobile")
	d.kakaotalk = strings.Contains(ua, "kakaotalk")
	d.firefox = strings.Contains(ua, "firefox")
	d.opera = strings.Contains(ua, "opr/")
	d.excluded = containsAny(ua, "opr/", "opt/", "huawei")
	d.chrome = numberAfter(ua, "chrome/")
	d.webview = strings.Contains(ua, "; wv)") || (strings.Contains(ua, "version/") && d.chrome > 0)
	if d.ios {
		d.iosMajor = numberAfter(ua, " os ") // "cpu iphone os 17_4", "cpu os 12_4"
	}
	return d
}

// supportsIntent reports whether an Android browser opens intent:// URLs: Chrome 25 and
// later (not Opera), Firefox, and the KakaoTalk in-app browser.
func (d device) supportsIntent() bool {
	return (d.chrome >= 25 && !d.opera) || d.firefox || d.kakaotalk
}
