package main

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
)

// floorSource is the floor module's source: main.go, and the work of each call
// (noalloc.go, or alloc.go with -tags alloc).
//
//go:embed testdata/floor/*.go
var floorSource embed.FS

// builds are what the bench compiles itself, in a temporary directory:
//
//	floor/            a copy of the build layout around the floor module: kshare.wasm
//	                  (built as make build builds kshare.wasm), and the kshare.js and
//	                  wasm_exec.js that web/cmd/dist writes for it (so its SRI matches)
//	floor-alloc/      the same around the floor built with -tags alloc: each call
//	                  allocates 14 KB, what the engine allocated for a share before it
//	                  reused its memory (memory figure)
//	floor-names.wasm  the floor module built with -ldflags=-w (name section kept)
//	kshare-names.wasm the engine (./wasm) built with -ldflags=-w
//	padded/           the build layout around the padded floor (pad.go): the floor
//	                  with uncalled functions up to kshare.wasm's code size
//	names/            with -profile: the build layout around kshare-names.wasm
type builds struct {
	floorDist, floorAllocDist, floorNames, kshareNames, namesDist string
	floorDeps, kshareDeps                                         []string // go list -deps
	paddedDist                                                    string
	paddedFuncs, paddedCode, kshareCode                           int // the pad functions; code bytes
}

// toolchain runs the go command from the module root.
type toolchain struct {
	goCmd, root, goroot, dir string // dir: the temporary directory
}

func newToolchain(ctx context.Context, goCmd, dir string) (*toolchain, error) {
	t := &toolchain{goCmd: goCmd, dir: dir}
	gomod, err := t.output(ctx, "", nil, "env", "GOMOD")
	if err != nil {
		return nil, err
	}
	if gomod == "" || gomod == os.DevNull {
		return nil, errors.New("run the bench inside the kshare module (make bench does)")
	}
	t.root = filepath.Dir(gomod)
	if t.goroot, err = t.output(ctx, "", nil, "env", "GOROOT"); err != nil {
		return nil, err
	}
	return t, nil
}

var wasmEnv = []string{"GOOS=js", "GOARCH=wasm"}

