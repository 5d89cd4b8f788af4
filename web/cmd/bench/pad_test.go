package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPadSource: the padded floor's pad.go is Go, declares the n functions the slice
// keeps (and the init that checks it), and is the same for the same n.
func TestPadSource(t *testing.T) {
	for _, n := range []int{0, 1, 40} {
		src := padSource(n)
		f, err := parser.ParseFile(token.NewFileSet(), "pad.go", src, 0)
		require.NoError(t, err, "%d functions", n)
		funcs := 0
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name != "init" {
				funcs++
				assert.Len(t, fd.Body.List, padSteps+2, "var s, %d steps, return", padSteps)
			}
		}
		assert.Equal(t, n, funcs)
		assert.Equal(t, src, padSource(n), "a fixed seed")
	}
}
