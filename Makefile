# kshare: make build | run | test | check | bench | clean
#
# `make test` runs every tier, cheapest first (shared/DESIGN.md, Tests). It needs Go, Node
# and npm; Debian's chromium is installed when missing (as root), and the conformance kit
# lives beside the repository in ../shared/conformance.

SHELL        := /bin/bash
.SHELLFLAGS  := -eu -o pipefail -c
GO           ?= go
GOROOT       := $(shell $(GO) env GOROOT)
DIST         := web/dist
CACHE        := $(CURDIR)/.cache
BIN          := $(CACHE)/bin
WASM         := GOOS=js GOARCH=wasm
# Go's own runner for js/wasm tests under Node (go_js_wasm_exec).
NODE_EXEC    := PATH="$(GOROOT)/lib/wasm:$$PATH"
# wasmbrowsertest, named go_js_wasm_exec, and the chromium wrapper with the required flags.
BROWSER_EXEC := PATH="$(BIN):$$PATH"
# The conformance kit sits beside the repository (../shared/conformance), as it does
# beside every clone CI makes.
CONFORMANCE  ?= ../shared/conformance
ADDR         ?= 127.0.0.1:8080
EMULATOR     ?=

.PHONY: build run test check bench loadtest clean \
	test-go test-wasm-node test-wasm-browser test-js test-types test-e2e conformance \
	chromium browser-tools fmt vet staticcheck

## build: web/dist (kshare.js, emulated/kshare.js, kshare.wasm, wasm_exec.js, kakao-share.d.ts,
## integrity.txt); EMULATOR=<url> makes kshare.js default to that emulator
build:
	@mkdir -p $(DIST)
	$(WASM) $(GO) build -trimpath -ldflags='-s -w' -o $(DIST)/kshare.wasm ./wasm
	$(GO) run ./web/cmd/dist -out $(DIST) -exec "$(GOROOT)/lib/wasm/wasm_exec.js" -emulator "$(EMULATOR)"
	node --check $(DIST)/kshare.js
	node --check $(DIST)/wasm_exec.js
	node --check $(DIST)/npm/kshare.mjs

## run: build, then serve the demo and the Kakao emulator on http://$(ADDR)
run: build
	$(GO) run ./web -addr $(ADDR)

## test: every tier
test: check build test-go test-wasm-node test-js test-types test-wasm-browser test-e2e conformance
	@echo "make test: all tiers passed"

test-go:
	$(GO) test -race -count=1 ./share/... ./wasm/... $$($(GO) list ./web/... | grep -v /web/e2e)

test-wasm-node:
	$(NODE_EXEC) $(WASM) $(GO) test -count=1 ./wasm/...

test-js:
	node --test js/

test-types: $(CACHE)/npm-js.stamp
	js/node_modules/.bin/tsc -p js/tsconfig.json

$(CACHE)/npm-js.stamp: js/package-lock.json
	@mkdir -p $(CACHE)
	npm ci --prefix js --no-audit --no-fund --loglevel=error
	touch $@

# The engine's export in real Chromium (package wasm; wasm/bridge is pure Go, tested
# on the host and under Node, and reads testdata files a browser has not).
test-wasm-browser: browser-tools
	@# wasmbrowsertest's older cdproto logs an unknown event of new Chromium: filtered out.
	$(BROWSER_EXEC) $(WASM) $(GO) test -count=1 ./wasm 2>&1 | { grep -v 'unknown IPAddressSpace' || true; }

test-e2e: chromium build
	$(GO) test -count=1 -timeout 15m ./web/e2e/...

## conformance: the recorded cases of the official SDK 2.7.4 against web/dist
conformance: chromium build
	@test -f $(CONFORMANCE)/check.sh || { echo "conformance kit not found at $(CONFORMANCE)"; exit 1; }
	bash web/conformance.sh $(CONFORMANCE) $(DIST)

## chromium: Debian's chromium, installed when missing (needs root)
chromium:
	@bash .ci/ensure-chromium

## browser-tools: wasmbrowsertest (as go_js_wasm_exec) and a chromium wrapper with our flags
browser-tools: chromium $(BIN)/go_js_wasm_exec $(BIN)/chromium

$(BIN)/go_js_wasm_exec:
	@mkdir -p $(BIN)
	GOBIN=$(BIN) GOFLAGS= $(GO) install github.com/agnivade/wasmbrowsertest@v0.11.0
	mv $(BIN)/wasmbrowsertest $@

$(BIN)/chromium: .ci/chromium-wrapper
	@mkdir -p $(BIN)
	cp .ci/chromium-wrapper $@
	chmod +x $@

## check: gofmt, go vet (host and js/wasm), staticcheck
check: fmt vet staticcheck

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./share/... ./wasm/... ./web/...
	$(WASM) $(GO) vet ./share/... ./wasm/...

# staticcheck is built for the host (go tool -n), then run on the js/wasm packages too.
staticcheck:
	$(GO) tool staticcheck ./share/... ./web/...
	sc=$$($(GO) tool -n staticcheck); $(WASM) $$sc ./wasm/...

## bench: speed of the core, size of what a page loads
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./share/
	$(GO) run ./web/cmd/bench -dist $(DIST) $(BENCHFLAGS)

## loadtest: the dev server under load on loopback (1,000 shares, 200+20 uploads, 1,000 kapi validations)
loadtest:
	$(GO) run ./web/cmd/loadtest

clean:
	rm -rf $(DIST) $(CACHE)
