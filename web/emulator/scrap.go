package emulator

import (
	"context"
	"errors"
	"html"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/kshare/kshare/share/jsvalue"
)

// maxPageBytes is how much of a scrap page is read.
const maxPageBytes = 1 << 20

// errNotLoopback is refused by the fetcher's dialer.
var errNotLoopback = errors.New("the Kakao emulator fetches from loopback addresses only (127.0.0.0/8, ::1)")

// loopbackClient fetches scrap pages and images: it connects to loopback addresses
// only, checked on the address dialed (so that neither DNS nor a redirect can lead
// elsewhere), uses no proxy, and follows at most 5 redirects.
func loopbackClient(timeout time.Duration) *http.Client {
	dialer := &net.Dialer{
		Timeout: timeout,
		Control: func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil || !ap.Addr().Unmap().IsLoopback() {
				return errNotLoopback
			}
			return nil
		},
	}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy:                 nil,
			DialContext:           dialer.DialContext,
			TLSHandshakeTimeout:   timeout,
			ResponseHeaderTimeout: timeout,
			MaxIdleConns:          4,
			IdleConnTimeout:       30 * time.Second,
		},
		CheckRedirect: func(_ *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("more than 5 redirects")
			}
			return nil
		},
	}
}

// fetch GETs a loopback URL and returns at most limit bytes of a 200 answer; truncated
// tells whether there was more.
func (e *Emulator) fetch(ctx context.Context, rawURL string, limit int64) (body []byte, contentType string, truncated bool, err error) {
	u, err := httpURL(rawURL)
	if err != nil {
		return nil, "", false, err
	}
	if !isLoopbackHost(u.Hostname()) {
		return nil, "", false, errNotLoopback
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, "", false, err
	}
	req.Header.Set("User-Agent", "kshare-emulator (Kakao scrap)")
	resp, err := e.fetcher.Do(req)
	if ue, ok := errors.AsType[*url.Error](err); ok { // the URL bounded (it may be a redirect's)
		err = errors.New(ue.Op + " " + quote(ue.URL) + ": " + ue.Err.Error())
	}
	if err != nil {
		return nil, "", false, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", false, errors.New("answered " + echo(resp.Status))
	}
	body, err = io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, "", false, err
	}
	if int64(len(body)) > limit {
		return body[:limit], resp.Header.Get("Content-Type"), true, nil
	}
	return body, resp.Header.Get("Content-Type"), false, nil
}

// scrapedPage is what a scrap share shows.
type scrapedPage struct {
	url, title, description, image string
	note                           string
}

// scrapPage fetches a scrap page from a loopback address and reads its Open Graph
// tags; other hosts are not fetched, and failures leave a note.
func (e *Emulator) scrapPage(ctx context.Context, rawURL string) scrapedPage {
	p := scrapedPage{url: rawURL}
	u, _ := url.Parse(rawURL)
	fallback := func(note string) scrapedPage {
		p.title, p.description, p.note = u.Host, rawURL, note
		return p
	}
	if !isLoopbackHost(u.Hostname()) {
		return fallback("The Kakao emulator scraps pages on loopback addresses only (127.0.0.1, ::1, localhost): " + echo(u.Host) + " was not fetched.")
	}
	body, _, _, err := e.fetch(ctx, rawURL, maxPageBytes)
	if err != nil {
		return fallback("The Kakao emulator could not scrap " + quote(rawURL) + ": " + bounded(err.Error(), maxMessage))
	}
	meta := readMeta(string(body))
	p.title = firstOf(meta["og:title"], meta["<title>"], u.Host)
	p.description = firstOf(meta["og:description"], meta["description"])
	if img := meta["og:image"]; img != "" {
		if ref, err := u.Parse(img); err == nil {
			p.image = ref.String()
		}
	}
	return p
}

// args are the template arguments of a scrap with a template.
func (p scrapedPage) args() jsvalue.Value {
	return jsvalue.Obj(
		jsvalue.M("title", jsvalue.Str(p.title)),
		jsvalue.M("description", jsvalue.Str(p.description)),
		jsvalue.M("image", jsvalue.Str(p.image)),
		jsvalue.M("url", jsvalue.Str(p.url)),
	)
}

