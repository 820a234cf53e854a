/* The tools under a ticket's reply box (knowledge/_reply_tools.html): insert a canned reply, already filled
   for the ticket, at the cursor of the reply box (#reply-body), and search the knowledge base in place to
   insert an article's link or summary. Without this script the picker reloads the ticket page with
   ?canned=<id> (the page prefills the box) and the search opens the knowledge base in a new tab.
   Text goes in through textContent and the textarea's value only: nothing typed is read as HTML. */
(function () {
  "use strict";

  var tools = document.getElementById("knowledge-reply-tools");
  var box = document.getElementById("reply-body");
  if (!tools || !box) { return; }
  var labels = tools.dataset;

  function insert(text) {
    var start = box.selectionStart, end = box.selectionEnd;
    if (typeof start !== "number") { start = end = box.value.length; }
    var before = box.value.slice(0, start);
    var gap = before && !/\n$/.test(before) ? "\n" : "";
    box.setRangeText(gap + text, start, end, "end");
    box.dispatchEvent(new Event("input", {bubbles: true}));
    box.focus();
  }

  var picker = document.getElementById("canned-picker");
  if (picker) {
    var choice = document.getElementById("canned-choice");
    var warning = document.getElementById("canned-warning");
    picker.addEventListener("submit", function (event) {
      event.preventDefault();
      var option = choice.options[choice.selectedIndex];
      if (!option || !option.value) { return; }
      insert(option.dataset.text);
      warning.hidden = !option.dataset.unknown;
      warning.textContent = option.dataset.unknown ? labels.labelUnknown + " " + option.dataset.unknown : "";
      choice.selectedIndex = 0;
    });
  }

  var search = document.getElementById("kb-search");
  var results = document.getElementById("kb-results");

  function button(label, text) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "secondary outline small";
    element.textContent = label;
    element.addEventListener("click", function () { insert(text); });
    return element;
  }

  function show(items) {
    results.textContent = "";
    if (!items.length) {
      var none = document.createElement("li");
      none.className = "muted";
      none.textContent = labels.labelNone;
      results.appendChild(none);
    }
    items.forEach(function (article) {
      var url = new URL(article.url, window.location.href).href;
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = article.title;
      item.appendChild(link);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(button(labels.labelLink, article.title + ": " + url));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(button(labels.labelSummary, article.summary));
      results.appendChild(item);
    });
  }

  search.addEventListener("submit", function (event) {
    var query = search.elements.q.value.trim();
    if (!query) { return; }
    event.preventDefault();
    var params = new URLSearchParams({q: query, limit: "5", published: "true"});
    fetch(labels.articlesUrl + "?" + params.toString(), {credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (page) { show(page.items || []); })
      .catch(function () {
        results.textContent = "";
        var failed = document.createElement("li");
        failed.className = "field-error";
        failed.textContent = labels.labelFailed;
        results.appendChild(failed);
      });
  });
}());
