package main

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// leb encodes n as unsigned LEB128.
func leb(n int) []byte {
	var out []byte
	for {
		c := byte(n & 0x7f)
		n >>= 7
		if n != 0 {
			out = append(out, c|0x80)
			continue
		}
		return append(out, c)
	}
}

func wasmName(s string) []byte { return append(leb(len(s)), s...) }

func section(id byte, payload ...[]byte) []byte {
	var p []byte
	for _, x := range payload {
		p = append(p, x...)
	}
	return append(append([]byte{id}, leb(len(p))...), p...)
}

// tinyWasm is a module shaped like a Go build: two imported functions and a memory,
// three defined functions with bodies of 3, 5 and 200 bytes (a body size that needs two
// LEB128 bytes), a data segment, and a name section naming every function.
func tinyWasm() []byte {
	body := func(n int) []byte { // n bytes: no locals, then nops, then end
		b := []byte{0x00}
		for len(b) < n-1 {
			b = append(b, 0x01)
		}
		return append(leb(n), append(b, 0x0b)...)
	}
	names := [][]byte{leb(5)}
	for i, n := range []string{"runtime.wasmExit", "runtime.nanotime1", "runtime.mallocgc",
		"github.com_kshare_kshare_share.__Session_.Run", "github.com_kshare_kshare_share_jsvalue.Parse.func1"} {
		names = append(names, leb(i), wasmName(n))
	}
	var nameSub []byte
	for _, x := range names {
		nameSub = append(nameSub, x...)
	}
	b := []byte("\x00asm\x01\x00\x00\x00")
	b = append(b, section(1, leb(1), []byte{0x60, 0x00, 0x00})...) // type: func() -> ()
	b = append(b, section(2, leb(3),
		wasmName("gojs"), wasmName("runtime.wasmExit"), []byte{0x00}, leb(0),
		wasmName("gojs"), wasmName("runtime.nanotime1"), []byte{0x00}, leb(0),
		wasmName("env"), wasmName("mem"), []byte{0x02, 0x01}, leb(1), leb(300))...)
	b = append(b, section(3, leb(3), leb(0), leb(0), leb(0))...)
	b = append(b, section(10, leb(3), body(3), body(5), body(200))...)
	b = append(b, section(11, leb(1), []byte{0x00, 0x41, 0x00, 0x0b}, leb(4), []byte("data"))...)
	b = append(b, section(0, wasmName("name"),
		[]byte{0x00}, leb(len(wasmName("m"))), wasmName("m"), // module name subsection
		[]byte{0x01}, leb(len(nameSub)), nameSub)...)
	return b
}

func TestParseWasmReadsImportsBodiesNamesAndSections(t *testing.T) {
	m, err := parseWasm(tinyWasm())
	require.NoError(t, err)
	assert.Equal(t, 2, m.importedFuncs, "the memory import is not a function")
	assert.Equal(t, []int{3, 5, 200}, m.bodies)
	assert.Equal(t, 208, m.codeBytes())
	assert.Equal(t, map[int]string{0: "runtime.wasmExit", 1: "runtime.nanotime1", 2: "runtime.mallocgc",
		3: "github.com_kshare_kshare_share.__Session_.Run", 4: "github.com_kshare_kshare_share_jsvalue.Parse.func1"}, m.names)
	assert.Equal(t, 10, m.sectionSize(secData))
	assert.Equal(t, 0, m.sectionSize(7), "no export section")
	var ids []byte
	for _, s := range m.sections {
		ids = append(ids, s.id)
	}
	assert.Equal(t, []byte{1, 2, 3, 10, 11, 0}, ids)
	assert.Equal(t, "name", m.sections[5].name)
}

func TestCodeByPackageCountsBodiesAfterTheImports(t *testing.T) {
	m, err := parseWasm(tinyWasm())
	require.NoError(t, err)
	ix := newPackageIndex([]string{"runtime", "github.com/kshare/kshare/share", "github.com/kshare/kshare/share/jsvalue"})
	assert.Equal(t, []packageSize{
		{Package: "github.com/kshare/kshare/share/jsvalue", Bytes: 200, Funcs: 1},
		{Package: "github.com/kshare/kshare/share", Bytes: 5, Funcs: 1},
		{Package: "runtime", Bytes: 3, Funcs: 1},
	}, m.codeByPackage(ix))
}

