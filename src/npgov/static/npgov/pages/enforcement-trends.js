/* Product test pass rates over time (enforcement/products/trends.html): data from json_script "trend-data". */
(function () {
  "use strict";
  const source = document.getElementById("trend-data");
  const box = document.getElementById("trend-chart");
  if (!source || !box) return;
  const data = JSON.parse(source.textContent);
  if (!data.periods.length) return;
  const chart = echarts.init(box);
  chart.setOption({
    animation: false, tooltip: {trigger: "axis", valueFormatter: (v) => (v === null || v === undefined ? "—" : v + " %")},
    legend: {type: "scroll"}, xAxis: {type: "category", data: data.periods},
    yAxis: {type: "value", min: 0, max: 100, axisLabel: {formatter: "{value} %"}},
    series: data.series.map((s, i) => ({name: s.name, type: "line", connectNulls: true, data: s.data,
      lineStyle: i === data.series.length - 1 ? {width: 3, type: "dashed"} : undefined})),
  });
  window.addEventListener("resize", () => chart.resize());
})();
