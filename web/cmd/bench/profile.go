package main

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

// profileReport says where the time of sendDefault goes, from a page that loads the
// engine built with its name section (-ldflags=-w): the share of the call spent in
// engine.call (timed by wrapping it), and the CPU profile's self time by function and
// by kind (loader, wasm_exec.js with the plan runner, Go package, GC).
type profileReport struct {
	CallUS     float64        `json:"call_us"`
	EngineUS   float64        `json:"engine_us"`
	TextBytes  float64        `json:"call_text_bytes"`
	PlanBytes  float64        `json:"plan_bytes"`
	Samples    int            `json:"busy_samples"`
	IntervalUS int            `json:"interval_us"`
	Kinds      []profileEntry `json:"kinds"`
	Functions  []profileEntry `json:"functions"`
}

type profileEntry struct {
	Name    string  `json:"name"`
	Kind    string  `json:"kind,omitempty"`
	Samples int     `json:"samples"`
	Share   float64 `json:"share"`
}

type splitRound struct {
	Ms       float64 `json:"ms"`
	EngineMs float64 `json:"engine_ms"`
	Calls    int     `json:"calls"`
	Text     float64 `json:"text"`
	Plan     float64 `json:"plan"`
}

// profile measures sendDefault in the names build (-profile).
func (b *bench) profile(namesDir string, deps []string) error {
	b.logf("profiling sendDefault (engine built with its name section)")
	t, err := b.br.newTab(b.srv.URL+"/bench/page.html?sdk=names&split=1", true, false)
	if err != nil {
		return err
	}
	defer t.close()
	if _, err := eval[startInfo](t, `__bench.start()`); err != nil {
		return err
	}
	send := fmt.Sprintf("__bench.send(%d)", b.p.sendCalls)
	for range 5 {
		if _, err := eval[sendRound](t, send); err != nil {
			return err
		}
	}
	var calls, engine, text, plan []float64
	for range 20 {
		r, err := eval[splitRound](t, fmt.Sprintf("__bench.split(%d)", b.p.sendCalls))
		if err != nil {
			return err
		}
		calls = append(calls, 1000*r.Ms/float64(r.Calls))
		engine = append(engine, 1000*r.EngineMs/float64(r.Calls))
		text = append(text, r.Text)
		plan = append(plan, r.Plan)
	}
	rep := &profileReport{CallUS: median(calls), EngineUS: median(engine), TextBytes: median(text), PlanBytes: median(plan), IntervalUS: 25}

	if _, err := chromedp.Call(t.ctx, profiler.Enable, cdp.Empty{}); err != nil {
		return err
	}
	if _, err := chromedp.Call(t.ctx, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: int64(rep.IntervalUS)}); err != nil {
		return err
	}
	if _, err := chromedp.Call(t.ctx, profiler.Start, cdp.Empty{}); err != nil {
		return err
	}
	// Rounds as small as the figure's: the CSP watch of each call keeps a document
	// listener for 400 ms, and thousands of them would slow addEventListener down.
	for range 25 {
		if _, err := eval[sendRound](t, send); err != nil {
			return err
		}
	}
	res, err := chromedp.Call(t.ctx, profiler.Stop, cdp.Empty{})
	if err != nil {
		return err
	}
	_, _ = eval[[]jsError](t, `__bench.settle()`)
	var src sources
	for i, name := range []string{"kshare.js", "wasm_exec.js"} {
		b, _ := os.ReadFile(filepath.Join(namesDir, name))
		src[i] = string(b)
	}
	rep.aggregate(res.Profile, newPackageIndex(append(deps, "main")), src)
	b.details.Profile = rep
	return nil
}

// sources are the texts of the build's kshare.js and wasm_exec.js (which carries the plan
// runner, js/runner.js), minified: a function's name there says little, its source does.
type sources [2]string

