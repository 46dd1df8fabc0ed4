"""Shared Streamlit plumbing of the pages: cached data, language, URL state and filters.

Presentation only: the data come from ``layers`` (loaders, filters, vocabularies); nothing here
computes geometry.
"""

from __future__ import annotations

import runpy
from collections import Counter
from collections.abc import Callable
from datetime import date

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo import settings
from layers.base import load_base_layer
from layers.edits import ChangeStore, apply_changes, changes_path
from layers.plan import (
    filter_items,
    load_indicators,
    load_outline,
    load_plan_items,
    section_codes,
)
from layers.spatial import CONTAINER_KINDS
from layers.vocab import KINDS, LAYERS, STATUSES, label
from pages._urlstate import QuestionTargets, ViewState, parse_params
from webmap.escape import md_t, md_text
from webmap.i18n import t

#: Session keys of the filter widgets (one per URL parameter).
WIDGET_KEYS = {
    "chapters": "w_ch",
    "sections": "w_sec",
    "statuses": "w_st",
    "layers": "w_ly",
    "kinds": "w_k",
    "query": "w_q",
    "lang": "w_lang",
    "asof": "w_asof",
}


def plan_items() -> gpd.GeoDataFrame:
    """All plan items with the change log applied as of the view's date (current when none).

    ``status`` is the current status (the plan's baseline where no edit changed it);
    ``baseline_status`` keeps the plan's. Cached per date and per state of the log.
    """
    chosen = st.session_state.get(WIDGET_KEYS["asof"])
    return _items_as_of(chosen.isoformat() if chosen else None, _log_stamp())


@st.cache_data(show_spinner=False)
def committed_items() -> gpd.GeoDataFrame:
    """The committed items as the build wrote them (the plan's baseline)."""
    return load_plan_items()


@st.cache_data(show_spinner=False, max_entries=32)
def _items_as_of(as_of: str | None, stamp: tuple | None) -> gpd.GeoDataFrame:
    return apply_changes(committed_items(), ChangeStore().read(), as_of)


def _log_stamp() -> tuple | None:
    """Identifies the log's state: a new edit invalidates the cached items."""
    path = changes_path()
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return (str(path), info.st_mtime_ns, info.st_size)


def asof_control(lang: str) -> None:
    """The sidebar date that shows the plan as it stood then (empty: as it stands now)."""
    key = WIDGET_KEYS["asof"]
    st.session_state.setdefault(key, None)
    st.sidebar.date_input(
        t("asof_control", lang),
        min_value=date.fromisoformat(settings.PLAN_AS_OF),
        max_value=date(2035, 12, 31),
        format="YYYY-MM-DD",
        key=key,
        help=t("asof_help", lang),
    )


def asof_caption(view: ViewState) -> None:
    """Say which date the statuses and positions are shown for."""
    if view.asof:
        st.caption(t("asof_shown", view.lang, date=view.asof))
        today = date.today().isoformat()  # the day the app runs: no later update exists
        if view.asof > today:
            st.info(t("asof_future", view.lang, date=view.asof, today=today))


@st.cache_data(show_spinner=False)
def outline() -> list[dict]:
    """The plan's chapters, sections and 专栏."""
    return load_outline()


@st.cache_data(show_spinner=False)
def indicators() -> pd.DataFrame:
    """表1 and 表2."""
    return load_indicators()


@st.cache_data(show_spinner=False)
def metro_stations() -> gpd.GeoDataFrame:
    """The metro stations base layer."""
    return load_base_layer("metro_stations")


def section_labels(lang: str, chapters: list[int] | None = None) -> dict[str, str]:
    """Section, subsection and 专栏 codes with their labels, in outline order.

    Parameters
    ----------
    lang : {"zh", "en"}
    chapters : list of int, optional
        Only these chapters (all when None).
    """
    labels: dict[str, str] = {}
    for chapter in outline():
        if chapters is not None and chapter["number"] not in chapters:
            continue
        for section in chapter["sections"]:
            labels[section["code"]] = f"{section['code']} {outline_title(section, lang)}"
            for sub in section["subsections"]:
                labels[sub["code"]] = f"\u2003{sub['code']} {outline_title(sub, lang)}"
        for box in chapter["boxes"]:
            number = box["number"]
            labels[f"box{number}"] = f"{t('box_n', lang, n=number)} {outline_title(box, lang)}"
    return labels


