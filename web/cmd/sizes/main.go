// Command sizes prints what a page downloads from a kshare build: the raw, gzip (-9) and
// brotli (11) size of each file of web/dist, and the total a page loads compressed.
//
//	go run ./web/cmd/sizes web/dist
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/kshare/kshare/web/sizes"
)

func main() {
	dir := "web/dist"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := run(os.Stdout, dir); err != nil {
		fmt.Fprintln(os.Stderr, "sizes:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, dir string) error {
	fmt.Fprintf(w, "%-18s %10s %10s %10s\n", "file", "raw", "gzip -9", "brotli 11")
	var totalGz, totalBr int
	for _, name := range []string{"kshare.js", "wasm_exec.js", "kshare.wasm"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("%w (run make build first)", err)
		}
		gz, br := sizes.Gzip(b), sizes.Brotli(b)
		totalGz += gz
		totalBr += br
		fmt.Fprintf(w, "%-18s %10d %10d %10d\n", name, len(b), gz, br)
	}
	fmt.Fprintf(w, "%-18s %10s %10d %10d\n", "page loads", "", totalGz, totalBr)
	return nil
}
