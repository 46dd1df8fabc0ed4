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
    current_view,
    md,
    metro_stations,
    most_specific_sections,
    plan_items,
    section_labels,
    selected_items,
    write_url,
)
from webmap.basemap import add_layer_control, base_map
from webmap.i18n import t
from webmap.planweb import PlanLayer, PlanView
from webmap.styles import STATUS_STYLES

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
    if chosen.empty:
        st.info(t("empty_result", lang))
    _search_results(chosen, view)
    map_column, side_column = st.columns([7, 3], gap="small")
    with map_column:
        _draw_map(items, chosen, view)
        st.caption(t("credits", lang))
    with side_column:
        _details(items, st.session_state.get("_selected"), lang)
    _unmapped_items(chosen, lang)
    _spatial_tools(items, chosen, lang)


def _select(item_id: str | None) -> None:
    """Make ``item_id`` the selection and put it into the URL."""
    st.session_state["_selected"] = item_id
    view = current_view()
    view.selected = item_id
    write_url(view)


def _search_results(chosen: gpd.GeoDataFrame, view) -> None:
    """When searching, offer the matches; picking one selects it and jumps there."""
    if not view.query:
        return
    if chosen.empty:
        st.warning(t("search_no_match", view.lang, q=view.query))
        return
    name = "name_en" if view.lang == "en" else "name_zh"
    options = list(chosen.sort_values(name)["id"])
    names = dict(zip(chosen["id"], chosen[name], strict=True))
    current = st.session_state.get("_selected")
    picked = st.selectbox(
        t("search_pick", view.lang),
        options=options,
        index=options.index(current) if current in options else 0,
        format_func=names.get,
        key=f"search_pick_{view.query}",
    )
    if picked != current:
        _select(picked)


def _unmapped_items(chosen: gpd.GeoDataFrame, lang: str) -> None:
    """The selected items that are not drawn, by reason; picking one shows its details."""
    unmapped = chosen[~chosen["mapped"].astype(bool)]
    if unmapped.empty:
        return
    with st.expander(t("unmapped_items", lang, n=len(unmapped))):
        name = "name_en" if lang == "en" else "name_zh"
        ordered = unmapped.sort_values(["unmapped_reason", name])
        reasons = {
            row["id"]: f"{label(UNMAPPED_REASONS, row['unmapped_reason'], lang)} · {row[name]}"
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
        _select(picked)


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
    selected = st.session_state.get("_selected")
    try:
        # The map (base and plan items, drawn by static/js from cached static files) is the
        # same script on every run; a filter change only sends the PlanView: ids and a count.
        fmap = base_map(lang=lang)
        fmap.add_child(PlanLayer(lang, add_layer_control(fmap, collapsed=True)), name="plan")
    except (FileNotFoundError, ValueError) as err:
        st.error(str(err))
        st.stop()
    drawn = chosen.loc[chosen.geometry.notna() & ~chosen.geometry.is_empty, "id"]
    drawable = items.loc[items.geometry.notna() & ~items.geometry.is_empty, "id"]
    view = PlanView(drawn, len(chosen), selected, drawable)
    target = _view_center(items, selected) if selected else None
    result = st_folium(
        fmap,
        key="plan_map",
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
        feature_group_to_add=view,
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
    if item_id and item_id != st.session_state.get("_selected"):
        _select(item_id)
        st.rerun()


def _details(items: gpd.GeoDataFrame, item_id: str | None, lang: str) -> None:
    st.markdown(f"#### {t('details', lang)}")
    match = items[items["id"] == item_id]
    if not item_id or match.empty:
        st.caption(t("details_hint", lang))
        return
    row = match.iloc[0]
    first, second = ("name_en", "name_zh") if lang == "en" else ("name_zh", "name_en")
    st.markdown(f"**{md(row[first])}**  \n{md(row[second])}")
    st.markdown(_details_markdown(row, lang))


def _details_markdown(row: pd.Series, lang: str) -> str:
    """The details of one item as escaped markdown lines."""
    lines = []
    if row["aliases"]:
        lines.append(f"**{t('aliases', lang)}**: {md('、'.join(row['aliases']))}")
    lines.append(f"**{t('kind', lang)}**: {md(label(KINDS, row['kind'], lang))}")
    lines.append(f"**{t('layer', lang)}**: {md(label(LAYERS, row['layer'], lang))}")
    status = STATUS_STYLES[row["status"]].symbol + " " + label(STATUSES, row["status"], lang)
    lines.append(f"**{t('status', lang)}**: {md(status)}")
    basis = f"「{row['status_basis']}」" if row["status_basis"] else t("status_silent", lang)
    lines.append(f"**{t('status_basis', lang)}**: {md(basis)}")
    if isinstance(row.get("status_note"), str) and row["status_note"]:
        lines.append(f"*{md(row['status_note'])}*")
    chapters = "、".join(t("chapter_n", lang, n=c) for c in row["chapters"])
    lines.append(f"**{t('chapters', lang)}**: {md(chapters)}")
    sections = most_specific_sections(row["sections"], row["subsections"])
    if sections:
        titles = section_labels(lang)
        named = "；".join(titles.get(code, code).strip() for code in sections)
        lines.append(f"**{t('sections', lang)}**: {md(named)}")
    if row["boxes"]:
        boxes = "、".join(t("box_n", lang, n=b) for b in row["boxes"])
        lines.append(f"**{t('boxes', lang)}**: {md(boxes)}")
    lines += _position_lines(row, lang)
    lines.append(f"**{t('as_of', lang)}**: {md(row['as_of'])}")
    return "  \n".join(lines)


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
    return lines


def _spatial_tools(items: gpd.GeoDataFrame, chosen: gpd.GeoDataFrame, lang: str) -> None:
    with st.expander(t("spatial_tools", lang)):
        name = "name_en" if lang == "en" else "name_zh"
        names = dict(zip(items["id"], items[name], strict=True))
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
    options += list(items.loc[items.geometry.notna(), "id"])

    def show(option: str) -> str:
        if option.startswith("station:"):
            return "🚇 " + option.split(":", 1)[1]
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
    name = "name_en" if lang == "en" else "name_zh"
    for _, row in found.head(40).iterrows():
        extra = f" · {row['distance_m']:.0f} m" if with_distance else ""
        symbol = STATUS_STYLES[row["status"]].symbol
        st.markdown(f"- {symbol} {md(row[name])}{extra}")
