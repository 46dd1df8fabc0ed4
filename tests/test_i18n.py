"""Both languages have every interface string; the English one has no Chinese left in it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from geo import settings
from layers.vocab import KINDS, LAYERS, PRECISIONS, STATUSES, UNMAPPED_REASONS
from webmap.i18n import STRINGS, join, t

HAN = re.compile(r"[\u4e00-\u9fff]")
#: Chinese kept deliberately in English strings: AMap's own name beside its English one.
DELIBERATE = ("AMap (高德)",)
#: Bilingual by design: the language toggle and its options, the browser tab's title.
BILINGUAL = {"language", "language_zh", "language_en", "browser_title"}
#: Strings with no words: punctuation, units and symbols of the language.
NO_WORDS = {
    "credit_osm", "list_sep", "section_sep", "quoted", "unit_in_brackets", "station_option",
    "evidence_cited", "marker_label",
}  # fmt: skip


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_english_strings_are_english(key):
    if key in BILINGUAL:
        return
    english = t(key, "en")
    for kept in DELIBERATE:
        english = english.replace(kept, "")
    assert not HAN.search(english), t(key, "en")
    assert HAN.search(t(key, "zh")) or key in NO_WORDS


#: Chinese string literals outside webmap/i18n.py that are not interface words: the plan's
#: own cell text that the indicator chart parses (``4000 以上``).
NOT_INTERFACE_WORDS = {("pages/indicators.py", "以上")}


def _string_literals(path: Path):
    """The string constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings:
            yield node.value


def test_every_interface_word_lives_in_i18n():
    root = settings.REPO_ROOT
    modules = [root / "app.py", *(root / "pages").glob("*.py"), *(root / "webmap").glob("*.py")]
    found = {
        (str(path.relative_to(root)), value)
        for path in modules
        if path.name != "i18n.py"
        for value in _string_literals(path)
        if HAN.search(value)
    }
    assert found == NOT_INTERFACE_WORDS


def test_one_item_is_singular_in_english():
    assert t("showing", "en", n=1) == "Showing 1 item"
    assert t("showing", "en", n=0) == "Showing 0 items"
    assert t("showing_unmapped", "en", n=1).startswith("(1 of them is not")
    assert t("showing", "zh", n=1) == "当前显示 1 项"


def test_lists_use_the_language_punctuation():
    assert join(["第3章", "第5章"], "zh") == "第3章、第5章"
    assert join(["Chapter 3", "Chapter 5"], "en") == "Chapter 3, Chapter 5"
    assert t("quoted", "en", text="稳步推进") == "“稳步推进”"


@pytest.mark.parametrize("vocabulary", [KINDS, LAYERS, PRECISIONS, STATUSES, UNMAPPED_REASONS])
def test_vocabularies_are_bilingual(vocabulary):
    for term in vocabulary.values():
        assert HAN.search(term.zh) and not HAN.search(term.en)


def test_placeholders_are_filled():
    assert t("showing", "zh", n=12) == "当前显示 12 项"
    assert t("showing", "en", n=12) == "Showing 12 items"


def test_unknown_key_is_an_error():
    with pytest.raises(ValueError, match="no interface string"):
        t("nope")


def test_one_list_of_languages():
    from pages import _urlstate
    from webmap import basemap, i18n

    assert _urlstate.LANGS is i18n.LANGS and basemap.LANGS is i18n.LANGS
    assert i18n.check_lang("en") == "en"
    with pytest.raises(ValueError, match="lang must be one of zh, en, got 'fr'"):
        i18n.check_lang("fr")