def outline_title(node: dict, lang: str) -> str:
    """A chapter's, section's or 专栏's title in ``lang`` (the plan's own Chinese, or this
    project's English from ``data/plan/plan_en.yaml``)."""
    return (node.get("title_en") or node["title"]) if lang == "en" else node["title"]


def most_specific_sections(sections: list[str], subsections: list[str]) -> list[str]:
    """Subsections where the item has them, else the section itself, in plan order."""
    codes = [
        *subsections,
        *(s for s in sections if not any(u.startswith(f"{s}.") for u in subsections)),
    ]
    return sorted(set(codes), key=lambda code: [int(part) for part in code.split(".")])


def chapter_label(number: int, lang: str) -> str:
    """``第3章 塑强产业体系…`` / ``Chapter 3 A Stronger Industrial System…``."""
    chapter = next((c for c in outline() if c["number"] == number), None)
    title = outline_title(chapter, lang) if chapter else ""
    return f"{t('chapter_n', lang, n=number)} {title}".strip()


def read_view() -> ViewState:
    """Parse the URL into a view; show a notice for every ignored value."""
    items = plan_items()
    # Every value of a repeated key (?ch=3&ch=5), not only the last (to_dict keeps the last).
    given = {key: st.query_params.get_all(key) for key in st.query_params}
    state, notices = parse_params(
        given, set(items["id"]), set(section_labels("zh")), question_targets(items)
    )
    for notice in notices:
        st.warning(
            md_t(f"notice_{notice.problem}", state.lang, param=notice.param, value=notice.value),
            icon="⚠️",
        )
    # A section or 专栏 belongs to one chapter: a link naming only the section means it too.
    implied = {_section_chapter(code) for code in state.sections}
    state.chapters = sorted(set(state.chapters) | implied)
    return state


def _section_chapter(code: str) -> int:
    """The chapter of a section code (``3.1.2`` -> 3) or of a 专栏 code (``box3`` -> 5)."""
    if not code.startswith("box"):
        return int(code.split(".")[0])
    number = int(code.removeprefix("box"))
    return next(c["number"] for c in outline() for b in c["boxes"] if b["number"] == number)


def sync_widgets(state: ViewState) -> None:
    """Put the URL's view into the widgets when the URL changed from outside (a link)."""
    params = state.to_params()
    if _as_sets(st.session_state.get("_synced_params")) == _as_sets(params):
        return
    st.session_state[WIDGET_KEYS["chapters"]] = state.chapters
    st.session_state[WIDGET_KEYS["sections"]] = state.sections
    st.session_state[WIDGET_KEYS["statuses"]] = state.statuses
    st.session_state[WIDGET_KEYS["layers"]] = state.layers
    st.session_state[WIDGET_KEYS["kinds"]] = state.kinds
    st.session_state[WIDGET_KEYS["query"]] = state.query
    st.session_state[WIDGET_KEYS["lang"]] = state.lang
    st.session_state["view"] = state  # the link's view, selection included, until widgets speak
    st.session_state[WIDGET_KEYS["asof"]] = date.fromisoformat(state.asof) if state.asof else None
    st.session_state["_question"] = state.question
    for key in QUESTION_WIDGET_KEYS:  # the tools take their values from the new question
        st.session_state.pop(key, None)
    st.session_state["_synced_params"] = params


#: Session keys of the spatial-question widgets (pages/_mappage.py).
QUESTION_WIDGET_KEYS = (
    "tool_ask", "tool_inside", "tool_near", "tool_station", "tool_reach",
    "tool_distance", "tool_corridor", "tool_minutes", "tool_reach_status",
)  # fmt: skip


def question_targets(items: gpd.GeoDataFrame) -> QuestionTargets:
    """What a spatial question in a link may name (mapped items, stations, kinds)."""
    placed = items[items.geometry.notna()]
    return QuestionTargets(
        containers=set(placed.loc[placed["kind"].isin(CONTAINER_KINDS), "id"]),
        items=set(placed["id"]),
        stations=set(metro_stations()["name"]),
        kinds=set(placed["kind"]),
    )


#: URL parameters that hold a comma list.
_LIST_PARAMS = ("ch", "sec", "st", "ly", "k", "rst")


def _as_sets(params: dict[str, str] | None) -> dict[str, object] | None:
    """Parameters as the view they mean: the URL keeps the order the user picked values in and
    the search as typed, parsing gives the vocabulary's order and a stripped search."""
    if params is None:
        return None
    return {
        k: frozenset(v.split(",")) if k in _LIST_PARAMS else v.strip() for k, v in params.items()
    }


