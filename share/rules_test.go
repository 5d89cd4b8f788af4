package share

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestEveryFieldsWireIsItsSnakeCase checks the wire key written beside every key of every
// rule (the top-level rules of every call, their nested rules, the image calls'): it is
// the key's snakeCase, as the official SDK converts keys.
func TestEveryFieldsWireIsItsSnakeCase(t *testing.T) {
	seen := map[*field]bool{}
	var walk func(r *objectRule)
	walk = func(r *objectRule) {
		for _, fields := range [][]*field{r.required, r.optional} {
			for _, f := range fields {
				if seen[f] {
					continue
				}
				seen[f] = true
				assert.Equal(t, snakeCase(f.key), f.wire, "the wire key of %q", f.key)
				if f.nested != nil {
					walk(f.nested)
				}
			}
		}
	}
	for _, r := range callRules {
		walk(r.rule)
	}
	for _, r := range []*objectRule{uploadRule, imageRule} {
		walk(r)
	}
	assert.Greater(t, len(seen), 60, "every rule's fields were walked")
}

// TestCallRulesExtendTheirBaseRules checks what init builds for every send and create
// call: the base rule's required keys (then the container, for create calls) and its
// optional keys, then the common ones, each rule's lists its own.
func TestCallRulesExtendTheirBaseRules(t *testing.T) {
	keys := []callRuleKey{{action: ActionCustom}, {action: ActionScrap}}
	for _, o := range ObjectTypes {
		keys = append(keys, callRuleKey{action: ActionDefault, objectType: o})
	}
	for _, k := range keys {
		for _, create := range []bool{false, true} {
			k.create = create
			r, base := ruleOf(k), baseRule(k)
			if !assert.NotNil(t, r, "%+v has a rule", k) {
				continue
			}
			required := append([]*field(nil), base.required...)
			if create {
				required = append(required, &fContainer)
			}
			assert.Equal(t, required, r.required, "%+v: required", k)
			assert.Equal(t, append(append([]*field(nil), base.optional...), commonOptional...), r.optional, "%+v: optional", k)
			assert.Equal(t, len(r.required), cap(r.required), "%+v: appending to required copies it", k)
			assert.Equal(t, len(r.optional), cap(r.optional), "%+v: appending to optional copies it", k)
		}
	}
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
