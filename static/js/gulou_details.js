/*
 * Gulou Plan Map: an item's names, tooltip and details, built as DOM nodes.
 *
 * Every value from the data goes in through textContent (or gulou.esc for Leaflet's HTML
 * tooltips), never as markup. Words and vocabulary labels come from the config that
 * webmap/planweb.py plan_config() writes (webmap/i18n.py).
 */
(function (global) {
  "use strict";
  var gulou = (global.gulou = global.gulou || {});
  var details = (gulou.details = gulou.details || {});

  function esc(value) {
    return String(value === null || value === undefined ? "" : value).replace(
      /[&<>"']/g,
      function (c) {
        return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
      }
    );
  }
  gulou.esc = gulou.esc || esc;

  /** The name in the interface language first, the other second. */
  details.names = function (props, lang) {
    var zh = props.name_zh || "", en = props.name_en || "";
    return lang === "en" ? [en || zh, zh] : [zh || en, en];
  };

  /** A label of a vocabulary (status, layer, kind, precision, reason), or the code itself. */
  details.label = function (cfg, vocabulary, code) {
    var labels = (cfg.labels || {})[vocabulary] || {};
    return Object.prototype.hasOwnProperty.call(labels, code) ? labels[code] : String(code || "");
  };

  /** Tooltip HTML (Leaflet takes HTML): both names and the status, escaped. */
  details.tooltip = function (props, cfg) {
    var names = details.names(props, cfg.lang);
    return "<b>" + esc(names[0]) + "</b><br>" + esc(names[1]) + "<br>" +
      esc(details.label(cfg, "status", props.status));
  };

  function word(cfg, key, n) {
    var words = cfg.words || {};
    if (n === 1 && words[key + "_one"]) key = key + "_one";  // "Showing 1 item"
    var text = words[key] || key;
    return n === undefined ? text : text.replace("{n}", String(n));
  }

  /** The plan's (or a document's) words in the language's quotation marks. */
  function quoted(cfg, text) {
    return ((cfg.words || {}).quoted || "「{text}」").replace("{text}", text);
  }
  details.word = word;

  function number(value, digits) {
    return typeof value === "number" && isFinite(value) ? value.toFixed(digits) : null;
  }

  /** The rows [label, value] of an item's details, in the app's order. */
  details.rows = function (props, cfg) {
    var rows = [];
    var sep = word(cfg, "list_sep"), sectionSep = word(cfg, "section_sep");
    var list = function (values, key) {
      return (values || []).map(function (n) { return word(cfg, key, n); }).join(sep);
    };
    if (props.aliases && props.aliases.length) rows.push([word(cfg, "aliases"), props.aliases.join(sep)]);
    rows.push([word(cfg, "kind"), details.label(cfg, "kind", props.kind)]);
    rows.push([word(cfg, "layer"), details.label(cfg, "layer", props.layer)]);
    rows.push([word(cfg, "status"), details.label(cfg, "status", props.status)]);
    if (props.current_date) {  // an update's dated evidence, and the plan's baseline beside it
      rows.push([word(cfg, "current_basis"), word(cfg, "evidence_cited")
        .replace("{quote}", quoted(cfg, props.current_basis || ""))
        .replace("{source}", props.current_document || word(cfg, "plan_text"))
        .replace("{date}", props.current_date)]);
      rows.push([word(cfg, "baseline_status"), details.label(cfg, "status", props.baseline_status)]);
    }
    rows.push([word(cfg, "status_basis"),
      props.status_basis ? quoted(cfg, props.status_basis) : word(cfg, "status_silent")]);
    if (props.status_note) rows.push(["", props.status_note]);
    rows.push([word(cfg, "chapters"), list(props.chapters, "chapter_n")]);
    var sections = (props.subsections || []).concat((props.sections || []).filter(function (s) {
      return !(props.subsections || []).some(function (u) { return u.indexOf(s + ".") === 0; });
    }));
    if (sections.length) {
      var titles = cfg.sectionTitles || {};
      rows.push([word(cfg, "sections"), sections.map(function (code) {
        return titles[code] ? code + " " + titles[code] : code;
      }).join(sectionSep)]);
    }
    if (props.boxes && props.boxes.length) rows.push([word(cfg, "boxes"), list(props.boxes, "box_n")]);
    if (!props.mapped) {
      rows.push([word(cfg, "not_mapped"), details.label(cfg, "reason", props.unmapped_reason)]);
    } else {
      rows.push([word(cfg, "precision"), details.label(cfg, "precision", props.precision)]);
      rows.push([word(cfg, "position_source"), props.position_source || ""]);
      var length = number(props.length_km, 2), area = number(props.area_km2, 2);
      if (length !== null) rows.push([word(cfg, "measured_length"), length + " km"]);
      if (typeof props.stated_length_km === "number") {
        rows.push([word(cfg, "stated_length"), props.stated_length_km + " km"]);
      }
      if (area !== null) rows.push([word(cfg, "measured_area"), area + " km²"]);
    }
    rows.push([word(cfg, "as_of"), props.as_of || ""]);
    return rows;
  };

  /** The details as a DOM element: names as a heading, then one line per row (text only). */
  details.render = function (props, cfg, doc) {
    doc = doc || global.document;
    var box = doc.createElement("div");
    box.className = "gulou-details";
    var names = details.names(props, cfg.lang);
    var title = doc.createElement("div");
    title.className = "gulou-details-name";
    title.textContent = names[0];
    box.appendChild(title);
    if (names[1]) {
      var second = doc.createElement("div");
      second.className = "gulou-details-second";
      second.textContent = names[1];
      box.appendChild(second);
    }
    details.rows(props, cfg).forEach(function (row) {
      var line = doc.createElement("div");
      if (row[0]) {
        var key = doc.createElement("b");
        key.textContent = row[0];
        line.appendChild(key);
        line.appendChild(doc.createTextNode(": "));
      }
      var value = doc.createElement(row[0] ? "span" : "i");
      value.textContent = row[1];
      line.appendChild(value);
      box.appendChild(line);
    });
    return box;
  };
})(window);
