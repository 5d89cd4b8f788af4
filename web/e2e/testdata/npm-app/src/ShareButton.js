// A React component that binds its button with createDefaultButton in an effect and
// releases it in the effect's cleanup. Under StrictMode the effect runs, is cleaned
// up and runs again: the same key is initialised twice (harmless with the module) and
// the button ends up bound once.
import { createElement, useEffect, useRef } from 'react';
import { Kakao, unbind } from 'kshare';

// onBind, when given, is called at each binding (the test counts them).
export function ShareButton({ appKey, text, onBind }) {
  const ref = useRef(null);
  useEffect(() => {
    const button = ref.current;
    if (onBind) onBind();
    Kakao.init(appKey);
    Kakao.Share.createDefaultButton({
      container: button,
      objectType: 'text',
      text,
      link: { webUrl: 'https://developers.kakao.com', mobileWebUrl: 'https://developers.kakao.com' },
    });
    return () => unbind(button);
  }, [appKey, text, onBind]);
  return createElement('button', { ref, id: 'react-share' }, 'share (React)');
}
