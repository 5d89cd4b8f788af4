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
//	submit    form ({acceptCharset, method, action, target}: the form element's
//	          properties), fields ([[name, value]...]), wait (ms), else
//	fetch     url, init ({method, headers: [[name, value]...], body, cache}: fetch's),
//	          files ({name, refs}), wait (ms, when the answer has a deadline), else
//	wait      ms
//	navigate  url
//	iframe    attrs ({id, name, width, height, src}: the iframe element's properties)
//	ifVisible then
//	resolve   value
//	reject, raise      error
//	warn      text
//	call      ref, value or error
//	onSent    ref, url (the origin whose "sent" message calls ref)
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

// object writes an object member whose members fill writes.
func (w *fieldWriter) object(k string, fill func(*fieldWriter)) {
	w.key(k)
	w.b.WriteByte('{')
	fill(&fieldWriter{b: w.b, first: true})
	w.b.WriteByte('}')
}

// value writes v as JSON.stringify would (null where it would write nothing).
func (w *fieldWriter) value(k string, v jsvalue.Value) {
	w.key(k)
	if text, ok := jsvalue.Marshal(v); ok {
		w.b.WriteString(text)
	} else {
		w.b.WriteString("null")
	}
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
		w.object("form", func(o *fieldWriter) {
			o.str("acceptCharset", share.FormCharset)
			o.str("method", share.FormMethod)
			o.str("action", f.Action)
			o.str("target", f.Target)
		})
		w.pairs("fields", len(f.Fields), func(i int) (string, string) { return f.Fields[i].Name, f.Fields[i].Value })
		w.num("wait", int64(s.Wait))
	case share.OpFetch:
		r := s.Request
		w.str("url", r.URL)
		w.object("init", func(o *fieldWriter) {
			o.str("method", r.Method)
			o.pairs("headers", len(r.Header), func(i int) (string, string) { return r.Header[i].Name, r.Header[i].Value })
			if r.Body != "" {
				o.str("body", r.Body)
			}
			o.str("cache", share.CacheMode)
		})
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
		if s.Wait > 0 {
			w.num("wait", int64(s.Wait))
		}
	case share.OpWait:
		w.num("ms", int64(s.Wait))
	case share.OpNavigate:
		w.str("url", s.URL)
	case share.OpIframe:
		w.object("attrs", func(o *fieldWriter) {
			o.str("id", share.LauncherName)
			o.str("name", share.LauncherName)
			o.num("width", 0)
			o.num("height", 0)
			o.str("src", s.URL)
		})
	case share.OpIfVisible:
		w.steps("then", s.Then)
	case share.OpResolve:
		w.value("value", s.Value)
	case share.OpReject, share.OpRaise:
		w.key("error")
		writeError(b, s.Err)
	case share.OpWarn:
		w.str("text", s.Text)
	case share.OpCall:
		w.num("ref", int64(s.Ref-1))
		if s.Err != nil {
			w.key("error")
			writeError(b, s.Err)
		} else {
			w.value("value", s.Value)
		}
	case share.OpOnSent:
		w.num("ref", int64(s.Ref-1))
		w.str("url", s.URL)
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
