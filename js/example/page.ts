// A page script written against kakao-share.d.ts: it uses every public function with
// the examples of Kakao's product documentation. `tsc -p js/tsconfig.json` compiles it
// in `make test` (nothing runs it); the @ts-expect-error lines must stay errors.
//
// The page: <script src="kshare.js"></script> then this script, plus
// <button id="kakaotalk-sharing-btn">, <button id="custom-btn">, <button id="scrap-btn">,
// <button data-template="list|location|commerce|calendar|text">, <input type="file"
// id="image-input"> and <img id="preview">.

const developers: Kakao.Link = {
  mobileWebUrl: 'https://developers.kakao.com',
  webUrl: 'https://developers.kakao.com',
};
const inApp: Kakao.Link = {
  androidExecutionParams: 'key1=value1&key2=value2',
  iosExecutionParams: 'key1=value1&key2=value2',
};

// The dessert feed: content, five cake items, social counts and two buttons.
const dessert: Kakao.FeedSettings = {
  objectType: 'feed',
  content: {
    title: '오늘의 디저트',
    description: '아메리카노, 빵, 케익',
    imageUrl: 'https://mud-kage.kakao.com/dn/NTmhS/btqfEUdFAUf/FjKzkZsnoeE4o19klTOVI1/openlink_640x640s.jpg',
    imageWidth: 640,
    imageHeight: 640,
    link: developers,
  },
  itemContent: {
    profileText: 'Kakao',
    profileImageUrl: 'https://mud-kage.kakao.com/dn/Q2iNx/btqgeRgV54P/VLdBs9cvyn8BJXB3o7N8UK/kakaolink40_original.png',
    titleImageUrl: 'https://mud-kage.kakao.com/dn/Q2iNx/btqgeRgV54P/VLdBs9cvyn8BJXB3o7N8UK/kakaolink40_original.png',
    titleImageText: 'Cheese cake',
    titleImageCategory: 'Cake',
    items: [
      { item: 'Cake1', itemOp: '1000원' },
      { item: 'Cake2', itemOp: '2000원' },
      { item: 'Cake3', itemOp: '3000원' },
      { item: 'Cake4', itemOp: '4000원' },
      { item: 'Cake5', itemOp: '5000원' },
    ],
    sum: 'Total',
    sumOp: '15000원',
  },
  social: { likeCount: 10, commentCount: 20, sharedCount: 30 },
  buttons: [
    { title: '웹으로 이동', link: developers },
    { title: '앱으로 이동', link: inApp },
  ],
};

const magazine: Kakao.ListSettings = {
  objectType: 'list',
  headerTitle: 'WEEKLY MAGAZINE',
  headerLink: developers,
  contents: [
    { title: '취미의 특징, 탁구', description: '스포츠', imageUrl: 'https://mud-kage.kakao.com/dn/NTmhS/btqfEUdFAUf/FjKzkZsnoeE4o19klTOVI1/openlink_640x640s.jpg', link: developers },
    { title: '크림으로 이해하는 커피이야기', description: '음식', imageUrl: 'https://mud-kage.kakao.com/dn/Q2iNx/btqgeRgV54P/VLdBs9cvyn8BJXB3o7N8UK/kakaolink40_original.png', link: developers },
    { title: '감성이 가득한 분위기', description: '사진', imageUrl: 'https://mud-kage.kakao.com/dn/NTmhS/btqfEUdFAUf/FjKzkZsnoeE4o19klTOVI1/openlink_640x640s.jpg', link: developers },
  ],
  buttons: [
    { title: '웹으로 보기', link: developers },
    { title: '앱으로 보기', link: inApp },
  ],
};

const office: Kakao.LocationSettings = {
  objectType: 'location',
  address: '경기 성남시 분당구 판교역로 166',
  addressTitle: '카카오 판교 아지트',
  content: {
    title: '신메뉴 출시 체리블라썸라떼',
    description: '이번 주는 체리블라썸라떼 1+1',
    imageUrl: 'https://mud-kage.kakao.com/dn/NTmhS/btqfEUdFAUf/FjKzkZsnoeE4o19klTOVI1/openlink_640x640s.jpg',
    link: developers,
  },
  social: { likeCount: 286, commentCount: 45, sharedCount: 845 },
  buttonTitle: '위치 보기',
};

const dress: Kakao.CommerceSettings = {
  objectType: 'commerce',
  content: {
    title: 'Ivory long dress (4 Color)',
    imageUrl: 'https://mud-kage.kakao.com/dn/NTmhS/btqfEUdFAUf/FjKzkZsnoeE4o19klTOVI1/openlink_640x640s.jpg',
    link: developers,
  },
  commerce: {
    productName: 'Ivory long dress',
    regularPrice: 208800,
    discountRate: 30,
    discountPrice: 146160,
    currencyUnit: '₩',
    currencyUnitPosition: 1,
  },
  buttons: [
    { title: '구매하기', link: developers },
    { title: '공유하기', link: inApp },
  ],
};

const tour: Kakao.CalendarSettings = {
  objectType: 'calendar',
  idType: 'event',
  id: '6543a1b2c3d4e5f6a7b8c9d0',
  content: { title: '카카오 판교 오피스 투어', description: '10월 24일 오후 2시', link: developers },
  buttons: [{ title: '일정 보기', link: developers }],
};

// The text message, with arguments for the share webhook and the share-target picker.
const text: Kakao.TextSettings = {
  objectType: 'text',
  text: '기본 템플릿으로 제공되는 텍스트 템플릿은 텍스트를 최대 200자까지 표시할 수 있습니다.',
  link: developers,
  buttonTitle: '자세히 보기',
  serverCallbackArgs: { key: 'value' },
  pickerSettings: { type: 'chat', limit: 5 },
};

