"""Indicators page: 表1 (十四五 completion) and 表2 (十五五 targets), with a simple chart.

In English the tables show this project's translation (the ``*_en`` columns the build merges
from ``data/plan/plan_en.yaml``), with each indicator's name in the plan's own words beside it.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from pages._ui import current_view, indicators
from webmap.i18n import t

COLUMNS = {
    "1": ["category", "seq", "indicator", "unit", "planned_2025", "planned_growth", "value_2025",
          "growth", "attribute", "notes"],
    "2": ["category", "seq", "indicator", "unit", "value_2025", "target_2030", "growth",
          "attribute", "notes"],
}  # fmt: skip

#: Width of each indicator's bars: a faceted chart cannot stretch, so it must fit a phone
#: (390 px wide); names go above the bars, not beside them, for the same reason.
CHART_WIDTH = 280

view = current_view()
lang = view.lang
st.title(t("page_indicators", lang))
table = indicators()


def _in_language(rows: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    """The table's columns in ``lang``: the English columns where there are, else the plan's."""
    if lang != "en":
        return rows[columns]
    english = {c: f"{c}_en" for c in columns if f"{c}_en" in rows.columns}
    shown = pd.DataFrame({c: rows[english.get(c, c)] for c in columns}, index=rows.index)
    if "indicator" in columns:  # the plan's own wording beside the translation
        shown.insert(columns.index("indicator") + 1, "plan_wording", rows["indicator"])
    return shown


for number in ("1", "2"):
    rows = table[table["table"] == number]
    st.subheader(t(f"indicator_table_{number}", lang))
    st.dataframe(
        _in_language(rows, COLUMNS[number], lang).rename(columns=lambda c: t(f"col_{c}", lang)),
        hide_index=True,
        width="stretch",
    )


def _number(value: str) -> float | None:
    """A plain number of the table ('4000 以上' -> 4000); None for words, [] or '-'."""
    cleaned = value.replace("*", "").replace("以上", "").strip()
    try:
        return float(cleaned)
    except ValueError:
        return None


targets = table[table["table"] == "2"].assign(
    v2025=lambda f: f["value_2025"].map(_number), v2030=lambda f: f["target_2030"].map(_number)
)
comparable = targets.dropna(subset=["v2025", "v2030"])
comparable = comparable[comparable["unit"] != "%"]
st.subheader(t("indicator_chart", lang))
st.caption(t("indicator_chart_note", lang))
long = pd.concat(
    [
        comparable.assign(year="2025", value=comparable["v2025"]),
        comparable.assign(year="2030", value=comparable["v2030"]),
    ]
)
shown = _in_language(long, ["unit", "indicator"], lang)
long["name"] = [
    f"{name}{t('unit_in_brackets', lang, unit=unit)}"
    for name, unit in zip(shown["indicator"], shown["unit"], strict=True)
]
long["indicator"], long["unit"] = shown["indicator"], shown["unit"]
chart = (
    alt.Chart(long)
    .mark_bar()
    .encode(
        x=alt.X("value:Q", title=None),
        y=alt.Y("year:N", title=None),
        color=alt.Color("year:N", scale=alt.Scale(range=["#999999", "#0072B2"]), legend=None),
        row=alt.Row(
            "name:N",
            title=None,
            header=alt.Header(labelAngle=0, labelOrient="top", labelAnchor="start"),
        ),
        tooltip=["indicator", "unit", "year", "value"],
    )
    .resolve_scale(x="independent")
    .properties(height=40, width=CHART_WIDTH)
)
st.altair_chart(chart, width="content")
