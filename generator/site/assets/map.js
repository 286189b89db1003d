/* Maps. folium writes each map's set-up into its page (generator/site/maps.py); this file fills the layers from the
   JSON under data/map/, and on service pages loads Leaflet only when the reader asks for the map.
   Names and places come from records written by strangers: they only ever reach the page as textContent,
   never as HTML (Leaflet's bindPopup would parse a string as HTML, so popups get DOM nodes). */
(function () {
  "use strict";

  var CatalogueMap = (window.CatalogueMap = {});
  var loaded = {}; // url -> promise: a data file is fetched once per page, however many popups need it

  function getJSON(url) {
    if (!loaded[url]) {
      loaded[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": HTTP " + response.status);
        return response.json();
      });
    }
    return loaded[url];
  }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    return node;
  }

  // Record text is Danish: on a page in another language it says so (WCAG 3.1.2).
  function record(attrs) {
    attrs = attrs || {};
    if (document.documentElement.lang !== "da") attrs.lang = "da";
    return attrs;
  }

  // An offer in a popup: its name as a link to its page, and the place.
  function card(base, id, name, place) {
    var box = el("div", "", { class: "map-popup" });
    box.appendChild(el("strong")).appendChild(el("a", name, record({ href: base + encodeURIComponent(id) + "/" })));
    if (place) box.appendChild(el("div", place, record()));
    return box;
  }

  function failed(map, message) {
    return function (error) {
      var note = el("p", message, { class: "map-error", role: "status" });
      map.getContainer().insertAdjacentElement("afterend", note);
      if (window.console) console.warn(error);
    };
  }

  function undelta(deltas) {
    var out = new Array(deltas.length);
    for (var i = 0, value = 0; i < deltas.length; i++) out[i] = value += deltas[i];
    return out;
  }

  // The overview: coordinates only; a popup fetches its chunk of names when it opens.
  function overviewMarkers(group, data, source) {
    var lat = undelta(data.lat);
    var lon = undelta(data.lon);
    var markers = new Array(lat.length);
    function open(event) {
      var i = event.target.options.point;
      var k = Math.floor(i / data.chunk);
      getJSON(source.chunks + k + ".json").then(
        function (rows) {
          var row = rows[i - k * data.chunk];
          event.popup.setContent(card(source.base, row[0], row[1], row[2]));
        },
        function () {
          event.popup.setContent(el("div", source.error));
        }
      );
    }
    for (var i = 0; i < lat.length; i++) {
      markers[i] = L.marker([lat[i] / data.scale, lon[i] / data.scale], { alt: source.alt, point: i });
      markers[i].bindPopup(source.loading).on("popupopen", open);
    }
    group.addLayers(markers);
  }

  // A municipality: its outline, its offers' points with names, and the bounds to show.
  function localMarkers(group, data, source, map) {
    if (data.outline) {
      L.geoJSON(data.outline, { interactive: false, style: { color: "#2f3a8f", weight: 2, fill: false } }).addTo(map);
    }
    if (data.bounds) map.fitBounds(data.bounds, { padding: [10, 10], maxZoom: 14 });
    group.addLayers(
      data.points.map(function (p) {
        var service = data.services[p[2]];
        return L.marker([p[0], p[1]], { alt: service[1] }).bindPopup(function () {
          return card(source.base, service[0], service[1], p[3]);
        });
      })
    );
  }

  CatalogueMap.cluster = function (map, source, options) {
    var group = L.markerClusterGroup(options);
    getJSON(source.url)
      .then(function (data) {
        (data.lat ? overviewMarkers : localMarkers)(group, data, source, map);
      })
      .catch(failed(map, source.error));
    return group;
  };

  function areaCard(source, area) {
    var box = el("div", "", { class: "map-popup" });
    box.appendChild(el("strong")).appendChild(el("a", area[1], { href: source.base + encodeURIComponent(area[0]) + "/" }));
    box.appendChild(el("div", source.count.replace("{n}", area[2])));
    return box;
  }

  function drawAreas(group, data, source, shapes) {
    var byCode = {};
    data.areas.forEach(function (area) {
      byCode[area[0]] = area;
    });
    function style(area) {
      return { color: "#555", weight: 1, fillColor: data.colours[area[3]], fillOpacity: 0.75 };
    }
    if (shapes) {
      L.geoJSON(shapes, {
        filter: function (feature) {
          return byCode[feature.properties.code] !== undefined;
        },
        style: function (feature) {
          return style(byCode[feature.properties.code]);
        },
        onEachFeature: function (feature, layer) {
          layer.bindPopup(function () {
            return areaCard(source, byCode[feature.properties.code]);
          });
        },
      }).addTo(group);
      return;
    }
    // Without boundaries: a circle at each municipality's centre, its area growing with the count.
    data.areas.forEach(function (area) {
      var options = style(area);
      options.radius = 4 + Math.sqrt(area[2]);
      L.circleMarker([area[4], area[5]], options)
        .bindPopup(function () {
          return areaCard(source, area);
        })
        .addTo(group);
    });
  }

  // Offers per municipality, fetched the first time the layer is shown.
  CatalogueMap.areas = function (map, source) {
    var group = L.featureGroup();
    group.once("add", function () {
      getJSON(source.url)
        .then(function (data) {
          if (!data.shapes) return drawAreas(group, data, source, null);
          return getJSON(source.shapes).then(function (shapes) {
            drawAreas(group, data, source, shapes);
          });
        })
        .catch(failed(map, source.error));
    });
    return group;
  };

  function load(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var node = el(tag, "", attrs);
      node.onload = resolve;
      node.onerror = reject;
      document.head.appendChild(node);
    });
  }

  // Service pages: Leaflet is not small, so it comes only when the reader presses "Show map". The map waits for
  // the stylesheet as well as the script: Leaflet finds its marker images through the stylesheet, and with the
  // script first it asked for assets/vendormarker-icon.png.
  function loadLeaflet(vendor) {
    if (window.L) return Promise.resolve();
    return Promise.all([
      load("link", { rel: "stylesheet", href: vendor + "leaflet.css" }),
      load("script", { src: vendor + "leaflet.js" }),
    ]);
  }

  function showSmallMap(box) {
    var container = box.querySelector(".map");
    container.hidden = false;
    var map = L.map(container, { scrollWheelZoom: false, fadeAnimation: false });
    L.tileLayer(box.getAttribute("data-tiles"), {
      attribution: box.getAttribute("data-attribution"),
      maxZoom: 19,
    }).addTo(map);
    var markers = JSON.parse(box.getAttribute("data-points")).map(function (p) {
      return L.marker([p[0], p[1]], { alt: p[2] }).bindPopup(function () {
        return el("div", p[2], record());
      });
    });
    var group = L.featureGroup(markers).addTo(map);
    map.fitBounds(group.getBounds(), { padding: [20, 20], maxZoom: 15 });
    container.focus();
  }

  function lazyMaps() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-lazy-map]"), function (box) {
      var button = box.querySelector("button");
      button.hidden = false;
      button.addEventListener("click", function () {
        button.disabled = true;
        loadLeaflet(box.getAttribute("data-vendor")).then(
          function () {
            button.hidden = true;
            showSmallMap(box);
          },
          function () {
            button.disabled = false;
          }
        );
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", lazyMaps);
  else lazyMaps();
})();
