/*
 * Gulou Plan Map: the view in the URL and the item filters, as the app has them.
 *
 * URL parameters (pages/_urlstate.py): ch chapters, sec sections/专栏, st statuses, ly map
 * layers, k kinds (comma lists), q search, f selected id, lang (zh default, en). Filters: OR
 * within one, AND across; an empty filter selects all (layers/plan.py filter_items). A
 * section or 专栏 implies its chapter. Unknown values are dropped and reported.
 */
(function (global) {
  "use strict";
  var gulou = (global.gulou = global.gulou || {});
  var filter = (gulou.filter = gulou.filter || {});

  var LISTS = [["ch", "chapters"], ["sec", "sections"], ["st", "statuses"], ["ly", "layers"],
    ["k", "kinds"]];
  var MAX_QUERY = 60;

  /** An empty view. */
  filter.empty = function () {
    return { chapters: [], sections: [], statuses: [], layers: [], kinds: [], query: "",
      selected: null, lang: "zh" };
  };

  /**
   * Read a view from a query string. `vocab` gives the allowed codes in order:
   * {chapters, sections, statuses, layers, kinds, ids, sectionChapter: {code: n}}.
   * Returns {view, notices: [[param, value]]}.
   */
  filter.parse = function (search, vocab) {
    var params = new URLSearchParams(search || "");
    var view = filter.empty(), notices = [];
    var lang = params.get("lang");
    if (lang === "en" || lang === "zh") view.lang = lang;
    else if (lang) notices.push(["lang", lang]);
    LISTS.forEach(function (pair) {
      var all = params.getAll(pair[0]);
      var raw = all.length ? all[all.length - 1] : "";
      var given = raw.split(",").map(function (v) { return v.trim(); }).filter(Boolean);
      var allowed = vocab[pair[1]].map(String);
      given.forEach(function (v) { if (allowed.indexOf(v) < 0) notices.push([pair[0], v]); });
      view[pair[1]] = allowed.filter(function (code) { return given.indexOf(code) >= 0; });
    });
    view.chapters = view.chapters.map(Number);
    view.sections.forEach(function (code) {
      var n = vocab.sectionChapter[code];
      if (n && view.chapters.indexOf(n) < 0) view.chapters.push(n);
    });
    view.chapters.sort(function (a, b) { return a - b; });
    var query = (params.get("q") || "").trim();
    if (query.length > MAX_QUERY) { notices.push(["q", query.slice(MAX_QUERY)]); query = query.slice(0, MAX_QUERY); }
    view.query = query;
    var selected = (params.get("f") || "").trim();
    if (selected && vocab.ids.indexOf(selected) < 0) { notices.push(["f", selected]); selected = ""; }
    view.selected = selected || null;
    return { view: view, notices: notices };
  };

  /** The view as a query string, defaults left out (the app's ViewState.to_params). */
  filter.toSearch = function (view) {
    var parts = [];
    var add = function (key, value) {
      if (value) parts.push(key + "=" + encodeURIComponent(value).replace(/%2C/g, ","));
    };
    LISTS.forEach(function (pair) { add(pair[0], view[pair[1]].join(",")); });
    add("q", view.query);
    add("f", view.selected || "");
    add("lang", view.lang === "zh" ? "" : view.lang);
    return parts.length ? "?" + parts.join("&") : "";
  };

  function any(values, wanted) {
    for (var i = 0; i < values.length; i++) if (wanted.indexOf(values[i]) >= 0) return true;
    return false;
  }

  /** The section, subsection and 专栏 (box3) codes that name an item. */
  filter.sectionCodes = function (props) {
    return (props.sections || []).concat(props.subsections || [],
      (props.boxes || []).map(function (b) { return "box" + b; }));
  };

  /** Does the item's name, English name, id or an alias contain `query` (any case)? */
  filter.found = function (props, query) {
    var needle = String(query || "").trim().toLowerCase();
    if (!needle) return true;
    return [props.name_zh, props.name_en, props.id].concat(props.aliases || [])
      .some(function (name) { return String(name || "").toLowerCase().indexOf(needle) >= 0; });
  };

  /** Does the item pass every filter of `view` (except the one named `skip`)? */
  filter.matches = function (props, view, skip) {
    if (skip !== "chapters" && view.chapters.length && !any(props.chapters || [], view.chapters)) return false;
    if (skip !== "sections" && view.sections.length && !any(filter.sectionCodes(props), view.sections)) return false;
    if (skip !== "statuses" && view.statuses.length && view.statuses.indexOf(props.status) < 0) return false;
    if (skip !== "layers" && view.layers.length && view.layers.indexOf(props.layer) < 0) return false;
    if (skip !== "kinds" && view.kinds.length && view.kinds.indexOf(props.kind) < 0) return false;
    return filter.found(props, view.query);
  };

  /** The items `view` selects. */
  filter.select = function (items, view) {
    return items.filter(function (props) { return filter.matches(props, view); });
  };

  /** For each value of one filter: how many items it would show with the other filters. */
  filter.facet = function (items, view, name) {
    var counts = {};
    items.forEach(function (props) {
      if (!filter.matches(props, view, name)) return;
      var values = name === "chapters" ? props.chapters || []
        : name === "sections" ? filter.sectionCodes(props)
          : [props[{ statuses: "status", layers: "layer", kinds: "kind" }[name]]];
      values.forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
    });
    return counts;
  };
})(window);
