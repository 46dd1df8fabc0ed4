"""About page: what the map shows and does not, sources and licences, precision, as-of date."""

from __future__ import annotations

import streamlit as st

from layers.vocab import PRECISIONS, STATUSES, UNMAPPED_REASONS, label
from pages._ui import current_view, plan_items
from webmap.i18n import t

view = current_view()
lang = view.lang
st.title(t("page_about", lang))
items = plan_items()
mapped = int(items["mapped"].sum())

st.markdown(t("about_intro", lang, n=len(items), mapped=mapped, unmapped=len(items) - mapped))
st.subheader(t("about_not_shown", lang))
for code in UNMAPPED_REASONS:
    count = int((items["unmapped_reason"] == code).sum())
    st.markdown(f"- {label(UNMAPPED_REASONS, code, lang)}: {count}")
st.subheader(t("precision", lang))
for code in PRECISIONS:
    st.markdown(f"- **{label(PRECISIONS, code, lang)}** — {t(f'precision_{code}', lang)}")
st.subheader(t("status", lang))
for code in STATUSES:
    st.markdown(
        f"- **{label(STATUSES, code, lang)}** (`{code}`) — {t(f'status_{code}_means', lang)}"
    )
st.subheader(t("about_sources", lang))
st.markdown(t("about_sources_text", lang))
st.markdown(t("about_english", lang))
st.subheader(t("as_of", lang))
st.markdown(t("about_as_of", lang))
