"""The map page: filtered plan items on the offline base map, details, search and spatial tools.

Pan and zoom never rerun the script (only a click on an item returns to the server), and the
base map's script stays identical between runs, so filter changes only swap the plan groups.
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import reach
from geo.projection import area_km2
from layers import export
from layers.base import load_base_layer
from layers.spatial import (
    CONTAINER_KINDS,
    find_station,
    inside_region,
    items_near,
    items_within,
    near_region,
    reach_facilities,
    status_summary,
)
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
    write_url,
)
from pages._urlstate import Question
from webmap.answers import answer_group
from webmap.basemap import add_layer_control, base_map, legend_of
from webmap.escape import blank, md_t
from webmap.i18n import item_name, join, name_field, other_lang, t
from webmap.planweb import PlanLayer, PlanView
from webmap.styles import STATUS_STYLES

MAP_HEIGHT = 640
#: The details heading's anchor: a phone's "details below" link jumps to it.
DETAILS_ANCHOR = "gulou-details"


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
    count_line = f"**{count}**{note}"
    with st.container(key="map_count_top"):  # on a phone it moves below the map (_ui CSS)
        st.markdown(count_line)
    asof_caption(view)
    if chosen.empty:
        st.info(t("empty_result", lang))
    _search_results(chosen, view)
    map_column, side_column = st.columns([7, 3], gap="small")
    with map_column:
        _draw_map(items, chosen, view)
        with st.container(key="map_count_below"):
            if view.selected:  # on a phone the details come after the map: say so
                cue = html.escape(t("details_below", lang))
                st.html(f'<a href="#{DETAILS_ANCHOR}"><b>{cue}</b></a>')
            st.markdown(count_line)
        st.caption(t("credits", lang))
    with side_column:
        _details(items, view.selected, lang)
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
        # The map (base and plan items, drawn by static/js from cached static files) is the
        # same script on every run; a filter change only sends the PlanView: ids and a count.
        fmap = base_map(lang=lang)
        # The legend starts folded (its toggle stays in view): open, it hides a third of the
        # district, and the name labels give way to it.
        legend_of(fmap).collapse_below = 100_000
        fmap.add_child(PlanLayer(lang, add_layer_control(fmap, collapsed=True)), name="plan")
    except (FileNotFoundError, ValueError) as err:
        st.error(str(err))
        st.stop()
    drawn = chosen.loc[chosen.geometry.notna() & ~chosen.geometry.is_empty, "id"]
    drawable = items.loc[items.geometry.notna() & ~items.geometry.is_empty, "id"]
    # The plan view (ids, count, selection) and a spatial question's answer, if any, change
    # per interaction; nothing else is resent.
    groups = [PlanView(drawn, len(chosen), selected, drawable)]
    groups += _answer_layers(items, chosen, view)
    target = _view_center(items, selected) if selected else None
    result = st_folium(
        fmap,
        key="plan_map",
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
        feature_group_to_add=groups,
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
    st.subheader(t("details", lang), anchor=DETAILS_ANCHOR)
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


# --- spatial questions: inside / near / station / walking reach --------------------------------

#: The questions, in the order the tool offers them.
ASKS = ("none", "inside", "near", "station", "reach")


@dataclass
class _Answer:
    """What a question found, for the map and the list beside it."""

    title: str
    rule: str
    group: object  # folium.FeatureGroup
    results: gpd.GeoDataFrame | None = None
    areas: gpd.GeoDataFrame | None = None
    uncovered: object = None  # shapely geometry
    note: str = ""
    slug: str = "answer"
    goal: str = ""


@st.cache_resource(show_spinner=False)
def _street_graph():
    """The committed street network as a graph (built once per server)."""
    return reach.street_graph(load_base_layer("roads"))


@st.cache_data(show_spinner=False)
def _reach(kind: str, minutes: int, statuses: tuple[str, ...]):
    """Reach areas of the mapped items of ``kind``, the unreached part and its share."""
    facilities = reach_facilities(plan_items(), [kind], list(statuses) or None)
    areas = reach.service_areas(_street_graph(), facilities, minutes)
    district = load_base_layer("district").geometry.union_all()
    rest, share = reach.uncovered_area(district, areas)
    return areas, rest, share


def _answer_layers(items: gpd.GeoDataFrame, chosen: gpd.GeoDataFrame, view) -> list:
    """The answer's group for the map (empty without a question or when it fails)."""
    try:
        answer = _answer(items, chosen, view.question, view.lang)
    except ValueError:
        return []  # the tools below the map say why
    return [answer.group] if answer else []


