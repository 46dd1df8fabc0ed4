"""Property-based tests (hypothesis): URL parsing, item records and CLI arguments never crash.

Whatever a link, a YAML file or a command line holds, the answer is a parsed value or a clear
message naming what was wrong, never a traceback, and the repository's data is never written.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cli
from geo import settings as gulou_settings
from layers.plan import load_plan_items
from layers.schema import ItemRecord, load_item_sources
from layers.vocab import KINDS, LAYERS, STATUSES
from pages._urlstate import CHAPTERS, LANGS, MAX_QUERY, parse_params
from webmap.escape import md_t

FIXTURES_OK = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
URL_KEYS = ["ch", "sec", "st", "ly", "k", "q", "f", "lang", "x", ""]
PROBLEMS = {"unknown", "too_long", "no_item", "repeated"}
ITEM_IDS = frozenset(load_plan_items()["id"])

#: Text a link may carry: any unicode, and the codes the parser knows, mixed.
known_codes = st.sampled_from(
    [*map(str, CHAPTERS), *STATUSES, *LAYERS, *KINDS, *LANGS, *sorted(ITEM_IDS)[:20], "3.1"]
)
url_text = st.one_of(
    st.text(max_size=200),
    known_codes,
    st.lists(st.one_of(known_codes, st.text(max_size=8)), max_size=6).map(",".join),
)
url_value = st.one_of(url_text, st.lists(url_text, max_size=4))


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module", autouse=True)
def _data_untouched():
    """Nothing here may write the repository's derived or hand-kept data."""
    before = _digest(gulou_settings.DATA_DIR), _digest(gulou_settings.STATIC_DIR / "base")
    yield
    assert (_digest(gulou_settings.DATA_DIR), _digest(gulou_settings.STATIC_DIR / "base")) == before


# --- URL parsing ----------------------------------------------------------------------------


@given(st.dictionaries(st.sampled_from(URL_KEYS), url_value, max_size=8))
@settings(max_examples=300, deadline=None)
def test_any_link_parses_to_a_valid_view_with_notices(params):
    state, notices = parse_params(params, ITEM_IDS, {"3.1", "box3"})
    assert set(state.chapters) <= set(CHAPTERS) and state.chapters == sorted(state.chapters)
    assert set(state.statuses) <= set(STATUSES) and set(state.layers) <= set(LAYERS)
    assert set(state.kinds) <= set(KINDS) and set(state.sections) <= {"3.1", "box3"}
    assert state.lang in LANGS and len(state.query) <= MAX_QUERY
    assert state.selected is None or state.selected in ITEM_IDS
    for notice in notices:
        assert notice.param in params and notice.problem in PROBLEMS
        # every notice renders in both languages as Markdown without markup from the link
        for lang in LANGS:
            shown = md_t(f"notice_{notice.problem}", lang, param=notice.param, value=notice.value)
            assert "](" not in re.sub(r"\\.", "", shown)
    # the view survives a round trip through its own link
    again, none = parse_params(state.to_params(), ITEM_IDS, {"3.1", "box3"})
    assert again == state and none == []


# --- item records ---------------------------------------------------------------------------

json_leaf = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30)
)
json_like = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = list(ItemRecord.model_fields)


@pytest.fixture(scope="module")
def a_record() -> dict:
    """A real record, as a planner wrote it."""
    text = (gulou_settings.PLAN_ITEMS_DIR / "heritage_green.yaml").read_text("utf-8")
    return yaml.safe_load(text)[0]


def _problems_of(folder: Path, text: str) -> list[str]:
    (folder / "items.yaml").write_text(text, encoding="utf-8")
    records, problems = load_item_sources(folder)
    return [str(p) for p in problems], records


@given(field=st.sampled_from([*FIELDS, "unknown_field"]), value=json_like)
@FIXTURES_OK
def test_a_record_with_any_field_value_loads_or_names_the_field(a_record, tmp_path, field, value):
    record = dict(a_record) | {field: value}
    problems, records = _problems_of(tmp_path, yaml.safe_dump([record], allow_unicode=True))
    assert bool(problems) != bool(records)
    for problem in problems:
        assert problem.startswith(str(tmp_path / "items.yaml"))
        assert "record 1" in problem


@given(st.one_of(st.text(max_size=300), json_like.map(yaml.safe_dump)))
@FIXTURES_OK
def test_any_yaml_file_loads_or_is_a_clear_problem(tmp_path, text):
    problems, records = _problems_of(tmp_path, text)
    assert problems or records
    for problem in problems:
        assert problem.startswith(str(tmp_path / "items.yaml") + ": ") or ", record " in problem
        assert "Traceback" not in problem


@given(st.binary(max_size=200))
@FIXTURES_OK
def test_any_bytes_load_or_are_a_clear_problem(tmp_path, data):
    (tmp_path / "items.yaml").write_bytes(data)
    _, problems = load_item_sources(tmp_path)
    assert all(str(p).startswith(str(tmp_path / "items.yaml")) for p in problems)


# --- CLI arguments --------------------------------------------------------------------------

#: Tokens of the commands that only read data (build, print and boundary have their own tests).
TOKENS = [
    "export", "layers", "--layer", "plan", "indicators", "roads", "district", "--format",
    "geojson", "csv", "gpkg", "html", "--chapter", "3", "13", "-1", "--status", "planned",
    "done", "--kind", "park", "--map-layer", "projects", "--lang", "en", "fr", "-o", "--help",
    "",
]  # fmt: skip


@given(st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=12)), max_size=10))
@FIXTURES_OK
def test_any_command_line_exits_with_a_code_and_a_message(
    tmp_path, capsysbinary, monkeypatch, argv
):
    # Whatever a random "-o" names is written inside the tmp folder, never into the repository.
    monkeypatch.chdir(tmp_path)
    argv = [a for a in argv if "/" not in a and "\\" not in a]
    after = ["", *argv][: len(argv)]
    argv = [str(tmp_path / "x.out") if p == "-o" else a for p, a in zip(after, argv, strict=True)]
    try:
        code = cli.main(argv)
    except SystemExit as exit_:  # argparse: usage errors (2) and --help (0)
        code = exit_.code
    _, err = capsysbinary.readouterr()
    assert code in (0, 1, 2)
    text = err.decode("utf-8", "replace")
    assert "Traceback" not in text
    if code == 1:
        assert text.startswith("error: ") and len(text.strip().splitlines()) == 1
    if code == 2:
        assert "usage:" in text or "error:" in text
