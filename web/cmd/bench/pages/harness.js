/* The in-page harness of make bench (web/cmd/bench). It runs before the SDK under test:
 * window.open returns a fake window and HTMLFormElement.prototype.submit does nothing, so
 * that a share opens no popup and navigates nowhere. window.__bench holds the timed loops;
 * each times itself with performance.now() and returns milliseconds. The Go side calls
 * them round by round, alternating pages. */
(function () {
  'use strict';

  const fakeWindow = () => ({ closed: false, close() { this.closed = true; }, focus() {}, location: {} });
  let opened = 0; // popups opened and forms submitted: a share that goes the web-sharer way does one of each
  let submitted = 0;
  window.open = function () { opened++; return fakeWindow(); };
  HTMLFormElement.prototype.submit = function () { submitted++; };

  const now = () => performance.now();
  const feed = () => JSON.parse(window.__feedText);
  const copies = (n) => Array.from({ length: n }, feed);
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

  const describe = (e) => {
    if (e === null || typeof e !== 'object') return { name: typeof e, code: '', field: '', message: String(e).slice(0, 200) };
    return {
      name: String(e.name),
      code: e.code === undefined ? '' : String(e.code),
      field: e.field === undefined ? '' : String(e.field),
      message: String(e.message).slice(0, 200),
    };
  };

  // The Go program's JS values (wasm_exec.js): live ≈ _values.length − _idPool.length.
  const go = () => window.__kshare && window.__kshare.go;
  const live = () => {
    const g = go();
    if (!g || !g._values) return null;
    let refs = 0; // the predefined values (NaN, 0, null, true, false, global, go) count Infinity
    for (const c of g._goRefCounts) if (typeof c === 'number' && isFinite(c)) refs += c;
    return { values: g._values.length - g._idPool.length, refs, ids: g._ids.size };
  };
  // held is the set of objects and functions the Go program holds now (strings are
  // left out: equal text is one value, so identity says nothing about a leak).
  const held = () => {
    const g = go();
    const isRef = (v) => (typeof v === 'object' && v !== null) || typeof v === 'function';
    return new Set(g && g._values ? g._values.filter(isRef) : []);
  };
  const memory = () => {
    const g = go();
    return g && g.mem ? g.mem.buffer.byteLength : 0;
  };

  // The Promises of the last send round: awaited before the next one, so that the CSP
  // watch timers of one round (about 400 ms) never run inside the next.
  let pending = [];
  const settle = async () => {
    const ps = pending;
    pending = [];
    const results = await Promise.allSettled(ps);
    return results.filter((r) => r.status === 'rejected').map((r) => describe(r.reason));
  };

  const send = (settings) => {
    const r = Kakao.Share.sendDefault(settings);
    if (r && typeof r.then === 'function') pending.push(r);
  };

  // withTimeout settles with the promise, or rejects after ms.
  const withTimeout = (p, ms) => Promise.race([p, new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within ' + ms + ' ms')), ms))]);

  // With wrapEngine, engine.call is timed: the share of a call spent in the engine.
  let split = { ms: 0, calls: 0, text: 0, plan: 0 };

  window.__bench = {
    wrapEngine() {
      // After Kakao.ready: the loader calls window.__kshare.engine.call for every call.
      Kakao.ready.then(() => {
        const engine = window.__kshare.engine;
        const call = engine.call;
        engine.call = function (text) {
          const t0 = now();
          const r = call.apply(this, arguments);
          split.ms += now() - t0;
          split.calls++;
          split.text += text.length;
          if (typeof r === 'string') split.plan += r.length;
          return r;
        };
      });
    },

    async split(calls) {
      await settle();
      split = { ms: 0, calls: 0, text: 0, plan: 0 };
      const r = await window.__bench.send(calls);
      return { ms: r.ms, engine_ms: split.ms, calls, text: split.text / Math.max(split.calls, 1), plan: split.plan / Math.max(split.calls, 1) };
    },

    async start() {
      if (Kakao.ready) await Kakao.ready;
      Kakao.init('k');
      return { version: String(Kakao.VERSION), isolated: !!window.crossOriginIsolated, memory: memory(), live: live() };
    },

    memory,
    live,
    settle,

    // noop times calls of Kakao.isInitialized().
    noop(calls) {
      const t0 = now();
      for (let i = 0; i < calls; i++) Kakao.isInitialized();
      return now() - t0;
    },

    // firstSends times each of the first calls of sendDefault in the page, in ms (the
    // first pays for compiling what a share runs).
    firstSends(calls) {
      const cs = copies(calls);
      return cs.map((c) => { const t0 = now(); send(c); return now() - t0; });
    },

    // send times calls of sendDefault with the dessert feed (a fresh copy each, made
    // beforehand: the official SDK writes its defaults into the settings): each call
    // alone (each, in ms; performance.now() has 5 µs steps in these cross-origin
    // isolated pages) and the round (ms, their sum). first is the round's first call: it
    // runs after the pause before the round, on cold caches.
    async send(calls) {
      const rejected = await settle();
      const cs = copies(calls);
      opened = submitted = 0;
      const each = new Array(calls);
      const t0 = now();
      let t = t0;
      for (let i = 0; i < calls; i++) {
        send(cs[i]);
        const t1 = now();
        each[i] = t1 - t;
        t = t1;
      }
      return { ms: t - t0, first: each[0], each, rejected, opened, submitted };
    },

    // replay times sendDefault as send does, with the engine's part taken out: the
    // engine answers one call of the dessert feed, and in the timed calls engine.call
    // hands back that answer at once (no text written into the wasm memory, no Go, no
    // answer read). What is left is the loader's and the plan runner's own work: the
    // walk, parsing the plan, the popup and the form. No engine can make a share
    // cheaper than that.
    async replay(calls) {
      await settle();
      const engine = window.__kshare.engine;
      const call = engine.call;
      let recorded;
      engine.call = function (text) {
        const r = call.apply(this, arguments);
        if (/^Share\.sendDefault\n/.test(text)) recorded = r;
        return r;
      };
      send(feed());
      await settle();
      if (typeof recorded !== 'string') throw new Error('replay: no plan recorded for sendDefault');
      engine.call = function (text) {
        return /^Share\.sendDefault\n/.test(text) ? recorded : call.apply(this, arguments);
      };
      try {
        return await window.__bench.send(calls);
      } finally {
        await settle();
        engine.call = call;
      }
    },

    // sendMany makes total calls in batches, each batch settled before the next; it
    // reports the wasm memory after each batch.
    async sendMany(total, batch) {
      let rejected = await settle();
      const memories = [];
      for (let done = 0; done < total; done += batch) {
        const cs = copies(Math.min(batch, total - done));
        for (const c of cs) send(c);
        rejected = rejected.concat(await settle());
        memories.push(memory());
      }
      return { memory: memory(), memories, rejected: rejected.length, first: rejected[0] || null };
    },

    // buttons times createDefaultButton on n containers and Share.cleanup(), rounds
    // times, between two series of create/cleanup cycles (firstCycles, then cycles);
    // it reports the Go program's live JS values after each cycle of both. Those rise and
    // fall with Go's garbage collector (a js.Value is released by its finalizer), so a
    // leak shows as a minimum that grows from the first series to the last cycles.
    async buttons(n, rounds, cycles, firstCycles) {
      const box = document.getElementById('boxes');
      while (box.children.length < n) box.appendChild(document.createElement('button'));
      const settings = Array.from(box.children).slice(0, n).map((el) => Object.assign(feed(), { container: el }));
      const createAll = () => { for (let i = 0; i < n; i++) Kakao.Share.createDefaultButton(settings[i]); };
      const series = (count) => {
        const out = [];
        for (let c = 0; c < count; c++) {
          createAll();
          Kakao.Share.cleanup();
          const l = live();
          out.push(l ? l.values : -1);
        }
        return out;
      };
      const first = series(firstCycles);
      await tick();
      const before = live();
      const baseline = held();
      const create = [];
      const cleanup = [];
      for (let r = 0; r < rounds; r++) {
        const t0 = now();
        createAll();
        const t1 = now();
        Kakao.Share.cleanup();
        const t2 = now();
        create.push(t1 - t0);
        cleanup.push(t2 - t1);
      }
      const afterRounds = live();
      const last = series(cycles);
      await tick();
      const afterCycles = live();
      // A value that the cycles made and that is still held after firstCycles more
      // cycles (several garbage collections) is kept for good: a leak.
      const end = held();
      series(firstCycles);
      await tick();
      const later = held();
      let kept = 0;
      for (const v of end) if (later.has(v) && !baseline.has(v)) kept++;
      // A click after cleanup must share nothing: count the popups it opens.
      opened = 0;
      settings[0].container.click();
      await tick();
      return { create, cleanup, before, afterRounds, afterCycles, first, last, kept, memory: memory(), clickAfterCleanup: opened };
    },

    // hostile makes each hostile call once, timing it (each is refused with a KakaoError
    // but the valid one, which is shared), then checks that a valid sendDefault still
    // works.
    async hostile() {
      const out = [];
      const cases = [
        ['100k-element array as buttons', () => {
          const s = feed();
          s.buttons = Array.from({ length: 100000 }, (_, i) => ({ title: 'b' + i, link: { webUrl: 'https://developers.kakao.com' } }));
          return s;
        }],
        ['object with 100k keys as extras', () => {
          const s = feed();
          const x = {};
          for (let i = 0; i < 100000; i++) x['k' + i] = 'v';
          s.extras = x;
          return s;
        }],
        ['10 MB string as content.imageUrl', () => {
          const s = feed();
          s.content.imageUrl = 'https://developers.kakao.com/' + 'a'.repeat(10 * 1024 * 1024);
          return s;
        }],
        ['sparse array of length 2^32-1 as buttons', () => {
          const s = feed();
          const a = [];
          a.length = 2 ** 32 - 1;
          s.buttons = a;
          return s;
        }],
        ['re-entrant content getter', () => {
          const s = feed();
          const content = s.content;
          delete s.content;
          Object.defineProperty(s, 'content', {
            enumerable: true,
            configurable: true,
            get() {
              Kakao.Share.sendDefault(s); // throws: kshare is reading this very call
              return content;
            },
          });
          return s;
        }],
        // Valid, and shared: the string is checked, nothing of it built (a number would
        // take up to 0.3 ms to round digit by digit, each key a search of the others).
        ['serverCallbackArgs: JSON of 30k 17-digit numbers', () => {
          const s = feed();
          s.serverCallbackArgs = '[' + Array(30000).fill('2.2250738585072011e-308').join(',') + ']';
          return s;
        }, true],
        ['serverCallbackArgs: JSON of an object with 30k keys', () => {
          const s = feed();
          s.serverCallbackArgs = JSON.stringify(Object.fromEntries(Array.from({ length: 30000 }, (_, i) => ['k' + i, 1])));
          return s;
        }, true],
      ];
      for (const [name, make, valid] of cases) {
        const settings = make();
        let threw = null;
        let result;
        const t0 = now();
        try {
          result = Kakao.Share.sendDefault(settings);
        } catch (e) {
          threw = e;
        }
        const ms = now() - t0;
        let rejected = null;
        if (!threw && result && typeof result.then === 'function') {
          try { await withTimeout(result, 3000); } catch (e) { rejected = e; }
        }
        // The engine must still work: a valid share goes through.
        let after = null;
        try {
          await withTimeout(Kakao.Share.sendDefault(feed()), 3000);
        } catch (e) {
          after = e;
        }
        out.push({
          name,
          valid: !!valid,
          ms,
          threw: threw ? describe(threw) : null,
          rejected: rejected ? describe(rejected) : null,
          after: after ? describe(after) : null,
          death: !!after && (after.code === 'engine-stopped' || after.code === 'engine-unavailable'),
          initialized: Kakao.isInitialized(),
        });
      }
      return out;
    },
  };
})();
