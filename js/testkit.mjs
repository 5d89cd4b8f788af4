// A fake page for kshare.js: the loader runs in a node:vm context whose global is a
// small fake of window (document, elements, navigator, location, screen, window.open,
// fetch, WebAssembly, timers on a fake clock) and a fake engine, and the page records
// what a user or a server could observe: the engine's call texts, popups, forms,
// navigations, iframes, fetches, console, uncaught errors.
import vm from 'node:vm';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const LOADER = readFileSync(new URL('./kshare.js', import.meta.url), 'utf8');
export const STAMPS = JSON.parse(readFileSync(new URL('./testdata/stamps.json', import.meta.url), 'utf8'));
// RECORDED are the engine's answers wasm/bridge's tests record: a plan's JSON and the
// texts it names by number (form fields' values, else branches), which the answer
// carries after it, a line each.
const RECORDED = JSON.parse(readFileSync(new URL('./testdata/plans.json', import.meta.url), 'utf8'));
export const PLANS = Object.fromEntries(RECORDED.map((p) => [p.name, p.plan]));
// TEXTS[name] are the texts of PLANS[name]: field [n, k] sends TEXTS[name][k - 1], and a
// step's else k runs the steps of TEXTS[name][k - 1].
export const TEXTS = Object.fromEntries(RECORDED.map((p) => [p.name, p.texts]));
const texts = new Map(RECORDED.map((p) => [p.plan, p.texts]));
// answer is the engine's answer text of a plan: a recorded one with its texts after it;
// a plan written here, with its else branches in line, as the engine writes it (each
// branch moved to a text after the line, which the step names by number).
export const answer = (plan) => {
  if (texts.has(plan)) return [JSON.stringify(plan), ...texts.get(plan)].join('\n');
  const after = [];
  const line = JSON.stringify(plan, (k, v) => (k === 'else' && Array.isArray(v) ? after.push(JSON.stringify(v)) : v));
  return [line, ...after].join('\n');
};
// branch is the else branch of a recorded plan's step: the steps of the text it names.
export const branch = (name, step) => JSON.parse(TEXTS[name][step.else - 1]);
export const BASE = 'https://cdn.example/kshare/';
export const DESKTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
export const PHONE = 'Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36';

// stamp does what the build (web/cmd/dist) does to the markers.
export function stamp({ version = '2.7.4', assets = {}, emulator = '', gesture = STAMPS.gesture, limits = STAMPS.limits } = {}) {
  const values = [["/*@version*/'0.0.0-dev'", version], ['/*@assets*/{}', assets], ["/*@emulator*/''", emulator],
    ['/*@limits*/[10000, 1000000, 64]', limits], ['/*@gesture*/null', gesture]];
  let out = LOADER;
  for (const [marker, value] of values) {
    if (out.split(marker).length !== 2) throw new Error('marker ' + marker + ' is not there once');
    out = out.replace(marker, () => JSON.stringify(value));
  }
  return out;
}

// wrapExec wraps a program's text as the build wraps wasm_exec.js (web/cmd/dist), with
// the plan runner (runner.js) after it.
export const RUNNER = readFileSync(new URL('./runner.js', import.meta.url), 'utf8');
export const wrapExec = (text) => STAMPS.exec[0] + text + STAMPS.exec[1] + RUNNER + STAMPS.exec[2];

// FAKE_EXEC stands for Go's wasm_exec.js: its Go class runs the fake program
// (window.__test.program decides what it does: by default its main starts at once and
// never ends, and the instance's exports serve calls).
export const FAKE_EXEC = wrapExec(`"use strict";
if (!globalThis.fs) globalThis.fs = {};
if (!globalThis.process) globalThis.process = {};
if (!globalThis.path) globalThis.path = {};
globalThis.Go = class {
  constructor() { this.importObject = { gojs: {} }; this.exit = () => {}; this.mem = { buffer: { byteLength: 1 } }; }
  run(instance) { return __test.program(this, instance, globalThis); }
  get exited() { return !!this._exited; }
};`);

class Clock {
  constructor() { this.now = 0; this.timers = []; this.seq = 0; }
  set(fn, ms) {
    const id = ++this.seq;
    this.timers.push({ id, at: this.now + Math.max(0, +ms || 0), fn });
    return id;
  }
  clear(id) { this.timers = this.timers.filter((t) => t.id !== id); }
}

