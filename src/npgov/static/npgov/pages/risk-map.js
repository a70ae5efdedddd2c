/* The risk map of a run (risk/run_map.html): points from json_script "risk-points", labels from data-
 * attributes of #risk-map. Site codes and names are set as text, never as HTML. */
(function () {
  "use strict";
  const mapEl = document.getElementById("risk-map");
  if (!mapEl || !window.NPGovMap) return;
  const colours = {"high": "#dc3545", "cannot conclude": "#fd7e14", "medium": "#ffc107", "low": "#198754"};
  const NONE = "#adb5bd";
  const points = JSON.parse(document.getElementById("risk-points").textContent);
  const labelsEl = document.getElementById("risk-category-labels");
  const labels = labelsEl ? JSON.parse(labelsEl.textContent) : {};
  const text = NPGovMap.textElement;
  const map = NPGovMap.create("risk-map");
  const layer = L.layerGroup().addTo(map);
  const select = document.getElementById("risk-substance");
  const notAssessed = mapEl.dataset.labelNotAssessed;
  const upperBound = mapEl.dataset.labelUpperBound;
  const measure = mapEl.dataset.measure || "RQ";
  function draw() {
    const cas = select ? select.value : "";
    layer.clearLayers();
    const list = document.getElementById("risk-map-list");
    list.replaceChildren();
    let shown = 0;
    points.forEach(p => {
      let category = p.category, label = p.label, detail = p.max_rq ? measure + " " + p.max_rq.toPrecision(3) : "";
      if (cas) {
        const entry = (p.by_substance || {})[cas];
        if (entry) {
          category = entry[0]; label = labels[category] || category;
          detail = entry[1] === null || entry[1] === undefined ? "" : "RQ " + (entry[2] ? "≤ " : "") + (+entry[1]).toPrecision(3) + (entry[2] ? " (" + upperBound + ")" : "");
        } else { category = null; label = notAssessed; detail = ""; }
      }
      const colour = category ? colours[category] : NONE;
      const marker = L.circleMarker([p.lat, p.lon], {radius: window.innerWidth < 576 ? 6 : 8, color: "#333", weight: 1, fillColor: colour, fillOpacity: 0.9}).addTo(layer);
      const a = text("a", p.code + " " + p.name); a.href = p.url;
      const box = document.createElement("div"); box.appendChild(a);
      const high = !cas && p.high && p.high.length ? " · RQ ≥ 1: " + p.high.join(", ") : "";
      box.appendChild(text("div", label + (detail ? " · " + detail : "") + high));
      marker.bindPopup(box);
      const li = document.createElement("li"); li.className = "list-group-item"; li.dataset.category = category || "";
      const dot = text("span", "", "np-dot"); dot.style.background = colour;
      li.append(dot, p.code + " " + p.name + " · " + label + (detail ? " · " + detail : ""));
      list.appendChild(li);
      if (category) shown += 1;
    });
    document.getElementById("risk-map-count").textContent = shown;
    const none = document.getElementById("risk-legend-none");
    if (none) none.hidden = !cas;
    const basis = document.getElementById("risk-legend-basis");
    if (basis) basis.textContent = cas ? basis.dataset.one : basis.dataset.all;
    mapEl.dataset.substance = cas;
  }
  document.getElementById("risk-legend-lines").append(NPGovMap.boundaryLegend());
  const bounds = points.map(p => [p.lat, p.lon]);
  if (bounds.length) map.fitBounds(bounds, {padding: [40, 40], maxZoom: 11, animate: false});
  if (select) select.addEventListener("change", draw);
  draw();
  mapEl.dataset.ready = "1";
})();
