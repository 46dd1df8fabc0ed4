"""The plan items for the browser: one static, cached file and the front-end's JSON config.

The same front-end (``static/js/gulou_plan.js``, ``gulou_legend.js``, ``gulou_details.js``)
draws the plan items, their legend section and the 「当前显示 N 项」 count behind the
Streamlit app, the offline HTML export and the static public site. The items' geometry and
details reach the browser once, as ``static/plan/plan_items.geojson`` (written by
``gulou-map build`` next to ``static/base``; its URL carries a content hash, so the browser
cache answers afterwards); a filter change then sends only the ids to show
(:class:`PlanView`, a few hundred bytes).

Styles stay defined once, in :mod:`webmap.styles`: each line/area item carries its Leaflet path
options in the file, and :func:`plan_config` hands the markers and words to the JavaScript.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import shapely
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geo import settings
from layers.plan import cites_bus_stop, load_outline
from layers.vocab import KINDS, LAYERS, PRECISIONS, STATUSES, UNMAPPED_REASONS
from webmap import escape
from webmap.basemap import _js_json, _versioned_url
from webmap.i18n import t
from webmap.styles import (
    LAYER_COLOURS,
    MARKER_SIZE,
    SCHEMATIC_DASH,
    SELECTED_STROKE,
    VICINITY_DASH,
    marker_svg,
    path_style,
)

#: Where the build writes the browser copy of the plan items, and its URL.
PLAN_STATIC_DIR: Path = settings.STATIC_DIR / "plan"
PLAN_STATIC_URL: str = f"{settings.STATIC_URL}/plan"
PLAN_FILE_NAME = "plan_items.geojson"
JS_DIR: Path = settings.STATIC_DIR / "js"
#: Our front-end modules, in load order (one concern each), and their stylesheet.
PLAN_JS: tuple[str, ...] = ("gulou_details.js", "gulou_legend.js", "gulou_plan.js")
PLAN_CSS: Path = settings.STATIC_DIR / "css" / "gulou_plan.css"

#: Kinds that are areas or lines by nature; any other kind drawn as an area (a schematic
#: circle around a site) gets its status marker at the centre and only a dashed outline.
AREA_KINDS = frozenset(
    {"axis", "zone", "belt", "area", "commercial_district", "park", "hill", "water", "greenway",
     "street"}
)  # fmt: skip
#: Web coordinates are rounded to 1e-5 degree (about 1 m): plenty for a map, half the bytes.
WEB_GRID = 1e-5
#: Properties the browser needs (drawing, filters, search, details); the rest stays on disk.
WEB_FIELDS = (
    "id", "name_zh", "name_en", "aliases", "kind", "layer", "status", "status_basis",
    "status_note", "precision", "position_source", "mapped", "unmapped_reason", "chapters",
    "sections", "subsections", "boxes", "length_km", "stated_length_km", "area_km2", "as_of",
    # an update's evidence (layers.edits), present when the change log is applied
    "baseline_status", "current_basis", "current_document", "current_date",
)  # fmt: skip
#: The selected line or area: a thick dark outline.
SELECTED_PATH_STYLE = {"color": "#111111", "weight": 6, "opacity": 0.9, "fill": False}
HIGHLIGHT_STYLE = {"weight": 5, "fillOpacity": 0.3}


def _plain(value: Any) -> Any:
    """A JSON value: NaN and missing become null, numpy scalars and arrays plain Python."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):
        return _plain(value.tolist())
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):  # display text: no bidi overrides or control characters
        return escape.text(value)
    return value


def plan_collection(items: gpd.GeoDataFrame) -> dict:
    """The items as the browser reads them: one feature per item, unmapped ones without geometry.

    Parameters
    ----------
    items : GeoDataFrame
        Plan items as from :func:`layers.plan.load_plan_items` (WGS84).

    Returns
    -------
    dict
        A GeoJSON FeatureCollection. Lines and areas carry ``style`` (Leaflet path options
        from :func:`webmap.styles.path_style`); a site drawn as a schematic area carries
        ``centre`` (``[lon, lat]``), where its status marker goes.
    """
    missing = [f for f in ("id", "kind", "layer", "status", "precision") if f not in items]
    if missing:
        raise ValueError(f"plan items lack the field(s) {', '.join(missing)}")
    zones = sorted(items.loc[(items["kind"] == "zone") & items.geometry.notna(), "id"])
    features = []
    stops = cites_bus_stop(items) if "position_source" in items.columns else None
    for index, row in items.iterrows():
        props = {f: _plain(row[f]) for f in WEB_FIELDS if f in row.index}
        if stops is not None and bool(stops.loc[index]):
            props["cites_stop"] = True  # the map credits the AMap stops while it is shown
        geometry = row.geometry
        drawn = geometry is not None and not geometry.is_empty
        if drawn and geometry.geom_type not in ("Point", "MultiPoint"):
            site = "Polygon" in geometry.geom_type and row["kind"] not in AREA_KINDS
            zone = zones.index(row["id"]) if row["id"] in zones else 0
            props["style"] = path_style(row["kind"], row["layer"], row["precision"], zone, site)
            if site:
                centre = shapely.set_precision(geometry.representative_point(), WEB_GRID)
                props["centre"] = [centre.x, centre.y]
        shape = (
            json.loads(shapely.to_geojson(shapely.set_precision(geometry, WEB_GRID)))
            if drawn
            else None
        )
        features.append({"type": "Feature", "properties": props, "geometry": shape})
    return {"type": "FeatureCollection", "features": features}


