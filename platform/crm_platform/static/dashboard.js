// Customize the dashboard: drag a widget's row to reorder the list before saving.
// The page works without this file (its move up/down buttons post the form); the form's hidden
// "order" inputs travel with their rows, so saving sends the order the rows are in.
(function () {
  "use strict";
  var list = document.getElementById("widget-choices");
  if (!list) { return; }
  var dragged = null;
  Array.prototype.forEach.call(list.querySelectorAll("li.widget-choice"), function (row) {
    row.setAttribute("draggable", "true");
    row.addEventListener("dragstart", function (event) {
      dragged = row;
      row.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.dataset.key);
    });
    row.addEventListener("dragend", function () {
      row.classList.remove("dragging");
      dragged = null;
    });
    row.addEventListener("dragover", function (event) {
      if (!dragged || dragged === row) { return; }
      event.preventDefault();
      var box = row.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? row.nextSibling : row);
    });
    row.addEventListener("drop", function (event) { event.preventDefault(); });
  });
  list.classList.add("sortable");
})();
