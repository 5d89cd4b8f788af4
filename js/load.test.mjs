// Loading the engine from any origin, pinned by integrity, within data-timeout, and
// every way it can fail (README "Using kshare in a page").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { boot, outcome, stamp, FAKE_EXEC, wrapExec, BASE } from './testkit.mjs';

// The fake kshare.wasm's bytes, and their SHA-384 as the build stamps it.
const WASM = 'wasm';
const WASM_SRI = 'sha384-' + createHash('sha384').update(WASM).digest('base64');
const WASM_SHA256 = createHash('sha256').update(WASM).digest('base64');
const SRI = { 'kshare.wasm': { v: 'aaaaaaaaaaaa', sri: WASM_SRI, sha256: WASM_SHA256 }, 'wasm_exec.js': { v: 'bbbbbbbbbbbb', sri: 'sha384-EXEC' } };
const pinned = (files = {}) => ({
  loader: stamp({ assets: SRI }),
  files: { 'kshare.wasm': { body: WASM, sri: WASM_SRI }, 'wasm_exec.js': { body: FAKE_EXEC, sri: 'sha384-EXEC' }, ...files },
});

test('the assets come from beside kshare.js, on its origin, in CORS mode, pinned by the integrity stamped into it', async (t) => {
  const rows = [
    { name: 'a secure context: the loader checks the wasm\'s digest with WebCrypto', crypto: true, integrity: undefined },
    { name: 'no WebCrypto: the fetch carries the integrity, which the browser checks', crypto: false, integrity: WASM_SRI },
  ];
  for (const r of rows) {
    await t.test(r.name, async () => {
      const h = boot({ ...pinned(), crypto: r.crypto, script: { src: 'https://cdn.example/kshare/kshare.js', nonce: 'n0nce' } });
      await h.advance(10);
      await h.Kakao.ready;
      const wasm = h.fetches.find((f) => f.url.includes('kshare.wasm'));
      assert.equal(wasm.url, 'https://cdn.example/kshare/kshare.wasm?v=aaaaaaaaaaaa');
      assert.deepEqual([wasm.init.mode, wasm.init.credentials, wasm.init.integrity], ['cors', undefined, r.integrity], 'as a <link rel=preload crossorigin> fetches it');
      assert.deepEqual(h.scripts, [{ src: 'https://cdn.example/kshare/wasm_exec.js?v=bbbbbbbbbbbb', integrity: 'sha384-EXEC', crossOrigin: 'anonymous', nonce: 'n0nce' }]);
      assert.equal(h.document.head.children.length, 0, 'the script element is removed once run');
    });
  }
});

// emulatorOf is the emulator the loader set the engine's session up with.
// The setup call is [emulator, data-debug, module].
const emulatorOf = (h) => h.setup.replace(/^setup\nVa3:s\d+:/, '').slice(0, -2);

test('the emulated copy finds the assets one folder up and the emulator on its own origin', async () => {
  const h = boot({ loader: stamp({ assets: { base: '../' }, emulator: 'self' }), script: { src: 'http://127.0.0.1:8080/emulated/kshare.js' },
    filesBase: '../' });
  await h.advance(10);
  assert.ok(h.fetches.some((f) => f.url === 'http://127.0.0.1:8080/kshare.wasm'));
  await h.Kakao.ready;
  assert.equal(emulatorOf(h), 'http://127.0.0.1:8080');
});

test('the emulator: data-emulator first, else the one stamped by the build', async () => {
  const rows = [
    { name: 'none', loader: stamp(), script: {}, want: '' },
    { name: 'data-emulator', loader: stamp(), script: { 'data-emulator': 'http://127.0.0.1:8080' }, want: 'http://127.0.0.1:8080' },
    { name: 'stamped', loader: stamp({ emulator: 'http://127.0.0.1:9000' }), script: {}, want: 'http://127.0.0.1:9000' },
    { name: 'data-emulator over the stamp', loader: stamp({ emulator: 'http://127.0.0.1:9000' }), script: { 'data-emulator': '' }, want: '' },
  ];
  for (const r of rows) {
    const h = boot({ loader: r.loader, script: r.script });
    await h.advance(10);
    await h.Kakao.ready;
    assert.equal(emulatorOf(h), r.want, r.name);
  }
});

test('data-debug on the script tag, with any value, turns the engine\'s share doctor on', async () => {
  const rows = [
    { name: 'absent', script: {}, want: 'f' },
    { name: 'empty', script: { 'data-debug': '' }, want: 't' },
    { name: 'a value', script: { 'data-debug': 'false' }, want: 't' },
  ];
  for (const r of rows) {
    const h = boot({ script: r.script });
    await h.advance(10);
    await h.Kakao.ready;
    assert.equal(h.setup.slice(-2), r.want + 'f', r.name + ' (and not the module)');
  }
});

