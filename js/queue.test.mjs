// Calls before the engine is ready, the sharer window opened inside a click meanwhile,
// containers bound before the engine, and the load modes (README "Calls before the
// engine is ready", "data-load").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { answer, boot, outcome, PLANS, PHONE } from './testkit.mjs';

const BROWSERS = JSON.parse(readFileSync(new URL('./testdata/browsers.json', import.meta.url), 'utf8'));
const FEED = '{objectType: "text", text: "t", link: {}}';

// manual boots a page whose engine is ready when the test says so (h.attach).
function manual(options = {}) {
  const h = boot({ ...options, hold: true });
  h.attach = async () => { await h.advance(10); await h.release(); };
  return h;
}

const names = (h) => h.calls.map((t) => t.slice(0, t.indexOf('\n')));

test('calls made before the engine is ready run in order once it is, after the setup call', async () => {
  const h = manual({ selectors: { '#btn': 'btn' } });
  h.js(`Kakao.init("k"); Kakao.Share.createDefaultButton(Object.assign(${FEED}, {container: "#btn"}));
    window.sent = Kakao.Share.sendDefault(${FEED}); Kakao.cleanup(); Kakao.init("k2")`);
  await h.advance(10);
  assert.deepEqual(h.calls, [], 'nothing runs before attach');
  await h.attach();
  assert.deepEqual(names(h), ['init', 'Share.createDefaultButton', 'Share.sendDefault', 'cleanup', 'init']);
  assert.equal(h.calls[0], 'init\nVs1:k');
  assert.deepEqual(await outcome(h.Kakao.ready, h), { resolved: undefined });
});

test('the settings are read when the call is made, not when it runs', async () => {
  const h = manual();
  h.js(`window.s = ${FEED}; Kakao.Share.sendDefault(s); s.text = "changed"`);
  await h.attach();
  assert.match(h.calls[0], /s4:texts1:t/);
});

test('isInitialized answers from the queue before the engine is ready, and asks it after', async (t) => {
  const rows = [
    { calls: '', want: false }, { calls: 'Kakao.init("k")', want: true },
    { calls: 'Kakao.init("k"); Kakao.cleanup()', want: false }, { calls: 'Kakao.cleanup(); Kakao.init("k")', want: true },
  ];
  for (const r of rows) {
    await t.test(r.calls || 'nothing queued', () => {
      const h = manual();
      h.js(r.calls);
      assert.equal(h.Kakao.isInitialized(), r.want);
    });
  }
  const h = boot({ engine: (text) => (text === 'isInitialized\n' ? true : undefined) });
  await h.advance(10);
  assert.equal(h.Kakao.isInitialized(), true);
  assert.deepEqual(h.calls, ['isInitialized\n']);
});

test('a send in a click before the engine is ready opens the sharer window at once, and the plan uses it', async () => {
  const h = manual({ engine: (text, page) => answer(PLANS['desktop send']) });
  h.activation.isActive = true;
  const sent = h.js(`Kakao.Share.sendDefault(${FEED})`);
  h.activation.isActive = false;
  assert.deepEqual(h.opened.map((o) => [o.url, o.name, o.features]),
    [['', 'sharer', 'width=480,height=700,left=400,top=50,scrollbars=yes,resizable=1']], 'inside the click');
  await h.attach();
  assert.equal(h.opened.length, 1, 'the plan\'s open step used the window opened in the click');
  assert.equal(h.forms[0].target, 'sharer');
  await h.advance(400);
  assert.equal((await outcome(sent, h)).resolved.path, 'web-sharer');
});

test('outside a click nothing is opened before the engine is ready', () => {
  const h = manual();
  h.js(`Kakao.Share.sendDefault(${FEED})`);
  assert.deepEqual(h.opened, []);
});

test('the window opens in the click only where share/\'s rule gives the web sharer (testdata/browsers.json)', async (t) => {
  for (const b of BROWSERS) {
    await t.test(b.ua + ' touch ' + b.touch, () => {
      const h = manual({ ua: b.ua, touch: b.touch });
      h.activation.isActive = true;
      h.js(`Kakao.Share.sendDefault(${FEED})`);
      assert.equal(h.opened.length, b.talk ? 0 : 1);
    });
  }
});

