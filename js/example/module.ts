// The same declarations from an ES module: the global `Kakao`, `window.Kakao` and the
// `Kakao.*` types need no import.
export async function shareWhenReady(settings: Kakao.DefaultSettings): Promise<Kakao.ShareDispatch> {
  await window.Kakao.ready;
  if (!Kakao.isInitialized()) Kakao.init('0123456789abcdef0123456789abcdef');
  return globalThis.Kakao.Share.sendDefault(settings);
}
