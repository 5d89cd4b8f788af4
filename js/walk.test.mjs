// The walk: each call's argument becomes one string (wasm/bridge documents the format)
// in one pass over it, with JavaScript's semantics and within bounds. The texts of the
// corpus are kept in testdata/walk.json, which the Go decoder's test reads too: the two
// sides of the bridge agree on every kind of value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { boot } from './testkit.mjs';

const WALK_FILE = new URL('./testdata/walk.json', import.meta.url);

// The corpus: a name and the page's expression, evaluated in the page.
const CORPUS = [
  ['key order, undefined and null', '({b: 1, a: undefined, 0: null, c: [undefined, null]})'],
  ['boxed primitives', '({s: new String("x"), n: new Number(5), t: new Boolean(true), f: new Boolean(false)})'],
  ['numbers', '[640, 640.5, -0, 0, NaN, Infinity, -Infinity, 1e21, 5e-324, -1, 999999999999999, -999999999999999, 1e15, 0.1 + 0.2]'],
  ['strings', '["", "a😀b", "오늘의 디저트", "s3:x;V\\n!"]'],
  ['lone surrogates', '({ok: "a", bad: "a\\uD800", [String.fromCharCode(0xDC00)]: 1, box: new String("\\uDBFF")})'],
  ['functions, elements, files and lists', '({f: function () {}, e: ELEMENT, file: new File(["x"], "cake.png", {type: "image/png"}), blob: new Blob(["abc"]), list: new FileList([new File(["y"], "b.gif", {type: "image/gif"})])})'],
  ['toJSON', '({d: {toJSON(k) { return "key:" + k; }, x: 1}})'],
  ['symbols and bigints', '[Symbol("s"), 10n]'],
  ['an empty object and array', '[{}, []]'],
];

const readCorpus = () => JSON.parse(readFileSync(WALK_FILE, 'utf8'));

// page boots a page whose engine is ready and records the call texts.
async function page(options = {}) {
  const FileList = class { constructor(files) { files.forEach((f, i) => { this[i] = f; }); this.length = files.length; } item(i) { return this[i]; } };
  const h = boot({ ...options, globals: { File, Blob, FileList } });
  h.window.ELEMENT = h.element('btn');
  await h.advance(10);
  await h.Kakao.ready;
  return h;
}

// arg returns the V (or !) section of a call text: what the walk wrote.
function arg(text) {
  let i = text.indexOf('\n') + 1;
  if (text[i] === 'E') {
    i++;
    for (const kind of 'sssdsdddd') {
      if (kind === 's') {
        const colon = text.indexOf(':', i);
        i = colon + 1 + Number(text.slice(i + 1, colon));
      } else {
        i = text.indexOf(';', i) + 1;
      }
    }
  }
  return text.slice(i);
}

test('every kind of value is written as the bridge reads it (testdata/walk.json)', async () => {
  const h = await page();
  const got = [];
  for (const [name, expr] of CORPUS) {
    h.js(`Kakao.Share.sendCustom(${expr})`);
    got.push({ name, text: arg(h.calls.at(-1)) });
  }
  if (process.env.UPDATE) writeFileSync(WALK_FILE, JSON.stringify(got, null, 2) + '\n');
  assert.deepEqual(got, readCorpus(), 'UPDATE=1 node --test js/walk.test.mjs rewrites it');
});

test('the texts of the corpus, as written', () => {
  const want = {
    'key order, undefined and null': 'Vo4:s1:0ns1:bd1;s1:aus1:ca2:un',
    'boxed primitives': 'Vo4:s1:sS1:xs1:nD5;s1:tTs1:fF',
    // whole numbers below 10¹⁵ in decimal; any other number in its bits (hex)
    numbers: 'Va14:d640;d#4084040000000000;d#8000000000000000;d0;d#7ff8000000000000;d#7ff0000000000000;' +
      'd#fff0000000000000;d#444b1ae4d6e2ef50;d#0000000000000001;d-1;d999999999999999;d-999999999999999;' +
      'd#430c6bf526340000;d#3fd3333333333334;',
    'symbols and bigints': 'Va2:xx',
  };
  const texts = Object.fromEntries(readCorpus().map((c) => [c.name, c.text]));
  for (const [name, text] of Object.entries(want)) assert.equal(texts[name], text, name);
  assert.match(texts['lone surrogates'], /s3:badw2:a\uFFFD/, 'a lone surrogate marks its string (w); it reaches Go as U+FFFD');
  assert.equal(texts['functions, elements, files and lists'],
    'Vo5:s1:fc0;s1:ee1;s4:filepf2;1;s8:cake.pngs9:image/pngs4:blobpb3;3;s4:blobs0:s4:lista1:pf4;1;s5:b.gifs9:image/gif');
  assert.equal(texts.toJSON, 'Vo1:s1:djs5:key:do2:s6:toJSONc0;s1:xd1;', 'what toJSON returned, then the object (its method included)');
});

