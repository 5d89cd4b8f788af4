/* kshare.js: defines window.Kakao, loads kshare.wasm, queues calls until it is ready.
 * Contract with the engine: js/README.md. Plain ES2017: an old browser still gets
 * Kakao and a KakaoError that explains, not a syntax error. */
(function () {
  'use strict';

  if (window.__kshare) return; // the tag is on the page twice: keep the first copy

  const script = document.currentScript ||
    Array.from(document.getElementsByTagName('script')).reverse()
      .find((s) => /\/kshare\.js([?#]|$)/.test(s.src));

  // `make build` replaces each placeholder (written once: the test below names only
  // their common prefix, which survives the replacement).
  const stamped = (value, unstamped) => (value.startsWith('__KSHARE_') ? unstamped : value);
  const VERSION = stamped('__KSHARE_SDK_VERSION__', '0.0.0-dev');
  const hashes = {
    'kshare.wasm': stamped('__KSHARE_WASM_HASH__', ''),
    'wasm_exec.js': stamped('__KSHARE_EXEC_HASH__', ''),
  };
  const asset = (name) =>
    new URL(name + (hashes[name] && '?v=' + hashes[name]), (script && script.src) || document.baseURI).href;

  class KakaoError extends Error {
    constructor(message, code, field = '') {
      super(message);
      this.name = 'KakaoError';
      this.code = code;
      this.field = field;
    }
  }

  let engine = null; // set once attached and the queue has run
  let failure = null; // the KakaoError every call fails with once there is no engine
  const queue = []; // {name, args, popup, resolve, reject}
  let resolveReady, rejectReady;
  const ready = new Promise((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => {}); // the calls report a failure: no unhandled rejection too

  const rethrow = (error) => setTimeout(() => { throw error; }, 0);
  const asyncInit = () => setTimeout(() => {
    if (typeof window.kakaoAsyncInit === 'function') window.kakaoAsyncInit();
  }, 0);

  function invoke(name, args, popup) {
    const result = engine.invoke(name, args, { popup });
    if (result[0]) return result[1];
    throw result[1];
  }

  function inGesture() {
    const activation = navigator.userActivation;
    if (activation) return activation.isActive;
    return !!window.event && /^(click|touchend|keydown|pointerup)$/.test(window.event.type);
  }

  // The desktop sharer window (protocol 5.3), blank: the engine posts into it by name.
  function openSharer() {
    const x = window.screenLeft === undefined ? window.screenX : window.screenLeft;
    const y = window.screenTop === undefined ? window.screenY : window.screenTop;
    return window.open('', 'sharer', `width=480,height=700,left=${screen.width / 2 - 240 + x},` +
      `top=${screen.height / 2 - 350 + y},scrollbars=yes,resizable=1`);
  }

  // Kakao.Link is Kakao.Share itself, so a call through it is told apart only by time:
  // a Share call made before the microtasks that follow a read of Link warns.
  let linkRead = false;
  let linkWarned = false;

  function call(name, args, promised) {
    if (linkRead && !linkWarned && name.startsWith('Share.')) {
      linkWarned = true;
      console.warn('KakaoWarning: Kakao.Link is deprecated, use Kakao.Share');
    }
    if (engine) return invoke(name, args, null);
    if (failure) {
      if (promised) return Promise.reject(failure);
      throw failure;
    }
    if (name === 'isInitialized') {
      return queue.reduce((on, c) => (c.name === 'init' ? true : c.name === 'cleanup' ? false : on), false);
    }
    const popup = name.startsWith('Share.send') && inGesture() ? openSharer() : null;
    const pending = (resolve, reject) => queue.push({ name, args, popup, resolve, reject });
    if (promised) return new Promise(pending);
    pending(() => {}, rethrow);
  }

  // The queue runs once the Go call that attached has returned, not inside it.
  function attach(attached) {
    Promise.resolve().then(() => {
      engine = attached;
      for (const c of queue.splice(0)) {
        try {
          c.resolve(invoke(c.name, c.args, c.popup));
        } catch (error) {
          c.reject(error);
        }
      }
      resolveReady();
      asyncInit();
    });
  }

  function fail(error) {
    engine = null;
    failure = error;
    for (const c of queue.splice(0)) {
      if (c.popup) c.popup.close();
      c.reject(error);
    }
    rejectReady(error); // nothing when the engine had been ready and stopped later
  }

  const reason = (e) => (e && e.message) || String(e);
  const at = (url, promise) => promise.catch((e) => { throw new Error(`${url}: ${reason(e)}`); });
  const fetchOk = (url) => fetch(url).then((response) => {
    if (!response.ok) throw new Error('HTTP ' + response.status);
    return response;
  });

  // Runs wasm_exec.js with a sandbox as its `globalThis` and `with` scope: Go, fs,
  // process, path (bare `fs` too) live there, other names read through to window (as
  // the receiver, for its getters). The sandbox is the program's js.Global().
  function goClass(text, url) {
    const sandbox = { __proto__: null, Go: undefined, fs: undefined, process: undefined, path: undefined };
    let run;
    try {
      // Its "use strict" is no directive in the block; its class bodies are strict.
      run = new Function('globalThis', `with (globalThis) {\n${text}\n}`);
    } catch (e) {
      if (e instanceof EvalError) return scriptGo(url); // a CSP without 'unsafe-eval'
      throw e;
    }
    run(new Proxy(sandbox, {
      has: (target, key) => key in target,
      get: (target, key) => (key in target ? target[key] : Reflect.get(window, key, window)),
    }));
    return sandbox.Go;
  }

  // As a plain script, wasm_exec.js defines Go, fs, process, path on window: the
  // program needs the last three.
  const scriptGo = (url) => new Promise((resolve, reject) => {
    const tag = document.createElement('script');
    tag.src = url;
    tag.onload = () => {
      const Go = window.Go;
      delete window.Go;
      resolve(Go);
    };
    tag.onerror = () => reject(new Error('the script did not load'));
    document.head.appendChild(tag);
  });

  // Streaming needs the application/wasm MIME type; else compile from the bytes.
  async function instantiate(response, imports) {
    try {
      return (await WebAssembly.instantiateStreaming(response.clone(), imports)).instance;
    } catch (e) {
      return (await WebAssembly.instantiate(await response.arrayBuffer(), imports)).instance;
    }
  }

  // Settles when the Go program ends; throws when that is before attach.
  async function start() {
    const execURL = asset('wasm_exec.js');
    const wasmURL = asset('kshare.wasm');
    const wasm = fetchOk(wasmURL); // downloads while wasm_exec.js is evaluated
    wasm.catch(() => {}); // reported where awaited
    const go = await at(execURL, fetchOk(execURL).then((r) => r.text())
      .then((text) => goClass(text, execURL)).then((Go) => new Go()));
    let code;
    go.exit = (c) => { code = c; }; // not wasm_exec.js's console.warn
    const instance = await at(wasmURL, wasm.then((response) => instantiate(response, go.importObject)));
    let why;
    try {
      await go.run(instance);
      why = 'exit code ' + code;
    } catch (e) {
      why = reason(e);
    }
    if (!engine) throw new Error(`${wasmURL}: the Go program stopped before it was ready (${why})`);
    fail(new KakaoError(`The kshare engine stopped (${why})`, 'engine-stopped'));
  }

  const facade = (name, promised) => (...args) => call(name, args, promised);
  const Share = {};
  ('sendDefault createDefaultButton sendCustom createCustomButton sendScrap createScrapButton ' +
    'uploadImage scrapImage deleteImage cleanup').split(' ').forEach((fn) => {
    Share[fn] = facade('Share.' + fn, /^send|Image$/.test(fn));
  });

  window.Kakao = {
    VERSION,
    init: facade('init', false),
    isInitialized: facade('isInitialized', false),
    cleanup: facade('cleanup', false),
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
  Object.defineProperty(window, '__kshare', {
    value: {
      emulator: (script && script.getAttribute('data-emulator')) || '',
      attach,
      window,
      KakaoError,
      raise: rethrow,
    },
  });

  start().catch((e) => {
    fail(new KakaoError('The kshare engine could not be loaded: ' + reason(e), 'engine-unavailable'));
    asyncInit();
  });
})();
