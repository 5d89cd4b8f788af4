// The page: kshare configured for the emulator given in the query (?emulator=&key=),
// a plain button bound at once, and the React component under StrictMode.
import { createElement, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Kakao, configure } from 'kshare';
import { ShareButton } from './ShareButton.js';

const query = new URLSearchParams(location.search);
configure({ emulator: query.get('emulator') || '' });
const key = query.get('key') || '';

Kakao.init(key);
Kakao.Share.createDefaultButton({
  container: '#vanilla',
  objectType: 'text',
  text: 'shared from the plain button',
  link: { webUrl: 'https://developers.kakao.com', mobileWebUrl: 'https://developers.kakao.com' },
});

// window.__binds counts the component's effect runs: two in a development build, where
// StrictMode runs each effect twice, one in production.
const onBind = () => { window.__binds = (window.__binds || 0) + 1; };
createRoot(document.getElementById('react')).render(
  createElement(StrictMode, null, createElement(ShareButton, { appKey: key, text: 'shared from React', onBind })),
);
