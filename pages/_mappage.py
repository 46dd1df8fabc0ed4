"""The map page: filtered plan items on the offline base map, details, search and spatial tools.

Pan and zoom never rerun the script (only a click on an item returns to the server), and the
base map's script stays identical between runs, so filter changes only swap the plan groups.
"""

from __future__ import annotations

import json
import math

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from layers.spatial import items_near, items_within, status_summary
from layers.vocab import KINDS, LAYERS, PRECISIONS, STATUSES, UNMAPPED_REASONS, label
from pages._ui import (
    asof_caption,
    current_view,
    md,
    metro_stations,
    most_specific_sections,
    plan_items,
    section_labels,
    select_item,
    selected_item,
    selected_items,
)
from webmap.basemap import base_map, dynamic_layer_control, legend_of
from webmap.escape import blank, md_t
from webmap.i18n import item_name, join, name_field, other_lang, t
from webmap.planmap import plan_groups, plan_legend_entries, selection_group
from webmap.styles import LAYER_COLOURS, STATUS_STYLES, marker_svg

MAP_HEIGHT = 640


def render() -> None:
    """Draw the whole map page for the current view."""
    view = current_view()
    lang = view.lang
    items = plan_items()
    chosen = selected_items(items, view)
    st.title(t("app_title", lang))
    unmapped = int((~chosen["mapped"].astype(bool)).sum())
    count = t("showing", lang, n=len(chosen))
    note = f" {t('showing_unmapped', lang, n=unmapped)}" if unmapped else ""
    st.markdown(f"**{count}**{note}")
    asof_caption(view)
    if chosen.empty:
        st.info(t("empty_result", lang))
    _search_results(chosen, view)
    map_column, side_column = st.columns([7, 3], gap="small")
    with map_column:
        _draw_map(items, chosen, view)
        st.caption(t("credits", lang))
    with side_column:
        _details(items, view.selected, lang)
        _legend(chosen, lang)
    _unmapped_items(chosen, lang)
    _spatial_tools(items, chosen, lang)


def _search_results(chosen: gpd.GeoDataFrame, view) -> None:
    """When searching, offer the matches; picking one selects it and jumps there."""
    if not view.query:
        return
    if chosen.empty:
        st.warning(md_t("search_no_match", view.lang, q=view.query))
        return
    name = name_field(view.lang)
    options = list(chosen.sort_values(name)["id"])
    names = dict(zip(chosen["id"], chosen[name], strict=True))
    current = view.selected
    picked = st.selectbox(
        t("search_pick", view.lang),
        options=options,
        index=options.index(current) if current in options else 0,
        format_func=names.get,
        key=f"search_pick_{view.query}",
    )
    if picked != current:
        select_item(picked)


def _unmapped_items(chosen: gpd.GeoDataFrame, lang: str) -> None:
    """The selected items that are not drawn, by reason; picking one shows its details."""
    unmapped = chosen[~chosen["mapped"].astype(bool)]
    if unmapped.empty:
        return
    with st.expander(t("unmapped_items", lang, n=len(unmapped))):
        ordered = unmapped.sort_values(["unmapped_reason", name_field(lang)])
        reasons = {
            row["id"]: f"{label(UNMAPPED_REASONS, row['unmapped_reason'], lang)} · "
            f"{item_name(row, lang)}"
            for _, row in ordered.iterrows()
        }
        for code in UNMAPPED_REASONS:
            count = int((unmapped["unmapped_reason"] == code).sum())
            if count:
                st.caption(f"{label(UNMAPPED_REASONS, code, lang)}: {count}")
        st.selectbox(
            t("unmapped_pick", lang),
            options=list(reasons),
            index=None,
            format_func=reasons.get,
            placeholder=t("unmapped_pick", lang),
            key="unmapped_pick",
            on_change=_pick_unmapped,  # only a new pick selects: a map click may follow
        )


def _pick_unmapped() -> None:
    picked = st.session_state.get("unmapped_pick")
    if picked:
        select_item(picked)


def _view_center(items: gpd.GeoDataFrame, item_id: str | None) -> tuple[list[float], int] | None:
    row = items[(items["id"] == item_id) & items.geometry.notna()]
    if row.empty:
        return None
    geometry = row.geometry.iloc[0]
    centre = geometry.representative_point() if geometry.geom_type != "Point" else geometry
    minx, miny, maxx, maxy = geometry.bounds
    extent = max(maxx - minx, maxy - miny, 1e-9)
    zoom = (
        16 if geometry.geom_type == "Point" else max(12, min(16, int(math.log2(0.9 / extent)) + 8))
    )
    return [centre.y, centre.x], zoom