test('a window opened in the click that the share does not use is closed by the plan', async () => {
  const h = manual({ engine: () => answer(PLANS['validation error']) });
  h.activation.isActive = true;
  const sent = h.js(`Kakao.Share.sendDefault(${FEED})`);
  await h.attach();
  assert.ok(h.opened[0].window.closed);
  assert.equal((await outcome(sent, h)).rejected.code, PLANS['validation error'].throw.code, 'a validation error of a queued send rejects its promise');
});

test('a container bound before the engine is ready shares on its first click', async () => {
  const plans = [PLANS.bind, PLANS['desktop click']];
  const h = manual({ selectors: { '#btn': 'btn' }, engine: (text, page) => answer(plans[page.calls.length - 1]) });
  h.js(`Kakao.Share.createDefaultButton(Object.assign(${FEED}, {container: "#btn"}))`);
  const click = h.element('btn').click();
  assert.ok(click.prevented && click.stopped);
  assert.equal(h.opened.length, 1, 'the sharer window opens inside the click');
  await h.attach();
  assert.deepEqual(names(h), ['Share.createDefaultButton', 'Share.createDefaultButton']);
  assert.match(h.calls[1], /\nE.*KV/s, 'the click ran after its binding was confirmed');
  assert.equal(h.opened.length, 1, 'in that window');
  assert.equal(h.forms.length, 1);
});

test('a container whose create*Button fails when the engine arrives is unbound, and its queued click dropped', async () => {
  const h = manual({ selectors: { '#btn': 'btn' }, engine: () => JSON.stringify({ throw: { name: 'KakaoError', message: 'Missing required keys: text at Share.createDefaultButton', code: 'missing-keys', field: 'text' } }) });
  h.js('Kakao.Share.createDefaultButton({objectType: "text", link: {}, container: "#btn"})');
  h.element('btn').click();
  await h.attach();
  await h.advance(10);
  assert.equal(h.calls.length, 1, 'the click does not run');
  assert.ok(h.opened[0].window.closed, 'its window is closed');
  assert.deepEqual(h.uncaught.map((e) => e.code), ['missing-keys'], 'the failed create*Button surfaces once');
  assert.ok(!h.element('btn').click().prevented, 'nothing is bound');
});

test('binding the same container again before the engine is ready: the last call wins', async () => {
  const h = manual({ selectors: { '#btn': 'btn' }, engine: (text) => (text.includes('KV') ? undefined : answer(PLANS.bind)) });
  h.js('Kakao.Share.createDefaultButton({objectType: "text", text: "first", link: {}, container: "#btn"})');
  h.js('Kakao.Share.createDefaultButton({objectType: "text", text: "second", link: {}, container: "#btn"})');
  h.element('btn').click();
  await h.attach();
  assert.equal(h.calls.length, 3);
  assert.match(h.calls[2], /s6:second/, 'the click ran the last binding');
  assert.equal(h.element('btn').listeners.click.length, 1, 'one handler');
});

test('__kshare.unbind releases one container, before the engine is ready or after', async (t) => {
  const plans = (text) => (text.includes('KV') ? answer(PLANS['desktop click']) : answer(PLANS.bind));
  await t.test('before: the queued create*Button binds nothing when it runs', async () => {
    const h = manual({ selectors: { '#a': 'a', '#b': 'b' }, engine: plans });
    h.js(`Kakao.Share.createDefaultButton(Object.assign(${FEED}, {container: "#a"}))`);
    h.js(`Kakao.Share.createDefaultButton(Object.assign(${FEED}, {container: "#b"}))`);
    h.js('window.__kshare.unbind("#a")');
    await h.attach();
    assert.ok(!h.element('a').click().prevented, '#a is released');
    assert.equal(h.element('a').listeners.click.length, 0);
    assert.ok(h.element('b').click().prevented, '#b is still bound');
  });
  await t.test('after: by element; a container never bound is no error', async () => {
    const h = manual({ selectors: { '#a': 'a' }, engine: plans });
    await h.attach();
    h.js(`Kakao.Share.createDefaultButton(Object.assign(${FEED}, {container: "#a"}))`);
    assert.ok(h.element('a').click().prevented);
    const calls = h.calls.length;
    h.js('window.__kshare.unbind(document.querySelector("#a")); window.__kshare.unbind("#none")');
    assert.ok(!h.element('a').click().prevented);
    assert.equal(h.calls.length, calls, 'no call for the released container');
  });
});

