/* Cascading province > city > district selects for forms marked [data-division-picker].
   The server renders working selects; this only refills the lower ones when a higher one
   changes, from GET /api/v1/divisions?parent=CODE, and sets the sales region that the
   chosen province belongs to. */
(function () {
  "use strict";

  function fill(select, items, blankLabel) {
    select.innerHTML = "";
    var blank = document.createElement("option");
    blank.value = "";
    blank.textContent = blankLabel;
    select.appendChild(blank);
    items.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.code;
      option.textContent = item.name;
      select.appendChild(option);
    });
  }

  function load(picker, parent, select) {
    var blankLabel = select.options.length ? select.options[0].textContent : "";
    fill(select, [], blankLabel);
    if (!parent) { return; }
    fetch(picker.dataset.url + "?parent=" + encodeURIComponent(parent), {credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : {items: []}; })
      .then(function (data) { fill(select, data.items, blankLabel); });
  }

  function setUp(picker) {
    var province = picker.querySelector("[name=province_code]");
    var city = picker.querySelector("[name=city_code]");
    var district = picker.querySelector("[name=district_code]");
    var region = picker.form ? picker.form.querySelector("[name=region]") : document.querySelector("[name=region]");
    var regions = JSON.parse(picker.dataset.regions || "{}");
    province.addEventListener("change", function () {
      load(picker, province.value, city);
      load(picker, "", district);
      if (region && regions[province.value]) { region.value = regions[province.value]; }
    });
    city.addEventListener("change", function () { load(picker, city.value, district); });
  }

  document.querySelectorAll("[data-division-picker]").forEach(setUp);
})();
