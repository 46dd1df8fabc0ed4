"""English mode (``?lang=en``) shows no Chinese except names kept deliberately beside their
English: every page is run headless and every text it shows is read (titles, markdown,
captions, widget labels and options, table cells, the map's script)."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from geo import settings
from layers.plan import load_indicators, load_outline, load_plan_items

APP = str(settings.REPO_ROOT / "app.py")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]")


@pytest.fixture(autouse=True)
def _navigation_like_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in tests/test_pages.py: st.navigation runs on every run, as on the server."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


def _deliberate() -> re.Pattern:
    """Chinese shown on purpose in English mode, as one pattern (longest first).

    An item's Chinese name, aliases, the plan's words quoted as a status basis, the position
    notes that name places in Chinese; the plan's own titles and indicator names beside
    their translation; AMap's name beside its English; the language toggle.
    """
    items = load_plan_items()
    kept = {"中文", "语言 / Language", "AMap (高德)"}
    for column in ("name_zh", "status_basis", "position_source", "status_note", "note"):
        if column in items.columns:
            kept |= {str(v) for v in items[column].dropna() if v}
    kept |= {alias for aliases in items["aliases"] for alias in aliases}
    for chapter in load_outline():
        kept.add(chapter["title"])
        kept.add(f"第{chapter['number']}章")
        for section in chapter["sections"]:
            kept |= {section["title"], *(s["title"] for s in section["subsections"])}
        kept |= {f"专栏{b['number']} {b['title']}" for b in chapter["boxes"]}
    kept |= set(load_indicators()["indicator"])
    return re.compile("|".join(re.escape(k) for k in sorted(kept, key=len, reverse=True)))


@pytest.fixture(scope="module")
def deliberate() -> re.Pattern:
    return _deliberate()


def _open(params: dict[str, str], page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    if page:
        at.switch_page(f"pages/{page}.py")
    return at.run()


_UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def _shown(at: AppTest) -> list[str]:
    """Every text of the page: elements, widget labels and options, table cells, map script."""
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning"):
        texts += [str(e.value) for e in at.get(kind)]
    for kind in ("selectbox", "multiselect", "radio", "text_input", "slider"):
        for widget in at.get(kind):
            texts.append(widget.label)
            texts += [str(o) for o in getattr(widget, "options", [])]
    texts += [b.label for b in at.button] + [e.label for e in at.get("expander")]
    for frame in at.dataframe:
        table = frame.value
        texts += [str(c) for c in table.columns] + [str(i) for i in table.index]
        texts += [str(v) for v in table.to_numpy().ravel()]
    for component in at.get("component_instance"):
        args = json.loads(component.proto.json_args)
        for key in ("script", "feature_group", "layer_control", "html"):
            # the map's script carries names as \\u escapes: decode them to read them
            texts.append(_UNICODE_ESCAPE.sub(lambda m: chr(int(m[1], 16)), str(args.get(key))))
    return texts


def _chinese_left(at: AppTest, deliberate: re.Pattern) -> list[str]:
    left = []
    for text in _shown(at):
        rest = deliberate.sub("", text)
        if HAN.search(rest):
            left.append(text[:160])
    return left


PAGES = [
    ({"lang": "en", "f": "cd-dongjiekou"}, None),  # map, with an item's details
    ({"lang": "en", "f": "pilot-carbon-peak", "ch": "10"}, None),  # an unmapped item, a chapter
    ({"lang": "en", "ch": "5", "sec": "box3"}, None),  # a section filter of a 专栏
    ({"lang": "en"}, "items"),
    ({"lang": "en"}, "chapters"),
    ({"lang": "en"}, "indicators"),
    ({"lang": "en"}, "about"),
]


@pytest.mark.parametrize(("params", "page"), PAGES)
def test_english_pages_show_no_chinese_beyond_the_deliberate_names(params, page, deliberate):
    at = _open(params, page)
    assert not at.exception
    assert _chinese_left(at, deliberate) == []


def test_the_check_would_see_chinese_in_the_interface(deliberate):
    """The same reading finds Chinese on a Chinese page (so a leak would be caught)."""
    at = _open({"f": "cd-dongjiekou"})
    assert len(_chinese_left(at, deliberate)) > 10


def test_english_chapter_titles_with_the_plans_wording_beside(deliberate):
    at = _open({"lang": "en"}, "chapters")
    options = at.selectbox(key="chapters_pick").options
    assert options[2].startswith("Chapter 3 A Stronger Industrial System")
    assert [c.value for c in at.caption if c.value.startswith("The plan's wording")] == [
        "The plan's wording: 第1章 发展基础和发展环境"
    ]
    sections = at.radio(key="section_pick").options
    assert "1\\.2\\.3 Strategic Opportunities" in [s.strip() for s in sections]  # Markdown-escaped


def test_english_details_use_english_punctuation():
    at = _open({"lang": "en", "f": "cd-dongjiekou"})
    details = next(m.value for m in at.markdown if "**Chapters**" in m.value)
    assert "**Chapters**: Chapter 1\\, Chapter 3\\, Chapter 5" in details  # Markdown-escaped
    assert "“实施消费商圈提质工程”" in details and "「" not in details


def test_english_indicator_table_with_the_plans_wording_beside():
    at = _open({"lang": "en"}, "indicators")
    table = at.dataframe[1].value
    row = table.iloc[0]
    assert row["Indicator"] == "Gross domestic product (GDP)"
    assert row["The plan's wording"] == "地区生产总值（GDP）"
    assert row["Unit"] == "100 million yuan" and row["Attribute"] == "Anticipatory"