def _draw_map(items: gpd.GeoDataFrame, chosen: gpd.GeoDataFrame, view) -> None:
    lang = view.lang
    selected = view.selected
    try:
        fmap = base_map(lang=lang)
    except (FileNotFoundError, ValueError) as err:
        st.error(str(err))
        st.stop()
    legend = legend_of(fmap).add_section(
        t("map_sec_plan_status", "zh"), t("map_sec_plan_status", "en"), plan_legend_entries()
    )
    legend.collapse_below = 100_000  # starts folded: the page shows its own legend beside the map
    control = dynamic_layer_control(fmap)
    groups = plan_groups(chosen, lang)
    highlight = selection_group(items, selected)
    if highlight is not None:
        groups.append(highlight)
    target = _view_center(items, selected) if selected else None
    result = st_folium(
        fmap,
        key="plan_map",
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
        feature_group_to_add=groups,
        layer_control=control,
        center=target[0] if target else None,
        zoom=target[1] if target else None,
    )
    _handle_click(result)


def _handle_click(result: dict | None) -> None:
    """A click on an item selects it (once per click: the component repeats its last value)."""
    drawing = (result or {}).get("last_active_drawing")
    if not drawing:
        return
    fingerprint = json.dumps(drawing, sort_keys=True)
    if st.session_state.get("_last_click") == fingerprint:
        return
    st.session_state["_last_click"] = fingerprint
    item_id = (drawing.get("properties") or {}).get("id")
    if item_id and item_id != selected_item():
        select_item(item_id)
        st.rerun()


def _details(items: gpd.GeoDataFrame, item_id: str | None, lang: str) -> None:
    st.markdown(f"#### {t('details', lang)}")
    match = items[items["id"] == item_id]
    if not item_id or match.empty:
        st.caption(t("details_hint", lang))
        return
    row = match.iloc[0]
    st.markdown(f"**{md(item_name(row, lang))}**  \n{md(item_name(row, other_lang(lang)))}")
    st.markdown(_details_markdown(row, lang))


def _details_markdown(row: pd.Series, lang: str) -> str:
    """The details of one item as escaped markdown lines."""
    lines = []
    if row["aliases"]:
        lines.append(f"**{t('aliases', lang)}**: {md(join(row['aliases'], lang))}")
    lines.append(f"**{t('kind', lang)}**: {md(label(KINDS, row['kind'], lang))}")
    lines.append(f"**{t('layer', lang)}**: {md(label(LAYERS, row['layer'], lang))}")
    status = STATUS_STYLES[row["status"]].symbol + " " + label(STATUSES, row["status"], lang)
    lines.append(f"**{t('status', lang)}**: {md(status)}")
    basis = (
        t("status_silent", lang)
        if blank(row["status_basis"])
        else t("quoted", lang, text=row["status_basis"])
    )
    lines += _current_status_lines(row, lang)
    lines.append(f"**{t('status_basis', lang)}**: {md(basis)}")
    if isinstance(row.get("status_note"), str) and row["status_note"]:
        lines.append(f"*{md(row['status_note'])}*")
    chapters = join((t("chapter_n", lang, n=c) for c in row["chapters"]), lang)
    lines.append(f"**{t('chapters', lang)}**: {md(chapters)}")
    sections = most_specific_sections(row["sections"], row["subsections"])
    if sections:
        titles = section_labels(lang)
        named = join((titles.get(code, code).strip() for code in sections), lang, "section_sep")
        lines.append(f"**{t('sections', lang)}**: {md(named)}")
    if row["boxes"]:
        boxes = join((t("box_n", lang, n=b) for b in row["boxes"]), lang)
        lines.append(f"**{t('boxes', lang)}**: {md(boxes)}")
    lines += _position_lines(row, lang)
    lines.append(f"**{t('as_of', lang)}**: {md(row['as_of'])}")
    return "  \n".join(lines)


def _current_status_lines(row: pd.Series, lang: str) -> list[str]:
    """When an edit set a current status: its evidence, and the plan's baseline beside it."""
    if not isinstance(row.get("current_date"), str):
        return []
    cited = row["current_document"] if isinstance(row["current_document"], str) else None
    source = cited or t("plan_text", lang)
    quote = t("quoted", lang, text=row["current_basis"])
    evidence = t("evidence_cited", lang, quote=quote, source=source, date=row["current_date"])
    baseline = row["baseline_status"]
    return [
        f"**{t('current_basis', lang)}**: {md(evidence)}",
        f"**{t('recorded_by', lang)}**: {md(row['current_by'])}",
        f"**{t('baseline_status', lang)}**: "
        f"{md(STATUS_STYLES[baseline].symbol + ' ' + label(STATUSES, baseline, lang))}",
    ]


