/*
 * Gulou Plan Map: the vector base layers, fetched from /app/static/base (layers/webmap.py).
 *
 * The page itself only says which layer to draw and how; the GeoJSON is fetched once and then
 * served from the browser cache (the URL carries a content hash), so a Streamlit rerun sends a
 * few hundred bytes per base layer instead of the data. Every text from the data is escaped
 * before it reaches HTML (tooltips and labels are HTML in Leaflet).
 */
(function (global) {
  "use strict";
  var L = global.L;
  var gulou = (global.gulou = global.gulou || {});

  /** Feature count of each loaded base layer, by key (read by the browser tests). */
  gulou.loaded = gulou.loaded || {};
  /** Base layers that failed to load, by key, with the reason. */
  gulou.failed = gulou.failed || {};
  var requests = {};

  gulou.esc = function (value) {
    return String(value === null || value === undefined ? "" : value).replace(
      /[&<>"']/g,
      function (c) {
        return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
      }
    );
  };

  /** A CSS hex colour from the data, or the fallback (data never reaches a style unchecked). */
  gulou.colour = function (value, fallback) {
    return /^#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?$/.test(String(value)) ? value : fallback;
  };

  function nameOf(props, lang) {
    if (lang === "en" && props.name_en) return props.name_en;
    return props.name || props.name_en || "";
  }

  function textList(value) {
    if (Array.isArray(value)) return value.join(", ");
    return value === null || value === undefined ? "" : String(value);
  }

  /** Panes keep the base in a fixed order below the plan layers (overlayPane, z 400). */
  gulou.setup = function (map, cfg) {
    L.DomUtil.addClass(map.getContainer(), "gulou-map");
    cfg.panes.forEach(function (pane) {
      if (!map.getPane(pane[0])) map.createPane(pane[0]).style.zIndex = String(pane[1]);
    });
    if (cfg.labelPane) map.getPane(cfg.labelPane).style.pointerEvents = "none";
    L.control.scale({ imperial: false, maxWidth: 160 }).addTo(map);
    // Without animation: the first view is final, before any layer or label is placed.
    if (cfg.fit) map.fitBounds(cfg.fit, { padding: cfg.fitPadding || [0, 0], animate: false });
  };

  /* Where to write a neighbour's name: inside the part of it that is on screen, so the label
     stays visible (and moves along) rather than sitting at the far-away centre of a large
     county. Computed in Web Mercator metres. */
  function ringArea(points) {
    var area = 0;
    for (var i = 0, j = points.length - 1; i < points.length; j = i++) {
      area += (points[j].x + points[i].x) * (points[j].y - points[i].y);
    }
    return area / 2;
  }

  function ringCentroid(points) {
    var a = 0, x = 0, y = 0;
    for (var i = 0, j = points.length - 1; i < points.length; j = i++) {
      var f = points[j].x * points[i].y - points[i].x * points[j].y;
      a += f;
      x += (points[j].x + points[i].x) * f;
      y += (points[j].y + points[i].y) * f;
    }
    return a === 0 ? null : L.point(x / (3 * a), y / (3 * a));
  }

  function inRing(p, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      if ((ring[i].y > p.y) !== (ring[j].y > p.y) &&
          p.x < ((ring[j].x - ring[i].x) * (p.y - ring[i].y)) / (ring[j].y - ring[i].y) + ring[i].x) {
        inside = !inside;
      }
    }
    return inside;
  }

  /* The centroid when it lies inside the (possibly L-shaped) ring, else the grid point inside
     the ring that is nearest to it. */
  function interiorPoint(ring) {
    var centre = ringCentroid(ring);
    if (!centre) return null;
    if (inRing(centre, ring)) return centre;
    var box = L.bounds(ring), best = null, bestDist = Infinity, n = 12;
    for (var i = 1; i < n; i++) {
      for (var j = 1; j < n; j++) {
        var p = L.point(box.min.x + (box.max.x - box.min.x) * i / n,
          box.min.y + (box.max.y - box.min.y) * j / n);
        var d = p.distanceTo(centre);
        if (d < bestDist && inRing(p, ring)) { best = p; bestDist = d; }
      }
    }
    return best;
  }

  gulou.labelPoint = function (geometry, bounds) {
    if (!geometry || !bounds) return null;
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates]
      : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    var crs = L.CRS.EPSG3857;
    var box = L.bounds(crs.project(bounds.getSouthWest()), crs.project(bounds.getNorthEast()));
    var best = null, bestArea = 0;
    polygons.forEach(function (polygon) {
      var ring = polygon[0].map(function (c) { return crs.project(L.latLng(c[1], c[0])); });
      var clipped = L.PolyUtil.clipPolygon(ring, box);
      var area = clipped.length > 2 ? Math.abs(ringArea(clipped)) : 0;
      if (area > bestArea) {
        var at = interiorPoint(clipped);
        if (at) { bestArea = area; best = at; }
      }
    });
    return best ? crs.unproject(best) : null;
  };

  /* One builder per base layer kind: Leaflet options for L.geoJSON, from the style config
     that layers/webmap.py sends. `group` returns the layer itself (for labels). */
  var kinds = {
    district: function (cfg, group) {
      return {
        style: function () { return cfg.style; },
        interactive: false,
        onEachFeature: function (feature) {
          // a soft band under the line reads as a boundary, not as one more red metro line
          group().addLayer(L.geoJSON(feature, {
            style: cfg.halo, pane: cfg.pane, interactive: false, className: "gulou-district-halo",
          }));
        },
      };
    },
    neighbours: function (cfg, group, map) {
      var labels = [];
      function place(item) {
        var at = gulou.labelPoint(item.geometry, map.getBounds().pad(-0.1));
        if (at) item.marker.setLatLng(at);
        item.marker.setOpacity(at ? 1 : 0);
      }
      map.on("moveend", function () { labels.forEach(place); });
      return {
        style: function () { return cfg.style; },
        interactive: false,
        onEachFeature: function (feature) {
          var label = nameOf(feature.properties || {}, cfg.lang);
          if (!label) return;
          var item = {
            geometry: feature.geometry,
            marker: L.marker(map.getCenter(), {
              icon: L.divIcon({ className: "gulou-label", html: gulou.esc(label), iconSize: null }),
              pane: cfg.labelPane, interactive: false, keyboard: false,
            }),
          };
          labels.push(item);
          place(item);
          group().addLayer(item.marker);
        },
      };
    },
    roads: function (cfg) {
      return {
        interactive: false,
        style: function (feature) {
          var cls = String((feature.properties || {}).highway || "").replace(/_link$/, "");
          return cfg.classes[cls] || cfg.other;
        },
      };
    },
    metro_lines: function (cfg) {
      return {
        style: function (feature) {
          var colour = gulou.colour((feature.properties || {}).colour, cfg.style.color);
          return L.extend({}, cfg.style, { color: colour });
        },
        onEachFeature: function (feature, layer) {
          var props = feature.properties || {};
          var label = props.name || (props.line ? cfg.linePrefix + props.line : "");
          if (label) layer.bindTooltip(gulou.esc(label), { sticky: true });
        },
      };
    },
    metro_stations: function (cfg) {
      return {
        pointToLayer: function (feature, latlng) {
          var inside = (feature.properties || {}).in_district !== false;
          return L.circleMarker(latlng, L.extend({ pane: cfg.pane, className: "gulou-station" },
            inside ? cfg.inside : cfg.outside));
        },
        onEachFeature: function (feature, layer) {
          var props = feature.properties || {};
          var html = "<b>" + gulou.esc(nameOf(props, cfg.lang)) + "</b>";
          var lines = textList(props.lines);
          if (lines) html += "<br>" + gulou.esc(cfg.linesLabel + lines);
          layer.bindTooltip(html, { direction: "top", offset: [0, -4] });
        },
      };
    },
  };

  gulou.baseLayer = function (map, kind, cfg) {
    if (!kinds[kind]) throw new Error("gulou.baseLayer: unknown kind " + kind);
    var layer = null;
    var options = kinds[kind](cfg, function () { return layer; }, map);
    options.pane = cfg.pane;
    options.className = "gulou-" + kind.replace(/_/g, "-");
    if (cfg.attribution) options.attribution = cfg.attribution;
    layer = L.geoJSON(null, options);
    return layer;
  };

  gulou.addData = function (map, layer, key, data) {
    if (!data || data.type !== "FeatureCollection" || !Array.isArray(data.features)) {
      throw new Error("not a GeoJSON FeatureCollection");
    }
    layer.addData(data);
    gulou.loaded[key] = data.features.length;
    map.fire("gulou:baseloaded", { key: key, count: data.features.length });
  };

  function notice(map, text) {
    if (!map.gulouNotice) {
      map.gulouNotice = L.control({ position: "bottomright" });
      map.gulouNotice.onAdd = function () {
        return L.DomUtil.create("div", "gulou-notice leaflet-bar");
      };
      map.gulouNotice.addTo(map);
    }
    var line = L.DomUtil.create("div", "", map.gulouNotice.getContainer());
    line.textContent = text;
  }

  /* Data shipped as a script (`gulou.provide("name", {...})` in name.js): what a page opened
     from file:// can load, where fetch() is refused. */
  gulou.provided = gulou.provided || {};
  gulou.provide = function (name, data) { gulou.provided[name] = data; };

  function loadScript(url) {
    var name = url.split("?")[0].split("/").pop().replace(/\.js$/, "");
    return new Promise(function (resolve, reject) {
      var script = global.document.createElement("script");
      script.src = url;
      script.onload = function () {
        if (gulou.provided[name]) resolve(gulou.provided[name]);
        else reject(new Error(url + " provided no data"));
      };
      script.onerror = function () { reject(new Error("could not load " + url)); };
      global.document.head.appendChild(script);
    });
  }

  /** The JSON data at `url` (once per URL): fetched, or loaded as a script for `.js` URLs. */
  gulou.fetchData = function (url) {
    if (!requests[url]) {
      // force-cache: the URL names the content (?v=hash), so a cached copy is never stale.
      requests[url] = /\.js(\?|$)/.test(url) ? loadScript(url)
        : fetch(url, { cache: "force-cache", credentials: "same-origin" })
          .then(function (response) {
            if (!response.ok) throw new Error("HTTP " + response.status);
            return response.json();
          });
      requests[url].catch(function () { delete requests[url]; });
    }
    return requests[url];
  };

  gulou.load = function (map, layer, key, url, failText) {
    return gulou.fetchData(url)
      .then(function (data) { gulou.addData(map, layer, key, data); })
      .catch(function (err) {
        gulou.failed[key] = String(err);
        if (global.console) global.console.error("base layer " + key + " (" + url + "):", err);
        notice(map, failText + " " + key + ": " + err.message);
      });
  };
})(window);
