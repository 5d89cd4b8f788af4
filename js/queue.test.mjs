// Calls before and after the engine is attached (README "Calls before the engine is
// ready"), and the sharer popup opened inside a click before the engine is ready.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boot, settle, outcome } from './testkit.mjs';

const FEED = { objectType: 'feed', content: { link: { webUrl: 'https://developers.kakao.com' } } };
const BUTTON = { ...FEED, container: '#btn' };
const SHARER_FEATURES = 'width=480,height=700,left=820,top=240,scrollbars=yes,resizable=1';

test('calls made before the engine is ready run in order, with their arguments untouched, when it is', async () => {
  const h = boot({ program: 'manual' });
  const { Kakao } = h;
  assert.equal(Kakao.init('app-key'), undefined);
  assert.equal(Kakao.Share.createDefaultButton(BUTTON), undefined);
  const sent = Kakao.Share.sendDefault(FEED);
  Kakao.cleanup();
  Kakao.init('other-key');
  await settle();
  assert.deepEqual(h.invoked, [], 'nothing runs before attach');

  await h.attach();
  assert.equal(h.invokedInsideAttach, 0, 'nor inside the Go call that attached');
  await Kakao.ready;
  assert.deepEqual(h.invoked.map((c) => c.name),
    ['init', 'Share.createDefaultButton', 'Share.sendDefault', 'cleanup', 'init']);
  assert.equal(h.invoked[1].args[0], BUTTON);
  assert.equal(h.invoked[2].args[0], FEED);
  assert.deepEqual(h.invoked.map((c) => c.ctx.popup), [null, null, null, null, null]);
  assert.deepEqual(await outcome(sent), { resolved: undefined });
  assert.deepEqual(h.uncaught, []);
});

test('isInitialized answers from the queue before the engine is ready', async (t) => {
  const cases = [
    { name: 'nothing queued', calls: [], want: false },
    { name: 'init queued', calls: ['init'], want: true },
    { name: 'init then cleanup', calls: ['init', 'cleanup'], want: false },
    { name: 'cleanup then init', calls: ['cleanup', 'init'], want: true },
    { name: 'init then a share call', calls: ['init', 'Share.cleanup'], want: true },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const h = boot({ program: 'manual' });
      for (const name of c.calls) {
        if (name === 'Share.cleanup') h.Kakao.Share.cleanup();
        else h.Kakao[name]('key');
      }
      assert.equal(h.Kakao.isInitialized(), c.want);
    });
  }
});

test('isInitialized asks the engine once it is ready', async () => {
  const h = boot({ answers: { isInitialized: () => [true, true] } });
  await h.Kakao.ready;
  assert.equal(h.Kakao.isInitialized(), true);
  assert.deepEqual(h.invoked.map((c) => c.name), ['isInitialized']);
});

test('a promised call before ready returns a native Promise that follows the engine', async (t) => {
  const error = (h) => new h.window.__kshare.KakaoError('Illegal argument for "content" in defaultObject', 'invalid-type', 'content');
  const cases = [
    {
      name: 'send* resolves with what the engine\'s promise resolves with',
      call: (K) => K.Share.sendDefault(FEED),
      answer: () => [true, Promise.resolve({ path: 'web-sharer' })],
      want: () => ({ resolved: { path: 'web-sharer' } }),
    },
    {
      name: 'send* rejects with what the engine\'s promise rejects with',
      call: (K) => K.Share.sendCustom({ templateId: 1 }),
      answer: () => [true, Promise.reject(new Error('popup blocked'))],
      want: () => ({ rejected: 'popup blocked' }),
    },
    {
      name: 'send* rejects with the error the engine throws',
      call: (K) => K.Share.sendScrap({ requestUrl: 'x' }),
      answer: (h) => [false, error(h)],
      want: () => ({ rejected: 'Illegal argument for "content" in defaultObject' }),
    },
    {
      name: 'uploadImage resolves with the engine\'s result',
      call: (K) => K.Share.uploadImage({ file: [] }),
      answer: () => [true, Promise.resolve({ infos: { original: { url: 'u' } } })],
      want: () => ({ resolved: { infos: { original: { url: 'u' } } } }),
    },
    {
      name: 'scrapImage rejects with the error the engine throws',
      call: (K) => K.Share.scrapImage({}),
      answer: (h) => [false, error(h)],
      want: () => ({ rejected: 'Illegal argument for "content" in defaultObject' }),
    },
    {
      name: 'deleteImage resolves with the engine\'s result',
      call: (K) => K.Share.deleteImage({ imageUrl: 'u' }),
      answer: () => [true, Promise.resolve({})],
      want: () => ({ resolved: {} }),
    },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      let h;
      const answer = (...a) => c.answer(h, ...a);
      h = boot({
        program: 'manual',
        answers: Object.fromEntries(['sendDefault', 'sendCustom', 'sendScrap', 'uploadImage', 'scrapImage', 'deleteImage']
          .map((fn) => ['Share.' + fn, answer])),
      });
      const p = c.call(h.Kakao);
      assert.ok(p instanceof h.window.Promise, 'a native Promise of the page');
      await h.attach();
      const got = await outcome(p);
      assert.deepEqual(got.rejected ? { rejected: got.rejected.message } : got, c.want());
      assert.deepEqual(h.uncaught, []);
    });
  }
});

