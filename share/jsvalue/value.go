// Package jsvalue holds a JavaScript value as a page passed it, with the JavaScript
// semantics kshare needs to judge it exactly as the official Kakao SDK does: which keys
// are present and in which order, undefined versus null, string primitives versus String
// objects, integers versus other numbers, arrays, functions, DOM elements and files.
//
// The wasm bridge fills a Value in one walk over the caller's arguments; everything else
// (validation, wire encoding) reads only Values, so it runs and is tested on the host.
// The package also holds the few JavaScript algorithms the wire format depends on:
// JSON.stringify ([Marshal]), JSON.parse ([Parse]), Number::toString ([FormatNumber]),
// encodeURIComponent ([EncodeURIComponent]) and the property order of objects ([Set]).
//
// It imports no fmt, encoding/json or net/http: it is compiled into the wasm.
package jsvalue

import (
	"math"
	"strconv"
)

// Kind is the JavaScript type of a Value, refined where the SDK's checks tell types apart.
type Kind uint8

// The kinds of Value. The zero Kind is Undefined, so the zero Value is undefined.
const (
	Undefined Kind = iota
	Null
	Boolean
	Number
	String
	// Object is any object that is none of the kinds below: plain objects, class
	// instances, Dates, Maps, NodeLists...
	Object
	Array
	Function
	// Element is a DOM element (an object with nodeType 1).
	Element
	// File is a File or a Blob.
	File
	// Other is a symbol or a bigint.
	Other
)

// Value is one JavaScript value. The zero Value is undefined.
//
// Members hold the own enumerable string-keyed properties of objects, elements and files
// in the order Object.keys gives them; Elems hold the elements of arrays (and of array-like
// lists such as FileList and NodeList, which the bridge reads as arrays of their items).
type Value struct {
	Kind Kind
	// Boxed marks a String, Number or Boolean object (new String("x")): its typeof is
	// "object", but the SDK's string and boolean checks accept it as its primitive.
	Boxed bool
	Bool  bool
	// IllFormed marks a string that held a lone UTF-16 surrogate; Str holds it with the
	// surrogate replaced by U+FFFD (Go strings are UTF-8). It sits with the other flags,
	// which share one word.
	IllFormed bool
	Num       float64
	Str       string
	Members   []Member
	Elems     []Value
	File      *FileInfo
	// JSON, when set, is the value JSON.stringify writes in place of this one (the result
	// of its toJSON method, as for a Date).
	JSON *Value
	// Ref is an opaque handle with which the bridge finds the JavaScript value again
	// (an element, a function, a file). Zero means none.
	Ref int
}

// Member is one property of an object.
type Member struct {
	Key   string
	Value Value
}

// FileInfo is the metadata of a File or Blob that validation needs.
type FileInfo struct {
	// Name is the file name; a Blob has none and is named "blob", as FormData names it.
	Name string
	Size int64
	// Type is the MIME type the browser reports ("" when unknown).
	Type string
	// Blob is true for a Blob that is not a File.
	Blob bool
}

// Str returns a string primitive.
func Str(s string) Value { return Value{Kind: String, Str: s} }

// Num returns a number primitive.
func Num(f float64) Value { return Value{Kind: Number, Num: f} }

// Bool returns a boolean primitive.
func Bool(b bool) Value { return Value{Kind: Boolean, Bool: b} }

// NullValue returns null.
func NullValue() Value { return Value{Kind: Null} }

// Obj returns a plain object with the given members, in that order. It does not reorder
// them; use [Set] to build an object with JavaScript's property order.
func Obj(members ...Member) Value {
	if members == nil {
		members = []Member{}
	}
	return Value{Kind: Object, Members: members}
}

// Arr returns an array of the given elements.
func Arr(elems ...Value) Value {
	if elems == nil {
		elems = []Value{}
	}
	return Value{Kind: Array, Elems: elems}
}

// M returns a member, for use with [Obj].
func M(key string, v Value) Member { return Member{Key: key, Value: v} }

// IsObjectLike reports whether typeof the value is "object" and it is not null: objects,
// arrays, elements, files and boxed primitives. Functions are not object-like.
func (v Value) IsObjectLike() bool {
	switch v.Kind {
	case Object, Array, Element, File:
		return true
	}
	return v.Boxed
}

// IsString reports whether the value is a string primitive or a String object.
func (v Value) IsString() bool { return v.Kind == String }

// IsBoolean reports whether the value is a boolean primitive or a Boolean object.
func (v Value) IsBoolean() bool { return v.Kind == Boolean }

