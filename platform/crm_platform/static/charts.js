/* Draws every <div class="crm-chart" data-chart="bar|line|pie|funnel|gauge" data-chart-url="/api/v1/..."> (or
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

  function option(element, data) {
    var kind = element.dataset.chart;
    if (kind === "gauge") { return gaugeOption(data, Number(element.dataset.chartMax || 100)); }
    if (kind === "pie" || kind === "funnel") { return sliceOption(kind, data); }
    return axisOption(kind, data);
  }

  function draw(element, data) {
    var chart = echarts.init(element, null, {locale: locale});
    var settings = option(element, data);
    settings.aria = {enabled: true};
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
