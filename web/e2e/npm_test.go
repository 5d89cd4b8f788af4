package e2e

// kshare as an npm package (issue 10): the package folder make build writes, packed
// with npm pack and installed from the tarball into a fresh Vite project
// (testdata/npm-app, its dependencies from the npm registry pinned by its lockfile);
// server-side rendering of its React component under Node; its Vite build served on
// 127.0.0.1 and shared end to end in Chromium against the emulator, from a plain
// button and from a React StrictMode component; and the module imported by a page
// without a bundler, alone and beside a kshare.js tag.

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// command runs name with args in dir and returns its standard output; a failure
// stops the test with its output.
func command(t *testing.T, dir string, name string, args ...string) string {
	t.Helper()
	return commandEnv(t, dir, nil, name, args...)
}

// commandEnv is command with more environment variables.
func commandEnv(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	require.NoError(t, err, "%s is needed (Node.js and npm)", name)
	cmd := exec.Command(path, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "NO_UPDATE_NOTIFIER=1", "npm_config_fund=false", "npm_config_audit=false"), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "%s %s in %s:\n%s\n%s", name, strings.Join(args, " "), dir, out, stderr.String())
	return string(out)
}

// copyDir copies the files of src into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	require.NoError(t, filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			if d.Name() == "node_modules" || d.Name() == "dist" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	}))
}

// viteApp is the test project with kshare's tarball installed.
type viteApp struct {
	dir, tarball string
}

func newViteApp(t *testing.T) viteApp {
	t.Helper()
	root := moduleRoot(t)
	tmp := t.TempDir()
	pkg := filepath.Join(root, "web", "dist", "npm")
	_, err := os.Stat(filepath.Join(pkg, "package.json"))
	require.NoError(t, err, "make build writes the package")
	name := strings.TrimSpace(command(t, tmp, "npm", "pack", pkg, "--pack-destination", tmp, "--loglevel=error"))
	app := viteApp{dir: filepath.Join(tmp, "app"), tarball: filepath.Join(tmp, name)}
	copyDir(t, filepath.Join(root, "web", "e2e", "testdata", "npm-app"), app.dir)
	command(t, app.dir, "npm", "ci", "--loglevel=error")
	command(t, app.dir, "npm", "install", "--no-save", "--loglevel=error", app.tarball)
	return app
}

func TestNPMPackage(t *testing.T) {
	app := newViteApp(t)
	info, err := os.Stat(app.tarball)
	require.NoError(t, err)
	t.Logf("the package: %s, %d bytes", filepath.Base(app.tarball), info.Size())

	t.Run("server-side rendering under Node", func(t *testing.T) {
		var got struct {
			HTML, Version, Ready string
			Added                []string
			IsInitialized        bool
			SendIsPromise        bool
			Init, Send, Create   *struct {
				Name, Code, Message string
				IsKakaoError        bool
			}
		}
		require.NoError(t, json.Unmarshal([]byte(command(t, app.dir, "node", "ssr.mjs")), &got))
		assert.Equal(t, `<button id="react-share">share (React)</button>`, got.HTML, "React renders the component")
		assert.Empty(t, got.Added, "importing kshare adds no global")
		assert.Equal(t, "2.7.4", got.Version)
		assert.False(t, got.IsInitialized)
		assert.True(t, got.SendIsPromise, "sendDefault still returns a Promise (rejected)")
		for name, e := range map[string]*struct {
			Name, Code, Message string
			IsKakaoError        bool
		}{"init": got.Init, "sendDefault": got.Send, "createDefaultButton": got.Create} {
			if assert.NotNil(t, e, name) {
				assert.Equal(t, "no-browser", e.Code, name)
				assert.True(t, e.IsKakaoError, name)
				assert.Contains(t, e.Message, "needs a browser", name)
			}
		}
		assert.Equal(t, "pending", got.Ready, "Kakao.ready settles only in a browser")
	})

	// Production is what a site ships; in development React's StrictMode runs each
	// effect twice (mount, clean up, mount).
	browser := newBrowser(t)
	for _, b := range []struct {
		mode  string
		binds int
	}{{"production", 1}, {"development", 2}} {
		t.Run("a Vite build ("+b.mode+"), shared end to end in Chromium", func(t *testing.T) {
			shareFromViteBuild(t, browser, app, b.mode, b.binds)
		})
	}
}

