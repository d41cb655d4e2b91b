/* Progress dashboard charts: trend with target line, sub-region ranking, Hunan map (no inline script: CSP). */
(function () {
  "use strict";
  var charts = [];
  var geoCache = {};

  function readData() {
    var node = document.getElementById("progress-data");
    return node ? JSON.parse(node.textContent) : null;
  }

  function drillTo(code) {
    var params = new URLSearchParams(window.location.search);
    params.set("region", code);
    window.location.search = params.toString();
  }

  function label(data, key, fallback) {
    return data.labels && data.labels[key] ? data.labels[key] : fallback;
  }

  function trend(el, data) {
    var actual = label(data, "actual", "实际值");
    var target = label(data, "target", "目标值");
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: [actual, target] },
      xAxis: { type: "category", data: data.years.map(String) },
      yAxis: { type: "value", name: data.unit },
      series: [
        { name: actual, type: "line", data: data.actual, connectNulls: false },
        { name: target, type: "line", data: data.target, lineStyle: { type: "dashed" }, connectNulls: true }
      ]
    });
    return chart;
  }

  function monthly(el, data) {
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: label(data, "months", ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"]) },
      yAxis: { type: "value", name: data.unit },
      series: [{ name: label(data, "in_month", "当月"), type: "bar", data: data.months }]
    });
    chart.on("click", function (p) {
      var url = el.getAttribute("data-records-url") + "&month=" + (p.dataIndex + 1);
      window.location.href = url;
    });
    return chart;
  }

  function ranking(el, data) {
    var rows = data.ranking.slice().reverse();
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 110 },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: rows.map(function (r) { return r.name; }) },
      series: [{ type: "bar", data: rows.map(function (r) { return { value: r.value, code: r.code }; }) }]
    });
    chart.on("click", function (p) { if (p.data && p.data.code) { drillTo(p.data.code); } });
    return chart;
  }

  function drawMap(el, data, geo) {
    var name = "hunan-" + data.map_code;
    if (!echarts.getMap(name)) { echarts.registerMap(name, geo); }
    var values = data.ranking.map(function (r) { return { name: r.name, value: r.value, code: r.code }; });
    if (data.highlight) {
      values = geo.features.map(function (f) {
        return { name: f.properties.name, value: f.properties.code === data.highlight ? 1 : 0, code: f.properties.code };
      });
    }
    var numbers = values.map(function (v) { return v.value || 0; });
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "item", formatter: function (p) { return p.name + "：" + (p.value == null || isNaN(p.value) ? "—" : p.value); } },
      visualMap: { min: 0, max: Math.max.apply(null, numbers.concat([1])), calculable: true, left: "left", bottom: 0,
                   inRange: { color: ["#e8f1fb", "#1f6fb2"] } },
      series: [{ type: "map", map: name, roam: false, data: values, label: { show: false } }]
    });
    chart.on("click", function (p) { if (p.data && p.data.code && !data.highlight) { drillTo(p.data.code); } });
    el.setAttribute("data-map-ready", "1");
    return chart;
  }

  function map(el, data) {
    var url = el.getAttribute("data-geo-url") + data.map_code + ".json";
    if (geoCache[url]) { charts.push(drawMap(el, data, geoCache[url])); return; }
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (geo) {
      geoCache[url] = geo;
      charts.push(drawMap(el, data, geo));
    });
  }

  function init() {
    charts.forEach(function (c) { c.dispose(); });
    charts = [];
    var data = readData();
    if (!data || typeof echarts === "undefined") { return; }
    var el = document.getElementById("trend-chart");
    if (el) { charts.push(trend(el, data)); }
    el = document.getElementById("monthly-chart");
    if (el && data.months.length) { charts.push(monthly(el, data)); }
    el = document.getElementById("ranking-chart");
    if (el) { charts.push(ranking(el, data)); }
    el = document.getElementById("map-chart");
    if (el) { map(el, data); }
  }

  document.addEventListener("DOMContentLoaded", init);
  document.body && document.body.addEventListener("htmx:afterSettle", init);
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