// flush lets the promise jobs of the page run (real macrotask turns).
export const flush = async (n = 8) => { for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r)); };

class FakeElement {
  constructor(h, tag) {
    this.h = h;
    this.tagName = tag.toUpperCase();
    this.nodeType = 1;
    this.style = {};
    this.attributes = {};
    this.children = [];
    this.listeners = {};
    this.parent = null;
  }
  setAttribute(k, v) { this.attributes[k] = String(v); }
  getAttribute(k) { return k in this.attributes ? this.attributes[k] : null; }
  appendChild(c) { c.parent = this; this.children.push(c); if (this.h.onAppend) this.h.onAppend(c); return c; }
  // children is live, as the DOM's HTMLCollection: removing changes the same array.
  removeChild(c) { const i = this.children.indexOf(c); if (i >= 0) this.children.splice(i, 1); c.parent = null; }
  remove() { if (this.parent) this.parent.removeChild(this); }
  get isConnected() { let p = this.parent; while (p && p !== this.h.document.body && p !== this.h.document.head) p = p.parent; return !!p; }
  addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); }
  removeEventListener(type, fn) { this.listeners[type] = (this.listeners[type] || []).filter((f) => f !== fn); }
  // click dispatches a click as a user would: returns whether it reached the page's own
  // handlers (not stopped) and was not prevented.
  click() {
    const e = { type: 'click', prevented: false, stopped: false, preventDefault() { this.prevented = true; }, stopPropagation() { this.stopped = true; } };
    this.h.activation.isActive = true;
    for (const fn of (this.listeners.click || []).slice()) fn(e);
    this.h.activation.isActive = false;
    return e;
  }
  dispatch(type) { for (const fn of (this.listeners[type] || []).slice()) fn({ type }); }
  submit() {
    this.h.forms.push({ action: this.action, method: this.method, target: this.target, acceptCharset: this.acceptCharset,
      display: this.style.display, connected: this.isConnected,
      fields: this.children.map((c) => [c.name, c.value, c.type]) });
  }
}

/**
 * boot runs the loader in a fresh fake page and returns handles on it.
 *
 * options:
 *   loader     source (default: kshare.js stamped with no assets, Kakao's hosts, the real rule)
 *   script     attributes of the kshare <script> tag (src, data-emulator, data-load, ...)
 *   files      {name: {status, body, type} | 'network' | 'hang'}: the assets beside kshare.js
 *   filesBase  where the assets are, relative to kshare.js (default '.')
 *   program    (go, instance, sandbox) => Promise: what the fake Go program does when run
 *              (default: never end); go.exit(code) ends it before the loader sees it ready
 *   hold       true: compiling the wasm waits for h.release() (the engine is ready after)
 *   plans      {callName: plan object}: the fake engine's answers by call name
 *   engine     (text, h) => answer: the fake engine (default: plans, else undefined)
 *   ua         navigator.userAgent (default DESKTOP); touch: maxTouchPoints
 *   popup      what window.open returns ('blocked' for null)
 *   kapi       (url, init) => {status, body} | a Promise of it | 'network' | 'hang': other fetches
 *   selectors  {selector: element name}: what document.querySelector finds
 *   globals    more properties of window, set before the loader runs (File, FileList...)
 *   crypto     false: no WebCrypto (a page that is not a secure context)
 */
// digest is WebCrypto's, answering in a microtask (on the fake clock's time).
const digest = async (alg, buf) => Uint8Array.from(createHash(alg.replace('-', '').toLowerCase()).update(new Uint8Array(buf)).digest()).buffer;

