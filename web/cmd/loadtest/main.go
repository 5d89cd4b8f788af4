// Command loadtest puts the real dev server (go build ./web) under load on loopback and
// checks that it holds:
//
//	go run ./web/cmd/loadtest [-shares 1000] [-uploads 200] [-oversize 20] [-validations 1000]
//
// It builds the server into a temporary directory (or takes -server), starts it on
// 127.0.0.1:0 with a throwaway -dist directory, and runs, one scenario after the other,
// each with every request in flight at once (at most -concurrency):
//
//   - desktop shares: POST /picker/link with the sharer form kshare builds (package
//     share) for a feed whose title is unique, then the picker's POST /picker/send with
//     its token and one chat; then GET /emulator/deliveries must hold every share once,
//     and every share's webhook (to the server's own inbox) must have been sent;
//   - image uploads: small PNGs, and at the same time 6 MB files (every other one
//     chunked, without a Content-Length), which must be refused with Kakao's -602;
//   - kapi validations: GET /v2/api/kakaolink/talk/template/default as kshare sends it.
//
// It prints, per scenario, the count, the failures, the 5xx answers (there must be
// none) and the p50, p99 and maximum latency; the server's RSS (VmRSS of
// /proc/<pid>/status) before and after, and its peak (VmHWM); the total time. Then it
// stops the server by its PID with SIGTERM, which must exit 0. It exits 1 when any
// check failed, listing them. The whole run is bounded by -timeout.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/kshare/kshare/web/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// settings are what the flags set.
type settings struct {
	shares, uploads, oversize, validations int
	// concurrency bounds the requests in flight in one scenario.
	concurrency int
	// timeout bounds the whole run, the build included.
	timeout time.Duration
	// server is a server binary to run; "" builds ./web.
	server string
}

// parseFlags reads args; -h prints the usage to stderr and returns flag.ErrHelp.
func parseFlags(args []string, stderr io.Writer) (settings, error) {
	var s settings
	flags := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./web/cmd/loadtest [flags]")
		flags.PrintDefaults()
	}
	flags.IntVar(&s.shares, "shares", 1000, "desktop shares (sharer form, then the picker's send)")
	flags.IntVar(&s.uploads, "uploads", 200, "image uploads of a small PNG")
	flags.IntVar(&s.oversize, "oversize", 20, "image uploads of 6 MB, to be refused with -602")
	flags.IntVar(&s.validations, "validations", 1000, "kapi template validations")
	flags.IntVar(&s.concurrency, "concurrency", 1000, "requests in flight at most, per scenario (the emulator keeps 1,000 pending shares)")
	flags.DurationVar(&s.timeout, "timeout", 5*time.Minute, "bound of the whole run, the build included")
	flags.StringVar(&s.server, "server", "", "server `binary` to run (default: go build ./web into a temporary directory)")
	if err := flags.Parse(args); err != nil {
		return settings{}, err
	}
	if flags.NArg() > 0 {
		return settings{}, fmt.Errorf("unexpected arguments %q (flags only; -h lists them)", flags.Args())
	}
	switch {
	case s.shares < 0, s.uploads < 0, s.oversize < 0, s.validations < 0:
		return settings{}, errors.New("-shares, -uploads, -oversize and -validations must not be negative")
	case s.shares > emulator.MaxDeliveries:
		return settings{}, fmt.Errorf("-shares must be at most %d: the delivery log keeps that many", emulator.MaxDeliveries)
	case s.concurrency < 1:
		return settings{}, errors.New("-concurrency must be at least 1")
	case s.timeout <= 0:
		return settings{}, errors.New("-timeout must be positive")
	}
	return s, nil
}

// run runs the load test of the flags args, prints its report to stdout, and returns an
// error when the flags are wrong, the server cannot be built or started, or a check
// failed.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	s, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	r, err := loadTest(ctx, s, stderr)
	if err != nil {
		return err
	}
	r.print(stdout)
	if n := len(r.problems); n > 0 {
		return fmt.Errorf("%d checks failed", n)
	}
	return nil
}
