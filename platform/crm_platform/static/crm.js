/* Behaviour every page of the core and the modules may use, declared in the markup with data-* attributes:
   the Content-Security-Policy allows no inline handlers (onsubmit=, onclick=), so this file adds them.
   - <form data-confirm="Question?">: submitting asks first (the post_button macro's confirm=);
   - <input data-select-on-focus>: focusing selects the whole value (a secret to copy);
   - <button data-print>: prints the page. */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm !== undefined && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("[data-select-on-focus]")) { event.target.select(); }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
})();
