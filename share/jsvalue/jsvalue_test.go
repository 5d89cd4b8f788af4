package jsvalue

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFormatNumberMatchesJavaScript(t *testing.T) {
	tests := []struct {
		name string
		in   float64
		want string
	}{
		{"zero", 0, "0"},
		{"negative zero", math.Copysign(0, -1), "0"},
		{"integer", 640, "640"},
		{"negative integer", -1, "-1"},
		{"the largest whole number below 2^53", 1<<53 - 1, "9007199254740991"},
		{"2^53, past the whole-number path", 1 << 53, "9007199254740992"},
		{"a whole number past 2^53 prints its shortest digits", 1 << 60, "1152921504606847000"},
		{"fraction", 640.5, "640.5"},
		{"one tenth", 0.1, "0.1"},
		{"largest plain", 1e20, "100000000000000000000"},
		{"first exponent", 1e21, "1e+21"},
		{"big with digits", 1.2345e25, "1.2345e+25"},
		{"smallest plain", 0.000001, "0.000001"},
		{"first negative exponent", 1e-7, "1e-7"},
		{"negative exponent with digits", 1.5e-7, "1.5e-7"},
		{"shortest digits", 123456789012345680000, "123456789012345680000"},
		{"max float", math.MaxFloat64, "1.7976931348623157e+308"},
		{"smallest denormal", 5e-324, "5e-324"},
		{"NaN", math.NaN(), "NaN"},
		{"Infinity", math.Inf(1), "Infinity"},
		{"-Infinity", math.Inf(-1), "-Infinity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, FormatNumber(tt.in))
		})
	}
}

// TestFormatNumberReadsBack: across magnitudes, what FormatNumber writes is a number
// that reads back as the same float64 (the shortest digits, in either notation).
func TestFormatNumberReadsBack(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 100000; i++ {
		f := math.Float64frombits(r.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		s := FormatNumber(f)
		back, err := strconv.ParseFloat(s, 64)
		if err != nil || back != f && !(f == 0 && back == 0) {
			t.Fatalf("FormatNumber(%v) = %q, which reads back as %v (%v)", f, s, back, err)
		}
	}
}

func TestEncodeURIComponentMatchesJavaScript(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"unreserved kept", "AZaz09-_.!~*'()", "AZaz09-_.!~*'()"},
		{"reserved escaped", ";/?:@&=+$,#", "%3B%2F%3F%3A%40%26%3D%2B%24%2C%23"},
		{"space and percent", "a b%", "a%20b%25"},
		{"json", `{"a":1}`, "%7B%22a%22%3A1%7D"},
		{"korean", "가", "%EA%B0%80"},
		{"emoji", "😀", "%F0%9F%98%80"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, EncodeURIComponent(tt.in))
		})
	}
}

