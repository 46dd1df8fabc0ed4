/*
 * Gulou Plan Map: the plan's legend section and the 「当前显示 N 项」 count.
 *
 * The legend section (status markers, the colours of the layers on the map now, the
 * schematic dash) joins the base map's legend when there is one (webmap/basemap.py Legend),
 * else it is its own control. The count is a small control of its own. Labels go in as
 * textContent; the marker SVGs are the config's own markup (webmap/styles.py), never data.
 */
(function (global) {
  "use strict";
  var L = global.L;
  var gulou = (global.gulou = global.gulou || {});
  var legend = (gulou.legend = gulou.legend || {});

  function row(doc, swatch, text) {
    var div = doc.createElement("div");
    div.className = "gulou-legend-row";
    div.appendChild(swatch);
    var span = doc.createElement("span");
    span.textContent = text;
    div.appendChild(span);
    return div;
  }

  function svgSwatch(doc, markup) {
    var holder = doc.createElement("span");
    holder.className = "gulou-legend-swatch";
    holder.innerHTML = markup; // config markup from webmap/styles.py, not data
    return holder;
  }

  function lineSwatch(doc, colour, dash) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = doc.createElementNS(ns, "svg");
    svg.setAttribute("width", "28");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    var line = doc.createElementNS(ns, "line");
    [["x1", 2], ["y1", 8], ["x2", 26], ["y2", 8], ["stroke-width", dash ? 2 : 4],
      ["stroke-linecap", "round"]].forEach(function (a) { line.setAttribute(a[0], a[1]); });
    line.setAttribute("stroke", gulou.colour ? gulou.colour(colour, "#555555") : colour);
    if (dash) line.setAttribute("stroke-dasharray", dash);
    svg.appendChild(line);
    return svg;
  }

  /**
   * The plan section of the legend. `update(layers)` redraws it for the layer codes shown.
   */
  legend.planSection = function (map, cfg) {
    var doc = global.document;
    var section = doc.createElement("div");
    section.className = "gulou-plan-legend";
    var host = map.getContainer().querySelector(".gulou-legend details");
    if (host) {
      host.appendChild(section);
    } else {
      var control = L.control({ position: "bottomleft" });
      control.onAdd = function () {
        var div = L.DomUtil.create("div", "gulou-legend leaflet-bar");
        var details = L.DomUtil.create("details", "", div);
        if (map.getSize().x >= 640) details.setAttribute("open", "");
        var summary = L.DomUtil.create("summary", "", details);
        summary.textContent = cfg.words.legend;
        details.appendChild(section);
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
      };
      control.addTo(map);
    }
    function update(layers) {
      while (section.firstChild) section.removeChild(section.firstChild);
      var title = doc.createElement("h4");
      title.textContent = cfg.words.plan_legend;
      section.appendChild(title);
      Object.keys(cfg.markers).forEach(function (status) {
        section.appendChild(row(doc, svgSwatch(doc, gulou.plan.markerSvg(cfg, status, cfg.legendSize)),
          gulou.details.label(cfg, "status", status)));
      });
      cfg.layers.forEach(function (pair) {
        if (layers.indexOf(pair[0]) < 0) return;
        section.appendChild(row(doc, lineSwatch(doc, pair[1]), gulou.details.label(cfg, "layer", pair[0])));
      });
      section.appendChild(row(doc, lineSwatch(doc, "#555555", cfg.schematicDash),
        gulou.details.label(cfg, "precision", "schematic")));
      if (cfg.vicinityDash) {
        section.appendChild(row(doc, lineSwatch(doc, "#555555", cfg.vicinityDash),
          gulou.details.label(cfg, "precision", "vicinity")));
      }
    }
    update([]);
    return { element: section, update: update };
  };

  /** The count line as a map control; `update(n)` sets 「当前显示 N 项」 / "Showing N items". */
  legend.countControl = function (map, cfg) {
    var box = null;
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      box = L.DomUtil.create("div", "gulou-count leaflet-bar");
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");  // screen readers hear the new count
      return box;
    };
    control.addTo(map);
    return {
      element: box,
      update: function (n) { box.textContent = gulou.details.word(cfg, "showing", n); },
    };
  };
})(window);
