package jsvalue

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// Marshal returns what JSON.stringify(v) returns, and false where JSON.stringify returns
// undefined (for undefined, functions and symbols). Members holding undefined, functions
// or symbols are left out of objects and written as null in arrays; NaN and ±Infinity are
// written as null; numbers as [FormatNumber] prints them; a value with JSON set is
// written as that value (toJSON); elements and files, whose enumerable own properties
// are usually none, as their members.
func Marshal(v Value) (string, bool) {
	if v.JSON != nil {
		v = *v.JSON
	}
	if omitted(&v) {
		return "", false
	}
	return string(appendJSON(make([]byte, 0, 256), &v)), true
}

// MarshalString is Marshal for values known to be serialisable; it returns "" otherwise.
func MarshalString(v Value) string {
	s, _ := Marshal(v)
	return s
}

// AppendJSON appends what [Marshal] returns to dst ("null" where Marshal returns false)
// and returns the extended buffer.
func AppendJSON(dst []byte, v *Value) []byte {
	if v.JSON != nil {
		v = v.JSON
	}
	if omitted(v) {
		return append(dst, "null"...)
	}
	return appendJSON(dst, v)
}

func omitted(v *Value) bool {
	switch v.Kind {
	case Undefined, Function, Other:
		return true
	}
	return false
}

func appendJSON(b []byte, v *Value) []byte {
	if v.JSON != nil {
		v = v.JSON
	}
	switch v.Kind {
	case Null:
		return append(b, "null"...)
	case Boolean:
		if v.Bool {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case Number:
		if math.IsNaN(v.Num) || math.IsInf(v.Num, 0) {
			return append(b, "null"...)
		}
		return appendNumber(b, v.Num)
	case String:
		return AppendQuoted(b, v.Str)
	case Array:
		b = append(b, '[')
		for i := range v.Elems {
			if i > 0 {
				b = append(b, ',')
			}
			if e := &v.Elems[i]; e.JSON == nil && omitted(e) {
				b = append(b, "null"...)
			} else {
				b = appendJSON(b, e)
			}
		}
		return append(b, ']')
	}
	// objects, elements, files
	b = append(b, '{')
	first := true
	for i := range v.Members {
		m := &v.Members[i]
		if m.Value.JSON == nil && omitted(&m.Value) {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = AppendQuoted(b, m.Key)
		b = append(b, ':')
		b = appendJSON(b, &m.Value)
	}
	return append(b, '}')
}

// QuoteJSON returns s as a JSON string literal, escaped as JSON.stringify escapes it:
// quote, backslash and control characters only; everything else is written as is.
func QuoteJSON(s string) string {
	return string(AppendQuoted(make([]byte, 0, len(s)+2), s))
}

// AppendQuoted appends s as [QuoteJSON] returns it to dst and returns the extended
// buffer.
func AppendQuoted(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if len(s)-i >= 8 && plain8(s, i) {
			i += 8
			continue
		}
		c := s[i]
		i++
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i-1]...)
		switch c {
		case '"':
			b = append(b, `\"`...)
		case '\\':
			b = append(b, `\\`...)
		case '\b':
			b = append(b, `\b`...)
		case '\f':
			b = append(b, `\f`...)
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		case '\t':
			b = append(b, `\t`...)
		default:
			b = append(b, `\u00`...)
			b = append(b, hex[c>>4], hex[c&15])
		}
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// plain8 reports whether none of the 8 bytes of s at i needs escaping in JSON (a control
// character, a quote or a backslash), testing them at once: a word holds a byte below
// n when (w - n·ones) &^ w has its high bit set, and a zero byte marks an equal one.
func plain8(s string, i int) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	w := *(*uint64)(unsafe.Add(unsafe.Pointer(unsafe.StringData(s)), i))
	below := func(w uint64, n uint64) uint64 { return (w - n*ones) &^ w & highs }
	return below(w, 0x20)|below(w^('"'*ones), 1)|below(w^('\\'*ones), 1) == 0
}

// ErrSyntax is wrapped by every error [Parse] returns.
var ErrSyntax = errors.New("not valid JSON")

