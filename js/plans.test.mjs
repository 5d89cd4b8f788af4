// The loader carries out the engine's plans as they are and decides nothing: run on the
// plans the engine recorded (testdata/plans.json, kept by wasm/bridge's tests), it does
// exactly what each step says, with the step's own URLs, fields and headers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answer, boot, branch, outcome, plain, PLANS, PHONE, TEXTS } from './testkit.mjs';

const FEED = '({objectType: "text", text: "t", link: {}})';

// ready boots a page whose engine answers from plans (by call name, or a function of
// the call's number) and waits for it.
async function ready(options) {
  const h = boot({ globals: { FormData: class { constructor() { this.parts = []; } append(k, v) { this.parts.push([k, v]); } } }, ...options });
  await h.advance(10);
  await h.Kakao.ready;
  return h;
}

// sequence answers the nth call with plans[n] (and undefined past them).
const sequence = (...plans) => (text, h) => {
  const p = plans[h.calls.length - 1];
  return p === undefined ? undefined : answer(p);
};

test('the desktop plan: the popup, the form with its fields in order, then resolve after the watch', async () => {
  const plan = PLANS['desktop send'];
  const h = await ready({ engine: sequence(plan) });
  const sent = h.js(`Kakao.Share.sendDefault(${FEED})`);
  const [open, submit, resolve] = plan.steps;
  assert.deepEqual(h.opened.map((o) => [o.url, o.name, o.features]), [[open.url, open.name, open.features]]);
  assert.deepEqual(h.forms, [{ ...submit.form, display: 'none', connected: true,
    fields: submit.fields.map(([n, v]) => [n, typeof v === 'number' ? TEXTS['desktop send'][v - 1] : v, 'hidden']) }],
    'a field that names a text of the answer sends that text');
  assert.ok(submit.fields.some(([, v]) => typeof v === 'number'), 'the recorded plan carries validation_params as a text after it');
  assert.equal(h.document.body.children.length, 0, 'the form is removed');
  assert.deepEqual(await outcome(sent, h), { pending: true }, 'the watch for a CSP refusal runs first');
  await h.advance(submit.wait);
  assert.deepEqual(await outcome(sent, h), { resolved: resolve.value });
  assert.deepEqual(h.navigations, []);
});

test('a form the page\'s CSP refuses: the popup is closed and the send rejects with the plan\'s error', async () => {
  const plan = PLANS['desktop send'];
  const h = await ready({ engine: sequence(plan) });
  const sent = h.js(`Kakao.Share.sendDefault(${FEED})`);
  h.violate({ effectiveDirective: 'form-action', disposition: 'report', blockedURI: plan.steps[1].form.action });
  h.violate({ effectiveDirective: 'img-src', disposition: 'enforce', blockedURI: plan.steps[1].form.action });
  h.violate({ effectiveDirective: 'form-action', disposition: 'enforce', blockedURI: 'https://elsewhere.example/' });
  assert.deepEqual(await outcome(sent, h), { pending: true }, 'a report-only policy, another directive or another URL is not this form');
  h.violate({ effectiveDirective: 'form-action', disposition: 'enforce', blockedURI: 'https://sharer.kakao.com' });
  const o = await outcome(sent, h);
  assert.equal(o.rejected.name, 'KakaoError');
  assert.equal(o.rejected.code, 'form-blocked');
  assert.equal(o.rejected.message, branch('desktop send', plan.steps[1])[1].error.message);
  assert.ok(h.opened[0].window.closed, 'the blank popup does not stay');
  await h.advance(1000);
  assert.deepEqual(h.uncaught, []);
});

test('the forms sent in one task are watched by one timer, each at least the plan\'s wait', async () => {
  const plan = PLANS['desktop send'];
  const h = await ready({ engine: sequence(plan, plan, plan) });
  const timers = h.clock.timers.length;
  const [a, b] = h.js(`[Kakao.Share.sendDefault(${FEED}), Kakao.Share.sendDefault(${FEED})]`);
  await h.advance(0);
  assert.equal(h.clock.timers.length - timers, 1, 'one timer for both forms');
  await h.advance(plan.steps[1].wait - 1);
  assert.deepEqual([await outcome(a, h), await outcome(b, h)], [{ pending: true }, { pending: true }], 'neither before its wait');
  const c = h.js(`Kakao.Share.sendDefault(${FEED})`); // a later task: a timer of its own
  await h.advance(1);
  assert.deepEqual([await outcome(a, h), await outcome(b, h), await outcome(c, h)],
    [{ resolved: plan.steps[2].value }, { resolved: plan.steps[2].value }, { pending: true }]);
  await h.advance(plan.steps[1].wait);
  assert.deepEqual(await outcome(c, h), { resolved: plan.steps[2].value });
  assert.equal(h.forms.length, 3);
});

