"""The plan items as folium layers: one toggleable group per map layer, plus the selection.

Only these groups change when a user filters; the base map (``webmap.basemap``) stays the same
and is not sent again. Every text that reaches the page is HTML-escaped here, once.
"""

from __future__ import annotations

import json

import folium
import geopandas as gpd
import pandas as pd
import shapely

from layers.plan import cites_bus_stop
from layers.vocab import LAYERS, PRECISIONS, STATUSES, label
from webmap.basemap import LegendEntry
from webmap.escape import blank
from webmap.escape import html_text as escape
from webmap.i18n import item_name, join, other_lang, t
from webmap.styles import MARKER_SIZE, SCHEMATIC_DASH, VICINITY_DASH, marker_svg, path_style

#: Kinds that are areas or lines by nature; any other kind drawn as an area (a schematic
#: circle around a site) gets its status marker at the centre and only a dashed outline.
AREA_KINDS = frozenset(
    {"axis", "zone", "belt", "area", "commercial_district", "park", "hill", "water", "greenway",
     "street"}
)  # fmt: skip

#: Web coordinates are rounded to 1e-5 degree (about 1 m): plenty for a map, half the bytes.
WEB_GRID = 1e-5


def display_frame(
    items: gpd.GeoDataFrame, lang: str = "zh", popups: bool = False
) -> gpd.GeoDataFrame:
    """Return the mapped items with only the escaped display properties the browser needs.

    Parameters
    ----------
    items : GeoDataFrame
        Plan items (WGS84).
    lang : {"zh", "en"}
    popups : bool
        Also make the ``popup`` column.

    Returns
    -------
    GeoDataFrame
        Columns ``id``, ``layer``, ``kind``, ``status``, ``precision``, ``label`` (escaped
        name and status for the tooltip), ``popup`` (escaped details for the stand-alone
        export) and the rounded geometry.
    """
    placed = items[items.geometry.notna() & ~items.geometry.is_empty]
    labels = [
        f"<b>{escape(item_name(row, lang))}</b><br>{escape(item_name(row, other_lang(lang)))}"
        f"<br>{escape(label(STATUSES, row['status'], lang))}"
        for _, row in placed.iterrows()
    ]
    frame = gpd.GeoDataFrame(
        {
            "id": [escape(str(v)) for v in placed["id"]],
            "layer": placed["layer"].to_numpy(),
            "kind": placed["kind"].to_numpy(),
            "status": placed["status"].to_numpy(),
            "precision": placed["precision"].to_numpy(),
            "label": labels,
        },
        geometry=shapely.set_precision(placed.geometry.to_numpy(), WEB_GRID),
        crs=items.crs,
    )
    if popups:
        frame.insert(6, "popup", [_popup_html(row, lang) for _, row in placed.iterrows()])
    return frame


def _popup_html(row, lang: str) -> str:
    """Details of an item for a popup (every value escaped)."""
    chapters = join((t("chapter_n", lang, n=c) for c in row["chapters"]), lang)
    basis = (
        t("status_silent", lang)
        if blank(row["status_basis"])
        else t("quoted", lang, text=row["status_basis"])
    )
    rows = [(t("status", lang), label(STATUSES, row["status"], lang))]
    if isinstance(row.get("current_date"), str):  # an update's evidence, the baseline beside it
        source = row.get("current_document") or t("plan_text", lang)
        quote = t("quoted", lang, text=row["current_basis"])
        rows += [
            (
                t("current_basis", lang),
                t("evidence_cited", lang, quote=quote, source=source, date=row["current_date"]),
            ),
            (t("baseline_status", lang), label(STATUSES, row["baseline_status"], lang)),
        ]
    rows += [
        (t("status_basis", lang), basis),
        (t("chapters", lang), chapters),
        (t("precision", lang), label(PRECISIONS, row["precision"], lang)),
    ]
    body = "".join(f"<div><b>{escape(k)}</b>: {escape(str(v))}</div>" for k, v in rows)
    names = f"<b>{escape(item_name(row, lang))}</b><br>{escape(item_name(row, other_lang(lang)))}"
    return f"<div>{names}</div>{body}"


def plan_groups(
    items: gpd.GeoDataFrame, lang: str = "zh", popups: bool = False
) -> list[folium.FeatureGroup]:
    """Build one feature group per map layer that has items, in the plan's layer order.

    Parameters
    ----------
    items : GeoDataFrame
        The (filtered) plan items.
    lang : {"zh", "en"}
    popups : bool
        Add a details popup to every item (for the stand-alone export; the app shows details
        beside the map instead, and sends less).

    Returns
    -------
    list of folium.FeatureGroup
        Named ``<layer label> (<count>)``; areas first, then lines, then point markers. A group
        with an item placed from an AMap bus stop carries the stops' credit as attribution.
    """
    on_stops = set()
    if "position_source" in items.columns:
        on_stops = {escape(str(v)) for v in items.loc[cites_bus_stop(items), "id"]}
    frame = _sites_as_markers(display_frame(items, lang, popups))
    zone_ids = sorted(frame.loc[frame["kind"] == "zone", "id"])
    features = _features(frame)
    groups = []
    for code in LAYERS:
        subset = [f for f in features if f["properties"]["layer"] == code]
        if not subset:
            continue
        ids = {f["properties"]["id"] for f in subset}
        count = len(ids)
        # Leaflet's featureGroup ignores options; its GeoJSON layers carry the attribution.
        credit = {"attribution": escape(t("credit_bus_stops", lang))} if on_stops & ids else {}
        group = folium.FeatureGroup(name=f"{label(LAYERS, code, lang)} ({count})")
        _add_paths(group, subset, zone_ids, credit)
        _add_markers(group, subset, credit)
        groups.append(group)
    return groups


