package bridge

import (
	"math"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
)

// The bounds of the loader's walk (see the package documentation), stamped into
// kshare.js by the build.
const (
	// MaxValues is how many values one call's argument may hold. KakaoTalk carries a
	// message of at most share.MaxTalkLinkLength (10,000) UTF-16 units and every value
	// takes at least one of them, so no share KakaoTalk can deliver has more.
	MaxValues = share.MaxTalkLinkLength
	// MaxText is how many UTF-16 units of text (strings and keys) one call may carry:
	// 100 times KakaoTalk's message size limit, room for what the web sharer takes
	// (it documents no limit of its own) while a 10 MB string is refused unread.
	MaxText = 100 * share.MaxTalkLinkLength
	// MaxDepth is how deep values may nest (a share nests five levels at most).
	MaxDepth = 64
)

// Decode reads one call text of the loader (see the package documentation). It never
// panics; a text it cannot read is an internal error. A walk the loader stopped is no
// error of Decode: the Invocation's ArgError holds the KakaoError of its field
// (share.CodeUnserializable or share.CodeTooLarge), for the session to report in turn.
func Decode(text string) (share.Invocation, error) {
	return new(Decoder).Decode(text)
}

// Decoder decodes call texts like [Decode], taking the objects and arrays of each call
// from a [jsvalue.Slab] it keeps from one call to the next: a call allocates little once
// the slab fits. What a Decode returns is valid until the next Decode of the same
// Decoder (the engine serves one call at a time and keeps nothing of it).
type Decoder struct {
	slab jsvalue.Slab
}

// Decode is [Decode] with dec's slab.
func (dec *Decoder) Decode(text string) (share.Invocation, error) {
	name, rest, ok := strings.Cut(text, "\n")
	if !ok {
		return share.Invocation{}, share.Internal("the call text has no name line")
	}
	dec.slab.Reset()
	d := &decoder{s: rest, slab: &dec.slab}
	inv, err := d.invocation(name)
	if err == errMalformed {
		return share.Invocation{Call: name}, share.Internal("the call text is malformed at byte " + strconv.Itoa(d.i))
	}
	return inv, err
}

// errMalformed marks a text the decoder cannot read (a bug in the loader, never the
// page's doing).
var errMalformed = &share.Error{Code: share.CodeInternal, Message: "malformed call text"}

type decoder struct {
	s    string
	i    int
	slab *jsvalue.Slab
}

func (d *decoder) invocation(name string) (share.Invocation, error) {
	inv := share.Invocation{Call: name}
	for d.i < len(d.s) {
		tag := d.s[d.i]
		d.i++
		var err error
		switch tag {
		case 'E':
			err = d.env(&inv)
		case 'K':
			inv.Click = true
		case 'L':
			err = d.lookup(&inv.Container)
		case 'A':
			inv.Answer = &share.Answer{}
			err = d.answer(inv.Answer)
		case 'V':
			inv.Arg, err = d.value(0)
			if err == nil && d.i != len(d.s) {
				err = errMalformed
			}
			return inv, err
		case '!':
			inv.ArgError = d.stop(name)
			if inv.ArgError == errMalformed {
				return inv, errMalformed
			}
			return inv, nil
		default:
			err = errMalformed
		}
		if err != nil {
			return inv, err
		}
	}
	return inv, nil
}

