// kshare as an ES module: the entry of the npm package (kshare.mjs). The build
// (web/cmd/dist) writes it as `const kshare = <the factory of kshare.js>;` and this file.
//
//   import { Kakao, KakaoError, configure, unbind } from 'kshare';
//
// Kakao is the API of window.Kakao, made on its first use: importing touches no global,
// in a browser or under Node. In a browser the first call (or Kakao.ready) makes the
// page's one Kakao (or takes the one a kshare.js tag, or another copy of this module,
// made first) and loads the engine; without a window and a document (server-side
// rendering) each call fails with a KakaoError "no-browser" and Kakao.ready never
// settles. The assets are found with new URL('./…', import.meta.url), which bundlers
// (Vite, webpack, Rollup) read to emit them. Contract: js/README.md.

const VERSION = /*@version*/'0.0.0-dev';

// KakaoError is the class of kshare's errors: `instanceof KakaoError` holds for every
// error named KakaoError, whichever copy of kshare made it.
export class KakaoError extends Error {
  constructor(message, code, field) {
    super(message);
    this.name = 'KakaoError';
    this.code = code;
    this.field = field || '';
  }

  static [Symbol.hasInstance](e) {
    return e instanceof Error && e.name === 'KakaoError';
  }
}

const inBrowser = typeof window === 'object' && window !== null && typeof document === 'object';
let made = null; // the page's Kakao, once made
const options = {};

// The options configure takes, as the script tag's attributes they stand for, with
// what each must be.
const OPTIONS = {
  emulator: ['data-emulator', 'a base URL string ("" for Kakao\'s hosts)', (v) => typeof v === 'string'],
  debug: ['data-debug', 'a boolean', (v) => typeof v === 'boolean'],
  load: ['data-load', '"eager", "idle" or "interaction"', (v) => v === 'eager' || v === 'idle' || v === 'interaction'],
  timeout: ['data-timeout', 'a whole number of milliseconds, at least 1', (v) => Number.isInteger(v) && v >= 1],
  nonce: [null, 'the nonce string of the page\'s Content-Security-Policy', (v) => typeof v === 'string'],
};

/**
 * configure sets how the page's Kakao is made: emulator, debug, load and timeout, as
 * the script tag's data-emulator, data-debug, data-load and data-timeout, and nonce,
 * the Content-Security-Policy nonce for the engine's wasm_exec.js. It must come before
 * the first use of Kakao; it throws a KakaoError naming the option that is unknown or
 * of the wrong type, or when Kakao is made already.
 */
export function configure(o) {
  if (made) {
    throw new KakaoError('kshare: configure() must come before the first use of Kakao', 'illegal-argument', 'configure');
  }
  if (typeof o !== 'object' || o === null) {
    throw new KakaoError('kshare: configure() takes an object of options', 'illegal-argument', 'configure');
  }
  for (const key of Object.keys(o)) {
    const rule = OPTIONS[key];
    if (!rule) {
      throw new KakaoError('kshare: configure() has no option ' + JSON.stringify(key) + ' (' + Object.keys(OPTIONS).join(', ') + ')', 'illegal-argument', key);
    }
    if (!rule[2](o[key])) {
      throw new KakaoError('kshare: configure({' + key + '}) must be ' + rule[1], 'illegal-argument', key);
    }
  }
  Object.assign(options, o);
}

// The host of the factory: the options as the attributes, the assets next to this
// module (each new URL written out, so that a bundler sees it).
function host() {
  const attrs = {};
  for (const key of Object.keys(options)) {
    const name = OPTIONS[key][0];
    if (key === 'debug') {
      if (options.debug) attrs[name] = ''; // a boolean attribute: there, or not
    } else if (name) {
      attrs[name] = String(options[key]);
    }
  }
  const urls = {
    'kshare.wasm': new URL('./kshare.wasm', import.meta.url).href,
    'wasm_exec.js': new URL('./wasm_exec.js', import.meta.url).href,
  };
  return {
    attr: (name) => (name in attrs ? attrs[name] : null),
    base: import.meta.url,
    nonce: options.nonce,
    url: (name) => urls[name],
    module: true,
  };
}

// page returns the page's Kakao, made on first use, or null without a browser.
function page() {
  if (!made && inBrowser) {
    const first = window.__kshare;
    made = first ? first.Kakao : kshare(host());
  }
  return made;
}

const noBrowser = () => new KakaoError('kshare: Kakao needs a browser (window and document): call it from code that runs in the page, not while rendering on the server', 'no-browser');

// forward returns a function that calls name of the page's Kakao (of its Share with
// share true); without a browser it throws, or rejects when promised.
const forward = (name, share, promised) => function () {
  const k = page();
  if (!k) {
    if (promised) return Promise.reject(noBrowser());
    throw noBrowser();
  }
  const o = share ? k.Share : k;
  return o[name].apply(o, arguments);
};

const Share = {};
for (const t of ['Default', 'Custom', 'Scrap']) {
  Share['send' + t] = forward('send' + t, true, true);
  Share['create' + t + 'Button'] = forward('create' + t + 'Button', true, false);
}
for (const fn of ['uploadImage', 'scrapImage', 'deleteImage']) Share[fn] = forward(fn, true, true);
Share.cleanup = forward('cleanup', true, false);

/**
 * unbind releases one create*Button container (an element, or a selector of one): a
 * click on it shares no more, and a create*Button for it that is still waiting for the
 * engine binds nothing. For a component's cleanup, where Kakao.Share.cleanup() would
 * release every container of the page. Without a browser it does nothing.
 */
export function unbind(container) {
  if (page()) window.__kshare.unbind(container);
}

const never = new Promise(() => {});

/** Kakao is the page's window.Kakao API (see kakao-share.d.ts), made on first use. */
export const Kakao = {
  VERSION,
  init: forward('init', false, false),
  isInitialized() {
    const k = page();
    return k ? k.isInitialized() : false;
  },
  cleanup: forward('cleanup', false, false),
  get ready() {
    const k = page();
    return k ? k.ready : never;
  },
  Share,
  get Link() {
    const k = page();
    if (k) void k.Link; // the page's Kakao names the next calls Link.*
    return Share;
  },
};

export default Kakao;