test('the form is refilled from each plan: its fields, their order and values, and its attributes, as the plan says', async () => {
  const first = PLANS['desktop send'];
  const submitOf = (p) => p.steps.find((s) => s.op === 'submit');
  // A second plan with one field more, values changed and another action, then a third
  // with fewer fields than the second: each form sent is its own plan's, nothing left over.
  const more = structuredClone(first);
  submitOf(more).form.action = 'http://127.0.0.1:8080/picker/link';
  submitOf(more).fields = [['app_key', 'other'], ['ka', 'x'], ['validation_action', 'custom'], ['validation_params', '{}'], ['lcba', 'a'], ['picker_settings', '{"a":1}']];
  const fewer = structuredClone(first);
  submitOf(fewer).fields = [['app_key', 'k2'], ['lcba', 'a']];
  const h = await ready({ engine: sequence(first, more, fewer, first) });
  for (let i = 0; i < 4; i++) await outcome(h.js(`Kakao.Share.sendDefault(${FEED})`), h);
  const sent = (p, texts) => ({ ...submitOf(p).form, display: 'none', connected: true,
    fields: submitOf(p).fields.map(([n, v]) => [n, typeof v === 'number' ? texts[v - 1] : v, 'hidden']) });
  assert.deepEqual(h.forms, [sent(first, TEXTS['desktop send']), sent(more, []), sent(fewer, []), sent(first, TEXTS['desktop send'])]);
});

test('a blocked popup runs the plan\'s else: reject, nothing submitted', async () => {
  const h = await ready({ engine: sequence(PLANS['desktop send']), popup: 'blocked' });
  const o = await outcome(h.js(`Kakao.Share.sendDefault(${FEED})`), h);
  assert.equal(o.rejected.code, 'popup-blocked');
  assert.deepEqual(h.forms, []);
});

test('a validation error is thrown by the call itself, and the window opened in the click is closed', async () => {
  const h = await ready({ engine: sequence(PLANS['validation error']) });
  assert.throws(() => h.js('Kakao.Share.sendDefault({objectType: "text"})'), (e) => {
    assert.equal(e.name, 'KakaoError');
    assert.equal(e.code, PLANS['validation error'].throw.code);
    assert.equal(e.field, PLANS['validation error'].throw.field);
    assert.equal(e.message, PLANS['validation error'].throw.message);
    return e instanceof h.js('Error');
  });
});

test('the talk plan: fetch with the plan\'s headers, the answer back to the engine, then the launch', async () => {
  const talk = PLANS['talk send'];
  const answer = PLANS['talk answer'];
  const h = await ready({ ua: PHONE, engine: sequence(talk, answer), kapi: () => ({ status: 200, body: '{"template_msg":{}}' }) });
  const sent = h.js(`Kakao.Share.sendDefault(${FEED})`);
  const fetch = talk.steps[1];
  const f = h.fetches.at(-1);
  assert.deepEqual([f.url, plain(f.init)], [fetch.url, fetch.init], 'fetch\'s init as the plan has it');
  await h.advance(0);
  assert.equal(h.calls.length, 2, 'the answer goes back to the engine');
  assert.equal(h.calls[1], h.calls[0].replace('\nE', '\nE').replace(/V/, 'Ad200;s19:{"template_msg":{}}s0:V'), 'the same call with its answer');
  const [wait, iframe, resolve, wait2, ifVisible] = answer.steps;
  assert.deepEqual([wait.op, iframe.op, resolve.op, wait2.op, ifVisible.op], ['wait', 'iframe', 'resolve', 'wait', 'ifVisible'], 'the recorded plan (stock Android)');
  assert.deepEqual(h.iframes, undefined, 'nothing before the wait');
  await h.advance(wait.ms);
  assert.deepEqual(h.iframes.map((f) => [f.id, f.name, f.src, f.width, f.height, f.style.display]),
    [[iframe.attrs.id, iframe.attrs.name, iframe.attrs.src, 0, 0, 'none']]);
  assert.deepEqual(await outcome(sent, h), { resolved: resolve.value });
  await h.advance(wait2.ms);
  assert.deepEqual(h.navigations, [ifVisible.then[0].url], 'the store, the page being still visible');
});

