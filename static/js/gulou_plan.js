/*
 * Gulou Plan Map: the plan items, drawn once from one static file and then only shown/hidden.
 *
 *   var plan = gulou.plan.create(map, config, layerControl);  // config: webmap/planweb.py
 *   plan.load(url);            // fetched once (URL carries a content hash), or plan.addData(fc)
 *   plan.show({ids: [...], count: n, selected: id});   // what a filter change sends
 *   plan.show(null);           // every item
 *
 * Each item becomes its Leaflet layers once (markers with the status shape, lines and areas
 * with the style the file carries); a view only moves layers in and out of one group per map
 * layer. A click fires "gulou:itemclick" {id} on the map (and opens a details popup when the
 * config asks for popups). Modules: gulou_details.js (text), gulou_legend.js (legend, count).
 */
(function (global) {
  "use strict";
  var L = global.L;
  var gulou = (global.gulou = global.gulou || {});
  var plan = (gulou.plan = gulou.plan || {});

  /** Number of items loaded, for tests and benchmarks (null until the data is in). */
  gulou.planLoaded = null;

  function isPoint(geometry) {
    return geometry.type === "Point" || geometry.type === "MultiPoint";
  }

  function pointsOf(geometry) {
    return geometry.type === "Point" ? [geometry.coordinates] : geometry.coordinates;
  }

  /**
   * The marker SVG of a status (config markup from webmap/styles.py marker_svg, not data) at
   * `size` pixels; `selected` gives it the config's selected outline.
   */
  plan.markerSvg = function (cfg, status, size, selected) {
    var svg = cfg.markers[status] || cfg.markers.existing;
    svg = svg.replace(/ width="\d+" height="\d+"/, ' width="' + size + '" height="' + size + '"');
    if (selected) {
      svg = svg.replace(/ stroke="[^"]*" stroke-width="[^"]*"/,
        ' stroke="' + cfg.selectedStroke[0] + '" stroke-width="' + cfg.selectedStroke[1] + '"');
    }
    return svg;
  };

  function Plan(map, cfg, control) {
    this.map = map;
    this.cfg = cfg;
    this.control = control || null;
    this.items = {};
    this.order = [];
    this.groups = {};
    this.pending = undefined;
    this.current = null;
    var self = this;
    cfg.layers.forEach(function (pair) {
      self.groups[pair[0]] = L.featureGroup().addTo(map);
    });
    this.selection = L.layerGroup().addTo(map);
    this.legend = gulou.legend.planSection(map, cfg);
    this.count = gulou.legend.countControl(map, cfg);
    map.gulouPlan = this;
  }

  Plan.prototype.marker = function (id, props, lonlat) {
    var size = this.cfg.markerSize;
    var status = this.cfg.markers[props.status] ? props.status : "existing";
    return L.marker([lonlat[1], lonlat[0]], {
      icon: L.divIcon({
        html: this.cfg.markers[status], // config markup (webmap/styles.py), not data
        iconSize: [size, size],
        iconAnchor: [size / 2, size / 2],
        className: "plan-marker plan-" + status,
      }),
    });
  };

  Plan.prototype.layersOf = function (props, geometry) {
    var self = this;
    if (!geometry) return [];
    if (isPoint(geometry)) {
      return pointsOf(geometry).map(function (c) { return self.marker(props.id, props, c); });
    }
    var highlight = this.cfg.highlightStyle;
    var style = L.extend({}, props.style || {});
    var path = L.geoJSON(geometry, { style: function () { return style; } });
    var layers = path.getLayers();
    layers.forEach(function (layer) {
      layer.on("mouseover", function () { layer.setStyle(highlight); });
      layer.on("mouseout", function () { layer.setStyle(style); });
    });
    if (props.centre) layers.push(this.marker(props.id, props, props.centre));
    return layers;
  };

  /** Build every item's layers (once). `data` is the GeoJSON FeatureCollection of the items. */
  Plan.prototype.addData = function (data) {
    if (!data || data.type !== "FeatureCollection" || !Array.isArray(data.features)) {
      throw new Error("gulou.plan: not a GeoJSON FeatureCollection");
    }
    var self = this, cfg = this.cfg, paths = [], points = [];
    data.features.forEach(function (feature) {
      var props = feature.properties || {};
      if (!props.id || self.items[props.id]) return;
      var layers = self.layersOf(props, feature.geometry);
      var label = accessibleName(props, cfg);
      layers.forEach(function (layer) {
        // streamlit-folium reports a click as the clicked layer's toGeoJSON(): its id
        layer.feature = { type: "Feature", properties: { id: props.id } };
        layer.bindTooltip(gulou.details.tooltip(props, cfg), { sticky: !(layer instanceof L.Marker) });
        layer.on("click", function () { self.clicked(props.id, layer); });
        accessible(layer, label);
      });
      self.items[props.id] = { props: props, geometry: feature.geometry, layers: layers };
      var area = feature.geometry && /Polygon/.test(feature.geometry.type);
      (feature.geometry && !isPoint(feature.geometry) ? paths : points).push([area, props.id]);
    });
    // areas under lines, larger first by id order as before; points last (their own pane)
    paths.sort(function (a, b) {
      return a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : (a[0] ? -1 : 1);
    });
    this.order = paths.concat(points).map(function (p) { return p[1]; });
    this.loaded = true;
    gulou.planLoaded = data.features.length;
    this.map.fire("gulou:planloaded", { count: data.features.length });
    if (this.pending !== undefined) this.show(this.pending);
    return this;
  };

  /** An item's accessible name in the interface language: name, kind and status. */
  function accessibleName(props, cfg) {
    var det = gulou.details;
    return det.word(cfg, "marker_label")
      .replace("{name}", det.names(props, cfg.lang)[0])
      .replace("{kind}", det.label(cfg, "kind", props.kind))
      .replace("{status}", det.label(cfg, "status", props.status));
  }

  /**
   * Make a clickable layer's element a keyboard button named `label` (set each time Leaflet
   * adds it): Enter or Space fires the layer's "click", so every click handler (details,
   * streamlit-folium's report) runs exactly as for a pointer click.
   */
  function accessible(layer, label) {
    layer.on("add", function () {
      var el = layer.getElement && layer.getElement();
      if (!el || el.gulouA11y) return;
      el.gulouA11y = true;
      el.setAttribute("aria-label", label);
      el.setAttribute("role", "button");
      el.setAttribute("tabindex", "0");
      if (!(layer instanceof L.Marker)) L.DomUtil.addClass(el, "gulou-plan-shape");
      L.DomEvent.on(el, "keydown", function (e) {
        if (e.key !== "Enter" && e.key !== " " && e.key !== "Spacebar") return;
        L.DomEvent.stop(e);  // no page scroll, no second click from Leaflet's keypress
        var at = layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
        layer.fire("click", { latlng: at, originalEvent: e });
      });
    });
  }

  Plan.prototype.load = function (url) {
    var self = this;
    return gulou.fetchData(url)
      .then(function (data) { self.addData(data); })
      .catch(function (err) {
        gulou.planFailed = String(err);
        if (global.console) global.console.error("plan items (" + url + "):", err);
      });
  };

  Plan.prototype.clicked = function (id, layer) {
    var item = this.items[id];
    if (this.cfg.popups && item) {
      L.popup({ maxWidth: 360 })
        .setLatLng(layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter())
        .setContent(gulou.details.render(item.props, this.cfg))
        .openOn(this.map);
    }
    this.map.fire("gulou:itemclick", { id: id });
  };

  /** The ids of every item, in the file's order (for the static site's filters). */
  Plan.prototype.all = function () {
    var self = this;
    return Object.keys(this.items).map(function (id) { return self.items[id].props; });
  };

  /**
   * Show the items `view.ids` (null: all), say `view.count` items are selected and
   * emphasise `view.selected`. Before the data is in, the view waits for it.
   */
  Plan.prototype.show = function (view) {
    if (!this.loaded) {
      this.pending = view;
      if (view) this.count.update(view.count);
      return;
    }
    this.pending = undefined;
    var self = this, wanted = null, counts = {}, onStops = false;
    if (view && view.ids) {
      wanted = {};
      view.ids.forEach(function (id) { wanted[id] = true; });
    }
    Object.keys(this.groups).forEach(function (code) { self.groups[code].clearLayers(); });
    this.order.forEach(function (id) {
      if (wanted && !wanted[id]) return;
      var item = self.items[id], group = self.groups[item.props.layer];
      if (!group || !item.layers.length) return;
      item.layers.forEach(function (layer) { group.addLayer(layer); });
      counts[item.props.layer] = (counts[item.props.layer] || 0) + 1;
      if (item.props.cites_stop) onStops = true;
    });
    var count = view && typeof view.count === "number" ? view.count : Object.keys(this.items).length;
    this.credit(onStops);
    this.count.update(count);
    this.legend.update(Object.keys(counts));
    this.updateControl(counts);
    this.select(view ? view.selected : null);
    this.current = view;
    this.map.fire("gulou:planshown", { count: count });
  };

  /**
   * Credit the AMap bus stops while a shown item's position rests on one (the sources' terms:
   * the stops are cited, never drawn). Leaflet escapes nothing here: the credit is our config.
   */
  Plan.prototype.credit = function (shown) {
    var credit = this.cfg.stopCredit, attribution = this.map.attributionControl;
    if (!credit || !attribution || shown === !!this.crediting) return;
    if (shown) attribution.addAttribution(gulou.esc(credit));
    else attribution.removeAttribution(gulou.esc(credit));
    this.crediting = shown;
  };

  /** The plan's map layers in the layer control, named with their counts (escaped). */
  Plan.prototype.updateControl = function (counts) {
    var self = this;
    if (!this.control) return;
    this.cfg.layers.forEach(function (pair) {
      self.control.removeLayer(self.groups[pair[0]]);
    });
    this.cfg.layers.forEach(function (pair) {
      var code = pair[0];
      if (!counts[code]) return;
      var name = gulou.details.label(self.cfg, "layer", code) + " (" + counts[code] + ")";
      self.control.addOverlay(self.groups[code], gulou.esc(name));
    });
  };

  /** Draw the item `id` emphasised (a larger marker, or a thick dark outline). */
  Plan.prototype.select = function (id) {
    this.selection.clearLayers();
    var item = id ? this.items[id] : null;
    if (!item || !item.geometry) return;
    var cfg = this.cfg, size = cfg.selectedSize, status = item.props.status;
    if (isPoint(item.geometry)) {
      var at = pointsOf(item.geometry)[0];
      this.selection.addLayer(L.marker([at[1], at[0]], {
        icon: L.divIcon({
          html: plan.markerSvg(cfg, status, size, true),
          iconSize: [size, size],
          iconAnchor: [size / 2, size / 2],
          className: "plan-selected",
        }),
        zIndexOffset: 1000,
        interactive: false,
        keyboard: false,
      }));
    } else {
      this.selection.addLayer(L.geoJSON(item.geometry, {
        style: function () { return cfg.selectedStyle; },
        interactive: false,
      }));
    }
  };

  plan.create = function (map, cfg, control) {
    plan.last = new Plan(map, cfg, control);
    return plan.last;
  };

  /**
   * A layer whose adding shows `view` on the map's plan: what streamlit-folium evaluates on
   * a filter change (webmap/planweb.py PlanView). Removing it changes nothing: the next view
   * replaces it.
   */
  plan.view = function (map, view) {
    var layer = new L.Layer();
    layer.onAdd = function () {
      if (map.gulouPlan) map.gulouPlan.show(view);
      return this;
    };
    layer.onRemove = function () { return this; };
    return layer;
  };
})(window);
