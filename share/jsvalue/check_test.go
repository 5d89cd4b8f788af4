package jsvalue

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCheckBuildsNothing: Check returns the top-level keys as written (a repeated key
// repeated, nested keys not), accepts and refuses what Parse does, and reads no number;
// Valid agrees with it.
func TestCheckBuildsNothing(t *testing.T) {
	tests := []struct {
		name, text string
		keys       []string
	}{
		{"an object", `{"CHAT_TYPE": [1e400, 2.2250738585072011e-308], "x": {"y": 1}, "x": 2}`, []string{"CHAT_TYPE", "x", "x"}},
		{"an array", `[{"a": 1}]`, nil},
		{"a string", `"text"`, nil},
		{"an empty object", `{}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys, err := Check(tt.text)
			require.NoError(t, err)
			assert.Equal(t, tt.keys, keys)
			assert.True(t, Valid(tt.text))
		})
	}
	for _, bad := range []string{"[1.]", "[01]", "[1e]", "[-]", "[.5]", `{"a" 1}`, `[1,]`, `{"a": [}`, "", `{"CHAT_TYPE": 1,`} {
		keys, err := Check(bad)
		assert.ErrorIs(t, err, ErrSyntax, bad)
		assert.Nil(t, keys, "%s: no keys of a text that is not JSON", bad)
		assert.False(t, Valid(bad), bad)
		_, err = Parse(bad)
		assert.ErrorIs(t, err, ErrSyntax, bad)
	}
}

// FuzzCheckAgreesWithParse: Check accepts what Parse accepts, and its keys are those of
// the object Parse builds (Parse keeps a repeated key once, in JavaScript's order).
func FuzzCheckAgreesWithParse(f *testing.F) {
	for _, s := range []string{`{"b": 1, "a": [2, {"c": 3}], "b": "x", "1": null}`, `[1, "a\u0041"]`, `{"CHAT\u005fTYPE": 1}`, `{"a": }`, `"x"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		keys, err := Check(s)
		v, perr := Parse(s)
		require.Equal(t, perr == nil, err == nil, "%q: Check %v, Parse %v", s, err, perr)
		require.Equal(t, perr == nil, Valid(s))
		if perr != nil {
			return
		}
		var want []string
		if v.Kind == Object {
			want = v.Keys()
		}
		got := slices.Compact(slices.Sorted(slices.Values(keys)))
		assert.Equal(t, slices.Sorted(slices.Values(want)), got, "%q", s)
	})
}

// TestNumberErrorsSayWhereADigitIsMissing: a malformed number is refused at the place of
// its missing digit, with what is expected there.
func TestNumberErrorsSayWhereADigitIsMissing(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"a sign alone", "-", "not valid JSON at offset 1: expected a digit"},
		{"a sign before a letter", "[-a]", "not valid JSON at offset 2: expected a digit"},
		{"a point without digits", "[1.]", "not valid JSON at offset 3: expected a digit after '.'"},
		{"a point before an exponent", "1.e5", "not valid JSON at offset 2: expected a digit after '.'"},
		{"an exponent without digits", "1e", "not valid JSON at offset 2: expected a digit in the exponent"},
		{"an exponent's sign without digits", "[2E+]", "not valid JSON at offset 4: expected a digit in the exponent"},
		{"a leading zero", "01", "not valid JSON at offset 1: unexpected text after the JSON value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Check(tt.text)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			_, err = Parse(tt.text)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

// FuzzNumbersAgreeWithEncodingJSON: a text made of a number's characters is JSON for
// Valid exactly when it is for encoding/json, an implementation of its own.
func FuzzNumbersAgreeWithEncodingJSON(f *testing.F) {
	for _, s := range []string{"0", "-0.5e-7", "1E+2", "01", "1.", "-", "1e", ".5", "00", "-01.0e00", "1e+-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		for i, c := range b { // the characters of numbers only
			b[i] = "0123456789-+.eE"[int(c)%15]
		}
		assert.Equal(t, json.Valid(b), Valid(string(b)), "%q", b)
		assert.Equal(t, json.Valid(append([]byte{'['}, append(b, ']')...)), Valid("["+string(b)+"]"), "[%q]", b)
	})
}
