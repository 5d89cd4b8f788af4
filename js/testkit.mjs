// A fake page for kshare.js: it runs the loader in a node:vm context whose global is a
// small fake of window, document, fetch, WebAssembly and a Go program, and records what
// the page could observe (console, window.open, uncaught errors, fetches).
import vm from 'node:vm';
import { readFileSync } from 'node:fs';

export const LOADER = readFileSync(new URL('./kshare.js', import.meta.url), 'utf8');
export const BASE = 'https://cdn.example/kshare/';

// stamp does what `make build` does to the placeholders.
export const stamp = (version, hash) =>
  LOADER.replaceAll('__KSHARE_SDK_VERSION__', version)
    .replaceAll('__KSHARE_WASM_HASH__', hash).replaceAll('__KSHARE_EXEC_HASH__', hash + 'e');

// A stand-in for Go's wasm_exec.js: same globals, and Go.run hands the program the
// scope's globalThis (what js.Global() is) and the bare `fs` it resolves.
export const FAKE_WASM_EXEC = `"use strict";
(() => {
  if (!globalThis.fs) globalThis.fs = { writeSync(fd, buf) { return buf.length; } };
  if (!globalThis.process) globalThis.process = { pid: -1 };
  if (!globalThis.path) globalThis.path = { resolve: (...p) => p.join('/') };
  globalThis.Go = class {
    constructor() {
      this.importObject = { gojs: {} };
      this.exit = (code) => { if (code !== 0) console.warn('exit code:', code); };
    }
    async run(instance) {
      this.exit(await instance.exports.main(globalThis, fs));
    }
  };
})();
`;

const WASM_BYTES = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]).buffer;

export const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 2));
};

function response(url, { status = 200, type = 'text/plain', body = '' }) {
  return {
    url,
    ok: status >= 200 && status < 300,
    status,
    headers: { get: (name) => (name.toLowerCase() === 'content-type' ? type : null) },
    text: async () => body,
    arrayBuffer: async () => body,
    clone() { return response(url, { status, type, body }); },
  };
}

/**
 * boot runs kshare.js in a fresh fake page and returns handles on it.
 *
 * options:
 *   loader       source to run (default: kshare.js as committed, unstamped)
 *   files        {name: {status, type, body} | 'network'}: overrides of the assets beside kshare.js
 *   script       attributes of the kshare <script> tag (src, data-emulator)
 *   currentScript  false: document.currentScript is null (the loader searches the tags)
 *   otherScripts   srcs of other <script> tags, before and after the kshare one
 *   program      'auto' (attach at once), 'manual' (h.attach()), or a function (global, fs) => result
 *   answers      {name: (args, ctx) => [ok, value]}: the fake engine's answers (default [true, undefined])
 *   activation   navigator.userActivation (undefined: the browser has none)
 *   event        window.event
 *   popup        what window.open returns (default: a fake window)
 *   wasm         {streaming, instantiate}: replace the fake WebAssembly functions
 *   codeGeneration  passed to vm.createContext (strings: false is a CSP without 'unsafe-eval')
 *   globals      more properties of window (e.g. the real wasm_exec.js needs crypto)
 */
