package main

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// wasmModule is what the size table needs from a WebAssembly binary: the size of each
// section, the number of imported functions, the size of each function body in the
// code section and, when the binary keeps its "name" custom section, the name of each
// function by function index (imports first, as the format numbers them).
type wasmModule struct {
	sections      []wasmSection
	importedFuncs int
	bodies        []int          // code section: body i is function importedFuncs+i
	names         map[int]string // name section, subsection 1; nil when absent
}

type wasmSection struct {
	id   byte
	name string // custom sections only
	size int    // the payload, without the id and size bytes
}

// Section ids of the WebAssembly binary format.
const (
	secCustom = 0
	secImport = 2
	secCode   = 10
	secData   = 11
)

var errWasmTruncated = errors.New("wasm: truncated")

// wasmReader reads the binary format's primitives from b.
type wasmReader struct {
	b   []byte
	off int
}

func (r *wasmReader) byte() (byte, error) {
	if r.off >= len(r.b) {
		return 0, errWasmTruncated
	}
	c := r.b[r.off]
	r.off++
	return c, nil
}

// u32 reads an unsigned LEB128 number of at most 32 bits.
func (r *wasmReader) u32() (uint32, error) {
	var v uint32
	for shift := 0; shift < 35; shift += 7 {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		v |= uint32(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, nil
		}
	}
	return 0, errors.New("wasm: LEB128 number too long")
}

// length reads a u32 that counts bytes still to come, and checks that they are there.
func (r *wasmReader) length() (int, error) {
	n, err := r.u32()
	if err != nil {
		return 0, err
	}
	if int64(n) > int64(len(r.b)-r.off) {
		return 0, errWasmTruncated
	}
	return int(n), nil
}

func (r *wasmReader) bytes(n int) ([]byte, error) {
	if n < 0 || n > len(r.b)-r.off {
		return nil, errWasmTruncated
	}
	p := r.b[r.off : r.off+n]
	r.off += n
	return p, nil
}

func (r *wasmReader) name() (string, error) {
	n, err := r.length()
	if err != nil {
		return "", err
	}
	p, err := r.bytes(n)
	return string(p), err
}

// parseWasm reads the sections of a WebAssembly binary (version 1).
func parseWasm(b []byte) (*wasmModule, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, errors.New("wasm: not a WebAssembly binary")
	}
	if b[4] != 1 || b[5] != 0 || b[6] != 0 || b[7] != 0 {
		return nil, fmt.Errorf("wasm: version %d, want 1", b[4])
	}
	m := &wasmModule{}
	r := &wasmReader{b: b, off: 8}
	for r.off < len(b) {
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		size, err := r.length()
		if err != nil {
			return nil, fmt.Errorf("section %d: %w", id, err)
		}
		payload, _ := r.bytes(size)
		s := wasmSection{id: id, size: size}
		sr := &wasmReader{b: payload}
		switch id {
		case secCustom:
			if s.name, err = sr.name(); err == nil && s.name == "name" {
				m.names, err = parseNames(sr)
			}
		case secImport:
			m.importedFuncs, err = countImportedFuncs(sr)
		case secCode:
			m.bodies, err = parseBodies(sr)
		}
		if err != nil {
			return nil, fmt.Errorf("section %d: %w", id, err)
		}
		m.sections = append(m.sections, s)
	}
	return m, nil
}

// countImportedFuncs counts the imports of kind func (0) in an import section.
func countImportedFuncs(r *wasmReader) (int, error) {
	n, err := r.u32()
	if err != nil {
		return 0, err
	}
	funcs := 0
	for range n {
		if _, err := r.name(); err != nil { // module
			return 0, err
		}
		if _, err := r.name(); err != nil { // field
			return 0, err
		}
		kind, err := r.byte()
		if err != nil {
			return 0, err
		}
		switch kind {
		case 0: // func: type index
			funcs++
			_, err = r.u32()
		case 1: // table: reftype, limits
			if _, err = r.byte(); err == nil {
				err = skipLimits(r)
			}
		case 2: // memory: limits
			err = skipLimits(r)
		case 3: // global: valtype, mutability
			_, err = r.bytes(2)
		case 4: // tag: attribute, type index
			if _, err = r.byte(); err == nil {
				_, err = r.u32()
			}
		default:
			return 0, fmt.Errorf("wasm: unknown import kind %d", kind)
		}
		if err != nil {
			return 0, err
		}
	}
	return funcs, nil
}

