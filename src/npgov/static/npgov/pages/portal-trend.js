/* The public trend chart (portal/statistics/_trend_script.html), from json_script "portal-trend-data". */
(function () {
  "use strict";
  const el = document.getElementById("portal-trend");
  const source = document.getElementById("portal-trend-data");
  if (!el || !source) return;
  const t = JSON.parse(source.textContent);
  const hasKm = t.km.some(function (v) { return v !== null; });
  const series = [{name: t.labels.df, type: "bar", data: t.df, yAxisIndex: 0, itemStyle: {color: "#fc8d59"}}];
  const yAxis = [{type: "value", name: "%", min: 0, max: 100}];
  if (hasKm) {
    series.push({name: t.labels.km + (t.unit ? " (" + t.unit + ")" : ""), type: "line", data: t.km, yAxisIndex: 1, connectNulls: false, symbolSize: 8, itemStyle: {color: "#1f6f50"}});
    yAxis.push({type: "value", name: t.unit, scale: true});
  }
  const chart = echarts.init(el, null, {renderer: "svg"});
  chart.setOption({
    animation: false, tooltip: {trigger: "axis", renderMode: "richText"}, legend: {top: 0, left: 0},
    grid: {left: 40, right: hasKm ? 50 : 10, top: 56, bottom: 30}, xAxis: {type: "category", data: t.years},
    yAxis: yAxis, series: series,
  });
  window.addEventListener("resize", function () { chart.resize(); });
  el.dataset.years = String(t.years.length);
})();