def plan_json(items: gpd.GeoDataFrame) -> str:
    """:func:`plan_collection` as compact, deterministic JSON text."""
    return json.dumps(
        plan_collection(items), ensure_ascii=False, separators=(",", ":"), sort_keys=True
    )


def write_plan_static(items: gpd.GeoDataFrame, folder: Path | None = None) -> Path:
    """Write the browser copy of the plan items (``static/plan/plan_items.geojson``).

    Returns
    -------
    Path
        The file written (unchanged files are not rewritten, so their URL hash stays).
    """
    # settings read now: a build of a repository copy writes into that copy's static/
    path = Path(folder or settings.STATIC_DIR / "plan") / PLAN_FILE_NAME
    text = plan_json(items) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def plan_static_path(folder: Path | None = None) -> Path:
    """The browser copy of the plan items, checking that it exists."""
    path = Path(folder or PLAN_STATIC_DIR) / PLAN_FILE_NAME
    if not path.is_file():
        raise FileNotFoundError(f"{path}: not found; run `gulou-map build --plan-only`")
    return path


def _labels(vocabulary: dict, lang: str) -> dict[str, str]:
    return {code: (term.en if lang == "en" else term.zh) for code, term in vocabulary.items()}


#: Words of the plan's front-end: always (count, legend, tooltips) and for details (the export's
#: popups and the site's details panel; the app shows details itself, and sends less).
_WORDS = ("showing", "showing_one", "legend", "plan_legend", "marker_label")
_DETAIL_WORDS = (
    "status", "status_basis", "status_silent", "chapters", "sections", "boxes", "precision",
    "position_source", "measured_length", "stated_length", "measured_area", "not_mapped", "as_of",
    "chapter_n", "box_n", "aliases", "kind", "layer", "list_sep", "section_sep", "quoted",
    "current_basis", "baseline_status", "plan_text", "evidence_cited",
)  # fmt: skip


def plan_config(lang: str = "zh", popups: bool = False, details: bool | None = None) -> dict:
    """The front-end's configuration: markers, styles, vocabularies and words in ``lang``.

    Parameters
    ----------
    lang : {"zh", "en"}
    popups : bool
        A click opens the item's details in a popup (the offline export) instead of only
        telling the page (the app and the site show details beside the map).
    details : bool, optional
        Include the words and labels of the details (default: when ``popups``).

    Returns
    -------
    dict
        JSON-ready; every label is plain text (the JavaScript escapes what it inserts). The
        marker of each status is :func:`webmap.styles.marker_svg`; the front-end resizes it
        (legend, selection) and gives the selected one ``selectedStroke``.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be zh or en, got {lang!r}")
    details = popups if details is None else details
    keys = _WORDS + (_DETAIL_WORDS if details else ())
    labels = {
        "status": _labels(STATUSES, lang),
        "layer": _labels(LAYERS, lang),
        "kind": _labels(KINDS, lang),  # the markers' accessible names
        "precision": {code: _labels(PRECISIONS, lang)[code] for code in ("schematic", "vicinity")},
    }
    if details:
        labels |= {
            "precision": _labels(PRECISIONS, lang),
            "reason": _labels(UNMAPPED_REASONS, lang),
        }
    extra = {"sectionTitles": _section_titles()} if details else {}
    return extra | {
        "lang": lang,
        "popups": popups,
        "markerSize": MARKER_SIZE,
        "selectedSize": MARKER_SIZE + 12,
        "legendSize": 14,
        "markers": {code: marker_svg(code) for code in STATUSES},
        "selectedStroke": list(SELECTED_STROKE),
        "selectedStyle": SELECTED_PATH_STYLE,
        "highlightStyle": HIGHLIGHT_STYLE,
        "schematicDash": SCHEMATIC_DASH,
        "vicinityDash": VICINITY_DASH,
        "stopCredit": t("credit_bus_stops", lang),
        "layers": [[code, LAYER_COLOURS[code]] for code in LAYERS],
        "labels": labels,
        "words": {key: t(key, lang) for key in keys},
    }


def _section_titles() -> dict[str, str]:
    """Section and subsection codes with the plan's titles (the details name them)."""
    titles = {}
    for chapter in load_outline():
        for section in chapter["sections"]:
            titles[section["code"]] = section["title"]
            titles |= {sub["code"]: sub["title"] for sub in section["subsections"]}
    return titles


