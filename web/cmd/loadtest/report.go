package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
)

// maxExamples is how many failures of a scenario the report quotes.
const maxExamples = 3

// scenario gathers the outcomes of one kind of request.
type scenario struct {
	name string
	// wall is how long the whole scenario took.
	wall time.Duration

	mu        sync.Mutex
	latencies []time.Duration
	failures  int
	status5xx int
	// kakaoCodes counts the codes of Kakao's error bodies answered.
	kakaoCodes map[int]int
	examples   []string
}

func newScenario(name string) *scenario {
	return &scenario{name: name, kakaoCodes: map[int]int{}}
}

// record adds one request: how long it took, the HTTP status (0 when there was no
// answer), Kakao's error code when the body had one (0 otherwise), and why it failed
// ("" when it did not).
func (s *scenario) record(took time.Duration, status, kakaoCode int, failure string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latencies = append(s.latencies, took)
	if status >= 500 {
		s.status5xx++
		if failure == "" {
			failure = "answered " + strconv.Itoa(status)
		}
	}
	if kakaoCode != 0 {
		s.kakaoCodes[kakaoCode]++
	}
	if failure != "" {
		s.failures++
		if len(s.examples) < maxExamples {
			s.examples = append(s.examples, failure)
		}
	}
}

// count is the number of requests recorded.
func (s *scenario) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.latencies)
}

// percentile returns the latency below which p (0 to 1) of the requests fall (nearest
// rank), 0 when there were none.
func (s *scenario) percentile(p float64) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.latencies) == 0 {
		return 0
	}
	sorted := slices.Clone(s.latencies)
	slices.Sort(sorted)
	rank := int(p*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}

// problems are the scenario's failed checks: failures, 5xx answers, and fewer requests
// than want.
func (s *scenario) problems(want int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	if n := len(s.latencies); n != want {
		out = append(out, fmt.Sprintf("%s: %d requests made of %d", s.name, n, want))
	}
	if s.failures > 0 {
		out = append(out, fmt.Sprintf("%s: %d of %d failed, e.g. %s", s.name, s.failures, len(s.latencies), strings.Join(s.examples, "; ")))
	}
	if s.status5xx > 0 {
		out = append(out, fmt.Sprintf("%s: %d answers 5xx", s.name, s.status5xx))
	}
	return out
}

// report is the outcome of a load test.
type report struct {
	url       string
	pid       int
	scenarios []*scenario
	// shares were made; delivered is how many of them the delivery log holds exactly
	// once, webhooksSent how many of those had their webhook sent.
	shares, delivered, webhooksSent int
	before, after                   memory
	total                           time.Duration
	exitCode                        int
	problems                        []string
}

// print writes the report as a table.
func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "kshare load test of %s/ (pid %d)\n\n", r.url, r.pid)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "scenario\tcount\tfailures\t5xx\tp50\tp99\tmax\ttime")
	for _, s := range r.scenarios {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%s\t%s\t%s\n", s.name, s.count(), s.failures, s.status5xx,
			ms(s.percentile(0.50)), ms(s.percentile(0.99)), ms(s.percentile(1)), ms(s.wall))
	}
	tw.Flush()
	fmt.Fprintf(w, "\ndeliveries: %d of %d shares in the log, %d webhooks sent\n", r.delivered, r.shares, r.webhooksSent)
	fmt.Fprintf(w, "server RSS: %s before, %s after, %s peak\n", mib(r.before.rss), mib(r.after.rss), mib(r.after.peak))
	fmt.Fprintf(w, "total: %s; the server exited %d on SIGTERM\n", r.total.Round(time.Millisecond), r.exitCode)
	if len(r.problems) == 0 {
		fmt.Fprintln(w, "PASS")
		return
	}
	fmt.Fprintln(w, "FAIL:")
	for _, p := range r.problems {
		fmt.Fprintln(w, "  "+p)
	}
}

// ms writes a duration in milliseconds with one decimal.
func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64) + " ms"
}

// mib writes KiB as MiB with one decimal.
func mib(kib int64) string {
	return strconv.FormatFloat(float64(kib)/1024, 'f', 1, 64) + " MiB"
}
