"""Broken plan-item records give messages naming file, record and field."""

from __future__ import annotations

from pathlib import Path

from layers.schema import load_item_sources

GOOD = """\
- id: demo-park
  name_zh: 北山公园
  name_en: Beishan Park
  kind: park
  layer: parks_water
  mentions: [北山公园]
  status: existing
  status_basis: null
  status_note: 规划未述进度，作为现状依托
  geometry: {point: [119.30, 26.08]}
  precision: approximate
  position_source: test
"""


def _problems(tmp_path: Path, text: str, name: str = "items.yaml") -> list[str]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    _, problems = load_item_sources(tmp_path)
    return [str(p).replace(f"{tmp_path}/", "") for p in problems]


def test_a_good_record_loads(tmp_path):
    (tmp_path / "items.yaml").write_text(GOOD, encoding="utf-8")
    records, problems = load_item_sources(tmp_path)
    assert problems == []
    assert records[0][2].id == "demo-park" and records[0][2].geometry.form == "point"


def test_unknown_status_names_file_record_and_field(tmp_path):
    problems = _problems(tmp_path, GOOD.replace("status: existing", "status: done"))
    assert len(problems) == 1
    assert problems[0].startswith("items.yaml, record 1 (id=demo-park), field 'status': 'done'")
    assert "completed" in problems[0]


def test_two_geometry_forms_are_rejected(tmp_path):
    text = GOOD.replace("{point: [119.30, 26.08]}", "{point: [119.30, 26.08], station: 东街口}")
    (problem,) = _problems(tmp_path, text)
    assert "field 'geometry'" in problem and "exactly one of" in problem


def test_swapped_lat_lon_is_caught(tmp_path):
    (problem,) = _problems(tmp_path, GOOD.replace("[119.30, 26.08]", "[26.08, 119.30]"))
    assert "not a lon/lat position in China" in problem


def test_null_basis_without_note_is_rejected(tmp_path):
    (problem,) = _problems(
        tmp_path, GOOD.replace("  status_note: 规划未述进度，作为现状依托\n", "")
    )
    assert "give status_note" in problem


def test_unmapped_item_needs_a_reason(tmp_path):
    text = GOOD.replace(
        "  geometry: {point: [119.30, 26.08]}\n", "  geometry: null\n  mapped: false\n"
    )
    (problem,) = _problems(tmp_path, text)
    assert "needs unmapped_reason" in problem


def test_bad_id_and_unknown_field(tmp_path):
    problems = _problems(
        tmp_path, GOOD.replace("id: demo-park", "id: Demo Park") + "  colour: red\n"
    )
    assert any("field 'id'" in p and "must match" in p for p in problems)
    assert any("field 'colour'" in p for p in problems)


def test_duplicate_ids_across_files(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (problem,) = _problems(tmp_path, GOOD, name="b.yaml")
    assert problem.startswith("b.yaml, record 1 (id=demo-park), field 'id': duplicate id")
    assert "a.yaml record 1" in problem


def test_yaml_syntax_error_names_the_line(tmp_path):
    (problem,) = _problems(tmp_path, GOOD + "- id: [unclosed\n")
    assert problem.startswith("items.yaml: YAML syntax error at line")


def test_not_a_list_and_not_a_mapping(tmp_path):
    assert _problems(tmp_path, "id: x\n") == [
        "items.yaml: the file must hold a YAML list of records"
    ]
    (tmp_path / "items.yaml").unlink()
    assert _problems(tmp_path, "- just a string\n") == [
        "items.yaml, record 1: a record must be a mapping"
    ]


def test_no_files_is_a_problem(tmp_path):
    _, problems = load_item_sources(tmp_path)
    assert str(problems[0]) == f"{tmp_path}: no *.yaml item files found"