// IsInteger reports whether the value is a number primitive with a whole, finite value
// (-1 and 1e21 are integers; NaN, Infinity, 640.5 and new Number(640) are not).
func (v Value) IsInteger() bool {
	return v.Kind == Number && !v.Boxed && !math.IsInf(v.Num, 0) && v.Num == math.Trunc(v.Num)
}

// Truthy reports JavaScript truthiness: objects (boxed primitives included) are truthy,
// and so are non-empty strings and numbers other than 0 and NaN.
func (v Value) Truthy() bool {
	if v.Boxed {
		return true
	}
	switch v.Kind {
	case Undefined, Null:
		return false
	case Boolean:
		return v.Bool
	case Number:
		return v.Num != 0 && !math.IsNaN(v.Num)
	case String:
		return v.Str != ""
	}
	return true
}

// Keys returns what Object.keys returns for the value: the member keys of objects,
// elements and files, the indices of arrays and of String objects, nothing otherwise.
func (v Value) Keys() []string {
	switch {
	case v.Kind == Array:
		return indexKeys(len(v.Elems))
	case v.Kind == String && v.Boxed:
		return indexKeys(UTF16Len(v.Str))
	case v.IsObjectLike():
		keys := make([]string, len(v.Members))
		for i, m := range v.Members {
			keys[i] = m.Key
		}
		return keys
	}
	return nil
}

func indexKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = strconv.Itoa(i)
	}
	return keys
}

// Get returns the own property key of the value and whether it is present (a property
// holding undefined is present). Arrays answer their indices; String objects their
// characters.
func (v Value) Get(key string) (Value, bool) {
	switch {
	case v.Kind == Array:
		if i, ok := arrayIndex(key); ok && i < len(v.Elems) {
			return v.Elems[i], true
		}
		return Value{}, false
	case v.Kind == String && v.Boxed:
		units := utf16Units(v.Str)
		if i, ok := arrayIndex(key); ok && i < len(units) {
			return Str(string(units[i])), true
		}
		return Value{}, false
	}
	if i := memberIndex(v.Members, key); i >= 0 {
		return v.Members[i].Value, true
	}
	return Value{}, false
}

// Member returns the value of v's member key, in place, or nil when v has none (an
// array's elements and a String object's characters are not members).
func (v *Value) Member(key string) *Value {
	if v.Kind == Array || v.Kind == String && v.Boxed {
		return nil
	}
	if i := memberIndex(v.Members, key); i >= 0 {
		return &v.Members[i].Value
	}
	return nil
}

// Has reports whether the value has the own property key ([Value.Get]'s second result).
func (v *Value) Has(key string) bool {
	if v.Kind == Array || v.Kind == String && v.Boxed {
		_, ok := v.Get(key)
		return ok
	}
	return v.Member(key) != nil // Get's search, without copying the value
}

// Entries returns the properties of an object-like value as members, in Object.keys
// order: the members of objects, index/element pairs for arrays and String objects.
func (v Value) Entries() []Member {
	if v.Kind != Array && !(v.Kind == String && v.Boxed) {
		if v.IsObjectLike() {
			return v.Members
		}
		return nil
	}
	keys := v.Keys()
	out := make([]Member, len(keys))
	for i, k := range keys {
		e, _ := v.Get(k)
		out[i] = Member{Key: k, Value: e}
	}
	return out
}

// TypeName names the value's type for error messages: "undefined", "null", "boolean",
// "number", "string", "String object", "Number object", "Boolean object", "object",
// "array", "function", "element", "File", "Blob" or "symbol".
func (v Value) TypeName() string {
	if v.Boxed {
		switch v.Kind {
		case String:
			return "String object"
		case Number:
			return "Number object"
		default:
			return "Boolean object"
		}
	}
	switch v.Kind {
	case Null:
		return "null"
	case Boolean:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Object:
		return "object"
	case Array:
		return "array"
	case Function:
		return "function"
	case Element:
		return "element"
	case File:
		if v.File != nil && v.File.Blob {
			return "Blob"
		}
		return "File"
	case Other:
		return "symbol"
	}
	return "undefined"
}

// Describe renders the value briefly for error messages: strings as [Quote] quotes
// them, numbers as JavaScript prints them, other values by their type name.
func (v Value) Describe() string {
	switch {
	case v.Kind == String && !v.Boxed:
		return Quote(v.Str)
	case v.Kind == Number && !v.Boxed:
		return FormatNumber(v.Num)
	case v.Kind == Boolean && !v.Boxed:
		if v.Bool {
			return "true"
		}
		return "false"
	}
	return v.TypeName()
}

