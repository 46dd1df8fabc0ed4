"""Items page: the items the filters select, as a sortable table with downloads."""

from __future__ import annotations

from datetime import date

import streamlit as st

from geo import settings
from layers import export
from layers.edits import ChangeStore, compare_dates
from layers.vocab import KINDS, LAYERS, PRECISIONS, STATUSES, label
from pages._ui import (
    asof_caption,
    committed_items,
    current_view,
    plan_items,
    selected_items,
    show_on_map,
)
from webmap.briefing import describe_filters, export_html
from webmap.i18n import name_field, other_lang, t


def _reading_order(frame, lang: str):
    """Chapter by chapter as the plan runs, by name within one (ids read as random in Chinese).

    An item in several chapters is listed under its first; one in none comes last.
    """
    name = name_field(lang)
    keys = frame.assign(
        _chapter=frame["chapters"].map(lambda cs: min(cs) if len(cs) else 99),
        _name=frame[name].fillna("").str.casefold(),
    )
    return frame.loc[keys.sort_values(["_chapter", "_name", "id"], kind="stable").index]


view = current_view()
lang = view.lang
st.title(t("page_items", lang))
chosen = _reading_order(export.ordered(selected_items(plan_items(), view)), lang)
st.markdown(f"**{t('showing', lang, n=len(chosen))}**")
asof_caption(view)

if chosen.empty:
    st.info(t("empty_result", lang))
    st.stop()

table = chosen.assign(
    chapters=chosen["chapters"].map(lambda cs: ", ".join(str(c) for c in cs)),
    boxes=chosen["boxes"].map(lambda bs: ", ".join(str(b) for b in bs)),
    kind=chosen["kind"].map(lambda code: label(KINDS, code, lang)),
    layer=chosen["layer"].map(lambda code: label(LAYERS, code, lang)),
    status=chosen["status"].map(lambda code: label(STATUSES, code, lang)),
    baseline_status=chosen["baseline_status"].map(lambda code: label(STATUSES, code, lang)),
    precision=chosen["precision"].map(lambda code: label(PRECISIONS, code, lang) if code else ""),
)
names = [name_field(lang), name_field(other_lang(lang))]  # the interface language first
columns = [*names, "kind", "layer", "status", "chapters", "boxes", "precision", "id"]
if (chosen["status"] != chosen["baseline_status"]).any():  # both statuses once an edit differs
    columns.insert(5, "baseline_status")
headers = {c: t(c, lang) if c not in ("id",) else "id" for c in columns}
event = st.dataframe(
    table[columns].rename(columns=headers),
    hide_index=True,
    width="stretch",
    height=min(36 * (len(table) + 1) + 3, 600),  # up to ~16 rows, then the grid scrolls
    on_select="rerun",
    selection_mode="single-row",
    key="items_table",
)

left, right, offline, _ = st.columns([1, 1, 1.4, 1.6])
left.download_button(
    t("download_csv", lang),
    data=export.write(chosen, "csv", "plan", None),
    file_name="gulou-plan-items.csv",
    mime="text/csv",
)
right.download_button(
    t("download_geojson", lang),
    data=export.write(chosen, "geojson", "plan", None),
    file_name="gulou-plan-items.geojson",
    mime="application/geo+json",
)

subtitle = describe_filters(lang, view.chapters, view.statuses, view.kinds, view.layers, view.query)
offline.download_button(
    t("download_offline_map", lang),
    data=lambda: export_html(chosen, lang, subtitle).encode("utf-8"),
    file_name="gulou-plan-map.html",
    mime="text/html",
    help=t("download_offline_map_help", lang),
)


def _compare(lang: str) -> None:
    """What changed between two dates: statuses (what became completed) and moves."""
    with st.expander(t("compare_dates", lang)):
        left, right = st.columns(2)
        start = left.date_input(
            t("compare_from", lang), value=date.fromisoformat(settings.PLAN_AS_OF),
            format="YYYY-MM-DD", key="compare_from",
        )  # fmt: skip
        end = right.date_input(
            t("compare_to", lang), value=date.today(), format="YYYY-MM-DD", key="compare_to"
        )
        table = compare_dates(
            committed_items(), ChangeStore().read(), start.isoformat(), end.isoformat()
        )
        if table.empty:
            st.caption(t("compare_none", lang))
            return
        moved = int((table["moved_m"].fillna(1) > 0).sum())
        done = int(table["became_completed"].sum())
        st.markdown(t("compare_summary", lang, n=len(table), done=done, moved=moved))
        name = name_field(lang)
        shown = table.assign(
            status_then=table["status_then"].map(lambda code: label(STATUSES, code, lang)),
            status_now=table["status_now"].map(lambda code: label(STATUSES, code, lang)),
        )[[name, "status_then", "status_now", "moved_m", "id"]]
        shown.columns = [t(name, lang), t("status_then", lang), t("status_now", lang),
                         t("moved_m", lang), "id"]  # fmt: skip
        st.dataframe(shown, hide_index=True, width="stretch")


_compare(lang)

rows = event.selection.rows if event and event.selection else []
if rows:
    show_on_map(chosen.iloc[rows[0]]["id"], view)
