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
from layers.plan import cites_bus_stop
from layers.vocab import KINDS, LAYERS, STATUSES, label
from webmap.assets import standalone_html
from webmap.basemap import add_layer_control, base_map
from webmap.escape import html_text as escape
from webmap.i18n import t
from webmap.planweb import PlanLayer

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
#: On paper the interactive controls are noise: hide them.
_PRINT_CSS = (
    ".leaflet-control-zoom, .leaflet-control-fullscreen, .leaflet-control-measure,"
    " .leaflet-control-layers { display: none !important; }"
)
#: Paper sizes for PDF (landscape) and the matching PNG viewport in CSS pixels.
PAGES = {"A4": (1123, 794), "A3": (1587, 1123)}
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


def describe_filters(
    lang: str = "zh",
    chapters: Iterable[int] | None = None,
    statuses: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    layers: Iterable[str] | None = None,
    query: str | None = None,
) -> str:
    """The filters of a selection as one line (``第5章 · 谋划/新建``), for the title box."""
    parts = [t("chapter_n", lang, n=n) for n in chapters or []]
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


def export_html(items: gpd.GeoDataFrame, lang: str = "zh", subtitle: str = "") -> str:
    """A self-contained HTML document of the map (no request when opened)."""
    return standalone_html(briefing_map(items, lang, subtitle), title=t("app_title", lang))


def print_map(html: str, output: Path, fmt: str, paper: str = "A3", browser=None) -> None:
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
    width, height = PAGES[paper]
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
    page.wait_for_timeout(500)  # let Leaflet finish drawing the SVG layers
    if fmt == "png":
        page.screenshot(path=str(output), full_page=False)
    else:
        page.pdf(
            path=str(output),
            format=paper,
            landscape=True,
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
