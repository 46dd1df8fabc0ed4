"""Hostile strings from a URL or a record never become markup, on any page or in the HTML export.

The corpus mixes HTML/script, Markdown links and images, ``javascript:`` URLs, bare URLs that a
Markdown renderer would auto-link, quotes, a very long value, bidi overrides and zero-width
characters, and CJK. What a user would notice is checked: no Markdown or HTML text of the page
may still contain, once its backslash escapes are taken away, a link, an image, a tag or an
auto-linkable address from the corpus; the HTML export holds no live tag or handler from it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from geo import settings
from layers.plan import load_plan_items
from layers.planbuild import items_geojson
from webmap import escape
from webmap.briefing import export_html

APP = str(settings.REPO_ROOT / "app.py")

HOSTILE = [
    '<script>alert("x")</script>',
    '<img src=x onerror="alert(1)">',
    "[CLICK HERE](https://evil.example/login)",
    "![x](http://198.51.100.7/track.png)",
    "[a](javascript:alert(1))",
    "javascript:alert(1)",
    "\"'><svg onload=alert(1)>",
    "see https://evil.example/x or www.evil.example or me@evil.example",
    '<a href="http://evil.example">x</a>',
    "**bold** _em_ `code` ~~gone~~ # heading\n- list",
    "&lt;script&gt; &amp; &#60;img&#62;",
    "\u202egnp.exe\u202c zero\u200bwidth\u200d join",
    "鼓楼区\u3000“引号”「括号」<b>粗</b>",
    "evil " + "A" * 5000,
]
#: What a renderer would turn into a link, an image, a tag or a request.
LIVE_MARKDOWN = re.compile(
    r"\]\(|!\[|<\s*/?\s*[a-z]|javascript:|https?:|www\.evil|@evil|&[#a-z0-9]+;", re.I
)
LIVE_HTML = re.compile(
    r"<\s*(script|img|svg|a|b|iframe)\b[^>]*(alert|evil|198\.51|onerror|onload|>粗)", re.I
)
PAGES = [None, "items", "chapters", "indicators", "about"]
URL_KEYS = ["lang", "st", "q", "ch", "ly", "k", "sec", "f"]


@pytest.fixture(autouse=True)
def _navigation_like_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run app.py's st.navigation on every run, as the server does (see test_pages.py)."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


def _open(params: dict[str, str] | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if page:
        at.switch_page(f"pages/{page}.py")
    return at.run()


def _unescaped(markdown: str) -> str:
    """The Markdown source without its backslash escapes (what could still act as syntax)."""
    return re.sub(r"\\[!-/:-@\[-`{-~]", "", markdown)


#: GFM's autolink literals, found in the rendered text (after escapes are resolved).
AUTOLINK = re.compile(r"(https?://|www\.)[-.\w]|[-.\w+]+@[-\w]+\.", re.I)


def _rendered(markdown: str) -> str:
    """The text a Markdown renderer shows: backslash escapes resolved."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def _markdown_texts(at: AppTest) -> list[tuple[str, bool]]:
    """Every Markdown-rendered text of the page with whether it may hold raw HTML."""
    found = []
    for kind in ("markdown", "caption", "warning", "info", "error", "success", "title"):
        for element in at.get(kind):
            allow_html = bool(getattr(element.proto, "allow_html", False))
            body = getattr(element.proto, "body", None) or element.value
            found.append((str(body), allow_html))
    found += [(option, False) for radio in at.get("radio") for option in radio.options]
    return found