// maxParseDepth bounds the nesting [Parse] accepts, so hostile input cannot exhaust the
// stack.
const maxParseDepth = 512

// Parse parses text as JSON.parse does: RFC 8259 JSON with the whitespace JavaScript
// accepts (space, tab, line feed, carriage return), objects keeping JavaScript's property
// order (array-index keys first; a repeated key keeps its first position and its last
// value), numbers as float64 (out-of-range numbers become ±Infinity), and escaped lone
// surrogates kept as U+FFFD with IllFormed set. It returns an error wrapping [ErrSyntax]
// that gives the byte offset of the first problem.
func Parse(text string) (Value, error) {
	p := parser{s: text}
	return p.parse()
}

// ParseWith is [Parse] with each number read by number, given the number's text (JSON
// syntax, checked): for a server, whose strconv.ParseFloat reads any number in a
// fraction of a microsecond, where Parse may take 0.3 ms to decide a number of many
// digits or a far power of ten (the wasm carries no float parser).
func ParseWith(text string, number func(string) float64) (Value, error) {
	p := parser{s: text, readNumber: number}
	return p.parse()
}

// Check reports whether JSON.parse accepts text (a nil error, else one wrapping
// [ErrSyntax], and no keys) and, when the text is an object, returns its keys as
// written, a repeated key repeated. It builds no value and reads no number, so a text
// costs no more than its bytes: a page's serverCallbackArgs string, which a share
// checks and sends on as the page wrote it.
func Check(text string) (keys []string, err error) {
	p := parser{s: text, check: true}
	if _, err := p.parse(); err != nil {
		return nil, err
	}
	return p.keys, nil
}

func (p *parser) parse() (Value, error) {
	p.space()
	v, err := p.value(0)
	if err != nil {
		return Value{}, err
	}
	p.space()
	if p.i != len(p.s) {
		return Value{}, p.fail("unexpected text after the JSON value")
	}
	return v, nil
}

// Valid reports whether JSON.parse accepts text, as [Check] does.
func Valid(text string) bool {
	p := parser{s: text, check: true, noKeys: true}
	_, err := p.parse()
	return err == nil
}

type parser struct {
	s string
	i int
	// check: the text is checked, nothing is built (Check): keys holds the top-level
	// object's keys, unless noKeys.
	check, noKeys bool
	keys          []string
	readNumber    func(string) float64 // ParseWith's; nil: numberValue
}

type syntaxError struct {
	offset int
	what   string
}

func (e *syntaxError) Error() string {
	return "not valid JSON at offset " + strconv.Itoa(e.offset) + ": " + e.what
}

func (e *syntaxError) Unwrap() error { return ErrSyntax }

func (p *parser) fail(what string) error { return &syntaxError{offset: p.i, what: what} }

func (p *parser) space() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (Value, error) {
	if depth > maxParseDepth {
		return Value{}, p.fail("nested too deeply")
	}
	if p.i >= len(p.s) {
		return Value{}, p.fail("unexpected end of input")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		s, ill, err := p.str()
		return Value{Kind: String, Str: s, IllFormed: ill}, err
	case c == '-' || ('0' <= c && c <= '9'):
		return p.number()
	}
	for _, lit := range [...]struct {
		word string
		v    Value
	}{{"true", Bool(true)}, {"false", Bool(false)}, {"null", NullValue()}} {
		if strings.HasPrefix(p.s[p.i:], lit.word) {
			p.i += len(lit.word)
			return lit.v, nil
		}
	}
	_, size := utf8.DecodeRuneInString(p.s[p.i:])
	return Value{}, p.fail("unexpected character " + Quote(p.s[p.i:p.i+size]))
}

func (p *parser) object(depth int) (Value, error) {
	p.i++ // {
	members := []Member{}
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return Obj(members...), nil
	}
	for {
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return Value{}, p.fail("expected a string key")
		}
		key, _, err := p.str()
		if err != nil {
			return Value{}, err
		}
		p.space()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return Value{}, p.fail("expected ':'")
		}
		p.i++
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return Value{}, err
		}
		switch {
		case !p.check:
			members = append(members, Member{Key: key, Value: v}) // as written; properties below
		case depth == 0 && !p.noKeys:
			p.keys = append(p.keys, key)
		}
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return Obj(properties(members)...), nil
		}
		return Value{}, p.fail("expected ',' or '}'")
	}
}

