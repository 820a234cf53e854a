// The batch page's "choose all" box ticks or clears every task on the page; without it, tick them one by one.
document.addEventListener("DOMContentLoaded", function () {
  var all = document.getElementById("batch-choose-all");
  if (!all) {
    return;
  }
  all.hidden = false;
  all.querySelector("input").addEventListener("change", function (event) {
    document.querySelectorAll("#batch-tasks input[name=task_ids]").forEach(function (box) {
      box.checked = event.target.checked;
    });
  });
});
