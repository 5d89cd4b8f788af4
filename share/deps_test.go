package share

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNoHeavyImportsInTheWasm: share and share/jsvalue are compiled into the wasm, so
// nothing they depend on may be fmt, encoding/json, net/http, html/template or vert
// (DESIGN.md, Size and speed), and none of kshare's packages among them may import
// syscall/js (the standard library's time and syscall import it on js/wasm themselves).
func TestNoHeavyImportsInTheWasm(t *testing.T) {
	gobin, err := exec.LookPath("go")
	require.NoError(t, err, "the go command is needed to list the wasm build's dependencies")
	cmd := exec.Command(gobin, "list", "-deps", "-f", "{{.ImportPath}} {{join .Imports \",\"}}", ".", "./jsvalue")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	require.NoError(t, err)
	banned := map[string]bool{"github.com/norunners/vert": true, "fmt": true,
		"encoding/json": true, "net/http": true, "html/template": true}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	require.Greater(t, len(lines), 10, "the listing covers share/ and the standard library")
	for _, line := range lines {
		pkg, imports, _ := strings.Cut(line, " ")
		assert.False(t, banned[pkg], "share/ pulls in %s", pkg)
		if strings.HasPrefix(pkg, "github.com/kshare/kshare/") {
			assert.NotContains(t, strings.Split(imports, ","), "syscall/js", "%s imports syscall/js", pkg)
		}
	}
}
