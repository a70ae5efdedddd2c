/* The inventory chart (surveys/inventory.html), from json_script "inventory-data". */
(function () {
  "use strict";
  const source = document.getElementById("inventory-data");
  const el = document.getElementById("inventory-chart");
  if (!source) return;
  let d = JSON.parse(source.textContent);
  if (typeof d === "string") d = JSON.parse(d);  // the view passes the chart as a JSON text
  if (!el || !d.labels.length) { if (el) el.remove(); return; }
  echarts.init(el).setOption({animation: false, tooltip: {}, grid: {left: 160}, xAxis: {type: "value", name: "t/a"},
    yAxis: {type: "category", data: d.labels.slice().reverse()}, series: [{type: "bar", data: d.values.slice().reverse()}]});
})();
