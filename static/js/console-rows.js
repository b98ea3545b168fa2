// A console tab's lists, sent as what changed. The tab says which lists it shows (each with
// the hash of what it was drawn from) and the newest bottleneck and capture among its rows;
// the server sends a <template data-keep> for each list or row the tab has, and the tab
// fills those in from its own page before htmx swaps the answer in. A placeholder whose
// hash is not the tab's (the tab missed a change) makes it fetch the whole lists instead.
(function () {
  "use strict";

  function shownHere() {
    var lists = [], newest = {};
    document.querySelectorAll("#lists [data-h][id], #pending [data-h][id]").forEach(function (el) {
      if (el.id.indexOf("list-") === 0) { lists.push(el.id + ":" + el.dataset.h); return; }
      var found = /-([a-z]+)-(\d+)$/.exec(el.id);
      if (found && !(newest[found[1]] >= Number(found[2]))) newest[found[1]] = Number(found[2]);
    });
    return {
      lists: lists.join(","),
      rows: Object.keys(newest).map(function (table) { return table + ":" + newest[table]; }).join(",")
    };
  }

  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb !== "get" || event.detail.path.indexOf("delta=1") === -1) return;
    var shown = shownHere();
    event.detail.parameters.have_lists = shown.lists;
    event.detail.parameters.have_rows = shown.rows;
  });

  function wholeLists() {
    var form = document.getElementById("capture-form");
    if (window.htmx && form && form.dataset.listUrl) {
      window.htmx.ajax("GET", form.dataset.listUrl, { target: "#lists", swap: "outerHTML" });
    }
  }

  // Text typed in a row's edit box and not yet saved is put back after any new lists, in
  // the box of the same row (the refresh waits only while the box has the cursor).
  var drafts = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!event.detail.shouldSwap || !target || target.id !== "lists") return;
    drafts = {};
    document.querySelectorAll("#lists input[id][name=text], #pending input[id][name=text]").forEach(function (input) {
      if (input.value !== input.defaultValue) drafts[input.id] = input.value;
    });
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!drafts) return;
    Object.keys(drafts).forEach(function (id) {
      var input = document.getElementById(id);
      if (!input) return;  // the row is gone: deleted in another tab
      input.value = drafts[id];
      var box = input.closest("details");
      if (box) box.open = true;
    });
    drafts = null;
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var text = event.detail.serverResponse;
    if (!event.detail.shouldSwap || typeof text !== "string" || text.indexOf("data-keep=") === -1) return;
    var answer = document.createElement("template");
    answer.innerHTML = text;
    var missing = false;
    answer.content.querySelectorAll("template[data-keep]").forEach(function (slot) {
      var own = document.getElementById(slot.dataset.keep);
      if (own && own.dataset.h === slot.dataset.h) {
        slot.replaceWith(own.cloneNode(true));
      } else {
        missing = true;
      }
    });
    if (missing) {
      event.detail.shouldSwap = false;
      wholeLists();
      return;
    }
    event.detail.serverResponse = answer.innerHTML;
  });
})();