test('no global but Kakao and __kshare: wasm_exec.js runs in a sandbox', async () => {
  const h = boot();
  const before = new Set(Object.keys(h.window));
  await h.advance(10);
  await h.Kakao.ready;
  for (const name of ['Go', 'fs', 'process', 'path']) assert.equal(name in h.window, false, name);
  assert.deepEqual(Object.keys(h.window).filter((k) => !before.has(k)), []);
  assert.equal(Object.getOwnPropertyDescriptor(h.window, '__kshare').enumerable, false);
  assert.ok(before.has('Kakao'));
});

async function failure(options) {
  const h = boot(options);
  await h.advance(options.wait || 10);
  const r = await outcome(h.Kakao.ready, h);
  assert.ok(r.rejected, 'Kakao.ready rejects');
  return { h, error: r.rejected };
}

test('a load that fails says which file and why', async (t) => {
  const rows = [
    { name: 'kshare.wasm missing', files: { 'kshare.wasm': { status: 404 } }, want: 'https://cdn.example/kshare/kshare.wasm: HTTP 404' },
    { name: 'wasm_exec.js missing', files: { 'wasm_exec.js': { status: 404 } }, want: 'https://cdn.example/kshare/wasm_exec.js: HTTP 404' },
    { name: 'kshare.wasm unreachable', files: { 'kshare.wasm': 'network' },
      want: 'https://cdn.example/kshare/kshare.wasm: TypeError: Failed to fetch (unreachable, or no Access-Control-Allow-Origin)' },
    { name: 'a tampered kshare.wasm', ...pinned({ 'kshare.wasm': { body: 'evil', sri: 'sha384-EVIL' } }),
      want: 'https://cdn.example/kshare/kshare.wasm?v=aaaaaaaaaaaa: kshare.wasm does not match its integrity ' + WASM_SRI },
    { name: 'a tampered kshare.wasm, checked by the browser (no WebCrypto)', crypto: false, ...pinned({ 'kshare.wasm': { body: 'evil', sri: 'sha384-EVIL' } }),
      want: 'https://cdn.example/kshare/kshare.wasm?v=aaaaaaaaaaaa: kshare.wasm does not match its integrity ' + WASM_SRI },
    { name: 'a tampered wasm_exec.js', ...pinned({ 'wasm_exec.js': { body: FAKE_EXEC, sri: 'sha384-EVIL' } }),
      want: 'https://cdn.example/kshare/wasm_exec.js?v=bbbbbbbbbbbb: wasm_exec.js does not match its integrity sha384-EXEC' },
    { name: 'a wasm_exec.js that defines no Go', files: { 'wasm_exec.js': { body: wrapExec('') } }, want: 'https://cdn.example/kshare/wasm_exec.js: it did not define Go' },
    { name: 'a Go program that exits first', program: async (go) => { go._exited = true; go.exit(2); },
      want: 'https://cdn.example/kshare/kshare.wasm: the Go program stopped before it was ready (exit code 2)' },
  ];
  for (const r of rows) {
    await t.test(r.name, async () => {
      const { error } = await failure(r);
      assert.equal(error.name, 'KakaoError');
      assert.equal(error.code, 'engine-unavailable');
      assert.equal(error.message, 'The kshare engine could not be loaded: ' + r.want);
    });
  }
});

test('a load that cannot finish within data-timeout fails every call, once, and closes the popups', async () => {
  const h = boot({ files: { 'kshare.wasm': 'hang' }, script: { 'data-timeout': '2000' }, selectors: { '#btn': 'btn' } });
  h.Kakao.init('k');
  h.Kakao.Share.createDefaultButton({ objectType: 'text', text: 't', link: {}, container: '#btn' });
  h.element('btn').click();
  h.activation.isActive = true;
  const sent = h.js('Kakao.Share.sendDefault({objectType: "text"})');
  h.activation.isActive = false;
  assert.equal(h.opened.length, 2, 'the click on the container and the send in a click opened a sharer window each');
  await h.advance(1999);
  assert.deepEqual(await outcome(sent, h), { pending: true });
  await h.advance(1);
  const r = await outcome(sent, h);
  assert.equal(r.rejected.code, 'engine-unavailable');
  assert.equal(r.rejected.message, 'The kshare engine could not be loaded: not ready within 2000 ms (data-timeout), waiting for kshare.wasm');
  assert.ok(h.fetches.find((f) => f.url.includes('kshare.wasm')).init.signal.aborted, 'the hung request is aborted');
  assert.ok(h.opened.every((o) => o.window.closed), 'the popups opened in the clicks are closed');
  assert.equal(h.uncaught.length, 1, 'the queued init, createDefaultButton and click surface once');
  assert.equal(h.uncaught[0], r.rejected);
  assert.equal(h.Kakao.isInitialized(), false, 'isInitialized answers');
  assert.throws(() => h.Kakao.init('k'), (e) => e === r.rejected);
  const click = h.element('btn').click();
  assert.ok(!click.prevented, 'the container is the page\'s again');
  assert.equal((await outcome(h.Kakao.Share.uploadImage({}), h)).rejected, r.rejected);
});

