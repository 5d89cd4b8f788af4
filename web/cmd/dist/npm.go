package main

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/kshare/kshare/share"
)

// The npm package (web/dist/npm, `npm pack` of it is the tarball to publish):
//
//	package.json      name, version, type module, the exports map, types, files, sideEffects
//	kshare.mjs        the ES module: the loader's factory and js/module.js, stamped and
//	                  minified (ES2020); it finds its assets with new URL('./…', import.meta.url)
//	kshare.js         the script tag's file, as web/dist/kshare.js
//	kshare.wasm, wasm_exec.js   the engine, as web/dist has them
//	index.d.ts        the module's declarations (the types of kakao-share.d.ts, exported)
//	kakao-share.d.ts  the script tag's global declarations
//	README.md         js/npm-README.md

// packageName and packageVersion name the npm package. The version is kshare's own
// (share.SDKVersion is the Kakao SDK's it implements): raise it with each release.
const (
	packageName    = "kshare"
	packageVersion = "0.11.0"
)

// npmFiles returns the files of the npm package, by name: its own, and copies, the
// files it shares with web/dist (kshare.js, kshare.wasm, wasm_exec.js, kakao-share.d.ts).
func npmFiles(loader, module string, assets map[string]asset, copies map[string][]byte, readme []byte) (map[string][]byte, error) {
	mjs, err := moduleText(loader, module, assets)
	if err != nil {
		return nil, err
	}
	types, err := moduleTypes(string(copies["kakao-share.d.ts"]))
	if err != nil {
		return nil, err
	}
	manifest, err := packageJSON()
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{
		"package.json": manifest,
		"kshare.mjs":   []byte(mjs),
		"index.d.ts":   []byte(types),
		"README.md":    readme,
	}
	for name, data := range copies {
		out[name] = data
	}
	return out, nil
}

// moduleText is the ES module: `const kshare = <the loader's factory>;` then the
// module's own code, both stamped (Kakao's hosts, the assets next to the module),
// minified as an ES module.
func moduleText(loader, module string, assets map[string]asset) (string, error) {
	if n := strings.Count(loader, factoryMarker); n != 1 {
		return "", errors.New("the loader has its factory marker " + factoryMarker + " " + strconv.Itoa(n) + " times, not once")
	}
	_, factory, _ := strings.Cut(loader, factoryMarker)
	factory = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(factory), ";"), ")")
	f, err := stampMarkers(factory, loaderValues(assets, "", ""))
	if err != nil {
		return "", err
	}
	m, err := stampMarkers(module, []any{share.SDKVersion})
	if err != nil {
		return "", errors.New("js/module.js: " + err.Error())
	}
	return minify("const kshare = "+f+";\n"+m, api.FormatESModule)
}

// moduleTypes is index.d.ts: the types of the global declarations as a module's
// exports, with the module's values.
func moduleTypes(global string) (string, error) {
	const ns = "declare namespace Kakao {"
	i := strings.Index(global, ns)
	j := strings.Index(global, "\ndeclare var Kakao: Kakao.Static;")
	if i < 0 || j < i {
		return "", errors.New("kakao-share.d.ts: no `" + ns + "` followed by `declare var Kakao: Kakao.Static;`")
	}
	return `/**
 * Type declarations of the kshare npm package's ES module:
 *
 *   import { Kakao, KakaoError, configure } from 'kshare';
 *
 * The Kakao namespace holds the types of the whole API (Kakao.FeedSettings, ...), as
 * kakao-share.d.ts declares them globally for the script tag; this module declares no
 * global. One difference from the script tag: init with the key the page holds already
 * does nothing (React StrictMode runs effects twice); another key still throws.
 */
export ` + global[i:j] + `

/** The page's Kakao (the API of window.Kakao), made on its first use. */
export declare const Kakao: Kakao.Static;
export default Kakao;

/** kshare's errors: ` + "`e instanceof KakaoError`" + ` holds for every error named KakaoError. */
export type KakaoError = Kakao.KakaoError;
export declare const KakaoError: {
  new (message: string, code: string, field?: string): Kakao.KakaoError;
  readonly prototype: Kakao.KakaoError;
};

/** How the page's Kakao is made; each option stands for the script tag's attribute. */
export interface Options {
  /** data-emulator: the Kakao emulator's base URL, "" for Kakao's hosts (the default). */
  emulator?: string;
  /** data-debug: the share doctor's warnings in the console. */
  debug?: boolean;
  /** data-load: when the engine loads once Kakao is first used ("eager", the default). */
  load?: 'eager' | 'idle' | 'interaction';
  /** data-timeout: how long the engine may take to load, in ms (15000). */
  timeout?: number;
  /** The page's Content-Security-Policy nonce, given to the engine's wasm_exec.js. */
  nonce?: string;
}

/**
 * Sets how the page's Kakao is made. Call it before the first use of Kakao: it throws a
 * KakaoError (code "illegal-argument", field the option) for an unknown option, a value
 * of the wrong type, or once Kakao is made.
 */
export declare function configure(options: Options): void;

/**
 * Releases one create*Button container (an element, or a CSS selector of one): a click
 * on it shares no more, and a create*Button for it still waiting for the engine binds
 * nothing. For a component's cleanup (Kakao.Share.cleanup() releases every container of
 * the page). Without a browser it does nothing.
 */
export declare function unbind(container: Element | string): void;
`, nil
}

// packageJSON is the package's manifest.
func packageJSON() ([]byte, error) {
	type target struct {
		Types   string `json:"types"`
		Default string `json:"default"`
	}
	m := struct {
		Name        string         `json:"name"`
		Version     string         `json:"version"`
		Description string         `json:"description"`
		Type        string         `json:"type"`
		Main        string         `json:"main"`
		Types       string         `json:"types"`
		Exports     map[string]any `json:"exports"`
		Files       []string       `json:"files"`
		SideEffects []string       `json:"sideEffects"`
		Keywords    []string       `json:"keywords"`
	}{
		Name:    packageName,
		Version: packageVersion,
		Description: "A drop-in replacement for the Kakao JavaScript SDK's Kakao.Share (" + share.SDKVersion +
			"), in Go and WebAssembly: an ES module, and the script tag's kshare.js",
		Type:  "module",
		Main:  "./kshare.mjs",
		Types: "./index.d.ts",
		Exports: map[string]any{
			".":                  target{Types: "./index.d.ts", Default: "./kshare.mjs"},
			"./kshare.js":        "./kshare.js",
			"./kshare.wasm":      "./kshare.wasm",
			"./wasm_exec.js":     "./wasm_exec.js",
			"./kakao-share.d.ts": "./kakao-share.d.ts",
			"./package.json":     "./package.json",
		},
		Files:       []string{"kshare.mjs", "kshare.js", "kshare.wasm", "wasm_exec.js", "index.d.ts", "kakao-share.d.ts", "README.md"},
		SideEffects: []string{"./kshare.js"},
		Keywords:    []string{"kakao", "kakaotalk", "share", "kakao-sdk", "wasm"},
	}
	b, err := json.MarshalIndent(m, "", "  ")
	return append(b, '\n'), err
}
