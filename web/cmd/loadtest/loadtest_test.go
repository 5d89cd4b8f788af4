package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadTestOfTheRealServer runs the load test at a small scale on the real server
// binary (built by go build ./web, stopped by its PID) and checks its outcomes, never
// its timings.
func TestLoadTestOfTheRealServer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	s := settings{shares: 50, uploads: 20, oversize: 3, validations: 50, concurrency: 50, timeout: 3 * time.Minute}
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	var stderr bytes.Buffer

	r, err := loadTest(ctx, s, &stderr)

	require.NoError(t, err, stderr.String())
	assert.Empty(t, r.problems, stderr.String())
	want := map[string]int{
		"sharer POST /picker/link":  s.shares,
		"picker POST /picker/send":  s.shares,
		"upload PNG":                s.uploads,
		"upload 6 MB (-602)":        s.oversize,
		"kapi GET template/default": s.validations,
	}
	got := map[string]int{}
	codes := map[string]map[int]int{}
	for _, sc := range r.scenarios {
		got[sc.name], codes[sc.name] = sc.count(), sc.kakaoCodes
		assert.Zero(t, sc.failures, sc.name)
		assert.Zero(t, sc.status5xx, sc.name+": no 5xx")
	}
	assert.Equal(t, want, got)
	assert.Equal(t, map[int]int{-602: s.oversize}, codes["upload 6 MB (-602)"], "every oversize upload refused with -602")
	assert.Empty(t, codes["upload PNG"], "no upload refused")
	assert.Equal(t, s.shares, r.delivered, "every share in the delivery log")
	assert.Equal(t, s.shares, r.webhooksSent, "every share's webhook sent")
	assert.Equal(t, 0, r.exitCode, "a clean exit on SIGTERM")
	assert.Positive(t, r.before.rss)
	assert.Positive(t, r.after.peak)
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    settings
		wantErr string
	}{
		{
			name: "defaults: the full scale",
			want: settings{shares: 1000, uploads: 200, oversize: 20, validations: 1000, concurrency: 1000, timeout: 5 * time.Minute},
		},
		{
			name: "a small scale",
			args: []string{"-shares", "5", "-uploads", "4", "-oversize", "3", "-validations", "2", "-concurrency", "1", "-timeout", "1m", "-server", "bin"},
			want: settings{shares: 5, uploads: 4, oversize: 3, validations: 2, concurrency: 1, timeout: time.Minute, server: "bin"},
		},
		{name: "negative count", args: []string{"-uploads", "-1"}, wantErr: "-shares, -uploads, -oversize and -validations must not be negative"},
		{name: "more shares than the log keeps", args: []string{"-shares", "10001"}, wantErr: "-shares must be at most 10000: the delivery log keeps that many"},
		{name: "no concurrency", args: []string{"-concurrency", "0"}, wantErr: "-concurrency must be at least 1"},
		{name: "no time", args: []string{"-timeout", "0s"}, wantErr: "-timeout must be positive"},
		{name: "positional argument", args: []string{"now"}, wantErr: `unexpected arguments ["now"] (flags only; -h lists them)`},
		{name: "unknown flag", args: []string{"-users", "5"}, wantErr: "flag provided but not defined: -users"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseFlags(tt.args, io.Discard)

			if tt.wantErr != "" {
				assert.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestRunHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer

	err := run(context.Background(), []string{"-h"}, &stdout, &stderr)

	assert.NoError(t, err)
	assert.Empty(t, stdout.String())
	assert.True(t, strings.HasPrefix(stderr.String(), "usage: go run ./web/cmd/loadtest"), stderr.String())
}

func TestPercentile(t *testing.T) {
	s := newScenario("s")
	for _, ms := range []int{5, 1, 4, 2, 3, 10, 9, 8, 7, 6} {
		s.record(time.Duration(ms)*time.Millisecond, 200, 0, "")
	}
	tests := []struct {
		p    float64
		want time.Duration
	}{
		{p: 0.5, want: 5 * time.Millisecond},
		{p: 0.99, want: 10 * time.Millisecond},
		{p: 0.1, want: time.Millisecond},
		{p: 1, want: 10 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(ms(tt.want), func(t *testing.T) {
			assert.Equal(t, tt.want, s.percentile(tt.p))
		})
	}
	assert.Zero(t, newScenario("empty").percentile(0.5))
}

func TestScenarioProblems(t *testing.T) {
	s := newScenario("upload")
	s.record(time.Millisecond, 200, 0, "")
	s.record(time.Millisecond, 503, 0, "")
	s.record(time.Millisecond, 400, -911, "not uploaded: status 400")

	assert.Equal(t, []string{
		"upload: 3 requests made of 4",
		"upload: 2 of 3 failed, e.g. answered 503; not uploaded: status 400",
		"upload: 1 answers 5xx",
	}, s.problems(4))
	assert.Equal(t, map[int]int{-911: 1}, s.kakaoCodes)
}

func TestReportPrint(t *testing.T) {
	s := newScenario("kapi GET template/default")
	s.record(2*time.Millisecond, 200, 0, "")
	r := &report{url: "http://127.0.0.1:1234", pid: 42, scenarios: []*scenario{s}, shares: 2, delivered: 2, webhooksSent: 1,
		before: memory{rss: 10240}, after: memory{rss: 20480, peak: 30720}, total: 1500 * time.Millisecond,
		problems: []string{"1 webhooks not sent"}}
	var out bytes.Buffer

	r.print(&out)

	assert.Equal(t, `kshare load test of http://127.0.0.1:1234/ (pid 42)

scenario                   count  failures  5xx  p50     p99     max     time
kapi GET template/default  1      0         0    2.0 ms  2.0 ms  2.0 ms  0.0 ms

deliveries: 2 of 2 shares in the log, 1 webhooks sent
server RSS: 10.0 MiB before, 20.0 MiB after, 30.0 MiB peak
total: 1.5s; the server exited 0 on SIGTERM
FAIL:
  1 webhooks not sent
`, out.String())
}

func TestReadMemoryOfThisProcess(t *testing.T) {
	m, err := readMemory(os.Getpid())

	require.NoError(t, err)
	assert.Positive(t, m.rss)
	assert.GreaterOrEqual(t, m.peak, m.rss)
}
