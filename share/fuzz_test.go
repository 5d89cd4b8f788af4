package share

import (
	"errors"
	"strings"
	"testing"

	"github.com/kshare/kshare/share/jsvalue"
)

var fuzzCalls = []Call{SendDefault, CreateDefaultButton, SendCustom, CreateCustomButton, SendScrap, CreateScrapButton, UploadImage, ScrapImage, DeleteImage}

// FuzzParse feeds arbitrary settings (JSON text, or the raw text as a string when it is
// not JSON) through decode → validate → encode. Properties: nothing panics; every input
// gives either a request or an *Error with a code and a message; an accepted share
// builds every request, and what it sends is accepted unchanged by the server side.
// The seed corpus is in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, s := range []string{dessertFeed, textMessage, customMessage, scrapTemplate, listMessage, locationMessage, commerceMessage, calendarMessage} {
		f.Add(s, uint8(0))
	}
	tpl, err := ParseTemplateAnswer(200, cannedAnswer)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, which uint8) {
		settings, err := jsvalue.Parse(text)
		if err != nil {
			settings = jsvalue.Str(text)
		}
		call := fuzzCalls[int(which)%len(fuzzCalls)]
		var r *Request
		switch call {
		case UploadImage:
			_, err = ParseUpload(settings)
		case ScrapImage, DeleteImage:
			_, err = ParseImageURL(call, settings)
		default:
			r, err = Parse(call, settings, func(jsvalue.Value) error { return nil })
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code == "" || e.Message == "" || !strings.HasPrefix(err.Error(), e.Message) {
				t.Fatalf("%s: not a coded error: %#v", call, err)
			}
			if e.Code == CodeInternal {
				t.Fatalf("%s: internal error: %v", call, err)
			}
			return
		}
		if r == nil {
			return
		}
		for _, env := range []Env{desktopEnv, androidEnv, iphoneEnv} {
			_ = r.SharerForm(env, ProductionHosts)
			_ = r.TemplateRequest(env, ProductionHosts)
			if l, err := r.TalkLink(env, tpl); err == nil {
				_ = r.Launch(env, ProductionHosts, l)
			} else {
				_ = FailureURL(ProductionHosts, env.AppKey, FailurePayload(err))
			}
		}
		sent := jsvalue.MarshalString(r.Params)
		wire, err := jsvalue.Parse(sent)
		if err != nil {
			t.Fatalf("validation_params is not JSON: %v\n%s", err, sent)
		}
		back, err := ParseValidationParams(call.Action(), wire)
		if err != nil {
			t.Fatalf("the server side refuses what the SDK sends: %v\n%s", err, sent)
		}
		if got := jsvalue.MarshalString(back.Params); got != sent {
			t.Fatalf("round trip changed validation_params:\nsent %s\ngot  %s", sent, got)
		}
	})
}

// BenchmarkDessertFeed measures validate + encode of the documentation's dessert feed:
// Parse, then the sharer form (validation_params as JSON included).
func BenchmarkDessertFeed(b *testing.B) {
	settings := js(b, dessertFeed)
	b.ReportAllocs()
	for b.Loop() {
		r, err := Parse(SendDefault, settings, nil)
		if err != nil {
			b.Fatal(err)
		}
		_ = r.SharerForm(desktopEnv, ProductionHosts)
	}
}

// BenchmarkDessertFeedTalk measures the talk path's encoding: the kapi request and the
// KakaoTalk link from a canned answer.
func BenchmarkDessertFeedTalk(b *testing.B) {
	r, err := Parse(SendDefault, js(b, dessertFeed), nil)
	if err != nil {
		b.Fatal(err)
	}
	tpl, err := ParseTemplateAnswer(200, cannedAnswer)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = r.TemplateRequest(androidEnv, ProductionHosts)
		l, err := r.TalkLink(androidEnv, tpl)
		if err != nil {
			b.Fatal(err)
		}
		_ = r.Launch(androidEnv, ProductionHosts, l)
	}
}
