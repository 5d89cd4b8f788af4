package bridge

import (
	"errors"
	"strconv"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/share/jsvalue"
)

// Encode writes a plan as the text the loader carries out: one line of JSON,
//
//	{"return": <value>, "throw": <error>, "steps": [<step>...]}
//
// then, after a newline each, texts that the line names by number n (the text on line
// n+1): the texts of the form fields that hold JSON (the validation_params the sharer
// receives), and the steps of each else branch as JSON. JSON text holds no raw newline,
// so the loader parses the first line alone; the long texts are neither parsed into
// objects nor written again by JSON.stringify in the page, and a branch is parsed only
// when it runs (most never do: a blocked popup, a refused form).
// "return" is left out when undefined, "throw" when nil and "steps" when empty. A
// step is {"op": <share.Op>, ...} with the fields its op reads:
//
//	open      url, name, features, else (the number of the text holding its steps)
//	submit    form ({acceptCharset, method, action, target}: the form element's
//	          properties), fields ([[name, value]...]: value is the field's text, or
//	          the number n of the text on line n+1, JSON.stringify of a JSON value as
//	          jsvalue.Marshal writes it), wait (ms), else
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
	return string(AppendPlan(make([]byte, 0, 4<<10), &p))
}

// AppendPlan appends the text [Encode] returns to dst and returns the extended buffer:
// the engine writes each plan into the buffer it answers from, allocating nothing for a
// plan of at most four texts after its line (a sharer share has three).
func AppendPlan(dst []byte, p *share.Plan) []byte {
	w := writer{b: append(dst, '{'), first: true}
	if p.Return.Kind != jsvalue.Undefined {
		w.json("return", &p.Return)
	}
	if p.Throw != nil {
		w.err("throw", p.Throw)
	}
	if len(p.Steps) > 0 {
		w.steps("steps", p.Steps)
	}
	w.b = append(w.b, '}')
	for i := 0; i < w.n; i++ { // a branch's steps may name texts after it
		w.b = append(w.b, '\n')
		if t := w.text(i); t.json != nil {
			w.b = jsvalue.AppendJSON(w.b, t.json)
		} else {
			w.stepList(t.steps)
		}
	}
	return w.b
}

// writer appends the members of one JSON object to b, and keeps the n texts to write
// after it: the JSON values of form fields, and else branches; the first ones in an
// array (a sharer share has three), so that a plan's writer takes no memory of the heap.
type writer struct {
	b      []byte
	first  bool
	n      int
	first4 [4]text
	more   []text
}

// text is one text after the plan's line: a JSON value, or the steps of a branch.
type text struct {
	json  *jsvalue.Value
	steps []share.Step
}

// later adds t to the texts after the plan's line and writes its number.
func (w *writer) later(t text) {
	if w.n < len(w.first4) {
		w.first4[w.n] = t
	} else {
		w.more = append(w.more, t)
	}
	w.n++
	w.b = strconv.AppendInt(w.b, int64(w.n), 10)
}

// text returns the text numbered i+1.
func (w *writer) text(i int) text {
	if i < len(w.first4) {
		return w.first4[i]
	}
	return w.more[i-len(w.first4)]
}

// key writes the name of the next member: k is one of the encoder's own names (a
// literal of this file: nothing in it for JSON to escape). Not inlined: inlined into the
// writer's call sites, it costs kshare.wasm 10 KB.
//
//go:noinline
func (w *writer) key(k string) {
	if !w.first {
		w.b = append(w.b, ',')
	}
	w.first = false
	w.b = append(append(append(w.b, '"'), k...), '"', ':')
}

func (w *writer) str(k, v string) {
	w.key(k)
	w.b = jsvalue.AppendQuoted(w.b, v)
}

func (w *writer) num(k string, v int) {
	w.key(k)
	w.b = strconv.AppendInt(w.b, int64(v), 10)
}

// json writes v as JSON.stringify would (null where it would write nothing).
func (w *writer) json(k string, v *jsvalue.Value) {
	w.key(k)
	w.b = jsvalue.AppendJSON(w.b, v)
}

// object writes an object member whose members fill writes.
func (w *writer) object(k string, fill func()) {
	w.key(k)
	w.b, w.first = append(w.b, '{'), true
	fill() // writes the members with w: one writer for the whole plan, on the stack
	w.b, w.first = append(w.b, '}'), false
}