test('ifVisible: nothing when KakaoTalk took the page', async () => {
  const h = await ready({ ua: PHONE, engine: sequence(PLANS['talk send'], PLANS['talk answer']), kapi: () => ({ status: 200, body: '' }) });
  h.js(`Kakao.Share.sendDefault(${FEED})`);
  await h.advance(100);
  h.document.visibilityState = 'hidden';
  await h.advance(1000);
  assert.deepEqual(h.navigations, []);
});

test('a network failure is handed to the engine too, and the failure plan navigates and rejects', async () => {
  const h = await ready({ ua: PHONE, engine: sequence(PLANS['talk send'], PLANS['talk failure']), kapi: () => 'network' });
  const sent = h.js(`Kakao.Share.sendDefault(${FEED})`);
  await h.advance(0);
  assert.match(h.calls[1], /\nEs\d+:.*Ad0;s0:s26:TypeError: Failed to fetchV/s);
  const [navigate, reject] = PLANS['talk failure'].steps;
  assert.deepEqual(h.navigations, [navigate.url], 'top.location');
  const o = await outcome(sent, h);
  assert.deepEqual([o.rejected.code, o.rejected.msg, o.rejected.status], [-401, reject.error.props.msg, 401], 'Kakao\'s code, msg and status on the error');
});

test('an upload: FormData parts from the page\'s files, by the plan\'s refs', async () => {
  const h = await ready({ engine: sequence(PLANS.upload, PLANS['upload answer']), kapi: () => ({ status: 200, body: '{}' }), globals: { File, Blob } });
  h.js('window.F = new File(["x"], "a.png", {type: "image/png"})');
  const up = h.js('Kakao.Share.uploadImage({file: [F]})');
  const f = h.fetches.at(-1);
  assert.equal(f.url, PLANS.upload.steps[0].url);
  assert.deepEqual(plain(f.init.headers), PLANS.upload.steps[0].init.headers);
  assert.deepEqual(f.init.body.parts.map(([k, v]) => [k, v.name]), [['file', 'a.png']]);
  assert.deepEqual(await outcome(up, h), { resolved: PLANS['upload answer'].steps[0].value });
});

test('bind, a click that runs the binding, and unbindAll', async () => {
  const h = await ready({ engine: sequence(PLANS.bind, PLANS['desktop click'], PLANS.cleanup), selectors: { '#btn': 'btn' } });
  h.js('Kakao.Share.createDefaultButton({objectType: "text", text: "t", link: {}, container: "#btn"})');
  assert.match(h.calls[0], /\nE.*L1V/s, 'the container found by the page is told to the engine');
  const click = h.element('btn').click();
  assert.ok(click.prevented && click.stopped, 'the click is the share\'s: preventDefault, stopPropagation');
  assert.match(h.calls[1], /^Share\.createDefaultButton\nE.*KV/s, 'the click runs the binding\'s call, marked K');
  assert.equal(h.calls[1].slice(h.calls[1].indexOf('KV') + 1), h.calls[0].slice(h.calls[0].indexOf('L1V') + 2), 'with the settings read when it was bound');
  assert.equal(h.opened.length, 1);
  assert.equal(h.forms.length, 1);
  h.js('Kakao.cleanup()');
  const after = h.element('btn').click();
  assert.ok(!after.prevented && !after.stopped, 'unbound: the click is the page\'s again');
  assert.equal(h.calls.length, 3);
});

test('a raise step is an uncaught error, once', async () => {
  const click = { steps: [{ op: 'raise', error: { name: 'KakaoError', message: 'unsupported environment', code: 'unsupported-environment', field: '' } }] };
  const h = await ready({ engine: sequence(PLANS.bind, click), selectors: { '#btn': 'btn' } });
  h.js('Kakao.Share.createDefaultButton({objectType: "text", text: "t", link: {}, container: "#btn"})');
  h.element('btn').click();
  await h.advance(0);
  assert.deepEqual(h.uncaught.map((e) => [e.name, e.code, e.message]), [['KakaoError', 'unsupported-environment', 'unsupported environment']]);
});

test('warn prints, close closes the window opened in the click, navigate falls back to location', async () => {
  const h = await ready({ engine: sequence({ steps: [{ op: 'warn', text: 'KakaoWarning: x' }, { op: 'navigate', url: 'kakaolink://send?a' }] }) });
  h.window.top = { get location() { throw new Error('cross-origin top'); } };
  h.js(`Kakao.Share.sendScrap({requestUrl: "u"})`);
  assert.deepEqual(h.console, [['warn', 'KakaoWarning: x']]);
  assert.deepEqual(h.navigations, ['kakaolink://send?a']);
});