export function boot(options = {}) {
  const clock = new Clock();
  const h = {
    clock, calls: [], opened: [], forms: [], navigations: [], fetches: [], console: [], uncaught: [], scripts: [],
    activation: { isActive: false },
    elements: {},
  };
  const src = (options.script && options.script.src) || BASE + 'kshare.js';
  const files = { 'wasm_exec.js': { body: FAKE_EXEC }, 'kshare.wasm': { body: 'wasm', type: 'application/wasm' }, ...options.files };
  const dir = new URL(options.filesBase || '.', src);
  const fileOf = (url) => {
    const u = new URL(url);
    if (!u.href.startsWith(dir.href)) return undefined;
    return files[u.pathname.slice(dir.pathname.length)];
  };
  const response = (url, f) => ({
    url, status: f.status || 200, ok: !f.status || (f.status >= 200 && f.status < 300),
    text: async () => f.body || '', arrayBuffer: async () => new TextEncoder().encode(f.body || '').buffer, clone() { return response(url, f); },
  });

  const doc = {
    baseURI: 'https://page.example/index.html',
    readyState: options.readyState || 'complete',
    visibilityState: 'visible',
    listeners: {},
    createElement: (tag) => new FakeElement(h, tag),
    getElementsByTagName: () => [h.tag],
    querySelector(sel) {
      if (/[[\]]$/.test(sel) || sel === '') throw new SyntaxError(`'${sel}' is not a valid selector.`);
      const name = (options.selectors || {})[sel];
      return name ? h.element(name) : null;
    },
    addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); },
    removeEventListener(type, fn) { this.listeners[type] = (this.listeners[type] || []).filter((f) => f !== fn); },
  };
  h.document = doc;
  doc.head = new FakeElement(h, 'head');
  doc.body = new FakeElement(h, 'body');
  const attrs = { src, ...options.script };
  h.tag = { src, nonce: attrs.nonce || '', getAttribute: (n) => (n in attrs ? attrs[n] : null) };
  doc.currentScript = options.currentScript === false ? null : h.tag;

  // A <script> the loader appends: fetched and run like the browser would.
  h.onAppend = (el) => {
    if (el.tagName === 'IFRAME') h.iframes = (h.iframes || []).concat(el);
    if (el.tagName !== 'SCRIPT') return;
    h.scripts.push({ src: el.src, integrity: el.integrity, crossOrigin: el.crossOrigin, nonce: el.nonce });
    const f = fileOf(el.src);
    clock.set(() => {
      if (f === 'hang') return;
      if (!f || f === 'network' || f.status >= 400 || (el.integrity && f.sri && f.sri !== el.integrity)) return el.onerror && el.onerror({});
      vm.runInContext(f.body, ctx);
      if (el.onload) el.onload({});
    }, 1);
  };

  const win = {
    document: doc,
    navigator: { userAgent: options.ua || DESKTOP, platform: 'Win32', language: 'ko-KR', maxTouchPoints: options.touch || 0, userActivation: h.activation },
    location: { protocol: 'https:', hostname: 'page.example', port: '', origin: 'https://page.example', set href(u) { h.navigations.push(u); } },
    screen: { width: 1280, height: 800 },
    screenLeft: 0,
    screenTop: 0,
    setTimeout: (fn, ms) => clock.set(() => {
      try { fn(); } catch (e) { h.uncaught.push(e); }
    }, ms),
    clearTimeout: (id) => clock.clear(id),
    requestIdleCallback: (fn) => clock.set(fn, 50),
    open(url, name, features) {
      const w = options.popup === 'blocked' ? null : { closed: false, close() { this.closed = true; }, url, name };
      h.opened.push({ url, name, features, window: w });
      return w;
    },
    fetch(url, init = {}) {
      h.fetches.push({ url, init });
      const f = fileOf(url);
      const answer = f !== undefined ? f : options.kapi ? options.kapi(url, init) : { status: 404, body: 'not found' };
      if (answer === 'hang') {
        return new Promise((_, reject) => {
          if (init.signal) init.signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
        });
      }
      if (answer && typeof answer.then === 'function') return answer.then((a) => response(url, a)); // answers later
      if (answer === 'network' || (f && init.integrity && f.sri && f.sri !== init.integrity)) return Promise.reject(new TypeError('Failed to fetch'));
      return Promise.resolve(response(url, answer));
    },
    WebAssembly: {
      compileStreaming: options.streaming === 'missing' ? undefined : async () => {
        if (options.streaming === false) throw new TypeError('Incorrect response MIME type');
        return { from: 'streaming' };
      },
      compile: async () => ({ from: 'bytes' }),
      instantiate: async (module) => { await held; return { exports: exports(), from: module.from }; },
    },
    console: {
      warn: (...a) => h.console.push(['warn', a.join(' ')]),
      error: (...a) => h.console.push(['error', a.join(' ')]),
      log: (...a) => h.console.push(['log', a.join(' ')]),
    },
    addEventListener(type, fn) { (doc.listeners['window:' + type] = doc.listeners['window:' + type] || []).push(fn); },
    removeEventListener(type, fn) { doc.listeners['window:' + type] = (doc.listeners['window:' + type] || []).filter((f) => f !== fn); },
    FormData: class { constructor() { this.parts = []; } append(k, v) { this.parts.push([k, v]); } },
    AbortController,
    URL,
    TextEncoder,
    TextDecoder,
    btoa,
    crypto: options.crypto === false ? undefined : { subtle: { digest } }, // a page in a secure context
    __test: {},
  };
  Object.assign(win, options.globals);
  win.window = win;
  win.top = { location: { set href(u) { h.navigations.push(u); } } };
  const ctx = vm.createContext(win);
  win.__test.program = options.program || (() => new Promise(() => {}));
  h.window = win;
  h.js = (code) => vm.runInContext(code, ctx);
  h.element = (name) => {
    if (!h.elements[name]) h.elements[name] = new FakeElement(h, 'button');
    return h.elements[name];
  };
  let release;
  const held = options.hold ? new Promise((resolve) => { release = resolve; }) : null;
  h.release = async () => { release(); await h.advance(0); };
  // exports are the engine's three exports (wasm/main.go) over a memory that grows as
  // the real one does (a new buffer), answering with h.engine.call; h.asked are the
  // sizes kshare_in was asked for.
  h.asked = [];
  const exports = () => {
    const x = { mem: { buffer: new ArrayBuffer(64) } };
    const grow = (n) => { if (x.mem.buffer.byteLength < n) x.mem.buffer = new ArrayBuffer(n * 2); };
    let out = 0;
    x.kshare_in = (n) => { h.asked.push(n); grow(n); return 0; };
    x.kshare_call = (n) => {
      const text = new TextDecoder().decode(new Uint8Array(x.mem.buffer, 0, n));
      const r = h.engine.call(text);
      const answer = r === undefined ? '' : r === true ? 't' : r === false ? 'f' : r;
      const bytes = new TextEncoder().encode(answer);
      out = n;
      grow(out + bytes.length);
      new Uint8Array(x.mem.buffer, out, bytes.length).set(bytes);
      return bytes.length;
    };
    x.kshare_out = () => out;
    return x;
  };
  h.engine = {
    version: '2.7.4',
    call(text) {
      if (text.startsWith('setup\n')) return h.setup = text, undefined;
      h.calls.push(text);
      if (options.engine) return options.engine(text, h);
      const name = text.slice(0, text.indexOf('\n'));
      const plan = (options.plans || {})[name];
      return plan === undefined ? undefined : typeof plan === 'string' ? plan : answer(plan);
    },
  };
  // advance moves the fake clock by ms, running the timers due and the promise jobs
  // between them.
  h.advance = async (ms = 0) => {
    const end = clock.now + ms;
    for (;;) {
      await flush();
      clock.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = clock.timers[0];
      if (!next || next.at > end) break;
      clock.timers.shift();
      clock.now = next.at;
      next.fn();
    }
    clock.now = end;
    await flush();
  };
  h.post = (data, origin) => { for (const fn of (doc.listeners['window:message'] || []).slice()) fn({ data, origin }); };
  h.violate = (e) => { for (const fn of (doc.listeners.securitypolicyviolation || []).slice()) fn(e); };
  vm.runInContext(options.loader || stamp(), ctx, { filename: 'kshare.js' });
  h.Kakao = win.Kakao;
  return h;
}

// plain copies a value of the page's realm into this one (deepEqual compares
// prototypes too).
export const plain = (v) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

// outcome describes how a promise settled (or that it has not, after the page ran); a
// resolved object is copied into this realm, so that deepEqual compares its contents.
export async function outcome(p, h) {
  let result = { pending: true };
  p.then((v) => { result = { resolved: v && typeof v === 'object' ? JSON.parse(JSON.stringify(v)) : v }; }, (e) => { result = { rejected: e }; });
  if (h) await h.advance(0);
  else await flush();
  return result;
}