def write_url(state: ViewState) -> None:
    """Make the URL carry the view (only when it changed, to keep history clean)."""
    params = state.to_params()
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    st.session_state["_synced_params"] = params


def language_toggle() -> str:
    """The zh/en switch in the sidebar; returns the chosen language."""
    return st.sidebar.radio(
        t("language"),
        options=["zh", "en"],
        format_func=lambda code: t(f"language_{code}"),
        horizontal=True,
        key=WIDGET_KEYS["lang"],
    )


def _facet_counts(
    items: gpd.GeoDataFrame, state: ViewState, drop: str, tally: Callable[[pd.DataFrame], Counter]
) -> Counter:
    """For each value of one filter: how many items match it and all *other* filters.

    ``tally`` counts the values in one pass over the items the other filters leave.
    """
    others = {
        "chapters": state.chapters,
        "sections": state.sections,
        "statuses": state.statuses,
        "layers": state.layers,
        "kinds": state.kinds,
    }
    others[drop] = None
    return tally(filter_items(items, query=state.query, **others))


def selected_item() -> str | None:
    """The selected item's id, kept in one place: the session's view (``ViewState.selected``)."""
    view = st.session_state.get("view")
    return view.selected if view is not None else None


def select_item(item_id: str | None) -> None:
    """Make ``item_id`` the selection of the current view and put it into the URL."""
    view = current_view()
    view.selected = item_id
    write_url(view)


def widget_view(lang: str) -> ViewState:
    """The view the filter widgets hold right now (before they are drawn in this run)."""
    state = st.session_state
    return ViewState(
        chapters=list(state.get(WIDGET_KEYS["chapters"], [])),
        sections=list(state.get(WIDGET_KEYS["sections"], [])),
        statuses=list(state.get(WIDGET_KEYS["statuses"], [])),
        layers=list(state.get(WIDGET_KEYS["layers"], [])),
        kinds=list(state.get(WIDGET_KEYS["kinds"], [])),
        query=state.get(WIDGET_KEYS["query"], ""),
        selected=selected_item(),
        lang=lang,
        asof=state[WIDGET_KEYS["asof"]].isoformat() if state.get(WIDGET_KEYS["asof"]) else None,
        question=state.get("_question"),
    )


def sidebar_filters(items: gpd.GeoDataFrame, lang: str) -> ViewState:
    """Render the search box and the filters (each value with its count); return the view.

    Counts are faceted: a value's count is the number of items it would show together with
    the other filters as they are.
    """
    side = st.sidebar
    side.subheader(t("filters", lang))
    side.text_input(t("search", lang), key=WIDGET_KEYS["query"], max_chars=60)
    view = widget_view(lang)
    chapter_counts = _facet_counts(
        items, view, "chapters", lambda frame: Counter(c for cs in frame["chapters"] for c in cs)
    )
    side.multiselect(
        t("filter_chapter", lang),
        options=list(range(1, 13)),
        format_func=lambda c: f"{chapter_label(c, lang)} ({chapter_counts[c]})",
        key=WIDGET_KEYS["chapters"],
        placeholder=t("choose", lang),
        select_all=False,
    )
    view = widget_view(lang)
    _section_filter(items, view)
    for name, column, vocabulary in (
        ("statuses", "status", STATUSES), ("layers", "layer", LAYERS), ("kinds", "kind", KINDS),
    ):  # fmt: skip
        _vocabulary_filter(items, view, name, column, vocabulary)
    asof_control(lang)
    side.button(t("clear_filters", lang), width="stretch", on_click=_clear_filters)
    return widget_view(lang)


#: Label keys of the vocabulary filters.
_FILTER_LABELS = {"statuses": "filter_status", "layers": "filter_layer", "kinds": "filter_kind"}


def _vocabulary_filter(
    items: gpd.GeoDataFrame, view: ViewState, name: str, column: str, vocabulary: dict
) -> None:
    """A multiselect of one vocabulary (status, layer, kind), each value with its count.

    Values with no item under the other filters are left out unless chosen already, so the
    long list of kinds stays short.
    """
    lang = view.lang
    counts = _facet_counts(items, view, name, lambda frame: Counter(frame[column]))
    chosen = getattr(view, name)
    st.sidebar.multiselect(
        t(_FILTER_LABELS[name], lang),
        options=[code for code in vocabulary if counts[code] or code in chosen],
        format_func=lambda code: f"{label(vocabulary, code, lang)} ({counts[code]})",
        key=WIDGET_KEYS[name],
        placeholder=t("choose", lang),
        select_all=False,
    )


