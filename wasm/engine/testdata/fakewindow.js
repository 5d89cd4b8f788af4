// A recording fake of the few browser surfaces the engine touches, for the Node tier.
// makeWindow(opts) returns a window whose `events` array lists, in order, what the
// engine did: window.open, form submissions (with their fields), navigations, iframes,
// fetches, listeners added and removed.
(function makeWindow(opts) {
  opts = opts || {};
  const events = [];
  const listeners = new Map(); // element id -> Set of handlers
  function element(tag, id) {
    const el = {
      nodeType: 1, tagName: tag.toUpperCase(), id: id || '', style: {}, attrs: {}, children: [],
      setAttribute(k, v) { this.attrs[k] = String(v); },
      getAttribute(k) { return this.attrs[k]; },
      appendChild(c) { this.children.push(c); c.parent = this; if (c.tagName === 'IFRAME') events.push({ type: 'iframe', src: c.src, name: c.name }); return c; },
      removeChild(c) { this.children = this.children.filter((x) => x !== c); c.parent = null; return c; },
      addEventListener(type, fn) { if (!listeners.has(this.id)) listeners.set(this.id, new Set()); listeners.get(this.id).add(fn); events.push({ type: 'listen', id: this.id, event: type }); },
      removeEventListener(type, fn) { const s = listeners.get(this.id); if (s && s.delete(fn)) events.push({ type: 'unlisten', id: this.id, event: type }); },
      submit() {
        events.push({
          type: 'submit', action: this.attrs.action, method: this.attrs.method, target: this.attrs.target,
          charset: this.attrs['accept-charset'], hidden: this.style.display === 'none', attached: !!this.parent,
          fields: this.children.map((i) => [i.name, i.value, i.type]),
        });
      },
    };
    Object.setPrototypeOf(el, elementProto);
    return el;
  }
  const elementProto = {};
  const known = { '#btn': element('button', 'btn'), '#btn2': element('button', 'btn2') };
  const body = element('body', 'body');
  const win = {
    events,
    navigator: { userAgent: opts.ua || 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', platform: opts.platform || 'Win32', language: 'ko-KR', maxTouchPoints: opts.touch || 0 },
    screen: { width: 1280, height: 800 }, screenLeft: 360, screenTop: 80,
    document: {
      body, visibilityState: 'visible',
      createElement: (tag) => element(tag),
      querySelector(sel) { if (sel === '#bad[') { const e = new Error("'#bad[' is not a valid selector."); e.name = 'SyntaxError'; throw e; } return known[sel] || null; },
    },
    open(url, name, features) { events.push({ type: 'open', url, name, features }); return opts.blockPopups ? null : { closed: false, close() { events.push({ type: 'close' }); this.closed = true; } }; },
    fetch(url, init) {
      const body = init.body;
      const rec = { type: 'fetch', url, method: init.method, headers: init.headers, body: typeof body === 'string' ? body : body ? Array.from(body.entries()).map(([k, v]) => [k, v.name, v.type, v.size]) : null };
      events.push(rec);
      const answer = (opts.answer || (() => ({ status: 200, body: '{}' })))(url, init);
      if (answer.networkError) return Promise.reject(new TypeError('Failed to fetch'));
      return Promise.resolve({ status: answer.status, text: () => Promise.resolve(answer.body) });
    },
    click(id) {
      const ev = { prevented: false, stopped: false, preventDefault() { this.prevented = true; }, stopPropagation() { this.stopped = true; } };
      for (const fn of listeners.get(id) || []) fn(ev);
      return ev;
    },
    listenerCount(id) { return (listeners.get(id) || new Set()).size; },
    element: (id) => known['#' + id],
  };
  const loc = { protocol: 'http:', hostname: '127.0.0.1', port: '8080' };
  Object.defineProperty(loc, 'href', { set(v) { events.push({ type: 'navigate', url: v }); } });
  win.location = loc;
  win.top = win;
  return win;
})
