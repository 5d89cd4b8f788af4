// Command bench measures a kshare build (web/dist) in headless Debian chromium and
// prints each figure with its budget: the no-op engine round trip, sendDefault (beside
// the official SDK 2.7.4 when its kakao.min.js is at hand; also the first calls of fresh
// pages), createDefaultButton and cleanup with the Go program's live JS values,
// navigation → Kakao.ready against a floor module (the smallest Go program that
// attaches to the loader, built by the bench) and against that floor padded with
// uncalled functions to kshare.wasm's code size (what the size alone costs), the
// modules' bytes alone (fetched, not compiled), data-load="interaction", the sizes a
// page downloads with kshare.wasm's code by Go package, the wasm memory over many calls
// (beside the floor built to allocate per call
// the 14 KB the engine allocated for a share before it reused its memory), and hostile
// arguments. Ratios are taken against a reference measured in the same run. Tabs run
// with DevTools' network domain off, as a visitor's page does (see newTab). It exits
// with status 1 when a budget fails (not with -no-fail).
//
//	go run ./web/cmd/bench [-dist web/dist] [-official kakao.min.js] [-json out.json] [-no-fail] [-profile]
//
// make bench runs it after make build. The official SDK is read from -official, else
// $KAKAO_SDK, else $XDG_CACHE_HOME/kshare-bench/kakao.min.js (~/.cache/…) when that
// file exists; it is never part of the repository.
package main

import (
	"context"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// config is what the flags say.
type config struct {
	dist, official, jsonOut, chromium, goCmd string
	noFail, profile                          bool
	p                                        params
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.dist, "dist", "web/dist", "the build `directory` to measure (make build writes it)")
	fs.StringVar(&c.official, "official", "", "the official SDK's kakao.min.js `file` (default $KAKAO_SDK, else ~/.cache/kshare-bench/kakao.min.js when it exists)")
	fs.StringVar(&c.jsonOut, "json", "", "also write the figures and every sample to this `file`")
	fs.StringVar(&c.chromium, "chromium", "", "the chromium `binary` (default: chromium from PATH, Debian's)")
	fs.StringVar(&c.goCmd, "go", "go", "the go `command` that builds the floor module")
	fs.BoolVar(&c.noFail, "no-fail", false, "report only: exit 0 when a budget fails")
	fs.BoolVar(&c.profile, "profile", false, "also profile sendDefault (CPU profile of an engine built with its name section)")
	fs.IntVar(&c.p.rounds, "rounds", 60, "alternated `rounds` of the call timings")
	fs.IntVar(&c.p.noopCalls, "noop-calls", 200, "no-op `calls` per round")
	fs.IntVar(&c.p.sendCalls, "send-calls", 20, "sendDefault `calls` per round")
	fs.IntVar(&c.p.loads, "loads", 16, "`navigations` per load figure")
	fs.IntVar(&c.p.cycles, "cycles", 1000, "create/cleanup `cycles` for the memory figure")
	fs.IntVar(&c.p.sends, "sends", 10000, "sendDefault `calls` for the memory figure")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	for _, v := range []int{c.p.rounds, c.p.noopCalls, c.p.sendCalls, c.p.loads, c.p.cycles, c.p.sends} {
		if v < 1 {
			return c, errors.New("every count must be at least 1")
		}
	}
	c.p.buttons, c.p.buttonRounds, c.p.sendBatch = 100, 20, 1000
	if c.official == "" {
		c.official = os.Getenv("KAKAO_SDK")
	}
	if c.official == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			if p := filepath.Join(dir, "kshare-bench", "kakao.min.js"); fileExists(p) {
				c.official = p
			}
		}
	}
	return c, nil
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// officialSDK is the official kakao.min.js the run compares with.
type officialSDK struct {
	Path    string `json:"path"`
	Version string `json:"version"`
	Bytes   int    `json:"bytes"`
	SRI     string `json:"sri"`
}

var bannerVersion = regexp.MustCompile(`Kakao SDK for JavaScript - v(\d+\.\d+\.\d+)`)