def _clear_filters() -> None:
    """Empty the filters, search and selection (a callback: it runs before the widgets exist,
    the only time their values may be set; app.py then writes the emptied view to the URL)."""
    for key in ("chapters", "sections", "statuses", "layers", "kinds"):
        st.session_state[WIDGET_KEYS[key]] = []
    st.session_state[WIDGET_KEYS["query"]] = ""
    if "view" in st.session_state:
        st.session_state["view"].selected = None


def _section_filter(items: gpd.GeoDataFrame, draft: ViewState) -> list[str]:
    """Sections and 专栏 of the chosen chapters (drill-down); empty when no chapter is chosen."""
    key = WIDGET_KEYS["sections"]
    if not draft.chapters:
        st.session_state[key] = []
        return []
    labels = section_labels(draft.lang, draft.chapters)
    options = list(labels)
    st.session_state[key] = [c for c in st.session_state.get(key, []) if c in options]
    counts = _facet_counts(
        items,
        draft,
        "sections",
        lambda frame: Counter(c for cs in section_codes(frame) for c in cs),
    )
    return st.sidebar.multiselect(
        t("filter_section", draft.lang),
        options=options,
        format_func=lambda code: f"{labels[code]} ({counts[code]})",
        key=key,
        placeholder=t("choose", draft.lang),
        select_all=False,
    )


def selected_items(items: gpd.GeoDataFrame, state: ViewState) -> gpd.GeoDataFrame:
    """The items the view's filters select."""
    return filter_items(
        items,
        chapters=state.chapters,
        sections=state.sections,
        statuses=state.statuses,
        layers=state.layers,
        kinds=state.kinds,
        query=state.query,
    )


def md(text: object) -> str:
    """Escape a value for ``st.markdown`` so names never turn into markup or HTML."""
    return md_text(text)


def page_header(lang: str, key: str) -> None:
    """Title line of a page."""
    st.title(t(key, lang))


def current_view() -> ViewState:
    """The view ``app.py`` prepared for this run (filters, selection, language).

    Streamlit decides once per server, when the first session starts, whether the app uses a
    legacy ``pages/`` folder: it does if a folder named ``pages`` lies next to the entry point
    (``PagesManager.uses_pages_directory``), and only ``st.navigation`` turns that off. So the
    first visitor of a fresh server who opens a page's URL (``/items``) gets that page file run
    on its own. The page then runs the entry point in its place, which registers the pages,
    prepares the view and runs this page, and ends the outer run: one run, same URL.
    """
    if "view" not in st.session_state:
        runpy.run_path(str(settings.REPO_ROOT / "app.py"), run_name="__main__")
        st.stop()
    return st.session_state["view"]


def map_params(view: ViewState, selected: str | None) -> dict[str, str]:
    """Query parameters that open the map on ``view`` with ``selected`` chosen."""
    params = view.to_params()
    params.pop("f", None)
    return params | ({"f": selected} if selected else {})


def show_on_map(item_id: str, view: ViewState) -> None:
    """Switch to the map page with the item selected and the current filters kept."""
    view.selected = item_id
    st.switch_page(st.session_state["_map_page"], query_params=map_params(view, item_id))


def map_page_link(params: dict[str, str], lang: str) -> None:
    """A link to the map page opened on ``params``."""
    st.page_link(
        st.session_state["_map_page"],
        label=t("show_on_map", lang),
        icon=":material/map:",
        query_params=params,
    )


#: Our own page styles (no user text). On a phone the map comes within the first screen: a
#: smaller top gap and title, the map page's count line under the map (with the cue to the
#: details); on wider screens that second count line and cue stay hidden.
_PAGE_CSS = """<style>
.st-key-map_count_below { display: none; }
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-top: 4.2rem; }
  [data-testid="stMainBlockContainer"] h1 { font-size: 1.35rem; padding: 0 0 .25rem; }
  .st-key-map_count_top { display: none; }
  .st-key-map_count_below { display: flex; }
}
</style>"""


def page_styles() -> None:
    """Inject the app's own page styles (once per run, from ``app.py``).

    ``st.html`` with only a style element takes no room in the page and adds no markdown.
    """
    st.html(_PAGE_CSS)
