package bridge

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
)

// textOf writes v as the loader's walk writes it (for benchmarks and fuzz seeds).
func textOf(v jsvalue.Value) string {
	var b strings.Builder
	var write func(v jsvalue.Value)
	write = func(v jsvalue.Value) {
		switch v.Kind {
		case jsvalue.Undefined:
			b.WriteString("u")
		case jsvalue.Null:
			b.WriteString("n")
		case jsvalue.Boolean:
			if v.Bool {
				b.WriteString("t")
			} else {
				b.WriteString("f")
			}
		case jsvalue.Number:
			b.WriteString("d" + numberText(v.Num) + ";")
		case jsvalue.String:
			b.WriteString(s(v.Str))
		case jsvalue.Array:
			b.WriteString("a" + itoa(len(v.Elems)) + ":")
			for _, e := range v.Elems {
				write(e)
			}
		case jsvalue.Object:
			b.WriteString("o" + itoa(len(v.Members)) + ":")
			for _, m := range v.Members {
				b.WriteString(s(m.Key))
				write(m.Value)
			}
		}
	}
	write(v)
	return b.String()
}

// numberText writes f as the loader's num does: a whole number below 10¹⁵ in decimal,
// any other as "#" and its bits in hex.
func numberText(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 && !(f == 0 && math.Signbit(f)) {
		return strconv.FormatInt(int64(f), 10)
	}
	return "#" + fmt.Sprintf("%016x", math.Float64bits(f))
}

// dessertCall is the call text of sendDefault with the documentation's dessert feed on
// a desktop Chrome.
func dessertCall(b testing.TB) string {
	g, err := os.ReadFile(filepath.Join("..", "..", "share", "testdata", "golden", "feed-dessert.txt"))
	if err != nil {
		b.Fatal(err)
	}
	head, _, _ := strings.Cut(string(g), "\n")
	settings, err := jsvalue.Parse(head[strings.Index(head, "(")+1 : len(head)-1])
	if err != nil {
		b.Fatal(err)
	}
	env := "E" + s("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36") +
		s("Linux x86_64") + s("en-US") + "d0;" + s("http://127.0.0.1:8080") + "d1280;d800;d0;d0;"
	return "Share.sendDefault\n" + env + "V" + textOf(settings)
}

// BenchmarkServeDessertFeed is one sendDefault through the engine, as kshare.wasm runs
// it: decode the call text, the session's plan, encode it.
func BenchmarkServeDessertFeed(b *testing.B) {
	text := dessertCall(b)
	s := share.NewSession("")
	s.Reuse = true // as kshare.wasm runs it
	s.Run(share.Invocation{Call: "init", Arg: jsvalue.Str("k")})
	var d Decoder
	var out []byte
	b.ReportAllocs()
	for b.Loop() {
		inv, err := d.Decode(text)
		if err != nil {
			b.Fatal(err)
		}
		p := s.Run(inv)
		out = AppendPlan(out[:0], &p)
	}
}

// TestDessertCallServes checks the benchmark measures a share, not an error: the
// dessert feed's call decodes and its plan opens the sharer and submits the form.
func TestDessertCallServes(t *testing.T) {
	inv, err := new(Decoder).Decode(dessertCall(t))
	if err != nil {
		t.Fatal(err)
	}
	s := share.NewSession("")
	s.Run(share.Invocation{Call: "init", Arg: jsvalue.Str("k")})
	p := s.Run(inv)
	var ops []share.Op
	for _, st := range p.Steps {
		ops = append(ops, st.Op)
	}
	want := []share.Op{share.OpOpen, share.OpSubmit, share.OpResolve}
	if !slices.Equal(ops, want) {
		t.Fatalf("the dessert feed's plan is %v, not a share (%v): %s", ops, want, AppendPlan(nil, &p))
	}
}