def _position_lines(row: pd.Series, lang: str) -> list[str]:
    if not row["mapped"]:
        reason = label(UNMAPPED_REASONS, row["unmapped_reason"], lang)
        return [f"**{t('not_mapped', lang)}**: {md(reason)}"]
    lines = [
        f"**{t('precision', lang)}**: {md(label(PRECISIONS, row['precision'], lang))}",
        f"**{t('position_source', lang)}**: {md(row['position_source'])}",
    ]
    if pd.notna(row.get("length_km")):
        lines.append(f"**{t('measured_length', lang)}**: {row['length_km']:.2f} km")
    if pd.notna(row.get("stated_length_km")):
        lines.append(f"**{t('stated_length', lang)}**: {row['stated_length_km']:g} km")
    if pd.notna(row.get("area_km2")):
        lines.append(f"**{t('measured_area', lang)}**: {row['area_km2']:.2f} km²")
    if isinstance(row.get("position_date"), str):
        moved = f"{row['position_date']} · {row['position_by']}"
        lines.append(f"**{t('position_updated', lang)}**: {md(moved)}")
    return lines


def _legend(chosen: gpd.GeoDataFrame, lang: str) -> None:
    """Status shapes and the colours of the visible layers (our own markup, no user text)."""
    st.markdown(f"#### {t('legend', lang)}")
    rows = [
        f'<div class="legend-row">{marker_svg(code, 14)} {label(STATUSES, code, lang)}</div>'
        for code in STATUSES
    ]
    visible = [code for code in LAYERS if (chosen["layer"] == code).any()]
    rows += [
        f'<div class="legend-row"><span style="display:inline-block;width:14px;height:4px;'
        f'background:{LAYER_COLOURS[code]}"></span> {label(LAYERS, code, lang)}</div>'
        for code in visible
    ]
    rows.append(
        '<div class="legend-row"><span style="display:inline-block;width:14px;'
        f'border-top:2px dashed #555"></span> {label(PRECISIONS, "schematic", lang)}</div>'
    )
    rows.append(
        '<div class="legend-row"><span style="display:inline-block;width:14px;'
        f'border-top:2px dotted #555"></span> {label(PRECISIONS, "vicinity", lang)}</div>'
    )
    st.markdown("".join(rows), unsafe_allow_html=True)


def _spatial_tools(items: gpd.GeoDataFrame, chosen: gpd.GeoDataFrame, lang: str) -> None:
    with st.expander(t("spatial_tools", lang)):
        names = dict(zip(items["id"], items[name_field(lang)], strict=True))
        areas = items[items["kind"].isin(["zone", "belt", "area", "axis", "commercial_district"])]
        areas = areas[areas.geometry.notna()]
        left, right = st.columns(2)
        with left:
            area_id = st.selectbox(
                t("within_zone", lang), list(areas["id"]), format_func=names.get, key="tool_area"
            )
            if area_id:
                geometry = areas.set_index("id").loc[area_id].geometry
                inside = items_within(chosen, geometry, exclude=area_id)
                _item_list(inside, lang)
        with right:
            _near_tool(items, chosen, names, lang)
        summary_areas = items[items["kind"].isin(["zone", "axis"]) & items.geometry.notna()]
        st.markdown(f"**{t('summary_by_zone', lang)}**")
        table = status_summary(chosen, summary_areas, lang)
        table.columns = [label(STATUSES, c, lang) if c in STATUSES else c for c in table.columns]
        st.dataframe(table, width="stretch")


def _near_tool(items, chosen, names: dict, lang: str) -> None:
    stations = metro_stations()
    options = [f"station:{n}" for n in stations["name"]]
    station_names = dict(zip(stations["name"], stations[name_field(lang, "name")], strict=True))
    options += list(items.loc[items.geometry.notna(), "id"])

    def show(option: str) -> str:
        if option.startswith("station:"):
            return t("station_option", lang, name=station_names[option.split(":", 1)[1]])
        return names[option]

    target = st.selectbox(t("near_item", lang), options, format_func=show, key="tool_near")
    distance = st.slider(t("distance_m", lang), 100, 2000, 500, step=100, key="tool_distance")
    if target.startswith("station:"):
        geometry = stations.set_index("name").loc[target.split(":", 1)[1]].geometry
        exclude = None
    else:
        geometry, exclude = items.set_index("id").loc[target].geometry, target
    _item_list(items_near(chosen, geometry, distance, exclude=exclude), lang, with_distance=True)


def _item_list(found: gpd.GeoDataFrame, lang: str, with_distance: bool = False) -> None:
    st.caption(t("showing", lang, n=len(found)))
    for _, row in found.head(40).iterrows():
        extra = f" · {row['distance_m']:.0f} m" if with_distance else ""
        symbol = STATUS_STYLES[row["status"]].symbol
        st.markdown(f"- {symbol} {md(item_name(row, lang))}{extra}")