function isKakaoError(e: unknown): e is Kakao.KakaoError {
  return e instanceof Error && e.name === 'KakaoError';
}

// Reports a failed share the way a page would: by code and field, never by message.
function report(e: unknown): void {
  if (!isKakaoError(e)) throw e;
  const where = e.field === '' ? '' : ` at ${e.field}`;
  if (typeof e.code === 'number') console.info(`Kakao answered ${e.code}: ${e.msg ?? e.message}`);
  else console.info(`kshare refused (${e.code})${where}`);
}

function dispatched(result: Kakao.ShareDispatch): void {
  const how: string = result.path === 'talk' ? 'KakaoTalk launched' : 'sharer opened';
  console.info(result.url === undefined ? how : `${how}: ${result.url}`);
}

Kakao.init('0123456789abcdef0123456789abcdef');
console.info(Kakao.VERSION, Kakao.isInitialized());

// Buttons made before the engine is ready are bound once it is.
Kakao.Share.createDefaultButton({ container: '#kakaotalk-sharing-btn', ...dessert });
Kakao.Share.createCustomButton({ container: document.body, templateId: 3135 });
Kakao.Share.createScrapButton({ container: '#scrap-btn', requestUrl: 'https://developers.kakao.com' });

// <button data-template="list"> and so on: a share from a click, so the sharer popup is allowed.
const templates: Record<string, Kakao.DefaultSettings> = { list: magazine, location: office, commerce: dress, calendar: tour, text };
document.querySelectorAll<HTMLButtonElement>('button[data-template]').forEach((button) => {
  button.addEventListener('click', () => {
    try {
      Kakao.Share.sendDefault(templates[button.dataset.template ?? 'text']).then(dispatched, report);
    } catch (e) {
      report(e); // invalid settings throw at once
    }
  });
});

document.querySelector('#custom-btn')?.addEventListener('click', async () => {
  try {
    dispatched(await Kakao.Share.sendCustom({
      templateId: 3135,
      templateArgs: { title: '제목 영역입니다.', description: '설명 영역입니다.' },
      serverCallbackArgs: '{"custom":1}',
    }));
  } catch (e) {
    report(e);
  }
});

const input = document.querySelector<HTMLInputElement>('#image-input');
input?.addEventListener('change', async () => {
  if (input.files === null) return;
  try {
    const uploaded: Kakao.ImageUploadResult = await Kakao.Share.uploadImage({ file: input.files });
    const { url, width, height, length, content_type } = uploaded.infos.original;
    console.info(`${content_type} ${width}x${height}, ${length} bytes`);
    await Kakao.Share.sendDefault({ ...dessert, content: { ...dessert.content, imageUrl: url } });
    await Kakao.Share.deleteImage({ imageUrl: url });
  } catch (e) {
    report(e);
  }
});

Kakao.ready.then(async () => {
  const scraped = await Kakao.Share.scrapImage({
    imageUrl: 'https://mud-kage.kakao.com/dn/NTmhS/btqfEUdFAUf/FjKzkZsnoeE4o19klTOVI1/openlink_640x640s.jpg',
  });
  const preview = document.querySelector<HTMLImageElement>('#preview');
  if (preview !== null) preview.src = scraped.infos.original.url;
  dispatched(await Kakao.Share.sendScrap({ requestUrl: 'https://developers.kakao.com', templateId: 3135 }));
}).catch((e: unknown) => {
  if (isKakaoError(e) && e.code === 'engine-unavailable') console.info('sharing is unavailable:', e.message);
  else report(e);
});

window.kakaoAsyncInit = () => console.info('Kakao is usable');
const link: Kakao.Share = Kakao.Link; // SDK v1 pages keep working
Kakao.Share.cleanup();
link.cleanup();
Kakao.cleanup();

// Settings that must not type-check (never called: they would throw).
function wrongSettings(): void {
  // @ts-expect-error a feed needs content
  Kakao.Share.sendDefault({ objectType: 'feed' });
  // @ts-expect-error templateId is a number
  Kakao.Share.sendCustom({ templateId: '3135' });
  // @ts-expect-error there is no 'group' picker
  Kakao.Share.sendDefault({ ...text, pickerSettings: { type: 'group' } });
  // @ts-expect-error a button needs a link
  Kakao.Share.sendDefault({ ...dessert, buttons: [{ title: '웹으로 이동' }] });
  // @ts-expect-error a v1 callback is a function
  Kakao.Share.sendDefault({ objectType: 'text', text: 'hello kakao', link: developers, callback: 'done' });
  // @ts-expect-error create*Button needs a container
  Kakao.Share.createScrapButton({ requestUrl: 'https://developers.kakao.com' });
  // @ts-expect-error calendar has no buttonTitle
  Kakao.Share.sendDefault({ ...tour, buttonTitle: '보기' });
  // @ts-expect-error uploadImage takes files, not URLs
  Kakao.Share.uploadImage({ file: 'https://example.com/a.png' });
  // @ts-expect-error VERSION is read-only
  Kakao.VERSION = '1.0.0';
}

// A page written for SDK v1 type-checks too: its keys are typed, and marked deprecated.
Kakao.Link.sendDefault({
  objectType: 'text',
  text: 'v1',
  link: { webUrl: 'https://developers.kakao.com', androidExecParams: 'invite=1', iosExecParams: 'invite=1' },
  success: (r) => console.log(r.template_msg),
  fail: (e) => console.log('error' in e ? e.error_description : e.code),
  always: () => undefined,
  callback: () => undefined,
});