func TestMarshalMatchesJSONStringify(t *testing.T) {
	date := Str("2024-01-01T00:00:00.000Z")
	tests := []struct {
		name   string
		in     Value
		want   string
		wantOK bool
	}{
		{"undefined is not serialisable", Value{}, "", false},
		{"function is not serialisable", Value{Kind: Function}, "", false},
		{"null", NullValue(), "null", true},
		{"booleans", Arr(Bool(true), Bool(false)), "[true,false]", true},
		{"numbers as JavaScript prints them", Arr(Num(1e21), Num(-0.5), Num(math.NaN()), Num(math.Inf(1))), "[1e+21,-0.5,null,null]", true},
		{"string escapes", Str("q\"b\\\n\t\x01<>&\u2028가"), `"q\"b\\\n\t\u0001<>&` + "\u2028가\"", true},
		{"undefined members left out", Obj(M("a", Value{}), M("b", Num(1)), M("f", Value{Kind: Function})), `{"b":1}`, true},
		{"undefined elements become null", Arr(Value{}, Value{Kind: Function}, Num(2)), "[null,null,2]", true},
		{"boxed values as primitives", Arr(Value{Kind: String, Boxed: true, Str: "s"}, Value{Kind: Number, Boxed: true, Num: 3}), `["s",3]`, true},
		{"toJSON replaces the value", Obj(M("at", Value{Kind: Object, JSON: &date})), `{"at":"2024-01-01T00:00:00.000Z"}`, true},
		{"nested order kept", Obj(M("z", Obj(M("y", Num(1)), M("x", Num(2)))), M("a", Arr())), `{"z":{"y":1,"x":2},"a":[]}`, true},
		{"element without properties", Value{Kind: Element}, "{}", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Marshal(tt.in)
			assert.Equal(t, tt.wantOK, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseAcceptsWhatJSONParseAccepts(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Value
	}{
		{"number", " 5 ", Num(5)},
		{"exponent", "-1.5e+2", Num(-150)},
		{"huge number is Infinity", "1e400", Num(math.Inf(1))},
		{"literals", "[true,false,null]", Arr(Bool(true), Bool(false), NullValue())},
		{"escapes", `"a\"\\\/\b\f\n\r\t\u00e9"`, Str("a\"\\/\b\f\n\r\té")},
		{"surrogate pair", `"\ud83d\ude00"`, Str("😀")},
		{"lone surrogate is marked", `"a\ud800b"`, Value{Kind: String, Str: "a\uFFFDb", IllFormed: true}},
		{"index keys first", `{"b":1,"1":2,"0":3}`, Obj(M("0", Num(3)), M("1", Num(2)), M("b", Num(1)))},
		{"repeated key keeps first position and last value", `{"a":1,"b":2,"a":3}`, Obj(M("a", Num(3)), M("b", Num(2)))},
		{"empty containers", `{"o":{},"a":[]}`, Obj(M("o", Obj()), M("a", Arr()))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseRefusesWhatJSONParseRefuses(t *testing.T) {
	for _, in := range []string{
		"", "key=value", "undefined", "NaN", "'a'", "01", "1.", ".5", "-", "1e", "+1",
		`{"a":1,}`, `[1,]`, `{a:1}`, `"tab	inside"`, `"\x"`, `"\u12"`, `[1 2]`, `{"a" 1}`, "[", `"open`,
		"\v1", "1 2", "tru", "\xff",
	} {
		t.Run(in, func(t *testing.T) {
			_, err := Parse(in)
			assert.ErrorIs(t, err, ErrSyntax)
			assert.False(t, Valid(in))
		})
	}
}

func TestParseBoundsNesting(t *testing.T) {
	deep := ""
	for range maxParseDepth + 2 {
		deep += "["
	}
	_, err := Parse(deep)
	assert.ErrorIs(t, err, ErrSyntax)
}

func TestMarshalParseRoundTrip(t *testing.T) {
	for _, in := range []string{
		`{"link_ver":"4.0","template_object":{"object_type":"feed","content":{"title":"오늘의 디저트","image_width":640}}}`,
		`[1e+21,-0.5,"😀",null,true,{"0":1,"a":[{}]}]`,
		`"\u0001\n\"\\"`,
	} {
		v, err := Parse(in)
		require.NoError(t, err)
		assert.Equal(t, in, MarshalString(v))
	}
}

func TestSetKeepsJavaScriptPropertyOrder(t *testing.T) {
	var m []Member
	for _, k := range []string{"KA", "2", "x", "0", "10", "01", "KA"} {
		m = Set(m, k, Str(k))
	}
	keys := Obj(m...).Keys()
	assert.Equal(t, []string{"0", "2", "10", "KA", "x", "01"}, keys)
}

// TestSpreadIsSetForEach: Spread gives what Set for each member of src gives (src's
// keys unique), for named cases and for random lists of keys.
func TestSpreadIsSetForEach(t *testing.T) {
	members := func(keys ...string) []Member {
		var m []Member
		for _, k := range keys {
			m = append(m, M(k, Str("v"+k)))
		}
		return m
	}
	setEach := func(dst, src []Member) []Member {
		dst = slices.Clone(dst)
		for _, m := range src {
			dst = Set(dst, m.Key, m.Value)
		}
		return dst
	}
	tests := []struct {
		name     string
		dst, src []Member
	}{
		{"nothing to spread", members("KA"), nil},
		{"into nothing", nil, members("0", "a")},
		{"a key dst has keeps its place", members("KA", "x"), members("y", "KA")},
		{"index keys first, in order", members("KA"), members("0", "2", "10", "z")},
		{"index keys merged with dst's", members("1", "5", "KA"), members("0", "3", "7", "KA", "b")},
		{"index keys out of order (a Value built by Go)", members("KA"), members("10", "2", "x", "0")},
		{"keys that look like indices but are not", members("KA"), members("01", "-1", "4294967295", "1e3")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := setEach(tt.dst, tt.src)
			assert.Equal(t, want, Spread(slices.Clone(tt.dst), tt.src))
		})
	}
	r := rand.New(rand.NewPCG(3, 4))
	pool := []string{"0", "1", "2", "3", "9", "10", "11", "KA", "name", "a", "b", "01", "lcba"}
	pick := func(n int) []Member {
		var keys []string
		for _, i := range r.Perm(len(pool))[:n] {
			keys = append(keys, pool[i])
		}
		return members(keys...)
	}
	for range 2000 {
		dst := setEach(nil, pick(r.IntN(4))) // in JavaScript's order, as Set builds it
		src := setEach(nil, pick(r.IntN(len(pool))))
		if r.IntN(4) == 0 {
			r.Shuffle(len(src), func(i, j int) { src[i], src[j] = src[j], src[i] })
		}
		require.Equal(t, setEach(dst, src), Spread(slices.Clone(dst), src), "dst %v, src %v", dst, src)
	}
}

// TestPropertiesIsSetForEach: an object's members as written (repeated keys, index
// keys in any order), few and many, become what Set for each gives; so does Parse.
func TestPropertiesIsSetForEach(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 2000 {
		raw := make([]Member, r.IntN(60))
		for i := range raw {
			key := "k" + strconv.Itoa(r.IntN(40))
			if r.IntN(3) == 0 {
				key = strconv.Itoa(r.IntN(40))
			}
			raw[i] = M(key, Num(float64(i)))
		}
		var want []Member
		for _, m := range raw {
			want = Set(want, m.Key, m.Value)
		}
		got := properties(slices.Clone(raw))
		require.Equal(t, len(want), len(got), "%v", raw)
		if len(want) > 0 {
			require.Equal(t, want, got, "%v", raw)
		}
	}
	text := `{"b": 1, "3": 1, "a": 1, "1": 1, "b": 2` + strings.Repeat(`, "x": 0`, 20) + `, "0": 5, "3": 6}`
	v, err := Parse(text)
	require.NoError(t, err)
	assert.Equal(t, []string{"0", "1", "3", "b", "a", "x"}, v.Keys())
	assert.Equal(t, Obj(M("0", Num(5)), M("1", Num(1)), M("3", Num(6)), M("b", Num(2)), M("a", Num(1)), M("x", Num(0))), v)
}

func TestPredicates(t *testing.T) {
	boxedStr := Value{Kind: String, Boxed: true, Str: "ab"}
	boxedNum := Value{Kind: Number, Boxed: true, Num: 640}
	boxedFalse := Value{Kind: Boolean, Boxed: true}
	tests := []struct {
		name                                 string
		v                                    Value
		objectLike, str, boolean, int, truth bool
		typeName                             string
	}{
		{"undefined", Value{}, false, false, false, false, false, "undefined"},
		{"null", NullValue(), false, false, false, false, false, "null"},
		{"integer", Num(-1), false, false, false, true, true, "number"},
		{"big integer", Num(1e21), false, false, false, true, true, "number"},
		{"fraction", Num(640.5), false, false, false, false, true, "number"},
		{"NaN", Num(math.NaN()), false, false, false, false, false, "number"},
		{"Infinity", Num(math.Inf(1)), false, false, false, false, true, "number"},
		{"empty string", Str(""), false, true, false, false, false, "string"},
		{"String object", boxedStr, true, true, false, false, true, "String object"},
		{"Number object", boxedNum, true, false, false, false, true, "Number object"},
		{"Boolean(false) object is truthy", boxedFalse, true, false, true, false, true, "Boolean object"},
		{"array", Arr(), true, false, false, false, true, "array"},
		{"function", Value{Kind: Function}, false, false, false, false, true, "function"},
		{"element", Value{Kind: Element}, true, false, false, false, true, "element"},
		{"blob", Value{Kind: File, File: &FileInfo{Blob: true}}, true, false, false, false, true, "Blob"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.objectLike, tt.v.IsObjectLike(), "IsObjectLike")
			assert.Equal(t, tt.str, tt.v.IsString(), "IsString")
			assert.Equal(t, tt.boolean, tt.v.IsBoolean(), "IsBoolean")
			assert.Equal(t, tt.int, tt.v.IsInteger(), "IsInteger")
			assert.Equal(t, tt.truth, tt.v.Truthy(), "Truthy")
			assert.Equal(t, tt.typeName, tt.v.TypeName(), "TypeName")
		})
	}
}

func TestKeysAndGetFollowObjectKeys(t *testing.T) {
	obj := Obj(M("b", Value{}), M("a", Num(1)))
	assert.Equal(t, []string{"b", "a"}, obj.Keys())
	v, ok := obj.Get("b")
	assert.True(t, ok, "a key holding undefined is present")
	assert.Equal(t, Undefined, v.Kind)
	_, ok = obj.Get("c")
	assert.False(t, ok)

	arr := Arr(Str("x"), Str("y"))
	assert.Equal(t, []string{"0", "1"}, arr.Keys())
	v, ok = arr.Get("1")
	assert.True(t, ok)
	assert.Equal(t, "y", v.Str)
	_, ok = arr.Get("01")
	assert.False(t, ok, "01 is not an index")

	boxed := Value{Kind: String, Boxed: true, Str: "가😀"}
	assert.Equal(t, []string{"0", "1", "2"}, boxed.Keys(), "String objects index UTF-16 units")
	assert.Equal(t, []Member{{"0", Str("가")}, {"1", Str("\uFFFD")}, {"2", Str("\uFFFD")}}, boxed.Entries())
	assert.Nil(t, Str("abc").Keys(), "primitives have no keys")
}

func TestDescribeIsShort(t *testing.T) {
	long := ""
	for range 50 {
		long += "가"
	}
	assert.Equal(t, `"`+long[:40*3]+`…" (50 characters)`, Str(long).Describe())
	assert.Equal(t, `"`+long[:40*3]+`"`, Str(long[:40*3]).Describe(), "40 characters are quoted whole")
	huge := strings.Repeat("a", 10<<20)
	assert.Equal(t, `"`+huge[:40]+`…" (10485760 characters)`, Quote(huge), "a 10 MB string is quoted by a prefix")
	assert.Equal(t, `"`+strings.Repeat("😀", 40)+`…" (84 characters)`, Quote(strings.Repeat("😀", 42)), "the length is in UTF-16 units")
	assert.Equal(t, "1e+21", Num(1e21).Describe())
	assert.Equal(t, "true", Bool(true).Describe())
	assert.Equal(t, "String object", Value{Kind: String, Boxed: true}.Describe())
}

func TestUTF16Len(t *testing.T) {
	assert.Equal(t, 0, UTF16Len(""))
	assert.Equal(t, 3, UTF16Len("abc"))
	assert.Equal(t, 1, UTF16Len("가"))
	assert.Equal(t, 2, UTF16Len("😀"))
}

// TestAppendQuotedAtEveryOffset checks AppendQuoted, which tests eight bytes at a time,
// against the plain byte by byte rule, with each character that needs escaping (and its
// neighbours that do not) at every offset of strings up to 40 bytes long.
func TestAppendQuotedAtEveryOffset(t *testing.T) {
	byByte := func(s string) string {
		out := `"`
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case c == '"':
				out += `\"`
			case c == '\\':
				out += `\\`
			case c == '\b':
				out += `\b`
			case c == '\f':
				out += `\f`
			case c == '\n':
				out += `\n`
			case c == '\r':
				out += `\r`
			case c == '\t':
				out += `\t`
			case c < 0x20:
				out += `\u00` + string("0123456789abcdef"[c>>4]) + string("0123456789abcdef"[c&15])
			default:
				out += s[i : i+1]
			}
		}
		return out + `"`
	}
	for _, c := range []string{`"`, `\`, "\n", "\x00", "\x1f", " ", "!", "#", "[", "]", "\x7f", "한", "\u2028"} {
		for n := 0; n <= 40; n++ {
			for at := 0; at <= n; at++ {
				s := strings.Repeat("a", at) + c + strings.Repeat("한", (n-at)/3) + strings.Repeat("b", (n-at)%3)
				if got, want := string(AppendQuoted(nil, s)), byByte(s); got != want {
					t.Fatalf("AppendQuoted(%q) = %s, want %s", s, got, want)
				}
			}
		}
	}
}

func TestSlab(t *testing.T) {
	t.Run("a nil slab allocates each list", func(t *testing.T) {
		var s *Slab
		m := s.Members(3)
		assert.Len(t, m, 0)
		assert.Equal(t, 3, cap(m))
		assert.Equal(t, make([]Value, 2), s.Elems(2))
		s.Reset() // no effect, no panic
	})
	t.Run("after Reset, Elems are zero again and Members empty", func(t *testing.T) {
		var s Slab
		e := s.Elems(2)
		e[0], e[1] = Str("a"), Num(1)
		m := append(s.Members(1), M("k", Str("v")))
		s.Reset()
		again := s.Elems(2)
		assert.Same(t, &e[0], &again[0], "the same memory")
		assert.Equal(t, make([]Value, 2), again)
		m2 := s.Members(1)
		assert.Len(t, m2, 0)
		assert.Same(t, &m[:1][0], &m2[:1][0])
	})
	t.Run("lists taken between Resets never overlap", func(t *testing.T) {
		var s Slab
		a, b := s.Elems(2), s.Elems(2)
		a[0], a[1], b[0], b[1] = Num(1), Num(2), Num(3), Num(4)
		a = append(a, Num(9)) // past its capacity: copied out
		assert.Equal(t, []Value{Num(3), Num(4)}, b)
		assert.Len(t, a, 3)
	})
}

func TestDigitsReadsWholeNumbersAsStringWritesThem(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want int
		ok   bool
	}{
		{"zero", "0", 15, 0, true},
		{"a number", "640", 15, 640, true},
		{"as many digits as allowed", "999999999999999", 15, 999999999999999, true},
		{"one digit too many", "1000000000000000", 15, 0, false},
		{"the empty text", "", 15, 0, false},
		{"a leading zero", "0640", 15, 0, false},
		{"a sign", "-1", 15, 0, false},
		{"an exponent", "1e3", 15, 0, false},
		{"a fraction", "1.5", 15, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, ok := Digits(tt.in, tt.max)
			assert.Equal(t, tt.ok, ok)
			if tt.ok {
				assert.Equal(t, tt.want, n)
			}
		})
	}
}

func TestMemberIsTheValueInPlace(t *testing.T) {
	obj := Obj(M("a", Num(1)), M("b", Str("x")))
	tests := []struct {
		name string
		v    Value
		key  string
		want *Value
	}{
		{"an object's member", obj, "b", &obj.Members[1].Value},
		{"a key the object has not", obj, "c", nil},
		{"an array has no members, only elements", Arr(Num(1)), "0", nil},
		{"a String object has no members, only characters", Value{Kind: String, Str: "ab", Boxed: true}, "0", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.v
			got := v.Member(tt.key)
			if tt.want == nil {
				assert.Nil(t, got)
				return
			}
			assert.Same(t, tt.want, got, "a pointer into the value's own members")
		})
	}
}
