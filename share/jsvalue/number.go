package jsvalue

import (
	"math"
	"math/bits"
	"strconv"
)

// numberValue is the value of s, a number as JSON writes it (the parser has checked
// it: an optional '-', digits, an optional fraction and exponent), rounded to the
// nearest float64, ties to even, as JSON.parse rounds: ±Infinity past the largest
// float64, ±0 below half the smallest. A number of at most 19 significant digits whose
// power of ten is exact (most of any JSON) takes a multiplication or a division, one of
// at most 19 digits scaled by at most 10¹⁹ either way a 128-bit product or quotient;
// any other is decided exactly by comparing its digits with the midpoints between float64s
// written out in full by strconv.AppendFloat, which the engine has anyway: the wasm
// carries no float parser (strconv.ParseFloat and its errors weigh 40 KB of code).
func numberValue(s string) float64 {
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	f := unsignedValue(s)
	if neg {
		return -f
	}
	return f
}

// exactPowers are the powers of ten a float64 holds exactly.
var exactPowers = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

func unsignedValue(s string) float64 {
	// The first 19 significant digits, and the power of ten that scales them.
	var mant uint64
	digits, exp10, truncated, dot := 0, 0, false, false
	i := 0
	for ; i < len(s) && s[i] != 'e' && s[i] != 'E'; i++ {
		c := s[i]
		switch {
		case c == '.':
			dot = true
			continue
		case digits == 0 && c == '0': // a leading zero
		case digits < 19:
			mant = mant*10 + uint64(c-'0')
			digits++
		default:
			truncated = truncated || c != '0'
			if !dot {
				exp10++
			}
			continue
		}
		if dot {
			exp10--
		}
	}
	if i < len(s) {
		exp10 += exponent(s[i+1:])
	}
	switch {
	case mant == 0:
		return 0
	case truncated || mant > 1<<53:
	case exp10 == 0:
		return float64(mant)
	case 0 < exp10 && exp10 < len(exactPowers):
		return float64(mant) * exactPowers[exp10] // one rounding of exact operands
	case exp10 < 0 && -exp10 < len(exactPowers):
		return float64(mant) / exactPowers[-exp10]
	}
	if !truncated && -len(powersOf10) < exp10 && exp10 < len(powersOf10) {
		return scaled(mant, exp10)
	}
	// The number is 0.d₁d₂… × 10^point.
	point := exp10 + digits
	switch {
	case point > 309: // 10³⁰⁸ < the number: past math.MaxFloat64
		return math.Inf(1)
	case point < -323: // below 10⁻³²⁴, under half the smallest float64 (2⁻¹⁰⁷⁵)
		return 0
	}
	// An estimate a few units in the last place off (each step rounds once), then the
	// float64 whose rounding interval holds the number, found one neighbour at a time.
	c := float64(mant)
	if exp10 < -300 {
		c = c * math.Pow10(exp10+300) * 1e-300
	} else {
		c *= math.Pow10(exp10)
	}
	c = min(c, math.MaxFloat64)
	d := decimalOf(s)
	for {
		if up := d.cmp(midAbove(c)); up > 0 || (up == 0 && odd(c)) {
			if c == math.MaxFloat64 {
				return math.Inf(1)
			}
			c = math.Nextafter(c, math.Inf(1))
			continue
		}
		if c > 0 {
			below := math.Nextafter(c, 0)
			if down := d.cmp(midAbove(below)); down < 0 || (down == 0 && odd(c)) {
				c = below
				continue
			}
		}
		return c
	}
}

// powersOf10 are the powers of ten a uint64 holds.
var powersOf10 = [...]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// scaled is m × 10^e rounded to the nearest float64, ties to even, for |e| ≤ 19, in
// 128-bit integer arithmetic: the product m × 10^e exactly, or the quotient of m × 2^s
// by 10^-e with its remainder (the numbers of JavaScript's shortest form, 17 digits
// from 10⁻³ to 10³⁵ or so, in some 100 ns instead of the digit by digit decision).
func scaled(m uint64, e int) float64 {
	if e >= 0 {
		hi, lo := bits.Mul64(m, powersOf10[e])
		if hi == 0 {
			return rounded(lo, false, 0)
		}
		n := bits.Len64(hi) // the top 64 bits of the product; those below are sticky
		return rounded(hi<<(64-n)|lo>>n, lo<<(64-n) != 0, n)
	}
	d := powersOf10[-e]
	// m × 2^s below d × 2^64, so that the quotient fits in 64 bits and has 63 or 64.
	s := 63 + bits.Len64(d) - bits.Len64(m)
	var hi, lo uint64
	if s < 64 {
		hi, lo = m>>(64-s), m<<s
	} else {
		hi = m << (s - 64)
	}
	q, r := bits.Div64(hi, lo, d)
	return rounded(q, r != 0, -s)
}

