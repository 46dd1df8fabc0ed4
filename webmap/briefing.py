"""Exports for briefings: a self-contained offline HTML map and print-quality PDF/PNG.

The HTML map needs no server and no network (scripts, styles, fonts and base layers are
inlined), so a presenter can open it from a USB stick. PDF and PNG are that same page printed
by headless Chromium (Debian's ``chromium``; Playwright drives it, no browser download).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import folium
import geopandas as gpd
from branca.element import MacroElement
from folium.template import Template

from geo import settings
from layers.base import BASE_LAYERS
from layers.plan import cites_bus_stop, load_outline
from layers.vocab import KINDS, LAYERS, STATUSES, label
from webmap.assets import standalone_html
from webmap.basemap import LegendEntry, add_layer_control, base_map, legend_of
from webmap.escape import html_text as escape
from webmap.i18n import chinese_number, t
from webmap.planweb import PlanLayer
from webmap.styles import LAYER_COLOURS, ZONE_TINTS

#: Debian's Chromium; override with GULOU_CHROMIUM.
CHROMIUM = Path(os.environ.get("GULOU_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: On paper the interactive controls are noise: hide them (zoom, full screen, measuring,
#: layers, the legend's open/close marker, Leaflet's own link and the small screen scale bar;
#: the print has its own longer one).
_PRINT_CSS = (
    ".leaflet-control-zoom, .leaflet-control-fullscreen, .leaflet-control-measure,"
    " .leaflet-control-layers, .leaflet-control-scale:not(.gulou-print-scale),"
    " .leaflet-control-attribution a[href*='leafletjs'],"
    " .leaflet-control-attribution .leaflet-attribution-flag,"
    " .leaflet-control-attribution > span[aria-hidden='true'] { display: none !important; }"
    " .gulou-legend summary { list-style: none; pointer-events: none; }"
    " .gulou-legend summary::-webkit-details-marker { display: none; }"
    " .gulou-legend { max-height: none !important; overflow: visible !important; }"
    " .gulou-print-scale { display: block !important; }"
    # A PDF keeps every text shadow (or stroke) as another copy of the text: on paper the
    # labels stand on a pale box instead, so each name is in the PDF once.
    " .gulou-name { text-shadow: none !important; background: rgba(255,255,255,.78);"
    " border-radius: 2px; }"
    " .gulou-print-scale .leaflet-control-scale-line { font-size: 12px; border-width: 3px; }"
)
#: Paper sizes for PDF and the matching PNG viewport in CSS pixels (landscape; portrait swaps).
PAGES = {"A4": (1123, 794), "A3": (1587, 1123)}
ORIENTATIONS = ("landscape", "portrait")
PRINT_FORMATS = ("html", "pdf", "png")


class TitleBox(MacroElement):
    """A title block on the map: title, what is shown, as-of date and credits (all escaped)."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}{% endmacro %}
        {% macro script(this, kwargs) %}
            (function (map) {
                var box = L.control({position: "topright"});
                box.onAdd = function () {
                    var div = L.DomUtil.create("div", "gulou-title leaflet-bar");
                    div.style.cssText = "background:#fff;padding:8px 12px;max-width:420px;"
                        + "font:13px/1.45 'WenQuanYi Micro Hei',sans-serif;color:#222";
                    div.innerHTML = {{ this.markup|tojson }};
                    return div;
                };
                box.addTo(map);
            })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self._name = "TitleBox"
        body = "".join(f"<div>{escape(line)}</div>" for line in lines)
        self.markup = f'<div style="font-size:17px;font-weight:700">{escape(title)}</div>{body}'