// aggregate sums the self samples of p by function and by kind, leaving out idle time.
func (r *profileReport) aggregate(p *profiler.Profile, ix packageIndex, src sources) {
	if p == nil {
		return
	}
	nodes := map[int64]*profiler.ProfileNode{}
	for _, n := range p.Nodes {
		nodes[n.ID] = n
	}
	byFunc := map[string]*profileEntry{}
	byKind := map[string]*profileEntry{}
	for _, id := range p.Samples {
		n := nodes[id]
		if n == nil || n.CallFrame == nil {
			continue
		}
		name, kind := describeFrame(n, ix, src)
		if kind == "" {
			continue // idle, root
		}
		r.Samples++
		add := func(m map[string]*profileEntry, key, kind string) {
			e := m[key]
			if e == nil {
				e = &profileEntry{Name: key, Kind: kind}
				m[key] = e
			}
			e.Samples++
		}
		add(byFunc, name, kind)
		add(byKind, kind, "")
	}
	list := func(m map[string]*profileEntry) []profileEntry {
		out := make([]profileEntry, 0, len(m))
		for _, e := range m {
			e.Share = float64(e.Samples) / float64(max(r.Samples, 1))
			out = append(out, *e)
		}
		slices.SortFunc(out, func(a, b profileEntry) int {
			return cmp.Or(cmp.Compare(b.Samples, a.Samples), cmp.Compare(a.Name, b.Name))
		})
		return out
	}
	r.Kinds = list(byKind)
	r.Functions = list(byFunc)
}

// describeFrame names a profile node and its kind ("" for idle time).
func describeFrame(n *profiler.ProfileNode, ix packageIndex, src sources) (name, kind string) {
	f := n.CallFrame
	fn := f.FunctionName
	switch {
	case fn == "(idle)" || fn == "(root)":
		return fn, ""
	case fn == "(garbage collector)":
		return fn, "V8 garbage collector"
	case fn == "(program)":
		return fn, "(program): native, not attributed"
	case strings.HasPrefix(f.URL, "wasm://") || strings.Contains(f.URL, "/kshare.wasm"):
		name := strings.TrimPrefix(fn, "$")
		pkg := ix.of(name)
		if pkg == "runtime" || strings.HasPrefix(pkg, "internal/") || strings.HasPrefix(pkg, "(") {
			return name, "Go runtime and internals (wasm)"
		}
		return name, "Go " + pkg + " (wasm)"
	case strings.HasSuffix(f.URL, "/wasm_exec.js") || strings.Contains(f.URL, "/wasm_exec.js?"):
		return "wasm_exec.js " + fn + " " + snippet(src[1], f.LineNumber, f.ColumnNumber), "wasm_exec.js: Go's glue and the plan runner (DOM)"
	case strings.Contains(f.URL, "/kshare.js"):
		return "kshare.js " + fn + " " + snippet(src[0], f.LineNumber, f.ColumnNumber), "kshare.js loader (the walk, the queue)"
	case strings.Contains(f.URL, "/harness.js"):
		return "harness.js " + fn, "bench harness"
	case f.URL == "":
		return "native " + fn, "browser natives (DOM, JSON, …)"
	}
	return fn + " " + f.URL, "other"
}

// snippet shows the minified loader's source where a function starts, so that a reader
// can find it in js/kshare.js.
func snippet(src string, line, col int64) string {
	lines := strings.Split(src, "\n")
	if int(line) >= len(lines) || line < 0 {
		return ""
	}
	l := lines[line]
	if int(col) >= len(l) || col < 0 {
		return ""
	}
	end := min(len(l), int(col)+40)
	return "«" + l[col:end] + "»"
}

// writeProfile prints the profile's kinds and its top functions.
func writeProfile(w io.Writer, r *profileReport, top int) {
	fmt.Fprintf(w, "sendDefault in the engine built with its name section: %.1f µs per call, of which engine.call %.1f µs (%.0f%%); call text %.0f B, plan %.0f B\n",
		r.CallUS, r.EngineUS, 100*r.EngineUS/max(r.CallUS, 1e-9), r.TextBytes, r.PlanBytes)
	fmt.Fprintf(w, "CPU profile, %d busy samples at %d µs, self time:\n", r.Samples, r.IntervalUS)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, k := range r.Kinds {
		fmt.Fprintf(tw, "  %s\t%.1f%%\n", k.Name, 100*k.Share)
	}
	tw.Flush()
	fmt.Fprintln(w, "top functions:")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, f := range r.Functions {
		if i >= top {
			break
		}
		fmt.Fprintf(tw, "  %.1f%%\t%s\n", 100*f.Share, f.Name)
	}
	tw.Flush()
}
