"""URL query parameters round-trip to a view; bad values become notices, never errors."""

from __future__ import annotations

from pages._urlstate import Notice, ViewState, parse_params

IDS = {"axis-817", "sanfang-qixiang"}
SECTIONS = {"3.1", "3.1.1", "box3"}


def test_round_trip_restores_the_view():
    state = ViewState(
        chapters=[3, 11], sections=["3.1"], statuses=["planned", "underway"], layers=["projects"],
        kinds=["park"], query="三坊", selected="sanfang-qixiang", lang="en",
    )  # fmt: skip
    parsed, notices = parse_params(state.to_params(), IDS, SECTIONS)
    assert notices == []
    # statuses come back in the vocabulary's order, whatever order the link had
    assert parsed == ViewState(
        chapters=[3, 11], sections=["3.1"], statuses=["underway", "planned"], layers=["projects"],
        kinds=["park"], query="三坊", selected="sanfang-qixiang", lang="en",
    )  # fmt: skip


def test_defaults_are_left_out_of_links():
    assert ViewState().to_params() == {}
    assert ViewState(chapters=[5]).to_params() == {"ch": "5"}


def test_malformed_values_are_ignored_with_notices():
    params = {"ch": "3,x,13", "st": "done,planned", "lang": "fr", "f": "nope", "ly": ""}
    state, notices = parse_params(params, IDS, SECTIONS)
    assert state.chapters == [3] and state.statuses == ["planned"] and state.lang == "zh"
    assert state.selected is None and state.layers == []
    assert notices == [
        Notice("lang", "unknown", "fr"),
        Notice("ch", "unknown", "x"),
        Notice("ch", "unknown", "13"),
        Notice("st", "unknown", "done"),
        Notice("f", "no_item", "nope"),
    ]


def test_repeated_list_keys_merge_and_long_queries_are_cut():
    state, notices = parse_params({"ch": ["1", "2"], "q": "鼓" * 80})
    assert state.chapters == [1, 2]
    assert len(state.query) == 60 and notices[0].problem == "too_long"


def test_repeated_single_keys_keep_the_last_with_a_notice():
    state, notices = parse_params(
        {"ch": ["3", "5"], "st": ["planned", "bogus"], "q": ["甲", "乙"], "f": ["a", "a"]},
        item_ids={"a"},
    )
    assert state.chapters == [3, 5] and state.statuses == ["planned"]
    assert state.query == "乙" and state.selected == "a"
    assert notices == [Notice("st", "unknown", "bogus"), Notice("q", "repeated", "乙")]


def test_spaces_and_empty_parts_are_tolerated():
    state, notices = parse_params({"ch": " 3 , ,11 ", "st": ","})
    assert state.chapters == [3, 11] and state.statuses == [] and notices == []
