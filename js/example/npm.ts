// The npm package's module (web/dist/npm/index.d.ts, mapped to "kshare" by
// tsconfig.json's paths): Kakao, KakaoError, configure and unbind are imports, and the
// Kakao.* types come with Kakao; no global is declared.
import Default, { Kakao, KakaoError, configure, unbind } from 'kshare';

configure({ emulator: 'http://127.0.0.1:8080', debug: true, load: 'interaction', timeout: 10000 });
// @ts-expect-error load is one of three words
configure({ load: 'lazy' });

export async function share(container: HTMLElement, settings: Kakao.TextSettings): Promise<() => void> {
  const same: Kakao.Static = Default;
  await same.ready;
  Kakao.init('0123456789abcdef0123456789abcdef');
  Kakao.Share.createDefaultButton({ ...settings, container });
  try {
    await Kakao.Share.sendDefault(settings);
  } catch (e) {
    if (e instanceof KakaoError) console.log(e.code, e.field);
  }
  return () => unbind(container);
}
