package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Bounds of the server's life.
const (
	startTimeout = 20 * time.Second // the server printing its address
	stopTimeout  = 10 * time.Second // the server exiting after SIGTERM
)

// listening is the line the server prints once it listens.
var listening = regexp.MustCompile(`^kshare: demo and Kakao emulator on (http://127\.0\.0\.1:[0-9]+)/$`)

// buildServer builds ./web of the module the working directory is in into dir and
// returns the binary's path.
func buildServer(ctx context.Context, dir string) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	gomod := strings.TrimSpace(string(out))
	if err != nil || gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside the kshare module (go env GOMOD: %q, %v): run from the checkout", gomod, err)
	}
	binary := filepath.Join(dir, "kshare-web")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", binary, "./web")
	cmd.Dir = filepath.Dir(gomod)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./web: %w\n%s", err, out)
	}
	return binary, nil
}

// newDist writes a dist directory into dir: it only has to exist for the server, and
// holds a kshare.js for good measure.
func newDist(dir string) (string, error) {
	dist := filepath.Join(dir, "dist")
	if err := os.MkdirAll(dist, 0o755); err != nil {
		return "", err
	}
	return dist, os.WriteFile(filepath.Join(dist, "kshare.js"), []byte("window.Kakao = {};\n"), 0o644)
}

// server is one run of the server binary.
type server struct {
	url    string
	cmd    *exec.Cmd
	stderr lockedBuffer
	exited chan struct{} // closed once the process has exited and its stderr is read
}

// lockedBuffer is the server's stderr, written by a goroutine and read by another.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) WriteLine(line string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.WriteString(line + "\n")
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startServer runs binary on a free loopback port with dist and waits until it prints
// its address.
func startServer(ctx context.Context, binary, dist string) (*server, error) {
	s := &server{exited: make(chan struct{})}
	s.cmd = exec.Command(binary, "-addr", "127.0.0.1:0", "-dist", dist)
	pipe, err := s.cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	urls := make(chan string, 1)
	go func() {
		defer close(s.exited)
		lines := bufio.NewScanner(pipe)
		for lines.Scan() {
			s.stderr.WriteLine(lines.Text())
			if m := listening.FindStringSubmatch(lines.Text()); m != nil && s.url == "" {
				s.url = m[1]
				urls <- m[1]
			}
		}
		_, _ = io.Copy(io.Discard, pipe)
		_ = s.cmd.Wait()
	}()
	select {
	case <-urls:
		return s, nil
	case <-s.exited:
		return nil, fmt.Errorf("the server exited before listening:\n%s", s.stderr.String())
	case <-time.After(startTimeout):
	case <-ctx.Done():
	}
	s.kill()
	return nil, fmt.Errorf("the server printed no address within %s:\n%s", startTimeout, s.stderr.String())
}

// stop sends SIGTERM to the server's PID and returns its exit code; it kills the
// process (by its PID) when it has not exited within stopTimeout.
func (s *server) stop() (int, error) {
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return -1, err
	}
	select {
	case <-s.exited:
		return s.cmd.ProcessState.ExitCode(), nil
	case <-time.After(stopTimeout):
		s.kill()
		return -1, fmt.Errorf("the server did not exit within %s of SIGTERM", stopTimeout)
	}
}

// kill ends the process by its PID and waits for it.
func (s *server) kill() {
	_ = s.cmd.Process.Kill()
	<-s.exited
}

// memory is what /proc/<pid>/status tells of a process's memory, in KiB.
type memory struct {
	rss, peak int64 // VmRSS, VmHWM
}

// readMemory reads the memory of the process pid.
func readMemory(pid int) (memory, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return memory{}, err
	}
	var m memory
	found := 0
	for line := range strings.SplitSeq(string(b), "\n") {
		name, value, _ := strings.Cut(line, ":")
		var into *int64
		switch name {
		case "VmRSS":
			into = &m.rss
		case "VmHWM":
			into = &m.peak
		default:
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		if err != nil {
			return memory{}, fmt.Errorf("/proc/%d/status: %s: %w", pid, line, err)
		}
		*into = kb
		found++
	}
	if found != 2 {
		return memory{}, errors.New("/proc/" + strconv.Itoa(pid) + "/status has no VmRSS or VmHWM")
	}
	return m, nil
}