func readOfficial(path string) (*officialSDK, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("-official: %w", err)
	}
	m := bannerVersion.FindSubmatch(b[:min(len(b), 200)])
	if m == nil {
		return nil, fmt.Errorf("-official %s: no \"Kakao SDK for JavaScript - v…\" banner: not kakao.min.js", path)
	}
	sum := sha512.Sum384(b)
	return &officialSDK{Path: path, Version: string(m[1]), Bytes: len(b), SRI: "sha384-" + base64.StdEncoding.EncodeToString(sum[:])}, nil
}

// report is what -json writes.
type report struct {
	Date    string   `json:"date"`
	Seconds float64  `json:"seconds"`
	Figures []figure `json:"figures"`
	Details details  `json:"details"`
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	began := time.Now()
	logf := func(format string, a ...any) {
		fmt.Fprintf(stderr, "bench: %5.1fs  %s\n", time.Since(began).Seconds(), fmt.Sprintf(format, a...))
	}
	dist, err := filepath.Abs(cfg.dist)
	if err != nil {
		return err
	}
	for _, f := range []string{"kshare.js", "kshare.wasm", "wasm_exec.js"} {
		if !fileExists(filepath.Join(dist, f)) {
			return fmt.Errorf("%s: no %s (run make build first)", dist, f)
		}
	}
	var off *officialSDK
	if cfg.official != "" {
		if off, err = readOfficial(cfg.official); err != nil {
			return err
		}
	}
	chromium, err := findChromium(cfg.chromium)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "kshare-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	tc, err := newToolchain(ctx, cfg.goCmd, tmp)
	if err != nil {
		return err
	}
	feed, err := readFeed(filepath.Join(tc.root, "share", "testdata", "golden", "feed-dessert.txt"))
	if err != nil {
		return err
	}

	logf("building the floor module and the builds that keep the name section")
	builds, err := tc.buildAll(ctx, cfg.profile)
	if err != nil {
		return err
	}
	sizes := make(chan sizeReport, 1)
	officialPath := ""
	if off != nil {
		officialPath = off.Path
	}
	go func() { sizes <- measureSizes(dist, builds, officialPath) }()

	dirs := map[string]string{"dist": dist, "floor": builds.floorDist, "floor-alloc": builds.floorAllocDist, "padded": builds.paddedDist}
	if builds.namesDist != "" {
		dirs["names"] = builds.namesDist
	}
	srv, err := newServer(dirs, feed, officialPath)
	if err != nil {
		return err
	}
	defer srv.close()
	logf("serving on %s; starting %s", srv.URL, chromium)
	br, err := startBrowser(ctx, chromium)
	if err != nil {
		return err
	}
	defer br.close()

	b := &bench{srv: srv, br: br, p: cfg.p, logf: logf, builds: builds}
	b.details.Chromium = chromium
	if off != nil {
		b.hasOff, b.details.Official = true, off
		b.offName = "official " + off.Version
		if off.Version != "2.7.4" {
			b.offName += " (not 2.7.4)"
		}
	}
	for _, phase := range []func() error{b.micro, b.firstSends, b.buttonsAndMemory, b.hostile, b.loads} {
		if err := phase(); err != nil {
			return err
		}
	}
	if cfg.profile {
		if err := b.profile(builds.namesDist, builds.kshareDeps); err != nil {
			return err
		}
	}
	logf("waiting for the sizes")
	sz := <-sizes
	if sz.err != nil {
		return sz.err
	}
	b.details.Sizes = &sz
	js, wasm, floor := sz.file("kshare.js"), sz.file("kshare.wasm"), sz.file("floor kshare.wasm")
	// The "5.6 KB" is decimal, as its other sizes are (24.8 KB: 24,752 B).
	b.add(figure{ID: "size-js", Name: "5 kshare.js gzip -9", Value: float64(js.Gzip), Unit: "B"}.atMost(5600))
	b.add(figure{ID: "size-wasm", Name: "5 kshare.wasm brotli 11", Value: float64(wasm.Brotli), Unit: "B"}.
		against("floor", float64(floor.Brotli)).ratioAtMost(1.30))
	logf("done")

	fmt.Fprintf(stdout, "kshare bench: %s, %s\n", dist, time.Now().Format(time.RFC3339))
	switch {
	case off != nil:
		fmt.Fprintf(stdout, "official SDK: v%s, %s B, %s (%s)\n", off.Version, thousands(int64(off.Bytes)), off.SRI, off.Path)
	default:
		fmt.Fprintln(stdout, "official SDK: not available (pass -official)")
	}
	if !b.details.Isolated {
		fmt.Fprintln(stdout, "note: the pages are not cross-origin isolated: performance.now() has 100 µs steps")
	}
	fmt.Fprintln(stdout)
	writeTable(stdout, b.figs)
	writeDetails(stdout, b)
	if cfg.jsonOut != "" {
		rep := report{Date: began.Format(time.RFC3339), Seconds: time.Since(began).Seconds(), Figures: b.figs, Details: b.details}
		if err := writeJSON(cfg.jsonOut, rep); err != nil {
			return err
		}
	}
	if failed := failures(b.figs); len(failed) > 0 {
		names := make([]string, len(failed))
		for i, f := range failed {
			names[i] = f.ID
		}
		msg := fmt.Sprintf("%d budget(s) failed: %s", len(failed), strings.Join(names, ", "))
		if cfg.noFail {
			fmt.Fprintln(stdout, "\n"+msg+" (-no-fail)")
			return nil
		}
		return errors.New(msg)
	}
	return nil
}

