/*
 * Gulou Plan Map, static public site: the filter panel, details and permalinks around the map.
 *
 *   gulou.site.start({zh: siteConfig, en: siteConfig}, lang)   // webmap/site.py writes both
 *
 * The map, the plan items, the legend and the count are the shared front-end
 * (gulou_plan.js, gulou_legend.js, gulou_details.js); filters and URL are gulou_filter.js.
 * Every text goes into the page through textContent.
 */
(function (global) {
  "use strict";
  var gulou = (global.gulou = global.gulou || {});
  var site = (gulou.site = gulou.site || {});
  var doc = global.document;

  function el(tag, className, text, parent) {
    var node = doc.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  function word(cfg, key, values) {
    var text = cfg.words[key] || key;
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(values[k]); });
    return text;
  }

  site.start = function (configs, lang) {
    var cfg = configs[lang] || configs.zh;
    var plan = gulou.plan.last;
    var run = function () { site.run(cfg, plan); };
    if (plan.loaded) run(); else plan.map.once("gulou:planloaded", run);
  };

  site.run = function (cfg, plan) {
    plan.cfg.sectionTitles = cfg.sectionTitles;
    var items = plan.all();
    var vocab = {
      chapters: cfg.chapters.map(function (c) { return String(c[0]); }),
      sections: Object.keys(cfg.sectionChapter),
      statuses: cfg.order.status, layers: cfg.order.layer, kinds: cfg.order.kind,
      ids: items.map(function (p) { return p.id; }),
      sectionChapter: cfg.sectionChapter,
    };
    var parsed = filter().parse(global.location.search, vocab);
    var view = parsed.view;
    var panel = doc.getElementById("gulou-panel");
    var dom = build(panel, cfg, parsed.notices);

    function update(push) {
      var chosen = filter().select(items, view);
      var drawn = chosen.filter(function (p) { return p.mapped; }).map(function (p) { return p.id; });
      plan.show({ ids: drawn, count: chosen.length, selected: view.selected });
      var unmapped = chosen.length - drawn.length;
      dom.count.textContent = word(cfg, "showing", { n: chosen.length });
      dom.unmapped.textContent = unmapped ? " " + word(cfg, "showing_unmapped", { n: unmapped }) : "";
      dom.empty.hidden = chosen.length > 0;
      drawFilters(dom, cfg, items, view, update);
      drawDetails(dom.details, cfg, plan, view.selected);
      if (push !== false) {
        var url = global.location.pathname + filter().toSearch(view);
        try { global.history.replaceState(null, "", url); } catch (e) { /* file:// in some browsers */ }
      }
    }

    dom.search.value = view.query;
    dom.search.addEventListener("input", function () {
      view.query = dom.search.value.trim().slice(0, 60);
      update();
    });
    dom.clear.addEventListener("click", function () {
      var lang = view.lang;
      view = filter().empty();
      view.lang = lang;
      dom.search.value = "";
      update();
    });
    plan.map.on("gulou:itemclick", function (e) {
      view.selected = e.id;
      update();
      // the details sit below the filters: bring them into the panel's view
      if (dom.details.scrollIntoView) dom.details.scrollIntoView({ block: "nearest" });
    });
    update(false);
    site.view = function () { return view; };
    if (view.selected) focus(plan, view.selected);
  };

  function filter() { return gulou.filter; }

  function focus(plan, id) {
    var item = plan.items[id];
    if (!item || !item.layers.length) return;
    var layer = item.layers[0];
    if (layer.getLatLng) plan.map.setView(layer.getLatLng(), 16, { animate: false });
    else plan.map.fitBounds(layer.getBounds(), { maxZoom: 16, animate: false });
  }

  function build(panel, cfg, notices) {
    var dom = {};
    var head = el("div", "gulou-site-head", null, panel);
    el("h1", "", cfg.words.app_title, head);
    var langs = el("div", "gulou-site-lang", null, head);
    [["zh", "中文"], ["en", "English"]].forEach(function (pair) {
      var a = el("a", pair[0] === cfg.lang ? "active" : "", pair[1], langs);
      var params = new URLSearchParams(global.location.search);
      if (pair[0] === "zh") params.delete("lang"); else params.set("lang", pair[0]);
      var search = params.toString();
      a.href = global.location.pathname + (search ? "?" + search : "");
      a.setAttribute("hreflang", pair[0]);
    });
    notices.forEach(function (n) {  // as the app words them (webmap/i18n.py notice_*)
      var key = n[0] === "f" ? "notice_no_item" : n[0] === "q" ? "notice_too_long" : "notice_unknown";
      el("div", "gulou-site-notice", word(cfg, key, { param: n[0], value: n[1] }), panel);
    });
    var count = el("p", "gulou-site-count", null, panel);
    dom.count = el("strong", "", null, count);
    dom.unmapped = el("span", "", null, count);
    dom.empty = el("p", "gulou-site-empty", cfg.words.empty_result, panel);
    dom.empty.hidden = true;
    var label = el("label", "gulou-site-label", cfg.words.search, panel);
    dom.search = el("input", "gulou-site-search", null, label);
    dom.search.type = "search";
    dom.search.maxLength = 60;
    dom.filters = el("div", "gulou-site-filters", null, panel);
    dom.clear = el("button", "gulou-site-clear", cfg.words.clear_filters, panel);
    dom.clear.type = "button";
    el("h2", "", cfg.words.details, panel);
    dom.details = el("div", "gulou-site-details", null, panel);
    el("p", "gulou-site-credits", cfg.words.credits, panel);
    return dom;
  }

  /** One group of checkboxes per filter, each value with its faceted count. */
  function drawFilters(dom, cfg, items, view, update) {
    var box = dom.filters;
    var open = {};
    box.querySelectorAll("details").forEach(function (d) { open[d.dataset.filter] = d.open; });
    while (box.firstChild) box.removeChild(box.firstChild);
    var groups = [
      ["chapters", cfg.words.filter_chapter, cfg.chapters.map(function (c) {
        return [c[0], word(cfg, "chapter_n", { n: c[0] }) + " " + c[1]];
      })],
    ];
    if (view.chapters.length) {
      groups.push(["sections", cfg.words.filter_section, cfg.sections.filter(function (s) {
        return view.chapters.indexOf(cfg.sectionChapter[s[0]]) >= 0;
      })]);
    }
    [["statuses", "filter_status", "status"], ["layers", "filter_layer", "layer"],
      ["kinds", "filter_kind", "kind"]].forEach(function (g) {
      groups.push([g[0], cfg.words[g[1]], cfg.order[g[2]].map(function (code) {
        return [code, cfg.labels[g[2]][code]];
      })]);
    });
    groups.forEach(function (group) {
      var name = group[0], counts = filter().facet(items, view, name);
      var chosen = view[name].map(String);
      var details = el("details", "gulou-site-filter", null, box);
      details.dataset.filter = name;
      details.open = open[name] !== undefined ? open[name] : chosen.length > 0 || name === "statuses";
      var summary = el("summary", "", group[1], details);
      if (chosen.length) el("span", "gulou-site-chosen", " (" + chosen.length + ")", summary);
      group[2].forEach(function (option) {
        var code = String(option[0]), n = counts[option[0]] || 0;
        if (name === "kinds" && !n && chosen.indexOf(code) < 0) return;
        var row = el("label", "gulou-site-option", null, details);
        var input = el("input", "", null, row);
        input.type = "checkbox";
        input.value = code;
        input.checked = chosen.indexOf(code) >= 0;
        el("span", "", option[1] + " (" + n + ")", row);
        input.addEventListener("change", function () {
          var values = view[name].map(String).filter(function (v) { return v !== code; });
          if (input.checked) values.push(code);
          var order = group[2].map(function (o) { return String(o[0]); });
          values.sort(function (a, b) { return order.indexOf(a) - order.indexOf(b); });
          view[name] = name === "chapters" ? values.map(Number) : values;
          if (name === "chapters") {
            view.sections = view.sections.filter(function (s) {
              return view.chapters.indexOf(cfg.sectionChapter[s]) >= 0;
            });
          }
          update();
        });
      });
    });
  }

  function drawDetails(box, cfg, plan, id) {
    while (box.firstChild) box.removeChild(box.firstChild);
    var item = id ? plan.items[id] : null;
    if (!item) {
      el("p", "gulou-site-hint", cfg.words.details_hint, box);
      return;
    }
    box.appendChild(gulou.details.render(item.props, plan.cfg));
  }
})(window);
