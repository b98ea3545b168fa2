/* Praktijktafel live console and projector.
 * - Timers count down from server timestamps, corrected for the laptop's own clock.
 * - Keyboard: N next, B back, P pause, + five minutes, C focus the capture field.
 * - Captures go through a queue kept in localStorage: typed text survives a dropped
 *   connection or a reload, and is sent (once: each item has its own id) when back online.
 */
(function () {
  "use strict";

  // ---- Timers -------------------------------------------------------------------------
  function fmt(seconds) {
    var sign = seconds < 0 ? "-" : "";
    var s = Math.abs(Math.round(seconds));
    var m = Math.floor(s / 60);
    var r = s % 60;
    return sign + m + ":" + (r < 10 ? "0" : "") + r;
  }

  function stateOf(remaining, budget) {
    if (remaining < 0) return "over";
    if (budget <= 0) return "ok";
    var share = remaining / budget;
    if (share <= 0.05) return "critical";
    if (share <= 0.2) return "warn";
    return "ok";
  }

  function initTimer(el) {
    if (el.dataset.ready) return;
    el.dataset.ready = "1";
    var serverNow = Date.parse(el.dataset.serverNow);
    // The page shows the server's view at serverNow; our clock may be off by any amount.
    var offset = serverNow - Date.now();
    var remaining = parseFloat(el.dataset.remaining);
    var budget = parseFloat(el.dataset.budget || "0");
    var paused = el.dataset.paused === "1";
    var announcer = document.getElementById("timer-announcer");
    var lastState = el.dataset.state;

    function tick() {
      if (!document.body.contains(el)) return;
      var elapsed = paused ? 0 : (Date.now() + offset - serverNow) / 1000;
      var left = remaining - elapsed;
      el.textContent = fmt(left);
      if (budget > 0) {
        var state = stateOf(left, budget);
        el.dataset.state = state;
        if (state !== lastState && announcer) {
          var label = el.dataset["label" + state.charAt(0).toUpperCase() + state.slice(1)];
          if (label) announcer.textContent = label;
        }
        lastState = state;
      }
      window.setTimeout(tick, 250);
    }
    tick();
  }

  function initTimers(root) {
    (root || document).querySelectorAll("[data-timer]").forEach(initTimer);
  }

  // ---- Keyboard -------------------------------------------------------------------------
  function typing(target) {
    var tag = (target.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var key = event.key.toLowerCase();
    if (key === "c") {
      var field = document.querySelector("[data-key-focus='c']");
      if (field) { event.preventDefault(); field.focus(); }
      return;
    }
    var button = document.querySelector("button[data-key='" + key + "']");
    if (button) { event.preventDefault(); button.click(); }
  });

  // ---- Offline-safe capture queue --------------------------------------------------------
  function uuid() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = (Math.random() * 16) | 0;
      return (c === "x" ? r : (r & 0x3) | 0x8).toString(16);
    });
  }

  function setupQueue(form) {
    var key = "praktijktafel-queue:" + form.action;
    var status = document.getElementById("queue-status");
    var badge = document.getElementById("connection");
    var sending = false;

    function load() {
      try { return JSON.parse(window.localStorage.getItem(key) || "[]"); } catch (e) { return []; }
    }
    function save(queue) { window.localStorage.setItem(key, JSON.stringify(queue)); }

    function showOnline(online) {
      if (!badge) return;
      badge.textContent = online ? badge.dataset.online : badge.dataset.offline;
      badge.className = "badge " + (online ? "badge-pass" : "badge-warning");
      document.body.classList.toggle("is-offline", !online);
    }

    function showQueue() {
      var n = load().length;
      if (status) status.textContent = n ? n + " …" : "";
    }

    var refreshTimer = null;
    function refreshLists() {
      // Debounced, and only once the queue is empty: overlapping refreshes could let an
      // older answer overwrite a newer one.
      window.clearTimeout(refreshTimer);
      refreshTimer = window.setTimeout(function () {
        if (load().length || sending) { refreshLists(); return; }
        if (window.htmx && form.dataset.listUrl) {
          window.htmx.ajax("GET", form.dataset.listUrl, { target: "#lists", swap: "outerHTML" });
        }
      }, 200);
    }

    function flush() {
      if (sending) return;
      var queue = load();
      if (!queue.length) { showQueue(); return; }
      sending = true;
      var item = queue[0];
      var body = new URLSearchParams(item.fields);
      fetch(form.action, {
        method: "POST",
        body: body,
        headers: {
          "Accept": "application/json",
          "X-CSRFToken": item.fields.csrfmiddlewaretoken,
        },
        credentials: "same-origin",
      }).then(function (response) {
        sending = false;
        if (response.status >= 500 || response.status === 0) throw new Error("server");
        // 2xx: stored (or stored before: same id). 4xx: the server said no; keep the
        // item out of the queue but tell the facilitator.
        var rest = load().filter(function (q) { return q.fields.client_id !== item.fields.client_id; });
        save(rest);
        showOnline(true);
        if (!response.ok) {
          return response.json().then(function (data) {
            if (status) status.textContent = (data.errors || []).join(" ");
          });
        }
        refreshLists();
        flush();
      }).catch(function () {
        sending = false;
        showOnline(false);
        showQueue();
        window.setTimeout(flush, 3000);
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData(form);
      var fields = {};
      data.forEach(function (value, name) { fields[name] = value; });
      if (!String(fields.text || "").trim()) return;
      var queue = load();
      queue.push({ fields: fields });
      save(queue);
      // A fresh id for the next item; keep the kind, clear the text.
      form.querySelector("[name=client_id]").value = uuid();
      form.querySelector("[name=text]").value = "";
      var owner = form.querySelector("[name=owner]");
      if (owner) owner.value = "";
      form.querySelector("[name=text]").focus();
      showQueue();
      flush();
    });

    window.addEventListener("online", function () { showOnline(true); flush(); });
    window.addEventListener("offline", function () { showOnline(false); });
    flush();
  }

  function setDefaultKind() {
    var state = document.getElementById("live-state");
    var select = document.getElementById("capture-kind");
    var text = document.getElementById("capture-text");
    if (state && select && text && !text.value) select.value = state.dataset.defaultKind;
  }

  document.addEventListener("DOMContentLoaded", function () {
    initTimers(document);
    document.querySelectorAll("form[data-offline-queue]").forEach(setupQueue);
    setDefaultKind();
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    initTimers(event.detail.target.parentNode || document);
    initTimers(document);
    setDefaultKind();
  });
})();
