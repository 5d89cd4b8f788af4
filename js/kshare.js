/* kshare.js: window.Kakao for pages written for the Kakao SDK's Kakao.Share. It reads
 * each call's arguments in one bounded walk, hands them to the engine (kshare.wasm) as
 * one string, and carries out the plan the engine answers; it binds create*Button
 * containers and loads the engine as data-load says. It decides nothing about a share.
 * Contract: js/README.md. Plain ES2017.
 *
 * The file is the script tag's (the first function, below) around the factory of one
 * page's Kakao (the second, from the marker on), which the build also wraps as the ES
 * module of the npm package (js/module.js). */
(function (kshare) {
  'use strict';

  // One kshare per page: a page that has one already (this tag twice, or the ES module
  // first) keeps it, and gets its Kakao as window.Kakao.
  const first = window.__kshare;
  if (first) {
    if (!window.Kakao) window.Kakao = first.Kakao;
    return;
  }
  const script = document.currentScript; // also under another name (kakao.min.js), or inserted by the page
  window.Kakao = kshare({
    attr: (name) => (script ? script.getAttribute(name) : null),
    base: (script && script.src) || document.baseURI,
    nonce: script && script.nonce,
  });
})(/*@factory*/function (host) {
  'use strict';

  // host: where this Kakao comes from. attr(name) is the script tag's data-* attribute
  // (or the module's configure option) or null; base the URL the assets are relative
  // to; nonce the tag's; url(name), when set, each asset's URL (the module's, which a
  // bundler rewrites); module, when true, lets init take the key it holds again.
  const doc = document;
  const nav = navigator;
  const attr = host.attr;
  const base = host.base;

  // Stamped by the build (web/cmd/dist), each marker written once: the SDK version,
  // the assets (?v= hash and SHA-384 of each), the default emulator ("" for Kakao,
  // "self" for the origin kshare.js comes from), the walk's bounds (wasm/bridge) and
  // the sharer window share/ opens, with its rule for which browsers use it.
  const VERSION = /*@version*/'0.0.0-dev';
  const ASSETS = /*@assets*/{};
  const EMULATOR = /*@emulator*/'';
  const [MAX_VALUES, MAX_TEXT, MAX_DEPTH] = /*@limits*/[10000, 1000000, 64];
  const GESTURE = /*@gesture*/null;

  class KakaoError extends Error {
    constructor(message, code, field) {
      super(message);
      this.name = 'KakaoError';
      this.code = code;
      this.field = field || '';
    }
  }

  const later = (fn, ms) => setTimeout(fn, ms || 0);
  const raise = (error) => later(() => { throw error; });
  const describe = (e) => { // an Error as "TypeError: message"
    try {
      return String(e).slice(0, 200);
    } catch (_) {
      return '?';
    }
  };
  const usable = (w) => !!w && !w.closed;
  const close = (w) => { if (usable(w)) w.close(); };

  // ---- the walk: one call's argument as one string (wasm/bridge documents it) ----

  // A lone surrogate: isWellFormed, or, in a browser without it, encodeURIComponent throws.
  const wellFormed = (s) => {
    try {
      return s.isWellFormed ? s.isWellFormed() : !!encodeURIComponent(s);
    } catch (_) {
      return false;
    }
  };
  // num writes a whole number below 10¹⁵ in decimal, any other number as '#' and its 64
  // bits in hex, which the engine reads exactly without a float parser.
  const bits = new DataView(new ArrayBuffer(8));
  const hex = (i) => (0x100000000 + bits.getUint32(i)).toString(16).slice(1);
  const num = (n) => (n % 1 === 0 && n > -1e15 && n < 1e15 && (n || 1 / n > 0) ? String(n)
    : (bits.setFloat64(0, n), '#' + hex(0) + hex(4)));
  const plain = (s) => 's' + s.length + ':' + s; // text the page did not pass: no bound
  const isA = (v, c) => typeof c === 'function' && v instanceof c; // c: undefined in an old browser
  const LISTS = [window.FileList, window.NodeList, window.HTMLCollection];
  const isElement = (v) => v.nodeType === 1 && Object.getPrototypeOf(v) !== Object.prototype;


  const STOP = {}; // thrown when the walk stops: only the walk has it

  // walk returns {text, refs, found}: the V section (or the ! section where the walk
  // stopped), the page's functions, elements and files by index, and for a create call
  // the top-level container ({el} or {sel}).
  function walk(root, shallow) {
    let out = '';
    let values = 0;
    let text = 0;
    const refs = [];
    const stack = [];
    const path = [];
    const found = {};
    let stopped = '';
    const stop = (reason, detail) => {
      stopped = '!' + reason + 'd' + path.length + ';' + path.map((k) => (typeof k === 'number' ? 'd' + k + ';' : plain(k))).join('') + plain(String(detail));
      throw STOP;
    };
    const count = (n) => { if ((values += n) > MAX_VALUES) stop('n', n); };
    const str = (tag, s) => {
      if ((text += s.length) > MAX_TEXT) stop('t', s.length);
      out += tag + s.length + ':' + s;
    };
    const ref = (tag, v) => { out += tag + (refs.push(v) - 1) + ';'; };
    const read = (fn) => { try { return fn(); } catch (e) { return threw(e); } };
    const threw = (e) => { if (e === STOP) throw e; return stop('g', describe(e)); };
    // get reads v[k] (a getter, a Proxy's trap), without a closure per property.
    const get = (v, k) => { try { return v[k]; } catch (e) { return threw(e); } };

    // list writes an array, or a FileList, NodeList or HTMLCollection as its items.
    function list(v) {
      const n = v.length;
      if (!(n >= 0 && n <= MAX_VALUES - values)) stop('n', n);
      out += 'a' + n + ':';
      for (let i = 0; i < n; i++) {
        path.push(i);
        value(get(v, i), String(i));
        path.pop();
      }
    }

    function object(v, key) {
      if (stack.length >= MAX_DEPTH) stop('d', '');
      if (stack.indexOf(v) >= 0) stop('c', '');
      stack.push(v);
      // A plain object (most of a share's values) is none of the kinds special() writes:
      // its prototype alone tells.
      read(() => (Object.getPrototypeOf(v) === Object.prototype || !special(v, key)) && members(v, key));
      stack.pop();
    }

    // special writes v and returns true if it is an array, a list, a String, Number or
    // Boolean object, a Blob or an element.
    function special(v, key) {
      if (Array.isArray(v) || LISTS.some((c) => isA(v, c))) return list(v), true;
      if (isA(v, String)) {
        const s = String(v.valueOf());
        if (stack.length === 2 && key === 'container') found.sel = s;
        str(wellFormed(s) ? 'S' : 'W', s);
      } else if (isA(v, Number)) out += 'D' + num(Number(v.valueOf())) + ';';
      else if (isA(v, Boolean)) out += v.valueOf() ? 'T' : 'F';
      else if (isA(v, window.Blob)) {
        const file = isA(v, window.File);
        ref(file ? 'pf' : 'pb', v);
        out += num(+v.size || 0) + ';' + plain(file ? String(v.name) : 'blob') + plain(String(v.type));
      } else if (isElement(v)) {
        if (stack.length === 2 && key === 'container') found.el = v;
        ref('e', v);
      } else return false;
      return true;
    }

    // members writes what v's toJSON gives, if it has one, then v's keys and values.
    function members(v, key) {
      if (typeof v.toJSON === 'function') {
        out += 'j';
        value(v.toJSON(key), key);
      }
      const keys = Object.keys(v);
      if (keys.length > MAX_VALUES - values) stop('n', keys.length);
      out += 'o' + keys.length + ':';
      for (const k of keys) {
        str(wellFormed(k) ? 's' : 'w', k);
        path.push(k);
        value(get(v, k), k);
        path.pop();
      }
    }

    function value(v, key) {
      count(1);
      switch (typeof v) {
        case 'undefined': out += 'u'; return;
        case 'boolean': out += v ? 't' : 'f'; return;
        case 'number': out += 'd' + num(v) + ';'; return;
        case 'string':
          if (stack.length === 1 && key === 'container') found.sel = v;
          return str(wellFormed(v) ? 's' : 'w', v);
        case 'function': return ref('c', v);
        case 'object':
          if (v === null) { out += 'n'; return; }
          if (shallow) { // Kakao.init reads only whether its key is a string
            if (read(() => isA(v, String))) return str('S', read(() => String(v.valueOf())));
            out += read(() => Array.isArray(v)) ? 'a0:' : 'o0:';
            return;
          }
          return object(v, key);
      }
      out += 'x';
    }

    try {
      value(root, '');
      return { text: 'V' + out, refs, found };
    } catch (e) {
      if (e !== STOP) throw e;
      return { text: stopped, refs: [], found: {} };
    }
  }

  // The E section: what the browser says about itself and the window's place.
  const d = (n) => 'd' + num(+n || 0) + ';';
  // The window's place (each read of it asks the browser: once, not twice).
  const screenX = (x = window.screenLeft) => (x === undefined ? window.screenX : x);
  const screenY = (y = window.screenTop) => (y === undefined ? window.screenY : y);
  // The browser and the page's origin are read once; its language and the window's
  // place at each call.
  let browser;
  function env() {
    const loc = location;
    browser = browser || [plain(String(nav.userAgent)) + plain(String(nav.platform)),
      d(nav.maxTouchPoints) + plain(loc.protocol + '//' + loc.hostname + (loc.port ? ':' + loc.port : ''))];
    return 'E' + browser[0] + plain(String(nav.userLanguage || nav.language)) + browser[1] +
      d(screen.width) + d(screen.height) + d(screenX()) + d(screenY());
  }

  // The L section: create*Button's container as the page finds it.
  function lookup(found) {
    if (found.el) return ['L1', found.el];
    if (found.sel === undefined) return ['L0', null];
    try {
      const el = doc.querySelector(found.sel);
      return [el ? 'L1' : 'L0', el];
    } catch (e) {
      return ['Lx' + plain(String(e.message)), null];
    }
  }

  // ---- the engine, and the calls that wait for it ----

  let engine = null; // {call(text), run(job, answer)} (js/runner.js) once attached and the queue has run
  let failure = null; // the KakaoError every call fails with once there is no engine
  let walking = false;
  const queue = []; // jobs waiting for the engine
  const bindings = new Map(); // container → binding
  let resolveReady;
  let rejectReady;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
  ready.catch(() => {}); // the calls report a failure: no unhandled rejection too

  // kakaoAsyncInit, if a function, is called once: when the engine is ready, or when it
  // fails before.
  const asyncInit = () => later(() => { if (typeof window.kakaoAsyncInit === 'function') window.kakaoAsyncInit(); });

  // settle runs a job whose call has returned already (queued, clicked, or a promised
  // call): what it throws rejects its Promise, or is raised. A create*Button that
  // throws leaves no binding behind.
  function settle(job, answer) {
    try {
      engine.run(job, answer);
    } catch (e) {
      const b = job.el && bindings.get(job.el);
      if (b && b.job === job) unbind(job.el);
      if (job.reject) job.reject(e);
      else raise(e);
    }
  }

  // ---- create*Button containers ----

  // bind binds job (a create*Button call) to its container; before the engine is ready
  // the binding is provisional: the queued call confirms it (binding the same job again
  // keeps it) or removes it. A click runs the container's binding as it stands when the
  // click runs: queued clicks follow the queued create*Button calls before them.
  function bind(job) {
    const cur = bindings.get(job.el);
    if (job.gone || (cur && cur.job === job)) return;
    unbind(job.el);
    const b = { job, el: job.el };
    b.click = (e) => {
      e.preventDefault();
      e.stopPropagation();
      if (engine) return clicked(job.el, null);
      load();
      enqueue({ el: job.el, click: true }, true);
    };
    b.intent = () => load();
    job.el.addEventListener('click', b.click);
    for (const t of INTENTS) job.el.addEventListener(t, b.intent, PASSIVE); // once loading, load() does nothing
    bindings.set(job.el, b);
  }

  function unbind(el) {
    const b = bindings.get(el);
    if (!b) return;
    b.dead = true;
    el.removeEventListener('click', b.click);
    for (const t of INTENTS) el.removeEventListener(t, b.intent, PASSIVE);
    bindings.delete(el);
  }

  const unbindAll = () => { for (const el of Array.from(bindings.keys())) unbind(el); };

  // clicked runs the share of el's binding, with popup the sharer window opened in the
  // click (queued clicks): nothing when el is bound no more.
  function clicked(el, popup) {
    const b = bindings.get(el);
    if (!b) return close(popup);
    const j = b.job;
    settle({ name: j.name, head: j.name + '\n' + env() + 'K', arg: j.arg, refs: j.refs, popup });
  }

  // ---- loading the engine (data-load, data-timeout) ----

  const INTENTS = ['pointerenter', 'focusin', 'pointerdown', 'touchstart'];
  const PASSIVE = { passive: true };
  let loading = false;
  let stage = '';
  let timer = 0;
  const aborter = typeof AbortController === 'function' ? new AbortController() : null;
  const asset = (name) => {
    const a = ASSETS[name] || {};
    return { name, sri: a.sri, sha256: a.sha256, url: host.url ? host.url(name) : new URL((ASSETS.base || '') + name + (a.v ? '?v=' + a.v : ''), base).href };
  };

  // An attribute of the script tag that kshare cannot use stops the engine from loading.
  const badAttribute = (name, want) => new KakaoError('kshare: ' + name + ' must be ' +
    want + ', not ' + JSON.stringify(String(attr(name)).slice(0, 40)), 'illegal-argument', name);
  const timeoutAttr = attr('data-timeout');
  const timeout = timeoutAttr === null ? 15000 : +timeoutAttr;
  const mode = attr('data-load') || 'eager';
  const configError = !(timeout >= 1 && timeout % 1 === 0) ? badAttribute('data-timeout', 'a whole number of milliseconds')
    : ['eager', 'idle', 'interaction'].indexOf(mode) < 0 ? badAttribute('data-load', 'eager, idle or interaction') : null;

  function load() {
    if (loading || failure) return;
    loading = true;
    const unavailable = (why) => fail(new KakaoError('The kshare engine could not be loaded: ' + why, 'engine-unavailable'));
    timer = later(() => {
      if (aborter) aborter.abort();
      unavailable('not ready within ' + timeout + ' ms (data-timeout), waiting for ' + stage);
    }, timeout);
    start().catch((e) => unavailable(e && e.message));
  }

  // fault is a load's failure: the file's URL and why.
  const fault = (a, why) => new Error(a.url + ': ' + why);

  // diagnose explains a failed load of a by fetching it again, without integrity: an
  // HTTP error, a file that is not the one the build stamped, or the network.
  async function diagnose(a, why) {
    let r;
    try {
      r = await fetch(a.url, { mode: 'cors', cache: 'no-store' });
    } catch (_) {
      return fault(a, why + ' (unreachable, or no Access-Control-Allow-Origin)');
    }
    if (!r.ok) return fault(a, 'HTTP ' + r.status);
    // It loads without its integrity: the file is not the one this kshare.js was built with.
    return fault(a, a.sri ? a.name + ' does not match its integrity ' + a.sri : why);
  }

  // loadGo runs wasm_exec.js as a script (no eval: a strict CSP allows it). The build
  // wrapped it so that it runs in a sandbox (its Go, fs, process and path stay out of
  // the page's globals) and hands its Go class and the plan runner (js/runner.js) to
  // __kshare.exec.
  const loadGo = (a) => new Promise((resolve, reject) => {
    const tag = doc.createElement('script');
    let got;
    internal.exec = (Go, runner) => { got = { Go, runner }; };
    tag.onload = () => { tag.remove(); if (got && got.Go && got.runner) resolve(got); else reject(fault(a, 'it did not define Go')); };
    tag.onerror = () => {
      tag.remove();
      diagnose(a, 'the script did not load (blocked by script-src?)').then(reject);
    };
    tag.crossOrigin = 'anonymous';
    if (a.sri) tag.integrity = a.sri;
    if (host.nonce) tag.nonce = host.nonce;
    tag.src = a.url;
    doc.head.appendChild(tag);
  });

  // kshare.wasm's digest is checked by the loader where the page has WebCrypto (a secure
  // context): the browser checks a fetch's integrity on the main thread, before the body
  // can be compiled (some 15 ms of it, in one task, for 2.4 MB), WebCrypto off it while
  // the wasm compiles. The module is instantiated only once the digest matches. The build
  // stamps the wasm's SHA-256 for it: the digest CPUs compute fastest (SHA-384 is the
  // integrity's, where the browser checks it).
  const subtle = window.crypto && window.crypto.subtle;
  const base64 = (buf) => btoa(String.fromCharCode.apply(null, new Uint8Array(buf)));

  async function start() {
    const exec = asset('wasm_exec.js');
    const wasm = asset('kshare.wasm');
    const own = !!(wasm.sha256 && subtle && typeof subtle.digest === 'function');
    // The request a <link rel="preload" as="fetch" crossorigin> makes, so that it is
    // reused (with its integrity where the browser checks it).
    const opts = { mode: 'cors', signal: aborter && aborter.signal };
    if (wasm.sri && !own) opts.integrity = wasm.sri;
    const bytes = fetch(wasm.url, opts).then((r) => {
      if (!r.ok) throw fault(wasm, 'HTTP ' + r.status);
      return r;
    }, (e) => (e && e.name === 'AbortError' ? new Promise(() => {}) : diagnose(wasm, describe(e)).then((d) => { throw d; })));
    // The wasm compiles as it arrives, while wasm_exec.js loads (compiling needs no
    // imports); without the application/wasm type, or without compileStreaming (Safari
    // before 15), it compiles from the bytes. The bytes are read once, for the digest too.
    let buffer;
    const read = (r) => buffer || (buffer = r.arrayBuffer());
    const compiled = bytes.then(async (r) => {
      const copy = r.clone(); // before r's body is read
      if (own) read(r);
      try {
        const module = await WebAssembly.compileStreaming(copy);
        // r's body, left unread, would be kept for as long as r is: let it go.
        if (!buffer && r.body) r.body.cancel().catch(() => {});
        return module;
      } catch (_) {
        return WebAssembly.compile(await read(r));
      }
    });
    compiled.catch(() => {}); // reported where awaited
    const verified = own && bytes.then(read).then((buf) => subtle.digest('SHA-256', buf)).then((d) => {
      if (base64(d) !== wasm.sha256) throw fault(wasm, wasm.name + ' does not match its integrity ' + wasm.sri);
    });
    if (verified) verified.catch(() => {}); // reported where awaited
    stage = exec.name;
    const { Go, runner } = await loadGo(exec);
    const go = new Go();
    internal.go = go;
    let code;
    go.exit = (c) => { code = c; }; // not wasm_exec.js's console.warn
    stage = wasm.name;
    await verified;
    const instance = await WebAssembly.instantiate(await compiled, go.importObject);
    buffer = null; // the bytes: this function's frame lives as long as the Go program
    // Go's runtime starts on the main thread: in a task of its own, not in the one that
    // instantiated the module, and the session is set up in the next, so that none is a
    // long task (scheduler.yield, where there is one, resumes before the page's other
    // tasks).
    const sched = window.scheduler;
    const yielded = () => (sched && typeof sched.yield === 'function' ? sched.yield() : new Promise((resolve) => later(resolve)));
    await yielded();
    stage = 'the Go program';
    let why;
    try {
      // go.run runs the program's main until it waits: then its exports serve calls.
      const running = go.run(instance);
      await yielded();
      if (!go.exited) {
        attach(runner({ KakaoError, later, raise, usable, close, plain, describe, settle, bind, unbindAll }, instance.exports,
          'setup\nVa3:' + plain(emulator) + (attr('data-debug') === null ? 'f' : 't') + (host.module ? 't' : 'f')));
      }
      await running;
      why = 'exit code ' + code;
    } catch (e) {
      why = describe(e);
    }
    if (!engine) throw fault(wasm, 'the Go program stopped before it was ready (' + why + ')');
    fail(new KakaoError('The kshare engine stopped (' + why + ')', 'engine-stopped'));
  }

  // attach takes the engine once its program runs; the queue runs in a microtask.
  function attach(attached) {
    Promise.resolve().then(() => {
      if (failure) return; // too late: the page was told the engine is unavailable
      clearTimeout(timer);
      engine = internal.engine = attached;
      for (const job of queue.splice(0)) {
        if (job.click) clicked(job.el, job.popup);
        else settle(job);
      }
      resolveReady();
      asyncInit();
    });
  }

  function fail(error) {
    if (failure) return;
    const ran = engine;
    failure = error;
    engine = null;
    clearTimeout(timer);
    let surfaced = false;
    for (const job of queue.splice(0)) {
      close(job.popup);
      if (job.reject) job.reject(error);
      else if (!surfaced) raise(error), surfaced = true;
    }
    unbindAll();
    rejectReady(error); // nothing when the engine had been ready and stopped later
    if (!ran) asyncInit();
  }

  // ---- the facade ----

  const inGesture = () => {
    const a = nav.userActivation;
    if (a) return a.isActive;
    return !!window.event && /^(click|touchend|keydown|pointerup)$/.test(window.event.type);
  };

  // Before the engine is ready, a click on send* opens the sharer window at once, where
  // share/'s rule (stamped as GESTURE) says the browser takes the web sharer; the
  // engine's plan uses it, or closes it when the call goes another way.
  function openInGesture() {
    const g = GESTURE;
    if (!g || !inGesture()) return null;
    // g.talk: [always, never, ipad, ipados, android, phone, mobile] (share.Browsers).
    const has = (i) => new RegExp(g.talk[i]).test(String(nav.userAgent).toLowerCase());
    const ipad = has(2) || (has(3) && nav.maxTouchPoints > 1);
    const tablet = ipad || (has(4) && !has(5));
    if (has(0) || (!has(1) && (ipad || (!tablet && has(6))))) return null;
    return open('', g.name, 'width=' + g.width + ',height=' + g.height + ',left=' +
      (screen.width / 2 - g.width / 2 + screenX()) + ',top=' + (screen.height / 2 - g.height / 2 + screenY()) + ',' + g.features);
  }

  function enqueue(job, gesture) {
    if (gesture) job.popup = openInGesture();
    queue.push(job);
  }

  let linkRead = false; // Kakao.Link was read in this task: the engine warns of it

  function call(name, args, kind) {
    if (linkRead) name = name.replace('Share.', 'Link.');
    const promised = kind === 'send' || kind === 'image';
    if (walking) {
      throw new KakaoError('kshare: Kakao.' + name + ' called from inside the arguments of another call', 'reentrant-call');
    }
    if (failure) {
      if (name === 'isInitialized') return false;
      if (promised) return Promise.reject(failure);
      throw failure;
    }
    if (name === 'isInitialized' && !engine) {
      return queue.reduce((on, j) => (j.name === 'init' ? true : j.name === 'cleanup' ? false : on), false);
    }
    walking = true;
    let w;
    try {
      w = kind === 'none' ? { text: '', refs: [], found: {} } : walk(args[0], name === 'init');
    } finally {
      walking = false;
    }
    const job = { name, head: name + '\n' + (kind === 'none' || kind === 'key' ? '' : env()), arg: w.text, refs: w.refs };
    if (kind === 'create') {
      const l = lookup(w.found);
      job.head += l[0];
      job.el = l[1];
    }
    // A send* or image call returns a native Promise, marked handled: pages written
    // for the official SDK, whose send* return nothing, see no unhandled rejection.
    const p = promised ? new Promise((resolve, reject) => { job.resolve = resolve; job.reject = reject; }) : undefined;
    if (p) p.catch(() => {});
    if (engine) {
      const v = engine.run(job); // validation errors are thrown now, also by send*
      return p || v;
    }
    if (mode === 'interaction' && promised) load();
    if (kind === 'create' && job.el) bind(job); // provisional: the queued call confirms or removes it
    enqueue(job, kind === 'send');
    return p;
  }

  const facade = (name, kind) => function () { return call(name, arguments, kind); };
  const Share = {};
  for (const t of ['Default', 'Custom', 'Scrap']) {
    Share['send' + t] = facade('Share.send' + t, 'send');
    Share['create' + t + 'Button'] = facade('Share.create' + t + 'Button', 'create');
  }
  for (const fn of ['uploadImage', 'scrapImage', 'deleteImage']) Share[fn] = facade('Share.' + fn, 'image');
  Share.cleanup = facade('Share.cleanup', 'none');

  const Kakao = {
    VERSION,
    init: facade('init', 'key'),
    isInitialized: facade('isInitialized', 'none'),
    cleanup: facade('cleanup', 'none'),
    ready,
    Share,
    get Link() {
      if (!linkRead) {
        linkRead = true;
        Promise.resolve().then(() => { linkRead = false; });
      }
      return Share;
    },
  };

  const emulatorAttr = attr('data-emulator');
  let emulator = emulatorAttr !== null ? emulatorAttr : EMULATOR;
  if (emulator === 'self') emulator = new URL(base).origin;
  // unbind(container) releases one container (the module's unbind): a create*Button
  // still queued for it binds nothing when it runs.
  const internal = {
    Kakao,
    unbind(container) {
      const el = typeof container === 'string' ? doc.querySelector(container) : container;
      const b = el && bindings.get(el);
      if (b) b.job.gone = true, unbind(el);
    },
  };
  Object.defineProperty(window, '__kshare', { value: internal });

  if (configError) {
    fail(configError);
  } else if (mode === 'eager') {
    load();
  } else if (mode === 'idle') {
    const idle = () => (window.requestIdleCallback ? requestIdleCallback(load, { timeout: 5000 }) : later(load, 1));
    if (doc.readyState === 'complete') idle();
    else addEventListener('load', idle, { once: true });
  }
  return Kakao;
});
