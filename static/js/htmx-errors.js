/* Errors that htmx would swallow are shown where the person is.
 *
 * htmx swaps nothing for a 4xx/5xx answer (a 422 form with its errors is swapped: see
 * responseHandling in base.html), so without this a press on "Opslaan" that the server
 * refused changed nothing and said nothing. Here every such answer, and a request that
 * never reached the server, shows a message at the form that sent it (role="alert", so a
 * screen reader says it too). Nothing is swapped, so what was typed stays.
 *
 * The text is the server's own, in the person's language (header X-Error-Message, see
 * praktijktafel.middleware.HtmxErrorMessageMiddleware); for no connection at all, the
 * page's data-htmx-offline on <body>. A static file: the CSP allows no inline script.
 */
(function () {
  "use strict";

  var CLASS = "htmx-error";

  function placeFor(elt) {
    if (!elt || !elt.closest) return document.getElementById("main") || document.body;
    return elt.closest("form") || elt;
  }

  function clear(place) {
    var old = place.querySelectorAll(":scope > ." + CLASS);
    for (var i = 0; i < old.length; i++) old[i].remove();
    if (place.nextElementSibling && place.nextElementSibling.classList.contains(CLASS)) {
      place.nextElementSibling.remove();
    }
  }

  function show(elt, text) {
    var place = placeFor(elt);
    clear(place);
    var message = document.createElement("p");
    message.className = CLASS + " message message-error";
    message.setAttribute("role", "alert");
    message.textContent = text;
    if (place.tagName === "FORM") {
      place.insertBefore(message, place.firstChild);
    } else {
      place.insertAdjacentElement("afterend", message);
    }
  }

  function serverMessage(xhr) {
    var header = xhr && xhr.getResponseHeader("X-Error-Message");
    if (header) {
      try {
        return decodeURIComponent(header);
      } catch (e) {
        /* fall through to the page's own text */
      }
    }
    return document.body.getAttribute("data-htmx-failed") || "";
  }

  document.addEventListener("htmx:responseError", function (event) {
    show(event.detail.elt, serverMessage(event.detail.xhr));
  });

  document.addEventListener("htmx:sendError", function (event) {
    show(event.detail.elt, document.body.getAttribute("data-htmx-offline") || "");
  });

  // A new try starts clean: the old message would otherwise stay next to a success.
  document.addEventListener("htmx:beforeRequest", function (event) {
    clear(placeFor(event.detail.elt));
  });
})();
