// A filter box above a long list of administrative units: typing "son tay" shows "Sơn Tây".
// Without JavaScript the box stays hidden and the list works as it is.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d")
      .replace(/Đ/g, "D").toLowerCase().trim();
  }
  document.querySelectorAll("[data-unit-filter-for]").forEach(function (box) {
    var select = document.getElementById(box.getAttribute("data-unit-filter-for"));
    var input = box.querySelector("input");
    if (!select || !input) { return; }
    box.hidden = false;
    input.addEventListener("input", function () {
      var wanted = fold(input.value);
      select.querySelectorAll("option").forEach(function (option) {
        var key = option.getAttribute("data-search") || fold(option.textContent);
        option.hidden = wanted !== "" && key.indexOf(wanted) === -1 && !option.selected;
      });
    });
  });
})();