test('an engine that is ready after the timeout is not used', async () => {
  const h = boot({ script: { 'data-timeout': '100' }, hold: true });
  await h.advance(200);
  await h.release();
  await h.advance(10);
  assert.equal((await outcome(h.Kakao.ready, h)).rejected.code, 'engine-unavailable');
  assert.throws(() => h.Kakao.init('k'), /could not be loaded/);
  assert.deepEqual(h.calls, []);
});

test('a Go program that stops once ready: engine-stopped', async () => {
  let stop;
  const h = boot({ program: () => new Promise((resolve) => { stop = resolve; }) });
  await h.advance(10);
  await h.Kakao.ready;
  stop();
  await h.advance(10);
  assert.throws(() => h.Kakao.init('k'), (e) => e.code === 'engine-stopped' && e.message === 'The kshare engine stopped (exit code undefined)');
});

test('attributes kshare cannot use stop it loading, with an error naming them', async (t) => {
  const rows = [
    { attrs: { 'data-timeout': 'soon' }, field: 'data-timeout', msg: 'kshare: data-timeout must be a whole number of milliseconds, not "soon"' },
    { attrs: { 'data-timeout': '0' }, field: 'data-timeout', msg: 'kshare: data-timeout must be a whole number of milliseconds, not "0"' },
    { attrs: { 'data-timeout': '1.5' }, field: 'data-timeout', msg: 'kshare: data-timeout must be a whole number of milliseconds, not "1.5"' },
    { attrs: { 'data-load': 'lazy' }, field: 'data-load', msg: 'kshare: data-load must be eager, idle or interaction, not "lazy"' },
  ];
  for (const r of rows) {
    await t.test(r.field + ' ' + JSON.stringify(r.attrs), async () => {
      const { h, error } = await failure({ script: r.attrs });
      assert.deepEqual([error.code, error.field, error.message], ['illegal-argument', r.field, r.msg]);
      assert.deepEqual(h.fetches, [], 'nothing is loaded');
    });
  }
});

test('the wasm compiles from its bytes when streaming refuses it (no application/wasm type) or is missing (Safari before 15)', async (t) => {
  for (const streaming of [false, 'missing']) {
    await t.test(String(streaming), async () => {
      let instance;
      const h = boot({ streaming, program: (go, inst) => { instance = inst; return new Promise(() => {}); } });
      await h.advance(10);
      await h.Kakao.ready;
      assert.equal(instance.from, 'bytes');
    });
  }
});

test('Go starts in a task after the instantiation, and the session is set up in the next: by scheduler.yield where the browser has it', async () => {
  const order = [];
  const h = boot({
    globals: { scheduler: { yield: () => { order.push('yield'); return Promise.resolve(); } } },
    program: (go, inst) => { order.push('run'); return new Promise(() => {}); },
  });
  const call = h.engine.call;
  h.engine.call = (text) => { if (text.startsWith('setup\n')) order.push('setup'); return call(text); };
  await h.advance(10);
  await h.Kakao.ready;
  assert.deepEqual(order, ['yield', 'run', 'yield', 'setup']);
});

test('a Go program that exits during its start is reported, never set up', async () => {
  const h = boot({ program: (go) => { go._exited = true; go.exit(3); return Promise.resolve(); } });
  let setups = 0;
  const call = h.engine.call;
  h.engine.call = (text) => { if (text.startsWith('setup\n')) setups++; return call(text); };
  await h.advance(10);
  await assert.rejects(h.Kakao.ready, /stopped before it was ready \(exit code 3\)/);
  assert.equal(setups, 0);
});

test('kakaoAsyncInit is called once, after the engine is ready or failed', async (t) => {
  for (const files of [{}, { 'kshare.wasm': { status: 500 } }]) {
    await t.test(JSON.stringify(files), async () => {
      const h = boot({ files });
      let calls = 0;
      h.window.kakaoAsyncInit = () => { calls++; };
      await h.advance(100);
      assert.equal(calls, 1);
    });
  }
});

test('the tag twice: the second copy does nothing', async () => {
  const h = boot();
  const first = h.Kakao;
  h.js(stamp());
  assert.equal(h.Kakao, first);
  assert.equal(BASE, 'https://cdn.example/kshare/');
});