def _answer(items, chosen, question, lang: str) -> _Answer | None:
    """Answer ``question`` over the selected items (reach: over all mapped items)."""
    if question is None:
        return None
    if question.ask == "reach":
        return _reach_answer(question, lang)
    name = name_field(lang)
    if question.ask == "station":
        station = find_station(metro_stations(), question.target)
        label_ = station["name_en"] if lang == "en" and station["name_en"] else station["name"]
        target_name, geometry, exclude = (
            t("station_name", lang, name=label_),
            station.geometry,
            None,
        )
    else:
        row = items.set_index("id").loc[question.target]
        target_name, geometry, exclude = row[name], row.geometry, question.target
    if question.ask == "inside":
        outline = inside_region(geometry, question.corridor_m)
        results = items_within(
            chosen, geometry, exclude=exclude, area_kind=row["kind"],
            corridor_m=question.corridor_m,
        )  # fmt: skip
        title = t("answer_inside", lang, n=len(results), name=target_name)
        rule = t("rule_inside", lang, w=question.corridor_m)
    else:
        outline = near_region(geometry, question.distance_m)
        results = items_near(chosen, geometry, question.distance_m, exclude=exclude)
        title = t("answer_near", lang, n=len(results), name=target_name, d=question.distance_m)
        rule = t("rule_near", lang, d=question.distance_m)
    group = answer_group(lang, outline=outline, outline_label=target_name, results=results)
    slug = f"{question.ask}-{question.target if question.ask != 'station' else 'station'}"
    return _Answer(title, rule, group, results=results, slug=slug)


def _reach_answer(question, lang: str) -> _Answer:
    areas, rest, share = _reach(question.target, question.minutes, question.statuses)
    note = t("reach_share", lang, share=f"{share:.1%}", km2=f"{area_km2(rest):.1f}",
             min=question.minutes)  # fmt: skip
    group = answer_group(
        lang, areas=areas, uncovered=rest, uncovered_label=t("beyond_reach", lang,
                                                            share=f"{share:.1%}"),
    )  # fmt: skip
    title = f"{label(KINDS, question.target, lang)} · {t('ask_reach', lang)}"
    rule = t(
        "reach_rule", lang, n=len(areas), speed=f"{reach.WALK_SPEED_KMH:g}",
        min=question.minutes, m=f"{reach.walk_metres(question.minutes):.0f}",
    )  # fmt: skip
    goal = t("reach_goal_hospital" if question.target == "hospital" else "reach_goal_general", lang)
    return _Answer(title, rule, group, areas=areas, uncovered=rest, note=note,
                   slug=f"reach-{question.target}-{question.minutes}min", goal=goal)  # fmt: skip


def _spatial_tools(items: gpd.GeoDataFrame, chosen: gpd.GeoDataFrame, lang: str) -> None:
    question = current_view().question
    with st.expander(t("spatial_tools", lang), expanded=question is not None):
        _question_widgets(items, lang, question)
        try:
            answer = _answer(items, chosen, question, lang)
        except ValueError as err:
            st.warning(str(err))
            answer = None
        if answer is not None:
            _show_answer(answer, lang)
        summary_areas = items[items["kind"].isin(["zone", "axis"]) & items.geometry.notna()]
        st.markdown(f"**{t('summary_by_zone', lang)}**")
        table = status_summary(chosen, summary_areas, lang)
        table.columns = [label(STATUSES, c, lang) if c in STATUSES else c for c in table.columns]
        st.dataframe(table, width="stretch")


def _tool_options(items: gpd.GeoDataFrame, lang: str) -> dict[str, dict[str, str]]:
    """For each question, its possible targets (value -> shown label)."""
    name = name_field(lang)
    placed = items[items.geometry.notna()].sort_values(["kind", name])
    containers = placed[placed["kind"].isin(CONTAINER_KINDS)]
    stations = metro_stations()
    return {
        "inside": {
            i: f"{label(KINDS, k, lang)} · {n}"
            for i, k, n in zip(containers["id"], containers["kind"], containers[name], strict=True)
        },
        "near": dict(zip(placed["id"], placed[name], strict=True)),
        "station": {
            n: (e if lang == "en" and isinstance(e, str) and e else n)
            for n, e in zip(stations["name"], stations["name_en"], strict=True)
        },
        "reach": {k: label(KINDS, k, lang) for k in KINDS if (placed["kind"] == k).any()},
    }


