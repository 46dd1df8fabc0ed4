"""URL query parameters round-trip to a view; bad values become notices, never errors."""

from __future__ import annotations

from pages._urlstate import Notice, Question, QuestionTargets, ViewState, parse_params

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


TARGETS = QuestionTargets(
    containers={"zone-modern-services", "axis-bayiqi"},
    items={"xihu-park", "zone-modern-services"},
    stations={"屏山", "东街口"},
    kinds={"hospital", "community"},
)


def test_spatial_questions_round_trip():
    for question, params in (
        (Question("inside", "zone-modern-services"), {"qi": "zone-modern-services"}),
        (Question("inside", "axis-bayiqi", corridor_m=500), {"qi": "axis-bayiqi", "qw": "500"}),
        (Question("near", "xihu-park", distance_m=800), {"qn": "xihu-park", "qd": "800"}),
        (Question("station", "屏山"), {"qs": "屏山", "qd": "500"}),
        (
            Question("reach", "hospital", minutes=10, statuses=("completed", "existing")),
            {"reach": "hospital", "min": "10", "rst": "completed,existing"},
        ),
    ):
        state = ViewState(question=question, lang="en")
        assert state.to_params() == {**params, "lang": "en"}
        parsed, notices = parse_params(state.to_params(), IDS, SECTIONS, TARGETS)
        assert notices == [] and parsed.question == question


def test_bad_questions_give_notices_and_no_answer():
    state, notices = parse_params(
        {"qi": "xihu-park", "qs": "火星", "reach": "spaceport", "qd": "5"}, IDS, SECTIONS, TARGETS
    )
    assert state.question is None
    assert notices == [
        Notice("qi", "no_item", "xihu-park"),  # a park is not a zone, belt or axis
        Notice("qs", "unknown", "火星"),
        Notice("reach", "unknown", "spaceport"),
    ]
    state, notices = parse_params({"qs": "屏山", "qd": "99999", "reach": "hospital"}, (), (),
                                  TARGETS)  # fmt: skip
    assert state.question == Question("station", "屏山", distance_m=500)
    assert notices == [
        Notice("qd", "out_of_range", "99999"),
        Notice("reach", "one_question", "hospital"),
    ]
    state, notices = parse_params({"qn": "xihu-park", "qd": "abc"}, (), (), TARGETS)
    assert state.question.distance_m == 500 and notices == [Notice("qd", "unknown", "abc")]
