/*
 * Linktor web-chat widget. One <script> tag opens a chat bubble on any site.
 * Dependency-free: speaks the SignalR JSON hub protocol over a WebSocket to /hubs/webchat.
 * Served by /widget/{channel_id}.js with the channel's settings filled in below.
 */
(function () {
  "use strict";
  var settings = /*__LINKTOR_SETTINGS__*/null;
  if (!settings || window.__linktorWidgets && window.__linktorWidgets[settings.channelId]) { return; }
  window.__linktorWidgets = window.__linktorWidgets || {};

  var RS = "\u001e";                    // SignalR record separator
  var storeKey = "linktor:" + settings.channelId;
  var state = {
    session: load(),                    // {token, contactId, visitorId}
    messages: {},                       // id -> message
    pending: [],                        // {key, content, el} not yet acknowledged
    lastSeq: 0,
    socket: null,
    connected: false,
    invocations: {},
    nextInvocation: 1,
    retry: 0,
    open: false,
    typingTimer: null,
    typingSentAt: 0,
  };

  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { return null; }
  }

  function save(session) {
    try { localStorage.setItem(storeKey, JSON.stringify(session)); } catch (e) { /* private mode: session lives in memory */ }
  }

  function newKey() {
    return (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2));
  }

  /* ---------- UI (in a shadow root, so the host page's CSS cannot break it) ---------- */
  var host = document.createElement("div");
  host.setAttribute("data-linktor-widget", settings.channelId);
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  root.innerHTML =
    "<style>" +
    ":host{all:initial}" +
    ".lk{font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328}" +
    ".bubble{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;cursor:pointer;display:flex;align-items:center;justify-content:center;" +
    "background:" + settings.color + ";color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.25);font-size:26px;z-index:2147483646}" +
    ".panel{position:fixed;right:20px;bottom:88px;width:340px;max-width:calc(100vw - 40px);height:460px;max-height:calc(100vh - 120px);" +
    "display:none;flex-direction:column;background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);overflow:hidden;z-index:2147483647}" +
    ".panel.open{display:flex}" +
    ".head{background:" + settings.color + ";color:#fff;padding:12px 14px;display:flex;align-items:center;gap:8px}" +
    ".head .title{flex:1;font-weight:600}.head .state{font-size:11px;opacity:.85}" +
    ".head button{background:none;border:0;color:#fff;font-size:18px;cursor:pointer}" +
    ".list{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:6px;background:#f6f8fa}" +
    ".msg{max-width:80%;padding:7px 10px;border-radius:10px;white-space:pre-wrap;word-wrap:break-word}" +
    ".in{align-self:flex-start;background:#fff;border:1px solid #d0d7de}" +
    ".out{align-self:flex-end;background:" + settings.color + ";color:#fff}" +
    ".out.pending{opacity:.6}.out.failed{background:#cf222e}" +
    ".msg a{color:inherit}.msg img{max-width:100%;border-radius:6px;display:block}" +
    ".typing{font-size:12px;color:#57606a;padding:0 12px 4px;min-height:16px;background:#f6f8fa}" +
    "form{display:flex;border-top:1px solid #d0d7de}" +
    "textarea{flex:1;border:0;padding:10px;resize:none;font:inherit;height:42px;outline:none}" +
    "form button{border:0;background:none;color:" + settings.color + ";font-weight:600;padding:0 14px;cursor:pointer}" +
    "form .attach{padding:0 4px 0 10px;font-size:18px}" +
    "</style>" +
    "<div class='lk'>" +
    "<div class='panel' role='dialog' aria-label='Chat'>" +
    "<div class='head'><span class='title'></span><span class='state'></span><button type='button' class='close' aria-label='Close chat'>×</button></div>" +
    "<div class='list' role='log' aria-live='polite'></div>" +
    "<div class='typing' aria-live='polite'></div>" +
    "<form><button type='button' class='attach' aria-label='Attach a file' title='Attach a file'>📎</button><input type='file' hidden>" +
    "<textarea aria-label='Message' placeholder='Write a message…'></textarea><button type='submit'>Send</button></form>" +
    "</div>" +
    "<button type='button' class='bubble' aria-label='Open chat'>" +
    "<svg width='26' height='26' viewBox='0 0 24 24' fill='none' stroke='currentColor' stroke-width='2' stroke-linecap='round' stroke-linejoin='round' aria-hidden='true'>" +
    "<path d='M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z'/></svg></button>" +
    "</div>";
  var $ = function (selector) { return root.querySelector(selector); };
  var panel = $(".panel"), list = $(".list"), input = $("textarea"), typingLine = $(".typing"), stateLine = $(".state");
  $(".title").textContent = settings.title;

  function mount() {
    document.body.appendChild(host);
    window.__linktorWidgets[settings.channelId] = api;
  }

  function setOpen(open) {
    state.open = open;
    panel.classList.toggle("open", open);
    if (open) {
      input.focus();
      ensureSession().then(connect).catch(showError);
    }
  }

  function showState(text) { stateLine.textContent = text; }

  function showError(error) { showState("offline"); console.warn("Linktor widget:", error); }

  function render() {
    list.textContent = "";
    var welcome = document.createElement("div");
    welcome.className = "msg in";
    welcome.textContent = settings.welcome;
    list.appendChild(welcome);
    Object.keys(state.messages).map(function (id) { return state.messages[id]; })
      .sort(function (a, b) { return a.seq - b.seq; })
      .forEach(function (m) { list.appendChild(bubbleFor(m)); });
    state.pending.forEach(function (p) { list.appendChild(p.el); });
    list.scrollTop = list.scrollHeight;
  }

  // A link or a source only for http(s): the page embedding the widget is the visitor's, and "javascript:" would run in it.
  function httpUrl(url) {
    if (typeof url !== "string") { return null; }
    try {
      var parsed = new URL(url);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function bubbleFor(m) {
    var el = document.createElement("div");
    // The visitor's own messages are inbound to the business; shown on the right.
    el.className = "msg " + (m.direction === "inbound" ? "out" : "in");
    el.setAttribute("data-seq", m.seq);
    el.setAttribute("data-id", m.id);
    var c = m.content || {};
    var mediaUrl = c.media ? httpUrl(c.media.url) : null;
    if (mediaUrl && c.type === "image") {
      var img = document.createElement("img");
      img.src = mediaUrl; img.alt = c.media.caption || "image";
      el.appendChild(img);
      if (c.media.caption) { el.appendChild(document.createTextNode(c.media.caption)); }
    } else if (mediaUrl) {
      var link = document.createElement("a");
      link.href = mediaUrl; link.target = "_blank"; link.rel = "noopener noreferrer";
      link.textContent = c.media.filename || c.media.caption || c.type;
      el.appendChild(link);
    } else if (c.location) {
      var map = document.createElement("a");
      map.href = "https://www.openstreetmap.org/?mlat=" + c.location.latitude + "&mlon=" + c.location.longitude;
      map.target = "_blank"; map.rel = "noopener";
      map.textContent = "📍 " + (c.location.name || (c.location.latitude + ", " + c.location.longitude));
      el.appendChild(map);
    } else if (c.interactive) {
      el.textContent = c.interactive.body || "";
    } else {
      el.textContent = c.text || "";
    }
    return el;
  }

  function merge(messages) {
    messages.forEach(function (m) {
      state.messages[m.id] = m;
      if (m.seq > state.lastSeq) { state.lastSeq = m.seq; }
    });
    render();
  }

  /* ---------- session ---------- */
  function ensureSession() {
    if (state.session && state.session.token) { return Promise.resolve(state.session); }
    return fetch(settings.baseUrl + "/api/v1/webchat/" + settings.channelId + "/sessions", {
      method: "POST", headers: { "content-type": "application/json" }, body: "{}",
    }).then(function (response) {
      if (!response.ok) { throw new Error("session: HTTP " + response.status); }
      return response.json();
    }).then(function (body) {
      state.session = { token: body.visitor_token, contactId: body.contact_id, visitorId: body.visitor_id };
      save(state.session);
      return state.session;
    });
  }

  /* ---------- SignalR JSON protocol over a WebSocket (no negotiate) ---------- */
  function connect() {
    if (state.socket) { return; }
    showState("connecting…");
    var url = settings.baseUrl.replace(/^http/, "ws") + "/hubs/webchat?access_token=" + encodeURIComponent(state.session.token);
    var socket = new WebSocket(url);
    var buffer = "";
    var handshaken = false;
    var pinger = null;
    state.socket = socket;
    socket.onopen = function () { socket.send(JSON.stringify({ protocol: "json", version: 1 }) + RS); };
    socket.onmessage = function (event) {
      buffer += event.data;
      var records = buffer.split(RS);
      buffer = records.pop();
      records.forEach(function (record) {
        if (!record) { return; }
        var frame = JSON.parse(record);
        if (!handshaken) {
          if (frame.error) { socket.close(); return; }
          handshaken = true;
          onConnected();
          pinger = setInterval(function () { send({ type: 6 }); }, 15000);
          return;
        }
        onFrame(frame);
      });
    };
    socket.onclose = function (event) {
      clearInterval(pinger);
      state.socket = null;
      state.connected = false;
      Object.keys(state.invocations).forEach(function (id) { state.invocations[id].reject(new Error("disconnected")); });
      state.invocations = {};
      if (event.code === 1008 || event.code === 4401) { state.session = null; save(null); }
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    showState("reconnecting…");
    var delay = Math.min(30000, 1000 * Math.pow(2, state.retry++)) * (0.8 + Math.random() * 0.4);
    setTimeout(function () { ensureSession().then(connect).catch(function (e) { showError(e); scheduleReconnect(); }); }, delay);
  }

  function send(frame) {
    if (state.socket && state.socket.readyState === 1) { state.socket.send(JSON.stringify(frame) + RS); }
  }

  function invoke(target, args) {
    return new Promise(function (resolve, reject) {
      if (!state.connected) { reject(new Error("not connected")); return; }
      var id = String(state.nextInvocation++);
      state.invocations[id] = { resolve: resolve, reject: reject };
      send({ type: 1, invocationId: id, target: target, arguments: args });
    });
  }

  function onFrame(frame) {
    if (frame.type === 1) {
      var data = frame.arguments && frame.arguments[0];
      if (frame.target === "message.created" || frame.target === "message.updated") { merge([data]); }
      if (frame.target === "typing" && data && data.user) { showTyping(data.is_typing); }
    } else if (frame.type === 3) {
      var call = state.invocations[frame.invocationId];
      delete state.invocations[frame.invocationId];
      if (call) { if (frame.error) { call.reject(new Error(frame.error)); } else { call.resolve(frame.result); } }
    } else if (frame.type === 7) {
      state.socket && state.socket.close();
    }
  }

  function onConnected() {
    state.connected = true;
    state.retry = 0;
    showState("");
    // Whatever happened while we were away: fetched by seq, merged by id, so nothing shows twice.
    invoke("Resync", [state.lastSeq]).then(function (messages) {
      merge(messages || []);
      flushPending();
    }).catch(showError);
  }

  function showTyping(isTyping) {
    typingLine.textContent = isTyping ? "typing…" : "";
    clearTimeout(state.typingTimer);
    if (isTyping) { state.typingTimer = setTimeout(function () { typingLine.textContent = ""; }, 6000); }
  }

  /* ---------- composing ---------- */
  function submit(text) {
    var pending = { key: newKey(), content: { type: "text", text: text }, el: document.createElement("div") };
    pending.el.className = "msg out pending";
    pending.el.textContent = text;
    state.pending.push(pending);
    render();
    deliver(pending);
  }

  function deliver(pending) {
    // The same key on every retry: the server stores the message once however often we try.
    invoke("SendMessageWithKey", [pending.content, pending.key]).then(function (stored) {
      state.pending = state.pending.filter(function (p) { return p !== pending; });
      merge([stored]);
    }).catch(function () { /* retried by flushPending after the reconnect */ });
  }

  // Attachments still uploading (no content yet) or refused are not sent.
  function flushPending() { state.pending.forEach(function (p) { if (p.content && !p.failed) { deliver(p); } }); }

  /* An attachment: uploaded first (POST /api/v1/webchat/{channel}/media), then sent like any message. */
  function attach(file) {
    var pending = { key: newKey(), content: null, el: document.createElement("div") };
    pending.el.className = "msg out pending";
    pending.el.textContent = "📎 " + file.name;
    state.pending.push(pending);
    render();
    ensureSession().then(function (session) {
      var form = new FormData();
      form.append("file", file, file.name);
      return fetch(settings.baseUrl + "/api/v1/webchat/" + settings.channelId + "/media", {
        method: "POST", headers: { authorization: "Bearer " + session.token }, body: form,
      });
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) { throw new Error(body.detail || "HTTP " + response.status); }
        return body;
      });
    }).then(function (media) {
      var family = String(media.mime_type).split("/")[0];
      pending.content = {
        type: family === "image" || family === "video" || family === "audio" ? family : "document",
        media: { url: media.url, mime_type: media.mime_type, size: media.size, filename: media.filename },
      };
      deliver(pending);
    }).catch(function (error) {
      pending.failed = true;
      pending.el.className = "msg out failed";
      pending.el.textContent = file.name + ": " + error.message;
    });
  }

  $("form").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    submit(text);
    if (state.connected) { invoke("Typing", [false]).catch(function () {}); }
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      $("form").requestSubmit ? $("form").requestSubmit() : $("form").dispatchEvent(new Event("submit"));
    }
  });
  input.addEventListener("input", function () {
    var now = Date.now();
    if (state.connected && now - state.typingSentAt > 3000) {
      state.typingSentAt = now;
      invoke("Typing", [true]).catch(function () {});
    }
  });
  var picker = $("input[type=file]");
  $(".attach").addEventListener("click", function () { picker.click(); });
  picker.addEventListener("change", function () {
    var file = picker.files && picker.files[0];
    picker.value = "";
    if (file) { attach(file); }
  });
  $(".bubble").addEventListener("click", function () { setOpen(!state.open); });
  $(".close").addEventListener("click", function () { setOpen(false); });

  /* A small API for the host page (and tests): open, close, send. */
  var api = {
    open: function () { setOpen(true); },
    close: function () { setOpen(false); },
    send: function (text) { submit(text); },
    state: function () { return { connected: state.connected, lastSeq: state.lastSeq, pending: state.pending.length }; },
    /* Drops the connection as a network failure would; the widget reconnects and resyncs by itself. */
    disconnect: function () { if (state.socket) { state.socket.close(); } },
  };

  if (document.body) { mount(); } else { document.addEventListener("DOMContentLoaded", mount); }
  // A returning visitor is reconnected at once, so replies arrive even before the bubble is opened.
  if (state.session) { connect(); }
  render();
})();
