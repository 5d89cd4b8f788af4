package main

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// What the harness answers (pages/harness.js), in its field names.
type (
	liveValues struct {
		Values int `json:"values"`
		Refs   int `json:"refs"`
		IDs    int `json:"ids"`
	}
	startInfo struct {
		Version  string      `json:"version"`
		Isolated bool        `json:"isolated"`
		Memory   float64     `json:"memory"`
		Live     *liveValues `json:"live"`
	}
	jsError struct {
		Name    string `json:"name"`
		Code    string `json:"code"`
		Field   string `json:"field"`
		Message string `json:"message"`
	}
	sendRound struct {
		Ms        float64   `json:"ms"`
		First     float64   `json:"first"` // the round's first call
		Each      []float64 `json:"each"`  // each call, ms
		Rejected  []jsError `json:"rejected"`
		Opened    int       `json:"opened"` // popups opened by the round
		Submitted int       `json:"submitted"`
	}
	sendMany struct {
		Memory   float64   `json:"memory"`
		Memories []float64 `json:"memories"`
		Rejected int       `json:"rejected"`
		First    *jsError  `json:"first"`
	}
	buttonsResult struct {
		Create            []float64   `json:"create"` // ms per round of n calls
		Cleanup           []float64   `json:"cleanup"`
		Before            *liveValues `json:"before"`
		AfterRounds       *liveValues `json:"afterRounds"`
		AfterCycles       *liveValues `json:"afterCycles"`
		First             []int       `json:"first"` // live values after each cycle of the first series
		Last              []int       `json:"last"`  // and of the last
		Kept              int         `json:"kept"`  // values made by the cycles, still held after more
		Memory            float64     `json:"memory"`
		ClickAfterCleanup int         `json:"clickAfterCleanup"`
	}
	hostileCase struct {
		Name        string   `json:"name"`
		Valid       bool     `json:"valid"` // heavy but valid: shared, not refused
		Ms          float64  `json:"ms"`
		Threw       *jsError `json:"threw"`
		Rejected    *jsError `json:"rejected"`
		After       *jsError `json:"after"`
		Death       bool     `json:"death"`
		Initialized bool     `json:"initialized"`
	}
)

// valueWindow is how many create/cleanup cycles make a trough of the live JS values:
// Go collects every few cycles.
const valueWindow = 50

// params are the sizes of the measurements (flags).
type params struct {
	rounds, noopCalls, sendCalls, loads int
	buttons, buttonRounds, cycles       int
	sends, sendBatch                    int
}

// bench runs the measurements against one server in one browser and collects the
// figures.
type bench struct {
	srv     *server
	br      *browser
	builds  *builds
	p       params
	logf    func(string, ...any)
	figs    []figure
	details details
	hasOff  bool
	offName string // "official 2.7.4", or the version found
}

// details is what -json writes beside the figures: every sample.
type details struct {
	Chromium      string                 `json:"chromium"`
	Official      *officialSDK           `json:"official,omitempty"`
	Isolated      bool                   `json:"cross_origin_isolated"`
	NoopUS        []float64              `json:"noop_us_per_call"`
	FloorUS       []float64              `json:"floor_noop_us_per_call"`
	SendUS        []float64              `json:"send_us_per_call"` // a round's mean, per round
	OfficialUS    []float64              `json:"official_send_us_per_call,omitempty"`
	SendCallUS    []float64              `json:"send_us_each_call"` // every call of the rounds
	ReplayCallUS  []float64              `json:"send_replayed_us_each_call"`
	OfficialCall  []float64              `json:"official_send_us_each_call,omitempty"`
	Buttons       *buttonsResult         `json:"buttons,omitempty"`
	Memory        []float64              `json:"memory_bytes,omitempty"` // after init, 10k sends, cycles
	MemoryBySends []float64              `json:"memory_bytes_by_send_batch,omitempty"`
	Hostile       []hostileCase          `json:"hostile,omitempty"`
	Loads         map[string][]float64   `json:"loads_ms,omitempty"`
	LongTasks     map[string][]float64   `json:"longest_task_ms,omitempty"`
	WasmBytes     *wasmBytes             `json:"wasm_bytes_ms,omitempty"`
	LoadStages    map[string]*loadStages `json:"load_stages_ms,omitempty"`
	Interaction   *interaction           `json:"interaction,omitempty"`
	Sizes         *sizeReport            `json:"sizes,omitempty"`
	Profile       *profileReport         `json:"profile,omitempty"`
}

// add appends f; a figure without data (NaN) fails: something was not measured.
func (b *bench) add(f figure) {
	for _, p := range []**float64{&f.P90, &f.Ref, &f.Ratio} {
		if *p != nil && (math.IsNaN(**p) || math.IsInf(**p, 0)) {
			*p = nil
		}
	}
	if math.IsNaN(f.Value) {
		f.Value, f.Status, f.Note = 0, statusFail, strings.TrimPrefix(f.Note+"; not measured", "; ")
	}
	b.figs = append(b.figs, f)
}

