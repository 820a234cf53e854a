/* Draws every <div class="crm-chart" data-chart="bar|line|pie|funnel|gauge|pyramid|sankey" data-chart-url="..."> (or
   data-chart-spec='{...}' holding the JSON itself) with the vendored Apache ECharts. The data is a ChartSchema
   response, {categories, keys, series: [{key, name, data, stack, axis, table_only}]} (docs/plugins.md, Charts):
   the numbers the table beside the chart shows. Series marked table_only stay in the table. When the URL answers
   more than the chart, data-chart-pointer names the chart's part of the answer (a JSON pointer, "/charts/trend"). */
(function () {
  "use strict";

  var locale = (document.documentElement.lang || "").toLowerCase().indexOf("zh") === 0 ? "ZH" : "EN";

  function drawn(data) {
    return data.series.filter(function (series) { return !series.table_only; });
  }

  function axisOption(kind, data) {
    var series = drawn(data);
    var twoAxes = series.some(function (one) { return one.axis === 1; });
    return {
      tooltip: {trigger: "axis"},
      legend: {type: "scroll", top: 0},
      grid: {top: 40, left: 8, right: 8, bottom: 8, containLabel: true},
      xAxis: {type: "category", data: data.categories,
              axisLabel: {interval: 0, rotate: data.categories.length > 6 ? 30 : 0}},
      yAxis: twoAxes ? [{type: "value"}, {type: "value", splitLine: {show: false}}] : {type: "value"},
      series: series.map(function (one) {
        return {name: one.name, type: kind, data: one.data, stack: one.stack || undefined,
                yAxisIndex: twoAxes ? one.axis || 0 : undefined, emphasis: {focus: "series"}};
      })
    };
  }

  // Pie and funnel: the first drawn series, a slice per category.
  function sliceOption(kind, data) {
    var first = drawn(data)[0];
    return {
      tooltip: {trigger: "item"},
      legend: {type: "scroll", top: 0},
      series: [{name: first.name, type: kind, top: 40, radius: kind === "pie" ? ["35%", "70%"] : undefined,
                data: data.categories.map(function (name, i) { return {name: name, value: first.data[i]}; })}]
    };
  }

  // Gauges: one per category, side by side, showing the first drawn series against `max`.
  function gaugeOption(data, max) {
    var first = drawn(data)[0];
    var count = data.categories.length;
    return {
      series: data.categories.map(function (name, i) {
        return {type: "gauge", min: 0, max: max, center: [((i + 0.5) * 100 / count) + "%", "55%"],
                radius: Math.min(75, 150 / count) + "%", progress: {show: true}, pointer: {show: false},
                axisLabel: {show: count < 4}, splitLine: {show: count < 4},
                title: {offsetCenter: [0, "75%"]}, detail: {offsetCenter: [0, "10%"], fontSize: 20},
                data: [{name: name, value: first.data[i]}]};
      })
    };
  }

  // A pyramid: the categories from the top down, each a layer of the same height that keeps its place, narrowest
  // at the top; the first drawn series' number (e.g. customers in the layer) is the layer's label, not its width.
  function pyramidOption(data) {
    var first = drawn(data)[0];
    var count = data.categories.length;
    var layers = data.categories.map(function (name, i) {
      return {name: name, value: i + 1, number: first.data[i] === null ? "–" : first.data[i]};
    });
    var text = function (item) { return item.name + ": " + item.data.number; };
    return {
      tooltip: {trigger: "item", formatter: text},
      series: [{name: first.name, type: "funnel", sort: "none", min: 0, max: count, minSize: "12%", gap: 2,
                top: 8, bottom: 8, label: {position: "inside", formatter: text}, data: layers}]
    };
  }

  // Flows from the categories (sources, on the left) to the drawn series (targets, on the right): data[i] of a
  // series is what flows from category i to it, e.g. customers moving from one layer to another in a month.
  function sankeyOption(data) {
    var nodes = [], links = [], used = {};
    var node = function (id, name) {
      if (!used[id]) { used[id] = true; nodes.push({name: id, title: name}); }
      return id;
    };
    var titles = {};
    drawn(data).forEach(function (target, t) {
      data.categories.forEach(function (source, s) {
        var value = target.data[s];
        if (value) {
          titles["from" + s] = source;
          titles["to" + t] = target.name;
          links.push({source: node("from" + s, source), target: node("to" + t, target.name), value: value});
        }
      });
    });
    return {
      tooltip: {trigger: "item", formatter: function (item) {
        if (item.dataType === "edge") {
          return titles[item.data.source] + " → " + titles[item.data.target] + ": " + item.data.value;
        }
        return item.data.title + ": " + item.value;
      }},
      series: [{type: "sankey", left: 8, right: 120, top: 8, bottom: 8, nodeAlign: "justify",
                emphasis: {focus: "adjacency"}, lineStyle: {color: "gradient", opacity: 0.4},
                label: {formatter: function (item) { return item.data.title; }}, data: nodes, links: links}]
    };
  }

  function option(element, data) {
    var kind = element.dataset.chart;
    if (kind === "pyramid") { return pyramidOption(data); }
    if (kind === "sankey") { return sankeyOption(data); }
    if (kind === "gauge") { return gaugeOption(data, Number(element.dataset.chartMax || 100)); }
    if (kind === "pie" || kind === "funnel") { return sliceOption(kind, data); }
    return axisOption(kind, data);
  }

  function draw(element, data) {
    var chart = echarts.init(element, null, {locale: locale});
    var settings = option(element, data);
    settings.aria = {enabled: true};
    // ECharts' HTML tooltips carry style="" attributes, which the Content-Security-Policy refuses
    // (docs/security.md); drawn on the canvas as rich text they need none.
    if (settings.tooltip) { settings.tooltip.renderMode = "richText"; }
    chart.setOption(settings);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  // The table of numbers stays; the chart's place says why it is empty.
  function fail(element) {
    element.classList.add("crm-chart-failed");
    element.textContent = element.dataset.chartError || "";
  }

  // RFC 6901: "/a/b" is answer.a.b; "~1" stands for "/" and "~0" for "~" within a name.
  function resolve(answer, pointer) {
    if (!pointer) { return answer; }
    return pointer.split("/").slice(1).reduce(function (part, token) {
      if (part === undefined || part === null) { throw new Error("no " + pointer); }
      return part[token.replace(/~1/g, "/").replace(/~0/g, "~")];
    }, answer);
  }

  function load(element) {
    if (element.dataset.chartSpec) {
      draw(element, JSON.parse(element.dataset.chartSpec));
      return;
    }
    // The chart's names in the page's language: the API would otherwise follow the browser's Accept-Language.
    var headers = {Accept: "application/json"};
    if (document.documentElement.lang) { headers["Accept-Language"] = document.documentElement.lang; }
    fetch(element.dataset.chartUrl, {credentials: "same-origin", headers: headers})
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (answer) { draw(element, resolve(answer, element.dataset.chartPointer)); })
      .catch(function () { fail(element); });
  }

  var charts = document.querySelectorAll(".crm-chart");
  if (typeof echarts === "undefined") {
    charts.forEach(fail);
    return;
  }
  charts.forEach(load);
})();
