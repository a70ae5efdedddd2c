/* NPGov maps: the shipped administrative boundaries are drawn under every map, so that a map means something
 * without a base map; a tile layer is added only when the deployment configures one (MAP_TILE_URL).
 * Configuration comes from templates/partials/map_support.html (a json_script element "np-map-config").
 * Names and other data are always set with textContent, never as HTML. */
(function () {
  "use strict";

  function config() {
    const el = document.getElementById("np-map-config");
    return el ? JSON.parse(el.textContent) : {boundaries: [], tileUrl: "", tileAttribution: ""};
  }

  function textElement(tag, text, className) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    el.textContent = text;
    return el;
  }

  const CITY_STYLE = {pane: "np-boundaries", color: "#1f6f50", weight: 2.5, fill: false, interactive: false};
  const DISTRICT_STYLE = {pane: "np-boundaries", color: "#4a5d56", weight: 1.2, dashArray: "5 3", fillColor: "#ffffff",
    fillOpacity: 0.6};

  function drawBoundaries(map, urls, attribution) {
    const group = L.featureGroup().addTo(map);
    const labels = [];
    function showLabels() {
      const zoom = map.getZoom();
      labels.forEach(function (l) {
        const el = l.label.getElement();
        if (el) el.style.visibility = zoom >= l.minZoom ? "visible" : "hidden";
      });
    }
    map.on("zoomend", showLabels);
    const loads = (urls || []).map(function (url) {
      return fetch(url).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
        if (!data) return;
        const districts = {type: "FeatureCollection", features: data.features.filter(f => f.properties.level !== "city")};
        const cities = {type: "FeatureCollection", features: data.features.filter(f => f.properties.level === "city")};
        L.geoJSON(districts, {
          pane: "np-boundaries",
          style: function () { return DISTRICT_STYLE; },
          onEachFeature: function (feature, layer) {
            // a name at the district's centre; small urban districts only once zoomed in enough to read them
            const b = layer.getBounds(), size = (b.getNorth() - b.getSouth()) * (b.getEast() - b.getWest());
            const at = feature.properties.label_point;  // [lon, lat] inside the district (pole of inaccessibility)
            const label = L.tooltip({permanent: true, direction: "center", className: "np-district-label"})
              .setLatLng(at ? [at[1], at[0]] : b.getCenter()).setContent(textElement("span", feature.properties.name));
            label.addTo(map);
            labels.push({label: label, minZoom: size < 0.03 ? 10.5 : size < 0.12 ? 9 : 0});
          },
        }).addTo(group);
        L.geoJSON(cities, {pane: "np-boundaries", style: function () { return CITY_STYLE; }}).addTo(group);
        showLabels();
      }).catch(function () { /* boundaries are a backdrop: a map still works without them */ });
    });
    if (attribution && map.attributionControl) map.attributionControl.addAttribution(attribution);
    return Promise.all(loads).then(function () {
      map.getContainer().dataset.boundaries = String(group.getLayers().length);
      return group;
    });
  }

  /** A Leaflet map with the boundaries underneath and the configured base map (if any). */
  function create(element, options) {
    const cfg = config();
    const opts = options || {};
    const map = L.map(element, {zoomSnap: 0.25}).setView(opts.center || [39.2, 121.9], opts.zoom || 8);
    map.createPane("np-boundaries");
    map.getPane("np-boundaries").style.zIndex = 350;  // above tiles (200), below the data (overlayPane 400)
    if (cfg.tileUrl) {
      L.tileLayer(cfg.tileUrl, {attribution: cfg.tileAttribution || "", maxZoom: 18}).addTo(map);
    } else {
      map.getContainer().classList.add("np-map-plain");
    }
    map.npBoundaries = drawBoundaries(map, cfg.boundaries, cfg.boundaryAttribution);
    return map;
  }

  /** Two legend rows for the boundary lines (appended under a map's own legend). */
  function boundaryLegend() {
    const cfg = config();
    const box = document.createElement("div");
    box.className = "np-boundary-legend mt-2 pt-2 border-top";
    [["np-line-city", cfg.legendCity], ["np-line-district", cfg.legendDistrict]].forEach(function (row) {
      const div = document.createElement("div");
      div.append(textElement("span", "", "np-line " + row[0]), row[1] || "");
      box.append(div);
    });
    return box;
  }

  window.NPGovMap = {create: create, textElement: textElement, boundaryLegend: boundaryLegend};
})();
