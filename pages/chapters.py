"""Chapters page: the plan's outline; choosing a chapter, section or 专栏 lists its items."""

from __future__ import annotations

import streamlit as st

from layers.plan import filter_items
from layers.vocab import STATUSES, label
from pages._ui import (
    chapter_label,
    current_view,
    map_page_link,
    md,
    outline,
    plan_items,
    section_labels,
)
from webmap.i18n import item_name, name_field, t

view = current_view()
lang = view.lang
st.title(t("page_chapters", lang))
items = plan_items()

chapters = outline()
number = st.selectbox(
    t("filter_chapter", lang),
    options=[c["number"] for c in chapters],
    format_func=lambda n: f"{chapter_label(n, lang)} ({len(filter_items(items, chapters=[n]))})",
    key="chapters_pick",
)
chapter = next(c for c in chapters if c["number"] == number)
targets = {"": t("whole_chapter", lang)} | section_labels(lang, [number])

code = st.radio(
    t("filter_section", lang),
    options=list(targets),
    format_func=lambda c: md(targets[c]),  # radio labels render Markdown: titles come from a file
    key="section_pick",
)
if lang == "en":  # the plan's own wording beside this project's translation
    original = chapter_label(number, "zh")
    if code:
        original += " · " + section_labels("zh", [number])[code].strip()
    st.caption(t("plan_wording", lang, text=original))
chosen = filter_items(items, chapters=[number], sections=[code] if code else None)
st.markdown(f"**{t('showing', lang, n=len(chosen))}**")
params = (
    {"ch": str(number)} | ({"sec": code} if code else {}) | ({"lang": "en"} if lang == "en" else {})
)
map_page_link(params, lang)
for _, row in chosen.sort_values(name_field(lang)).iterrows():
    status = label(STATUSES, row["status"], lang)
    st.markdown(f"- {md(item_name(row, lang))} · {md(status)}")
