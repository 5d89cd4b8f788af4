package main

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/kshare/kshare/share"
	"github.com/kshare/kshare/wasm/bridge"
	"github.com/kshare/kshare/web/static"
)

// options are the inputs of one build.
type options struct {
	out, loader, runner, module, readme, types, exec, emulator string
}

// build is what write wrote: the loaders with their integrity.
type build struct {
	loaders []stamped
}

type stamped struct {
	name, sri string
}

// asset is a file the loader fetches, as stamped into it: its content hash (?v=), its
// Subresource Integrity, and, for the wasm, the base64 SHA-256 the loader checks itself
// with WebCrypto (SHA-256 is the digest CPUs compute fastest: 2.4 MB in about 3 ms
// here, against 7 ms for SHA-384).
type asset struct {
	V      string `json:"v"`
	SRI    string `json:"sri"`
	SHA256 string `json:"sha256,omitempty"`
}

// readFiles returns the contents of the files at paths, in order.
func readFiles(paths ...string) ([][]byte, error) {
	out := make([][]byte, len(paths))
	for i, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

// write writes the build of o into o.out (see the command's documentation).
func write(o options) (build, error) {
	if o.emulator != "" {
		if _, err := share.EmulatorHosts(o.emulator); err != nil {
			return build{}, fmt.Errorf("-emulator: %w", err)
		}
	}
	wasm, err := os.ReadFile(filepath.Join(o.out, "kshare.wasm"))
	if err != nil {
		return build{}, fmt.Errorf("%w (build the engine first: GOOS=js GOARCH=wasm go build -o %s/kshare.wasm ./wasm)", err, o.out)
	}
	src, err := readFiles(o.exec, o.loader, o.types, o.runner, o.module, o.readme)
	if err != nil {
		return build{}, err
	}
	execSrc, loader, types, runnerSrc, module, readme := src[0], src[1], src[2], src[3], src[4], src[5]
	runner, err := minifyRunner(string(runnerSrc))
	if err != nil {
		return build{}, fmt.Errorf("%s: %w", o.runner, err)
	}
	exec := wrapExec(execSrc, runner)
	assets := map[string]asset{
		"kshare.wasm":  {V: static.ContentHash(wasm), SRI: sri(wasm), SHA256: sha256Of(wasm)},
		"wasm_exec.js": {V: static.ContentHash(exec), SRI: sri(exec)},
	}
	var b build
	files := map[string][]byte{"wasm_exec.js": exec, "kakao-share.d.ts": types}
	for _, l := range []struct {
		name, emulator, base string
	}{
		{"kshare.js", o.emulator, ""},
		{"emulated/kshare.js", "self", "../"},
	} {
		text, err := stamp(string(loader), assets, l.emulator, l.base)
		if err != nil {
			return build{}, fmt.Errorf("%s: %w", o.loader, err)
		}
		files[l.name] = []byte(text)
		b.loaders = append(b.loaders, stamped{l.name, sri([]byte(text))})
	}
	npm, err := npmFiles(string(loader), string(module), assets, map[string][]byte{
		"kshare.js": files["kshare.js"], "kshare.wasm": wasm, "wasm_exec.js": exec, "kakao-share.d.ts": types}, readme)
	if err != nil {
		return build{}, fmt.Errorf("the npm package: %w", err)
	}
	for name, data := range npm {
		files["npm/"+name] = data
	}
	var list strings.Builder
	for _, l := range b.loaders {
		fmt.Fprintf(&list, "%s %s\n", l.sri, l.name)
	}
	for _, name := range []string{"kshare.wasm", "wasm_exec.js"} {
		fmt.Fprintf(&list, "%s %s?v=%s\n", assets[name].SRI, name, assets[name].V)
	}
	files["integrity.txt"] = []byte(list.String())
	for name, data := range files {
		path := filepath.Join(o.out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return build{}, err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return build{}, err
		}
	}
	return b, nil
}

// sri returns the Subresource Integrity value of b: "sha384-" and the base64 SHA-384.
func sri(b []byte) string {
	sum := sha512.Sum384(b)
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}

// sha256Of returns the base64 SHA-256 of b.
func sha256Of(b []byte) string {
	sum := sha256.Sum256(b)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// wrapExec wraps Go's wasm_exec.js so that it runs with a sandbox as globalThis and as
// the scope of its bare names: its Go, fs, process and path are the sandbox's, other
// names read through to window (as the receiver, for its getters). The Go program's
// js.Global() is that sandbox. The wrapper hands __kshare.exec a Go class whose
// programs start with [engineGOGC], and runner, the loader's plan runner (js/runner.js,
// minified: a function expression), outside the sandbox. (Its "use strict" is no
// directive inside the block; its class bodies stay strict.)
func wrapExec(src []byte, runner string) []byte {
	return []byte("/* Go's wasm_exec.js (" + runtime.Version() + "), wrapped by kshare's build: it runs with a sandbox\n" +
		" * as globalThis, so that Go, fs, process and path never become globals of the page. */\n" +
		"(function (sandbox) {\n" +
		"(function (globalThis) { with (globalThis) {\n" + string(src) + "\n}})(new Proxy(sandbox, {\n" +
		"  has: (target, key) => key in target,\n" +
		"  get: (target, key) => (key in target ? target[key] : Reflect.get(window, key, window)),\n" +
		"}));\n" +
		"window.__kshare.exec(sandbox.Go && class extends sandbox.Go { constructor() { super(); this.env = { GOGC: '" + engineGOGC + "' }; } },\n" +
		runner + ");\n" +
		"})({ __proto__: null, Go: undefined, fs: undefined, process: undefined, path: undefined });\n")
}

// engineGOGC is the engine's GOGC. Go's default (100) lets the heap reach 4 MB before
// its first collection, and the wasm memory never shrinks: with 25 the engine's memory
// settles about 2.5 MB lower (10,000 sends of the dessert feed: 5.25 MB instead of
// 7.75 MB) at no measurable cost per call, its live heap being a few hundred KB. (No
// GOMEMLIMIT: a limit near the engine's size makes Go's GC give up under a tight loop
// of calls and the memory grow without bound.) The engine cannot set it itself:
// runtime/debug brings fmt and os.
const engineGOGC = "25"

// markers are the stamps of the loader, each of which must be written exactly once.
var markers = []string{"/*@version*/'0.0.0-dev'", "/*@assets*/{}", "/*@emulator*/''",
	"/*@limits*/[10000, 1000000, 64]", "/*@gesture*/null"}

// factoryMarker is where, in the loader, the factory of a page's Kakao starts (the
// script tag's code before it; see js/kshare.js).
const factoryMarker = "/*@factory*/"

// stamp replaces the loader's markers and minifies it as the script tag's file.
func stamp(src string, assets map[string]asset, emulator, base string) (string, error) {
	text, err := stampMarkers(strings.Replace(src, factoryMarker, "", 1), loaderValues(assets, emulator, base))
	if err != nil {
		return "", err
	}
	return minify(text, api.FormatDefault)
}

// loaderValues are the values of the markers, in their order.
func loaderValues(assets map[string]asset, emulator, base string) []any {
	withBase := map[string]any{"base": base}
	for k, v := range assets {
		withBase[k] = v
	}
	return []any{share.SDKVersion, withBase, emulator, []int{bridge.MaxValues, bridge.MaxText, bridge.MaxDepth}, json.RawMessage(share.PopupRuleJSON())}
}

// stampMarkers replaces each of the first len(values) markers, which must be in src
// exactly once, with its value as JSON; no other marker may be left.
func stampMarkers(src string, values []any) (string, error) {
	for i, v := range values {
		m := markers[i]
		if n := strings.Count(src, m); n != 1 {
			return "", fmt.Errorf("the marker %s is there %d times, not once", m, n)
		}
		j, err := json.Marshal(v)
		if err != nil {
			return "", err
		}
		src = strings.Replace(src, m, string(j), 1)
	}
	if strings.Contains(src, "/*@") {
		return "", errors.New("a marker the build does not know is left: " + regexp.MustCompile(`/\*@\w*\*/`).FindString(src))
	}
	return src, nil
}

// minifyRunner minifies the plan runner, a function declaration, and returns it as
// the text of a function expression.
func minifyRunner(src string) (string, error) {
	if !strings.HasPrefix(strings.TrimSpace(regexp.MustCompile(`(?s)^\s*/\*.*?\*/`).ReplaceAllString(src, "")), "function runner(") {
		return "", errors.New("the plan runner must be one declaration, function runner(kit, x, setup) {...}")
	}
	m, err := minify(src, api.FormatDefault)
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(strings.TrimSpace(m), ";"), nil
}

// minify shrinks the stamped loader with esbuild (whitespace, identifiers, syntax): a
// script in the ES2017 the source is written in, or an ES module (ES2020, for
// import.meta).
func minify(src string, format api.Format) (string, error) {
	target := api.ES2017
	if format == api.FormatESModule {
		target = api.ES2020
	}
	r := api.Transform(src, api.TransformOptions{
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		Target:            target,
		Format:            format,
		Loader:            api.LoaderJS,
		LegalComments:     api.LegalCommentsNone,
	})
	if len(r.Errors) > 0 {
		m := r.Errors[0]
		where := ""
		if m.Location != nil {
			where = fmt.Sprintf("line %d: ", m.Location.Line)
		}
		return "", errors.New(where + m.Text)
	}
	return string(r.Code), nil
}
