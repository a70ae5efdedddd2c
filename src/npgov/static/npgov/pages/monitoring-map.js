/* The monitoring map (monitoring/map.html). The data URL and the labels come from data- attributes of
 * #monitoring-map; site codes and names are set as text (textContent), never as HTML. */
(function () {
  "use strict";
  const mapEl = document.getElementById("monitoring-map");
  if (!mapEl || !window.NPGovMap) return;
  const cfg = mapEl.dataset;
  const dataUrl = cfg.dataUrl;
  const noData = cfg.labelNoData;
  const text = NPGovMap.textElement;
  const map = NPGovMap.create("monitoring-map");
  const layer = L.layerGroup().addTo(map);
  // low → high; even the lowest class stands out on a plain background
  const colours = ["#fdd49e", "#fdae61", "#f46d43", "#d73027", "#7f0000"];
  function colourOf(value, lo, hi) {
    if (value === null || value === undefined) return "#9e9e9e";
    const t = hi > lo ? (value - lo) / (hi - lo) : 1;
    return colours[Math.min(colours.length - 1, Math.floor(t * colours.length))];
  }
  function fmt(v, statistic) { if (v === null || v === undefined) return noData; return statistic === "detection_frequency" ? (100 * v).toFixed(0) + "%" : (+v).toPrecision(3); }
  function dot(colour) { const d = text("span", "● "); d.style.color = colour; return d; }
  function legendRow(colour, label) { const row = document.createElement("div"); row.append(dot(colour), label); return row; }
  function siteLink(s) { const a = text("a", s.code + " " + s.name); a.href = s.url; return a; }
  function load() {
    const params = new URLSearchParams(new FormData(document.getElementById("map-filters")));
    const bySubstance = !!params.get("substance");
    fetch(dataUrl + "?" + params).then(r => r.json()).then(data => {
      layer.clearLayers();
      const values = data.sites.map(s => s.value).filter(v => v !== null && v !== undefined);
      const lo = values.length ? Math.min(...values) : 0, hi = values.length ? Math.max(...values) : 1;
      const bounds = [], list = document.getElementById("map-list");
      list.replaceChildren();
      data.sites.forEach(s => {
        const c = bySubstance ? colourOf(s.value, lo, hi) : "#0d6efd";
        const m = L.circleMarker([s.lat, s.lon], {radius: window.innerWidth < 576 ? 6 : 9, color: "#212529", weight: 1.5, fillColor: c, fillOpacity: 0.95});
        const box = document.createElement("div");
        box.append(siteLink(s), text("div", s.kind));
        if (bySubstance) box.append(text("div", data.label + ": " + fmt(s.value, data.statistic) + " (n=" + s.n + ")"));
        m.bindPopup(box).addTo(layer); bounds.push([s.lat, s.lon]);
        const li = document.createElement("li"); li.className = "list-group-item py-1";
        li.append(dot(c), siteLink(s));
        list.appendChild(li);
      });
      document.getElementById("map-count").textContent = data.sites.length;
      if (bounds.length) map.fitBounds(bounds, {padding: [40, 40], maxZoom: 11, animate: false});
      document.getElementById("map-legend-title").textContent = bySubstance ? data.label : cfg.labelSites;
      const legend = document.getElementById("map-legend");
      legend.replaceChildren();
      if (bySubstance && values.length) {
        if (hi > lo) {
          colours.forEach((c, i) => legend.append(legendRow(c, fmt(lo + (hi - lo) * i / colours.length, data.statistic) + " – " + fmt(lo + (hi - lo) * (i + 1) / colours.length, data.statistic))));
        } else {
          legend.append(legendRow(colours[colours.length - 1], fmt(hi, data.statistic)));
        }
        legend.append(legendRow("#9e9e9e", noData));
      } else {
        legend.append(legendRow("#0d6efd", cfg.labelSite));
        legend.append(text("div", cfg.labelChoose, "text-body-secondary mt-1"));
      }
      legend.append(NPGovMap.boundaryLegend());
      document.getElementById("map-method").textContent = data.method || "";
      mapEl.dataset.loaded = data.sites.length;
    });
  }
  document.querySelectorAll("#map-filters select, #map-filters input").forEach(el => el.addEventListener("change", load));
  load();
})();
