package main

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/wasm/bridge"
	"github.com/kshare/kshare/web/static"
)

var update = flag.Bool("update", false, "rewrite js/testdata/stamps.json and browsers.json")

// fakeBuild is a build directory with a made-up engine, and the inputs of the build.
func fakeBuild(t *testing.T) options {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "kshare.wasm"), []byte("\x00asm fake engine"), 0o644))
	execFile := filepath.Join(t.TempDir(), "wasm_exec.js")
	require.NoError(t, os.WriteFile(execFile, []byte("\"use strict\";\n(() => { globalThis.Go = class {}; })();\n"), 0o644))
	js := func(name string) string { return filepath.Join("..", "..", "..", "js", name) }
	return options{out: dir, loader: js("kshare.js"), runner: js("runner.js"), module: js("module.js"), readme: js("npm-README.md"),
		types: js("kakao-share.d.ts"), exec: execFile}
}

func sri384(b []byte) string {
	sum := sha512.Sum384(b)
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}

// stampedAssets reads the assets object the build stamped into a loader.
func stampedAssets(t *testing.T, loader []byte) map[string]json.RawMessage {
	t.Helper()
	i := bytes.Index(loader, []byte(`{base:`))
	require.GreaterOrEqual(t, i, 0, "the assets are stamped")
	end := bytes.Index(loader[i:], []byte("}}")) + 2
	js := string(loader[i : i+end])
	for _, k := range []string{"base", "v", "sri", "sha256"} {
		js = strings.ReplaceAll(js, k+":", `"`+k+`":`)
	}
	var out map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(js), &out), js)
	return out
}

func TestWriteStampsEveryAssetWithItsIntegrity(t *testing.T) {
	o := fakeBuild(t)
	var stdout bytes.Buffer
	require.NoError(t, run([]string{"-out", o.out, "-exec", o.exec, "-js", o.loader, "-runner", o.runner, "-module", o.module, "-readme", o.readme, "-types", o.types}, &stdout))

	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(o.out, name))
		require.NoError(t, err)
		return b
	}
	wasm, execJS, loader, emulated := read("kshare.wasm"), read("wasm_exec.js"), read("kshare.js"), read("emulated/kshare.js")
	assert.Equal(t, sri384(loader)+" kshare.js\n"+sri384(emulated)+" emulated/kshare.js\n"+
		sri384(wasm)+" kshare.wasm?v="+static.ContentHash(wasm)+"\n"+sri384(execJS)+" wasm_exec.js?v="+static.ContentHash(execJS)+"\n",
		string(read("integrity.txt")))
	assert.Contains(t, stdout.String(), `integrity="`+sri384(loader)+`"`, "the script tag is printed")

	for _, l := range []struct {
		name string
		text []byte
		base string
	}{{"kshare.js", loader, `""`}, {"emulated/kshare.js", emulated, `"../"`}} {
		t.Run(l.name, func(t *testing.T) {
			a := stampedAssets(t, l.text)
			sum := sha256.Sum256(wasm)
			assert.JSONEq(t, `{"v":"`+static.ContentHash(wasm)+`","sri":"`+sri384(wasm)+`","sha256":"`+base64.StdEncoding.EncodeToString(sum[:])+`"}`,
				string(a["kshare.wasm"]), "the wasm's SHA-256 too, which the loader checks with WebCrypto")
			assert.JSONEq(t, `{"v":"`+static.ContentHash(execJS)+`","sri":"`+sri384(execJS)+`"}`, string(a["wasm_exec.js"]))
			assert.Equal(t, l.base, string(a["base"]))
			assert.NotContains(t, string(l.text), "/*@", "no marker is left")
			assert.Contains(t, string(l.text), `"`+share.SDKVersion+`"`)
		})
	}
	assert.Contains(t, string(emulated), `"self"`, "the emulated copy defaults to its own origin's emulator")
	assert.True(t, bytes.HasPrefix(execJS, []byte("/* Go's wasm_exec.js")), "wasm_exec.js is wrapped")
	assert.Contains(t, string(execJS), "(function (globalThis) { with (globalThis) {\n\"use strict\";")
	assert.Contains(t, string(execJS), "window.__kshare.exec(sandbox.Go && class extends sandbox.Go { constructor() { super(); this.env = { GOGC: '25' }; } },\nfunction runner(")

	if node, err := exec.LookPath("node"); err == nil {
		for _, name := range []string{"kshare.js", "emulated/kshare.js", "wasm_exec.js"} {
			out, err := exec.Command(node, "--check", filepath.Join(o.out, name)).CombinedOutput()
			assert.NoError(t, err, "%s parses: %s", name, out)
		}
	}
}