func skipLimits(r *wasmReader) error {
	flags, err := r.byte()
	if err != nil {
		return err
	}
	if _, err := r.u32(); err != nil { // min
		return err
	}
	if flags&1 != 0 {
		_, err = r.u32() // max
	}
	return err
}

// parseBodies returns the size of each function body of a code section (the bytes
// after its size prefix: locals and instructions).
func parseBodies(r *wasmReader) ([]int, error) {
	n, err := r.u32()
	if err != nil {
		return nil, err
	}
	bodies := make([]int, 0, min(int(n), len(r.b)))
	for range n {
		size, err := r.length()
		if err != nil {
			return nil, err
		}
		if _, err := r.bytes(size); err != nil {
			return nil, err
		}
		bodies = append(bodies, size)
	}
	return bodies, nil
}

// parseNames reads the function names (subsection 1) of a "name" custom section,
// skipping the other subsections.
func parseNames(r *wasmReader) (map[int]string, error) {
	names := map[int]string{}
	for r.off < len(r.b) {
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		size, err := r.length()
		if err != nil {
			return nil, err
		}
		sub, _ := r.bytes(size)
		if id != 1 {
			continue
		}
		sr := &wasmReader{b: sub}
		n, err := sr.u32()
		if err != nil {
			return nil, err
		}
		for range n {
			idx, err := sr.u32()
			if err != nil {
				return nil, err
			}
			name, err := sr.name()
			if err != nil {
				return nil, err
			}
			names[int(idx)] = name
		}
	}
	return names, nil
}

// sectionSize returns the payload size of the first section with id (0 when absent).
func (m *wasmModule) sectionSize(id byte) int {
	for _, s := range m.sections {
		if s.id == id {
			return s.size
		}
	}
	return 0
}

// codeBytes is the sum of the function bodies.
func (m *wasmModule) codeBytes() int {
	total := 0
	for _, b := range m.bodies {
		total += b
	}
	return total
}

// packageIndex names the Go package of a function as Go's linker writes it into the
// name section, where every byte outside [A-Za-z0-9_.] became "_": "runtime.mallocgc",
// "github.com_kshare_kshare_share.__Session_.Run" for (*Session).Run,
// "slices.Sort_go.shape.string_". The import paths of the build (go list -deps) resolve
// the ambiguity of "_": a function belongs to the longest package whose mangled path
// and a "." start its name.
type packageIndex map[string]string // mangled path → import path

// mangle writes an import path as the name section does.
func mangle(path string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '.' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
			return r
		}
		return '_'
	}, path)
}

func newPackageIndex(importPaths []string) packageIndex {
	ix := packageIndex{}
	for _, p := range importPaths {
		ix[mangle(p)] = p
	}
	return ix
}

// of returns the import path of the function name, or a label in parentheses for the
// compiler's type equality and hash functions (type:.eq.…), for names outside every
// package ("_rt0_wasm_js", "wasm_export_run") and for a package the index lacks (its
// name up to the first ".").
func (ix packageIndex) of(name string) string {
	if strings.HasPrefix(name, "type_.") {
		return "(type: equality and hash)"
	}
	best := ""
	for i := 0; i < len(name); i++ {
		if name[i] == '.' {
			if p, ok := ix[name[:i]]; ok {
				best = p
			}
		}
	}
	if best != "" {
		return best
	}
	if i := strings.IndexByte(name, '.'); i > 0 {
		return "(" + name[:i] + ")"
	}
	return "(no package)"
}

// packageSize is the code of one package in a module.
type packageSize struct {
	Package string `json:"package"`
	Bytes   int    `json:"bytes"`
	Funcs   int    `json:"funcs"`
}

// codeByPackage sums the function bodies by Go package, largest first (ties by name).
// Bodies without a name (a stripped binary) count as "(unnamed)".
func (m *wasmModule) codeByPackage(ix packageIndex) []packageSize {
	sums := map[string]*packageSize{}
	for i, size := range m.bodies {
		pkg := "(unnamed)"
		if name, ok := m.names[m.importedFuncs+i]; ok {
			pkg = ix.of(name)
		}
		p := sums[pkg]
		if p == nil {
			p = &packageSize{Package: pkg}
			sums[pkg] = p
		}
		p.Bytes += size
		p.Funcs++
	}
	out := make([]packageSize, 0, len(sums))
	for _, p := range sums {
		out = append(out, *p)
	}
	slices.SortFunc(out, func(a, b packageSize) int {
		return cmp.Or(cmp.Compare(b.Bytes, a.Bytes), cmp.Compare(a.Package, b.Package))
	})
	return out
}