def _sites_as_markers(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Give sites placed as schematic areas a marker at their centre and an unfilled outline.

    Several sites may share one circle (firms "somewhere in 福州软件园"); filled, they would
    stack into a dark blot, and a site reads as a place, not a region.
    """
    sites = frame.geom_type.str.contains("Polygon") & ~frame["kind"].isin(AREA_KINDS)
    frame = frame.assign(outline=sites)
    centres = frame[sites].assign(outline=False)
    centres = centres.set_geometry(
        shapely.set_precision(centres.geometry.representative_point().to_numpy(), WEB_GRID)
    )
    return pd.concat([frame, centres], ignore_index=True)


def _features(frame: gpd.GeoDataFrame) -> list[dict]:
    """Plain GeoJSON features (much faster for folium than a GeoDataFrame's interface)."""
    columns = [c for c in frame.columns if c != frame.geometry.name]
    records = frame[columns].to_dict("records")
    geometries = shapely.to_geojson(frame.geometry.to_numpy())
    return [
        {"type": "Feature", "properties": props, "geometry": json.loads(geometry)}
        for props, geometry in zip(records, geometries, strict=True)
    ]


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def _is_point(feature: dict) -> bool:
    return feature["geometry"]["type"] in ("Point", "MultiPoint")


def _add_paths(
    group: folium.FeatureGroup, subset: list[dict], zone_ids: list[str], options: dict
) -> None:
    # Areas under lines: larger geometries first so small ones stay clickable on top.
    paths = sorted(
        (f for f in subset if not _is_point(f)),
        key=lambda f: ("Polygon" not in f["geometry"]["type"], f["properties"]["id"]),
    )
    if not paths:
        return
    styles = {}
    for feature in paths:
        props = feature["properties"]
        zone_index = zone_ids.index(props["id"]) if props["id"] in zone_ids else 0
        styles[props["id"]] = path_style(
            props["kind"], props["layer"], props["precision"], zone_index, props["outline"]
        )
    folium.GeoJson(
        _collection(paths),
        style_function=lambda feature: styles[feature["properties"]["id"]],
        highlight_function=lambda feature: {"weight": 5, "fillOpacity": 0.3},
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
        popup=_popup(paths),
        **options,
    ).add_to(group)


def _popup(features: list[dict]) -> folium.GeoJsonPopup | None:
    if "popup" not in features[0]["properties"]:
        return None
    return folium.GeoJsonPopup(fields=["popup"], labels=False, max_width=360)


def _add_markers(group: folium.FeatureGroup, subset: list[dict], options: dict) -> None:
    points = [f for f in subset if _is_point(f)]
    for status in STATUSES:
        same = [f for f in points if f["properties"]["status"] == status]
        if not same:
            continue
        icon = folium.DivIcon(
            html=marker_svg(status),
            icon_size=(MARKER_SIZE, MARKER_SIZE),
            icon_anchor=(MARKER_SIZE // 2, MARKER_SIZE // 2),
            class_name=f"plan-marker plan-{status}",
        )
        folium.GeoJson(
            _collection(same),
            marker=folium.Marker(icon=icon),
            tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
            popup=_popup(same),
            **options,
        ).add_to(group)


def selection_group(items: gpd.GeoDataFrame, item_id: str | None) -> folium.FeatureGroup | None:
    """A group drawing the selected item emphasised (thick dark outline, larger marker)."""
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
            shapely.geometry.mapping(shapely.set_precision(geometry, WEB_GRID)),
            style_function=lambda feature: {
                "color": "#111111",
                "weight": 6,
                "opacity": 0.9,
                "fill": False,
            },
        ).add_to(group)
    return group


def plan_legend_entries() -> list[LegendEntry]:
    """Legend rows: each status's marker, the schematic dash, the vicinity dots."""
    entries = [
        LegendEntry(term.zh, term.en, kind="svg", colour="#000000", svg=marker_svg(code, 14))
        for code, term in STATUSES.items()
    ]
    schematic = PRECISIONS["schematic"]
    entries.append(
        LegendEntry(schematic.zh, schematic.en, kind="line", colour="#555555", dash=SCHEMATIC_DASH)
    )
    vicinity = PRECISIONS["vicinity"]
    entries.append(
        LegendEntry(vicinity.zh, vicinity.en, kind="line", colour="#555555", dash=VICINITY_DASH)
    )
    return entries
