"""The answer to a spatial question, drawn on the map as one folium group.

An inside/near answer is the zone outline (or corridor) or the distance circle, dashed black,
and the result items highlighted in orange; a reach answer is one tinted area per facility and
the part of the district beyond reach in red. Every result and area carries its item's ``id``,
so a click on it selects the item (the page shows its details). Every text is escaped here.
SVG classes (``answer-outline``, ``answer-result``, ``answer-reach``, ``answer-uncovered``) name
the parts for the browser tests.
"""

from __future__ import annotations

import json

import folium
import geopandas as gpd
import shapely

from layers.vocab import STATUSES, label
from webmap.escape import html_text as escape
from webmap.i18n import name_field, t
from webmap.planweb import SELECTED_PATH_STYLE
from webmap.styles import MARKER_SIZE, marker_svg

#: Colour of highlighted results (not used by any plan layer or status).
RESULT_COLOUR = "#FF5A00"
OUTLINE_COLOUR = "#000000"
UNCOVERED_COLOUR = "#C0001A"
#: Tints of reach areas, one per facility in turn.
REACH_COLOURS = ("#6A3D9A", "#1F9E89", "#3182BD", "#E7298A", "#A6761D", "#66A61E", "#7570B3")
#: Web coordinates rounded to about 1 m, as the plan groups are.
WEB_GRID = 1e-5


def answer_group(
    lang: str,
    *,
    outline: shapely.Geometry | None = None,
    outline_label: str = "",
    results: gpd.GeoDataFrame | None = None,
    areas: gpd.GeoDataFrame | None = None,
    uncovered: shapely.Geometry | None = None,
    uncovered_label: str = "",
) -> folium.FeatureGroup:
    """Build the answer's feature group (drawn above the plan items).

    Parameters
    ----------
    lang : {"zh", "en"}
    outline : shapely geometry, optional
        The zone, corridor or distance circle (WGS84).
    outline_label : str
        Its tooltip (plain text; escaped here).
    results : GeoDataFrame, optional
        Result items (``id``, ``name_zh``, ``name_en``, ``status``; ``distance_m`` or
        ``share_inside`` when present), WGS84.
    areas : GeoDataFrame, optional
        Reach areas (``id``, ``name_zh``, ``name_en``, ``area_km2``), WGS84.
    uncovered : shapely geometry, optional
        The part of the district beyond reach (WGS84).
    uncovered_label : str
        Its tooltip.

    Returns
    -------
    folium.FeatureGroup
    """
    group = folium.FeatureGroup(name=t("answer_layer", lang), control=False)
    if uncovered is not None and not uncovered.is_empty:
        _shape(uncovered, uncovered_label, "answer-uncovered").add_to(group)
    if areas is not None and not areas.empty:
        _reach_areas(areas, lang).add_to(group)
    if results is not None and not results.empty:
        _results(results, lang, group)
    if outline is not None and not outline.is_empty:  # on top: large results must not hide it
        _shape(outline, outline_label, "answer-outline").add_to(group)
    return group


def _feature(geometry: shapely.Geometry, properties: dict) -> dict:
    rounded = shapely.set_precision(geometry, WEB_GRID)
    return {"type": "Feature", "properties": properties, "geometry": json.loads(
        shapely.to_geojson(rounded))}  # fmt: skip


def _shape(geometry: shapely.Geometry, text: str, css: str) -> folium.GeoJson:
    colour = UNCOVERED_COLOUR if css == "answer-uncovered" else OUTLINE_COLOUR
    style = {
        "color": colour,
        "weight": 3.5 if css == "answer-outline" else 1.5,
        "dashArray": "10 6",
        "fill": True,
        "fillColor": colour,
        "fillOpacity": 0.14 if css == "answer-uncovered" else 0.06,
    }
    collection = {"type": "FeatureCollection",
                  "features": [_feature(geometry, {"label": escape(text)})]}  # fmt: skip
    return folium.GeoJson(
        collection,
        style_function=lambda _: style,
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
        className=css,
        interactive=css == "answer-uncovered",  # the outline must not swallow clicks on items
    )


