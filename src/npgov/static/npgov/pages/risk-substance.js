/* One substance of a risk run (risk/run_substance.html): RQ by site, from json_script "profile-data". */
(function () {
  "use strict";
  const source = document.getElementById("profile-data");
  const box = document.getElementById("profile-chart");
  if (!source || !box) return;
  const data = JSON.parse(source.textContent);
  if (!data.length) { box.textContent = "—"; return; }
  const colours = {"high": "#dc3545", "cannot conclude": "#fd7e14", "medium": "#ffc107", "low": "#198754"};
  const chart = echarts.init(box);
  chart.setOption({
    animation: false, tooltip: {trigger: "item"}, grid: {left: 60, right: 20, top: 20, bottom: 80},
    xAxis: {type: "category", data: data.map(d => d.site), axisLabel: {rotate: 60, fontSize: 10}},
    yAxis: {type: "log", name: "RQ"},
    series: [{type: "bar", data: data.map(d => ({value: Math.max(d.rq, 1e-6), itemStyle: {color: d.upper ? "#ffffff" : colours[d.category], borderColor: colours[d.category], borderWidth: 1.5}})),
              markLine: {symbol: "none", lineStyle: {type: "dashed"}, data: [{yAxis: 1}, {yAxis: 0.1}]}}],
  });
  box.dataset.loaded = "1";
})();