// MaxQuoted is how many characters of a string an error message quotes.
const MaxQuoted = 40

// Quote returns s as a JSON string literal for an error message: whole when it has at
// most [MaxQuoted] characters, else its first MaxQuoted characters and "…" followed by
// its length in UTF-16 units, as JavaScript counts it (`"abc…" (10485760 characters)`).
// A message never carries more of a value than that, however long the value.
func Quote(s string) string {
	if len(s) <= MaxQuoted {
		return QuoteJSON(s)
	}
	n := 0
	for i := range s {
		if n == MaxQuoted {
			return QuoteJSON(s[:i]+"…") + " (" + strconv.Itoa(UTF16Len(s)) + " characters)"
		}
		n++
	}
	return QuoteJSON(s)
}

// arrayIndex parses a canonical array index ("0", "17"; not "01", "-1" or "1.5").
func arrayIndex(key string) (int, bool) {
	n, ok := Digits(key, 10)
	if !ok || n >= math.MaxUint32 {
		return 0, false
	}
	return n, true
}

// Digits reads s as String(n) writes a whole number n: its decimal digits without a
// leading zero ("0", "17"; not "", "01", "-1", "1e3" or "1.5"), at most max of them
// (max ≤ 18, so that n is exact); it reports false for any other text.
func Digits(s string, max int) (int, bool) {
	if s == "" || len(s) > max || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// Spread returns dst with the members of src set in turn, as {...dst, ...src} has
// them: what [Set] for each member of src gives, when src's keys are unique (an
// object's [Value.Entries]), in one pass over src: a key dst had keeps its place and
// takes src's value, new array-index keys join dst's leading index keys in ascending
// order, other new keys follow dst's members in src's order. Set for each would search
// the whole list again for every key: quadratic in a page's 10,000-key extras. Its cost
// is len(dst) × len(src) for the keys' search, so dst should be short.
func Spread(dst, src []Member) []Member {
	had := len(dst)
	var indices, others []Member
	ascending, last := true, -1
	for _, m := range src {
		if i := memberIndex(dst[:had], m.Key); i >= 0 {
			dst[i].Value = m.Value
		} else if n, ok := arrayIndex(m.Key); ok {
			ascending, last = ascending && n > last, n
			indices = append(indices, m)
		} else {
			others = append(others, m)
		}
	}
	if len(indices) == 0 {
		return append(dst, others...)
	}
	if !ascending { // a Value built out of JavaScript's order: Set puts each index key
		for _, m := range indices {
			dst = Set(dst, m.Key, m.Value)
		}
		return append(dst, others...)
	}
	lead := 0 // dst's index keys come first
	for lead < had && isIndexKey(dst[lead].Key) {
		lead++
	}
	out := make([]Member, 0, had+len(indices)+len(others))
	for i, j := 0, 0; i < lead || j < len(indices); {
		if j == len(indices) || i < lead && indexOf(dst[i].Key) < indexOf(indices[j].Key) {
			out, i = append(out, dst[i]), i+1
		} else {
			out, j = append(out, indices[j]), j+1
		}
	}
	out = append(out, dst[lead:]...)
	return append(out, others...)
}

// memberIndex returns the index of key's member in members, or -1.
func memberIndex(members []Member, key string) int {
	for i := range members {
		if members[i].Key == key {
			return i
		}
	}
	return -1
}

func isIndexKey(key string) bool {
	_, ok := arrayIndex(key)
	return ok
}

func indexOf(key string) int {
	n, _ := arrayIndex(key)
	return n
}

// Set sets key to v in members with JavaScript's property order and returns the result:
// an existing key keeps its position; a new array-index key ("0", "42") goes before every
// non-index key, in ascending order; any other new key goes last. Objects built this way
// (JSON.parse results, spreads) list their keys exactly as Object.keys would.
func Set(members []Member, key string, v Value) []Member {
	if i := memberIndex(members, key); i >= 0 {
		members[i].Value = v
		return members
	}
	idx, isIndex := arrayIndex(key)
	if !isIndex {
		return append(members, Member{Key: key, Value: v})
	}
	at := 0
	for at < len(members) {
		j, ok := arrayIndex(members[at].Key)
		if !ok || j > idx {
			break
		}
		at++
	}
	members = append(members, Member{})
	copy(members[at+1:], members[at:])
	members[at] = Member{Key: key, Value: v}
	return members
}
