//go:build !js

package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestShippedWasmImports: nothing compiled into kshare.wasm is fmt, encoding/json,
// net/http or html/template (DESIGN.md, Size and speed: they cost 170 KB, 140 KB and
// 2 MB gzip), nor vert, whose assign.go imports fmt, nor time (share reads no clock;
// time, with the syscall and godebug packages it brings, adds about 40 KB). This runs
// on the host and lists the js/wasm build's dependencies.
func TestShippedWasmImports(t *testing.T) {
	gobin, err := exec.LookPath("go")
	require.NoError(t, err)
	cmd := exec.Command(gobin, "list", "-deps", ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	require.NoError(t, err)
	deps := strings.Fields(string(out))
	require.Contains(t, deps, "github.com/kshare/kshare/wasm/bridge", "the listing is the wasm build's")
	for _, banned := range []string{"fmt", "encoding/json", "net/http", "html/template", "github.com/norunners/vert", "time"} {
		assert.NotContains(t, deps, banned)
	}
}
