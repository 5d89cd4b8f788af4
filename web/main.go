// Command web is kshare's development server. `go run ./web` (or `make run`) serves, on
// 127.0.0.1:8080 by default:
//
//	/, /compat.html, /demo/...
//	                      the demo page, the documentation's examples unchanged but for
//	                      the script tag, and their assets (package web/demo)
//	/kshare.js, ...       every file of web/dist (written by `make build`), compressed
//	                      and cached as package web/static does it
//	/inbox/...            the demo app's webhook inbox (package web/inbox)
//	/picker/, /v2/api/, /scheme/, /emulator/, /images/
//	                      the Kakao emulator (package web/emulator)
//
// Flags: -addr (listen address), -dist (the directory of built files), -config (the
// emulator's app configuration file). It prints the URL once listening and shuts down
// cleanly on SIGINT or SIGTERM.
//
// Every answer carries X-Content-Type-Options: nosniff. The server holds against slow
// or stuck clients ([defaultLimits]): a request's header must arrive within 5 s and
// the whole request (the biggest is a 5 MB image upload) within 30 s, its answer must
// be written within 30 s of the header, an idle keep-alive connection is closed after
// 60 s, and the request line and header may take 256 KiB (the longest valid request,
// the /scheme/ link of a share at KakaoTalk's 10,000-character limit, takes at worst
// about 150 KB). The inbox's event stream extends its own deadlines at each event and
// heartbeat, so it stays open.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/kshare/kshare/web/inbox"
	"github.com/kshare/kshare/web/static"
)

// shutdownTimeout bounds how long a shutdown waits for requests and deliveries.
const shutdownTimeout = 5 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kshare:", err)
		os.Exit(1)
	}
}

// config is what the flags set, and the server's limits.
type config struct {
	addr       string // listen address
	dist       string // directory of the built files
	configPath string // the emulator's app configuration file, "" for its defaults
	limits     serverLimits
}

// serverLimits are the http.Server's timeouts and header bound; see the package
// documentation.
type serverLimits struct {
	readHeaderTimeout time.Duration // the request line and header
	readTimeout       time.Duration // the whole request, body included
	writeTimeout      time.Duration // from the end of the header to the end of the answer
	idleTimeout       time.Duration // a keep-alive connection waiting for its next request
	maxHeaderBytes    int           // the request line and header
}

// defaultLimits are the limits of `go run ./web`.
var defaultLimits = serverLimits{
	readHeaderTimeout: 5 * time.Second,
	readTimeout:       30 * time.Second,
	writeTimeout:      30 * time.Second,
	idleTimeout:       60 * time.Second,
	maxHeaderBytes:    256 << 10,
}

// parseFlags reads args; -h prints the usage to stderr and returns flag.ErrHelp.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	c := config{limits: defaultLimits}
	flags := flag.NewFlagSet("kshare-web", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./web [-addr host:port] [-dist dir] [-config file]")
		flags.PrintDefaults()
	}
	flags.StringVar(&c.addr, "addr", "127.0.0.1:8080", "listen `address`; port 0 picks a free port")
	flags.StringVar(&c.dist, "dist", "web/dist", "`directory` of the built files, written by make build")
	flags.StringVar(&c.configPath, "config", "", "Kakao emulator app configuration `file` (default: the demo app)")
	if err := flags.Parse(args); err != nil {
		return config{}, err
	}
	if flags.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments %q (flags only; -h lists them)", flags.Args())
	}
	return c, nil
}

// run serves until ctx ends, then shuts down and returns nil; it returns an error when
// the flags are wrong, the dist directory is missing, or the address cannot be used.
// It prints the server's URL to stderr once listening.
func run(ctx context.Context, args []string, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	return serve(ctx, c, stderr)
}

// serve is run once the flags are read.
func serve(ctx context.Context, c config, stderr io.Writer) error {
	dist, err := static.New(c.dist)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("directory %s does not exist: run `make build` first to build kshare into it", c.dist)
	}
	if err != nil {
		return fmt.Errorf("serve %s: %w", c.dist, err)
	}
	defer dist.Close()

	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	baseURL := "http://" + displayAddr(ln.Addr())
	in := inbox.New(inbox.DemoAdminKey, inbox.WithWriteTimeout(c.limits.writeTimeout))
	emulator, err := newEmulator(emulatorSettings{
		ConfigPath: c.configPath,
		BaseURL:    baseURL,
		WebhookURL: baseURL + inbox.Prefix + "webhook",
		AdminKey:   inbox.DemoAdminKey,
	})
	if err != nil {
		ln.Close()
		return errors.Join(err, in.Close(context.Background()))
	}
	fresh := &freshConns{conns: map[net.Conn]struct{}{}}
	srv := &http.Server{
		Handler:           withSecurityHeaders(newMux(dist, demoHandler(), in, emulator)),
		ReadHeaderTimeout: c.limits.readHeaderTimeout,
		ReadTimeout:       c.limits.readTimeout,
		WriteTimeout:      c.limits.writeTimeout,
		IdleTimeout:       c.limits.idleTimeout,
		MaxHeaderBytes:    c.limits.maxHeaderBytes,
		ErrorLog:          log.New(stderr, "kshare: ", 0),
		ConnState:         fresh.track,
	}
	srv.RegisterOnShutdown(fresh.close)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(stderr, "kshare: demo and Kakao emulator on %s/\n", baseURL)

	var serveErr error
	select {
	case serveErr = <-served: // the listener failed
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	// Close the handlers first: that ends the inbox's event streams, which
	// http.Server.Shutdown would otherwise wait for until its timeout.
	err = errors.Join(closeAll(shutdownCtx, emulator, in), srv.Shutdown(shutdownCtx))
	if serveErr == nil {
		serveErr = <-served
	}
	if !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	return err
}

// freshConns are the connections that have not sent a request yet. http.Server's
// Shutdown waits for them as if they were busy (for up to 5 s, as long as
// shutdownTimeout), and browsers and HTTP clients open such spare connections ahead of
// need: closing them once the listener is closed lets run return at once.
type freshConns struct {
	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

// track is the server's ConnState hook.
func (f *freshConns) track(c net.Conn, state http.ConnState) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if state == http.StateNew {
		f.conns[c] = struct{}{}
	} else {
		delete(f.conns, c)
	}
}

// close closes the connections still waiting for their first request.
func (f *freshConns) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for c := range f.conns {
		c.Close()
		delete(f.conns, c)
	}
}

// displayAddr is addr as a URL host; an unspecified IP (listening on every interface)
// becomes localhost.
func displayAddr(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return addr.String()
	}
	return net.JoinHostPort("localhost", fmt.Sprint(tcp.Port))
}
