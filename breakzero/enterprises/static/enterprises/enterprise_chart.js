// Enterprise detail: revenue and R&D expense (bars, 万元) and R&D intensity (line, %) per year.
// Data comes from {{ chart|json_script:"enterprise-chart-data" }}; no inline script (CSP).
(function () {
  "use strict";

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function tooltip(params) {
    var lines = [escapeHtml(params[0].axisValue)];
    params.forEach(function (p) {
      var value = p.value === null || p.value === undefined ? "—" : p.value;
      lines.push(p.marker + escapeHtml(p.seriesName) + "：" + escapeHtml(value));
    });
    return lines.join("<br>");
  }

  function draw() {
    var holder = document.getElementById("enterprise-chart");
    var source = document.getElementById("enterprise-chart-data");
    if (!holder || !source || typeof echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var chart = echarts.init(holder);
    chart.setOption({
      tooltip: { trigger: "axis", formatter: tooltip },
      legend: { data: [data.labels.revenue, data.labels.rd_expense, data.labels.rd_intensity] },
      xAxis: { type: "category", data: data.years },
      yAxis: [{ type: "value", name: data.labels.ten_thousand_yuan || "万元" }, { type: "value", name: "%", splitLine: { show: false } }],
      series: [
        { name: data.labels.revenue, type: "bar", data: data.revenue },
        { name: data.labels.rd_expense, type: "bar", data: data.rd_expense },
        { name: data.labels.rd_intensity, type: "line", yAxisIndex: 1, data: data.rd_intensity, connectNulls: false }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
