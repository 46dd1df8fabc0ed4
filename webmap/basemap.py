"""The folium map shell: our own vector base, bilingual legend and credits, no tiles needed.

The base layers (district, neighbours, roads, metro) are not embedded in the page: each is a
small :class:`StaticGeoJson` element whose script asks ``static/js/gulou_base.js`` to fetch
``/app/static/base/<layer>.geojson?v=<hash>`` once (then the browser cache answers) and draw
it with the style sent from here. A Streamlit rerun therefore sends under a kilobyte per base
layer (the data, about 0.7 MB, is fetched once). :func:`webmap.assets.standalone_html`
embeds the data instead, for offline files.

Typical use::

    m = base_map("zh")
    ...                                   # plan layers (folium.FeatureGroup, overlay=True)
    legend_of(m).add_section("规划项目", "Plan items", entries)
    add_layer_control(m)                  # last: also points every asset at static/vendor
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import folium
import folium.plugins
import geopandas as gpd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.template import Template

from geo import settings
from geo.geojson import read_geojson, read_json
from layers.base import BASE_LAYERS, CREDIT_BOUNDARY, CREDIT_OSM, REGISTRY, base_layer
from webmap import assets
from webmap.escape import html_text as escape
from webmap.i18n import LANGS, STRINGS, check_lang, t

#: Where the browser copies of the base layers live, and their URL.
BASE_STATIC_DIR: Path = settings.STATIC_DIR / "base"
BASE_STATIC_URL: str = f"{settings.STATIC_URL}/base"
#: Our own script that draws the base layers.
BASE_JS: Path = settings.STATIC_DIR / "js" / "gulou_base.js"
#: The name labels (built by ``layers/labels.py``) and the script that draws them.
LABELS_PATH: Path = settings.STATIC_DIR / "labels" / "labels.geojson"
LABELS_JS: Path = settings.STATIC_DIR / "js" / "gulou_labels.js"

MIN_ZOOM, MAX_ZOOM = 10, 19

_OSM_COPYRIGHT = "https://www.openstreetmap.org/copyright"

#: The interface words (keys of :data:`webmap.i18n.STRINGS`) of each credit the base-layer
#: registry names, so the attribution follows the interface language.
_CREDIT_KEY = {CREDIT_OSM: "credit_osm", CREDIT_BOUNDARY: "credit_boundary"}

# --- Base styles (Leaflet path options) -------------------------------------------------------

DISTRICT_STYLE = {"color": "#b3202a", "weight": 2.5, "opacity": 1, "fill": False}
#: A wide soft band under the district line, so it does not read as a (red) metro line.
DISTRICT_HALO_STYLE = {"color": "#b3202a", "weight": 10, "opacity": 0.18, "fill": False}
NEIGHBOUR_STYLE = {
    "color": "#a8a49c",
    "weight": 1,
    "opacity": 1,
    "fillColor": "#dedbd4",
    "fillOpacity": 0.75,
}
#: Road styles by OSM class (``*_link`` roads take their parent's style): thick to thin.
#: Muted warm greys, so the base reads as background and the plan items stand out.
ROAD_STYLES: dict[str, dict[str, Any]] = {
    "motorway": {"color": "#b59a80", "weight": 4.5, "opacity": 0.9},
    "trunk": {"color": "#b59a80", "weight": 4, "opacity": 0.9},
    "primary": {"color": "#c4b3a0", "weight": 3.2, "opacity": 0.9},
    "secondary": {"color": "#cfc4b6", "weight": 2.4, "opacity": 0.9},
    "tertiary": {"color": "#d6cfc5", "weight": 1.6, "opacity": 0.9},
}
ROAD_MINOR_STYLE: dict[str, Any] = {"color": "#dcd7cf", "weight": 0.9, "opacity": 0.9}
#: Metro lines are context under the plan: thinner and half transparent.
METRO_LINE_STYLE = {"color": "#666666", "weight": 3, "opacity": 0.55, "lineCap": "round"}
STATION_INSIDE_STYLE = {
    "radius": 5.5,
    "color": "#222222",
    "weight": 2,
    "fillColor": "#ffffff",
    "fillOpacity": 1,
}
STATION_OUTSIDE_STYLE = {
    "radius": 4,
    "color": "#777777",
    "weight": 1.5,
    "fillColor": "#ffffff",
    "fillOpacity": 0.9,
}

#: Panes (z-index) keep the base in order below the plan layers (Leaflet's overlayPane, 400),
#: even after a layer is switched off and on again.
_PANES: dict[str, int] = {
    name: layer.pane for name, layer in sorted(REGISTRY.items(), key=lambda kv: kv[1].pane)
} | {"labels": 395}

_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?$")

#: Page CSS (static/css/gulou_base.css: cached by the browser, not resent with every rerun).
BASE_CSS: Path = settings.STATIC_DIR / "css" / "gulou_base.css"


def _text(key: str, lang: str, **values: object) -> str:
    """A word of the map (its key in :data:`webmap.i18n.STRINGS` is ``map_<key>``)."""
    return t(f"map_{key}", lang, **values)


def _terms(key: str) -> tuple[str, str]:
    """Both languages of a map word, for the bilingual legend entries."""
    return _text(key, "zh"), _text(key, "en")


def _check_colour(colour: str, where: str) -> str:
    if not isinstance(colour, str) or not _HEX_COLOUR.match(colour):
        raise ValueError(f"{where}: colour must be a hex colour like #b3202a, got {colour!r}")
    return colour


def _js_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>``, no ``<!--``)."""
    return (
        json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


# --- Reading the base files (cached by modification time) -----------------------------------


@lru_cache(maxsize=32)
def _file_digest(path: Path, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _versioned_url(url: str, path: Path) -> str:
    stat = path.stat()
    return f"{url}?v={_file_digest(path, stat.st_mtime_ns, stat.st_size)}"


def base_layer_path(name: str, base_dir: Path | None = None) -> Path:
    """Return the browser copy of base layer ``name``, checking that it exists.

    Raises
    ------
    ValueError
        If ``name`` is not a base layer.
    FileNotFoundError
        If the file is missing (it is built by the base-layer pipeline).
    """
    base_layer(name)  # an unknown name raises ValueError
    path = Path(base_dir or BASE_STATIC_DIR) / f"{name}.geojson"
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: base layer {name!r} not found; build the base layers first (gulou-map)"
        )
    return path


@lru_cache(maxsize=16)
def _read_layer(path: Path, mtime_ns: int, name: str) -> gpd.GeoDataFrame:
    """A base layer's browser copy, checked by :func:`geo.geojson.read_geojson` (cached)."""
    frame, problems = read_geojson(path, REGISTRY[name].spec(()))
    if problems or frame is None:
        raise ValueError(str(problems[0]))
    return frame


def _layer(path: Path, name: str) -> gpd.GeoDataFrame:
    return _read_layer(path, path.stat().st_mtime_ns, name)


@lru_cache(maxsize=16)
def _read_document(path: Path, mtime_ns: int) -> Any:
    doc, problem = read_json(path)
    if problem is not None:
        raise ValueError(str(problem))
    return doc


def district_bounds(base_dir: Path | None = None) -> list[list[float]]:
    """Return the district's ``[[south, west], [north, east]]`` from ``district.geojson``.

    Raises
    ------
    ValueError
        If a feature has no usable geometry or the coordinates are not WGS84 degrees.
    """
    west, south, east, north = _layer(
        base_layer_path("district", base_dir), "district"
    ).total_bounds
    return [[float(south), float(west)], [float(north), float(east)]]


def metro_line_colours(base_dir: Path | None = None) -> list[tuple[str, str, str]]:
    """Return ``(line, name, colour)`` of each metro line in ``metro_lines.geojson``, sorted.

    Raises
    ------
    ValueError
        Naming the file, feature and field when ``line`` is empty or ``colour`` is not a hex
        colour.
    """
    path = base_layer_path("metro_lines", base_dir)
    lines: dict[str, tuple[str, str, str]] = {}
    frame = _layer(path, "metro_lines")
    for row, props in enumerate(frame.astype(object).where(frame.notna(), None).to_dict("records")):
        line = str(props.get("line") or "").strip()
        if not line:
            raise ValueError(f"{path}: feature {row}, field line: empty")
        colour = _check_colour(props.get("colour"), f"{path}: feature {row}, field colour")
        lines.setdefault(line, (line, str(props.get("name") or ""), colour))

    def order(item: tuple[str, str, str]) -> tuple[int, str]:
        return (int(item[0]), "") if item[0].isdigit() else (10**6, item[0])

    return sorted(lines.values(), key=order)


# --- Elements ---------------------------------------------------------------------------------


class _BaseSetup(JSCSSMixin, MacroElement):
    """Loads ``gulou_base.js``; creates the panes and the metric scale bar; fits the view."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            gulou.setup({{ this._parent.get_name() }}, {{ this.config_js }});
        {% endmacro %}
        """
    )

    def __init__(self, fit: list[list[float]], padding: tuple[int, int] = (8, 8)) -> None:
        super().__init__()
        self._name = "GulouBaseSetup"
        url = _versioned_url(f"{settings.STATIC_URL}/js/gulou_base.js", BASE_JS)
        self.default_js = [("gulou_base_js", url)]
        css = _versioned_url(f"{settings.STATIC_URL}/css/gulou_base.css", BASE_CSS)
        self.default_css = [("gulou_base_css", css)]
        panes = [[f"gulou-{name.replace('_', '-')}", z] for name, z in _PANES.items()]
        self.config_js = _js_json(
            {"panes": panes, "labelPane": "gulou-labels", "fit": fit, "fitPadding": padding}
        )


