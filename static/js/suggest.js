// Suggestions under a lookup field (campaign/core/lookup.py): as the user types, the labels the
// field's address answers fill its <datalist>, so that picking one sends an exact label. Without
// JavaScript the field still works: the server resolves what was typed.
(function () {
  "use strict";
  var WAIT_MS = 200, SHORTEST = 2;
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) { return; }
    var timer = null, asked = "";
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var typed = input.value.trim();
        if (typed.length < SHORTEST || typed === asked) { return; }
        asked = typed;
        var url = new URL(input.getAttribute("data-suggest"), window.location.href);
        url.searchParams.set("q", typed);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (answer) {
            if (asked !== typed) { return; }
            list.replaceChildren.apply(list, answer.suggestions.map(function (label) {
              var option = document.createElement("option");
              option.value = label;
              return option;
            }));
          })
          .catch(function () { /* no suggestions: typing still works */ });
      }, WAIT_MS);
    });
  });
})();
