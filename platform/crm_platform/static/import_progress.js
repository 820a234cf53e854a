/* An import's page (imports/status.html): poll its job once a second until it finishes or fails, then read the
   batch's counts. The session cookie authenticates both GETs; the article's data-* attributes carry the URLs and
   the texts in the reader's language. */
(function () {
  "use strict";

  var box = document.getElementById("import");
  if (!box || !box.dataset.jobUrl) { return; }
  var labels = JSON.parse(box.dataset.labels);

  function get(url) {
    return fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; });
  }

  function showCounts() {
    get(box.dataset.batchUrl).then(function (batch) {
      if (!batch) { return; }
      ["created", "updated", "skipped", "failed"].forEach(function (key) {
        box.querySelector(".count-" + key).textContent = batch.counts[key];
      });
      box.querySelector(".import-counts").hidden = false;
      box.querySelector(".import-report").hidden = batch.counts.failed === 0;
    });
  }

  function poll() {
    get(box.dataset.jobUrl).then(function (job) {
      if (!job) { return; }
      var previous = box.dataset.status;
      box.dataset.status = job.status;
      box.querySelector(".import-status").textContent = labels[job.status] || job.status;
      var bar = box.querySelector("progress");
      if (job.progress.percent !== null) { bar.value = job.progress.percent; }
      if (job.progress.total) {
        box.querySelector(".import-count").textContent =
          box.dataset.countText.replace("{done}", job.progress.done).replace("{total}", job.progress.total);
      }
      if (job.error) { var error = box.querySelector(".import-error"); error.textContent = job.error; error.hidden = false; }
      if (job.status === "finished" || job.status === "failed") {
        showCounts();
        if (job.status === "failed" && previous !== "failed") { window.location.reload(); }
      } else {
        setTimeout(poll, 1000);
      }
    }).catch(function () { setTimeout(poll, 5000); });
  }

  if (box.dataset.status === "queued" || box.dataset.status === "running") { poll(); }
})();