// output runs go with args in dir (the module root for ""), returning its trimmed
// standard output.
func (t *toolchain) output(ctx context.Context, dir string, env []string, args ...string) (string, error) {
	if dir == "" {
		dir = t.root
	}
	cmd := exec.CommandContext(ctx, t.goCmd, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOWORK=off"), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(stdout.String()), nil
}

// buildAll makes the floor and the name-section builds; withNames also writes the
// build layout around kshare-names.wasm.
func (t *toolchain) buildAll(ctx context.Context, withNames bool) (*builds, error) {
	b := &builds{
		floorDist:      filepath.Join(t.dir, "floor"),
		floorAllocDist: filepath.Join(t.dir, "floor-alloc"),
		floorNames:     filepath.Join(t.dir, "floor-names.wasm"),
		kshareNames:    filepath.Join(t.dir, "kshare-names.wasm"),
	}
	src := filepath.Join(t.dir, "floor-src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return nil, err
	}
	for _, dir := range []string{b.floorDist, b.floorAllocDist} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}
	if err := writeFloorSource(src); err != nil {
		return nil, err
	}
	steps := []struct {
		dir  string
		args []string
	}{
		{src, []string{"build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(b.floorDist, "kshare.wasm"), "."}},
		{src, []string{"build", "-trimpath", "-ldflags=-s -w", "-tags", "alloc", "-o", filepath.Join(b.floorAllocDist, "kshare.wasm"), "."}},
		{src, []string{"build", "-trimpath", "-ldflags=-w", "-o", b.floorNames, "."}},
		{"", []string{"build", "-trimpath", "-ldflags=-w", "-o", b.kshareNames, "./wasm"}},
	}
	for _, s := range steps {
		if _, err := t.output(ctx, s.dir, wasmEnv, s.args...); err != nil {
			return nil, err
		}
	}
	var err error
	if b.floorDeps, err = t.deps(ctx, src, "."); err != nil {
		return nil, err
	}
	if b.kshareDeps, err = t.deps(ctx, "", "./wasm"); err != nil {
		return nil, err
	}
	if err := t.buildPadded(ctx, b); err != nil {
		return nil, err
	}
	// web/cmd/dist stamps the floor's SHA-384 into a kshare.js of its own.
	distCmd := filepath.Join(t.dir, "dist")
	if _, err := t.output(ctx, "", nil, "build", "-o", distCmd, "./web/cmd/dist"); err != nil {
		return nil, err
	}
	for _, dir := range []string{b.floorDist, b.floorAllocDist, b.paddedDist} {
		if err := t.stamp(ctx, distCmd, dir); err != nil {
			return nil, err
		}
	}
	if withNames {
		b.namesDist = filepath.Join(t.dir, "names")
		if err := os.MkdirAll(b.namesDist, 0o755); err != nil {
			return nil, err
		}
		wasm, err := os.ReadFile(b.kshareNames)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(b.namesDist, "kshare.wasm"), wasm, 0o644); err != nil {
			return nil, err
		}
		if err := t.stamp(ctx, distCmd, b.namesDist); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// writeFloorSource writes the floor module's source into dir: a module of its own, which
// needs nothing but the standard library.
func writeFloorSource(dir string) error {
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module floor\n\ngo 1.26\n"), 0o644); err != nil {
		return err
	}
	files, err := fs.Glob(floorSource, "testdata/floor/*.go")
	if err != nil {
		return err
	}
	for _, f := range files {
		text, err := floorSource.ReadFile(f)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, path.Base(f)), text, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// buildPadded builds the padded floor, the floor's source and pad.go: once with a few
// pad functions to learn what one weighs, then with as many as kshare.wasm's code has
// bytes more than the floor's.
func (t *toolchain) buildPadded(ctx context.Context, b *builds) error {
	b.paddedDist = filepath.Join(t.dir, "padded")
	padSrc := filepath.Join(t.dir, "padded-src")
	for _, dir := range []string{b.paddedDist, padSrc} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	if err := writeFloorSource(padSrc); err != nil {
		return err
	}
	codeOf := func(path string) (int, error) {
		data, err := os.ReadFile(path)
		if err != nil {
			return 0, err
		}
		m, err := parseWasm(data)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", path, err)
		}
		return m.codeBytes(), nil
	}
	out := filepath.Join(b.paddedDist, "kshare.wasm")
	build := func(n int) (int, error) {
		if err := os.WriteFile(filepath.Join(padSrc, "pad.go"), padSource(n), 0o644); err != nil {
			return 0, err
		}
		if _, err := t.output(ctx, padSrc, wasmEnv, "build", "-trimpath", "-ldflags=-s -w", "-o", out, "."); err != nil {
			return 0, err
		}
		return codeOf(out)
	}
	floor, err := codeOf(filepath.Join(b.floorDist, "kshare.wasm"))
	if err != nil {
		return err
	}
	kshare, err := codeOf(b.kshareNames) // the name section aside, make build's code
	if err != nil {
		return err
	}
	const probe = 40
	probed, err := build(probe)
	if err != nil {
		return err
	}
	perFunc := max(1, (probed-floor)/probe)
	b.paddedFuncs = max(0, (kshare-floor+perFunc/2)/perFunc)
	b.kshareCode = kshare
	b.paddedCode, err = build(b.paddedFuncs)
	return err
}

// stamp runs web/cmd/dist on out, which holds a kshare.wasm.
func (t *toolchain) stamp(ctx context.Context, distCmd, out string) error {
	cmd := exec.CommandContext(ctx, distCmd, "-out", out, "-exec", filepath.Join(t.goroot, "lib", "wasm", "wasm_exec.js"))
	cmd.Dir = t.root
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("dist -out %s: %w\n%s", out, err, b)
	}
	return nil
}

// deps lists the import paths a js/wasm build of pkg compiles.
func (t *toolchain) deps(ctx context.Context, dir, pkg string) ([]string, error) {
	out, err := t.output(ctx, dir, wasmEnv, "list", "-deps", pkg)
	if err != nil {
		return nil, err
	}
	return strings.Fields(out), nil
}