func (b *bench) pageURL(sdk string) string { return b.srv.URL + "/bench/page.html?sdk=" + sdk }

// startPage opens a timed-loop page and waits for its SDK (init included).
func (b *bench) startPage(sdk string) (*tab, startInfo, error) {
	t, err := b.br.newTab(b.pageURL(sdk), true, false)
	if err != nil {
		return nil, startInfo{}, err
	}
	ctx, cancel := context.WithTimeout(t.ctx, 30*time.Second)
	defer cancel()
	info, err := chromedp.Run(ctx, chromedp.Evaluate[startInfo](`__bench.start()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.close()
		return nil, info, fmt.Errorf("%s page: the SDK does not start: %w", sdk, err)
	}
	return t, info, nil
}

// micro times the no-op round trip and sendDefault in kshare's page, and sendDefault in
// the official SDK's page, alternating rounds (figures 1 and 2).
func (b *bench) micro() error {
	k, info, err := b.startPage("dist")
	if err != nil {
		return err
	}
	defer k.close()
	b.details.Isolated = info.Isolated
	// The floor module's engine answers undefined at once: its round trip is the cost
	// of a call into Go (js.FuncOf) and back, the least an engine call can cost.
	fl, _, err := b.startPage("floor")
	if err != nil {
		return err
	}
	defer fl.close()
	var o *tab
	if b.hasOff {
		if o, _, err = b.startPage("official"); err != nil {
			return err
		}
		defer o.close()
	}
	noop := fmt.Sprintf("__bench.noop(%d)", b.p.noopCalls)
	send := fmt.Sprintf("__bench.send(%d)", b.p.sendCalls)
	// Warm-up: V8 compiles wasm with Liftoff first and tiers hot functions up to
	// TurboFan after some thousands of calls; the engine makes its first allocations.
	for range 10 {
		for _, t := range []*tab{k, fl} {
			if _, err := eval[float64](t, fmt.Sprintf("__bench.noop(%d)", 5*b.p.noopCalls)); err != nil {
				return err
			}
		}
		if _, err := eval[sendRound](k, send); err != nil {
			return err
		}
		if o != nil {
			if _, err := eval[sendRound](o, send); err != nil {
				return err
			}
		}
	}
	var noops, floors, sends, offs []float64
	var sendCalls, offCalls []float64 // every call of the rounds, µs
	var replayCalls []float64         // every call of the replayed rounds, µs
	var firsts, offFirsts []float64   // the first call of each round, ms
	var rejected []jsError
	// Each sendDefault of the rounds must take the web-sharer way: one popup, one form.
	wrongWay := map[string]int{}
	checkWay := func(name string, s sendRound) {
		if s.Opened != b.p.sendCalls || s.Submitted != b.p.sendCalls {
			wrongWay[name]++
		}
	}
	floorRound := func() error {
		n, err := eval[float64](fl, noop)
		floors = append(floors, n)
		return err
	}
	kshareRound := func() error {
		n, err := eval[float64](k, noop)
		if err != nil {
			return err
		}
		s, err := eval[sendRound](k, send)
		if err != nil {
			return err
		}
		noops = append(noops, n)
		sends = append(sends, s.Ms)
		firsts = append(firsts, s.First)
		sendCalls = append(sendCalls, us(s.Each, 1)...)
		rejected = append(rejected, s.Rejected...)
		checkWay("kshare", s)
		return nil
	}
	// A replayed round: sendDefault with the engine's answer handed back at once (the
	// loader's part alone, harness.js).
	replayRound := func() error {
		s, err := eval[sendRound](k, fmt.Sprintf("__bench.replay(%d)", b.p.sendCalls))
		if err != nil {
			return err
		}
		replayCalls = append(replayCalls, us(s.Each, 1)...)
		checkWay("kshare (replayed)", s)
		return nil
	}
	officialRound := func() error {
		if o == nil {
			return nil
		}
		s, err := eval[sendRound](o, send)
		offs = append(offs, s.Ms)
		offFirsts = append(offFirsts, s.First)
		offCalls = append(offCalls, us(s.Each, 1)...)
		checkWay(b.offName, s)
		return err
	}
	b.logf("timing %d alternated rounds: %d no-op calls, %d sendDefault (kshare%s)", b.p.rounds, b.p.noopCalls, b.p.sendCalls,
		map[bool]string{true: " and the official SDK", false: ""}[o != nil])
	for r := range b.p.rounds {
		order := []func() error{kshareRound, floorRound, officialRound}
		if r%2 == 1 {
			slices.Reverse(order)
		}
		for _, round := range order {
			if err := round(); err != nil {
				return err
			}
		}
	}
	// The replayed rounds come after the timed ones, so that they warm nothing of those.
	for range b.p.rounds / 3 {
		if err := replayRound(); err != nil {
			return err
		}
	}
	last, err := eval[[]jsError](k, `__bench.settle()`)
	if err != nil {
		return err
	}
	rejected = append(rejected, last...)

	b.details.NoopUS, b.details.SendUS = us(noops, b.p.noopCalls), us(sends, b.p.sendCalls)
	noopMed := median(b.details.NoopUS)
	b.details.FloorUS = us(floors, b.p.noopCalls)
	floorMed := median(b.details.FloorUS)
	b.add(figure{ID: "noop", Name: "1 no-op round trip (isInitialized)", Value: noopMed, Unit: "µs",
		P90: ptr(percentile(b.details.NoopUS, 90))}.atMost(10))
	b.add(figure{ID: "noop-floor", Name: "1 floor module's round trip (its three exports, answering nothing)", Value: floorMed, Unit: "µs",
		P90: ptr(percentile(b.details.FloorUS, 90))}.info())
	b.add(figure{ID: "noop-vs-floor", Name: "1 no-op round trip / floor's", Value: noopMed, Unit: "µs"}.against("floor", floorMed))
	// The budget's figure is the median of the calls (the "median per call"),
	// each timed alone: a round's mean carries the round's first call, on cold caches
	// after the pause before the round (figure send-first-of-round), into every sample.
	b.details.SendCallUS, b.details.OfficialCall = sendCalls, offCalls
	sendMed := median(sendCalls)
	sf := figure{ID: "send", Name: fmt.Sprintf("2 sendDefault, dessert feed (median of %d calls)", len(sendCalls)), Value: sendMed, Unit: "µs",
		P90: ptr(percentile(sendCalls, 90))}
	replayMed := median(replayCalls)
	if !b.details.Isolated {
		// Not cross-origin isolated, performance.now() has 100 µs steps: no call is timed.
		sf.Value, sf.Note, replayMed = math.NaN(), "performance.now() has 100 µs steps here", math.NaN()
	}
	b.add(sf.atMost(150))
	roundMed := median(b.details.SendUS)
	b.add(figure{ID: "send-round-mean", Name: "2 sendDefault, a round's mean per call (median of rounds)", Value: roundMed, Unit: "µs",
		P90: ptr(percentile(b.details.SendUS, 90))}.info())
	b.add(figure{ID: "send-vs-noop", Name: "2 sendDefault / no-op", Value: sendMed, Unit: "µs"}.against("no-op", noopMed).ratioAtMost(15))
	b.details.ReplayCallUS = replayCalls
	b.add(figure{ID: "send-replayed-vs-noop", Name: "2 sendDefault without its engine call (the plan replayed: the loader's part) / no-op",
		Value: replayMed, Unit: "µs", Note: "what no engine can take away: the walk, the plan's parsing, the popup and the form"}.
		against("no-op", noopMed).info())
	for _, name := range sortedKeys(wrongWay) {
		b.add(figure{ID: "send-way", Name: "2 rounds where " + name + " did not open 1 popup and submit 1 form per call",
			Value: float64(wrongWay[name]), Unit: ""}.atMost(0))
	}
	if len(rejected) > 0 {
		b.add(figure{ID: "send-rejected", Name: "2 sendDefault Promises rejected", Value: float64(len(rejected)), Unit: "",
			Note: rejected[0].Code + ": " + rejected[0].Message}.atMost(0))
	}
	if o != nil {
		b.details.OfficialUS = us(offs, b.p.sendCalls)
		b.add(figure{ID: "send-vs-official", Name: "2 sendDefault kshare / " + b.offName, Value: sendMed, Unit: "µs"}.
			against(b.offName, median(offCalls)).goalRatio(0.5))
		b.add(figure{ID: "send-round-mean-vs-official", Name: "2 the same, a round's mean per call", Value: roundMed, Unit: "µs"}.
			against(b.offName, median(b.details.OfficialUS)).info())
		// The official SDK slows down as its shares add up in the page (its rounds take
		// longer through the run), which the run's median hides: the calls of the first
		// third of the rounds, beside the last third's figure.
		k, off := sendCalls, offCalls
		third := min(max(len(b.details.OfficialUS)/3, 1)*b.p.sendCalls, len(k), len(off))
		b.add(figure{ID: "send-vs-official-early", Name: fmt.Sprintf("2 the same, first %d rounds only", third/b.p.sendCalls), Value: median(k[:third]), Unit: "µs",
			Note: fmt.Sprintf("last %d rounds: kshare %.0f µs, %s %.0f µs", third/b.p.sendCalls, median(k[len(k)-third:]), b.offName, median(off[len(off)-third:]))}.
			against(b.offName, median(off[:third])).info())
		b.splitRounds(sends, firsts, offs, offFirsts)
	} else {
		b.add(figure{ID: "send-vs-official", Name: "2 sendDefault kshare / official", Value: sendMed, Unit: "µs",
			RefName: "official SDK: not available (pass -official)", Status: statusSkip})
	}
	return nil
}

// splitRounds adds the info figures of the rounds' first calls and of their other calls,
// kshare's beside the official SDK's (rounds and firsts in ms, a value per round). A
// kshare round starts once the Promises of its previous round have settled (their CSP
// watch lasts 400 ms, the page idle meanwhile), so its first call runs on cold caches;
// an official round follows the round before it at once (it returns no Promise).
func (b *bench) splitRounds(rounds, firsts, offRounds, offFirsts []float64) {
	n := b.p.sendCalls
	if n < 2 {
		return
	}
	rest := func(rounds, firsts []float64) []float64 {
		others := make([]float64, len(rounds))
		for i := range rounds {
			others[i] = rounds[i] - firsts[i]
		}
		return us(others, n-1)
	}
	b.add(figure{ID: "send-first-of-round", Name: "2 sendDefault, the first call of each round", Value: median(us(firsts, 1)), Unit: "µs",
		Note: "a kshare round starts when its previous round's Promises settle (the CSP watch, 400 ms of idle page); an official round at once"}.
		against(b.offName, median(us(offFirsts, 1))).info())
	b.add(figure{ID: "send-rest-of-round", Name: fmt.Sprintf("2 sendDefault, calls 2–%d of each round", n), Value: median(rest(rounds, firsts)), Unit: "µs"}.
		against(b.offName, median(rest(offRounds, offFirsts))).info())
}

// buttonsAndMemory times createDefaultButton on n containers and Share.cleanup(), checks
// the Go program's live JS values, and follows the wasm memory from init through
// 10,000 sendDefault and 1,000 create/cleanup cycles (figures 3 and 6), in a page of
// its own.
func (b *bench) buttonsAndMemory() error {
	t, info, err := b.startPage("dist")
	if err != nil {
		return err
	}
	defer t.close()
	b.logf("%d sendDefault in batches of %d, then createDefaultButton on %d containers: %d timed rounds, %d cycles",
		b.p.sends, b.p.sendBatch, b.p.buttons, b.p.buttonRounds, b.p.cycles)
	many, err := b.sendMany(t)
	if err != nil {
		return err
	}
	btn, err := eval[buttonsResult](t, fmt.Sprintf("__bench.buttons(%d, %d, %d, %d)", b.p.buttons, b.p.buttonRounds, b.p.cycles, valueWindow))
	if err != nil {
		return err
	}
	b.details.Buttons = &btn
	totals := make([]float64, len(btn.Create))
	for i := range totals {
		totals[i] = btn.Create[i] + btn.Cleanup[i]
	}
	b.add(figure{ID: "buttons", Name: fmt.Sprintf("3 createDefaultButton ×%d + cleanup", b.p.buttons), Value: median(totals), Unit: "ms",
		P90: ptr(percentile(totals, 90)), Note: fmt.Sprintf("create %.2f ms, cleanup %.2f ms (medians)", median(btn.Create), median(btn.Cleanup))}.info())
	if btn.Before == nil || len(btn.First) == 0 || len(btn.Last) < valueWindow || slices.Min(btn.First) < 0 {
		b.add(figure{ID: "buttons-values", Name: "3 JS values wasm_exec.js holds for Go, after cleanup", Value: math.NaN(), Unit: "",
			RefName: "window.__kshare.go._values not found", Status: statusFail})
	} else {
		// The engine takes no JS value (its calls cross as bytes), so the count stays at
		// wasm_exec.js's own few; a count that sawed with Go's GC would be js.Values
		// released by their finalizers. The budget is on the values that outlive the
		// cycles: those made during the cycles and still held valueWindow cycles later.
		base, end := slices.Min(btn.First), slices.Min(btn.Last[len(btn.Last)-valueWindow:])
		b.add(figure{ID: "buttons-values", Name: fmt.Sprintf("3 JS values made by %d create/cleanup cycles, still held %d cycles later", b.p.cycles, valueWindow),
			Value: float64(btn.Kept), Unit: "",
			Note: fmt.Sprintf("live values after each cycle: %d..%d in the first %d cycles, %d..%d in the last %d (wasm_exec.js's own; the engine takes no JS value)",
				base, slices.Max(btn.First), valueWindow, end, slices.Max(btn.Last[len(btn.Last)-valueWindow:]), valueWindow)}.atMost(0))
		b.add(figure{ID: "buttons-trough", Name: "3 JS values wasm_exec.js holds for Go, trough of the last cycles", Value: float64(end), Unit: ""}.
			against("first cycles", float64(base)).info())
	}
	b.add(figure{ID: "buttons-click", Name: "3 popups opened by a click after cleanup", Value: float64(btn.ClickAfterCleanup), Unit: ""}.atMost(0))

	b.details.Memory = []float64{info.Memory, many.Memory, btn.Memory}
	b.details.MemoryBySends = many.Memories
	growth := max(many.Memory, btn.Memory) - info.Memory
	b.add(figure{ID: "memory", Name: fmt.Sprintf("6 wasm memory growth (%dk sends, %d cycles)", b.p.sends/1000, b.p.cycles),
		Value: growth, Unit: "B", Note: fmt.Sprintf("after init %s, after each %d sends %s, after the cycles %s",
			thousands(int64(info.Memory)), b.p.sendBatch, joinBytes(many.Memories), thousands(int64(btn.Memory)))}.
		against("after init", info.Memory).atMost(1 << 20))
	if err := b.floorMemory(info.Memory, growth); err != nil {
		return err
	}
	if many.Rejected > 0 {
		note := ""
		if many.First != nil {
			note = many.First.Code + ": " + many.First.Message
		}
		b.add(figure{ID: "memory-rejected", Name: "6 sendDefault Promises rejected", Value: float64(many.Rejected), Unit: "", Note: note}.atMost(0))
	}
	return nil
}

// sendMany makes the memory figure's sendDefault calls in t, in batches.
func (b *bench) sendMany(t *tab) (sendMany, error) {
	return eval[sendMany](t, fmt.Sprintf("__bench.sendMany(%d, %d)", b.p.sends, b.p.sendBatch))
}

// floorMemory follows the wasm memory of the floor module built to allocate, per call,
// the 14 KB the engine allocated for one share before it reused its memory
// (testdata/floor/alloc.go), over the same sends: the growth Go's runtime brings to any
// engine that allocates, beside kshare's.
func (b *bench) floorMemory(kshareInit, kshareGrowth float64) error {
	t, info, err := b.startPage("floor-alloc")
	if err != nil {
		return err
	}
	defer t.close()
	many, err := b.sendMany(t)
	if err != nil {
		return err
	}
	growth := many.Memory - info.Memory
	b.add(figure{ID: "memory-floor", Name: fmt.Sprintf("6 wasm memory growth of the floor allocating 14 KB per call (%dk calls)", b.p.sends/1000),
		Value: growth, Unit: "B", Note: fmt.Sprintf("after init %s, after each %d calls %s; kshare: after init %s, growth %s",
			thousands(int64(info.Memory)), b.p.sendBatch, joinBytes(many.Memories), thousands(int64(kshareInit)), thousands(int64(kshareGrowth)))}.
		against("kshare's growth", kshareGrowth).info())
	return nil
}

// firstSends times the first three sendDefault calls of fresh pages, kshare's and the
// official SDK's (figure 2, info): the first call of a page compiles what a share runs,
// inside the click that made it.
func (b *bench) firstSends() error {
	const pages, calls = 5, 3
	b.logf("the first %d sendDefault of %d fresh pages each", calls, pages)
	firsts := map[string][][]float64{}
	sdks := []string{"dist"}
	if b.hasOff {
		sdks = append(sdks, "official")
	}
	for range pages {
		for _, sdk := range sdks {
			t, _, err := b.startPage(sdk)
			if err != nil {
				return err
			}
			ms, err := eval[[]float64](t, fmt.Sprintf("__bench.firstSends(%d)", calls))
			t.close()
			if err != nil {
				return err
			}
			if len(ms) != calls {
				return fmt.Errorf("%s page: %d first sends timed, not %d", sdk, len(ms), calls)
			}
			firsts[sdk] = append(firsts[sdk], ms)
		}
	}
	// nth is the median over the pages of their nth call.
	nth := func(sdk string, n int) float64 {
		var v []float64
		for _, ms := range firsts[sdk] {
			v = append(v, ms[n])
		}
		return median(v)
	}
	f := figure{ID: "send-first", Name: fmt.Sprintf("2 the first sendDefault of a page (median of %d pages)", pages), Value: nth("dist", 0), Unit: "ms",
		Note: fmt.Sprintf("kshare's second and third: %.2f and %.2f ms", nth("dist", 1), nth("dist", 2))}
	if b.hasOff {
		f.Note += fmt.Sprintf("; %s's first three: %.2f, %.2f and %.2f ms", b.offName, nth("official", 0), nth("official", 1), nth("official", 2))
		b.add(f.against(b.offName, nth("official", 0)).info())
		return nil
	}
	b.add(f.info())
	return nil
}

// hostile makes the hostile calls in a page of their own (figure 7).
func (b *bench) hostile() error {
	t, _, err := b.startPage("dist")
	if err != nil {
		return err
	}
	defer t.close()
	b.logf("hostile arguments")
	cases, err := eval[[]hostileCase](t, `__bench.hostile()`)
	if err != nil {
		return err
	}
	b.details.Hostile = cases
	// The budget is the hostile corpus, refused; the heavy valid calls (a
	// serverCallbackArgs of 720 KB, checked and shared) are a figure of their own.
	slowest, slowestValid, deaths, notThrown := 0.0, 0.0, 0, 0
	for _, c := range cases {
		if c.Valid {
			slowestValid = max(slowestValid, c.Ms)
		} else {
			slowest = max(slowest, c.Ms)
		}
		if c.Death {
			deaths++
		}
		refused := c.Threw != nil && c.Threw.Name == "KakaoError"
		shared := c.Threw == nil && c.Rejected == nil
		if c.Valid && !shared || !c.Valid && !refused {
			notThrown++
		}
	}
	b.add(figure{ID: "hostile-slowest", Name: "7 hostile arguments: slowest call", Value: slowest, Unit: "ms"}.atMost(50))
	b.add(figure{ID: "heavy-valid-slowest", Name: "7 heavy valid arguments (serverCallbackArgs of 720 KB): slowest call", Value: slowestValid, Unit: "ms"}.info())
	b.add(figure{ID: "hostile-deaths", Name: "7 hostile arguments: engine deaths", Value: float64(deaths), Unit: ""}.atMost(0))
	b.add(figure{ID: "hostile-kakaoerror", Name: "7 hostile calls answered wrongly (not a KakaoError; a valid one not shared)", Value: float64(notThrown), Unit: ""}.atMost(0))
	return nil
}

// loadStages are the marks of each load, from the navigation's start: the wasm's
// response end (resource timing), instantiation done, the Go program's attach call.
type loadStages struct {
	WasmEnd []float64 `json:"wasm_end"`
	Inst    []float64 `json:"instantiated"`
	Attach  []float64 `json:"attach"`
}

// loadResult is one navigation of a load page.
type loadResult struct {
	Ready     float64 `json:"ready"`
	Error     string  `json:"error"`
	LongTask  float64 `json:"longtask"`
	LongTasks int     `json:"longtasks"`
	Observed  bool    `json:"observed"`
	WasmEnd   float64 `json:"wasm_end"`
	Inst      float64 `json:"instantiated"`
	Attach    float64 `json:"attach"`
}

const readLoad = `(async () => {
	const r = await window.__ready;
	await new Promise((resolve) => setTimeout(resolve, 60)); // long-task entries arrive late
	const tasks = window.__longtasks || [];
	const wasm = performance.getEntriesByType('resource').filter((e) => /kshare\.wasm/.test(e.name));
	return {
		ready: typeof r === 'number' ? r : -1,
		error: typeof r === 'number' ? '' : String(r && r.error),
		longtask: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
		longtasks: tasks.length,
		observed: window.__longtasks !== null,
		wasm_end: wasm.length ? wasm[wasm.length - 1].responseEnd : -1,
		instantiated: window.__marks.instantiated || -1,
		attach: window.__marks.attach || -1,
	};
})()`

func (b *bench) loadURL(sdk, load string, n int) string {
	return b.srv.URL + "/bench/load.html?sdk=" + sdk + "&load=" + load + "&n=" + strconv.Itoa(n)
}

// coldLoad opens a tab on an empty cache (a first visit) and reads one load; the load
// must have fetched its module from the server.
func (b *bench) coldLoad(sdk string, n int) (loadResult, error) {
	t, err := b.br.newTab(b.loadURL(sdk, "eager", n), false, true)
	if err != nil {
		return loadResult{}, err
	}
	defer t.close()
	r, err := b.readLoad(t, sdk)
	if err == nil && b.srv.requested("/"+sdk+"/kshare.wasm", n) == 0 {
		err = fmt.Errorf("%s: a cold load (page n=%d) took kshare.wasm from a cache", sdk, n)
	}
	return r, err
}

func (b *bench) readLoad(t *tab, sdk string) (loadResult, error) {
	ctx, cancel := context.WithTimeout(t.ctx, 30*time.Second)
	defer cancel()
	r, err := chromedp.Run(ctx, chromedp.Evaluate[loadResult](readLoad, chromedp.EvalAwaitPromise))
	if err == nil && r.Error != "" {
		err = fmt.Errorf("%s: Kakao.ready rejected: %s", sdk, r.Error)
	}
	return r, err
}

// loads times navigation → Kakao.ready, cold and warm, for kshare, the floor module and
// the padded floor, in turn (figure 4), then checks data-load="interaction".
func (b *bench) loads() error {
	b.logf("navigation → Kakao.ready: %d cold and %d warm loads each of kshare, the floor and the padded floor", b.p.loads, b.p.loads)
	res := map[string][]float64{}
	tasks := map[string][]float64{} // the longest task of each load
	observed := true
	stages := map[string]*loadStages{}
	note := func(key, sdk string, r loadResult) {
		st := stages[key]
		if st == nil {
			st = &loadStages{}
			stages[key] = st
		}
		st.WasmEnd = append(st.WasmEnd, r.WasmEnd)
		st.Inst = append(st.Inst, r.Inst)
		st.Attach = append(st.Attach, r.Attach)
		res[key] = append(res[key], r.Ready)
		tasks[sdk] = append(tasks[sdk], r.LongTask)

		observed = observed && r.Observed
	}
	n := 0
	// The padded floor (build.go) tells what kshare's size costs from what its start does.
	sdks := []string{"dist", "floor", "padded"}
	label := map[string]string{"dist": "kshare", "floor": "floor", "padded": "padded floor"}
	// rotated turns the order of the modules round, one place a load round, so that none
	// always comes first.
	rotated := func(i int) []string { return append(slices.Clone(sdks[i%len(sdks):]), sdks[:i%len(sdks)]...) }
	// One cold load each first: the server compresses each file once, chromium warms up.
	for _, sdk := range sdks {
		n++
		if _, err := b.coldLoad(sdk, n); err != nil {
			return err
		}
	}
	for i := range b.p.loads {
		for _, sdk := range rotated(i) {
			n++
			r, err := b.coldLoad(sdk, n)
			if err != nil {
				return err
			}
			note("cold "+label[sdk], sdk, r)
		}
	}
	warm := map[string]*tab{}
	for _, sdk := range sdks {
		n++
		t, err := b.br.newTab(b.loadURL(sdk, "eager", n), false, false)
		if err != nil {
			return err
		}
		defer t.close()
		if _, err := b.readLoad(t, sdk); err != nil { // fills the cache
			return err
		}
		warm[sdk] = t
	}
	for i := range b.p.loads {
		for _, sdk := range rotated(i) {
			n++
			t := warm[sdk]
			if err := chromedp.Do(t.ctx, chromedp.Navigate(b.loadURL(sdk, "eager", n))); err != nil {
				return err
			}
			r, err := b.readLoad(t, sdk)
			if err != nil {
				return err
			}
			note("warm "+label[sdk], sdk, r)
		}
	}
	b.details.Loads, b.details.LongTasks, b.details.LoadStages = res, tasks, stages
	for _, kind := range []string{"cold", "warm"} {
		k, f, p := res[kind+" kshare"], res[kind+" floor"], res[kind+" padded floor"]
		b.add(figure{ID: "load-" + kind, Name: "4 nav → Kakao.ready, " + kind + " (eager)", Value: median(k), Unit: "ms", P90: ptr(percentile(k, 90))}.
			against("floor", median(f)).ratioAtMost(1.05))
		b.add(figure{ID: "load-" + kind + "-padded", Name: "4 the same against the floor padded to kshare's code size", Value: median(k), Unit: "ms",
			Note: fmt.Sprintf("%s: the padded floor %.0f ms, %.2f× the floor's %.0f ms; its code %s B (%d uncalled functions), kshare.wasm's %s B",
				kind, median(p), median(p)/median(f), median(f), thousands(int64(b.builds.paddedCode)), b.builds.paddedFuncs, thousands(int64(b.builds.kshareCode)))}.
			against("padded floor", median(p)).info())
	}
	lt := figure{ID: "longtask", Name: "4 longest task during load (kshare)", Value: slices.Max(tasks["dist"]), Unit: "ms",
		Note: fmt.Sprintf("median of each load's longest task: kshare %.0f ms, floor %.0f ms; loads with a task > 50 ms: kshare %d of %d, floor %d of %d",
			median(tasks["dist"]), median(tasks["floor"]), countOver(tasks["dist"], 50), len(tasks["dist"]), countOver(tasks["floor"], 50), len(tasks["floor"]))}.
		against("floor", slices.Max(tasks["floor"]))
	lt = lt.atMost(50)
	if !observed {
		lt.Note = "PerformanceObserver 'longtask' unsupported"
	}
	b.add(lt)
	if err := b.bytesAlone(n + 1); err != nil {
		return err
	}
	return b.interaction(n + 2)
}

// wasmBytes is what fetching each module's bytes takes, not compiling them: each fetch
// (cache off) until its body has arrived, decoded, in an ArrayBuffer.
type wasmBytes struct {
	Encoding string               `json:"content_encoding"`
	Fetch    map[string][]float64 `json:"fetch_ms"`
}

// timeBodies fetches the modules in turn, rounds times, and times each fetch until
// its last byte; it answers the times by module and the Content-Encoding they came
// with.
const timeBodies = `(async (rounds) => {
	const fetch_ms = { dist: [], floor: [], padded: [] };
	let encoding = '';
	for (let i = 0; i < rounds; i++) {
		for (const sdk of Object.keys(fetch_ms)) {
			const t = performance.now();
			const r = await fetch('/' + sdk + '/kshare.wasm?bytes=' + i, { cache: 'no-store' });
			await r.arrayBuffer();
			fetch_ms[sdk].push(performance.now() - t);
			encoding = r.headers.get('content-encoding') || 'identity';
		}
	}
	return { content_encoding: encoding, fetch_ms };
})`

// bytesAlone times the modules' bytes alone (figure 4): what any module of kshare's
// size costs before V8 sees it, against the floor's bytes, in the page of a load that
// fetches no module itself (the fetches pass the cache by).
func (b *bench) bytesAlone(n int) error {
	b.logf("the modules' bytes alone: %d fetches each of kshare.wasm, the floor's and the padded floor's", b.p.loads)
	t, err := b.br.newTab(b.loadURL("floor", "interaction", n), false, false)
	if err != nil {
		return err
	}
	defer t.close()
	w, err := eval[wasmBytes](t, timeBodies+"("+strconv.Itoa(b.p.loads)+")")
	if err != nil {
		return err
	}
	b.details.WasmBytes = &w
	k, f, p := median(w.Fetch["dist"]), median(w.Fetch["floor"]), median(w.Fetch["padded"])
	b.add(figure{ID: "load-bytes", Name: "4 kshare.wasm's bytes alone: fetched and decoded, not compiled", Value: k, Unit: "ms", P90: ptr(percentile(w.Fetch["dist"], 90)),
		Note: fmt.Sprintf("medians of %d fetches each (cache off, %s): kshare.wasm %.1f ms, the floor's %.1f ms, the padded floor's %.1f ms; kshare's extra bytes alone are %.1f%% of the floor's cold nav → ready",
			len(w.Fetch["dist"]), w.Encoding, k, f, p, 100*(k-f)/median(b.details.Loads["cold floor"]))}.
		against("floor", f).info())
	return nil
}

// interaction is the data-load="interaction" check.
type interaction struct {
	BeforeTimings int     `json:"wasm_entries_before_hover"`
	BeforeServer  int     `json:"wasm_requests_before_hover"`
	AfterTimings  int     `json:"wasm_entries_after_hover"`
	AfterServer   int     `json:"wasm_requests_after_hover"`
	HoverToReady  float64 `json:"hover_to_ready_ms"`
}

func (b *bench) interaction(n int) error {
	b.logf(`data-load="interaction": idle 1 s, then a hover on the bound container`)
	url := b.loadURL("dist", "interaction", n)
	t, err := b.br.newTab(url, false, true)
	if err != nil {
		return err
	}
	defer t.close()
	const count = `performance.getEntriesByType('resource').filter((e) => /kshare\.wasm/.test(e.name)).length`
	if err := chromedp.Do(t.ctx, chromedp.Sleep(time.Second)); err != nil {
		return err
	}
	var in interaction
	if in.BeforeTimings, err = eval[int](t, count); err != nil {
		return err
	}
	in.BeforeServer = b.srv.requested("/dist/kshare.wasm", n)
	if _, err := eval[chromedp.Void](t, `document.getElementById('share').addEventListener('pointerenter', () => { window.__hoverAt = performance.now(); }), 0`); err != nil {
		return err
	}
	if err := chromedp.Do(t.ctx, chromedp.MouseEvent(chromedp.MouseMoved, 700, 500), chromedp.MouseEvent(chromedp.MouseMoved, 100, 44)); err != nil {
		return err
	}
	r, err := b.readLoad(t, "dist")
	if err != nil {
		return err
	}
	if in.AfterTimings, err = eval[int](t, count); err != nil {
		return err
	}
	in.AfterServer = b.srv.requested("/dist/kshare.wasm", n)
	hover, err := eval[float64](t, `window.__hoverAt || -1`)
	if err != nil {
		return err
	}
	in.HoverToReady = r.Ready - hover
	b.details.Interaction = &in
	before := in.BeforeTimings + in.BeforeServer
	f := figure{ID: "interaction-idle", Name: `4 data-load="interaction": kshare.wasm requests after load + 1 s idle`,
		Value: float64(before), Unit: "", Note: fmt.Sprintf("resource timing %d, server %d", in.BeforeTimings, in.BeforeServer)}.atMost(0)
	b.add(f)
	after := figure{ID: "interaction-hover", Name: `4 data-load="interaction": hover → Kakao.ready`, Value: in.HoverToReady, Unit: "ms",
		Note: fmt.Sprintf("kshare.wasm requested after the hover: resource timing %d, server %d", in.AfterTimings, in.AfterServer)}
	after.Budget = "wasm requested"
	after.Status = passIf(in.AfterTimings > 0 && in.AfterServer > 0 && hover >= 0)
	b.add(after)
	return nil
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// joinBytes writes sizes in MB with one decimal, as "2.9 3.1 …".
func joinBytes(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.FormatFloat(x/(1<<20), 'f', 1, 64)
	}
	return strings.Join(parts, " ") + " MB"
}

func countOver(xs []float64, limit float64) int {
	n := 0
	for _, x := range xs {
		if x > limit {
			n++
		}
	}
	return n
}
