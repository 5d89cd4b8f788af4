package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"text/tabwriter"

	"github.com/kshare/kshare/web/sizes"
)

// fileSize is what a page downloads of one file: raw, gzip -9 and brotli 11, as
// web/cmd/sizes prints them.
type fileSize struct {
	Name   string `json:"name"`
	Raw    int    `json:"raw"`
	Gzip   int    `json:"gzip"`
	Brotli int    `json:"brotli"`
}

// wasmSizes is the anatomy of one engine: its code by Go package, from the build that
// keeps the name section.
type wasmSizes struct {
	Name          string        `json:"name"`
	ImportedFuncs int           `json:"imported_funcs"`
	Funcs         int           `json:"funcs"`
	CodeBytes     int           `json:"code_bytes"`
	DataBytes     int           `json:"data_bytes"`
	Packages      []packageSize `json:"packages"`
}

type sizeReport struct {
	Files []fileSize  `json:"files"`
	Wasm  []wasmSizes `json:"wasm"`
	err   error
}

func (r sizeReport) file(name string) fileSize {
	for _, f := range r.Files {
		if f.Name == name {
			return f
		}
	}
	return fileSize{}
}

// measureSizes compresses the files a page loads (concurrently: brotli 11 of a wasm
// takes seconds) and reads the two name-section builds.
func measureSizes(dist string, b *builds, official string) sizeReport {
	files := []struct{ name, path string }{
		{"kshare.js", filepath.Join(dist, "kshare.js")},
		{"wasm_exec.js", filepath.Join(dist, "wasm_exec.js")},
		{"kshare.wasm", filepath.Join(dist, "kshare.wasm")},
		{"floor kshare.wasm", filepath.Join(b.floorDist, "kshare.wasm")},
		{"padded floor kshare.wasm", filepath.Join(b.paddedDist, "kshare.wasm")},
	}
	if official != "" {
		files = append(files, struct{ name, path string }{"official kakao.min.js", official})
	}
	rep := sizeReport{Files: make([]fileSize, len(files))}
	var wg sync.WaitGroup
	errs := make([]error, len(files))
	for i, f := range files {
		wg.Go(func() {
			data, err := os.ReadFile(f.path)
			if err != nil {
				errs[i] = err
				return
			}
			rep.Files[i] = fileSize{Name: f.name, Raw: len(data), Gzip: sizes.Gzip(data), Brotli: sizes.Brotli(data)}
		})
	}
	for _, w := range []struct {
		name, path string
		deps       []string
	}{
		{"kshare.wasm", b.kshareNames, b.kshareDeps},
		{"floor", b.floorNames, b.floorDeps},
	} {
		data, err := os.ReadFile(w.path)
		if err == nil {
			var m *wasmModule
			if m, err = parseWasm(data); err == nil {
				ix := newPackageIndex(append(w.deps, "main"))
				rep.Wasm = append(rep.Wasm, wasmSizes{Name: w.name, ImportedFuncs: m.importedFuncs, Funcs: len(m.bodies),
					CodeBytes: m.codeBytes(), DataBytes: m.sectionSize(secData), Packages: m.codeByPackage(ix)})
			}
		}
		if err != nil {
			rep.err = fmt.Errorf("%s: %w", w.path, err)
		}
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil && rep.err == nil {
			rep.err = err
		}
	}
	return rep
}

// writeSizes prints the files and the code of each engine by package, the top n.
func writeSizes(w io.Writer, r sizeReport, n int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "file\traw\tgzip -9\tbrotli 11\t")
	for _, f := range r.Files {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", f.Name, thousands(int64(f.Raw)), thousands(int64(f.Gzip)), thousands(int64(f.Brotli)))
	}
	tw.Flush()
	for _, m := range r.Wasm {
		fmt.Fprintf(w, "\n%s (built with -ldflags=-w): %d imported functions, %d functions, code %s B, data %s B\n",
			m.Name, m.ImportedFuncs, m.Funcs, thousands(int64(m.CodeBytes)), thousands(int64(m.DataBytes)))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  package\tcode bytes\tshare\tfuncs")
		rest, restFuncs := 0, 0
		for i, p := range m.Packages {
			if i >= n {
				rest += p.Bytes
				restFuncs += p.Funcs
				continue
			}
			fmt.Fprintf(tw, "  %s\t%s\t%.1f%%\t%d\n", p.Package, thousands(int64(p.Bytes)), 100*float64(p.Bytes)/float64(max(m.CodeBytes, 1)), p.Funcs)
		}
		if rest > 0 {
			fmt.Fprintf(tw, "  (%d more packages)\t%s\t%.1f%%\t%d\n", len(m.Packages)-n, thousands(int64(rest)), 100*float64(rest)/float64(max(m.CodeBytes, 1)), restFuncs)
		}
		tw.Flush()
	}
}