def _label(row, lang: str) -> str:
    primary, secondary = ("name_en", "name_zh") if lang == "en" else ("name_zh", "name_en")
    extra = ""
    if "distance_m" in row and row["distance_m"] == row["distance_m"]:
        extra = f" · {row['distance_m']:.0f} m"
    elif "share_inside" in row and row["share_inside"] == row["share_inside"]:
        extra = f" · {row['share_inside']:.0%} {t('share_inside', lang)}"
    return (
        f"<b>{escape(str(row[primary]))}</b><br>{escape(str(row[secondary]))}"
        f"<br>{escape(label(STATUSES, row['status'], lang))}{escape(extra)}"
    )


def _results(results: gpd.GeoDataFrame, lang: str, group: folium.FeatureGroup) -> None:
    placed = results[results.geometry.notna() & ~results.geometry.is_empty]
    features = [
        _feature(row.geometry, {"id": escape(str(row["id"])), "label": _label(row, lang)})
        for _, row in placed.iterrows()
    ]
    points = [f for f in features if f["geometry"]["type"] in ("Point", "MultiPoint")]
    paths = [f for f in features if f not in points]
    tooltip = {"fields": ["label"], "labels": False}
    if paths:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": paths},
            style_function=lambda _: {"color": RESULT_COLOUR, "weight": 3.5, "opacity": 0.9,
                                      "fillColor": RESULT_COLOUR, "fillOpacity": 0.06},
            tooltip=folium.GeoJsonTooltip(**tooltip),
            className="answer-result",
        ).add_to(group)  # fmt: skip
    if points:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": points},
            marker=folium.CircleMarker(
                radius=13, color=RESULT_COLOUR, weight=4, fill=True, fill_opacity=0.15,
                className="answer-result",
            ),
            tooltip=folium.GeoJsonTooltip(**tooltip),
        ).add_to(group)  # fmt: skip


def _reach_areas(areas: gpd.GeoDataFrame, lang: str) -> folium.GeoJson:
    primary = name_field(lang)
    features = []
    colours = {}
    for index, (_, row) in enumerate(areas.iterrows()):
        item_id = escape(str(row["id"]))
        colours[item_id] = REACH_COLOURS[index % len(REACH_COLOURS)]
        text = t("reach_area_row", lang, name=row[primary], km2=f"{row['area_km2']:.2f}")
        features.append(_feature(row.geometry, {"id": item_id, "label": escape(text)}))
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda f: {
            "color": colours[f["properties"]["id"]],
            "weight": 2,
            "fillColor": colours[f["properties"]["id"]],
            "fillOpacity": 0.35,
        },
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
        className="answer-reach",
    )


def selection_group(items: gpd.GeoDataFrame, item_id: str | None) -> folium.FeatureGroup | None:
    """A group drawing one item emphasised (thick dark outline, larger marker), or None.

    Parameters
    ----------
    items : GeoDataFrame
        Plan items (WGS84).
    item_id : str or None
        The item to emphasise.

    Returns
    -------
    folium.FeatureGroup or None
        None when the item is not given or not drawn.
    """
    if not item_id:
        return None
    chosen = items[(items["id"] == item_id) & items.geometry.notna()]
    if chosen.empty:
        return None
    row = chosen.iloc[0]
    group = folium.FeatureGroup(name="selected", control=False)
    geometry = row.geometry
    if geometry.geom_type == "Point":
        size = MARKER_SIZE + 12
        folium.Marker(
            [geometry.y, geometry.x],
            icon=folium.DivIcon(
                html=marker_svg(row["status"], size=size, selected=True),
                icon_size=(size, size),
                icon_anchor=(size // 2, size // 2),
                class_name="plan-selected",
            ),
            z_index_offset=1000,
        ).add_to(group)
    else:
        folium.GeoJson(
            shapely.geometry.mapping(geometry),
            style_function=lambda feature: dict(SELECTED_PATH_STYLE),
        ).add_to(group)
    return group
