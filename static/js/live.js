/* Praktijktafel live console and projector.
 * - Timers count down from server timestamps, corrected for the laptop's own clock.
 * - Keyboard: N next, B back, P pause, + five minutes, C focus the capture field, Esc leaves
 *   a field. Shortcuts never act while typing.
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

  // The server's limits (sessions/live/limits.py), handed over by the page as JSON.
  var LIMITS = (function () {
    var el = document.getElementById("live-limits");
    try { return el ? JSON.parse(el.textContent) : {}; } catch (e) { return {}; }
  })();

  function stateOf(remaining, budget) {
    if (remaining < 0) return "over";
    if (budget <= 0) return "ok";
    var share = remaining / budget;
    if (share <= LIMITS.critical_share) return "critical";
    if (share <= LIMITS.warn_share) return "warn";
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
      if (budget > 0 && !paused) {
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
  // Shortcuts act only when the focus is not in a text field, and never type their letter.
  // Esc leaves a field, so the next N or C is a shortcut again.
  function typing(target) {
    var tag = (target.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  var swallowNextInput = false;

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && typing(event.target)) {
      event.target.blur();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (typing(event.target)) return;
    var key = (event.key || "").toLowerCase();
    if (key === "c") {
      var field = document.querySelector("[data-key-focus='c']");
      if (field) {
        event.preventDefault();
        event.stopPropagation();
        // Some browsers still deliver the key to the newly focused field: drop it.
        swallowNextInput = true;
        window.setTimeout(function () { swallowNextInput = false; }, 0);
        field.focus();
      }
      return;
    }
    var button = document.querySelector("button[data-key='" + key + "']");
    if (button) { event.preventDefault(); button.click(); }
  });
  document.addEventListener("beforeinput", function (event) {
    if (swallowNextInput && event.data && event.data.toLowerCase() === "c") event.preventDefault();
    swallowNextInput = false;
  }, true);
  document.addEventListener("keypress", function (event) {
    if (swallowNextInput && (event.key || "").toLowerCase() === "c") event.preventDefault();
    swallowNextInput = false;
  }, true);

  // ---- Offline-safe capture queue --------------------------------------------------------
  // Nothing typed is lost: an item leaves the queue only when the server said "stored" (a
  // JSON answer with ok). A refusal (422) comes back into the field with the reason, or stays
  // in view in the list of refused items until it is edited or thrown away. Logged out (a
  // redirect to the login page, a failed CSRF check after logging in again) keeps everything
  // and tries again; so does a server or connection that is down.
  function uuid() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = (Math.random() * 16) | 0;
      return (c === "x" ? r : (r & 0x3) | 0x8).toString(16);
    });
  }

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (_m, name) {
      return values[name] === undefined ? "" : values[name];
    });
  }

  function setupQueue(form) {
    // Queued items and the text being typed belong to the person logged in (data-owner, a
    // digest of who they are): on a shared laptop the next person to log in neither sees
    // them nor sends them under their own name.
    var owner = form.dataset.owner || "";
    var key = "praktijktafel-queue:" + form.action + ":" + owner;
    // Items queued before they were kept per person, or by a tab that posted to the
    // capture's old address, are carried over.
    var unowned = ["praktijktafel-queue:" + form.action];
    if (form.dataset.oldAction) {
      unowned.push("praktijktafel-queue:" + new URL(form.dataset.oldAction, window.location.href).href);
    }
    unowned.forEach(function (oldKey) {
      try {
        var old = JSON.parse(window.localStorage.getItem(oldKey) || "[]");
        if (old.length) {
          var current = JSON.parse(window.localStorage.getItem(key) || "[]");
          window.localStorage.setItem(key, JSON.stringify(current.concat(old)));
        }
        window.localStorage.removeItem(oldKey);
      } catch (e) { /* private mode: nothing was kept */ }
    });
    var status = document.getElementById("queue-status");
    var message = document.getElementById("capture-message");
    var refusedList = document.getElementById("queue-refused");
    var badge = document.getElementById("connection");
    var text = form.querySelector("[name=text]");
    var kind = form.querySelector("[name=kind]");
    var counter = document.getElementById("capture-count");
    var tokenField = form.querySelector("[name=csrfmiddlewaretoken]");
    var sending = false;
    var retry = null;
    var msg = form.dataset;

    function load() {
      try { return JSON.parse(window.localStorage.getItem(key) || "[]"); } catch (e) { return []; }
    }
    function save(queue) { window.localStorage.setItem(key, JSON.stringify(queue)); }
    function waiting() { return load().filter(function (q) { return !q.refused; }); }

    function showState(state) {
      if (!badge) return;
      var labels = { online: badge.dataset.online, offline: badge.dataset.offline,
                     loggedOut: badge.dataset.loggedOut, noAccess: badge.dataset.noAccess };
      badge.textContent = labels[state] || labels.online;
      badge.className = "badge " + (state === "online" ? "badge-pass" : "badge-warning");
      document.body.classList.toggle("is-offline", state !== "online");
    }

    function say(textContent, urgent) {
      if (!message) return;
      message.textContent = textContent || "";
      message.className = textContent ? (urgent ? "capture-message alert" : "capture-message") : "capture-message";
    }

    function showQueue() {
      var n = waiting().length;
      if (status) status.textContent = n ? fill(n === 1 ? msg.queuedOne : msg.queuedMany, { n: n }) : "";
      renderRefused();
    }

    function limit() {
      var option = kind && kind.options ? kind.options[kind.selectedIndex] : null;
      return parseInt((option && option.dataset.max) || text.dataset.max || LIMITS.capture, 10);
    }

    function countLength() {
      if (!counter) return true;
      var n = text.value.trim().replace(/\s+/g, " ").length;
      var max = limit();
      var over = n > max;
      counter.textContent = n > max * 0.8 ? fill(over ? msg.tooLong : msg.count, { n: n, max: max }) : "";
      counter.className = over ? "char-count over" : "char-count";
      text.setAttribute("aria-invalid", over ? "true" : "false");
      return !over;
    }

    function restore(item, reasons) {
      var f = item.fields;
      text.value = f.text || "";
      if (kind && f.kind) kind.value = f.kind;
      ["owner", "theme", "person"].forEach(function (name) {
        var el = form.querySelector("[name=" + name + "]");
        if (el && f[name] !== undefined) el.value = f[name];
      });
      countLength();
      say((reasons || []).join(" "), true);
      text.focus();
    }

    function renderRefused() {
      if (!refusedList) return;
      var refused = load().filter(function (q) { return q.refused; });
      refusedList.hidden = !refused.length;
      var ul = refusedList.querySelector("ul");
      ul.textContent = "";
      refused.forEach(function (item) {
        var li = document.createElement("li");
        var p = document.createElement("span");
        p.className = "item-text";
        p.textContent = item.fields.text;
        var why = document.createElement("span");
        why.className = "refused-reason";
        why.textContent = " — " + item.refused.join(" ");
        p.appendChild(why);
        var back = document.createElement("button");
        back.type = "button";
        back.className = "button-secondary";
        back.textContent = msg.backLabel;
        back.setAttribute("aria-label", msg.backLabel + ": " + item.fields.text);
        back.addEventListener("click", function () {
          if (text.value.trim()) { say(msg.fieldBusy, true); text.focus(); return; }
          remove(item);
          restore(item, item.refused);
          showQueue();
        });
        var drop = document.createElement("button");
        drop.type = "button";
        drop.className = "button-secondary";
        drop.textContent = msg.dropLabel;
        drop.setAttribute("aria-label", msg.dropLabel + ": " + item.fields.text);
        drop.addEventListener("click", function () { remove(item); showQueue(); });
        var actions = document.createElement("span");
        actions.className = "item-actions";
        actions.appendChild(back);
        actions.appendChild(drop);
        li.className = "item";
        li.appendChild(p);
        li.appendChild(actions);
        ul.appendChild(li);
      });
    }

    function remove(item) {
      save(load().filter(function (q) { return q.fields.client_id !== item.fields.client_id; }));
    }

    function refuse(item, reasons) {
      if (!reasons.length) reasons = [msg.refused];
      if (!text.value.trim()) {
        remove(item);
        restore(item, reasons);
      } else {
        save(load().map(function (q) {
          if (q.fields.client_id === item.fields.client_id) q.refused = reasons;
          return q;
        }));
        say(msg.refusedKept, true);
      }
      showQueue();
    }

    var refreshTimer = null;
    function refreshLists() {
      // Debounced, and only once the queue is empty: overlapping refreshes could let an
      // older answer overwrite a newer one.
      window.clearTimeout(refreshTimer);
      refreshTimer = window.setTimeout(function () {
        if (waiting().length || sending) { refreshLists(); return; }
        if (window.htmx && form.dataset.listUrl) {
          // Only what is new to this tab (console-rows.js).
          window.htmx.ajax("GET", form.dataset.listUrl + "&delta=1", { target: "#lists", swap: "outerHTML" });
        }
      }, 200);
    }

    function later(ms) {
      window.clearTimeout(retry);
      retry = window.setTimeout(flush, ms);
    }

    // After logging in again (or a new session), the page's CSRF token is stale: fetch a
    // fresh one. Answers "loggedOut", "noAccess", "ok" (a new token) or "same".
    function renewToken() {
      return fetch(form.dataset.pageUrl, { credentials: "same-origin", redirect: "manual" }).then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 401) return "loggedOut";
        if (!response.ok) return "noAccess";
        return response.text().then(function (html) {
          var found = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html);
          if (html.indexOf('id="capture-form"') === -1) return "noAccess";
          if (!found) return "loggedOut";
          // Someone else logged in on this browser: this tab's items are not theirs to send.
          var now = /data-owner="([^"]*)"/.exec(html);
          if (!now || now[1] !== owner) return "loggedOut";
          if (found[1] === tokenField.value) return "same";
          tokenField.value = found[1];
          return "ok";
        });
      });
    }

    function notStored(state) {
      showState(state);
      say(state === "loggedOut" ? msg.loggedOut : msg.noAccess, true);
      showQueue();
      later(4000);
    }

    function flush() {
      if (sending) return;
      var queue = waiting();
      if (!queue.length) { showQueue(); return; }
      sending = true;
      var item = queue[0];
      var fields = Object.assign({}, item.fields, { csrfmiddlewaretoken: tokenField.value });
      fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: { "Accept": "application/json", "X-CSRFToken": tokenField.value },
        credentials: "same-origin",
        redirect: "manual",
      }).then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (response.ok && type.indexOf("application/json") === 0) {
          return response.json().then(function (data) {
            sending = false;
            if (!data.ok) throw new Error("not stored");
            remove(item);
            showState("online");
            if (message && message.classList.contains("alert") && !load().some(function (q) { return q.refused; })) say("");
            refreshLists();
            flush();
          });
        }
        if (response.status >= 500) throw new Error("server");
        if (response.type === "opaqueredirect" || response.ok || response.status === 401 ||
            response.status === 403 || response.status === 404) {
          // Logged out, a stale CSRF token after a new login, or no access any more.
          return renewToken().then(function (result) {
            sending = false;
            if (result === "ok") { flush(); return; }
            notStored(result === "same" ? "noAccess" : result);
          });
        }
        // Any other 4xx: the server said no to this item. It is kept, with the reason.
        return response.json().catch(function () { return {}; }).then(function (data) {
          sending = false;
          showState("online");
          refuse(item, (data && data.errors) || [fill(msg.refusedStatus, { status: response.status })]);
          flush();
        });
      }).catch(function () {
        sending = false;
        showState("offline");
        showQueue();
        later(3000);
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData(form);
      var fields = {};
      data.forEach(function (value, name) { fields[name] = value; });
      if (!String(fields.text || "").trim()) return;
      if (!countLength()) {
        // The counter under the field already says how much shorter (once, not twice).
        text.focus();
        return;
      }
      var queue = load();
      queue.push({ fields: fields });
      save(queue);
      // A fresh id for the next item; keep the kind, clear the text: ready for the next.
      form.querySelector("[name=client_id]").value = uuid();
      text.value = "";
      saveDraft();
      countLength();
      // Who, contact person and theme belong to this item only: the next starts empty (a
      // contact left selected was attached to every following tip).
      ["owner", "person", "theme"].forEach(function (name) {
        var field = form.querySelector("[name=" + name + "]");
        if (field) field.value = "";
      });
      if (message && !message.classList.contains("alert")) say("");
      text.focus();
      showQueue();
      flush();
    });

    // Text typed but not yet added survives a reload of the console (sent items already
    // survive going offline in the queue above).
    var draftKey = "praktijktafel-draft:" + form.action + ":" + owner;
    var unownedDrafts = ["praktijktafel-draft:" + form.action];
    if (form.dataset.oldAction) {
      unownedDrafts.push("praktijktafel-draft:" + new URL(form.dataset.oldAction, window.location.href).href);
    }
    unownedDrafts.forEach(function (oldDraftKey) {
      try {
        var oldDraft = window.localStorage.getItem(oldDraftKey);
        if (oldDraft && !window.localStorage.getItem(draftKey)) window.localStorage.setItem(draftKey, oldDraft);
        window.localStorage.removeItem(oldDraftKey);
      } catch (e) { /* private mode: no draft kept */ }
    });
    function saveDraft() {
      try {
        if (text.value) window.localStorage.setItem(draftKey, text.value);
        else window.localStorage.removeItem(draftKey);
      } catch (e) { /* private mode: no draft kept */ }
    }
    if (!text.value) {
      try { text.value = window.localStorage.getItem(draftKey) || ""; } catch (e) { /* none */ }
    }
    text.addEventListener("input", function () { countLength(); saveDraft(); });
    // A text area for long cases, but Enter still adds (Shift+Enter for a new line).
    text.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        if (form.requestSubmit) form.requestSubmit(); else form.dispatchEvent(new Event("submit", { cancelable: true }));
      }
    });
    if (kind) kind.addEventListener("change", function () { kind.dataset.chosen = "1"; countLength(); });
    window.addEventListener("online", function () { showState("online"); flush(); });
    window.addEventListener("offline", function () { showState("offline"); });
    // A press of a console button while logged out: htmx would put the login page in the
    // console. Keep the console as it is and say why.
    document.addEventListener("htmx:beforeSwap", function (event) {
      var url = event.detail.xhr && event.detail.xhr.responseURL;
      if (url && form.dataset.loginUrl && url.indexOf(form.dataset.loginUrl) !== -1) {
        event.detail.shouldSwap = false;
        notStored("loggedOut");
      }
    });
    countLength();
    flush();
  }

  // The kind of the next capture follows the phase only when the phase changes; what the
  // facilitator chose stays chosen for every following item.
  var shownPhase = null;
  function setDefaultKind() {
    var state = document.getElementById("live-state");
    var select = document.getElementById("capture-kind");
    var text = document.getElementById("capture-text");
    if (!state || !select || !text) return;
    var phase = state.dataset.phase;
    if (phase === shownPhase) return;
    shownPhase = phase;
    if (!text.value) {
      select.value = state.dataset.defaultKind;
      select.dispatchEvent(new Event("change"));
      delete select.dataset.chosen;
    }
  }

  // ---- Projector: one screen, whatever the beamer -----------------------------------------
  // The list shows the top items that fit, then "+N more"; when even the question does not
  // fit, the whole screen's type gets smaller (down to 60 %), never cut off.
  function fitScreen() {
    var screen = document.querySelector("#screen[data-fit]");
    if (!screen) return;
    screen.style.fontSize = "";
    var lists = screen.querySelectorAll(".screen-list[data-more]");
    var main = screen.querySelector(".screen-main");
    function overflowing() {
      if (document.documentElement.scrollHeight > window.innerHeight) return true;
      var bottom = Math.min(window.innerHeight, main ? main.getBoundingClientRect().bottom : window.innerHeight);
      return Array.prototype.some.call(
        screen.querySelectorAll("h1, h2, .screen-question, .screen-list > li:not([hidden]), .screen-note, .chart, .phone-join"),
        function (el) { return el.getBoundingClientRect().bottom > (el.closest(".screen-main") ? bottom : window.innerHeight) + 0.5; }
      );
    }
    function fitList(list) {
      var items = Array.prototype.filter.call(list.children, function (li) { return !li.classList.contains("more"); });
      var more = list.querySelector(".more");
      if (more) more.remove();
      items.forEach(function (li) { li.hidden = false; });
      var shown = items.length;
      // The server sends the most recognised few and how many there are in all.
      var total = Math.max(parseInt(list.dataset.total, 10) || 0, items.length);
      function tooTall() { return list.scrollHeight > list.clientHeight + 1; }
      if (!tooTall() && total === items.length) return;
      more = document.createElement("li");
      more.className = "more";
      more.textContent = fill(list.dataset.more, { n: total - shown });
      list.appendChild(more);
      while (shown > 1 && tooTall()) {
        shown -= 1;
        items[shown].hidden = true;
        more.textContent = fill(list.dataset.more, { n: total - shown });
      }
    }
    var scale = 1;
    for (var round = 0; round < 8; round++) {
      lists.forEach(fitList);
      if (!overflowing()) break;
      scale -= 0.05;
      if (scale < 0.6) break;
      screen.style.fontSize = "calc(" + scale + " * clamp(1rem, min(2.3vw, 3.9vh), 3rem))";
    }
  }
  window.addEventListener("resize", fitScreen);

  // The projector's poll after its login ended (logged out, expired) is sent to the login
  // page: the room keeps the last screen instead of seeing a login form on the beamer.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail.elt;
    var url = event.detail.xhr && event.detail.xhr.responseURL;
    if (elt && elt.id === "screen" && url && new URL(url).pathname.indexOf("/projector/") === -1) {
      event.detail.shouldSwap = false;
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    fitScreen();
    initTimers(document);
    document.querySelectorAll("form[data-offline-queue]").forEach(setupQueue);
    setDefaultKind();
  });
  // The console tab's own checks of its state and lists (data-guard names the regions they
  // would replace, the held items included) wait while the facilitator types in one of them
  // (the refresh would throw the half-typed text away) or while a question waits for an
  // answer there ("Delete it?", "Release it unchanged?": it would vanish).
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.dataset || !elt.dataset.guard) return;
    var active = document.activeElement;
    var typing = active && active !== elt &&
        (active.tagName === "INPUT" || active.tagName === "TEXTAREA" || active.tagName === "SELECT");
    document.querySelectorAll(elt.dataset.guard).forEach(function (region) {
      if ((typing && region.contains(active)) || region.querySelector(".confirm-release")) {
        event.preventDefault();
        // Say so: a tab that waits shows an older list than the other tabs.
        var paused = document.getElementById("lists-paused");
        if (paused) paused.hidden = false;
      }
    });
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    fitScreen();
    initTimers(event.detail.target.parentNode || document);
    initTimers(document);
    setDefaultKind();
  });
})();
