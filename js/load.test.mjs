// Loading wasm_exec.js and kshare.wasm: Kakao.ready, load failures, the engine
// stopping, the MIME-type fallback, and the sandbox wasm_exec.js runs in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { boot, settle, outcome, fields, BASE } from './testkit.mjs';

const FEED = { objectType: 'feed', content: { link: { webUrl: 'https://developers.kakao.com' } } };
const WASM = BASE + 'kshare.wasm';
const EXEC = BASE + 'wasm_exec.js';
const UNAVAILABLE = { name: 'KakaoError', code: 'engine-unavailable', field: '' };

test('Kakao.ready is a native Promise that resolves with undefined once the engine is attached', async () => {
  const h = boot({ program: 'manual' });
  assert.ok(h.Kakao.ready instanceof h.window.Promise);
  let settled = false;
  h.Kakao.ready.then(() => { settled = true; });
  await settle();
  assert.equal(settled, false, 'loaded but not attached');
  await h.attach();
  assert.deepEqual(await outcome(h.Kakao.ready), { resolved: undefined });
  assert.deepEqual(h.console, []);
});

test('a load failure rejects ready and fails every queued and later call with engine-unavailable', async (t) => {
  const compileError = () => Promise.reject(new Error('WebAssembly.instantiate(): expected magic word 00 61 73 6d'));
  const cases = [
    { name: 'kshare.wasm answers 404', options: { files: { 'kshare.wasm': { status: 404 } } }, reason: `${WASM}: HTTP 404` },
    { name: 'wasm_exec.js answers 404', options: { files: { 'wasm_exec.js': { status: 404 } } }, reason: `${EXEC}: HTTP 404` },
    { name: 'kshare.wasm cannot be fetched', options: { files: { 'kshare.wasm': 'network' } }, reason: `${WASM}: Failed to fetch` },
    { name: 'wasm_exec.js throws', options: { files: { 'wasm_exec.js': { body: 'throw new Error("boom")' } } }, reason: `${EXEC}: boom` },
    { name: 'wasm_exec.js defines no Go', options: { files: { 'wasm_exec.js': { body: '' } } }, reason: `${EXEC}: Go is not a constructor` },
    {
      name: 'kshare.wasm does not compile',
      options: { wasm: { streaming: compileError, instantiate: compileError } },
      reason: `${WASM}: WebAssembly.instantiate(): expected magic word 00 61 73 6d`,
    },
    {
      name: 'the Go program exits before attaching',
      options: { program: () => 2 },
      reason: `${WASM}: the Go program stopped before it was ready (exit code 2)`,
    },
    {
      name: 'the Go program throws before attaching',
      options: { program: () => { throw new Error('RuntimeError: unreachable'); } },
      reason: `${WASM}: the Go program stopped before it was ready (RuntimeError: unreachable)`,
    },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const h = boot({ activation: { isActive: true }, ...c.options });
      h.Kakao.init('app-key');
      const queued = h.Kakao.Share.sendDefault(FEED);
      const popup = h.opened.length === 1;

      const ready = await outcome(h.Kakao.ready);
      const error = ready.rejected;
      assert.ok(error instanceof h.window.__kshare.KakaoError);
      assert.deepEqual(fields(error), UNAVAILABLE);
      assert.equal(error.message, 'The kshare engine could not be loaded: ' + c.reason);

      assert.deepEqual(await outcome(queued), { rejected: error });
      assert.ok(popup, 'the sharer was opened inside the gesture');
      assert.equal(h.opened.length, 1);
      await settle();
      assert.deepEqual(h.uncaught, [error], 'the queued init is rethrown');

      assert.throws(() => h.Kakao.Share.createDefaultButton({}), (e) => e === error);
      assert.throws(() => h.Kakao.isInitialized(), (e) => e === error);
      assert.deepEqual(await outcome(h.Kakao.Share.uploadImage({ file: [] })), { rejected: error });
      assert.equal(h.opened.length, 1, 'no popup once the failure is known');
      assert.deepEqual(h.invoked, []);
      assert.equal(h.asyncInit, 1, 'kakaoAsyncInit is called after a failure too');
      assert.deepEqual(h.console, [], 'nothing printed, not even wasm_exec.js\'s exit code');
    });
  }
});

test('the sharer opened before a load failure is closed', async () => {
  const popup = { closed: false, close() { this.closed = true; } };
  const h = boot({ activation: { isActive: true }, popup, files: { 'kshare.wasm': { status: 500 } } });
  const sent = h.Kakao.Share.sendCustom({ templateId: 1 });
  assert.equal(popup.closed, false);
  await outcome(sent);
  assert.equal(popup.closed, true);
});