def _assert_inert(at: AppTest, where: str) -> None:
    assert not at.exception, f"{where}: {at.exception}"
    for body, allow_html in _markdown_texts(at):
        if allow_html:  # our own HTML (the legend): nothing from the corpus may be in it
            assert not re.search(r"evil|alert|198\.51|CLICK", body), f"{where}: {body[:200]}"
        else:
            live = LIVE_MARKDOWN.search(_unescaped(body)) or AUTOLINK.search(_rendered(body))
            assert not live, f"{where}: {live.group(0)!r} live in {body[:300]!r}"
    for component in at.get("component_instance"):  # the map: tooltips and popups
        assert _live_tags(component.proto.json_args) == [], where


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p or "map")
@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_url_values_stay_text_on_every_page(page, value):
    at = _open(dict.fromkeys(URL_KEYS, value), page)
    _assert_inert(at, f"page {page or 'map'} with {value[:40]!r}")
    # the values were understood as unknown and reported, the page stayed in Chinese
    assert [w for w in at.warning], "a notice tells the user the link values were ignored"


def test_the_issue_links_show_no_link_and_no_image():
    for params in (
        {"st": "[CLICK HERE](https://evil.example/login)"},
        {"lang": "![x](http://198.51.100.7/track.png)"},
        {"q": "![x](http://198.51.100.7/track.png)"},
    ):
        at = _open(params)
        _assert_inert(at, str(params))
        notices = " ".join(w.value for w in at.warning)
        # The value is shown (as text) so the user sees what was ignored.
        assert "CLICK HERE" in notices or "198" in notices


# --- hostile records ------------------------------------------------------------------------


@pytest.fixture
def hostile_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> gpd.GeoDataFrame:
    """Real items (a point, an area, an unmapped one) with every text field from the corpus."""
    items = load_plan_items()
    rows = [
        items[items.geom_type == "Point"].iloc[[0]],
        items[items.geom_type == "Polygon"].iloc[[0]],
        items[items.geometry.isna()].iloc[[0]],
    ]
    picked = gpd.GeoDataFrame(pd.concat(rows), geometry="geometry", crs=items.crs)
    copies = []
    for number, value in enumerate(HOSTILE):
        copy = picked.copy()
        copy["id"] = [f"hostile-{number}-{kind}" for kind in ("point", "area", "unmapped")]
        for field in ("name_zh", "name_en", "status_basis", "position_source", "note"):
            copy[field] = value
        copy["aliases"] = [[value, f"别名{number}"]] * 3
        copies.append(copy)
    plan = gpd.GeoDataFrame(pd.concat(copies), geometry="geometry", crs=items.crs)
    plan = plan.reset_index(drop=True)
    (tmp_path / "plan_items.geojson").write_text(items_geojson(plan), encoding="utf-8")
    (tmp_path / "indicators.csv").write_bytes((settings.PLAN_DIR / "indicators.csv").read_bytes())
    # The outline is a file too: its chapter and section titles carry a Markdown link.
    outline = json.loads((settings.PLAN_DIR / "outline.json").read_text("utf-8"))
    for chapter in outline["chapters"]:
        chapter["title"] += " " + HOSTILE[2]
        for section in chapter["sections"]:
            section["title"] += " " + HOSTILE[3]
    (tmp_path / "outline.json").write_text(json.dumps(outline, ensure_ascii=False), "utf-8")
    monkeypatch.setattr(settings, "PLAN_DIR", tmp_path)
    st.cache_data.clear()
    yield load_plan_items()
    st.cache_data.clear()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hostile_records_stay_text_in_details_and_tooltips(hostile_plan, lang):
    kinds = ("point", "area", "unmapped") if lang == "zh" else ("point",)  # bounded run time
    for number in range(len(HOSTILE)):
        for kind in kinds:
            at = _open({"f": f"hostile-{number}-{kind}", "lang": lang})
            _assert_inert(at, f"record hostile-{number}-{kind} ({lang})")
            assert not at.warning  # the id is known: no notice


@pytest.mark.parametrize("page", ["items", "chapters"])
def test_hostile_records_stay_text_on_the_other_pages(hostile_plan, page):
    at = _open({"ch": str(hostile_plan["chapters"].iloc[0][0])}, page)
    _assert_inert(at, page)
    if page == "chapters":  # the section picker's labels (Markdown) hold the outline's titles
        options = at.radio(key="section_pick").options
        assert sum("198" in option for option in options) >= 1