export function boot(options = {}) {
  const h = {
    console: [], opened: [], uncaught: [], fetched: [], invoked: [], instantiated: [],
    asyncInit: 0,
  };
  const src = (options.script && options.script.src) || BASE + 'kshare.js';
  const files = {
    'wasm_exec.js': { body: FAKE_WASM_EXEC, type: 'text/javascript' },
    'kshare.wasm': { body: WASM_BYTES, type: 'application/wasm' },
    ...options.files,
  };
  const serve = async (url) => {
    h.fetched.push(url);
    const name = new URL(url).pathname.split('/').pop();
    const file = new URL(url).href.startsWith(new URL('.', src).href) ? files[name] : undefined;
    if (file === 'network') throw new TypeError('Failed to fetch');
    return response(url, file || { status: 404, body: 'not found' });
  };

  h.engine = {
    version: '2.7.4',
    invoke(name, args, ctx) {
      h.invoked.push({ name, args, ctx });
      const answer = options.answers && options.answers[name];
      return answer ? answer(args, ctx) : [true, undefined];
    },
  };
  // The fake Go program: main is what the instance exports; h.attach and h.exit wait
  // until the loader has started it.
  let program;
  let started;
  const running = new Promise((resolve) => { started = resolve; });
  h.attach = () => running.then(() => {
    program.global.__kshare.attach(h.engine);
    h.invokedInsideAttach = h.invoked.length;
  });
  h.exit = (code) => running.then(() => program.exit(code));
  const main = (global, fs) => new Promise((resolve) => {
    program = { global, fs, exit: resolve };
    started();
    if (typeof options.program === 'function') resolve(options.program(global, fs));
    else if (options.program !== 'manual') global.__kshare.attach(h.engine);
  });
  const instance = { exports: { main } };

  const attrs = { src, ...options.script };
  const kshareTag = { src, getAttribute: (name) => (name in attrs ? attrs[name] : null) };
  const others = (options.otherScripts || []).map((s) => ({ src: s, getAttribute: () => null }));
  const popup = 'popup' in options ? options.popup : { closed: false, close() { this.closed = true; } };

  const win = {
    console: {
      log: (...a) => h.console.push(['log', ...a]),
      warn: (...a) => h.console.push(['warn', ...a]),
      error: (...a) => h.console.push(['error', ...a]),
    },
    setTimeout: (fn, ms) => setTimeout(() => {
      try { fn(); } catch (e) { h.uncaught.push(e); }
    }, ms),
    URL,
    fetch: serve,
    navigator: { userActivation: options.activation },
    event: options.event,
    screen: { width: 1920, height: 1080 },
    screenLeft: 100,
    screenTop: 50,
    open: (...a) => { h.opened.push(a); return popup; },
    kakaoAsyncInit: () => { h.asyncInit++; },
    WebAssembly: {
      instantiateStreaming: (options.wasm && options.wasm.streaming) || (async (r, imports) => {
        // What browsers do: streaming refuses any other MIME type.
        if (r.headers.get('content-type') !== 'application/wasm') {
          throw new TypeError("WebAssembly: Incorrect response MIME type. Expected 'application/wasm'.");
        }
        h.instantiated.push({ how: 'streaming', imports });
        return { module: {}, instance };
      }),
      instantiate: (options.wasm && options.wasm.instantiate) || (async (bytes, imports) => {
        h.instantiated.push({ how: 'bytes', bytes, imports });
        return { module: {}, instance };
      }),
    },
    ...options.globals,
  };
  win.document = {
    currentScript: options.currentScript === false ? null : kshareTag,
    baseURI: 'https://page.example/',
    getElementsByTagName: () => [...others.slice(0, 1), kshareTag, ...others.slice(1)],
    createElement: () => ({}),
    head: {
      // A <script src> added by the loader: run the served file in the page's realm.
      appendChild: (tag) => {
        serve(tag.src).then(async (r) => {
          if (!r.ok) return tag.onerror();
          vm.runInContext(await r.text(), h.context);
          tag.onload();
        }, () => tag.onerror());
      },
    },
  };

  h.context = vm.createContext(win, { codeGeneration: options.codeGeneration });
  vm.runInContext('globalThis.window = globalThis;', h.context);
  h.window = vm.runInContext('window', h.context);
  // Arrays are copied out of the page's realm, so that deepEqual compares their items only.
  h.globals = () => [...vm.runInContext('Object.getOwnPropertyNames(globalThis)', h.context)];
  h.enumerableGlobals = () => [...vm.runInContext('Object.keys(globalThis)', h.context)];
  h.before = { all: h.globals(), enumerable: h.enumerableGlobals() };
  h.run = (code) => vm.runInContext(code, h.context);
  h.run(options.loader || LOADER);
  h.Kakao = h.window.Kakao;
  h.program = () => running.then(() => program);
  return h;
}

// outcome settles p and says how, for whole-value comparisons.
export const outcome = (p) => p.then((value) => ({ resolved: value }), (error) => ({ rejected: error }));

// fields keeps what the page sees of an error.
export const fields = (e) => ({ name: e.name, code: e.code, field: e.field });
