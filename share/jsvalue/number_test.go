package jsvalue

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parseFloat is the reference: strconv.ParseFloat, which rounds as JSON.parse does
// (its out-of-range error still gives ±Infinity).
func parseFloat(t testing.TB, s string) float64 {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		var ne *strconv.NumError
		require.ErrorAs(t, err, &ne)
		require.ErrorIs(t, ne.Err, strconv.ErrRange, s)
	}
	return f
}

func assertSameFloat(t testing.TB, want, got float64, s string) {
	assert.Equal(t, math.Float64bits(want), math.Float64bits(got), "%s: want %v, got %v", s, want, got)
}

// TestNumberValueRoundsAsJSONParse: numbers read in a few operations, and those decided
// digit by digit (ties, the edges of the range, more digits than a uint64 holds), against
// strconv.ParseFloat.
func TestNumberValueRoundsAsJSONParse(t *testing.T) {
	half := "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324"
	tests := []struct{ name, s string }{
		{"zero", "0"},
		{"negative zero", "-0"},
		{"zero with a fraction and an exponent", "0.000e-999"},
		{"an integer", "640"},
		{"a negative integer", "-401"},
		{"a fraction", "640.5"},
		{"a tenth (inexact, one division)", "0.1"},
		{"17 digits", "0.30000000000000004"},
		{"2⁵³ + 1: a tie, to even (down)", "9007199254740993"},
		{"2⁵³ + 3: a tie, to even (up)", "9007199254740995"},
		{"just above the tie, past 19 digits", "9007199254740993.000000000000000000000000000001"},
		{"just below the tie, past 19 digits", "9007199254740992.999999999999999999999999999999"},
		{"1e23 (the classic double-rounding case)", "1e23"},
		{"an exact power past 10²²", "1e25"},
		{"the largest float64", "1.7976931348623157e308"},
		{"rounds down to the largest", "1.7976931348623158e308"},
		{"past the largest: Infinity", "1.7976931348623159e308"},
		{"the overflow tie: Infinity", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792"},
		{"just under the overflow tie", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.999"},
		{"10³⁰⁹", "1e309"},
		{"a huge exponent", "1e99999999999999999999"},
		{"a huge negative exponent", "-1e-99999999999999999999"},
		{"zero digits with a huge exponent", "0e99999999999"},
		{"the smallest normal", "2.2250738585072014e-308"},
		{"the number that hung Java and PHP", "2.2250738585072011e-308"},
		{"just below the smallest normal", "2.2250738585072012e-308"},
		{"the smallest subnormal", "5e-324"},
		{"the smallest subnormal in full", "4.9406564584124654e-324"},
		{"half the smallest, exactly: a tie, to zero", half},
		{"just above half the smallest", strings.TrimSuffix(half, "e-324") + "1e-324"},
		{"just below half the smallest", "2.4703282292062327e-324"},
		{"10⁻³²⁴", "1e-324"},
		{"past the range, below", "1e-400"},
		{"30 digits", "123456789012345678901234567890"},
		{"many leading zeros", "0.00000000000000000000000000000000000000000000000000001234"},
		{"800 digits", "1." + strings.Repeat("23456789", 100)},
		{"a subnormal with 17 digits", "1.2345678901234567e-310"},
		{"upper-case E and a plus sign", "6.02214076E+23"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.s)
			require.NoError(t, err)
			assertSameFloat(t, parseFloat(t, tt.s), p.Num, tt.s)
		})
	}
}

// TestNumberValueOfRandomFloats writes random float64s as JavaScript would (shortest),
// with 17 and 25 digits, and one unit off in the last digit, and reads them back.
func TestNumberValueOfRandomFloats(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		f := math.Float64frombits(r.Uint64() &^ (1 << 63))
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		for _, s := range []string{strconv.FormatFloat(f, 'e', -1, 64), strconv.FormatFloat(f, 'e', 16, 64),
			strconv.FormatFloat(f, 'e', 24, 64), offByOne(strconv.FormatFloat(f, 'e', 16, 64))} {
			assertSameFloat(t, parseFloat(t, s), numberValue(s), s)
		}
	}
}

// TestNumberValueScaledIn128Bits: numbers of 16 to 19 digits past 2⁵³ (beyond the
// one-operation path) over 10⁻¹⁹ to 10¹⁹, the 128-bit path, against
// strconv.ParseFloat; a few dozen fall on a midpoint's bits with a remainder.
func TestNumberValueScaledIn128Bits(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 50000 {
		m := 1<<53 + 1 + r.Uint64N(1e19-1<<53)
		s := strconv.FormatUint(m, 10) + "e" + strconv.Itoa(r.IntN(39)-19)
		assertSameFloat(t, parseFloat(t, s), numberValue(s), s)
	}
	for _, s := range []string{"9999999999999999999e19", "1e-19", "9007199254740993e-19", "9007199254740995e19", "18014398509481985e-3"} {
		assertSameFloat(t, parseFloat(t, s), numberValue(s), s)
	}
}

// offByOne adds one to the last digit of the mantissa of s ("d.ddde±x"), carrying.
func offByOne(s string) string {
	b := []byte(s)
	i := strings.IndexByte(s, 'e') - 1
	for ; i >= 0; i-- {
		if b[i] == '.' {
			continue
		}
		if b[i] < '9' {
			b[i]++
			return string(b)
		}
		b[i] = '0'
	}
	return "1" + string(b)
}

// FuzzNumberValue: any number JSON.parse accepts reads as strconv.ParseFloat reads it.
func FuzzNumberValue(f *testing.F) {
	for _, s := range []string{"0", "-1.5e-7", "9007199254740993", "2.2250738585072011e-308", "1e309", "4.9e-324", "1e0 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		number := strings.Trim(s, " \t\n\r") // the whitespace JSON allows around a value
		if len(s) > 2000 || !Valid(s) || number == "" || !strings.ContainsAny(number[:1], "-0123456789") {
			return
		}
		p, err := Parse(s)
		require.NoError(t, err)
		assertSameFloat(t, parseFloat(t, number), p.Num, s)
	})
}

// TestParseWithReadsNumbersWithTheGivenFunction: ParseWith hands each number's text to
// its function and keeps the rest of Parse.
func TestParseWithReadsNumbersWithTheGivenFunction(t *testing.T) {
	var texts []string
	v, err := ParseWith(`{"a": [1.5e3, -0, 2]}`, func(s string) float64 { texts = append(texts, s); return 42 })
	require.NoError(t, err)
	assert.Equal(t, Obj(M("a", Arr(Num(42), Num(42), Num(42)))), v)
	assert.Equal(t, []string{"1.5e3", "-0", "2"}, texts)
	_, err = ParseWith(`[1.]`, func(string) float64 { t.Fatal("called for a number that is not JSON"); return 0 })
	assert.ErrorIs(t, err, ErrSyntax)
}
