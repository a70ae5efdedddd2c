/* A complaint's place (portal/complaints/detail.html): a marker and the "nearby" circle (data-radius-km). */
(function () {
  "use strict";
  const el = document.getElementById("complaint-map");
  if (!el || !window.NPGovMap) return;
  const at = [+el.dataset.lat, +el.dataset.lon];
  const map = NPGovMap.create(el, {center: at, zoom: 13});
  L.marker(at).addTo(map);
  const radius = +el.dataset.radiusKm;
  if (isFinite(radius) && radius > 0) L.circle(at, {radius: radius * 1000, color: "#dc3545", weight: 1, fill: false}).addTo(map);
})();