test('call: the page\'s function with the value, or with the error; what it throws is the page\'s', async () => {
  const err = { name: 'KakaoError', message: 'm', code: 'kapi-error', field: '', props: { code: 4002, msg: 'bad' } };
  const h = await ready({ engine: sequence({ steps: [{ op: 'call', ref: 0, value: { template_msg: {} } }, { op: 'call', ref: 1, error: err },
    { op: 'call', ref: 2, value: null }, { op: 'warn', text: 'after' }] }) });
  h.js('window.got = []; Kakao.Share.sendCustom({templateId: 1, success: (v) => got.push(["success", v]), fail: (e) => got.push(["fail", e.name, e.code, e.msg, e instanceof KakaoErrorProbe]), always: () => { throw new Error("page bug"); }})'
    .replace('KakaoErrorProbe', 'Error'));
  assert.deepEqual(plain(h.js('got')), [['success', { template_msg: {} }], ['fail', 'KakaoError', 4002, 'bad', true]]);
  assert.deepEqual(h.console, [['warn', 'after']], 'the plan goes on');
  await h.advance(0);
  assert.deepEqual(h.uncaught.map((e) => e.message), ['page bug']);
});

test('onSent: each "sent" message of the sharer\'s origin calls back, until the sharer window is closed', async () => {
  const h = await ready({ engine: sequence({ steps: [{ op: 'open', url: 'https://sharer.kakao.com/picker/link', name: 'sharer', features: '' },
    { op: 'onSent', ref: 0, url: 'https://sharer.kakao.com' }] }) });
  h.js('window.sent = 0; Kakao.Share.sendScrap({requestUrl: "u", callback: () => sent++})');
  h.post('sent', 'https://evil.example');
  h.post('other', 'https://sharer.kakao.com');
  h.post('sent', 'https://sharer.kakao.com');
  h.post('sent', 'https://sharer.kakao.com');
  assert.equal(h.js('sent'), 2, 'each message from the sharer, as v1 did');
  h.opened[0].window.close();
  await h.advance(1000);
  h.post('sent', 'https://sharer.kakao.com');
  assert.equal(h.js('sent'), 2, 'no more once the window is closed');
  assert.deepEqual(h.document.listeners['window:message'], []);
});

test('a fetch with a deadline: past it the plan\'s else runs, and a later answer is dropped', async () => {
  let answer;
  const h = await ready({
    ua: PHONE,
    engine: sequence({ steps: [{ op: 'fetch', url: 'https://kapi.kakao.com/v', init: { method: 'GET', headers: [] }, wait: 10000,
      else: [{ op: 'reject', error: { name: 'KakaoError', message: 'LINK_TIMEOUT', code: 'link-timeout', field: '' } }] }] }),
    kapi: () => new Promise((resolve) => { answer = resolve; }),
  });
  const sent = h.js('Kakao.Share.sendDefault({objectType: "text"})');
  await h.advance(9999);
  assert.deepEqual(await outcome(sent, h), { pending: true });
  await h.advance(1);
  assert.equal((await outcome(sent, h)).rejected.code, 'link-timeout');
  answer({ status: 200, body: '{"template_msg":{}}' });
  await h.advance(100);
  assert.equal(h.calls.length, 1, 'the late answer is not handed to the engine');
});

test('a call text reaches the engine whole, in a buffer of 1.5 bytes a UTF-16 unit, or of 3 when it needs more', async (t) => {
  for (const [name, value, retried] of [
    ['ASCII', 'x'.repeat(5000), false],
    ['Korean', '가'.repeat(5000), true],
    ['surrogate pairs', '😀'.repeat(2000), true],
    ['lone surrogates', 'a\ud800'.repeat(2000), true],
  ]) {
    await t.test(name, async () => {
      const h = await ready({});
      h.asked.length = 0;
      h.js(`Kakao.Share.sendDefault({objectType: "text", text: ${JSON.stringify(value)}, link: {}})`);
      const text = h.calls[h.calls.length - 1];
      assert.ok(text.includes(value.replace(/\ud800/g, '\ufffd')), 'the text arrives as UTF-8, whole');
      const fits = text.length + (text.length >> 1) + 16;
      assert.deepEqual(h.asked, retried ? [fits, text.length * 3] : [fits]);
    });
  }
});
