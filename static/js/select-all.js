// "Tick all": a checkbox that ticks or unticks every box of the same name in its form.
// Without JavaScript it stays hidden and each box is ticked one by one.
(function () {
  "use strict";
  document.querySelectorAll("[data-select-all]").forEach(function (wrapper) {
    var master = wrapper.querySelector("input[type=checkbox]");
    var form = document.getElementById(wrapper.getAttribute("data-select-all"));
    if (!master || !form) { return; }
    var name = master.getAttribute("data-name");
    wrapper.hidden = false;
    master.addEventListener("change", function () {
      form.querySelectorAll("input[type=checkbox][name='" + name + "']").forEach(function (box) {
        if (!box.disabled) { box.checked = master.checked; }
      });
    });
  });
})();