test('data-load: eager loads at once, idle after the load event in an idle period, interaction on the first intent', async (t) => {
  const wasm = (h) => h.fetches.filter((f) => f.url.includes('kshare.wasm')).length;
  await t.test('eager (the default)', async () => {
    const h = boot();
    assert.equal(wasm(h), 1);
  });
  await t.test('idle', async () => {
    const h = boot({ script: { 'data-load': 'idle' }, readyState: 'loading' });
    await h.advance(1000);
    assert.equal(wasm(h), 0, 'not before the load event');
    for (const fn of h.document.listeners['window:load']) fn();
    await h.advance(49);
    assert.equal(wasm(h), 0, 'not before an idle period');
    await h.advance(1);
    assert.equal(wasm(h), 1);
  });
  await t.test('interaction: a hover on a bound container', async () => {
    const h = boot({ script: { 'data-load': 'interaction' }, selectors: { '#btn': 'btn' } });
    h.js(`Kakao.init("k"); Kakao.Share.createDefaultButton(Object.assign(${FEED}, {container: "#btn"}))`);
    await h.advance(5000);
    assert.equal(wasm(h), 0, 'init and binding are no intent');
    h.element('btn').dispatch('pointerenter');
    await h.advance(0);
    assert.equal(wasm(h), 1);
    await h.advance(10);
    await h.Kakao.ready;
    assert.deepEqual(names(h), ['init', 'Share.createDefaultButton']);
    h.element('btn').dispatch('pointerenter');
    await h.advance(10);
    assert.equal(wasm(h), 1, 'an intent once loading loads nothing more');
  });
  for (const intent of ['focusin', 'pointerdown', 'touchstart']) {
    await t.test('interaction: ' + intent, async () => {
      const h = boot({ script: { 'data-load': 'interaction' }, selectors: { '#btn': 'btn' } });
      h.js(`Kakao.Share.createDefaultButton(Object.assign(${FEED}, {container: "#btn"}))`);
      h.element('btn').dispatch(intent);
      await h.advance(0);
      assert.equal(wasm(h), 1);
    });
  }
  await t.test('interaction: a send in a click opens the window, loads, and completes once', async () => {
    const h = boot({ script: { 'data-load': 'interaction' }, engine: (text, page) => answer(page.calls.length === 1 ? PLANS['desktop send'] : {}) });
    h.activation.isActive = true;
    const sent = h.js(`Kakao.Share.sendDefault(${FEED})`);
    h.activation.isActive = false;
    assert.equal(h.opened.length, 1);
    await h.advance(10);
    assert.equal(wasm(h), 1);
    await h.advance(400);
    assert.equal(h.forms.length, 1);
    assert.equal(h.calls.length, 1, 'run once');
    assert.equal((await outcome(sent, h)).resolved.path, 'web-sharer');
  });
});

test('Kakao.Link is Kakao.Share; a call through it is named Link.* for the engine, which warns', async () => {
  const h = boot();
  await h.advance(10);
  assert.equal(h.Kakao.Link, h.Kakao.Share);
  await h.advance(0);
  assert.deepEqual(h.console, [], 'reading it does not warn');
  h.js(`Kakao.Link.sendDefault(${FEED})`);
  await h.advance(0);
  h.js(`Kakao.Share.sendDefault(${FEED})`);
  assert.deepEqual(h.calls.map((c) => c.split('\n')[0]).slice(-2), ['Link.sendDefault', 'Share.sendDefault']);
});

test('the surface: Kakao, its version, Share\'s functions, ready', async () => {
  const h = boot();
  assert.equal(h.Kakao.VERSION, '2.7.4');
  assert.deepEqual(Object.keys(h.Kakao.Share).sort(), ['cleanup', 'createCustomButton', 'createDefaultButton', 'createScrapButton',
    'deleteImage', 'scrapImage', 'sendCustom', 'sendDefault', 'sendScrap', 'uploadImage']);
  assert.deepEqual(Object.keys(h.Kakao).sort(), ['Link', 'Share', 'VERSION', 'cleanup', 'init', 'isInitialized', 'ready']);
  assert.ok(h.Kakao.ready instanceof h.js('Promise'));
  await h.advance(10);
  const sent = h.js(`Kakao.Share.sendDefault(${FEED})`);
  assert.ok(sent instanceof h.js('Promise'), 'send* return a native Promise');
  assert.equal(h.Kakao.Share.createDefaultButton({ objectType: 'text', text: 't', link: {}, container: '#none' }), undefined);
  assert.ok(PHONE);
});