class NorthArrow(MacroElement):
    """A north arrow (the map is north up: Web Mercator, never rotated) and a print scale bar
    long enough to measure with (at least 150 CSS px, 4 cm on paper)."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}{% endmacro %}
        {% macro script(this, kwargs) %}
            (function (map) {
                var arrow = L.control({position: "topleft"});
                arrow.onAdd = function () {
                    var div = L.DomUtil.create("div", "gulou-north");
                    div.style.cssText = "background:rgba(255,255,255,.9);padding:4px 6px;"
                        + "text-align:center;font:700 14px/1.1 sans-serif;color:#222";
                    div.innerHTML = {{ this.markup|tojson }};
                    return div;
                };
                arrow.addTo(map);
                var scale = L.control.scale(
                    {imperial: false, maxWidth: 300, position: "bottomleft"});
                scale.addTo(map);
                L.DomUtil.addClass(scale.getContainer(), "gulou-print-scale");
                scale.getContainer().style.display = "none";  // on paper only (_PRINT_CSS)
            })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, lang: str) -> None:
        super().__init__()
        self._name = "NorthArrow"
        self.markup = (
            '<svg width="22" height="30" viewBox="0 0 22 30" aria-hidden="true">'
            '<polygon points="11,1 20,28 11,21 2,28" fill="#222"/></svg>'
            f"<div>{escape(t('print_north', lang))}</div>"
        )


def chapter_heading(number: int, lang: str = "zh") -> str:
    """The chapter's own title: ``第五章 释放内需潜力，融入强大国内市场建设``.

    Falls back to ``第5章`` for a chapter the outline does not have.
    """
    chapters = {c["number"]: c for c in load_outline()}
    chapter = chapters.get(int(number))
    title = chapter and (chapter.get("title_en") if lang == "en" else chapter.get("title"))
    if not title:
        return t("chapter_n", lang, n=number)
    return t("chapter_heading", lang, n=number, cn=chinese_number(int(number)), title=title)


def describe_filters(
    lang: str = "zh",
    chapters: Iterable[int] | None = None,
    statuses: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    layers: Iterable[str] | None = None,
    query: str | None = None,
) -> str:
    """The filters of a selection as one line, for the title box.

    A chapter is named by its own title (``第五章 释放内需潜力，融入强大国内市场建设 · 谋划/新建``).
    """
    parts = [chapter_heading(n, lang) for n in chapters or []]
    for values, vocabulary in ((statuses, STATUSES), (kinds, KINDS), (layers, LAYERS)):
        parts += [label(vocabulary, code, lang) for code in values or []]
    if query:
        parts.append(f"“{query}”")
    return " · ".join(parts)


def _draws_stop_positions(items: gpd.GeoDataFrame) -> bool:
    """True when a drawn item's position rests on an AMap bus stop (its credit is then due)."""
    if "position_source" not in items.columns:
        return False
    drawn = items.geometry.notna() & ~items.geometry.is_empty
    return bool((cites_bus_stop(items) & drawn).any())


def briefing_map(
    items: gpd.GeoDataFrame, lang: str = "zh", subtitle: str = "", height: str = "100%"
) -> folium.Map:
    """The plan items on the base map, with title box, legend and layer control.

    Parameters
    ----------
    items : GeoDataFrame
        The (filtered) plan items to show.
    lang : {"zh", "en"}
    subtitle : str
        What the selection is (e.g. the filters), shown under the title.
    height : str
        Map height (CSS).

    Returns
    -------
    folium.Map
        Ready for :func:`webmap.assets.standalone_html`.
    """
    fmap = base_map(lang=lang, osm_tiles=False, height=height)
    for key, entries in (("zones", _zone_entries(items)), ("layers", _layer_entries(items))):
        if entries:  # a section only for what is drawn
            legend_of(fmap).add_section(
                t(f"print_sec_{key}", "zh"), t(f"print_sec_{key}", "en"), entries
            )
    NorthArrow(lang).add_to(fmap)
    mapped = int(items["mapped"].astype(bool).sum())
    lines = [subtitle] if subtitle else []
    lines += [
        t("showing", lang, n=len(items))
        + " · "
        + t("showing_unmapped", lang, n=len(items) - mapped),
        f"{t('as_of', lang)}: {settings.PLAN_AS_OF}",
        t("credits", lang),
    ]
    if _draws_stop_positions(items):
        lines.append(t("credit_bus_stops", lang))
    TitleBox(t("app_title", lang), lines).add_to(fmap)
    control = add_layer_control(fmap, collapsed=True)
    # the same front-end as the app, with the selection's items embedded
    plan = PlanLayer(lang, control, popups=True, items=items, show_all=True)
    fmap.add_child(plan, name="plan")
    return fmap


def _zone_entries(items: gpd.GeoDataFrame) -> list[LegendEntry]:
    """The named zone tints (三片区) of the zones among ``items``."""
    zones = items[items["kind"] == "zone"].sort_values("id")
    return [
        LegendEntry(row["name_zh"], row["name_en"], "area", ZONE_TINTS[row["id"]], weight=2.5)
        for _, row in zones.iterrows()
        if row["id"] in ZONE_TINTS
    ]


