/* The customer list's bulk form (customers/_bulk.html): only the field the chosen action needs is shown (without
   JavaScript all are, and the server ignores the rest), and the header's box ticks or clears every row of the page. */
(function () {
  "use strict";

  var form = document.getElementById("bulk-form");
  if (!form) { return; }

  function showValueField() {
    var action = form.querySelector('select[name="action"]').value;
    form.querySelectorAll("[data-for]").forEach(function (label) {
      label.hidden = label.dataset.for.split(" ").indexOf(action) < 0;
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.id === "pick-page") {
      document.querySelectorAll('input[name="ids"]').forEach(function (box) { box.checked = event.target.checked; });
    } else if (event.target.closest("#bulk-form") && event.target.name === "action") {
      showValueField();
    }
  });
  showValueField();
})();
