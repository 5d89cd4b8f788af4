// Command dist writes a kshare build, web/dist, around a compiled kshare.wasm (`make
// build` runs it after `GOOS=js GOARCH=wasm go build`):
//
//	kshare.js           js/kshare.js stamped (below) and minified (esbuild, ES2017)
//	emulated/kshare.js  the same, defaulting to the emulator on the origin it is served
//	                    from, for pages that cannot carry data-emulator (the dev server
//	                    serves it at /emulated/kshare.js)
//	wasm_exec.js        Go's wasm_exec.js, wrapped so that kshare.js runs it with a
//	                    sandbox as its globalThis (no page globals, no eval), and the
//	                    loader's plan runner (js/runner.js, minified), which comes with
//	                    the engine
//	kshare.wasm         the engine, as given
//	kakao-share.d.ts    the TypeScript declarations
//	integrity.txt       "sha384-… <file>" lines: both loaders, for <script integrity>, and
//	                    kshare.wasm and wasm_exec.js with their ?v=, for <link rel="preload">
//	npm/                the npm package (see npm.go): `npm pack web/dist/npm`
//
// The stamps: the SDK version (share.SDKVersion); the ?v= content hash and the SHA-384
// of kshare.wasm and wasm_exec.js, which the loader fetches with that integrity, so a
// page that pins kshare.js pins everything it runs; the default emulator (-emulator,
// "" for Kakao's hosts); the bounds of the argument walk (wasm/bridge); the sharer
// window and the browser rule of share ([share.PopupRuleJSON]). It prints the script
// tags with their integrity.
//
//	go run ./web/cmd/dist -out web/dist -exec "$(go env GOROOT)/lib/wasm/wasm_exec.js" [-emulator http://127.0.0.1:8080]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "dist:", err)
		os.Exit(1)
	}
}

// run parses the flags and writes the build; it returns an error naming the file or
// the flag at fault.
func run(args []string, stdout io.Writer) error {
	var o options
	flags := flag.NewFlagSet("dist", flag.ContinueOnError)
	flags.StringVar(&o.out, "out", "web/dist", "the build `directory`; it must hold kshare.wasm already")
	flags.StringVar(&o.loader, "js", "js/kshare.js", "the loader's `source`")
	flags.StringVar(&o.runner, "runner", "js/runner.js", "the plan runner's `source`, appended to wasm_exec.js")
	flags.StringVar(&o.module, "module", "js/module.js", "the ES module's `source` (around the loader's factory)")
	flags.StringVar(&o.readme, "readme", "js/npm-README.md", "the npm package's README `file`")
	flags.StringVar(&o.types, "types", "js/kakao-share.d.ts", "the TypeScript `declarations`")
	flags.StringVar(&o.exec, "exec", "", "Go's wasm_exec.js `file` (of the Go root that built kshare.wasm)")
	flags.StringVar(&o.emulator, "emulator", "", "the emulator `URL` kshare.js defaults to (\"\": Kakao's hosts)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 || o.exec == "" {
		return fmt.Errorf("usage: dist -exec wasm_exec.js [-out dir] [-js file] [-runner file] [-module file] [-readme file] [-types file] [-emulator url]")
	}
	b, err := write(o)
	if err != nil {
		return err
	}
	for _, l := range b.loaders {
		fmt.Fprintf(stdout, "%-20s <script src=\".../%s\" integrity=\"%s\" crossorigin=\"anonymous\"></script>\n", l.name, l.name, l.sri)
	}
	return nil
}
