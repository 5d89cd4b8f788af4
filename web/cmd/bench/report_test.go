package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBudgets(t *testing.T) {
	for _, tc := range []struct {
		name       string
		f          figure
		wantStatus string
		wantBudget string
	}{
		{"a value under its limit passes", figure{Value: 9.5, Unit: "µs"}.atMost(10), statusPass, "≤ 10.00 µs"},
		{"a value at its limit passes", figure{Value: 5734, Unit: "B"}.atMost(5734), statusPass, "≤ 5,734 B"},
		{"a value over its limit fails", figure{Value: 5839, Unit: "B"}.atMost(5734), statusFail, "≤ 5,734 B"},
		{"a ratio under its limit passes", figure{Value: 104, Unit: "ms"}.against("floor", 100).ratioAtMost(1.05), statusPass, "≤ 1.05×"},
		{"a ratio over its limit fails", figure{Value: 113, Unit: "ms"}.against("floor", 100).ratioAtMost(1.05), statusFail, "≤ 1.05×"},
		{"a ratio to nothing fails", figure{Value: 113, Unit: "ms"}.against("floor", 0).ratioAtMost(1.05), statusFail, "≤ 1.05×"},
		{"a goal missed does not fail", figure{Value: 900, Unit: "µs"}.against("official", 200).goalRatio(0.5), statusMissed, "goal ≤ 0.5×"},
		{"a goal met", figure{Value: 90, Unit: "µs"}.against("official", 200).goalRatio(0.5), statusMet, "goal ≤ 0.5×"},
		{"a reference alone informs", figure{Value: 36, Unit: "µs"}.against("floor", 35), statusInfo, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.wantStatus, tc.f.Status)
			assert.Equal(t, tc.wantBudget, tc.f.Budget)
		})
	}
}

func TestFailuresListsOnlyFailedBudgets(t *testing.T) {
	figs := []figure{
		{ID: "a", Status: statusPass}, {ID: "b", Status: statusFail}, {ID: "c", Status: statusMissed},
		{ID: "d", Status: statusSkip}, {ID: "e", Status: statusFail},
	}
	got := failures(figs)
	require.Len(t, got, 2)
	assert.Equal(t, []string{"b", "e"}, []string{got[0].ID, got[1].ID})
}

func TestThousands(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {2470435, "2,470,435"}, {-5734, "-5,734"}} {
		assert.Equal(t, tc.want, thousands(tc.n))
	}
}

func TestReadFeedTakesTheSettingsOfTheFirstLine(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.txt")
	require.NoError(t, os.WriteFile(good, []byte("# Share.sendDefault({\"objectType\":\"text\"})\n## validation_params\n{}\n"), 0o644))
	got, err := readFeed(good)
	require.NoError(t, err)
	assert.Equal(t, `{"objectType":"text"}`, got)

	bad := filepath.Join(dir, "bad.txt")
	require.NoError(t, os.WriteFile(bad, []byte("{\"objectType\":\"text\"}\n"), 0o644))
	_, err = readFeed(bad)
	assert.Error(t, err)
}

func TestReadOfficialNamesTheVersionOfTheBanner(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, text, version string
	}{
		{"2.7.4", "/*!\n * Kakao SDK for JavaScript - v2.7.4\n *\n */\n!function(){}();\n", "2.7.4"},
		{"another version", "/*!\n * Kakao SDK for JavaScript - v2.7.1\n */\n", "2.7.1"},
		{"not the SDK", "console.log(1)\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name+".js")
			require.NoError(t, os.WriteFile(p, []byte(tc.text), 0o644))
			got, err := readOfficial(p)
			if tc.version == "" {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.version, got.Version)
			assert.Equal(t, len(tc.text), got.Bytes)
			assert.Regexp(t, `^sha384-[A-Za-z0-9+/]{64}$`, got.SRI)
		})
	}
}