func TestCodeByPackageOfAStrippedBinary(t *testing.T) {
	b := tinyWasm()
	m, err := parseWasm(b)
	require.NoError(t, err)
	m.names = nil
	assert.Equal(t, []packageSize{{Package: "(unnamed)", Bytes: 208, Funcs: 3}}, m.codeByPackage(newPackageIndex([]string{"runtime"})))
}

func TestParseWasmRefusesBrokenInput(t *testing.T) {
	good := tinyWasm()
	for _, tc := range []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"not wasm", []byte("\x7fELF\x01\x00\x00\x00")},
		{"version 2", []byte("\x00asm\x02\x00\x00\x00")},
		{"section longer than the file", append([]byte("\x00asm\x01\x00\x00\x00"), 10, 0x7f, 0x01)},
		{"cut in the code section", good[:len(good)-40]},
		{"LEB128 number too long", append([]byte("\x00asm\x01\x00\x00\x00"), 10, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseWasm(tc.b)
			assert.Error(t, err)
		})
	}
}

func TestPackageIndexNamesTheLongestPackage(t *testing.T) {
	ix := newPackageIndex([]string{"runtime", "internal/strconv", "strconv", "slices", "sync/atomic",
		"github.com/kshare/kshare/share", "github.com/kshare/kshare/share/jsvalue", "gopkg.in/yaml.v3"})
	for _, tc := range []struct{ name, want string }{
		{"runtime.mallocgc", "runtime"},
		{"runtime.mapaccess1_faststr", "runtime"},
		{"internal_strconv.ParseUint", "internal/strconv"},
		{"strconv.ParseFloat", "strconv"},
		{"sync_atomic.AddInt32", "sync/atomic"},
		{"github.com_kshare_kshare_share.Parse", "github.com/kshare/kshare/share"},
		{"github.com_kshare_kshare_share.__Session_.Run", "github.com/kshare/kshare/share"},
		{"github.com_kshare_kshare_share.Env.KA", "github.com/kshare/kshare/share"},
		{"github.com_kshare_kshare_share_jsvalue.writeJSON.func2", "github.com/kshare/kshare/share/jsvalue"},
		{"slices.Sort_go.shape.string_", "slices"},
		{"gopkg.in_yaml.v3.Marshal", "gopkg.in/yaml.v3"},
		{"type_.eq.github.com_kshare_kshare_share.Step", "(type: equality and hash)"},
		{"errors.Is", "(errors)"},
		{"_rt0_wasm_js", "(no package)"},
		{"wasm_export_run", "(no package)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, ix.of(tc.name))
		})
	}
}

func TestMangleWritesPathsAsTheNameSection(t *testing.T) {
	assert.Equal(t, "github.com_kshare_kshare_share", mangle("github.com/kshare/kshare/share"))
	assert.Equal(t, "internal_runtime_maps", mangle("internal/runtime/maps"))
}

func TestMedianAndPercentile(t *testing.T) {
	for _, tc := range []struct {
		name     string
		xs       []float64
		p        float64
		want     float64
		isMedian bool
	}{
		{name: "median of one value", xs: []float64{7}, p: 50, want: 7, isMedian: true},
		{name: "median of an odd count, unsorted", xs: []float64{5, 1, 3}, p: 50, want: 3, isMedian: true},
		{name: "median of an even count is the mean of the middle two", xs: []float64{4, 1, 3, 2}, p: 50, want: 2.5, isMedian: true},
		{name: "p90 interpolates between ranks", xs: []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, p: 90, want: 9.1},
		{name: "p0 is the minimum", xs: []float64{3, 9, 1}, p: 0, want: 1},
		{name: "p100 is the maximum", xs: []float64{3, 9, 1}, p: 100, want: 9},
		{name: "p above 100 is the maximum", xs: []float64{3, 9, 1}, p: 150, want: 9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := append([]float64(nil), tc.xs...)
			got := percentile(tc.xs, tc.p)
			assert.InDelta(t, tc.want, got, 1e-9)
			if tc.isMedian {
				assert.InDelta(t, tc.want, median(tc.xs), 1e-9)
			}
			assert.Equal(t, in, tc.xs, "the input keeps its order")
		})
	}
}

func TestPercentileOfNothingIsNaN(t *testing.T) {
	assert.True(t, math.IsNaN(median(nil)))
	assert.True(t, math.IsNaN(percentile([]float64{1}, math.NaN())))
}

func TestPerCallDividesEachRound(t *testing.T) {
	assert.Equal(t, []float64{0.5, 2}, perCall([]float64{10, 40}, 20))
	assert.Equal(t, []float64{500, 2000}, us([]float64{10, 40}, 20), "the same, ms per round to µs per call")
}
