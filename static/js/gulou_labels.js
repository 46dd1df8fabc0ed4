/*
 * Gulou Plan Map: name labels (static/labels/labels.geojson, built by layers/labels.py).
 *
 * Labels are real text in the page (one <div> each in a Leaflet pane), so they can be read
 * out, selected, searched and printed as text. On every zoom and move they are placed again,
 * greedily by priority (the plan's structure first): a label that would overlap one already
 * placed, or leave the map, is left out, so more appear as one zooms in. Point labels try four
 * places around their point; line labels are written along the visible part of their line.
 */
(function (global) {
  "use strict";
  var L = global.L;
  var gulou = (global.gulou = global.gulou || {});
  var PAD = 2; // pixels kept free around each label

  function esc(value) {
    return String(value === null || value === undefined ? "" : value).replace(
      /[&<>"']/g,
      function (c) {
        return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
      }
    );
  }

  /* A label's box: centre, half sizes (grown by PAD) and angle. Boxes turned along a line are
     compared as turned rectangles (separating axes), not by their much larger upright bounds. */
  function box(x, y, w, h, angle) {
    return { x: x, y: y, hw: w / 2 + PAD, hh: h / 2 + PAD, a: angle || 0 };
  }

  function corners(b) {
    var c = Math.cos(b.a), s = Math.sin(b.a);
    return [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(function (k) {
      var dx = k[0] * b.hw, dy = k[1] * b.hh;
      return [b.x + dx * c - dy * s, b.y + dx * s + dy * c];
    });
  }

  function separated(a, b) {
    var ca = corners(a), cb = corners(b);
    var axes = [a.a, a.a + Math.PI / 2, b.a, b.a + Math.PI / 2];
    for (var i = 0; i < axes.length; i++) {
      var ux = Math.cos(axes[i]), uy = Math.sin(axes[i]);
      var pa = ca.map(function (p) { return p[0] * ux + p[1] * uy; });
      var pb = cb.map(function (p) { return p[0] * ux + p[1] * uy; });
      if (Math.max.apply(null, pa) <= Math.min.apply(null, pb) ||
          Math.max.apply(null, pb) <= Math.min.apply(null, pa)) return true;
    }
    return false;
  }

  function overlaps(a, list) {
    for (var i = 0; i < list.length; i++) {
      if (!separated(a, list[i])) return true;
    }
    return false;
  }

  function inside(b, view) {
    return corners(b).every(function (p) {
      return p[0] >= view.x0 && p[1] >= view.y0 && p[0] <= view.x1 && p[1] <= view.y1;
    });
  }

  function lineParts(geometry) {
    if (geometry.type === "LineString") return [geometry.coordinates];
    if (geometry.type === "MultiLineString") return geometry.coordinates;
    return [];
  }

  /** Runs of consecutive projected vertices inside the view, longest first. */
  function visibleRuns(map, geometry, view) {
    var runs = [];
    lineParts(geometry).forEach(function (coords) {
      var run = [];
      coords.forEach(function (c) {
        var p = map.latLngToLayerPoint([c[1], c[0]]);
        if (p.x > view.x0 && p.x < view.x1 && p.y > view.y0 && p.y < view.y1) {
          run.push(p);
        } else if (run.length) {
          runs.push(run);
          run = [];
        }
      });
      if (run.length) runs.push(run);
    });
    return runs
      .filter(function (run) {
        return run.length > 1; // a single vertex on screen has no direction
      })
      .map(function (run) {
        var lengths = [0];
        for (var i = 1; i < run.length; i++) {
          lengths.push(lengths[i - 1] + run[i].distanceTo(run[i - 1]));
        }
        return { points: run, lengths: lengths, length: lengths[lengths.length - 1] };
      })
      .sort(function (a, b) {
        return b.length - a.length;
      });
  }

  function pointAt(run, distance) {
    var i = 1;
    while (i < run.points.length - 1 && run.lengths[i] < distance) i++;
    var a = run.points[i - 1], b = run.points[i];
    var span = run.lengths[i] - run.lengths[i - 1] || 1;
    var f = Math.max(0, Math.min(1, (distance - run.lengths[i - 1]) / span));
    return L.point(a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f);
  }

  /** Where a line label goes: centre and angle of the middle of the longest visible run. */
  function linePlaces(map, geometry, view, w) {
    var places = [];
    visibleRuns(map, geometry, view).forEach(function (run) {
      if (run.length < w * 1.1) return;
      [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9].forEach(function (f) {
        var mid = run.length * f;
        if (mid - w / 2 < 0 || mid + w / 2 > run.length) return;
        var a = pointAt(run, mid - w / 2), b = pointAt(run, mid + w / 2);
        var angle = Math.atan2(b.y - a.y, b.x - a.x);
        if (angle > Math.PI / 2) angle -= Math.PI;
        if (angle < -Math.PI / 2) angle += Math.PI;
        places.push({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, angle: angle });
      });
    });
    return places;
  }

  function pointPlaces(p, w, h, centred) {
    if (centred) {
      // An area's name: at its label point, else nudged up or down by a line or two.
      return [0, -1, 1, -2, 2].map(function (k) {
        return { x: p.x, y: p.y + k * (h + 2), angle: 0 };
      });
    }
    var gap = 11, dx = gap + w / 2, dy = gap + h / 2;
    return [
      { x: p.x + dx, y: p.y, angle: 0 },
      { x: p.x - dx, y: p.y, angle: 0 },
      { x: p.x, y: p.y - dy, angle: 0 },
      { x: p.x, y: p.y + dy, angle: 0 },
      { x: p.x + dx - gap / 2, y: p.y - dy + gap / 2, angle: 0 },
      { x: p.x + dx - gap / 2, y: p.y + dy - gap / 2, angle: 0 },
      { x: p.x - dx + gap / 2, y: p.y - dy + gap / 2, angle: 0 },
      { x: p.x - dx + gap / 2, y: p.y + dy - gap / 2, angle: 0 },
      // A crowded place: a line further up or down, still beside the point.
      { x: p.x + dx, y: p.y + 2 * dy, angle: 0 },
      { x: p.x + dx, y: p.y - 2 * dy, angle: 0 },
      { x: p.x - dx, y: p.y + 2 * dy, angle: 0 },
      { x: p.x - dx, y: p.y - 2 * dy, angle: 0 },
    ];
  }

  var CENTRED = { zone: true, neighbour: true };

  /**
   * Draw the labels of a FeatureCollection on ``map``.
   *
   * cfg: {lang: "zh"|"en", pane: pane name, zIndex: number (default 610: above the markers,
   * whose clicks pass through, below tooltips and popups)}.
   */
  gulou.labels = function (map, cfg, data) {
    var paneName = cfg.pane || "gulou-names";
    var pane = map.getPane(paneName) || map.createPane(paneName);
    pane.style.zIndex = String(cfg.zIndex || 610);
    pane.style.pointerEvents = "none";
    L.DomUtil.addClass(pane, "leaflet-zoom-hide");
    L.DomUtil.addClass(map.getContainer(), "gulou-labelled");
    var features = (data.features || []).filter(function (f) {
      return f && f.geometry && f.properties;
    });
    features.sort(function (a, b) {
      return a.properties.priority - b.properties.priority;
    });
    var state = (gulou.labelState = { shown: [], total: features.length });

    function place() {
      pane.innerHTML = "";
      // Smaller type when the whole district is in a small map (phones, side-by-side panes).
      var far = map.getZoom() < 13.5;
      L.DomUtil[far ? "addClass" : "removeClass"](pane, "gulou-names-far");
      var size = map.getSize();
      var tl = map.containerPointToLayerPoint([0, 0]);
      var view = { x0: tl.x + 2, y0: tl.y + 2, x1: tl.x + size.x - 2, y1: tl.y + size.y - 2 };
      var zoom = map.getZoom();
      // The 新八景 points stay uncovered: no label (an axis name included) is written over one.
      var placed = features
        .filter(function (f) {
          return f.properties.kind === "new_eight" && f.geometry.type === "Point";
        })
        .map(function (f) {
          var c = f.geometry.coordinates;
          var p = map.latLngToLayerPoint([c[1], c[0]]);
          return box(p.x, p.y, 8, 8, 0);
        });
      // Nor is a label written under a control (legend, title box, buttons, credits).
      var origin = map.getContainer().getBoundingClientRect();
      var controls = map.getContainer().querySelectorAll(".leaflet-control");
      Array.prototype.forEach.call(controls, function (el) {
        var r = el.getBoundingClientRect();
        if (!r.width || !r.height) return;
        var c = map.containerPointToLayerPoint([
          r.left - origin.left + r.width / 2,
          r.top - origin.top + r.height / 2,
        ]);
        placed.push(box(c.x, c.y, r.width, r.height, 0));
      });
      var shown = [];
      var later = []; // line labels too long for their line: tried upright after their rank

      function tryPlace(f, upright) {
        var p = f.properties;
        var text = cfg.lang === "en" ? p.text_en || p.text_zh : p.text_zh || p.text_en;
        if (!text || shown.indexOf(text) >= 0) return true;
        var el = L.DomUtil.create("div", "gulou-name gulou-name-" + esc(p.kind), pane);
        el.innerHTML = esc(text);
        var w = el.offsetWidth, h = el.offsetHeight;
        var places;
        if (p.placement === "line" && !upright) {
          places = linePlaces(map, f.geometry, view, w);
        } else if (p.placement === "line") {
          var runs = visibleRuns(map, f.geometry, view);
          places = runs.length ? pointPlaces(pointAt(runs[0], runs[0].length / 2), w, h) : [];
        } else {
          var c = f.geometry.coordinates;
          places = pointPlaces(map.latLngToLayerPoint([c[1], c[0]]), w, h, CENTRED[p.kind]);
        }
        for (var i = 0; i < places.length; i++) {
          var q = places[i];
          var b = box(q.x, q.y, w, h, q.angle);
          if (!inside(b, view) || overlaps(b, placed)) continue;
          placed.push(b);
          shown.push(text);
          el.style.left = q.x - w / 2 + "px";
          el.style.top = q.y - h / 2 + "px";
          if (q.angle) el.style.transform = "rotate(" + q.angle + "rad)";
          return true;
        }
        pane.removeChild(el);
        return false;
      }

      function flush(rank) {
        later = later.filter(function (f) {
          if (rank !== undefined && f.properties.priority >= rank) return true;
          tryPlace(f, true);
          return false;
        });
      }

      features.forEach(function (f) {
        var p = f.properties;
        if (zoom < (p.min_zoom || 0)) return;
        flush(p.priority);
        if (!tryPlace(f, false) && p.placement === "line") later.push(f);
      });
      flush();
      state.shown = shown;
    }

    // A label problem must never stop the rest of the page (legend, plan layers) from drawing.
    function safePlace() {
      try {
        place();
      } catch (err) {
        gulou.labelsFailed = String(err);
      }
    }
    map.on("zoomend moveend viewreset resize", safePlace);
    state.redraw = safePlace;
    safePlace();
    // Once more after the page's other controls (legend, title box) have been added.
    global.setTimeout(safePlace, 0);
    return { redraw: safePlace };
  };

  /** Fetch the labels (once; the URL carries a content hash) and draw them. */
  gulou.loadLabels = function (map, cfg, url) {
    // gulou.fetchData (gulou_base.js) also loads data shipped as a script, which a page opened
    // from file:// (the static site) can read where fetch() is refused.
    var load = gulou.fetchData ? gulou.fetchData(url) : fetch(url).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    });
    load
      .then(function (data) {
        gulou.labels(map, cfg, data);
      })
      .catch(function (err) {
        gulou.labelsFailed = String(err);
      });
  };
})(window);