// TestWriteTheNPMPackage: npm/ holds the package: a manifest whose exports and files
// name files of the folder, the ES module with its factory and its bundler-visible
// asset URLs, the script tag's file and the engine as web/dist has them, and the
// module's declarations.
func TestWriteTheNPMPackage(t *testing.T) {
	o := fakeBuild(t)
	_, err := write(o)
	require.NoError(t, err)
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(o.out, filepath.FromSlash(name)))
		require.NoError(t, err)
		return b
	}
	var manifest struct {
		Name, Version, Type, Main, Types string
		Exports                          map[string]any
		Files, SideEffects               []string
	}
	require.NoError(t, json.Unmarshal(read("npm/package.json"), &manifest))
	assert.Equal(t, "kshare", manifest.Name)
	assert.Regexp(t, `^\d+\.\d+\.\d+$`, manifest.Version)
	assert.Equal(t, "module", manifest.Type)
	assert.Equal(t, map[string]any{"types": "./index.d.ts", "default": "./kshare.mjs"}, manifest.Exports["."])
	assert.Equal(t, []string{"./kshare.js"}, manifest.SideEffects, "the module has no side effects; the script tag's file has")
	for _, f := range manifest.Files {
		read("npm/" + f) // every listed file is there
	}
	for sub, target := range manifest.Exports {
		if s, ok := target.(string); ok {
			assert.Equal(t, "./"+strings.TrimPrefix(sub, "./"), s)
			read("npm/" + strings.TrimPrefix(s, "./"))
		}
	}

	mjs := string(read("npm/kshare.mjs"))
	for _, want := range []string{`new URL("./kshare.wasm",import.meta.url)`, `new URL("./wasm_exec.js",import.meta.url)`, "export{", `"2.7.4"`} {
		assert.Contains(t, mjs, want)
	}
	assert.NotContains(t, mjs, "/*@", "every marker stamped")
	assert.Equal(t, read("kshare.js"), read("npm/kshare.js"))
	assert.Equal(t, read("kshare.wasm"), read("npm/kshare.wasm"))
	assert.Equal(t, read("wasm_exec.js"), read("npm/wasm_exec.js"))

	types := string(read("npm/index.d.ts"))
	assert.Contains(t, types, "export declare namespace Kakao {")
	assert.Contains(t, types, "export declare const Kakao: Kakao.Static;")
	assert.Contains(t, types, "export declare function configure(options: Options): void;")
	assert.NotContains(t, types, "interface Window", "the module declares no global")
}

func TestWriteTheEmulatorDefault(t *testing.T) {
	o := fakeBuild(t)
	o.emulator = "http://127.0.0.1:8080"
	_, err := write(o)
	require.NoError(t, err)
	loader, err := os.ReadFile(filepath.Join(o.out, "kshare.js"))
	require.NoError(t, err)
	assert.Contains(t, string(loader), `"http://127.0.0.1:8080"`)
}

