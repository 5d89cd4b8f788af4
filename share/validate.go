package share

import (
	"strings"

	"github.com/kshare/kshare/share/jsvalue"
)

// validateObject runs the official SDK's rule processor (protocol §3.1) on v with label
// as the caller in messages:
//
//  1. undefined is read as {}; anything else that is not object-like is the plain
//     Error "params should be an Object";
//  2. required keys absent from Object.keys(v) → "Missing required keys";
//  3. keys the rule does not know → "Invalid parameter keys" (in key order);
//  4. each key, in key order: its check ("Illegal argument for"), its size rule, and,
//     when nested is true, its nested rule.
//
// An error's Field is the path below v ("" for v itself): each caller puts its own key
// in front on the way up ([under]), so that no path is made as text for a share that
// passes. With nested true it returns the wire form of v: an object, its member lists
// taken from slab, whose keys are the snake_case forms of v's keys, holding nested
// objects in wire form and other values unchanged. With nested false (the top level of
// a call) it returns nothing useful.
func validateObject(v *jsvalue.Value, rule *objectRule, label string, nested bool, slab *jsvalue.Slab) (jsvalue.Value, error) {
	if v.Kind == jsvalue.Undefined {
		v = &jsvalue.Value{Kind: jsvalue.Object}
	}
	if !v.IsObjectLike() {
		return jsvalue.Value{}, paramsNotObject("", *v)
	}
	entries := v.Entries()
	var missing []string
	for i := range rule.required {
		if !v.Has(rule.required[i].key) {
			missing = append(missing, rule.required[i].key)
		}
	}
	if len(missing) > 0 {
		return jsvalue.Value{}, missingKeys(label, missing[0], missing)
	}
	var unknown []string
	var known [24]*field // the rule of each key, found once (most objects have fewer)
	fields := known[:0]
	for i := range entries {
		f, ok := rule.find(entries[i].Key)
		if !ok {
			unknown = append(unknown, entries[i].Key)
		}
		fields = append(fields, f)
	}
	if len(unknown) > 0 {
		return jsvalue.Value{}, invalidKeys(label, unknown[0], unknown)
	}
	var out []jsvalue.Member
	if nested {
		out = slab.Members(len(entries))
	}
	for i := range entries {
		m, f := &entries[i], fields[i]
		if err := checkField(f, &m.Value, label); err != nil {
			return jsvalue.Value{}, err
		}
		if !nested {
			continue
		}
		if f.nested == nil {
			out = append(out, jsvalue.Member{Key: f.wire, Value: m.Value})
			continue
		}
		w, err := nestedWire(f, &m.Value, slab)
		if err != nil {
			return jsvalue.Value{}, under(m.Key, err)
		}
		out = append(out, jsvalue.Member{Key: f.wire, Value: w})
	}
	if nested && rule.wire != nil {
		out = rule.wire(out)
	}
	return jsvalue.Value{Kind: jsvalue.Object, Members: out}, nil
}

// validateSettings is validateObject at the top level of a call: an error's Field is
// the path of the field from the settings, "settings" for the settings themselves.
func validateSettings(v jsvalue.Value, rule *objectRule, call Call) error {
	_, err := validateObject(&v, rule, string(call), false, nil)
	if e, ok := err.(*Error); ok && e.Field == "" {
		e.Field = "settings"
	}
	return err
}

// checkField applies a key's check and size rule to v, the value of f.key (the Field
// of its error).
func checkField(f *field, v *jsvalue.Value, label string) error {
	if f.check != nil {
		if reason := f.check(v); reason != "" {
			return illegal(f.key, label, f.key, reason)
		}
	}
	if f.size != nil {
		if err := f.size(len(v.Elems)); err != nil {
			err.Field = f.key
			return err
		}
	}
	return nil
}

// nestedWire validates v with the key's nested rule (every element of it for an "each"
// key) and returns its wire form, its lists taken from slab; a key without a nested
// rule is returned unchanged. An error's Field is the path below v, as validateObject's.
func nestedWire(f *field, v *jsvalue.Value, slab *jsvalue.Slab) (jsvalue.Value, error) {
	switch {
	case f.nested == nil:
		return *v, nil
	case !f.each:
		return validateObject(v, f.nested, f.label, true, slab)
	}
	out := slab.Elems(len(v.Elems))
	for i := range v.Elems {
		w, err := validateObject(&v.Elems[i], f.nested, f.label, true, slab)
		if err != nil {
			return jsvalue.Value{}, underIndex(i, err)
		}
		out[i] = w
	}
	return jsvalue.Value{Kind: jsvalue.Array, Elems: out}, nil
}

// camelCase reverses the official SDK's snake_case of keys ("image_url" → "imageUrl"),
// for reading the wire form.
func camelCase(key string) string {
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c == '_' && i+1 < len(key) && 'a' <= key[i+1] && key[i+1] <= 'z' {
			i++
			c = key[i] - ('a' - 'A')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// withDefaults returns v as a plain object, its members taken from slab, with the
// defaults set for keys whose value is undefined (absent keys are appended, as the
// official SDK's assignment does).
func withDefaults(v jsvalue.Value, defaults []jsvalue.Member, slab *jsvalue.Slab) jsvalue.Value {
	members := append(slab.Members(len(v.Members)+len(defaults)), v.Entries()...)
	for _, d := range defaults {
		if cur, ok := v.Get(d.Key); !ok || cur.Kind == jsvalue.Undefined {
			members = jsvalue.Set(members, d.Key, d.Value)
		}
	}
	return jsvalue.Value{Kind: jsvalue.Object, Members: members}
}

// findMalformed returns the path of the first string in v (keys included) that held a
// lone UTF-16 surrogate, and whether there is one.
func findMalformed(v *jsvalue.Value, path string) (string, bool) {
	if !anyMalformed(v) {
		return "", false
	}
	if v.IllFormed {
		return path, true
	}
	for i := range v.Elems {
		if p, ok := findMalformed(&v.Elems[i], indexPath(path, i)); ok {
			return p, true
		}
	}
	for i := range v.Members {
		if p, ok := findMalformed(&v.Members[i].Value, childPath(path, v.Members[i].Key)); ok {
			return p, true
		}
	}
	return "", false
}

// anyMalformed reports whether v holds a string with a lone surrogate (paths are built
// only when it does).
func anyMalformed(v *jsvalue.Value) bool {
	if v.IllFormed {
		return true
	}
	for i := range v.Elems {
		if anyMalformed(&v.Elems[i]) {
			return true
		}
	}
	for i := range v.Members {
		if anyMalformed(&v.Members[i].Value) {
			return true
		}
	}
	return false
}

// checkWellFormed refuses settings holding a lone surrogate anywhere (DESIGN.md
// difference 13): Go strings are UTF-8 and cannot carry it.
func checkWellFormed(call Call, settings jsvalue.Value) error {
	p, ok := findMalformed(&settings, "")
	if !ok {
		return nil
	}
	key := lastKey(p)
	if key == "" {
		key = "settings"
		p = "settings"
	}
	return &Error{Code: CodeMalformedString, Field: p,
		Message: `Illegal argument for "` + key + `" in ` + string(call),
		Reason:  "not well-formed Unicode: a lone UTF-16 surrogate"}
}