// rounded is (x + a fraction when sticky) × 2^exp to the nearest float64, ties to even,
// for a result in the normal range.
func rounded(x uint64, sticky bool, exp int) float64 {
	shift := bits.Len64(x) - 53
	if shift <= 0 { // x is exact (a product that fits in 64 bits: nothing is sticky)
		return math.Ldexp(float64(x), exp)
	}
	m, rest, half := x>>shift, x&(1<<shift-1), uint64(1)<<(shift-1)
	if rest > half || rest == half && (sticky || m&1 == 1) {
		if m++; m == 1<<53 {
			m, shift = m>>1, shift+1
		}
	}
	return math.Ldexp(float64(m), exp+shift)
}

// exponent reads the digits after a number's 'e', with their sign; past ±10⁸ it stays
// there (any number so scaled is 0 or Infinity).
func exponent(s string) int {
	neg := s[0] == '-'
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	e := 0
	for i := 0; i < len(s); i++ {
		if e < 1e8 {
			e = e*10 + int(s[i]-'0')
		}
	}
	if neg {
		return -e
	}
	return e
}

func odd(f float64) bool { return math.Float64bits(f)&1 == 1 }

// decimal is a positive number written out exactly, 0.d₁d₂…dₙ × 10^point: its digits
// (ASCII, no leading or trailing zero) and point; no digits is zero.
type decimal struct {
	digits []byte
	point  int
}

// decimalOf is the number s (unsigned JSON) as a decimal.
func decimalOf(s string) decimal {
	d := decimal{digits: make([]byte, 0, len(s))}
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.':
			dot = true
		case c == 'e' || c == 'E':
			d.point += exponent(s[i+1:])
			return d.trimmed()
		case len(d.digits) == 0 && c == '0':
			if dot {
				d.point--
			}
		default:
			d.digits = append(d.digits, c)
			if !dot {
				d.point++
			}
		}
	}
	return d.trimmed()
}

// exactDecimal writes f (finite, ≥ 0) out in full: a float64 has at most 767
// significant digits, and strconv writes as many as it is asked for, exactly.
func exactDecimal(f float64) decimal {
	b := strconv.AppendFloat(make([]byte, 0, 800), f, 'e', 767, 64) // d.ddd…e±x
	e := len(b) - 1
	for b[e] != 'e' {
		e--
	}
	b[1] = b[0]
	return decimal{digits: b[1:e], point: exponent(string(b[e+1:])) + 1}.trimmed()
}

// midAbove is the number halfway between f (finite, ≥ 0) and the float64 above it
// (2¹⁰²⁴ above math.MaxFloat64), exactly.
func midAbove(f float64) decimal {
	ulp := 0x1p971
	if f < math.MaxFloat64 {
		ulp = math.Nextafter(f, math.Inf(1)) - f // exact: a power of two
	}
	var half decimal
	if ulp > 0x1p-1074 {
		half = exactDecimal(ulp / 2)
	} else { // 2⁻¹⁰⁷⁵ is no float64: five times 2⁻¹⁰⁷⁴, one place lower
		half = exactDecimal(ulp).times5()
		half.point--
	}
	return exactDecimal(f).plus(half)
}

// trimmed drops d's leading zeros (moving its point) and trailing zeros.
func (d decimal) trimmed() decimal {
	for len(d.digits) > 0 && d.digits[0] == '0' {
		d.digits, d.point = d.digits[1:], d.point-1
	}
	for len(d.digits) > 0 && d.digits[len(d.digits)-1] == '0' {
		d.digits = d.digits[:len(d.digits)-1]
	}
	return d
}

// cmp is -1, 0 or +1 as d is below, equal to or above e (both nonzero).
func (d decimal) cmp(e decimal) int {
	if d.point != e.point {
		if d.point < e.point {
			return -1
		}
		return 1
	}
	for i := 0; i < len(d.digits) && i < len(e.digits); i++ {
		if d.digits[i] != e.digits[i] {
			if d.digits[i] < e.digits[i] {
				return -1
			}
			return 1
		}
	}
	// With no trailing zeros, the longer has a digit the other has not.
	switch {
	case len(d.digits) < len(e.digits):
		return -1
	case len(d.digits) > len(e.digits):
		return 1
	}
	return 0
}

// digit is d's digit of the place 10^place.
func (d decimal) digit(place int) int {
	if i := d.point - 1 - place; 0 <= i && i < len(d.digits) {
		return int(d.digits[i] - '0')
	}
	return 0
}

// plus is d + e.
func (d decimal) plus(e decimal) decimal {
	top := max(d.point, e.point) + 1 // a place for the carry
	low := min(d.point-len(d.digits), e.point-len(e.digits))
	sum := make([]byte, top-low)
	carry := 0
	for j := len(sum) - 1; j >= 0; j-- {
		place := top - 1 - j
		v := d.digit(place) + e.digit(place) + carry
		sum[j], carry = byte(v%10)+'0', v/10
	}
	return decimal{digits: sum, point: top}.trimmed()
}

// times5 is 5 × d.
func (d decimal) times5() decimal {
	p := make([]byte, len(d.digits)+1)
	carry := 0
	for i := len(d.digits) - 1; i >= 0; i-- {
		v := int(d.digits[i]-'0')*5 + carry
		p[i+1], carry = byte(v%10)+'0', v/10
	}
	p[0] = byte(carry) + '0'
	return decimal{digits: p, point: d.point + 1}.trimmed()
}
