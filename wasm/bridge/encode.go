package bridge

import (
	"errors"
	"strconv"
	"strings"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
)

// Encode writes a plan as the JSON text the loader carries out:
//
//	{"return": <value>, "throw": <error>, "steps": [<step>...]}
//
// with "return" left out when undefined, "throw" when nil and "steps" when empty. A
// step is {"op": <share.Op>, ...} with the fields its op reads:
//
//	open      url, name, features, else
//	submit    action, target, fields ([[name, value]...]), wait (ms), else
//	fetch     method, url, headers ([[name, value]...]), body, files ({name, refs})
//	wait      ms
//	navigate, iframe   url
//	ifVisible then
//	resolve   value
//	reject, raise      error
//	warn      text
//	close, bind, unbindAll
//
// An error is {"name", "message", "code", "field"} plus "props", properties the loader
// copies onto the JS error: for an answer of Kakao's server, every member of Kakao's
// error body (msg, recovery_action...), code (Kakao's number) and status.
func Encode(p share.Plan) string {
	var b strings.Builder
	b.WriteByte('{')
	sep := ""
	if p.Return.Kind != jsvalue.Undefined {
		b.WriteString(`"return":`)
		b.WriteString(jsvalue.MarshalString(p.Return))
		sep = ","
	}
	if p.Throw != nil {
		b.WriteString(sep + `"throw":`)
		writeError(&b, p.Throw)
		sep = ","
	}
	if len(p.Steps) > 0 {
		b.WriteString(sep + `"steps":`)
		writeSteps(&b, p.Steps)
	}
	b.WriteByte('}')
	return b.String()
}

// fieldWriter writes the members of one JSON object.
type fieldWriter struct {
	b     *strings.Builder
	first bool
}

func (w *fieldWriter) key(k string) {
	if !w.first {
		w.b.WriteByte(',')
	}
	w.first = false
	w.b.WriteString(jsvalue.QuoteJSON(k))
	w.b.WriteByte(':')
}

func (w *fieldWriter) str(k, v string) {
	w.key(k)
	w.b.WriteString(jsvalue.QuoteJSON(v))
}

func (w *fieldWriter) num(k string, v int64) {
	w.key(k)
	w.b.WriteString(strconv.FormatInt(v, 10))
}

func (w *fieldWriter) pairs(k string, n int, pair func(int) (string, string)) {
	w.key(k)
	w.b.WriteByte('[')
	for i := 0; i < n; i++ {
		if i > 0 {
			w.b.WriteByte(',')
		}
		name, value := pair(i)
		w.b.WriteString("[" + jsvalue.QuoteJSON(name) + "," + jsvalue.QuoteJSON(value) + "]")
	}
	w.b.WriteByte(']')
}

func (w *fieldWriter) steps(k string, steps []share.Step) {
	w.key(k)
	writeSteps(w.b, steps)
}

func writeSteps(b *strings.Builder, steps []share.Step) {
	b.WriteByte('[')
	for i, s := range steps {
		if i > 0 {
			b.WriteByte(',')
		}
		writeStep(b, s)
	}
	b.WriteByte(']')
}

func writeStep(b *strings.Builder, s share.Step) {
	b.WriteByte('{')
	w := &fieldWriter{b: b, first: true}
	w.str("op", string(s.Op))
	switch s.Op {
	case share.OpOpen:
		w.str("url", s.Popup.URL)
		w.str("name", s.Popup.Name)
		w.str("features", s.Popup.Features)
	case share.OpSubmit:
		f := s.Form
		w.str("action", f.Action)
		w.str("target", f.Target)
		w.pairs("fields", len(f.Fields), func(i int) (string, string) { return f.Fields[i].Name, f.Fields[i].Value })
		w.num("wait", int64(s.Wait))
	case share.OpFetch:
		r := s.Request
		w.str("method", r.Method)
		w.str("url", r.URL)
		w.pairs("headers", len(r.Header), func(i int) (string, string) { return r.Header[i].Name, r.Header[i].Value })
		if r.Body != "" {
			w.str("body", r.Body)
		}
		if r.FileField != "" {
			w.key("files")
			b.WriteString(`{"name":` + jsvalue.QuoteJSON(r.FileField) + `,"refs":[`)
			for i, ref := range s.Files {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(strconv.Itoa(ref - 1))
			}
			b.WriteString("]}")
		}
	case share.OpWait:
		w.num("ms", int64(s.Wait))
	case share.OpNavigate, share.OpIframe:
		w.str("url", s.URL)
	case share.OpIfVisible:
		w.steps("then", s.Then)
	case share.OpResolve:
		w.key("value")
		if text, ok := jsvalue.Marshal(s.Value); ok {
			b.WriteString(text)
		} else {
			b.WriteString("null")
		}
	case share.OpReject, share.OpRaise:
		w.key("error")
		writeError(b, s.Err)
	case share.OpWarn:
		w.str("text", s.Text)
	}
	if len(s.Else) > 0 {
		w.steps("else", s.Else)
	}
	b.WriteByte('}')
}

// writeError writes err as the loader builds the page's error from it (see Encode);
// an error that is not a *share.Error is an internal error.
func writeError(b *strings.Builder, err error) {
	e, ok := errors.AsType[*share.Error](err)
	if !ok {
		e = share.Internal(err.Error()).(*share.Error)
	}
	b.WriteByte('{')
	w := &fieldWriter{b: b, first: true}
	w.str("name", e.Name())
	w.str("message", e.Error())
	w.str("code", string(e.Code))
	w.str("field", e.Field)
	if e.Code == share.CodeKAPI {
		w.key("props")
		writeKakaoProps(b, e)
	}
	b.WriteByte('}')
}

// writeKakaoProps writes what an error of Kakao's server adds to the JS error: the
// members of its body (but those a JS error already has), Kakao's numeric code and the
// HTTP status.
func writeKakaoProps(b *strings.Builder, e *share.Error) {
	var props []jsvalue.Member
	for _, m := range e.Body.Entries() {
		switch m.Key {
		case "name", "message", "stack", "field":
			continue
		}
		props = jsvalue.Set(props, m.Key, m.Value)
	}
	if e.KakaoCode != 0 {
		props = jsvalue.Set(props, "code", jsvalue.Num(float64(e.KakaoCode)))
	}
	props = jsvalue.Set(props, "status", jsvalue.Num(float64(e.Status)))
	b.WriteString(jsvalue.MarshalString(jsvalue.Obj(props...)))
}
