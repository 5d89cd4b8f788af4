/* runner.js: the plan runner of kshare.js, delivered with the engine. The build
 * (web/cmd/dist) appends it, minified, to the wrapped wasm_exec.js, which hands it to
 * the loader with Go's class: nothing of it is needed before the engine runs, so the
 * page's render-blocking kshare.js does not carry it. It decides nothing: it writes a
 * call into the engine's memory, reads the plan back and carries out its steps as they
 * are. Contract: js/README.md. Plain ES2017.
 *
 * runner(kit, x, setup) returns the engine {call, run} on the exports x of kshare.wasm,
 * its session set up with the call text setup; kit is what it needs of the loader:
 * KakaoError, later, raise, usable, close, plain, describe, settle(job, answer), bind(job),
 * unbindAll(). */
function runner(kit, x, setup) {
  'use strict';

  const { KakaoError, later, raise, usable, close, plain, describe } = kit;
  // call1 calls a function of the page; what it throws is the page's, reported uncaught.
  const call1 = (fn, v) => { try { fn(v); } catch (e) { raise(e); } };
  const doc = document;
  const enc = new TextEncoder();
  const dec = new TextDecoder();

  const fromPlan = (e) => {
    const error = e.name === 'Error' ? new Error(e.message) : new KakaoError(e.message);
    return Object.assign(error, { code: e.code, field: e.field }, e.props);
  };

  const engine = {
    // call writes one call text into the engine's memory as UTF-8 and reads its answer:
    // undefined, true, false, or a plan's text (its JSON line, then the texts it names
    // by number, a line each: form fields' values, else branches).
    // The buffer asked for holds 1.5 bytes a UTF-16 unit (most texts: JSON's ASCII around
    // some Korean); a text that needs more (up to 3) is written again into a buffer of
    // that bound, so that one large call leaves no buffer three times its size behind.
    call(text) {
      const into = (n) => {
        const p = x.kshare_in(n); // first: it may grow the memory
        return enc.encodeInto(text, new Uint8Array(x.mem.buffer, p, n));
      };
      let w = into(text.length + (text.length >> 1) + 16);
      if (w.read < text.length) w = into(text.length * 3);
      const len = x.kshare_call(w.written);
      const r = dec.decode(new Uint8Array(x.mem.buffer, x.kshare_out(), len));
      return r === 't' || (r !== 'f' && (r || undefined));
    },

    // run hands a job to the engine and carries out its plan; it returns what the call
    // returns, or throws what it throws.
    run(job, answer) {
      const r = engine.call(job.head + (answer || '') + job.arg);
      if (typeof r !== 'string') return r; // a plain answer: isInitialized, init
      const cut = r.indexOf('\n');
      const plan = JSON.parse(cut < 0 ? r : r.slice(0, cut));
      const texts = cut < 0 ? [] : r.slice(cut + 1).split('\n');
      if (plan.steps) steps(fill(plan.steps, texts), 0, job, texts);
      if (plan.throw) throw fromPlan(plan.throw);
      return plan.return;
    },
  };

  // fill puts the answer's texts into the form fields that name them by number (the
  // first text is 1), in the steps and in their then branches; it returns list.
  function fill(list, texts) {
    for (const s of list || []) {
      if (s.fields) for (const f of s.fields) if (typeof f[1] === 'number') f[1] = texts[f[1] - 1];
      fill(s.then, texts);
    }
    return list;
  }

  // otherwise runs the else branch of step s, the text it names (parsed only now: most
  // branches never run), in place of the rest of its list.
  const otherwise = (s, job, texts) => s.else && steps(fill(JSON.parse(texts[s.else - 1]), texts), 0, job, texts);

  // steps carries out list from step i; texts are its answer's.
  function steps(list, i, job, texts) {
    for (; i < list.length; i++) {
      const s = list[i];
      const next = i + 1;
      switch (s.op) {
        case 'open': {
          const w = usable(job.popup) ? job.popup : open(s.url, s.name, s.features);
          if (!usable(w)) return otherwise(s, job, texts);
          job.popup = w;
          break;
        }
        case 'close': close(job.popup); job.popup = null; break;
        case 'submit': return submit(s, job, texts, () => steps(list, next, job, texts));
        case 'fetch': return request(s, job, texts);
        case 'wait': later(() => steps(list, next, job, texts), s.ms); return;
        case 'navigate':
          try { top.location.href = s.url; } catch (_) { location.href = s.url; }
          break;
        case 'iframe': {
          const f = Object.assign(doc.createElement('iframe'), s.attrs);
          f.style.display = 'none';
          doc.body.appendChild(f);
          break;
        }
        case 'ifVisible': if (doc.visibilityState !== 'hidden') steps(s.then, 0, job, texts); break;
        case 'resolve': if (job.resolve) job.resolve(s.value); break;
        case 'reject': if (job.reject) job.reject(fromPlan(s.error)); break;
        case 'raise': raise(fromPlan(s.error)); break;
        case 'warn': console.warn(s.text); break;
        case 'call': call1(job.refs[s.ref], s.error ? fromPlan(s.error) : s.value); break;
        case 'onSent': { // until the sharer window is closed, each "sent" it posts calls ref
          const w = job.popup;
          const on = (e) => { if (e.data === 'sent' && e.origin === s.url) call1(job.refs[s.ref]); };
          const check = () => (usable(w) ? later(check, 1000) : removeEventListener('message', on));
          addEventListener('message', on);
          check();
          break;
        }
        case 'bind': kit.bind(job); break;
        case 'unbindAll': kit.unbindAll(); break;
      }
    }
  }

  // submit posts the hidden form into its window, then watches at least s.wait ms for
  // the page's Content-Security-Policy refusing it (browsers report that
  // asynchronously). One listener, added once, for all the forms being watched (each a
  // function of the violation); one timer for the forms submitted in the same task,
  // set when the task ends (a timer per share costs more than the rest of its steps).
  const watched = new Set();
  let listening = false;
  let form;
  const set = { attrs: {}, fields: [] }; // what the form's attributes and inputs were given last
  let batch = null; // {ms, ends: [done...]} of this task's forms
  function submit(s, job, texts, then) {
    if (!listening) listening = !doc.addEventListener('securitypolicyviolation', (e) => { for (const w of watched) w(e); }, true);
    const done = (blocked) => {
      if (!watched.delete(watch)) return; // settled already (a violation, then the timer)
      if (blocked) otherwise(s, job, texts);
      else then();
    };
    const watch = (e) => {
      if (e.effectiveDirective === 'form-action' && e.disposition !== 'report' &&
        e.blockedURI && s.form.action.indexOf(e.blockedURI) === 0) done(true);
    };
    // One hidden form, made once and refilled: a new input costs more than the rest of a
    // share (its type change), and the form is out of the document between shares. Only
    // what changed since the last share is written, compared with what was given then
    // (a DOM write, and even a read of a long value, costs more than the comparison).
    if (!form) (form = doc.createElement('form')).style.display = 'none';
    for (const k in s.form) if (set.attrs[k] !== s.form[k]) form[k] = set.attrs[k] = s.form[k];
    const inputs = form.children;
    const n = s.fields.length;
    while (inputs.length > n) inputs[inputs.length - 1].remove();
    while (inputs.length < n) form.appendChild(doc.createElement('input')).type = 'hidden';
    set.fields.length = n;
    for (let i = 0; i < n; i++) {
      const [name, value] = s.fields[i]; // value: the text the field sends
      const was = set.fields[i] || (set.fields[i] = []);
      if (was[0] !== name) inputs[i].name = was[0] = name;
      if (was[1] !== value) inputs[i].value = was[1] = value;
    }
    watched.add(watch);
    if (!batch) {
      const b = batch = { ms: 0, ends: [] };
      Promise.resolve().then(() => {
        batch = null;
        later(() => { for (const end of b.ends) end(false); }, b.ms);
      });
    }
    batch.ms = Math.max(batch.ms, s.wait);
    batch.ends.push(done);
    doc.body.appendChild(form);
    form.submit();
    form.remove();
  }

  // request sends the fetch of a plan and hands its answer back to the engine, whose
  // plan continues the same job.
  function request(s, job, texts) {
    let done = false; // s.wait: the answer's deadline, past which s.else runs instead
    if (s.wait) later(() => { if (!done) done = true, otherwise(s, job, texts); }, s.wait);
    const init = s.init;
    if (s.files) {
      init.body = new FormData();
      for (const r of s.files.refs) init.body.append(s.files.name, job.refs[r]);
    }
    const answer = (status, text, error) => { if (!done) done = true, kit.settle(job, 'Ad' + status + ';' + plain(text) + plain(error)); };
    fetch(s.url, init)
      .then((r) => r.text().then((text) => answer(r.status, text, '')))
      .catch((e) => answer(0, '', describe(e)));
  }

  engine.call(setup);
  return engine;
}
