"""Every page of the app run headless with AppTest: filters, links, languages, empty results.

Expected numbers come from :func:`plan_oracle.expected_ids`, which reads the committed items
without the code under test, so the tests follow the data as it grows and a broken filter
fails them. The map page's generated HTML (plan groups, styles, legend, layer control) is
read from the map component's arguments.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import streamlit as st
from plan_oracle import expected_ids
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

import cli
from geo import settings
from layers.plan import load_indicators, load_outline, load_plan_items
from layers.planbuild import items_geojson
from layers.vocab import KINDS, STATUSES, UNMAPPED_REASONS, label
from webmap.i18n import t
from webmap.styles import LAYER_COLOURS, SCHEMATIC_DASH, STATUS_STYLES

APP = str(settings.REPO_ROOT / "app.py")
HAN = re.compile(r"[\u4e00-\u9fff]")
COUNT = {"zh": re.compile(r"当前显示 (\d+) 项"), "en": re.compile(r"Showing (\d+) items?\b")}
EVIL = '<script>alert("x")</script>'


@pytest.fixture(autouse=True)
def _navigation_like_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run app.py's st.navigation on every run, as the server does.

    AppTest re-detects ``pages/`` as a legacy page folder before each run, so a switched-to
    page file would run on its own; a server does that only until st.navigation first runs
    (see ``pages._ui.current_view``).
    """
    original = PagesManager.__init__

    def init(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture(scope="module")
def items() -> gpd.GeoDataFrame:
    return load_plan_items()


def _open(params: dict[str, str] | None = None, page: str | None = None) -> AppTest:
    """The app opened on a link: ``/<page>?<params>``."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if page:
        at.switch_page(f"pages/{page}.py")
    return at.run()


def _count(at: AppTest, lang: str = "zh") -> int:
    """The number in the page's 「当前显示 N 项」 / ``Showing N items`` line."""
    found = [COUNT[lang].search(m.value) for m in at.markdown]
    numbers = [int(m.group(1)) for m in found if m]
    assert numbers, f"no count line in {[m.value for m in at.markdown]}"
    return numbers[0]


def _map_args(at: AppTest) -> dict:
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


def _overlays(args: dict) -> list[str]:
    """Names in the map's layer control as the server sends them (the plan's are added by
    static/js/gulou_plan.js in the browser, with their counts)."""
    block = re.search(r"overlays\s*:\s*\{(.*?)\}", args["script"], re.S).group(1)
    return [json.loads(f'"{name}"') for name in re.findall(r'"([^"]+)" :', block)]


def _view(args: dict) -> dict:
    """What a filter change sends the map: the ids to draw, the count, the selection."""
    found = re.search(r"gulou\.plan\.view\(map_div,\s*(\{.*?\})\);", args["feature_group"], re.S)
    return json.loads(found.group(1))


def _params(at: AppTest) -> dict[str, str]:
    return {key: at.query_params[key] for key in at.query_params}


def _cli_rows(capsysbinary: pytest.CaptureFixture, *args: str) -> list[str]:
    """Ids that ``gulou-map export --layer plan --format geojson <args>`` writes."""
    assert cli.main(["export", "--layer", "plan", "--format", "geojson", *args]) == 0
    features = json.loads(capsysbinary.readouterr().out)["features"]
    return [f["properties"]["id"] for f in features]


def _texts(at: AppTest) -> list[str]:
    """Every interface text of the page (titles, headings, labels, captions, messages)."""
    texts = [e.value for kind in ("title", "subheader", "header", "caption") for e in at.get(kind)]
    texts += [w.label for kind in ("multiselect", "selectbox", "text_input") for w in at.get(kind)]
    texts += (
        [b.label for b in at.button] + [e.value for e in at.info] + [e.value for e in at.warning]
    )
    return texts


# --- The map page: links and counts ---------------------------------------------------------


@pytest.mark.parametrize("chapter", range(1, 13))
def test_chapter_link_count_equals_the_cli_export(chapter, items, capsysbinary):
    at = _open({"ch": str(chapter)})
    assert not at.exception
    exported = _cli_rows(capsysbinary, "--chapter", str(chapter))
    assert _count(at) == len(exported)
    assert exported == expected_ids(chapters=[chapter])


@pytest.mark.parametrize("status", STATUSES)
def test_status_link_count_equals_the_cli_export(status, items, capsysbinary):
    at = _open({"st": status})
    assert not at.exception
    exported = _cli_rows(capsysbinary, "--status", status)
    assert _count(at) == len(exported)
    assert exported == expected_ids(statuses=[status])
    assert at.multiselect(key="w_st").value == [status]


def test_a_link_restores_every_filter_the_selection_and_the_language(items):
    base = items[items["id"].isin(expected_ids(chapters=[3, 11], statuses=["underway", "planned"]))]
    placed = base[base.geometry.notna()]
    chosen = placed.iloc[0]
    query = chosen["name_zh"][:2]
    params = {
        "ch": "3,11", "st": "underway,planned", "ly": chosen["layer"], "q": query,
        "f": chosen["id"], "lang": "en",
    }  # fmt: skip
    at = _open(params)
    assert not at.exception and not at.warning
    assert [w.value for w in at.title] == [t("app_title", "en")]
    assert at.multiselect(key="w_ch").value == [3, 11]
    assert at.multiselect(key="w_st").value == ["underway", "planned"]
    assert at.multiselect(key="w_ly").value == [chosen["layer"]]
    assert at.text_input(key="w_q").value == query
    assert at.radio(key="w_lang").value == "en"
    expected = expected_ids(
        chapters=[3, 11], statuses=["underway", "planned"], layers=[chosen["layer"]], query=query
    )
    assert _count(at, "en") == len(expected)
    details = " ".join(m.value for m in at.markdown)
    shown = details.replace("\\", "")  # markdown escapes
    assert f"**{chosen['name_en']}**  \n{chosen['name_zh']}" in shown  # English first in en
    assert _params(at) == params  # the page keeps the link as it is (already canonical)
    args = _map_args(at)
    centre = chosen.geometry.representative_point()
    assert args["center"] == pytest.approx([centre.y, centre.x], abs=1e-3)
    assert args["zoom"] >= 12


def test_a_filter_change_goes_into_the_url_with_faceted_counts(items):
    at = _open()
    assert _params(at) == {} and _count(at) == len(items)
    at.multiselect(key="w_st").set_value(["planned", "completed"]).run()
    assert set(_params(at)["st"].split(",")) == {"planned", "completed"} and len(_params(at)) == 1
    chosen = expected_ids(statuses=["planned", "completed"])
    assert _count(at) == len(chosen)
    # each chapter offers the number of items it would show with the status filter as it is
    for option in at.multiselect(key="w_ch").options:
        number = int(re.match(r"第(\d+)章", option).group(1))
        shown = len(expected_ids(statuses=["planned", "completed"], chapters=[number]))
        assert option.endswith(f"({shown})"), option
    at.multiselect(key="w_ch").set_value([3]).run()
    assert _params(at)["ch"] == "3" and set(_params(at)) == {"ch", "st"}
    assert _count(at) == len(expected_ids(statuses=["planned", "completed"], chapters=[3]))


def test_typing_a_search_with_spaces_keeps_the_next_filter_change(items):
    at = _open()
    at.text_input(key="w_q").set_value(" 公园 ").run()
    assert _count(at) == len(expected_ids(query="公园"))
    at.multiselect(key="w_st").set_value(["existing"]).run()
    assert at.multiselect(key="w_st").value == ["existing"]
    assert _count(at) == len(expected_ids(statuses=["existing"], query="公园"))


def test_clear_filters_empties_the_filters_and_the_url_but_keeps_the_language(items):
    at = _open({"ch": "3", "st": "planned", "q": "鼓楼", "lang": "en"})
    at.button[0].click().run()
    assert not at.exception
    assert _params(at) == {"lang": "en"}
    assert at.multiselect(key="w_ch").value == [] and at.text_input(key="w_q").value == ""
    assert _count(at, "en") == len(items)


def test_sections_drill_down_within_the_chosen_chapters(items):
    outline = load_outline()
    chapter = next(c for c in outline if c["sections"] and c["boxes"])
    section = chapter["sections"][0]["code"]
    at = _open({"ch": str(chapter["number"]), "sec": section})
    assert at.multiselect(key="w_sec").value == [section]
    expected = expected_ids(chapters=[chapter["number"]], sections=[section])
    assert _count(at) == len(expected)
    options = at.multiselect(key="w_sec").options
    assert any(o.startswith(f"{section} ") for o in options)
    assert any(o.startswith(t("box_n", "zh", n=chapter["boxes"][0]["number"])) for o in options)
    other = next(c for c in outline if c["number"] != chapter["number"] and c["sections"])
    assert not any(o.startswith(f"{other['sections'][0]['code']} ") for o in options)


def test_a_section_link_without_its_chapter_opens_that_chapter(items):
    at = _open({"sec": "box3"})  # 专栏3 is in chapter 5
    assert at.multiselect(key="w_ch").value == [5]
    assert at.multiselect(key="w_sec").value == ["box3"]
    assert _count(at) == len(expected_ids(sections=["box3"])) > 0
    assert _params(at)["ch"] == "5"


def test_the_kind_filter_counts_and_selects(items, capsysbinary):
    at = _open({"k": "park,school"})
    assert at.multiselect(key="w_k").value == ["park", "school"]
    expected = _cli_rows(capsysbinary, "--kind", "park", "--kind", "school")
    assert _count(at) == len(expected)
    assert expected == expected_ids(kinds=["park", "school"])
    parks = int((items["kind"] == "park").sum())
    assert f"{label(KINDS, 'park', 'zh')} ({parks})" in at.multiselect(key="w_k").options
    at.multiselect(key="w_k").set_value(["park"]).run()
    assert _params(at)["k"] == "park" and _count(at) == parks


def test_malformed_links_are_ignored_with_a_notice_each(items):
    at = _open({"ch": "3,x,13", "st": "done", "lang": "fr", "f": "nope", "sec": "99.9",
                "ly": "<b>", "q": "鼓" * 80})  # fmt: skip
    assert not at.exception and not at.error
    # the notices are Markdown: a value from the URL is shown as typed (backslash-escaped)
    unknown = [("lang", "fr"), ("ch", "x"), ("ch", "13"), ("st", "done"), ("ly", r"\<b\>"),
               ("sec", r"99\.9")]  # fmt: skip
    assert [w.value for w in at.warning] == [
        *(t("notice_unknown", "zh", param=p, value=v) for p, v in unknown),
        t("notice_too_long", "zh", param="q"),
        t("notice_no_item", "zh", value="nope"),
        t("search_no_match", "zh", q="鼓" * 60),
    ]
    # the URL is cleaned to what was understood, and the page shows exactly that
    assert _params(at) == {"ch": "3", "q": "鼓" * 60}
    assert _count(at) == len(expected_ids(chapters=[3], query="鼓" * 60))


def test_notices_follow_the_language_of_the_link():
    at = _open({"f": "nope", "lang": "en"})
    assert [w.value for w in at.warning] == [t("notice_no_item", "en", value="nope")]
    assert _params(at) == {"lang": "en"}


def test_the_language_switch_changes_every_interface_text(items):
    at = _open({"st": "planned"})
    zh_texts = _texts(at)
    at.radio(key="w_lang").set_value("en").run()
    assert not at.exception
    assert _params(at) == {"st": "planned", "lang": "en"}
    assert [w.value for w in at.title] == [t("app_title", "en")]
    assert _count(at, "en") == len(expected_ids(statuses=["planned"]))
    en_texts = [text for text in _texts(at) if text != t("credits", "en")]
    assert len(en_texts) >= len(zh_texts) - 1
    assert not [text for text in en_texts if HAN.search(text)]
    status_options = at.multiselect(key="w_st").options
    assert status_options[0].startswith(label(STATUSES, "completed", "en"))
    assert _map_args(at)["script"].count('"Metro stations"') == 1
    assert '"lang":"en"' in _map_args(at)["script"]  # the plan's front-end speaks English
    at.radio(key="w_lang").set_value("zh").run()
    assert _params(at) == {"st": "planned"}  # Chinese is the default: no lang in the link


def test_an_empty_result_says_so_and_still_draws_the_base_map():
    at = _open({"q": "no-such-item-zzz"})
    assert not at.exception
    assert _count(at) == 0
    assert [i.value for i in at.info] == [t("empty_result", "zh")]
    # Markdown: the query is shown as typed, its punctuation backslash-escaped
    assert t("search_no_match", "zh", q=r"no\-such\-item\-zzz") in [w.value for w in at.warning]
    args = _map_args(at)
    assert "roads.geojson" in args["script"]  # the base map is there
    assert _view(args) == {"ids": [], "count": 0, "selected": None}  # but no plan item


def test_a_selected_item_that_is_not_mapped_explains_why(items):
    unmapped = items[~items["mapped"].astype(bool)].iloc[0]
    at = _open({"f": unmapped["id"]})
    details = " ".join(m.value for m in at.markdown)
    reason = label(UNMAPPED_REASONS, unmapped["unmapped_reason"], "zh")
    assert f"**{t('not_mapped', 'zh')}**: {reason}" in details
    assert _map_args(at)["center"] is None  # nothing to fly to


# --- The map page: the generated map HTML ---------------------------------------------------


def test_a_filter_change_sends_only_the_ids_to_draw(items):
    at = _open({"ly": "public_services,structure"})
    chosen = items[items["id"].isin(expected_ids(layers=["structure", "public_services"]))]
    placed = chosen[chosen.geometry.notna()]
    args = _map_args(at)
    assert _view(args) == {"ids": sorted(placed["id"]), "count": len(chosen), "selected": None}
    assert "coordinates" not in args["feature_group"]  # the geometry comes from the static file
    assert len(args["feature_group"]) < 200 + 40 * len(placed)
    unmapped = len(chosen) - len(placed)
    assert t("showing_unmapped", "zh", n=unmapped) in at.markdown[0].value
    # the map script itself does not depend on the filter: the browser keeps its map
    everything = _map_args(_open())
    assert everything["script"] == args["script"]
    assert _view(everything) == {"ids": None, "count": len(items), "selected": None}  # "all"


def test_the_map_loads_the_static_plan_file_and_styles(items):
    chosen = items[(items["layer"] == "structure") & items.geometry.notna()].iloc[0]["id"]
    at = _open({"ly": "structure", "f": chosen})
    args = _map_args(at)
    assert re.search(r"/app/static/plan/plan_items\.geojson\?v=[0-9a-f]{16}", args["script"])
    assert _view(args)["selected"] == chosen
    for style in STATUS_STYLES.values():  # markers and legend come from webmap.styles
        assert style.colour in args["script"]
    assert LAYER_COLOURS["structure"] in args["script"] and SCHEMATIC_DASH in args["script"]
    assert "规划项目状态" in args["script"]
    for code in STATUSES:
        assert label(STATUSES, code, "zh") in args["script"]
    # one legend, the map's (drawn by static/js/gulou_legend.js), none beside it
    assert not [m for m in at.markdown if 'class="legend-row"' in m.value]


# --- A name with markup in it ---------------------------------------------------------------


@pytest.fixture
def evil_plan(items, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> gpd.GeoDataFrame:
    """A tiny plan whose names carry HTML and markdown, read by the app instead of the real one.

    A mapped point, a mapped area and an unmapped item, copied from the real data with
    hostile names; outline and indicators are the real ones.
    """
    point = items[items.geom_type == "Point"].iloc[[0]]
    area = items[items.geom_type == "Polygon"].iloc[[0]]
    unmapped = items[items.geometry.isna()].iloc[[0]]
    tiny = gpd.GeoDataFrame(pd.concat([point, area, unmapped]), geometry="geometry", crs=items.crs)
    tiny["id"] = ["evil-point", "evil-area", "evil-unmapped"]
    tiny["name_zh"] = [EVIL, "**粗体** [链接](javascript:alert(1))", "<img src=x onerror=alert(1)>"]
    tiny["name_en"] = ["Evil <b>bold</b>", "<i>area</i>", "un & mapped"]
    (tmp_path / "plan_items.geojson").write_text(items_geojson(tiny), encoding="utf-8")
    for name in ("outline.json", "indicators.csv"):
        (tmp_path / name).write_bytes((settings.PLAN_DIR / name).read_bytes())
    monkeypatch.setattr(settings, "PLAN_DIR", tmp_path)
    st.cache_data.clear()  # the app caches the items for the server's lifetime
    yield load_plan_items()
    st.cache_data.clear()


def test_names_with_markup_are_escaped_on_the_map_page(evil_plan):
    at = _open({"f": "evil-point"})
    assert not at.exception and _count(at) == 3
    details = " ".join(m.value for m in at.markdown)
    assert EVIL not in details and "<b>bold</b>" not in details
    assert r"\<script\>alert\(\"x\"\)\<\/script\>" in details  # shown as text, not run
    # names are not in the map payload at all: the browser's tooltips are built from the
    # static file by gulou_details.js, which escapes them (tests/browser/test_site_browser.py)
    payload = json.dumps(_map_args(at), ensure_ascii=False)
    assert EVIL not in payload and "Evil <b>bold</b>" not in payload
    # both mapped items are shown: the view says "all" and sends no name
    assert _view(_map_args(at)) == {"ids": None, "count": 3, "selected": "evil-point"}
    at = _open({"q": "bold"})  # the search picker lists the name as a plain option
    assert _count(at) == 1
    assert at.selectbox(key="search_pick_bold").options == [EVIL]


def test_names_with_markup_are_escaped_on_the_other_pages(evil_plan):
    at = _open(page="chapters")
    at.selectbox(key="chapters_pick").set_value(evil_plan["chapters"].iloc[0][0]).run()
    assert not at.exception
    listed = " ".join(m.value for m in at.markdown if m.value.startswith("- "))
    assert r"- \<script\>alert\(\"x\"\)\<\/script\> · " in listed
    assert "<script>" not in listed and "<img" not in listed and "**粗体**" not in listed
    at = _open(page="items")
    assert not at.exception
    table = at.dataframe[0].value
    assert EVIL in set(table.iloc[:, 0])  # the data grid shows the name as plain text


# --- The other pages ------------------------------------------------------------------------


def test_items_page_lists_the_filtered_items_with_downloads(items):
    at = _open({"ch": "3", "st": "planned"}, page="items")
    assert not at.exception
    assert [w.value for w in at.title] == [t("page_items", "zh")]
    expected = expected_ids(chapters=[3], statuses=["planned"])
    table = at.dataframe[0].value
    assert _count(at) == len(table) == len(expected)
    # chapter 3 only, so rows run by Chinese name (code-point order), not by id
    names = dict(zip(items["id"], items["name_zh"], strict=True))
    assert list(table["id"]) == sorted(expected, key=lambda i: names[i])
    assert list(table[t("name_zh", "zh")]) == sorted(names[i] for i in expected)
    assert list(table.columns[:3]) == [t("name_zh", "zh"), t("name_en", "zh"), t("kind", "zh")]
    assert [b.label for b in at.get("download_button")] == [
        t("download_csv", "zh"),
        t("download_geojson", "zh"),
        t("download_offline_map", "zh"),
    ]
    # the filters are the map's: same widgets, same link
    assert at.multiselect(key="w_ch").value == [3] and _params(at) == {"ch": "3", "st": "planned"}


def test_items_page_in_english_and_when_nothing_matches():
    at = _open({"q": "no-such-item-zzz", "lang": "en"}, page="items")
    assert not at.exception
    assert _count(at, "en") == 0
    assert [i.value for i in at.info] == [t("empty_result", "en")]
    assert not at.dataframe and not at.get("download_button")
    assert not [text for text in _texts(at) if HAN.search(text)]


def test_items_page_runs_chapter_by_chapter_then_by_name(items):
    at = _open({"ch": "1,2", "lang": "en"}, page="items")
    table = at.dataframe[0].value
    first = {i: min(cs) for i, cs in zip(items["id"], items["chapters"], strict=True)}
    english = dict(zip(items["id"], items["name_en"], strict=True))
    rows = list(table["id"])
    assert len(rows) == len(expected_ids(chapters=[1, 2])) > 2
    assert [first[i] for i in rows] == sorted(first[i] for i in rows)  # chapter 1, then 2
    for chapter in (1, 2):
        names = [english[i] for i in rows if first[i] == chapter]
        assert names == sorted(names, key=str.casefold)


def test_chapters_page_lists_a_sections_items_and_links_to_the_map(items):
    outline = load_outline()
    chapter = max(outline, key=lambda c: len(c["sections"]))
    section = chapter["sections"][0]["code"]
    at = _open({"lang": "en"}, page="chapters")
    assert not at.exception
    at.selectbox(key="chapters_pick").set_value(chapter["number"]).run()
    whole = expected_ids(chapters=[chapter["number"]])
    assert _count(at, "en") == len(whole)
    at.radio(key="section_pick").set_value(section).run()
    expected = expected_ids(chapters=[chapter["number"]], sections=[section])
    assert _count(at, "en") == len(expected)
    assert len([m for m in at.markdown if m.value.startswith("- ")]) == len(expected)
    (link,) = at.get("page_link")
    assert link.proto.label == t("show_on_map", "en")
    assert link.proto.query_string == f"ch={chapter['number']}&sec={section}&lang=en"
    labels = at.selectbox(key="chapters_pick").options
    assert labels[chapter["number"] - 1].endswith(f"({len(whole)})")


def test_indicators_page_shows_both_tables_and_a_chart():
    table = load_indicators()
    for lang in ("zh", "en"):
        at = _open({"lang": lang}, page="indicators")
        assert not at.exception
        assert [len(d.value) for d in at.dataframe] == [
            int((table["table"] == "1").sum()),
            int((table["table"] == "2").sum()),
        ]
        assert t("col_indicator", lang) in at.dataframe[1].value.columns
        assert "vega_lite_chart" in [e.type for e in at.main]
        assert [s.value for s in at.subheader][:2] == [
            t("indicator_table_1", lang),
            t("indicator_table_2", lang),
        ]


def test_about_page_counts_add_up(items):
    at = _open(page="about")
    assert not at.exception
    mapped = int(items["mapped"].astype(bool).sum())
    intro = t("about_intro", "zh", n=len(items), mapped=mapped, unmapped=len(items) - mapped)
    assert at.markdown[0].value == intro
    reasons = [m.value for m in at.markdown if m.value.startswith("- ") and ": " in m.value]
    counts = [int(r.rsplit(": ", 1)[1]) for r in reasons]
    assert len(counts) == len(UNMAPPED_REASONS) and sum(counts) == len(items) - mapped


@pytest.mark.parametrize("page", ["items", "chapters", "indicators", "about"])
def test_every_page_reads_english_when_asked(page):
    at = _open({"lang": "en"}, page=page)
    assert not at.exception
    beside = t("plan_wording", "en", text="")  # the plan's own Chinese, shown on purpose
    english = [text for text in _texts(at) if text != t("credits", "en")]
    english = [text for text in english if not text.startswith(beside)]
    assert english and not [text for text in english if HAN.search(text)]
    assert at.radio(key="w_lang").value == "en"


@pytest.mark.parametrize("page", ["items", "chapters", "indicators", "about"])
def test_every_page_reports_bad_link_values_and_keeps_the_filters_for_the_map(page):
    at = _open({"ch": "3", "st": "done", "lang": "en"}, page=page)
    assert not at.exception
    assert [w.value for w in at.warning] == [t("notice_unknown", "en", param="st", value="done")]
    assert _params(at) == {"ch": "3", "lang": "en"}  # back on the map, chapter 3 is still chosen


def test_items_not_on_the_map_can_be_picked_for_their_details(items):
    at = _open({"ch": "7"})
    unmapped = items[items["id"].isin(expected_ids(chapters=[7]))]
    unmapped = unmapped[~unmapped["mapped"].astype(bool)]
    assert len(unmapped) > 0
    pick = at.selectbox(key="unmapped_pick")
    assert len(pick.options) == len(unmapped)
    outside = unmapped[unmapped["unmapped_reason"] == "outside_district"].iloc[0]
    pick.set_value(outside["id"]).run()
    shown = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert outside["name_zh"] in shown
    assert label(UNMAPPED_REASONS, "outside_district", "zh") in shown
    assert _params(at)["f"] == outside["id"]