func (d *decoder) env(inv *share.Invocation) error {
	e := &inv.Env
	var mtp float64
	for _, p := range []*string{&e.UserAgent, &e.Platform, &e.Language} {
		if err := d.plainString(p); err != nil {
			return err
		}
	}
	if err := d.plainNumber(&mtp); err != nil {
		return err
	}
	if err := d.plainString(&e.Origin); err != nil {
		return err
	}
	if mtp > 0 && mtp < 1<<20 {
		e.MaxTouchPoints = int(mtp)
	}
	sc := &inv.Screen
	for _, p := range []*float64{&sc.Width, &sc.Height, &sc.Left, &sc.Top} {
		if err := d.plainNumber(p); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) lookup(l *share.Lookup) error {
	if d.i >= len(d.s) {
		return errMalformed
	}
	c := d.s[d.i]
	d.i++
	switch c {
	case '1':
		l.Found = true
	case '0':
	case 'x':
		if err := d.plainString(&l.SelectorError); err != nil {
			return err
		}
		if l.SelectorError == "" {
			l.SelectorError = "invalid selector"
		}
	default:
		return errMalformed
	}
	return nil
}

func (d *decoder) answer(a *share.Answer) error {
	var status float64
	if err := d.plainNumber(&status); err != nil {
		return err
	}
	if status >= 0 && status < 1000 {
		a.Status = int(status)
	}
	if err := d.plainString(&a.Body); err != nil {
		return err
	}
	if err := d.plainString(&a.NetworkError); err != nil {
		return err
	}
	if a.NetworkError == "" && a.Status == 0 {
		a.NetworkError = "no answer"
	}
	return nil
}

// stop reads a '!' section: the walk stopped at a path, for a reason.
func (d *decoder) stop(call string) error {
	if d.i >= len(d.s) {
		return errMalformed
	}
	reason := d.s[d.i]
	d.i++
	var n float64
	if err := d.plainNumber(&n); err != nil || n < 0 || n > MaxDepth+1 {
		return errMalformed
	}
	path := ""
	for k := 0; k < int(n); k++ {
		key, err := d.value(MaxDepth)
		if err != nil {
			return err
		}
		switch key.Kind {
		case jsvalue.Number:
			path += "[" + strconv.Itoa(int(key.Num)) + "]"
		case jsvalue.String:
			if path != "" {
				path += "."
			}
			path += key.Str
		default:
			return errMalformed
		}
	}
	var detail string
	if err := d.plainString(&detail); err != nil {
		return err
	}
	if path == "" {
		path = "settings"
		if call == "init" {
			path = "appKey"
		}
	}
	switch reason {
	case 'c':
		return share.Unserializable(path, "it contains itself (a cycle)")
	case 'd':
		return share.Unserializable(path, "nested deeper than "+strconv.Itoa(MaxDepth)+" levels")
	case 'g':
		return share.Unserializable(path, "reading it threw "+boundedText(detail))
	case 'n':
		return share.TooLarge(path, "it holds "+boundedText(detail)+" values; kshare reads at most "+
			strconv.Itoa(MaxValues)+" per call (no message KakaoTalk can carry has more)")
	case 't':
		return share.TooLarge(path, "a string of "+boundedText(detail)+" characters; kshare reads at most "+
			strconv.Itoa(MaxText)+" characters of text per call")
	}
	return errMalformed
}

// boundedText cuts a text the page made (what a getter threw) for a message.
func boundedText(s string) string {
	if utf8.RuneCountInString(s) <= 2*jsvalue.MaxQuoted {
		return s
	}
	r := []rune(s)
	return string(r[:2*jsvalue.MaxQuoted]) + "…"
}

func (d *decoder) plainString(p *string) error {
	v, err := d.value(MaxDepth)
	if err != nil {
		return err
	}
	if v.Kind != jsvalue.String || v.Boxed {
		return errMalformed
	}
	*p = v.Str
	return nil
}

func (d *decoder) plainNumber(p *float64) error {
	v, err := d.value(MaxDepth)
	if err != nil {
		return err
	}
	if v.Kind != jsvalue.Number || v.Boxed {
		return errMalformed
	}
	*p = v.Num
	return nil
}

// value reads one value token; depth counts the objects and arrays around it.
func (d *decoder) value(depth int) (jsvalue.Value, error) {
	var v jsvalue.Value
	err := d.valueInto(&v, depth)
	return v, err
}

// valueInto decodes one value into *v (in place: an element or a member is written
// where it goes, not copied there), which must be the zero Value.
func (d *decoder) valueInto(v *jsvalue.Value, depth int) error {
	if d.i >= len(d.s) || depth > MaxDepth {
		return errMalformed
	}
	tag := d.s[d.i]
	d.i++
	var err error
	switch tag {
	case 'u':
	case 'n':
		v.Kind = jsvalue.Null
	case 't', 'f', 'T', 'F':
		v.Kind, v.Bool, v.Boxed = jsvalue.Boolean, tag == 't' || tag == 'T', tag == 'T' || tag == 'F'
	case 'd', 'D':
		v.Kind, v.Boxed = jsvalue.Number, tag == 'D'
		v.Num, err = d.number()
	case 's', 'w', 'S', 'W':
		v.Kind, v.IllFormed, v.Boxed = jsvalue.String, tag == 'w' || tag == 'W', tag == 'S' || tag == 'W'
		v.Str, err = d.str()
	case 'a':
		return d.array(v, depth)
	case 'o':
		return d.object(v, depth)
	case 'j':
		j := new(jsvalue.Value)
		if err := d.valueInto(j, depth+1); err != nil {
			return err
		}
		if d.i >= len(d.s) || d.s[d.i] != 'o' {
			return errMalformed
		}
		d.i++
		v.JSON = j
		return d.object(v, depth)
	case 'c', 'e':
		v.Kind = jsvalue.Function
		if tag == 'e' {
			v.Kind = jsvalue.Element
		}
		v.Ref, err = d.ref()
	case 'p':
		*v, err = d.file()
	case 'x':
		v.Kind = jsvalue.Other
	default:
		return errMalformed
	}
	return err
}

// count reads "<n>:" and checks n against what is left of the text (every element
// takes at least one byte), so that no count can make the decoder allocate more.
func (d *decoder) count() (int, error) {
	n, err := d.digits(':')
	if err != nil || n > len(d.s)-d.i {
		return 0, errMalformed
	}
	return n, nil
}

// digits reads a decimal number ended by end.
func (d *decoder) digits(end byte) (int, error) {
	n, start := 0, d.i
	for d.i < len(d.s) && d.s[d.i] != end {
		c := d.s[d.i]
		if c < '0' || c > '9' || d.i-start > 9 {
			return 0, errMalformed
		}
		n = n*10 + int(c-'0')
		d.i++
	}
	if d.i == start || d.i >= len(d.s) {
		return 0, errMalformed
	}
	d.i++ // end
	return n, nil
}

// number reads "<text>;": a whole number below 10¹⁵ in magnitude in decimal (most of a
// share's numbers), any other as "#" and its 64 bits in 16 lower-case hex digits (the
// loader's DataView writes them), which it reads exactly without a float parser.
func (d *decoder) number() (float64, error) {
	end := strings.IndexByte(d.s[d.i:], ';')
	if end < 0 {
		return 0, errMalformed
	}
	text := d.s[d.i : d.i+end]
	d.i += end + 1
	if len(text) == 17 && text[0] == '#' {
		var b uint64
		for i := 1; i < len(text); i++ {
			c := text[i]
			switch {
			case '0' <= c && c <= '9':
				c -= '0'
			case 'a' <= c && c <= 'f':
				c -= 'a' - 10
			default:
				return 0, errMalformed
			}
			b = b<<4 | uint64(c)
		}
		return math.Float64frombits(b), nil
	}
	digits, neg := strings.CutPrefix(text, "-")
	n, ok := jsvalue.Digits(digits, 15)
	if !ok || (neg && n == 0) { // the loader writes -0 in bits
		return 0, errMalformed
	}
	if neg {
		n = -n
	}
	return float64(n), nil
}

// str reads "<len>:<chars>", len in UTF-16 units of the text as JavaScript had it.
// TextEncoder wrote the text, so it is valid UTF-8: each character starts with a byte
// that is not a continuation byte (10xxxxxx), and takes two units when it is four bytes
// long (11110xxx). The string ends before the first such byte past len units.
func (d *decoder) str() (string, error) {
	n, err := d.count()
	if err != nil {
		return "", err
	}
	start, units := d.i, 0
	for len(d.s)-d.i >= 8 {
		// Eight bytes at once, while all of their characters belong to the string.
		leads, ok := leads8(d.s, d.i)
		if !ok || leads > n-units {
			break
		}
		d.i, units = d.i+8, units+leads
	}
	for ; d.i < len(d.s); d.i++ {
		c := d.s[d.i]
		if c&0xc0 == 0x80 {
			continue // the rest of a character
		}
		if units >= n {
			break
		}
		units++
		if c >= 0xf0 {
			units++
		}
	}
	if units < n {
		return "", errMalformed
	}
	return d.s[start:d.i], nil
}

// leads8 returns how many characters start in the 8 bytes of s at i (the bytes that are
// not continuation bytes, 10xxxxxx), and false when one of them starts a four-byte
// character (11110xxx, two UTF-16 units).
func leads8(s string, i int) (int, bool) {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	w := *(*uint64)(unsafe.Add(unsafe.Pointer(unsafe.StringData(s)), i))
	if f := w&(0xf8*ones) ^ 0xf0*ones; (f-ones)&^f&highs != 0 {
		return 0, false // a byte 11110xxx
	}
	// A continuation byte becomes 0, any other byte not; a byte's high bit is then set
	// in y when the byte is not 0 (its low bits carry into it, or it was set).
	const lows = ^uint64(highs)
	x := w&(0xc0*ones) ^ highs
	y := (x&lows + lows) | x
	return bits.OnesCount64(y & highs), true
}

func (d *decoder) array(v *jsvalue.Value, depth int) error {
	n, err := d.count()
	if err != nil {
		return err
	}
	v.Kind, v.Elems = jsvalue.Array, d.slab.Elems(n)
	for i := range v.Elems {
		if err := d.valueInto(&v.Elems[i], depth+1); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) object(v *jsvalue.Value, depth int) error {
	n, err := d.count()
	if err != nil {
		return err
	}
	v.Kind, v.Members = jsvalue.Object, d.slab.Members(n)[:n]
	for i := range v.Members {
		m := &v.Members[i]
		*m = jsvalue.Member{}
		if d.i >= len(d.s) || (d.s[d.i] != 's' && d.s[d.i] != 'w') {
			return errMalformed
		}
		ill := d.s[d.i] == 'w'
		d.i++
		if m.Key, err = d.str(); err != nil {
			return err
		}
		if err := d.valueInto(&m.Value, depth+1); err != nil {
			return err
		}
		if ill {
			// A key with a lone surrogate is reported as its value's: it cannot be
			// written either (difference 13).
			m.Value.IllFormed = true
		}
	}
	return nil
}

func (d *decoder) ref() (int, error) {
	n, err := d.digits(';')
	return n + 1, err
}

func (d *decoder) file() (jsvalue.Value, error) {
	if d.i >= len(d.s) {
		return jsvalue.Value{}, errMalformed
	}
	blob := d.s[d.i] == 'b'
	if !blob && d.s[d.i] != 'f' {
		return jsvalue.Value{}, errMalformed
	}
	d.i++
	ref, err := d.ref()
	if err != nil {
		return jsvalue.Value{}, err
	}
	size, err := d.number()
	if err != nil {
		return jsvalue.Value{}, err
	}
	info := &jsvalue.FileInfo{Blob: blob, Size: int64(size)}
	if err := d.plainString(&info.Name); err != nil {
		return jsvalue.Value{}, err
	}
	if err := d.plainString(&info.Type); err != nil {
		return jsvalue.Value{}, err
	}
	if blob {
		info.Name = "blob"
	}
	return jsvalue.Value{Kind: jsvalue.File, File: info, Ref: ref, Members: []jsvalue.Member{}}, nil
}
