/* The Kanban board: drag a card to another column to move it (won and lost ask why in a dialog),
   and "Load more" fetches a column's next cards through the JSON API (keyset cursors).
   Without this script every card still has its "Move to" form, which posts to the server. */
(function () {
  "use strict";

  var board = document.getElementById("board");
  if (!board) { return; }
  var dialog = document.getElementById("close-dialog");
  var closeForm = document.getElementById("close-form");
  var closeError = document.getElementById("close-error");
  var status = document.getElementById("board-status");
  var filters = JSON.parse(board.dataset.filters || "{}");
  var pending = null;

  function moveUrl(id) {
    return board.dataset.moveUrl.replace("/0/move", "/" + id + "/move");
  }

  function send(id, body) {
    return fetch(moveUrl(id), {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": board.dataset.csrf},
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) { return {ok: response.ok, data: data}; });
    });
  }

  function texts(value) {
    if (typeof value === "string") { return [value]; }
    var found = [];
    Object.keys(value || {}).forEach(function (key) { found = found.concat(texts(value[key])); });
    return found;
  }

  function problem(data) {
    var error = (data && data.error) || {};
    return texts(error.fields).join(" ") || error.message || "";
  }

  function moved(result) {
    if (result.ok) {
      status.textContent = board.dataset.movedMessage;
      window.location.reload();  // counts and totals come from the server, with the filters
      return true;
    }
    status.textContent = board.dataset.failedMessage + " " + problem(result.data);
    return false;
  }

  function askWhy(id, column) {
    pending = {id: id, stageId: column.dataset.stageId};
    var lost = column.dataset.kind === "lost";
    document.getElementById("close-title").textContent = column.querySelector("h2").textContent;
    dialog.querySelectorAll(".close-lost").forEach(function (el) { el.hidden = !lost; });
    dialog.querySelectorAll(".close-won").forEach(function (el) { el.hidden = lost; });
    closeForm.reset();
    closeError.hidden = true;
    dialog.showModal();
  }

  function drop(id, column) {
    if (column.dataset.kind !== "open") {
      askWhy(id, column);
      return;
    }
    send(id, {stage_id: Number(column.dataset.stageId)}).then(moved);
  }

  board.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".card");
    if (!card) { return; }
    event.dataTransfer.setData("text/plain", card.dataset.id);
    event.dataTransfer.effectAllowed = "move";
    card.classList.add("dragging");
  });
  board.addEventListener("dragend", function (event) {
    var card = event.target.closest && event.target.closest(".card");
    if (card) { card.classList.remove("dragging"); }
  });
  board.querySelectorAll(".board-column").forEach(function (column) {
    column.addEventListener("dragover", function (event) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      column.classList.add("drop-target");
    });
    column.addEventListener("dragleave", function () { column.classList.remove("drop-target"); });
    column.addEventListener("drop", function (event) {
      event.preventDefault();
      column.classList.remove("drop-target");
      var id = event.dataTransfer.getData("text/plain");
      var card = document.getElementById("card-" + id);
      if (id && card && card.closest(".board-column") !== column) { drop(id, column); }
    });
  });

  closeForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var winner = closeForm.elements.winner_competitor_id.value;
    var body = {stage_id: Number(pending.stageId), close_reason: closeForm.elements.close_reason.value};
    if (winner && !closeForm.elements.winner_competitor_id.closest("label").hidden) {
      body.winner_competitor_id = Number(winner);
    }
    send(pending.id, body).then(function (result) {
      if (!moved(result)) {
        closeError.textContent = problem(result.data);
        closeError.hidden = false;
      }
    });
  });
  document.getElementById("close-cancel").addEventListener("click", function () { dialog.close(); });

  function money(amount, currency) {
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined,
                                   {style: "currency", currency: currency}).format(Number(amount));
    } catch (e) {
      return amount + " " + currency;
    }
  }

  function cardElement(item, column) {
    var node = document.getElementById("card-template").content.firstElementChild.cloneNode(true);
    node.dataset.id = item.id;
    node.id = "card-" + item.id;
    var link = node.querySelector("a");
    link.href = board.dataset.detailUrl.replace(/\/0$/, "/" + item.id);
    link.querySelector("strong").textContent = item.name;
    node.querySelector(".card-customer").textContent = item.customer_name || "";
    node.querySelector(".card-amount").textContent = money(item.amount, item.currency);
    node.querySelector(".card-owner").textContent = item.owner_name || "";
    if (item.expected_close) {
      var closes = new Date(item.expected_close + "T00:00:00");
      node.querySelector(".card-close").textContent = board.dataset.closes.replace(
        "{date}", closes.toLocaleDateString(document.documentElement.lang || undefined, {dateStyle: "medium"}));
    }
    var form = node.querySelector("form");
    // The attribute, not the property: a node cloned from a <template> resolves URLs against no document.
    var action = form.getAttribute("action").replace("/opportunities/0/", "/opportunities/" + item.id + "/");
    form.setAttribute("action", action);
    var select = form.querySelector("select");
    select.id = "move-" + item.id;
    form.querySelector("label").htmlFor = select.id;
    select.querySelectorAll("option").forEach(function (option) {
      if (option.value === column.dataset.stageId) { option.remove(); }
    });
    return node;
  }

  board.addEventListener("click", function (event) {
    var button = event.target.closest(".load-more");
    if (!button) { return; }
    var column = button.closest(".board-column");
    var params = new URLSearchParams(filters);
    params.set("cursor", button.dataset.cursor);
    button.disabled = true;
    fetch(column.dataset.cardsUrl + "?" + params.toString(), {credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (page) {
        var list = column.querySelector(".cards");
        (page.items || []).forEach(function (item) { list.appendChild(cardElement(item, column)); });
        if (page.next_cursor) {
          button.dataset.cursor = page.next_cursor;
          button.disabled = false;
        } else {
          button.remove();
        }
      });
  });
})();
