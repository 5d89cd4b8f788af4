package share

import (
	"strings"

	"github.com/kshare/kshare/share/jsvalue"
)

// validateObject runs the official SDK's rule processor (protocol §3.1) on v with label
// as the caller in messages and path as the field path of v:
//
//  1. undefined is read as {}; anything else that is not object-like is the plain
//     Error "params should be an Object";
//  2. required keys absent from Object.keys(v) → "Missing required keys";
//  3. keys the rule does not know → "Invalid parameter keys" (in key order);
//  4. each key, in key order: its check ("Illegal argument for"), its size rule, and,
//     when nested is true, its nested rule.
//
// With nested true it returns the wire form of v: a new object whose keys are the
// snake_case forms of v's keys, holding nested objects in wire form and other values
// unchanged. With nested false (the top level of a call) it returns nothing useful.
func validateObject(v jsvalue.Value, rule *objectRule, label, path string, nested bool) (jsvalue.Value, error) {
	if v.Kind == jsvalue.Undefined {
		v = jsvalue.Obj()
	}
	if !v.IsObjectLike() {
		return jsvalue.Value{}, paramsNotObject(path, v)
	}
	entries := v.Entries()
	var missing []string
	for i := range rule.required {
		if !v.Has(rule.required[i].key) {
			missing = append(missing, rule.required[i].key)
		}
	}
	if len(missing) > 0 {
		return jsvalue.Value{}, missingKeys(label, childPath(path, missing[0]), missing)
	}
	var unknown []string
	for i := range entries {
		if _, ok := rule.find(entries[i].Key); !ok {
			unknown = append(unknown, entries[i].Key)
		}
	}
	if len(unknown) > 0 {
		return jsvalue.Value{}, invalidKeys(label, childPath(path, unknown[0]), unknown)
	}
	var out []jsvalue.Member
	if nested {
		out = make([]jsvalue.Member, 0, len(entries))
	}
	for i := range entries {
		m := &entries[i]
		f, _ := rule.find(m.Key)
		if err := checkField(f, &m.Value, label, path); err != nil {
			return jsvalue.Value{}, err
		}
		if !nested {
			continue
		}
		if f.nested == nil {
			out = append(out, jsvalue.Member{Key: f.wire, Value: m.Value})
			continue
		}
		w, err := nestedWire(f, &m.Value, childPath(path, m.Key))
		if err != nil {
			return jsvalue.Value{}, err
		}
		out = append(out, jsvalue.Member{Key: f.wire, Value: w})
	}
	if nested && rule.wire != nil {
		out = rule.wire(out)
	}
	return jsvalue.Obj(out...), nil
}

// checkField applies a key's check and size rule to v, the value of f.key in the object
// at parent (the field path is built only for an error).
func checkField(f *field, v *jsvalue.Value, label, parent string) error {
	if f.check != nil {
		if reason := f.check(*v); reason != "" {
			return illegal(f.key, label, childPath(parent, f.key), reason)
		}
	}
	if f.size != nil {
		if err := f.size(label, childPath(parent, f.key), len(v.Elems)); err != nil {
			return err
		}
	}
	return nil
}

// nestedWire validates v with the key's nested rule (every element of it for an "each"
// key) and returns its wire form; a key without a nested rule is returned unchanged.
func nestedWire(f *field, v *jsvalue.Value, path string) (jsvalue.Value, error) {
	switch {
	case f.nested == nil:
		return *v, nil
	case !f.each:
		return validateObject(*v, f.nested, f.label, path, true)
	}
	out := make([]jsvalue.Value, len(v.Elems))
	for i := range v.Elems {
		w, err := validateObject(v.Elems[i], f.nested, f.label, indexPath(path, i), true)
		if err != nil {
			return jsvalue.Value{}, err
		}
		out[i] = w
	}
	return jsvalue.Arr(out...), nil
}

// snakeCase converts a key as the official SDK does: every upper-case ASCII letter X
// becomes "_x" ("imageUrl" → "image_url").
func snakeCase(key string) string {
	if strings.IndexFunc(key, func(r rune) bool { return 'A' <= r && r <= 'Z' }) < 0 {
		return key
	}
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		c := key[i]
		if 'A' <= c && c <= 'Z' {
			b.WriteByte('_')
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// camelCase reverses snakeCase ("image_url" → "imageUrl"), for reading the wire form.
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

// withDefaults returns v as a plain object with the defaults set for keys whose value
// is undefined (absent keys are appended, as the official SDK's assignment does).
func withDefaults(v jsvalue.Value, defaults []jsvalue.Member) jsvalue.Value {
	members := append(make([]jsvalue.Member, 0, len(v.Members)+len(defaults)), v.Entries()...)
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