// feed is the message of a scrap without a template.
func (p scrapedPage) feed() jsvalue.Value {
	content := []jsvalue.Member{jsvalue.M("title", jsvalue.Str(p.title))}
	if p.image != "" {
		content = append(content, jsvalue.M("image_url", jsvalue.Str(p.image)))
	}
	if p.description != "" {
		content = append(content, jsvalue.M("description", jsvalue.Str(p.description)))
	}
	link := jsvalue.Obj(jsvalue.M("web_url", jsvalue.Str(p.url)), jsvalue.M("mobile_web_url", jsvalue.Str(p.url)))
	content = append(content, jsvalue.M("link", link))
	return jsvalue.Obj(jsvalue.M("object_type", jsvalue.Str("feed")), jsvalue.M("content", jsvalue.Obj(content...)))
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// readMeta reads the <meta property|name=... content=...> tags of an HTML document
// (the first of each name, lower-cased) and its first <title> as "<title>". It is a
// small tokenizer: comments, script and style contents are skipped, attribute values
// may be quoted or not, character references are decoded.
func readMeta(doc string) map[string]string {
	meta := map[string]string{}
	for i := 0; i < len(doc); {
		lt := strings.IndexByte(doc[i:], '<')
		if lt < 0 {
			break
		}
		i += lt
		rest := doc[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			end := strings.Index(rest[4:], "-->")
			if end < 0 {
				return meta
			}
			i += 4 + end + 3
			continue
		case strings.HasPrefix(rest, "<!") || strings.HasPrefix(rest, "<?") || strings.HasPrefix(rest, "</"):
			end := strings.IndexByte(rest, '>')
			if end < 0 {
				return meta
			}
			i += end + 1
			continue
		}
		name, attrs, n := readTag(rest)
		switch {
		case n < 0: // an unterminated tag: nothing more can be read
			return meta
		case n == 0:
			i++
			continue
		}
		i += n
		switch name {
		case "meta":
			key := strings.ToLower(firstOf(attrs["property"], attrs["name"]))
			if _, seen := meta[key]; key != "" && !seen {
				meta[key] = attrs["content"]
			}
		case "title", "script", "style", "textarea":
			end := indexFold(doc[i:], "</"+name)
			if end < 0 {
				end = len(doc) - i
			}
			if _, seen := meta["<title>"]; name == "title" && !seen {
				meta["<title>"] = strings.Join(strings.Fields(html.UnescapeString(doc[i:i+end])), " ")
			}
			i += end
		}
	}
	return meta
}

// readTag reads a start tag at the start of s: its lower-case name, its attributes
// (lower-case names, decoded values, the first of each) and its length; n is 0 when s
// does not start with a tag, -1 when the tag never ends.
func readTag(s string) (name string, attrs map[string]string, n int) {
	i := 1
	for i < len(s) && isNameByte(s[i]) {
		i++
	}
	if i == 1 || !isLetter(s[1]) {
		return "", nil, 0
	}
	name = strings.ToLower(s[1:i])
	attrs = map[string]string{}
	for i < len(s) {
		for i < len(s) && (isSpace(s[i]) || s[i] == '/') {
			i++
		}
		if i >= len(s) {
			break
		}
		if s[i] == '>' {
			return name, attrs, i + 1
		}
		start := i
		for i < len(s) && !isSpace(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/' {
			i++
		}
		key := strings.ToLower(s[start:i])
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		value := ""
		if i < len(s) && s[i] == '=' {
			i++
			for i < len(s) && isSpace(s[i]) {
				i++
			}
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				q := s[i]
				end := strings.IndexByte(s[i+1:], q)
				if end < 0 {
					return "", nil, -1
				}
				value = s[i+1 : i+1+end]
				i += end + 2
			} else {
				vs := i
				for i < len(s) && !isSpace(s[i]) && s[i] != '>' {
					i++
				}
				value = s[vs:i]
			}
		}
		if _, seen := attrs[key]; key != "" && !seen {
			attrs[key] = html.UnescapeString(value)
		}
	}
	return "", nil, -1
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isNameByte(c byte) bool { return isLetter(c) || '0' <= c && c <= '9' || c == '-' || c == ':' }

// indexFold is strings.Index ignoring ASCII case.
func indexFold(s, sub string) int {
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		if strings.EqualFold(s[i:i+n], sub) {
			return i
		}
	}
	return -1
}

// itoa is strconv.Itoa, for brevity.
func itoa(n int) string { return strconv.Itoa(n) }
