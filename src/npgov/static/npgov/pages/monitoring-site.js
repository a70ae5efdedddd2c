/* A monitoring site's page (monitoring/site_detail.html): the series chart of the chosen substance and the
 * location map. The series URL and the labels come from data- attributes of #series-chart. */
(function () {
  "use strict";
  const box = document.getElementById("series-chart");
  const filtersEl = document.getElementById("site-filters");
  const filters = filtersEl ? JSON.parse(filtersEl.textContent) : {};
  const chart = box ? echarts.init(box) : null;
  const labels = box ? {detected: box.dataset.labelDetected, censored: box.dataset.labelCensored} : {};
  function show(row) {
    if (!chart) return;
    const params = new URLSearchParams(Object.assign({}, filters, {substance: row.dataset.substance, matrix: row.dataset.matrix}));
    fetch(box.dataset.seriesUrl + "?" + params).then(r => r.json()).then(data => {
      document.getElementById("series-title").textContent = row.querySelector("td a").textContent + " (" + data.unit + ")";
      chart.setOption({
        animation: false, tooltip: {trigger: "item"}, legend: {data: [labels.detected, labels.censored]},
        grid: {left: 50, right: 20, top: 40, bottom: 40},
        xAxis: {type: "time", axisLabel: {hideOverlap: true, formatter: "{yyyy}-{MM}"}}, yAxis: {type: "value", name: data.unit},
        series: [
          {name: labels.detected, type: "scatter", data: data.detected, symbol: "circle", symbolSize: 7, itemStyle: {color: "#0d6efd"}},
          {name: labels.censored, type: "scatter", data: data.censored, symbol: "triangle", symbolSize: 8, itemStyle: {color: "#ffffff", borderColor: "#dc3545", borderWidth: 1.5}},
        ],
      }, true);
      box.dataset.loaded = "1";
    });
  }
  document.querySelectorAll(".np-show-series").forEach(b => b.addEventListener("click", () => show(b.closest("tr"))));
  const first = document.querySelector("#site-substances tbody tr[data-detected='1']") || document.querySelector("#site-substances tbody tr");
  if (first) show(first);
  // Location: drawn over the shipped district boundaries; a base map only when one is configured.
  const el = document.getElementById("site-map");
  if (!el || !window.NPGovMap) return;
  const map = NPGovMap.create(el, {center: [+el.dataset.lat, +el.dataset.lon], zoom: 10});
  L.circleMarker([+el.dataset.lat, +el.dataset.lon], {radius: 8, color: "#0d6efd"}).addTo(map);
  const areaEl = document.getElementById("site-area");
  const area = areaEl ? JSON.parse(areaEl.textContent || '""') : "";
  if (area) { const layer = L.geoJSON(JSON.parse(area)).addTo(map); map.fitBounds(layer.getBounds(), {maxZoom: 13}); }
})();