// properties are the members JSON.parse makes of an object's members as written (raw,
// reused): what [Set] for each gives, a repeated key keeping its first place and taking
// its last value, array-index keys first in ascending order; past a few keys, in one
// pass with a map and [Spread] instead of a search of the keys for every key.
func properties(raw []Member) []Member {
	out := raw[:0] // in place: out never passes the member being read
	if len(raw) <= 16 {
		for _, m := range raw {
			out = Set(out, m.Key, m.Value)
		}
		return out
	}
	at := make(map[string]int, len(raw))
	for _, m := range raw {
		if i, ok := at[m.Key]; ok {
			out[i].Value = m.Value
			continue
		}
		at[m.Key] = len(out)
		out = append(out, m)
	}
	return Spread(nil, out)
}

func (p *parser) array(depth int) (Value, error) {
	p.i++ // [
	elems := []Value{}
	p.space()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return Arr(elems...), nil
	}
	for {
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return Value{}, err
		}
		if !p.check {
			elems = append(elems, v)
		}
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ',' {
			p.i++
			continue
		}
		if p.i < len(p.s) && p.s[p.i] == ']' {
			p.i++
			return Arr(elems...), nil
		}
		return Value{}, p.fail("expected ',' or ']'")
	}
}

func (p *parser) number() (Value, error) {
	start := p.i
	digits := func() int {
		n := 0
		for p.i < len(p.s) && '0' <= p.s[p.i] && p.s[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.s[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.s) && p.s[p.i] == '0':
		p.i++
	case digits() == 0:
		return Value{}, p.fail("expected a digit")
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return Value{}, p.fail("expected a digit after '.'")
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return Value{}, p.fail("expected a digit in the exponent")
		}
	}
	switch {
	case p.check:
		return Value{}, nil
	case p.readNumber != nil:
		return Num(p.readNumber(p.s[start:p.i])), nil
	}
	return Num(numberValue(p.s[start:p.i])), nil
}

// str reads a string literal; ill reports an escaped lone surrogate.
func (p *parser) str() (s string, ill bool, err error) {
	p.i++ // opening quote
	var b strings.Builder
	start := p.i
	for {
		if p.i >= len(p.s) {
			return "", false, p.fail("unterminated string")
		}
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			if p.check && b.Len() == 0 { // no escape: the text itself, kept by no one
				return p.s[start : p.i-1], ill, nil
			}
			b.WriteString(p.s[start : p.i-1])
			return b.String(), ill, nil
		case c < 0x20:
			return "", false, p.fail("control character in a string")
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(p.s[p.i:])
			if r == utf8.RuneError && size == 1 {
				return "", false, p.fail("invalid UTF-8")
			}
			p.i += size
			continue
		case c != '\\':
			p.i++
			continue
		}
		b.WriteString(p.s[start:p.i])
		p.i++
		if p.i >= len(p.s) {
			return "", false, p.fail("unterminated escape")
		}
		esc := p.s[p.i]
		p.i++
		switch esc {
		case '"', '\\', '/':
			b.WriteByte(esc)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", false, p.fail(`bad \u escape`)
			}
			if utf16.IsSurrogate(r) {
				if r < 0xdc00 && strings.HasPrefix(p.s[p.i:], `\u`) {
					save := p.i
					p.i += 2
					if r2, ok := p.hex4(); ok && 0xdc00 <= r2 && r2 <= 0xdfff {
						b.WriteRune(utf16.DecodeRune(r, r2))
						break
					}
					p.i = save
				}
				ill = true
				r = utf8.RuneError
			}
			b.WriteRune(r)
		default:
			return "", false, p.fail("bad escape")
		}
		start = p.i
	}
}

func (p *parser) hex4() (rune, bool) {
	if p.i+4 > len(p.s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(p.s[p.i : p.i+4]) {
		var d byte
		switch {
		case '0' <= c && c <= '9':
			d = c - '0'
		case 'a' <= c && c <= 'f':
			d = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	p.i += 4
	return r, true
}