// readFeed reads the settings of a golden file: its first line is
// "# Share.sendDefault(<json>)".
func readFeed(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	first, _, _ := strings.Cut(string(b), "\n")
	const head = "# Share.sendDefault("
	if !strings.HasPrefix(first, head) || !strings.HasSuffix(first, ")") {
		return "", fmt.Errorf("%s: the first line is not %s<json>)", path, head)
	}
	return first[len(head) : len(first)-1], nil
}

// writeDetails prints what stands behind the figures.
func writeDetails(w io.Writer, b *bench) {
	d := b.details
	for _, f := range b.figs {
		if f.Note != "" {
			fmt.Fprintf(w, "  %s: %s\n", f.ID, f.Note)
		}
	}
	if len(d.Hostile) > 0 {
		fmt.Fprintln(w, "\nhostile arguments and heavy valid ones (each sendDefault, then a valid sendDefault):")
		for _, c := range d.Hostile {
			got := "no throw"
			if c.Valid {
				got = "valid, no throw"
			}
			if c.Threw != nil {
				got = fmt.Sprintf("%s code=%s field=%q", c.Threw.Name, c.Threw.Code, c.Threw.Field)
			} else if c.Rejected != nil {
				got = fmt.Sprintf("rejected %s code=%s", c.Rejected.Name, c.Rejected.Code)
			}
			after := "ok"
			if c.After != nil {
				after = "FAILED " + c.After.Code + ": " + c.After.Message
			}
			fmt.Fprintf(w, "  %-52s %7.2f ms  %s; then %s\n", c.Name, c.Ms, got, after)
		}
	}
	if len(d.Loads) > 0 {
		fmt.Fprintln(w, "\nnavigation → Kakao.ready (median, p90, min):")
		for _, k := range sortedKeys(d.Loads) {
			xs := d.Loads[k]
			fmt.Fprintf(w, "  %-17s %7.1f ms  %7.1f ms  %7.1f ms  (%d loads)", k, median(xs), percentile(xs, 90), percentile(xs, 0), len(xs))
			if st := d.LoadStages[k]; st != nil {
				fmt.Fprintf(w, "; medians: wasm fetched %.0f, instantiated %.0f, engine ready %.0f ms", median(st.WasmEnd), median(st.Inst), median(st.Attach))
			}
			fmt.Fprintln(w)
		}
		if d.Interaction != nil {
			fmt.Fprintf(w, "  interaction: before the hover %d wasm entries / %d requests; after %d / %d; hover → ready %.1f ms\n",
				d.Interaction.BeforeTimings, d.Interaction.BeforeServer, d.Interaction.AfterTimings, d.Interaction.AfterServer, d.Interaction.HoverToReady)
		}
	}
	if d.Sizes != nil {
		fmt.Fprintln(w)
		writeSizes(w, *d.Sizes, 25)
	}
	if d.Profile != nil {
		fmt.Fprintln(w)
		writeProfile(w, d.Profile, 20)
	}
}
