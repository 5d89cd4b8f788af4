// kshare demo page: drives every Kakao.Share function, previews each message with the
// emulator (POST /emulator/preview), and shows the webhook inbox and the delivery log.
// Business rules stay in Go: this script only moves values between the page, kshare
// and the emulator. Element ids are listed in web/demo/demo.go.
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const appKey = new URLSearchParams(location.search).get("appkey") || document.body.dataset.appKey;
  $("app-key").textContent = appKey;

  // ---- errors -----------------------------------------------------------------------

  // describe reads what the page needs of a thrown value or a rejection.
  function describe(e) {
    if (e === null || typeof e !== "object") {
      return { name: typeof e, code: "", field: "", message: String(e) };
    }
    return {
      name: e.name || "Error",
      code: e.code === undefined || e.code === null ? "" : String(e.code),
      field: e.field || "",
      message: e.message || e.msg || JSON.stringify(e),
    };
  }

  // renderError fills box (an element with class error) with an error.
  function renderError(box, info) {
    box.replaceChildren();
    box.dataset.code = info.code;
    box.dataset.field = info.field;
    const head = document.createElement("div");
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = info.name;
    head.append(name);
    if (info.code !== "") {
      head.append(" code ", code(info.code, "error-code"));
    }
    if (info.field !== "") {
      head.append(" at ", code(info.field, "error-field"));
    }
    const message = document.createElement("p");
    message.className = "message error-message";
    message.textContent = info.message;
    box.append(head, message);
    box.hidden = false;
  }

  function code(text, className) {
    const c = document.createElement("code");
    c.className = className;
    c.textContent = text;
    return c;
  }

  function clearError(box) {
    box.hidden = true;
    box.replaceChildren();
    delete box.dataset.code;
    delete box.dataset.field;
  }

  // logError adds an error to the page's error log, newest first.
  function logError(source, e) {
    const info = describe(e);
    const li = document.createElement("li");
    li.className = "error";
    const src = document.createElement("div");
    src.className = "source";
    src.textContent = new Date().toLocaleTimeString() + " · " + source;
    const box = document.createElement("div");
    renderError(box, info);
    box.hidden = false;
    li.dataset.code = info.code;
    li.dataset.field = info.field;
    li.append(src, ...box.childNodes);
    const log = $("error-log");
    log.prepend(li);
    while (log.children.length > 50) {
      log.lastElementChild.remove();
    }
    return info;
  }

  $("error-log-clear").addEventListener("click", () => $("error-log").replaceChildren());
  // Errors that no promise carries: a create*Button click that fails is reported by
  // kshare as an uncaught error, as the official SDK does.
  window.addEventListener("error", (ev) => logError("uncaught error", ev.error !== undefined ? ev.error : ev.message));
  window.addEventListener("unhandledrejection", (ev) => logError("unhandled rejection", ev.reason));

  function toast(text) {
    const t = $("toast");
    t.textContent = text;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, 2500);
  }

  // ---- the SDK ------------------------------------------------------------------------

  let ready = false;
  $("sdk-version").textContent = Kakao.VERSION;
  try {
    Kakao.init(appKey);
  } catch (e) {
    logError("Kakao.init", e);
  }
  Kakao.ready.then(() => {
    ready = true;
    const s = $("engine-status");
    s.dataset.state = "ready";
    s.textContent = "ready";
    bindAll();
  }, (e) => {
    const s = $("engine-status");
    s.dataset.state = "failed";
    s.textContent = "failed";
    logError("Kakao.ready", e);
  });

  // ---- examples -----------------------------------------------------------------------

  const examples = Array.from(document.querySelectorAll("article.example")).map((article) => {
    const id = article.dataset.example;
    const ex = {
      id,
      kind: article.dataset.kind,
      editor: $("editor-" + id),
      send: $("send-" + id),
      button: $("button-" + id),
      status: $("status-" + id),
      error: $("error-" + id),
      preview: $("preview-" + id),
      previewError: $("preview-error-" + id),
      warnings: $("warnings-" + id),
      previewSeq: 0,
      timer: 0,
    };
    ex.initial = ex.editor.value;
    ex.shadow = ex.preview.attachShadow({ mode: "open" });
    return ex;
  });
  const byID = Object.fromEntries(examples.map((ex) => [ex.id, ex]));

  function setStatus(ex, text, state) {
    ex.status.textContent = text;
    ex.status.dataset.state = state || "";
  }

  // parseEditor returns the editor's settings, or undefined (and shows why) when it
  // does not hold JSON.
  function parseEditor(ex, quiet) {
    try {
      return JSON.parse(ex.editor.value);
    } catch (e) {
      if (!quiet) {
        renderError(ex.error, { name: "SyntaxError", code: "editor-not-json", field: "", message: "The editor does not hold JSON: " + e.message });
      }
      return undefined;
    }
  }

  function send(ex) {
    clearError(ex.error);
    const settings = parseEditor(ex, false);
    if (settings === undefined) {
      return;
    }
    const call = "send" + ex.kind;
    let promise;
    try {
      promise = Kakao.Share[call](settings);
    } catch (e) {
      renderError(ex.error, logError("Kakao.Share." + call + " (" + ex.id + ")", e));
      setStatus(ex, "threw", "error");
      return;
    }
    setStatus(ex, "Kakao.Share." + call + "(): dispatching…");
    Promise.resolve(promise).then((r) => {
      const where = r && r.path === "web-sharer" ? "the sharer popup" : "KakaoTalk";
      setStatus(ex, "dispatched to " + where + (r && r.url ? " (" + r.url.slice(0, 80) + (r.url.length > 80 ? "…" : "") + ")" : ""), "ok");
    }, (e) => {
      renderError(ex.error, logError("Kakao.Share." + call + " (" + ex.id + ")", e));
      setStatus(ex, "rejected", "error");
    });
  }

  // bindAll binds every example's container with create*Button, after
  // Kakao.Share.cleanup removed the previous handlers.
  function bindAll() {
    if (!ready) {
      return;
    }
    try {
      Kakao.Share.cleanup();
    } catch (e) {
      logError("Kakao.Share.cleanup", e);
    }
    for (const ex of examples) {
      bind(ex);
    }
  }

  function bind(ex) {
    const settings = parseEditor(ex, true);
    const call = "create" + ex.kind + "Button";
    if (settings === undefined || settings === null || typeof settings !== "object" || Array.isArray(settings)) {
      markBound(ex, false, call + ": the editor does not hold a settings object");
      return;
    }
    try {
      Kakao.Share[call](Object.assign({}, settings, { container: "#button-" + ex.id }));
      markBound(ex, true, "bound with Kakao.Share." + call + "({container: '#button-" + ex.id + "', …})");
    } catch (e) {
      const info = describe(e);
      markBound(ex, false, call + " threw " + info.name + " " + info.code + (info.field ? " at " + info.field : "") + ": " + info.message);
    }
  }

  function markBound(ex, bound, title) {
    ex.button.dataset.bound = String(bound);
    ex.button.title = title;
  }

  // showWarnings lists what will go wrong silently with a share (the emulator's share
  // doctor): one li per warning, with its code and field.
  function showWarnings(ex, warnings) {
    ex.warnings.replaceChildren(...warnings.map((w) => {
      const li = document.createElement("li");
      li.dataset.code = w.code;
      li.dataset.field = w.field;
      if (w.field !== "") {
        li.append(code(w.field, "warning-field"), " ");
      }
      const message = document.createElement("p");
      message.textContent = w.message;
      li.append(code(w.code, "warning-code"), message);
      return li;
    }));
    ex.warnings.hidden = warnings.length === 0;
  }

  // preview asks the emulator how the message looks, and what it warns of.
  async function preview(ex) {
    const seq = ++ex.previewSeq;
    const body = new URLSearchParams({ call: "Share.send" + ex.kind, settings: ex.editor.value, app_key: appKey });
    let status = 0;
    let text = "";
    try {
      const res = await fetch("/emulator/preview", { method: "POST", body, headers: { Accept: "application/json" } });
      status = res.status;
      text = await res.text();
    } catch (e) {
      text = JSON.stringify({ code: "network", message: "The emulator did not answer: " + e.message, field: "" });
    }
    if (seq !== ex.previewSeq) {
      return; // a newer preview is on its way
    }
    if (status === 200) {
      const answer = JSON.parse(text);
      showWarnings(ex, answer.warnings || []);
      ex.shadow.innerHTML = answer.fragment;
      for (const img of ex.shadow.querySelectorAll("img")) {
        img.addEventListener("error", () => unreachable(img), { once: true });
      }
      const bubble = ex.shadow.getElementById("kshare-preview");
      ex.preview.dataset.objectType = bubble ? bubble.dataset.objectType : "";
      ex.preview.dataset.state = "ok";
      clearError(ex.previewError);
      return;
    }
    let info;
    try {
      const e = JSON.parse(text);
      info = { name: "Preview", code: String(e.code), field: e.field || "", message: e.message };
    } catch (_) {
      info = { name: "Preview", code: String(status), field: "", message: text.slice(0, 300) };
    }
    ex.shadow.replaceChildren();
    showWarnings(ex, []);
    ex.preview.dataset.state = "error";
    ex.preview.dataset.objectType = "";
    renderError(ex.previewError, info);
  }

  // unreachable replaces an image the browser could not load (the documentation's
  // images need the network) with a plain placeholder of the same size.
  const placeholder = "data:image/svg+xml," + encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">' +
    '<rect width="64" height="64" fill="#e9edf0"/><path d="M18 44l10-12 7 8 5-6 6 10z" fill="#c5ced6"/>' +
    '<circle cx="41" cy="24" r="4" fill="#c5ced6"/></svg>');

  function unreachable(img) {
    img.title = "not loaded: " + img.src;
    img.dataset.unreachable = img.src;
    img.src = placeholder;
  }

  function changed(ex) {
    clearTimeout(ex.timer);
    ex.timer = setTimeout(() => {
      preview(ex);
      bindAll();
    }, 250);
  }

  for (const ex of examples) {
    ex.send.addEventListener("click", () => send(ex));
    ex.editor.addEventListener("input", () => changed(ex));
    $("reset-" + ex.id).addEventListener("click", () => {
      ex.editor.value = ex.initial;
      clearError(ex.error);
      setStatus(ex, "");
      changed(ex);
    });
    preview(ex);
  }

  // The sharer's "sent" page posts "sent" to its opener.
  window.addEventListener("message", (ev) => {
    if (ev.origin === location.origin && ev.data === "sent") {
      toast("Sent ✓");
      refreshDeliveries();
    }
  });

  // ---- images -------------------------------------------------------------------------

  function showImageResult(call, result) {
    clearError($("image-error"));
    const pre = $("image-result");
    pre.textContent = "Kakao.Share." + call + "() →\n" + (result === undefined ? "undefined" : JSON.stringify(result, null, 2));
    pre.hidden = false;
  }

  function imageFailed(call, e) {
    $("image-result").hidden = true;
    renderError($("image-error"), logError("Kakao.Share." + call, e));
  }

  function callImage(call, args, then) {
    let promise;
    try {
      promise = Kakao.Share[call](args);
    } catch (e) {
      imageFailed(call, e);
      return;
    }
    Promise.resolve(promise).then((r) => {
      showImageResult(call, r);
      if (then) {
        then(r);
      }
    }, (e) => imageFailed(call, e));
  }

  let uploaded = null;

  $("upload-send").addEventListener("click", () => {
    const files = $("upload-file").files;
    if (!files || files.length === 0) {
      renderError($("image-error"), { name: "Demo", code: "no-file", field: "file", message: "Choose an image file first." });
      return;
    }
    callImage("uploadImage", { file: files }, (r) => {
      const info = r && r.infos && r.infos.original;
      if (!info) {
        return;
      }
      uploaded = info;
      $("upload-thumb").src = info.url;
      const link = $("upload-url");
      link.href = info.url;
      link.textContent = info.url;
      $("upload-size").textContent = info.width + " × " + info.height + " · " + info.content_type + " · " + info.length + " bytes";
      $("upload-result").hidden = false;
      $("scrap-image-url").value = info.url;
      $("delete-image-url").value = info.url;
    });
  });

  // "Use in the feed" puts the uploaded image into the feed's content.
  $("upload-use").addEventListener("click", () => {
    const ex = byID.feed;
    if (!uploaded || !ex) {
      return;
    }
    const settings = parseEditor(ex, false);
    if (settings === undefined) {
      return;
    }
    settings.content = Object.assign({}, settings.content, { imageUrl: uploaded.url, imageWidth: uploaded.width, imageHeight: uploaded.height });
    ex.editor.value = JSON.stringify(settings, null, 2);
    ex.editor.rows = Math.min(Math.max(ex.editor.value.split("\n").length + 1, 8), 24);
    changed(ex);
    document.getElementById("example-feed").scrollIntoView({ behavior: "smooth", block: "start" });
    toast("The feed now shows the uploaded image");
  });

  $("scrap-image-send").addEventListener("click", () => {
    callImage("scrapImage", { imageUrl: $("scrap-image-url").value });
  });
  $("delete-image-send").addEventListener("click", () => {
    callImage("deleteImage", { imageUrl: $("delete-image-url").value });
  });

  // ---- the webhook inbox --------------------------------------------------------------

  let lastSeq = 0;

  function addEntry(entry, fresh) {
    const list = $("inbox-list");
    const li = document.createElement("li");
    li.className = "inbox-entry" + (fresh ? " new" : "");
    li.id = "inbox-" + entry.seq;
    li.dataset.seq = entry.seq;
    li.dataset.chatType = entry.chatType;
    li.dataset.hashChatId = entry.hashChatId;
    li.dataset.templateId = entry.templateId || "";
    const head = document.createElement("div");
    head.className = "head";
    const n = document.createElement("b");
    n.textContent = "#" + entry.seq;
    const when = document.createElement("time");
    when.dateTime = entry.receivedAt;
    when.textContent = new Date(entry.receivedAt).toLocaleTimeString();
    head.append(n, " " + entry.method + " · " + entry.userAgent, when);
    const dl = document.createElement("dl");
    const row = (key, value, isArg) => {
      const dt = document.createElement("dt");
      dt.textContent = key;
      const dd = document.createElement("dd");
      dd.textContent = value;
      if (isArg) {
        dt.className = "arg";
        dd.dataset.arg = key;
      } else {
        dd.dataset.param = key;
      }
      dl.append(dt, dd);
    };
    row("CHAT_TYPE", entry.chatType);
    row("HASH_CHAT_ID", entry.hashChatId);
    if (entry.templateId) {
      row("TEMPLATE_ID", entry.templateId);
    }
    for (const a of entry.args || []) {
      row(a.key, a.value, true);
    }
    li.append(head, dl);
    const old = $(li.id);
    if (old) {
      old.replaceWith(li);
    } else {
      list.prepend(li);
    }
    while (list.children.length > 100) {
      list.lastElementChild.remove();
    }
    $("inbox-empty").hidden = list.children.length > 0;
    lastSeq = entry.seq;
  }

  function setInboxState(state) {
    const s = $("inbox-status");
    s.dataset.state = state;
    s.textContent = state;
  }

  async function openInbox() {
    try {
      const res = await fetch("/inbox/events", { cache: "no-store" });
      const entries = await res.json();
      for (const e of entries) {
        addEntry(e, false);
      }
    } catch (e) {
      logError("GET /inbox/events", e);
    }
    const stream = new EventSource("/inbox/stream?since=" + lastSeq);
    stream.addEventListener("open", () => setInboxState("live"));
    stream.addEventListener("error", () => setInboxState(stream.readyState === EventSource.CLOSED ? "down" : "connecting"));
    stream.addEventListener("message", (ev) => {
      addEntry(JSON.parse(ev.data), true);
      refreshDeliveries();
    });
  }
  openInbox();

  // ---- the delivery log ---------------------------------------------------------------

  let refreshing = null;

  function refreshDeliveries() {
    if (refreshing) {
      refreshing.again = true;
      return;
    }
    refreshing = { again: false };
    fetch("/emulator/deliveries", { cache: "no-store" })
      .then((res) => res.json())
      .then((body) => renderDeliveries(body.deliveries || []))
      .catch((e) => logError("GET /emulator/deliveries", e))
      .finally(() => {
        const again = refreshing.again;
        refreshing = null;
        if (again) {
          refreshDeliveries();
        }
      });
  }

  function renderDeliveries(list) {
    const body = $("deliveries-body");
    const rows = list.slice(-50).reverse().map((d) => {
      const tr = document.createElement("tr");
      tr.dataset.id = d.id;
      tr.dataset.state = d.webhook.state;
      tr.dataset.app = d.app;
      const cell = (text, small) => {
        const td = document.createElement("td");
        td.append(text);
        if (small) {
          const s = document.createElement("small");
          s.textContent = small;
          td.append(s);
        }
        tr.append(td);
        return td;
      };
      cell(d.id);
      cell(d.via, d.app === appKey ? "" : d.app_name);
      cell(d.object_type, d.action + (d.template_id ? " " + d.template_id : ""));
      cell(d.chat.name, d.chat.type);
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.dataset.state = d.webhook.state;
      badge.textContent = d.webhook.state;
      const detail = d.webhook.error || (d.webhook.status ? "HTTP " + d.webhook.status + " · " + d.webhook.duration_ms + " ms" : "");
      cell(badge, detail);
      return tr;
    });
    if (rows.length === 0) {
      const tr = document.createElement("tr");
      const td = document.createElement("td");
      td.colSpan = 5;
      td.className = "empty";
      td.textContent = "No delivery yet.";
      tr.append(td);
      rows.push(tr);
    }
    body.replaceChildren(...rows);
    if (list.some((d) => d.webhook.state === "pending")) {
      setTimeout(refreshDeliveries, 500);
    }
  }

  $("deliveries-refresh").addEventListener("click", refreshDeliveries);
  $("deliveries-clear").addEventListener("click", () => {
    fetch("/emulator/deliveries", { method: "DELETE" })
      .catch((e) => logError("DELETE /emulator/deliveries", e))
      .finally(refreshDeliveries);
  });
  window.addEventListener("focus", refreshDeliveries);
  setInterval(() => {
    if (document.visibilityState === "visible") {
      refreshDeliveries();
    }
  }, 5000);
  refreshDeliveries();
})();