func TestWriteRefuses(t *testing.T) {
	tests := []struct {
		name    string
		change  func(*options)
		wantErr string
	}{
		{"an emulator that is no base URL", func(o *options) { o.emulator = "ftp://x" }, "-emulator: kshare: data-emulator must be an http(s) base URL"},
		{"a build without the engine", func(o *options) { o.out = t.TempDir() }, "build the engine first"},
		{"a missing wasm_exec.js", func(o *options) { o.exec = filepath.Join(t.TempDir(), "none.js") }, "none.js"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := fakeBuild(t)
			tt.change(&o)
			_, err := write(o)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestStampRefusesAMarkerMissingOrTwice(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "..", "js", "kshare.js"))
	require.NoError(t, err)
	for _, m := range markers {
		t.Run(m, func(t *testing.T) {
			_, err := stamp(strings.Replace(string(src), m, "null", 1), nil, "", "")
			assert.ErrorContains(t, err, "is there 0 times")
			_, err = stamp(string(src)+"\n"+m, nil, "", "")
			assert.ErrorContains(t, err, "is there 2 times")
		})
	}
}

// browserCorpus is the user agents of the loader's rule test: whether the sharer window
// opens inside a click before the engine is ready must be share's answer for each.
var browserCorpus = []struct {
	ua    string
	touch int
}{
	{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", 0},
	{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", 0},
	{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", 5},
	{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", 0},
	{"Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36", 5},
	{"Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", 5},
	{"Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36 OPR/80.0", 5},
	{"Mozilla/5.0 (Linux; Android 12; HUAWEI P50) AppleWebKit/537.36 (KHTML, like Gecko) HuaweiBrowser/13.0 Mobile Safari/537.36", 5},
	{"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1", 5},
	{"Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1", 5},
	{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 KAKAOTALK 10.6.5", 0},
	{"Mozilla/5.0 (Linux; Android 14; SM-S918N; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0 Mobile Safari/537.36 KAKAOTALK 10.6.5", 5},
	{"Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0", 5},
	{"Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0 Mobile Safari/537.36 Edge/15.15063", 5},
}

// TestLoaderTestdata keeps the files the loader's node tests read from the Go side in
// step: stamps.json (what the build stamps: the bounds and the sharer window with its
// browser rule; and how it wraps wasm_exec.js) and browsers.json (share's path for each user agent of the corpus,
// with the default throughTalk). go test ./web/cmd/dist -run TestLoaderTestdata
// -update rewrites them.
func TestLoaderTestdata(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "js", "testdata")
	parts := strings.Split(string(wrapExec([]byte("\x00"), "\x01")), "\x00")
	before, rest := parts[0], parts[1]
	middle, after, _ := strings.Cut(rest, "\x01")
	stamps, err := json.MarshalIndent(map[string]any{
		"limits":  []int{bridge.MaxValues, bridge.MaxText, bridge.MaxDepth},
		"gesture": json.RawMessage(share.PopupRuleJSON()),
		"exec":    []string{before, middle, after},
	}, "", "  ")
	require.NoError(t, err)
	type row struct {
		UA    string `json:"ua"`
		Touch int    `json:"touch"`
		Talk  bool   `json:"talk"`
	}
	var rows []row
	r := &share.Request{ThroughTalk: true}
	for _, b := range browserCorpus {
		rows = append(rows, row{b.ua, b.touch, r.Path(share.Env{UserAgent: b.ua, MaxTouchPoints: b.touch}) == share.PathTalk})
	}
	browsers, err := json.MarshalIndent(rows, "", "  ")
	require.NoError(t, err)
	for name, want := range map[string][]byte{"stamps.json": append(stamps, '\n'), "browsers.json": append(browsers, '\n')} {
		path := filepath.Join(dir, name)
		if *update {
			require.NoError(t, os.WriteFile(path, want, 0o644))
		}
		got, err := os.ReadFile(path)
		require.NoError(t, err, "go test ./web/cmd/dist -run TestLoaderTestdata -update writes it")
		assert.Equal(t, string(want), string(got), name)
	}
	assert.Contains(t, string(browsers), `"talk": true`)
	assert.Contains(t, string(browsers), `"talk": false`)
}