test('when the Go program exits after attaching, later calls fail with engine-stopped', async () => {
  const h = boot();
  await h.Kakao.ready;
  h.Kakao.init('app-key');
  await h.exit(0);
  await settle();

  let error;
  assert.throws(() => h.Kakao.init('again'), (e) => { error = e; return true; });
  assert.deepEqual(fields(error), { name: 'KakaoError', code: 'engine-stopped', field: '' });
  assert.equal(error.message, 'The kshare engine stopped (exit code 0)');
  assert.deepEqual(await outcome(h.Kakao.Share.sendDefault(FEED)), { rejected: error });
  assert.deepEqual(h.invoked.map((c) => c.name), ['init']);
  assert.equal(h.asyncInit, 1);
  assert.deepEqual(await outcome(h.Kakao.ready), { resolved: undefined }, 'ready stays resolved');
});

test('kshare.wasm is instantiated by streaming, or from its bytes when the MIME type is wrong', async (t) => {
  const cases = [
    { name: 'application/wasm: streaming', type: 'application/wasm', how: ['streaming'] },
    { name: 'application/octet-stream: bytes', type: 'application/octet-stream', how: ['bytes'] },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const h = boot({ files: { 'kshare.wasm': { type: c.type, body: new ArrayBuffer(8) } } });
      await h.Kakao.ready;
      assert.deepEqual(h.instantiated.map((i) => i.how), c.how);
      assert.equal(h.instantiated[0].imports.gojs !== undefined, true, "Go's importObject");
      if (c.how[0] === 'bytes') assert.ok(h.instantiated[0].bytes instanceof ArrayBuffer);
    });
  }
});

test('wasm_exec.js runs in a sandbox: its globals stay out of window, everything else reads through', async () => {
  const h = boot({ program: 'manual' });
  const { global, fs } = await h.program();

  for (const name of ['Go', 'fs', 'process', 'path']) {
    assert.equal(Object.hasOwn(h.window, name), false, `window.${name}`);
    assert.notEqual(global[name], undefined, `sandbox ${name}`);
  }
  assert.equal(fs, global.fs, 'a bare `fs` in wasm_exec.js is the sandbox\'s');
  assert.equal(global.__kshare, h.window.__kshare);
  assert.equal(global.window, h.window);
  // (That window getters run with window as the receiver cannot be seen here: a vm
  // context's global ignores the receiver.)
  global.written = 1;
  assert.equal(global.written, 1);
  assert.equal(Object.hasOwn(h.window, 'written'), false, 'writes stay in the sandbox');
});

test('under a CSP without unsafe-eval, wasm_exec.js loads as a <script> and its Go global is removed', async () => {
  const h = boot({ codeGeneration: { strings: false } });
  assert.throws(() => h.run('new Function("")'), { name: 'EvalError' });
  await h.Kakao.ready;
  assert.equal(Object.hasOwn(h.window, 'Go'), false);
  assert.equal(typeof h.window.fs, 'object', 'the Go program still needs fs on window');
  h.Kakao.init('app-key');
  assert.deepEqual(h.invoked.map((c) => c.name), ['init']);
  assert.deepEqual(h.console, []);
});

test("Go's own wasm_exec.js runs in the sandbox and its program attaches", async (t) => {
  let goroot;
  try {
    goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  } catch {
    return t.skip('go is not installed');
  }
  const file = [`${goroot}/lib/wasm/wasm_exec.js`, `${goroot}/misc/wasm/wasm_exec.js`].find(existsSync);
  let h;
  // The smallest instance Go.run accepts: memory for argv, and a run export that does
  // what the Go program does, then returns as a program blocked in select {} would.
  class Instance {
    constructor() {
      this.exports = {
        mem: { buffer: new ArrayBuffer(1 << 16) },
        run: () => h.window.__kshare.attach(h.engine),
      };
    }
  }
  h = boot({
    files: { 'wasm_exec.js': { body: readFileSync(file, 'utf8') } },
    wasm: { streaming: async () => ({ instance: new Instance() }) },
    globals: { crypto: webcrypto, performance, TextEncoder, TextDecoder },
  });
  h.window.WebAssembly.Instance = Instance;
  await h.Kakao.ready;
  assert.equal(h.Kakao.Share.sendDefault(FEED), undefined);
  assert.deepEqual(h.invoked.map((c) => c.name), ['Share.sendDefault']);
  for (const name of ['Go', 'fs', 'process', 'path']) assert.equal(Object.hasOwn(h.window, name), false, name);
  assert.deepEqual(h.console, []);
});
