// Server-side rendering under Node: React renders the component to a string, and
// kshare, imported, touches no global and fails each call with a KakaoError
// "no-browser". It prints what it saw as JSON (web/e2e/npm_test.go reads it).
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';

const before = new Set(Object.getOwnPropertyNames(globalThis));
const kshare = await import('kshare');
const { ShareButton } = await import('./src/ShareButton.js');
const html = renderToString(createElement(ShareButton, { appKey: 'k', text: 't' }));
const added = Object.getOwnPropertyNames(globalThis).filter((n) => !before.has(n));

const failure = async (f) => {
  try {
    await f();
    return null;
  } catch (e) {
    return { name: e.name, code: e.code, message: e.message, isKakaoError: e instanceof kshare.KakaoError };
  }
};
const settled = await Promise.race([
  kshare.Kakao.ready.then(() => 'resolved', () => 'rejected'),
  new Promise((resolve) => setTimeout(() => resolve('pending'), 300)),
]);
console.log(JSON.stringify({
  html,
  added,
  version: kshare.Kakao.VERSION,
  isInitialized: kshare.Kakao.isInitialized(),
  init: await failure(() => kshare.Kakao.init('k')),
  send: await failure(() => kshare.Kakao.Share.sendDefault({ objectType: 'text', text: 't', link: {} })),
  create: await failure(() => kshare.Kakao.Share.createDefaultButton({ container: '#b', objectType: 'text', text: 't', link: {} })),
  sendIsPromise: (() => { const p = kshare.Kakao.Share.sendDefault({}); p.catch(() => {}); return p instanceof Promise; })(),
  ready: settled,
}));
