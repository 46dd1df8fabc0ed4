"""Both languages have every interface string; the English one has no Chinese left in it."""

from __future__ import annotations

import re

import pytest

from layers.vocab import KINDS, LAYERS, PRECISIONS, STATUSES, UNMAPPED_REASONS
from webmap.i18n import STRINGS, t

HAN = re.compile(r"[\u4e00-\u9fff]")
BILINGUAL_BY_DESIGN = {"language", "credits", "about_sources_text"}  # toggle; 高德 by name


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_english_strings_are_english(key):
    if key not in BILINGUAL_BY_DESIGN:
        assert not HAN.search(t(key, "en")), t(key, "en")
    assert HAN.search(t(key, "zh")) or key == "language"


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
