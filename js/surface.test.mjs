// What a page sees of kshare.js before and around the engine: globals, VERSION, the
// asset URLs, the emulator switch, Kakao.Link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boot, stamp, settle, BASE, LOADER } from './testkit.mjs';

const SHARE_FUNCTIONS = [
  'sendDefault', 'createDefaultButton', 'sendCustom', 'createCustomButton', 'sendScrap',
  'createScrapButton', 'uploadImage', 'scrapImage', 'deleteImage', 'cleanup',
];

test('the loader adds only Kakao and a non-enumerable __kshare, both at once, and prints nothing', async () => {
  const h = boot({ program: 'manual' });
  const added = h.globals().filter((k) => !h.before.all.includes(k));
  assert.deepEqual(added.sort(), ['Kakao', '__kshare']);
  assert.deepEqual(h.enumerableGlobals().filter((k) => !h.before.enumerable.includes(k)), ['Kakao']);

  await h.attach();
  await settle();
  assert.deepEqual(h.globals().filter((k) => !h.before.all.includes(k)).sort(), ['Kakao', '__kshare']);
  assert.deepEqual(h.console, []);
  assert.deepEqual(h.uncaught, []);
});

test('Kakao has the whole API before the engine is ready', () => {
  const { Kakao } = boot({ program: 'manual' });
  assert.deepEqual(
    ['init', 'isInitialized', 'cleanup'].map((k) => typeof Kakao[k]),
    ['function', 'function', 'function'],
  );
  assert.equal(typeof Kakao.Share, 'object');
  assert.deepEqual(Object.keys(Kakao.Share), SHARE_FUNCTIONS);
  for (const fn of SHARE_FUNCTIONS) assert.equal(typeof Kakao.Share[fn], 'function', fn);
  assert.equal(typeof Kakao.VERSION, 'string');
});

test('__kshare holds the emulator, attach, the window, KakaoError and raise', async () => {
  const h = boot({ program: 'manual' });
  const k = h.window.__kshare;
  assert.deepEqual(Object.keys(k), ['emulator', 'attach', 'window', 'KakaoError', 'raise']);
  const thrown = new Promise((resolve) => { h.window.setTimeout = (fn) => { try { fn(); } catch (e) { resolve(e); } }; });
  const err = new k.KakaoError('late', 'unsupported-environment');
  k.raise(err);
  assert.equal(await thrown, err, 'raise throws the error from a timer');
  assert.equal(k.window, h.window);
  const e = new k.KakaoError('bad', 'invalid-key', 'content.link');
  assert.ok(e instanceof h.window.Error);
  assert.deepEqual({ name: e.name, message: e.message, code: e.code, field: e.field },
    { name: 'KakaoError', message: 'bad', code: 'invalid-key', field: 'content.link' });
  assert.equal(new k.KakaoError('bad', 'x').field, '');
});

test('VERSION and the asset URLs follow the build stamps', async (t) => {
  const cases = [
    {
      name: 'unstamped: 0.0.0-dev and no ?v=',
      loader: undefined,
      version: '0.0.0-dev',
      fetched: [BASE + 'kshare.wasm', BASE + 'wasm_exec.js'],
    },
    {
      name: 'stamped: the SDK version and ?v=<each file\'s hash> on both assets',
      loader: stamp('2.7.4', '3f2a9c1d'),
      version: '2.7.4',
      fetched: [BASE + 'kshare.wasm?v=3f2a9c1d', BASE + 'wasm_exec.js?v=3f2a9c1de'],
    },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const h = boot({ loader: c.loader });
      assert.equal(h.Kakao.VERSION, c.version);
      await h.Kakao.ready;
      assert.deepEqual(h.fetched.sort(), c.fetched);
    });
  }
});

test('the assets and the emulator come from the kshare script tag', async (t) => {
  const cases = [
    {
      name: 'currentScript with data-emulator',
      options: { script: { src: 'https://static.example/a/b/kshare.js', 'data-emulator': 'http://127.0.0.1:8080' } },
      emulator: 'http://127.0.0.1:8080',
      base: 'https://static.example/a/b/',
    },
    {
      name: 'currentScript without data-emulator',
      options: { script: { src: 'https://static.example/kshare.js' } },
      emulator: '',
      base: 'https://static.example/',
    },
    {
      name: 'no currentScript: the last tag whose src is kshare.js, query included',
      options: {
        currentScript: false,
        script: { src: 'https://static.example/v1/kshare.js?x=1', 'data-emulator': 'http://127.0.0.1:9' },
        otherScripts: ['https://static.example/old/kshare.js.map', 'https://static.example/app.js'],
      },
      emulator: 'http://127.0.0.1:9',
      base: 'https://static.example/v1/',
    },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const h = boot(c.options);
      assert.equal(h.window.__kshare.emulator, c.emulator);
      await h.Kakao.ready;
      assert.deepEqual(h.fetched.sort(), [c.base + 'kshare.wasm', c.base + 'wasm_exec.js']);
    });
  }
});

test('a second copy of the script keeps the first Kakao and loads nothing more', async () => {
  const h = boot();
  const first = h.Kakao;
  h.run(LOADER);
  assert.equal(h.window.Kakao, first);
  await first.ready;
  assert.equal(h.fetched.length, 2);
});

test('Kakao.Link is Kakao.Share and warns once, only on a call through it', async () => {
  const h = boot();
  await h.Kakao.ready;
  assert.equal(h.Kakao.Link, h.Kakao.Share);
  assert.equal(typeof h.Kakao.Link, 'object');
  assert.equal(typeof h.Kakao.Link.sendDefault, 'function');
  await settle();
  h.Kakao.Share.sendDefault({});
  assert.deepEqual(h.console, [], 'reading Link or calling Share does not warn');

  h.Kakao.Link.sendDefault({});
  h.Kakao.Link.sendCustom({});
  await settle();
  h.Kakao.Link.sendScrap({});
  assert.deepEqual(h.console, [['warn', 'KakaoWarning: Kakao.Link is deprecated, use Kakao.Share']]);
  assert.deepEqual(h.invoked.map((c) => c.name),
    ['Share.sendDefault', 'Share.sendDefault', 'Share.sendCustom', 'Share.sendScrap']);
});

test('kakaoAsyncInit is called once, after the engine is attached', async () => {
  const h = boot({ program: 'manual' });
  await settle();
  assert.equal(h.asyncInit, 0);
  await h.attach();
  await h.Kakao.ready;
  assert.equal(h.asyncInit, 0, 'from a timer, not synchronously');
  await settle();
  assert.equal(h.asyncInit, 1);
});
