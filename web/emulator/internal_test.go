package emulator

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share/jsvalue"
)

func TestReadMeta(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want map[string]string
	}{
		{"open graph", `<html><head><meta property="og:title" content="A &amp; B"><meta property='og:image' content=/x.png>` +
			`<META NAME="description" CONTENT="desc"></head>`,
			map[string]string{"og:title": "A & B", "og:image": "/x.png", "description": "desc"}},
		{"title, spaces collapsed", "<title>\n  Hello\n  world </title>", map[string]string{"<title>": "Hello world"}},
		{"first of each wins", `<meta property="og:title" content="one"><meta property="og:title" content="two">`,
			map[string]string{"og:title": "one"}},
		{"comments and scripts are skipped", `<!-- <meta property="og:title" content="no"> --><script>var s = '<meta property="og:title" content="no">';</script>` +
			`<style>a{}</style><meta property="og:title" content="yes">`, map[string]string{"og:title": "yes"}},
		{"self-closing and odd spacing", `<meta  property = "og:description"  content = "d" />`, map[string]string{"og:description": "d"}},
		{"quoted > in a value", `<meta property="og:title" content="a > b"><title>t</title>`, map[string]string{"og:title": "a > b", "<title>": "t"}},
		{"unterminated quote stops", `<meta property="og:title" content="oops><title>t</title>`, map[string]string{}},
		{"not tags", `1 < 2 and <3 <`, map[string]string{}},
		{"doctype and end tags", `<!DOCTYPE html></p><meta name="og:title" content="n">`, map[string]string{"og:title": "n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, readMeta(tt.doc))
		})
	}
}

func TestLoopbackClientRefusesOtherAddresses(t *testing.T) {
	client := loopbackClient(FetchTimeout)
	for _, u := range []string{"http://192.0.2.1/", "http://[2001:db8::1]/", "http://10.0.0.1:8080/"} {
		t.Run(u, func(t *testing.T) {
			_, err := client.Get(u)
			require.Error(t, err)
			assert.True(t, errors.Is(err, errNotLoopback), err.Error())
		})
	}
}

func TestReplacePlaceholders(t *testing.T) {
	args := argLookup(jsvalue.Obj(jsvalue.M("a", jsvalue.Str("A")), jsvalue.M("n", jsvalue.Num(1.5)),
		jsvalue.M("o", jsvalue.Obj(jsvalue.M("x", jsvalue.Bool(true))))))
	tests := []struct{ in, want string }{
		{"${a}", "A"},
		{"x${a}y${a}z", "xAyAz"},
		{"${n} ${o}", `1.5 {"x":true}`},
		{"${missing} stays", "${missing} stays"},
		{"${unclosed", "${unclosed"},
		{"$a {a}", "$a {a}"},
		{"${}", "${}"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, replacePlaceholders(tt.in, args))
		})
	}
}

func TestDeliveryLogIsBounded(t *testing.T) {
	l := newDeliveryLog(3)
	for range 5 {
		l.add(&Delivery{})
	}
	var ids []string
	for _, d := range l.snapshot() {
		ids = append(ids, d.ID)
	}
	assert.Equal(t, []string{"3", "4", "5"}, ids)
	l.finish("1", 200, "", 0) // gone: nothing happens
	l.finish("x", 200, "", 0) // not a number: nothing happens
	l.finish("5", 200, "", 0)
	l.skip("3", "why")
	assert.Equal(t, WebhookSent, l.snapshot()[2].Webhook.State)
	assert.Equal(t, WebhookSkipped, l.snapshot()[0].Webhook.State)
}

func TestDeliveryLogHoldsMaxDeliveries(t *testing.T) {
	l := newDeliveryLog(MaxDeliveries)
	for range MaxDeliveries + 7 {
		l.add(&Delivery{Webhook: WebhookAttempt{State: WebhookPending}})
	}
	oldest := strconv.Itoa(8)

	l.finish(oldest, 200, "", 0)

	got := l.snapshot()
	require.Len(t, got, MaxDeliveries)
	assert.Equal(t, oldest, got[0].ID)
	assert.Equal(t, WebhookSent, got[0].Webhook.State)
	assert.Equal(t, strconv.Itoa(MaxDeliveries+7), got[len(got)-1].ID)
}

func TestFormatNumber(t *testing.T) {
	tests := map[float64]string{0: "0", 999: "999", 1000: "1,000", 208800: "208,800", -1234567: "-1,234,567", 1.5: "1.5", 1e21: "1e+21"}
	for in, want := range tests {
		t.Run(strconv.FormatFloat(in, 'g', -1, 64), func(t *testing.T) {
			assert.Equal(t, want, formatNumber(in))
		})
	}
}

func TestShareStoreIsBounded(t *testing.T) {
	s := newShareStore()
	now := testNow()
	for range maxPendingShares + 10 {
		s.add(&pendingShare{expires: now.Add(ShareTTL)}, now)
	}
	assert.Len(t, s.shares, maxPendingShares)
}

func testNow() time.Time { return time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC) }

func TestBounded(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		limit int
		want  string
	}{
		{name: "empty", in: "", limit: 3, want: ""},
		{name: "short", in: "ab", limit: 3, want: "ab"},
		{name: "at the limit", in: "abc", limit: 3, want: "abc"},
		{name: "over the limit", in: "abcd", limit: 3, want: `"abc…" (4 characters)`},
		{name: "characters, not bytes", in: "가나다", limit: 3, want: "가나다"},
		{name: "cut between characters", in: "가나다라", limit: 3, want: `"가나다…" (4 characters)`},
		{name: "quotes and controls escaped", in: "\"\n\"x", limit: 3, want: `"\"\n\"…" (4 characters)`},
		{name: "a byte that is not UTF-8 counts as one", in: "a\xffbc", limit: 3, want: "\"a\xffb…\" (4 characters)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, bounded(tt.in, tt.limit))
		})
	}
}

func TestEchoAndQuote(t *testing.T) {
	long := strings.Repeat("x", maxEcho+1)
	clipped := `"` + long[:maxEcho] + `…" (101 characters)`
	tests := []struct {
		name      string
		in        string
		wantEcho  string
		wantQuote string
	}{
		{name: "short", in: "nope", wantEcho: "nope", wantQuote: `"nope"`},
		{name: "at the limit", in: long[:maxEcho], wantEcho: long[:maxEcho], wantQuote: `"` + long[:maxEcho] + `"`},
		{name: "long", in: long, wantEcho: clipped, wantQuote: clipped},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.wantEcho, echo(tt.in))
			assert.Equal(t, tt.wantQuote, quote(tt.in))
		})
	}
}

// TestParseJSONReadsNumbersAsParse: the emulator's parse reads numbers with strconv, as
// jsvalue.Parse rounds them (out of range included), and the rest as Parse does.
func TestParseJSONReadsNumbersAsParse(t *testing.T) {
	for _, text := range []string{`[0, -0, 640.5, 1e400, -1e400, 1e-400, 9007199254740993, 2.2250738585072011e-308, 4.9e-324]`,
		`{"b": 1, "a": {"0": 0.30000000000000004}, "b": 2}`} {
		want, err := jsvalue.Parse(text)
		require.NoError(t, err)
		got, err := parseJSON(text)
		require.NoError(t, err)
		assert.Equal(t, want, got, text)
	}
	v, err := parseJSON(`[-0]`)
	require.NoError(t, err)
	assert.True(t, math.Signbit(v.Elems[0].Num), "negative zero")
	_, err = parseJSON(`[1e]`)
	assert.ErrorIs(t, err, jsvalue.ErrSyntax)
}
