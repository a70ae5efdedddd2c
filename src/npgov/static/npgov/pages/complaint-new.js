/* The complaint form's map (portal/complaints/new.html): tap to mark the place. The ids of the latitude and
 * longitude fields come from data- attributes of #complaint-map, the labels from json_script. */
(function () {
  "use strict";
  const el = document.getElementById("complaint-map");
  const labelsEl = document.getElementById("complaint-map-labels");
  if (!window.NPGovMap || !el || !labelsEl) return;
  const labels = JSON.parse(labelsEl.textContent);
  const lat = document.getElementById(el.dataset.latField);
  const lon = document.getElementById(el.dataset.lonField);
  const text = document.getElementById("complaint-point-text");
  const clear = document.getElementById("complaint-clear-point");
  const map = NPGovMap.create(el, {center: [38.95, 121.6], zoom: 9});
  let marker = null;
  function mark(latlng, pan) {
    const la = Math.round(latlng.lat * 1e5) / 1e5, lo = Math.round(latlng.lng * 1e5) / 1e5;
    lat.value = la; lon.value = lo;
    if (marker) marker.setLatLng([la, lo]); else marker = L.marker([la, lo]).addTo(map);
    text.textContent = labels.marked + " " + la + ", " + lo;
    clear.hidden = false;
    if (pan) map.setView([la, lo], Math.max(map.getZoom(), 13));
  }
  map.on("click", function (e) { mark(e.latlng, false); });
  if (lat.value && lon.value && isFinite(+lat.value) && isFinite(+lon.value)) mark({lat: +lat.value, lng: +lon.value}, true);
  clear.addEventListener("click", function () {
    lat.value = ""; lon.value = "";
    if (marker) { map.removeLayer(marker); marker = null; }
    text.textContent = labels.hint; clear.hidden = true;
  });
  document.getElementById("complaint-locate").addEventListener("click", function () {
    if (!navigator.geolocation) { text.textContent = labels.noLocation; return; }
    navigator.geolocation.getCurrentPosition(
      function (p) { mark({lat: p.coords.latitude, lng: p.coords.longitude}, true); },
      function () { text.textContent = labels.noLocation; }, {timeout: 10000});
  });
})();
