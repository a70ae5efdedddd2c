/* The public monitoring map (portal/statistics/_map_script.html), from json_script "portal-map-data".
 * Names are set as text (textContent), never as HTML. */
(function () {
  "use strict";
  const source = document.getElementById("portal-map-data");
  if (!source || !document.getElementById("portal-map") || !window.NPGovMap) return;
  const data = JSON.parse(source.textContent);
  const text = NPGovMap.textElement;
  const map = NPGovMap.create("portal-map");
  const L_ = data.labels;
  // share of results with a detect: 0 %, up to 25 %, 50 %, 75 %, above; grey without results
  const classes = [[0, "#fee8c8", "0%"], [0.25, "#fdbb84", "≤ 25%"], [0.5, "#fc8d59", "25–50%"], [0.75, "#e34a33", "50–75%"], [1.01, "#b30000", "> 75%"]];
  function colour(df) {
    if (df === null || df === undefined) return "#9e9e9e";
    if (df === 0) return classes[0][1];
    for (let i = 1; i < classes.length; i++) if (df <= classes[i][0]) return classes[i][1];
    return classes[classes.length - 1][1];
  }
  function pct(v) { return v === null || v === undefined ? L_.none : (100 * v).toFixed(0) + "%"; }
  const bounds = [];
  data.sites.forEach(function (s) {
    const m = L.circleMarker([s.lat, s.lon], {radius: window.innerWidth < 576 ? 7 : 9, color: "#212529", weight: 1.5, fillColor: colour(s.df), fillOpacity: 0.95});
    const box = document.createElement("div");
    box.append(text("strong", s.name), text("div", s.kind + " · " + s.district));
    box.append(text("div", L_.results + ": " + s.n + " · " + L_.df + ": " + pct(s.df)));
    if (data.by_substance && s.km !== null && s.km !== undefined) box.append(text("div", L_.km + ": " + (+s.km).toPrecision(3) + " " + data.unit));
    const a = text("a", L_.district);
    const params = new URLSearchParams(window.location.search);
    params.set("district", s.district_code); params.delete("page");
    a.href = "?" + params.toString();
    box.append(a);
    m.bindPopup(box).addTo(map);
    bounds.push([s.lat, s.lon]);
  });
  if (bounds.length) map.fitBounds(bounds, {padding: [30, 30], maxZoom: 11, animate: false});
  const legend = document.getElementById("portal-map-legend");
  legend.append(text("span", L_.legend + ": ", "me-1"));
  classes.forEach(function (c) { const d = text("span", "● ", ""); d.style.color = c[1]; const w = document.createElement("span"); w.className = "me-2 text-nowrap"; w.append(d, c[2]); legend.append(w); });
  const g = text("span", "● "); g.style.color = "#9e9e9e"; const w = document.createElement("span"); w.className = "me-2 text-nowrap"; w.append(g, L_.none); legend.append(w);
  legend.append(NPGovMap.boundaryLegend());
  document.getElementById("portal-map").dataset.sites = String(data.sites.length);
})();
