"""Presenter tour: the plan chapter by chapter (3–11), for briefings on a big screen.

Each step shows the chapter's title and its key lines (``data/plan/tour.yaml``) in large type
and a map of that chapter's items, fitted to them. The step is in the URL (``/tour?step=N``);
the previous/next buttons and the ←/→ keys change it.
"""

from __future__ import annotations

import html
import math

import folium
import geopandas as gpd
import streamlit as st
import streamlit.components.v1 as components
from streamlit_folium import st_folium

from layers.tour import load_tour
from pages._ui import chapter_label, current_view, outline, outline_title, plan_items
from webmap.basemap import add_layer_control, base_map, legend_of
from webmap.i18n import t
from webmap.planweb import PlanLayer, PlanView

MAP_HEIGHT = 700
#: Our own page styles (no user text): big type for a room, the step's lines above the map.
_PAGE_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
div.gulou-tour-title { font-size: 40px; font-weight: 700; line-height: 1.2; margin: 0 0 .25em; }
div.gulou-tour-line { font-size: 30px; line-height: 1.4; }
div.gulou-tour-line::before { content: "“"; } div.gulou-tour-line::after { content: "”"; }
div.gulou-tour-meta { font-size: 20px; color: #555; text-align: center; }
</style>
"""
#: Inside the map's frame: name labels at least 20 px (zones larger) for a room.
_MAP_CSS = """
<style>
.gulou-name, .gulou-names-far .gulou-name { font-size: 20px !important; }
.gulou-name-zone, .gulou-names-far .gulou-name-zone { font-size: 26px !important; }
</style>
"""
#: ←/→ click the previous/next buttons of the page (the component's frame is same-origin).
_KEYS_JS = """
<script>
const doc = window.parent.document;
if (!doc.gulouTourKeys) {
  doc.gulouTourKeys = true;
  doc.addEventListener("keydown", (event) => {
    const tag = (event.target && event.target.tagName) || "";
    if (["INPUT", "TEXTAREA", "SELECT"].includes(tag) || event.altKey || event.ctrlKey) return;
    const which = {ArrowLeft: "tour_prev", ArrowRight: "tour_next"}[event.key];
    const button = which && doc.querySelector(".st-key-" + which + " button");
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
}
</script>
"""


@st.cache_data(show_spinner=False)
def tour_steps() -> list[dict]:
    """The tour's steps (chapter and key lines), in chapter order."""
    return load_tour()


def _step_from_url(total: int, lang: str) -> int:
    """The 1-based step in the URL; a bad value starts at 1 with a note."""
    given = st.query_params.get("step", "1")
    if given.isdigit() and 1 <= int(given) <= total:
        return int(given)
    st.info(t("tour_step_ignored", lang, value=given))
    return 1


def _go(step: int, lang: str) -> None:
    """Put ``step`` (and the language) in the URL; the rerun shows it."""
    params = {"step": str(step)} | ({"lang": "en"} if lang == "en" else {})
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def fit_view(geometries: gpd.GeoSeries, width_px: int = 1800, height_px: int = MAP_HEIGHT):
    """Centre and Leaflet zoom that fit ``geometries`` in a map of the given size.

    Parameters
    ----------
    geometries : GeoSeries
        WGS84 geometries (at least one).
    width_px, height_px : int
        The map's size in CSS pixels.

    Returns
    -------
    tuple of (list of float, int)
        ``[lat, lon]`` and a zoom in 12..16.
    """
    if geometries.empty:
        raise ValueError("fit_view needs at least one geometry")
    minx, miny, maxx, maxy = geometries.total_bounds
    # Web Mercator: a tile of 256 px spans 360° of longitude at zoom 0; latitude stretches
    # by 1/cos(lat). A margin of 15 % keeps edge items off the frame.
    lat = (miny + maxy) / 2
    span_x = max(maxx - minx, 1e-6) * 1.15
    span_y = max(maxy - miny, 1e-6) * 1.15 / math.cos(math.radians(lat))
    zoom = math.floor(math.log2(min(width_px / span_x, height_px / span_y) * 360 / 256))
    return [lat, (minx + maxx) / 2], max(12, min(16, zoom))


def _chapter_map(items: gpd.GeoDataFrame, chapter: int, lang: str) -> int:
    """The map of the chapter's items; returns how many are drawn."""
    ours = items[items["chapters"].apply(lambda chapters: chapter in chapters)]
    placed = ours[ours.geometry.notna() & ~ours.geometry.is_empty]
    try:
        fmap = base_map(lang=lang)
        legend_of(fmap).collapse_below = 100_000
        fmap.add_child(PlanLayer(lang, add_layer_control(fmap, collapsed=True)), name="plan")
        fmap.get_root().header.add_child(folium.Element(_MAP_CSS))
    except (FileNotFoundError, ValueError) as err:
        st.error(str(err))
        st.stop()
    drawable = items.loc[items.geometry.notna() & ~items.geometry.is_empty, "id"]
    center, zoom = fit_view(placed.geometry) if not placed.empty else (None, None)
    st_folium(
        fmap,
        key=f"tour_map_{chapter}",  # a new map per step: it opens fitted to the chapter
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=[],
        feature_group_to_add=[PlanView(placed["id"], len(ours), None, drawable)],
        center=center,
        zoom=zoom,
    )
    return len(placed)


def render() -> None:
    """Draw the current step."""
    lang = current_view().lang
    steps = tour_steps()
    number = _step_from_url(len(steps), lang)
    _go(number, lang)  # the URL always names the step shown (and a language switch)
    step = steps[number - 1]
    chapter = step["chapter"]
    st.html(_PAGE_CSS)  # style only: takes no room in the page
    node = next(c for c in outline() if c["number"] == chapter)
    title = f"{t('chapter_n', lang, n=chapter)} {outline_title(node, lang)}"
    lines = "".join(
        f'<div class="gulou-tour-line">{html.escape(line[lang])}</div>' for line in step["lines"]
    )
    st.markdown(
        f'<div class="gulou-tour"><div class="gulou-tour-title">{html.escape(title)}</div>'
        f"{lines}</div>",
        unsafe_allow_html=True,
    )
    left, middle, right = st.columns([1, 4, 1], vertical_alignment="center")
    left.button(t("tour_prev", lang), key="tour_prev", disabled=number == 1,
                on_click=_go, args=(number - 1, lang), width="stretch")  # fmt: skip
    right.button(t("tour_next", lang), key="tour_next", disabled=number == len(steps),
                 on_click=_go, args=(number + 1, lang), width="stretch")  # fmt: skip
    drawn = _chapter_map(plan_items(), chapter, lang)
    meta = " · ".join(
        (t("tour_step", lang, n=number, total=len(steps)), t("tour_items", lang, n=drawn),
         t("tour_keys", lang))
    )  # fmt: skip
    middle.markdown(
        f'<div class="gulou-tour-meta">{html.escape(meta)}</div>', unsafe_allow_html=True
    )
    if lang == "en":
        st.caption(t("plan_wording", lang, text=chapter_label(chapter, "zh")))
    components.html(_KEYS_JS, height=0)


render()