def _live_tags(html: str) -> list[str]:
    """Tags from the corpus that a browser would create: in the page or in JSON strings."""
    decoded = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), html)
    decoded = decoded.replace('\\"', '"').replace("\\/", "/")
    return [m.group(0)[:80] for m in LIVE_HTML.finditer(decoded)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hostile_records_stay_text_in_the_html_export(hostile_plan, lang):
    html = export_html(hostile_plan, lang, '<img src=x onerror="alert(1)"> [a](javascript:x)')
    # The page's own markup holds no live tag from the corpus: the subtitle is escaped, and the
    # records travel as JSON data inside the script with < > & as \\u escapes (no </script>
    # break-out); the front-end puts their text in with textContent (gulou_details.js), as the
    # static site's browser test shows for the same front-end.
    assert [m.group(0)[:80] for m in LIVE_HTML.finditer(html)] == []
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in _decoded(html)  # the title box
    assert "\u202e" not in html and "\\u202e" not in html.lower()  # no bidi override survives


def test_data_exports_keep_the_raw_values(hostile_plan, capsysbinary):
    import cli

    assert cli.main(["export", "--layer", "plan", "--format", "geojson"]) == 0
    features = json.loads(capsysbinary.readouterr().out)["features"]
    assert {f["properties"]["name_zh"] for f in features} == set(HOSTILE)


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_escapes_are_total(value):
    assert not LIVE_MARKDOWN.search(_unescaped(escape.md_text(value)))
    assert not AUTOLINK.search(_rendered(escape.md_text(value)))
    assert "<" not in escape.html_text(value) and '"' not in escape.html_text(value)
    assert "\n" not in escape.md_text(value) and "\u202e" not in escape.text(value)


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, "", "  "])
def test_missing_values_are_blank_never_nan(missing):
    assert escape.blank(missing) and escape.text(missing) == "" and escape.md_text(missing) == ""


# --- the plan's silence ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "silent"),
    [
        ({"f": "antai-river-belt"}, "规划原文未说明进度"),
        ({"f": "aofeng-academy", "lang": "en"}, "The plan text says nothing on progress"),
    ],
)
def test_where_the_plan_is_silent_the_details_say_so(params, silent):
    items = load_plan_items()
    assert escape.blank(items.set_index("id").at[params["f"], "status_basis"])
    at = _open(params)
    details = " ".join(m.value for m in at.markdown)
    assert silent in details and "nan" not in details.replace("Nanjing", "")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_popup_of_the_html_export_shows_nan(lang):
    items = load_plan_items()
    silent = int(items["status_basis"].map(escape.blank)[items["mapped"]].sum())
    html = _decoded(export_html(items, lang, ""))
    assert "「nan」" not in html and ": nan<" not in html
    # the popups are built in the browser from the data: a silent basis is null, never "nan",
    # and the front-end has the words that say the plan is silent
    assert silent > 0 and '"status_basis":"nan"' not in html and ":NaN" not in html
    assert html.count('"status_basis":null') >= silent
    words = {"zh": "规划原文未说明进度", "en": "The plan text says nothing on progress"}[lang]
    assert f'"status_silent":"{words}"' in html


def _decoded(html: str) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), html)


# --- repeated URL parameters ----------------------------------------------------------------


def test_repeated_list_parameters_merge_and_single_ones_keep_the_last_with_a_notice():
    from layers.plan import filter_items

    items = load_plan_items()
    at = _open({"ch": ["3", "5"], "st": ["planned", "upgrading"], "q": ["公园", "广场"]})
    assert not at.exception
    expected = filter_items(items, chapters=[3, 5], statuses=["planned", "upgrading"], query="广场")
    count = next(int(m) for e in at.markdown for m in re.findall(r"当前显示 (\d+) 项", e.value))
    assert count == len(expected) > 0
    assert [w.value for w in at.warning] == ["链接参数 q 出现了多次，使用最后一个值“广场”。"]
    assert at.query_params["ch"] == "3,5" and at.query_params["st"] == "planned,upgrading"