// shareFromViteBuild builds app in mode, serves it on 127.0.0.1 and shares from both
// its buttons; the React component's effect must have run binds times, and each click
// shares once.
func shareFromViteBuild(t *testing.T, browser context.Context, app viteApp, mode string, binds int) {
	out := "dist-" + mode
	env := []string{"NODE_ENV=" + mode}
	commandEnv(t, app.dir, env, "node", filepath.Join("node_modules", "vite", "bin", "vite.js"), "build", "--mode", mode, "--outDir", out, "--logLevel", "warn")
	assets, err := os.ReadDir(filepath.Join(app.dir, out, "assets"))
	require.NoError(t, err)
	var names []string
	for _, a := range assets {
		fi, _ := a.Info()
		names = append(names, a.Name())
		t.Logf("the %s build's %s: %d bytes", mode, a.Name(), fi.Size())
	}
	assert.Condition(t, func() bool {
		return hasPrefixSuffix(names, "kshare-", ".wasm") && hasPrefixSuffix(names, "wasm_exec-", ".js")
	},
		"Vite emits kshare.wasm and wasm_exec.js as assets: %v", names)

	var wasmRequests atomic.Int32
	files := http.FileServer(http.Dir(filepath.Join(app.dir, out)))
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			wasmRequests.Add(1)
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(site.Close)
	s := startServer(t, serverConfig{config: originsApp(site.URL)})
	tab := deviceTab(t, browser, desktop)
	listenErrors(t, tab)
	do(t, tab, "open the Vite build", chromedp.Navigate(site.URL+"/?emulator="+s.URL+"&key="+originsKey))
	waitJS[bool](t, tab, "the React button", `!!document.getElementById("react-share")`)
	assert.Equal(t, binds, eval[int](t, tab, `window.__binds`), "the component's effect runs")

	for i, b := range []struct{ sel, text string }{{"#vanilla", "shared from the plain button"}, {"#react-share", "shared from React"}} {
		p := popup(t, tab, b.sel)
		pickAndSend(t, p, "text", "memo", "")
		waitClosed(t, p)
		d := s.waitDelivery(t, i+1)
		assert.Equal(t, b.text, d.Title, b.sel)
		assert.Equal(t, originsKey, d.App)
	}
	time.Sleep(300 * time.Millisecond) // a second share of a doubly bound button would be on its way
	assert.Len(t, s.deliveries(t), 2, "one share per click: a second effect did not bind twice")
	assert.Equal(t, int32(1), wasmRequests.Load(), "one engine for the page")
	assert.Empty(t, errorsOf(t, tab), "no error on the page (no Already initialized under StrictMode)")
}

// hasPrefixSuffix reports whether a name in names starts with prefix and ends with suffix.
func hasPrefixSuffix(names []string, prefix, suffix string) bool {
	for _, n := range names {
		if strings.HasPrefix(n, prefix) && strings.HasSuffix(n, suffix) {
			return true
		}
	}
	return false
}

// errorRecorder keeps the page's uncaught errors and rejections in window.__errors.
const errorRecorder = `Object.defineProperty(window, "__errors", {value: []});
addEventListener("error", (e) => window.__errors.push(String(e.message)));
addEventListener("unhandledrejection", (e) => window.__errors.push("unhandled: " + String(e.reason && e.reason.message)));`

// listenErrors makes tab record its page's errors (errorsOf reads them).
func listenErrors(t *testing.T, tab context.Context) {
	t.Helper()
	addScript(t, tab, errorRecorder)
}

func errorsOf(t *testing.T, tab context.Context) []string {
	t.Helper()
	return eval[[]string](t, tab, `window.__errors`)
}

// addScript makes tab run src before the scripts of each page it opens (CSP does not
// apply to it).
func addScript(t *testing.T, tab context.Context, src string) {
	t.Helper()
	_, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
	require.NoError(t, err)
}

// modulePage is a page that imports the package's module from the kshare server
// without a bundler, binds #send and keeps the module's Kakao as window.__module; tag
// is what comes before the module (a kshare.js tag, or nothing), after what comes after.
func modulePage(server, tag, after string) string {
	return `<!doctype html>
<html><head><meta charset="utf-8"><title>kshare's module without a bundler</title>` + tag + `
<script type="module">
import { Kakao, configure } from "` + server + `/npm/kshare.mjs";
configure({ emulator: "` + server + `" });
window.__module = Kakao;
Kakao.init("` + originsKey + `");
Kakao.Share.createDefaultButton({ container: "#send", objectType: "text", text: "from the module",
  link: { webUrl: "https://developers.kakao.com", mobileWebUrl: "https://developers.kakao.com" } });
` + after + `
</script>
</head><body><button id="send">share</button></body></html>`
}

func TestNPMModuleWithoutABundler(t *testing.T) {
	site := newPageSite(t)
	s := startServer(t, serverConfig{config: originsApp(site.URL)})
	browser := newBrowser(t)
	insertTag := `const tag = document.createElement("script"); tag.src = "` + s.URL + `/kshare.js"; document.head.appendChild(tag);
await new Promise((resolve) => { tag.onload = resolve; });`
	tests := []struct {
		name, tag, after string
		wantGlobal       bool
	}{
		{"the module alone defines no global", "", "", false},
		{"a kshare.js tag first: the module uses its Kakao", `<script src="` + s.URL + `/kshare.js" data-emulator="` + s.URL + `"></script>`, "", true},
		{"the module first, then a kshare.js tag: the tag takes the module's Kakao", "", insertTag, true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site.raw = modulePage(s.URL, tt.tag, tt.after)
			tab := deviceTab(t, browser, desktop)
			listenErrors(t, tab)
			do(t, tab, "open the page", chromedp.Navigate(site.URL+"/legacy"))
			waitJS[bool](t, tab, "the module ran", `!!window.__module && window.__module.ready.then(() => true)`)
			if tt.after != "" {
				waitJS[bool](t, tab, "the tag ran", `!!window.Kakao`)
			}
			assert.Equal(t, tt.wantGlobal, eval[bool](t, tab, `!!window.Kakao`))
			if tt.wantGlobal {
				assert.True(t, eval[bool](t, tab, `window.Kakao === window.__kshare.Kakao`), "one Kakao for the page")
			}
			p := popup(t, tab, "#send")
			pickAndSend(t, p, "text", "memo", "")
			waitClosed(t, p)
			assert.Equal(t, "from the module", s.waitDelivery(t, i+1).Title)
			assert.Equal(t, 1, eval[int](t, tab, `performance.getEntriesByType("resource").filter((e) => e.name.includes("kshare.wasm")).length`),
				"one engine for the page")
			assert.Empty(t, errorsOf(t, tab))
		})
	}
}