def _question_widgets(items: gpd.GeoDataFrame, lang: str, question) -> None:
    """The question picker; a change becomes the view's question (and the URL's)."""
    options = _tool_options(items, lang)
    st.session_state["_tool_options"] = {ask: list(o) for ask, o in options.items()}
    state = st.session_state
    defaults = {
        "tool_ask": question.ask if question else "none",
        "tool_distance": question.distance_m if question else 500,
        "tool_corridor": question.corridor_m if question else 300,
        "tool_minutes": question.minutes if question else 15,
        "tool_reach_status": list(question.statuses) if question else [],
    }
    if question is not None and question.target in options[question.ask]:
        defaults[f"tool_{question.ask}"] = question.target
    for key, value in defaults.items():
        state.setdefault(key, value)
    ask = st.radio(t("ask_label", lang), ASKS, format_func=lambda a: t(f"ask_{a}", lang),
                   key="tool_ask", horizontal=True, on_change=_question_changed)  # fmt: skip
    if ask == "none":
        return
    left, right = st.columns(2)
    with left:
        st.selectbox(
            t("reach_kind" if ask == "reach" else f"ask_target_{ask}", lang),
            list(options[ask]),
            format_func=options[ask].get,
            key=f"tool_{ask}",
            on_change=_question_changed,
        )
    with right:
        if ask == "inside":
            st.slider(t("corridor_m", lang), 50, 2000, step=50, key="tool_corridor",
                      on_change=_question_changed)  # fmt: skip
        elif ask in ("near", "station"):
            st.slider(t("distance_m", lang), 50, 3000, step=50, key="tool_distance",
                      on_change=_question_changed)  # fmt: skip
        else:
            st.slider(t("reach_minutes", lang), 5, 30, step=1, key="tool_minutes",
                      on_change=_question_changed)  # fmt: skip
            st.multiselect(
                t("reach_statuses", lang), list(STATUSES),
                format_func=lambda code: label(STATUSES, code, lang),
                key="tool_reach_status", on_change=_question_changed,
                placeholder=t("choose", lang),
            )  # fmt: skip
    if question is None or question.ask != ask:
        _question_changed()  # a freshly picked question starts on its first target


def _question_changed() -> None:
    """Make the tools' values the view's question; app.py writes it to the URL."""
    state = st.session_state
    ask = state.get("tool_ask", "none")
    if ask == "none":
        state["_question"] = None
    else:
        choices = state.get("_tool_options", {}).get(ask, [])
        target = state.get(f"tool_{ask}") or (choices[0] if choices else "")
        state["_question"] = Question(
            ask,
            target,
            distance_m=int(state.get("tool_distance", 500)),
            corridor_m=int(state.get("tool_corridor", 300)),
            minutes=int(state.get("tool_minutes", 15)),
            statuses=tuple(c for c in STATUSES if c in state.get("tool_reach_status", [])),
        )
    view = current_view()
    view.question = state["_question"]
    write_url(view)


def _show_answer(answer: _Answer, lang: str) -> None:
    st.markdown(f"**{md(answer.title)}**")
    st.caption(answer.rule)
    if answer.note:
        st.markdown(md(answer.note))
    if answer.goal:
        st.caption(answer.goal)
    found = answer.areas if answer.areas is not None else answer.results
    _result_buttons(found, lang)
    _downloads(found, answer.slug, lang)
    st.caption(t("answer_shared", lang))


def _extra(row: pd.Series, lang: str) -> str:
    """What a result button adds to the name: distance, share inside, or walking area."""
    if "distance_m" in row:
        return f" · {row['distance_m']:.0f} m"
    if "share_inside" in row:
        return f" · {row['share_inside']:.0%} {t('share_inside', lang)}"
    return f" · {row['area_km2']:.2f} km²"


def _result_buttons(found: gpd.GeoDataFrame, lang: str, limit: int = 40) -> None:
    """Each result (or reach facility) as a button that selects it (details beside the map)."""
    if found.empty:
        return
    st.caption(t("answer_pick", lang))
    name = name_field(lang)
    columns = st.columns(2)
    for index, (_, row) in enumerate(found.head(limit).iterrows()):
        columns[index % 2].button(
            f"{STATUS_STYLES[row['status']].symbol} {md(row[name])}{md(_extra(row, lang))}",
            key=f"answer_{row['id']}",
            on_click=select_item,
            args=(row["id"],),
            width="stretch",
        )
    if len(found) > limit:
        st.caption(t("answer_more", lang, n=len(found) - limit))


def _downloads(frame: gpd.GeoDataFrame, slug: str, lang: str) -> None:
    ordered = export.ordered(frame) if "name_zh" in frame.columns else frame
    left, right, _ = st.columns([1, 1, 2])
    left.download_button(
        t("download_csv", lang), data=export.write(ordered, "csv", "answer", None),
        file_name=f"gulou-{slug}.csv", mime="text/csv", key=f"dl_csv_{slug}",
    )  # fmt: skip
    right.download_button(
        t("download_geojson", lang), data=export.write(ordered, "geojson", "answer", None),
        file_name=f"gulou-{slug}.geojson", mime="application/geo+json", key=f"dl_gj_{slug}",
    )  # fmt: skip