class StaticGeoJson(Layer):
    """A toggleable overlay whose GeoJSON the browser fetches from ``/app/static/base``.

    Parameters
    ----------
    kind : str
        A base layer name (:data:`layers.base.BASE_LAYERS`); selects file and drawing.
    name : str
        Name in the layer control (plain text; escaped here).
    config : dict
        Style configuration read by ``gulou_base.js`` for this kind.
    base_dir : Path, optional
        Folder holding ``<kind>.geojson``; defaults to :data:`BASE_STATIC_DIR`.
    base_url : str, optional
        URL of that folder; defaults to :data:`BASE_STATIC_URL`.
    fail_text : str
        Message shown on the map if the browser cannot load the layer.
    show : bool
        Visible when the map opens.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = gulou.baseLayer(
                {{ this._parent.get_name() }}, {{ this.kind|tojson }}, {{ this.config_js }});
            {%- if this.embedded is not none %}
            gulou.addData({{ this._parent.get_name() }}, {{ this.get_name() }},
                {{ this.kind|tojson }}, {{ this.embedded }});
            {%- else %}
            gulou.load({{ this._parent.get_name() }}, {{ this.get_name() }},
                {{ this.kind|tojson }}, {{ this.url|tojson }}, {{ this.fail_text|tojson }});
            {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(
        self,
        kind: str,
        name: str,
        config: dict,
        *,
        base_dir: Path | None = None,
        base_url: str | None = None,
        fail_text: str = "",
        show: bool = True,
    ) -> None:
        super().__init__(name=escape(name), overlay=True, control=True, show=show)
        self._name = "StaticGeoJson"
        self.name_is_html = True
        self.kind = kind
        self.path = base_layer_path(kind, base_dir)
        self.url = _versioned_url(f"{base_url or BASE_STATIC_URL}/{kind}.geojson", self.path)
        self.config_js = _js_json(config)
        self.fail_text = fail_text
        self.embedded: str | None = None

    def embed(self) -> None:
        """Put the data in the page (for :func:`webmap.assets.standalone_html`)."""
        self.embedded = _js_json(_read_document(self.path, self.path.stat().st_mtime_ns))


class NameLabels(JSCSSMixin, MacroElement):
    """The map's name labels, drawn as page text by ``static/js/gulou_labels.js``.

    The browser fetches ``static/labels/labels.geojson`` (built by ``gulou-map labels``) once;
    :meth:`embed` puts it in the page for offline files. Without the file, no labels are drawn.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {%- if this.embedded is not none %}
            gulou.labels({{ this._parent.get_name() }}, {{ this.config_js }}, {{ this.embedded }});
            {%- else %}
            gulou.loadLabels({{ this._parent.get_name() }}, {{ this.config_js }},
                {{ this.url|tojson }});
            {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(self, lang: str, path: Path | None = None) -> None:
        super().__init__()
        self._name = "NameLabels"
        self.path = Path(path or LABELS_PATH)
        js = _versioned_url(f"{settings.STATIC_URL}/js/gulou_labels.js", LABELS_JS)
        self.default_js = [("gulou_labels_js", js)]
        self.default_css = []
        self.url = _versioned_url(f"{settings.STATIC_URL}/labels/labels.geojson", self.path)
        self.config_js = _js_json({"lang": check_lang(lang), "pane": "gulou-names"})
        self.embedded: str | None = None

    def embed(self) -> None:
        """Put the labels in the page (for :func:`webmap.assets.standalone_html`)."""
        self.embedded = _js_json(_read_document(self.path, self.path.stat().st_mtime_ns))


@dataclass(frozen=True)
class LegendEntry:
    """One row of the legend.

    Parameters
    ----------
    label_zh, label_en : str
        The label in both languages (plain text; escaped when drawn).
    kind : {"line", "area", "point", "svg"}
        Swatch shape; ``svg`` draws ``svg`` (e.g. ``webmap.styles.marker_svg(status)``).
    colour : str
        Stroke colour (hex).
    fill : str, optional
        Fill colour of areas and points (hex); defaults to ``colour``.
    weight : float
        Stroke width in pixels.
    dash : str, optional
        SVG dash pattern, e.g. ``"8 6"``.
    svg : str, optional
        Inline ``<svg>`` symbol for ``kind="svg"``. It is markup, so it must come from code
        (never from data); scripts, event handlers and links are refused.
    """

    label_zh: str
    label_en: str
    kind: str
    colour: str
    fill: str | None = None
    weight: float = 2.0
    dash: str | None = None
    svg: str | None = None

    def __post_init__(self) -> None:
        where = f"legend entry {self.label_en!r}"
        if self.kind not in ("line", "area", "point", "svg"):
            raise ValueError(f"{where}: kind must be line, area, point or svg")
        if (self.kind == "svg") != (self.svg is not None):
            raise ValueError(f"{where}: give svg markup exactly when kind is 'svg'")
        if self.svg is not None and (
            not self.svg.lstrip().startswith("<svg")
            or re.search(r"<script|<foreignObject|\bon\w+\s*=|href|javascript:", self.svg, re.I)
        ):
            raise ValueError(f"{where}: svg must be a plain <svg> symbol (no script or links)")
        if not isinstance(self.weight, int | float) or not 0 <= self.weight <= 50:
            raise ValueError(f"{where}: weight must be a number of pixels, got {self.weight!r}")
        _check_colour(self.colour, where)
        if self.fill is not None:
            _check_colour(self.fill, f"legend entry {self.label_en!r} (fill)")
        if self.dash is not None and not re.fullmatch(r"[0-9. ,]+", self.dash):
            raise ValueError(f"legend entry {self.label_en!r}: dash must be numbers, e.g. '8 6'")

    def swatch(self) -> str:
        """The entry's symbol as inline SVG."""
        if self.svg is not None:
            return self.svg
        fill = self.fill or self.colour
        dash = f' stroke-dasharray="{self.dash}"' if self.dash else ""
        width = min(float(self.weight), 6.0)
        if self.kind == "line":
            shape = (
                f'<line x1="2" y1="8" x2="26" y2="8" stroke="{self.colour}" '
                f'stroke-width="{width}" stroke-linecap="round"{dash}/>'
            )
        elif self.kind == "area":
            shape = (
                f'<rect x="3" y="2" width="22" height="12" fill="{fill}" fill-opacity="0.8" '
                f'stroke="{self.colour}" stroke-width="{width}"{dash}/>'
            )
        else:
            shape = (
                f'<circle cx="14" cy="8" r="5" fill="{fill}" stroke="{self.colour}" '
                f'stroke-width="{width}"/>'
            )
        return f'<svg width="28" height="16" viewBox="0 0 28 16" aria-hidden="true">{shape}</svg>'

    def html(self, lang: str) -> str:
        label = self.label_en if lang == "en" else self.label_zh
        return f'<div class="gulou-legend-row">{self.swatch()}<span>{escape(label)}</span></div>'


@dataclass
class _LegendSection:
    title_zh: str
    title_en: str
    entries: list[LegendEntry] = field(default_factory=list)


class Legend(MacroElement):
    """The map's legend: a collapsible Leaflet control, in the map's language.

    Sections are rendered when the map is rendered, so plan layers can add theirs with
    :meth:`add_section` after :func:`base_map`.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function (map) {
                var legend = L.control({position: {{ this.position|tojson }}});
                legend.onAdd = function () {
                    var div = L.DomUtil.create("div", "gulou-legend leaflet-bar");
                    div.innerHTML = {{ this.html_js() }};
                    L.DomEvent.disableClickPropagation(div);
                    L.DomEvent.disableScrollPropagation(div);
                    if (map.getSize().x < {{ this.collapse_below }}) {
                        div.querySelector("details").removeAttribute("open");
                    }
                    return div;
                };
                legend.addTo(map);
            })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, lang: str = "zh", position: str = "bottomleft") -> None:
        super().__init__()
        self._name = "Legend"
        self.lang = check_lang(lang)
        self.position = position
        self.collapse_below = 640
        self.sections: list[_LegendSection] = []

    def add_section(self, title_zh: str, title_en: str, entries: Sequence[LegendEntry]) -> Legend:
        """Append a titled group of entries; returns the legend for chaining."""
        entries = list(entries)
        if not all(isinstance(e, LegendEntry) for e in entries):
            raise ValueError(f"legend section {title_en!r}: entries must be LegendEntry objects")
        self.sections.append(_LegendSection(title_zh, title_en, entries))
        return self

    def to_html(self) -> str:
        """The legend's HTML (every label escaped)."""
        en = self.lang == "en"
        parts = [f"<details open><summary>{escape(_text('legend', self.lang))}</summary>"]
        for section in self.sections:
            parts.append(f"<h4>{escape(section.title_en if en else section.title_zh)}</h4>")
            parts += [entry.html(self.lang) for entry in section.entries]
        parts.append("</details>")
        return "".join(parts)

    def html_js(self) -> str:
        # Our own markup (labels escaped in to_html): "</" and "<!--" are all a script must not
        # hold; escaping every "<" and ">" would make the map's script (resent on every rerun)
        # a kilobyte longer.
        text = json.dumps(self.to_html(), ensure_ascii=False)
        return (
            text.replace("</", "<\\/")
            .replace("<!--", "<\\u0021--")
            .replace("\u2028", "\\u2028")
            .replace("\u2029", "\\u2029")
        )


class _CollapseOnNarrow(MacroElement):
    """Collapse the layer control on narrow maps (phones), where it would cover the map."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function (map, control) {
                if (map.getSize().x < {{ this.below }}) {
                    control.collapse();
                    map.on("click", function () { control.collapse(); });
                }
            })({{ this._parent.get_name() }}, {{ this.control.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, control: folium.LayerControl, below: int = 640) -> None:
        super().__init__()
        self._name = "CollapseOnNarrow"
        self.control = control
        self.below = below


# --- Building the map -------------------------------------------------------------------------


def _base_configs(lang: str) -> dict[str, dict]:
    def common(name: str) -> dict:
        key = _CREDIT_KEY[REGISTRY[name].credit]
        credit = t(key, lang)
        if key == "credit_osm":
            attribution = f'<a href="{_OSM_COPYRIGHT}">{escape(credit)}</a>'
        else:
            attribution = escape(credit)
        return {"pane": f"gulou-{name.replace('_', '-')}", "attribution": attribution, "lang": lang}

    return {
        "neighbours": common("neighbours")
        | {"style": NEIGHBOUR_STYLE, "labelPane": "gulou-labels"},
        "district": common("district") | {"style": DISTRICT_STYLE, "halo": DISTRICT_HALO_STYLE},
        "roads": common("roads") | {"classes": ROAD_STYLES, "other": ROAD_MINOR_STYLE},
        "metro_lines": common("metro_lines")
        | {"style": METRO_LINE_STYLE, "linePrefix": _text("line_prefix", lang)},
        "metro_stations": common("metro_stations")
        | {
            "inside": STATION_INSIDE_STYLE,
            "outside": STATION_OUTSIDE_STYLE,
            "linesLabel": _text("lines_label", lang),
        },
    }


def base_legend(lang: str, base_dir: Path | None = None) -> Legend:
    """Return a :class:`Legend` with the base sections (boundaries, roads, metro lines)."""
    legend = Legend(lang)

    def entry(key: str, kind: str, style: dict, **extra: Any) -> LegendEntry:
        zh, en = _terms(key)
        return LegendEntry(zh, en, kind, style["color"], weight=style["weight"], **extra)

    legend.add_section(
        *_terms("sec_admin"),
        [
            entry("district", "line", DISTRICT_STYLE),
            entry("neighbours", "area", NEIGHBOUR_STYLE, fill=NEIGHBOUR_STYLE["fillColor"]),
        ],
    )
    legend.add_section(
        *_terms("sec_roads"),
        [
            entry("road_major", "line", ROAD_STYLES["trunk"]),
            entry("road_primary", "line", ROAD_STYLES["primary"]),
            entry("road_secondary", "line", ROAD_STYLES["secondary"]),
            entry("road_tertiary", "line", ROAD_STYLES["tertiary"]),
            entry("road_minor", "line", ROAD_MINOR_STYLE),
        ],
    )
    lines = [
        LegendEntry(
            _text("line_n", "zh", line=line) if line.isdigit() else (name or line),
            _text("line_n", "en", line=line) if line.isdigit() else line,
            "line",
            colour,
            weight=METRO_LINE_STYLE["weight"],
        )
        for line, name, colour in metro_line_colours(base_dir)
    ]
    stations = [
        entry("station_inside", "point", STATION_INSIDE_STYLE, fill="#ffffff"),
        entry("station_outside", "point", STATION_OUTSIDE_STYLE, fill="#ffffff"),
    ]
    legend.add_section(*_terms("sec_metro"), lines + stations)
    return legend


def legend_of(m: folium.Map) -> Legend:
    """Return the legend that :func:`base_map` put on ``m`` (to add plan sections)."""
    for child in m._children.values():
        if isinstance(child, Legend):
            return child
    raise ValueError("this map has no legend; build it with webmap.basemap.base_map()")


def _osm_tiles(lang: str) -> folium.TileLayer:
    """OpenStreetMap raster tiles: off by default (online only), listed in the control."""
    return folium.TileLayer(
        tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        attr=f'&copy; <a href="{_OSM_COPYRIGHT}">OpenStreetMap</a> contributors (ODbL)',
        name=escape(_text("osm_tiles", lang)),
        max_zoom=MAX_ZOOM,
        overlay=True,
        control=True,
        show=False,
    )


def _lean_assets(m: folium.Map) -> None:
    """Load only Leaflet for the map itself.

    folium also links jQuery, Bootstrap, Font Awesome and awesome-markers for features this map
    does not use (URL-embedded GeoJSON, awesome-marker icons, Bootstrap popups); the component
    loads scripts one after another, so each unused one delays the first paint.
    """
    m.default_js = [(name, url) for name, url in m.default_js if name == "leaflet"]
    m.default_css = [(name, url) for name, url in m.default_css if name == "leaflet_css"]


def base_map(
    lang: str = "zh",
    *,
    base_dir: Path | None = None,
    base_url: str | None = None,
    height: str | int = "100%",
    tools: bool = True,
    osm_tiles: bool = True,
) -> folium.Map:
    """Build the map shell: our vector base fitted to the district, legend, scale and credits.

    Parameters
    ----------
    lang : {"zh", "en"}
        Language of layer names, legend and tooltips.
    base_dir : Path, optional
        Folder with the browser copies of the base layers (default ``static/base``).
    base_url : str, optional
        URL the browser fetches ``base_dir`` from (default ``/app/static/base``).
    height : str or int
        Map height (folium syntax).
    tools : bool
        Add the full-screen button and the measuring tool.
    osm_tiles : bool
        List OpenStreetMap tiles in the layer control (off until the user ticks them).

    Returns
    -------
    folium.Map
        Add plan layers, then call :func:`add_layer_control` last.

    Raises
    ------
    ValueError, FileNotFoundError
        Unknown ``lang``; a base layer file missing or unreadable (the message names it).
    """
    check_lang(lang)
    bounds = district_bounds(base_dir)
    centre = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
    m = folium.Map(
        location=centre,
        zoom_start=13,
        tiles=None,
        height=height,
        # tiles=None: folium passes min/max zoom only to tile layers, so give Leaflet its own.
        minZoom=MIN_ZOOM,
        maxZoom=MAX_ZOOM,
        zoomSnap=0.25,
        zoomDelta=0.5,
    )
    _lean_assets(m)
    m.add_child(_BaseSetup(fit=bounds), name="gulou_base_setup")
    configs = _base_configs(lang)
    for kind in BASE_LAYERS:
        layer = StaticGeoJson(
            kind,
            _text(kind, lang),
            configs[kind],
            base_dir=base_dir,
            base_url=base_url,
            fail_text=_text("load_failed", lang),
        )
        m.add_child(layer, name=f"base_{kind}")
    if osm_tiles:
        m.add_child(_osm_tiles(lang), name="osm_tiles")
    if tools:
        folium.plugins.Fullscreen(
            position="topleft",
            title=_text("fullscreen", lang),
            title_cancel=_text("fullscreen_exit", lang),
        ).add_to(m)
        folium.plugins.MeasureControl(
            position="topleft",
            primary_length_unit="meters",
            secondary_length_unit="kilometers",
            primary_area_unit="sqmeters",
            secondary_area_unit="hectares",
        ).add_to(m)
    if LABELS_PATH.is_file():
        m.add_child(NameLabels(lang), name="name_labels")
    m.add_child(base_legend(lang, base_dir), name="legend")
    return m


def add_layer_control(m: folium.Map, *, collapsed: bool = False) -> folium.LayerControl:
    """Add the layer control (call it last) and serve every asset from ``static/vendor``.

    Layer names reach the control as HTML, so every layer's name is escaped here (once).

    Returns
    -------
    folium.LayerControl

    Raises
    ------
    webmap.assets.UnvendoredAssetError
        If an element of the map links an asset that is not vendored.
    """
    if not isinstance(m, folium.Map):
        raise ValueError(f"add_layer_control expects a folium.Map, got {type(m).__name__}")
    _escape_layer_names(m)
    control = folium.LayerControl(position="topright", collapsed=collapsed)
    m.add_child(control, name="layer_control")
    if not collapsed:
        m.add_child(_CollapseOnNarrow(control), name="layer_control_collapse")
    assets.localize_assets(m)
    return control


def _escape_layer_names(m: folium.Map) -> None:
    """Layer names reach the control as HTML: escape every name once."""
    for child in m._children.values():
        if isinstance(child, Layer) and not getattr(child, "name_is_html", False):
            child.layer_name = escape(str(child.layer_name))
            child.name_is_html = True


def map_text(key: str, lang: str = "zh") -> str:
    """A word of the map interface (layer names, legend) in ``lang``."""
    if f"map_{key}" not in STRINGS:
        raise ValueError(f"no map text {key!r}")
    return _text(key, check_lang(lang))


__all__ = [
    "BASE_LAYERS",
    "LANGS",
    "Legend",
    "LegendEntry",
    "StaticGeoJson",
    "add_layer_control",
    "base_legend",
    "base_map",
    "district_bounds",
    "legend_of",
    "map_text",
    "metro_line_colours",
]