def _layer_entries(items: gpd.GeoDataFrame) -> list[LegendEntry]:
    """One line per map layer drawn (in the vocabulary's order)."""
    present = set(items.loc[items["mapped"].astype(bool), "layer"])
    return [
        LegendEntry(label(LAYERS, code, "zh"), label(LAYERS, code, "en"), "line", colour, weight=4)
        for code, colour in LAYER_COLOURS.items()
        if code in present
    ]


def export_html(items: gpd.GeoDataFrame, lang: str = "zh", subtitle: str = "") -> str:
    """A self-contained HTML document of the map (no request when opened)."""
    return standalone_html(briefing_map(items, lang, subtitle), title=t("app_title", lang))


def print_map(
    html: str,
    output: Path,
    fmt: str,
    paper: str = "A3",
    browser=None,
    orientation: str = "landscape",
) -> None:
    """Print the HTML map to PDF (landscape, backgrounds on) or PNG (2x pixel density).

    Parameters
    ----------
    html : str
        A document from :func:`export_html`.
    output : Path
        File to write.
    fmt : {"pdf", "png"}
    paper : {"A4", "A3"}
        Paper size of the PDF; the PNG has the same proportions.
    browser : playwright Browser, optional
        A running Chromium to use (e.g. a test session's); by default one is started.
    orientation : {"landscape", "portrait"}

    Raises
    ------
    ValueError
        Unknown format or paper, Chromium or Playwright missing, or the map did not draw.
    """
    if fmt not in ("pdf", "png"):
        raise ValueError(f"print format must be pdf or png, got {fmt!r}")
    if paper not in PAGES:
        raise ValueError(f"paper must be one of {', '.join(PAGES)}, got {paper!r}")
    if browser is None and not CHROMIUM.exists():
        raise ValueError(f"{CHROMIUM} not found: apt-get install chromium fonts-wqy-microhei")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ValueError("printing needs Playwright: pip install 'gulou-plan-map[print]'") from None
    if orientation not in ORIENTATIONS:
        raise ValueError(f"orientation must be landscape or portrait, got {orientation!r}")
    width, height = PAGES[paper]
    if orientation == "portrait":
        width, height = height, width
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "map.html"
        page_file.write_text(html, encoding="utf-8")
        if browser is not None:
            _render(browser, page_file, Path(output), fmt, paper, (width, height))
            return
        with sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
                )
            except PlaywrightError as err:
                raise ValueError(_browser_failure(err)) from None
            try:
                _render(browser, page_file, Path(output), fmt, paper, (width, height))
            except PlaywrightError as err:
                raise ValueError(_browser_failure(err)) from None
            finally:
                browser.close()


def _browser_failure(err: Exception) -> str:
    """Playwright's first line (its call log follows), naming the browser that failed."""
    first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return f"Chromium ({CHROMIUM}) failed: {first}. Set GULOU_CHROMIUM to a working chromium"


def _render(browser, page_file: Path, output: Path, fmt: str, paper: str, size) -> None:
    width, height = size
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=2
    )
    page = context.new_page()
    page.route("**/*", _local_only)
    page.goto(page_file.as_uri())
    page.add_style_tag(content=_PRINT_CSS)
    loaded = f"Object.keys(window.gulou.loaded).length === {len(BASE_LAYERS)}"
    page.wait_for_function(f"() => window.gulou && {loaded}", timeout=30_000)
    # The full legend on paper; the labels are placed again for the page size.
    page.evaluate(
        "() => document.querySelectorAll('.gulou-legend details').forEach(d => { d.open = true; })"
    )
    page.evaluate("() => window.gulou.labelState && window.gulou.labelState.redraw()")
    page.wait_for_timeout(500)  # let Leaflet finish drawing the SVG layers
    if fmt == "png":
        page.screenshot(path=str(output), full_page=False)
    else:
        page.pdf(
            path=str(output),
            format=paper,
            landscape=width > height,
            print_background=True,
            margin={"top": "0", "bottom": "0", "left": "0", "right": "0"},
        )
    context.close()


def _local_only(route) -> None:
    """The page is self-contained: refuse anything that is not a file or data URL."""
    if route.request.url.startswith(("file:", "data:", "about:")):
        route.continue_()
    else:
        route.abort()