// pair writes the array [name, value]: a value with JSON set is written as the number
// of its text, which AppendPlan writes after the plan's line.
func (w *writer) pair(name, value string, json *jsvalue.Value) {
	w.b = append(w.b, '[')
	w.b = jsvalue.AppendQuoted(w.b, name)
	w.b = append(w.b, ',')
	if json != nil {
		w.later(text{json: json})
	} else {
		w.b = jsvalue.AppendQuoted(w.b, value)
	}
	w.b = append(w.b, ']')
}

// list writes an array member of n elements that elem writes.
func (w *writer) list(k string, n int, elem func(i int)) {
	w.key(k)
	w.b = append(w.b, '[')
	for i := 0; i < n; i++ {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		elem(i)
	}
	w.b = append(w.b, ']')
}

func (w *writer) steps(k string, steps []share.Step) {
	w.key(k)
	w.stepList(steps)
}

// stepList writes steps as a JSON array.
func (w *writer) stepList(steps []share.Step) {
	w.b = append(w.b, '[')
	for i := range steps {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.step(&steps[i])
	}
	w.b = append(w.b, ']')
}

func (w *writer) step(s *share.Step) {
	w.b, w.first = append(w.b, '{'), true
	w.str("op", string(s.Op))
	switch s.Op {
	case share.OpOpen:
		w.str("url", s.Popup.URL)
		w.str("name", s.Popup.Name)
		w.str("features", s.Popup.Features)
	case share.OpSubmit:
		f := s.Form
		w.object("form", func() {
			w.str("acceptCharset", share.FormCharset)
			w.str("method", share.FormMethod)
			w.str("action", f.Action)
			w.str("target", f.Target)
		})
		w.list("fields", len(f.Fields), func(i int) { w.pair(f.Fields[i].Name, f.Fields[i].Value, f.Fields[i].JSON) })
		w.num("wait", s.Wait)
	case share.OpFetch:
		r := s.Request
		w.str("url", r.URL)
		w.object("init", func() {
			w.str("method", r.Method)
			w.list("headers", len(r.Header), func(i int) { w.pair(r.Header[i].Name, r.Header[i].Value, nil) })
			if r.Body != "" {
				w.str("body", r.Body)
			}
			w.str("cache", share.CacheMode)
		})
		if r.FileField != "" {
			w.object("files", func() {
				w.str("name", r.FileField)
				w.list("refs", len(s.Files), func(i int) { w.b = strconv.AppendInt(w.b, int64(s.Files[i]-1), 10) })
			})
		}
		if s.Wait > 0 {
			w.num("wait", s.Wait)
		}
	case share.OpWait:
		w.num("ms", s.Wait)
	case share.OpNavigate:
		w.str("url", s.URL)
	case share.OpIframe:
		w.object("attrs", func() {
			w.str("id", share.LauncherName)
			w.str("name", share.LauncherName)
			w.num("width", 0)
			w.num("height", 0)
			w.str("src", s.URL)
		})
	case share.OpIfVisible:
		w.steps("then", s.Then)
	case share.OpResolve:
		w.json("value", &s.Value)
	case share.OpReject, share.OpRaise:
		w.err("error", s.Err)
	case share.OpWarn:
		w.str("text", s.Text)
	case share.OpCall:
		w.num("ref", s.Ref-1)
		if s.Err != nil {
			w.err("error", s.Err)
		} else {
			w.json("value", &s.Value)
		}
	case share.OpOnSent:
		w.num("ref", s.Ref-1)
		w.str("url", s.URL)
	}
	if len(s.Else) > 0 {
		w.key("else")
		w.later(text{steps: s.Else})
	}
	w.b, w.first = append(w.b, '}'), false
}

// err writes err as the loader builds the page's error from it (see Encode); an error
// that is not a *share.Error is an internal error.
func (w *writer) err(k string, err error) {
	e, ok := errors.AsType[*share.Error](err)
	if !ok {
		e = share.Internal(err.Error()).(*share.Error)
	}
	w.object(k, func() {
		w.str("name", e.Name())
		w.str("message", e.Error())
		w.str("code", string(e.Code))
		w.str("field", e.Field)
		if e.Code == share.CodeKAPI {
			props := kakaoProps(e)
			w.json("props", &props)
		}
	})
}

// kakaoProps is what an error of Kakao's server adds to the JS error: the members of its
// body (but those a JS error already has), Kakao's numeric code and the HTTP status.
func kakaoProps(e *share.Error) jsvalue.Value {
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
	return jsvalue.Obj(props...)
}