test('a queued call that fails is rethrown asynchronously as an uncaught error', async (t) => {
  for (const name of ['init', 'cleanup', 'Share.createDefaultButton', 'Share.createCustomButton', 'Share.createScrapButton', 'Share.cleanup']) {
    await t.test(name, async () => {
      const failure = new Error('Kakao.init: Already initialized');
      const h = boot({ program: 'manual', answers: { [name]: () => [false, failure] } });
      const fn = name.startsWith('Share.') ? h.Kakao.Share[name.slice(6)] : h.Kakao[name];
      assert.equal(fn({ container: '#btn' }), undefined);
      const next = h.Kakao.Share.deleteImage({ imageUrl: 'u' });
      await h.attach();
      await h.Kakao.ready;
      assert.deepEqual(h.uncaught, []);
      await settle();
      assert.deepEqual(h.uncaught, [failure]);
      assert.deepEqual(await outcome(next), { resolved: undefined }, 'the queue goes on after a failure');
    });
  }
});

test('after attach every call is one synchronous invoke', async (t) => {
  const kakaoError = (h) => new h.window.__kshare.KakaoError('Kakao.init: App key must be provided', 'app-key', 'appKey');
  const cases = [
    { name: '[true, value] is returned', fn: (K) => K.isInitialized, answer: () => [true, false], want: { returned: false } },
    { name: '[true, undefined] is returned', fn: (K) => K.Share.createCustomButton, answer: () => [true, undefined], want: { returned: undefined } },
    { name: '[true, promise] is returned as is', fn: (K) => K.Share.sendDefault, answer: (h) => [true, h.sent], want: { returned: 'the promise' } },
    { name: '[false, error] is thrown', fn: (K) => K.init, answer: (h) => [false, kakaoError(h)], want: { threw: { name: 'KakaoError', code: 'app-key', field: 'appKey' } } },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      let h;
      const answer = () => c.answer(h);
      h = boot({ answers: { isInitialized: answer, init: answer, 'Share.sendDefault': answer, 'Share.createCustomButton': answer } });
      h.sent = Promise.resolve();
      await h.Kakao.ready;
      const fn = c.fn(h.Kakao); // detached from its object: the facade does not use `this`
      let got;
      try {
        const value = fn(FEED, 'second');
        got = { returned: value === h.sent ? 'the promise' : value };
      } catch (e) {
        got = { threw: { name: e.name, code: e.code, field: e.field } };
      }
      assert.deepEqual(got, c.want);
      assert.equal(h.invoked.length, 1);
      assert.deepEqual([...h.invoked[0].args], [FEED, 'second']);
      assert.deepEqual({ ...h.invoked[0].ctx }, { popup: null });
    });
  }
});

test('a send* inside a user gesture before ready opens the sharer at once and hands it to the engine', async (t) => {
  const popup = { name: 'sharer', closed: false, close() {} };
  const cases = [
    { name: 'userActivation is active', options: { activation: { isActive: true } }, opened: true },
    { name: 'userActivation is not active, even in an event', options: { activation: { isActive: false }, event: { type: 'click' } }, opened: false },
    ...['click', 'touchend', 'keydown', 'pointerup'].map((type) => (
      { name: `no userActivation, window.event is a ${type}`, options: { event: { type } }, opened: true })),
    { name: 'no userActivation, window.event is a mousemove', options: { event: { type: 'mousemove' } }, opened: false },
    { name: 'no userActivation, no event', options: {}, opened: false },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const h = boot({ program: 'manual', popup, ...c.options });
      h.Kakao.Share.sendDefault(FEED);
      h.Kakao.Share.uploadImage({ file: [] });
      assert.deepEqual(h.opened, c.opened ? [['', 'sharer', SHARER_FEATURES]] : []);
      await h.attach();
      await h.Kakao.ready;
      assert.deepEqual(h.invoked.map((x) => [x.name, x.ctx.popup]),
        [['Share.sendDefault', c.opened ? popup : null], ['Share.uploadImage', null]]);
    });
  }
});

test('the pre-ready popup is placed from screenX/screenY when screenLeft/screenTop are missing', () => {
  const h = boot({ program: 'manual', activation: { isActive: true }, globals: { screenLeft: undefined, screenTop: undefined, screenX: 11, screenY: 7 } });
  h.Kakao.Share.sendScrap({ requestUrl: 'https://developers.kakao.com' });
  assert.deepEqual(h.opened, [['', 'sharer', 'width=480,height=700,left=731,top=197,scrollbars=yes,resizable=1']]);
});

test('a blocked pre-ready popup is handed to the engine as null', async () => {
  const h = boot({ program: 'manual', activation: { isActive: true }, popup: null });
  h.Kakao.Share.sendCustom({ templateId: 1 });
  assert.equal(h.opened.length, 1);
  await h.attach();
  await h.Kakao.ready;
  assert.equal(h.invoked[0].ctx.popup, null);
});

test('no popup is opened by the loader once the engine is ready', async () => {
  const h = boot({ activation: { isActive: true } });
  await h.Kakao.ready;
  h.Kakao.Share.sendDefault(FEED);
  assert.deepEqual(h.opened, []);
  assert.equal(h.invoked[0].ctx.popup, null);
});
