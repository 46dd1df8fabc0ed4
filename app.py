"""鼓楼区“十五五”规划图 — the Streamlit entry point and its main page, the map.

Run with ``streamlit run app.py``. Everything the browser loads comes from this server
(``static/vendor`` and ``static/base``): the app works offline. The view (filters, search,
selection, language) lives in the URL, so a link restores it.
"""

from __future__ import annotations

import streamlit as st

from layers.edits import edit_mode
from pages import _mappage
from pages._ui import (
    language_toggle,
    page_styles,
    plan_items,
    read_view,
    sidebar_filters,
    sync_widgets,
    widget_view,
    write_url,
)
from webmap.i18n import t

st.set_page_config(
    page_title=t("browser_title"),
    page_icon="🗺️",
    layout="wide",
    initial_sidebar_state="auto",  # open on desktop, closed on phones (it would cover the page)
)

view = read_view()
sync_widgets(view)
lang = language_toggle()

map_page = st.Page(_mappage.render, title=t("page_map", lang), icon=":material/map:", default=True)
pages = [
    map_page,
    st.Page(
        "pages/items.py",
        title=t("page_items", lang),
        icon=":material/table_rows:",
        url_path="items",
    ),
    st.Page(
        "pages/chapters.py",
        title=t("page_chapters", lang),
        icon=":material/menu_book:",
        url_path="chapters",
    ),
    st.Page(
        "pages/indicators.py",
        title=t("page_indicators", lang),
        icon=":material/bar_chart:",
        url_path="indicators",
    ),
    st.Page(
        "pages/about.py", title=t("page_about", lang), icon=":material/info:", url_path="about"
    ),
    st.Page(
        "pages/tour.py", title=t("page_tour", lang), icon=":material/slideshow:", url_path="tour"
    ),
]
if edit_mode():  # only a deployment that turned edit mode on (behind authentication) has it
    pages.append(
        st.Page(
            "pages/edit.py", title=t("page_edit", lang), icon=":material/edit:", url_path="edit"
        )
    )
st.session_state["_map_page"] = map_page
current = st.navigation(pages)

# Map and Items share the filters (same widgets, same URL); other pages keep them as they are.
if current.url_path in ("", "items"):
    view = sidebar_filters(plan_items(), lang)
else:
    view = widget_view(lang)
if current.url_path != "tour":  # the tour's URL holds its step (and the language) only
    write_url(view)
st.session_state["view"] = view
page_styles()
current.run()