test('the page\'s objects are passed alongside, by index', async () => {
  const fetchPlan = JSON.stringify({ steps: [{ op: 'fetch', url: 'https://kapi.kakao.com/u', init: { method: 'POST', headers: [] }, files: { name: 'file', refs: [1, 0] } }] });
  const h = await page({ engine: (text, page) => (page.calls.length === 1 ? fetchPlan : undefined) });
  h.js('window.F1 = new File(["1"], "1.png", {type: "image/png"}); window.F2 = new File(["2"], "2.png", {type: "image/png"})');
  h.js('Kakao.Share.uploadImage({file: [F1, F2]})');
  const body = h.fetches.at(-1).init.body;
  assert.deepEqual(body.parts.map(([k, v]) => [k, v.name]), [['file', '2.png'], ['file', '1.png']], 'the plan names the files by index');
});

// The walk stops, and the call fails at the exact field, for whatever would keep the
// page busy, grow the engine's memory, or throw from inside the walk.
test('hostile arguments stop the walk at their field', async (t) => {
  const rows = [
    { name: 'a getter that throws 42', expr: '({objectType: "feed", content: {get title() { throw 42; }}})', want: '!gd2;s7:contents5:titles2:42' },
    { name: 'a getter that throws an Error', expr: '({get objectType() { throw new TypeError("no"); }})', want: '!gd1;s10:objectTypes13:TypeError: no' },
    { name: 'a Proxy whose ownKeys trap throws', expr: '({extras: new Proxy({}, {ownKeys() { throw new Error("trap"); }})})', want: '!gd1;s6:extrass11:Error: trap' },
    { name: 'a revoked Proxy', expr: '(() => { const r = Proxy.revocable({}, {}); r.revoke(); return {extras: r.proxy}; })()', wantPrefix: '!gd1;s6:extrass' },
    { name: 'a cycle', expr: '(() => { const a = {}; a.self = {a}; return {templateArgs: a}; })()', want: '!cd3;s12:templateArgss4:selfs1:as0:' },
    { name: 'nesting past 64 levels', expr: '(() => { let v = {}; for (let i = 0; i < 70; i++) v = {v}; return {extras: v}; })()', wantPrefix: '!dd64;s6:extras' },
    { name: 'a 100k-element array of objects', expr: '({objectType: "feed", buttons: Array.from({length: 100000}, () => ({title: "t"}))})', want: '!nd1;s7:buttonss6:100000' },
    { name: 'a sparse array of length 2^32-1', expr: '(() => { const a = []; a.length = 2 ** 32 - 1; return {buttons: a}; })()', want: '!nd1;s7:buttonss10:4294967295' },
    { name: 'an object with 100k keys', expr: '(() => { const o = {}; for (let i = 0; i < 100000; i++) o["k" + i] = i; return {extras: o}; })()', want: '!nd1;s6:extrass6:100000' },
    { name: 'a 10 MB string', expr: '({content: {imageUrl: "x".repeat(10 << 20)}})', want: '!td2;s7:contents8:imageUrls8:10485760' },
    { name: 'more values in all than the bound', expr: '({a: Array(6000).fill(0), b: Array(6000).fill(0)})', want: '!nd1;s1:bs4:6000' },
  ];
  for (const r of rows) {
    await t.test(r.name, async () => {
      const h = await page();
      const before = h.calls.length;
      h.js(`Kakao.Share.sendCustom(${r.expr})`);
      assert.equal(h.calls.length, before + 1, 'the engine is asked, and answers the error');
      const text = arg(h.calls.at(-1));
      if (r.want) assert.equal(text, r.want);
      else assert.ok(text.startsWith(r.wantPrefix), text.slice(0, 80));
      assert.ok(text.length < 64 * 5 + 100, 'nothing of the value is carried, only its path');
    });
  }
});

test('a call from inside another call\'s walk is refused with a KakaoError', async () => {
  const h = await page();
  h.js(`window.S = {objectType: "feed", get content() { return Kakao.Share.sendDefault(S); }}`);
  h.js('Kakao.Share.sendDefault(S)');
  assert.equal(h.calls.length, 1, 'one call reaches the engine');
  assert.match(arg(h.calls[0]), /^!gd1;s7:contents\d+:KakaoError: kshare: Kakao\.Share\.sendDefault called from inside the arguments of another call$/);
  h.js('Kakao.Share.sendDefault({objectType: "text"})');
  assert.equal(h.calls.length, 2, 'and the next call works');
});

test('Kakao.init reads only whether its key is a string', async () => {
  const h = await page();
  const rows = [
    ['"js-key"', 'Vs6:js-key'],
    ['new String("js-key")', 'VS6:js-key'],
    ['Array.from({length: 100000}, () => ({}))', 'Va0:'],
    ['new Proxy({}, {get() { throw 1; }, ownKeys() { throw 1; }})', 'Vo0:'],
    ['5', 'Vd5;'],
    ['undefined', 'Vu'],
  ];
  for (const [expr, want] of rows) {
    h.js(`Kakao.init(${expr})`);
    assert.equal(h.calls.at(-1), 'init\n' + want, expr);
  }
});
