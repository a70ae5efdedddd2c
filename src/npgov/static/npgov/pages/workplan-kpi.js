/* A KPI's values over time (workplan/kpi_detail.html), from json_script "kpi-data". */
(function () {
  "use strict";
  const source = document.getElementById("kpi-data");
  const box = document.getElementById("kpi-chart");
  if (!source || !box) return;
  let data = JSON.parse(source.textContent);
  if (typeof data === "string") data = JSON.parse(data);  // the view passes the chart as a JSON text
  if (!data.periods.length) return;
  const chart = echarts.init(box);
  chart.setOption({
    animation: false, tooltip: {trigger: "axis"}, legend: {type: "scroll"},
    xAxis: {type: "category", data: data.periods},
    yAxis: {type: "value"},
    series: data.series.map((s, i) => Object.assign({type: "line", connectNulls: true}, s,
      i === 0 ? {markLine: {symbol: "none", data: [{yAxis: data.target, name: "target"}], lineStyle: {type: "dashed"}}} : {})),
  });
})();
