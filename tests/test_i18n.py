"""Both languages have every interface string; the English one has no Chinese left in it."""

from __future__ import annotations

import re

import pytest

from layers.vocab import KINDS, LAYERS, PRECISIONS, STATUSES, UNMAPPED_REASONS
from webmap.i18n import STRINGS, join, t

HAN = re.compile(r"[\u4e00-\u9fff]")
#: Chinese kept deliberately in English strings: the language toggle, and AMap's own name
#: beside its English one in the credits.
DELIBERATE = ("语言 / ", "AMap (高德)")
#: Strings with no words: punctuation, units and symbols of the language.
NO_WORDS = {"credit_osm", "list_sep", "section_sep", "quoted", "unit_in_brackets", "station_option"}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_english_strings_are_english(key):
    english = t(key, "en")
    for kept in DELIBERATE:
        english = english.replace(kept, "")
    assert not HAN.search(english), t(key, "en")
    assert HAN.search(t(key, "zh")) or key == "language" or key in NO_WORDS


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
