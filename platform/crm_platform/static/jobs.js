/* The jobs page (jobs/index.html): poll each unfinished job once a second until it finishes or fails, and show
   its progress, error, download link and import counts. The session cookie authenticates the GETs; the table's
   data-* attributes carry the URLs and the texts in the reader's language. */
(function () {
  "use strict";

  var table = document.getElementById("jobs");
  if (!table) { return; }
  var labels = JSON.parse(table.dataset.labels);
  var downloadLabels = {csv: table.dataset.downloadCsv, xlsx: table.dataset.downloadXlsx};

  function poll(row) {
    fetch(table.dataset.api + row.dataset.jobId, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { return; }
        row.dataset.status = job.status;
        row.querySelector(".job-status").textContent = labels[job.status] || job.status;
        var bar = row.querySelector("progress");
        if (job.progress.percent !== null) { bar.value = job.progress.percent; }
        if (job.progress.total) { row.querySelector(".job-count").textContent = job.progress.done + " / " + job.progress.total; }
        if (job.error) { var box = row.querySelector(".job-error"); box.textContent = job.error; box.hidden = false; }
        if (job.status === "finished" && job.kind === "customer_export" && !row.querySelector(".job-download")) {
          var link = document.createElement("a");
          link.className = "job-download";
          link.href = table.dataset.exports + "/" + job.id + "/download";
          link.textContent = downloadLabels[/\.xlsx$/.test((job.result || {}).file || "") ? "xlsx" : "csv"];
          row.querySelector(".job-error").after(link);
        }
        var summary = row.querySelector(".job-import-summary");
        if (job.status === "finished" && summary && job.result) {
          summary.textContent = table.dataset.importSummary.replace(/\{(\w+)\}/g, function (_, key) { return job.result[key]; });
        }
        if (job.status !== "finished" && job.status !== "failed") { setTimeout(function () { poll(row); }, 1000); }
      })
      .catch(function () { setTimeout(function () { poll(row); }, 5000); });
  }

  table.querySelectorAll("tr[data-job-id]").forEach(function (row) {
    if (row.dataset.status === "queued" || row.dataset.status === "running") { poll(row); }
  });
})();