def _js_url(name: str) -> str:
    return _versioned_url(f"{settings.STATIC_URL}/js/{name}", JS_DIR / name)


class PlanLayer(JSCSSMixin, MacroElement):
    """The plan items on a folium map, drawn by ``gulou_plan.js`` from the static file.

    Add it after :func:`webmap.basemap.add_layer_control` and pass that control, so the plan's
    map layers appear in it with their counts.

    Parameters
    ----------
    lang : {"zh", "en"}
    control : folium.LayerControl, optional
        The map's layer control.
    popups : bool
        Details in a popup on click (the offline export).
    static_dir : Path, optional
        Folder of ``plan_items.geojson`` (default ``static/plan``).
    items : GeoDataFrame, optional
        Embed these items instead of fetching the file (the offline export).
    show_all : bool
        Show every item once loaded (no :class:`PlanView` will say which).
    details : bool, optional
        Send the words of the details (default: with ``popups``; the static site needs them).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = gulou.plan.create({{ this._parent.get_name() }},
                {{ this.config_js }},
                {{ this.control.get_name() if this.control else "null" }});
            {%- if this.show_all %}
            {{ this.get_name() }}.show(null);
            {%- endif %}
            {%- if this.embedded is not none %}
            {{ this.get_name() }}.addData({{ this.embedded }});
            {%- else %}
            {{ this.get_name() }}.load({{ this.url|tojson }});
            {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(
        self,
        lang: str = "zh",
        control: folium.LayerControl | None = None,
        *,
        popups: bool = False,
        static_dir: Path | None = None,
        items: gpd.GeoDataFrame | None = None,
        show_all: bool = False,
        details: bool | None = None,
    ) -> None:
        super().__init__()
        self._name = "GulouPlan"
        self.control = control
        self.show_all = show_all
        self.default_js = [(name.removesuffix(".js"), _js_url(name)) for name in PLAN_JS]
        css_url = _versioned_url(f"{settings.STATIC_URL}/css/gulou_plan.css", PLAN_CSS)
        self.default_css = [("gulou_plan_css", css_url)]
        self.config_js = _js_json(plan_config(lang, popups, details))
        self.embedded: str | None = None
        self._items = items
        if items is None:
            path = plan_static_path(static_dir)
            self.url = _versioned_url(f"{PLAN_STATIC_URL}/{PLAN_FILE_NAME}", path)
        else:
            self.url = ""
            self.embed()

    def embed(self) -> None:
        """Put the items in the page (for :func:`webmap.assets.standalone_html`)."""
        if self.embedded is not None:
            return
        if self._items is None:
            path = plan_static_path()
            self.embedded = _js_json(json.loads(path.read_text(encoding="utf-8")))
        else:
            self.embedded = _js_json(plan_collection(self._items))


class PlanView(folium.FeatureGroup):
    """Which items to show, the count and the selection: all a filter change sends.

    Given to ``st_folium(feature_group_to_add=...)``; streamlit-folium runs its script after
    the map (which stays the same between reruns) and removes it on the next change.

    Parameters
    ----------
    ids : iterable of str
        Ids of the selected items that are drawn (in any order).
    count : int
        How many items the filters select (drawn or not): the 「当前显示 N 项」 count.
    selected : str, optional
        The item drawn emphasised.
    drawable : iterable of str, optional
        Ids of every item that can be drawn: when ``ids`` are all of them, the view says
        "all" (``null``) instead of listing them.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = gulou.plan.view({{ this._parent.get_name() }},
                {{ this.view_js }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        ids: Iterable[str],
        count: int,
        selected: str | None = None,
        drawable: Iterable[str] | None = None,
    ) -> None:
        super().__init__(name="plan view", control=False)
        ids = sorted(str(i) for i in ids)
        if not isinstance(count, int) or count < len(ids):
            raise ValueError(f"count must be an integer >= the {len(ids)} ids, got {count!r}")
        shown = None if drawable is not None and set(ids) == set(map(str, drawable)) else ids
        self.view_js = _js_json({"ids": shown, "count": count, "selected": selected})
