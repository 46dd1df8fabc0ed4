"""Keeping the plan current: the basis check, the change log and its store, the plan as of a
date, and the CLI verbs.

Every test points the store at a tmp folder (``GULOU_CHANGES``): nothing is written into the
repository's ``data/``. Expected values are worked out by hand from the hand-made logs and the
hand-made plan text below, never from the code under test.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

import cli
from geo import settings
from layers import edits
from layers.basis import plan_basis_problem, plan_segments
from layers.edits import ChangeStore, ConflictError
from layers.plan import load_plan_items

MINI_PLAN = """第三章 塑强产业体系

第一节 壮大数字经济

一、提质升级软件园

提质升级福州软件园，推动园区办服务扩面，完善园区配套设施和公共服务平台建设体系。加快建设人工智能研发制造基地，培育一批龙头企业。鼓楼区丰沛的



科创资源及成熟的服务业基础，为西湖公园提升提供支撑。

打造闽都消费“新八景”。创新打造坊巷寻芳、冶山春秋八大标志性文旅消费地。

专栏1 产业高质量发展指引

◆数字载体：新建东和赋商务中心。升级温泉公园。
"""


@pytest.fixture(autouse=True)
def _store_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test writes its change log under tmp_path, never into data/."""
    path = tmp_path / "changes.jsonl"
    monkeypatch.setenv("GULOU_CHANGES", str(path))
    return path


@pytest.fixture(scope="module")
def items() -> gpd.GeoDataFrame:
    return load_plan_items()


# --- the basis check ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("basis", "mentions", "accepted"),
    [
        ("提质升级福州软件园", ["福州软件园"], True),  # the same sentence
        ("提质 升级\n福州软件园", ["福州软件园"], True),  # whitespace does not matter
        ("推动园区办服务扩面", ["福州软件园"], True),  # the same sentence, after the name
        ("加快建设人工智能研发制造基地", ["福州软件园"], False),  # the next sentence
        ("创新打造坊巷寻芳", ["新八景"], True),  # a later sentence of an entry led by a topic
        ("为西湖公园提升提供支撑", ["西湖公园"], True),  # a sentence cut by a page break
        ("鼓楼区丰沛的科创资源", ["西湖公园"], True),  # ... read across the break
        ("打造闽都消费“新八景”", ["冶山春秋"], True),  # a topic sentence leads its entry
        ("新建东和赋商务中心", ["温泉公园"], True),  # the same ◆ entry
        ("新建东和赋商务中心", ["软件园"], False),  # another entry
        ("建设体系。加快建设", ["福州软件园"], False),  # runs across two sentences
        ("建成月球基地", ["福州软件园"], False),  # not in the text
        ("  ", ["福州软件园"], False),
    ],
)
def test_a_basis_must_be_the_plans_words_near_a_mention(basis, mentions, accepted):
    problem = plan_basis_problem(MINI_PLAN, basis, mentions)
    assert (problem is None) is accepted, problem


def test_refusals_say_what_is_wrong():
    assert "does not occur in the plan text" in plan_basis_problem(MINI_PLAN, "建成月球基地", ["x"])
    across = plan_basis_problem(MINI_PLAN, "建设体系。加快建设", ["福州软件园"])
    assert "two sentences" in across
    elsewhere = plan_basis_problem(MINI_PLAN, "加快建设人工智能研发制造基地", ["福州软件园"])
    assert "not in a sentence or list entry that names the item" in elsewhere
    assert "福州软件园" in elsewhere


def test_headings_are_units_of_their_own():
    units = plan_segments(MINI_PLAN)
    assert ("第一节壮大数字经济",) in units
    assert ("专栏1产业高质量发展指引",) in units
    assert ("◆数字载体：新建东和赋商务中心。", "升级温泉公园。") in units


def test_the_committed_baseline_bases_pass_where_they_quote_the_items_sentence(
    items, plan_text_path
):
    text = plan_text_path.read_text(encoding="utf-8")
    row = items[items["id"] == "fuzhou-software-park"].iloc[0]
    assert plan_basis_problem(text, "提质升级福州软件园", row["mentions"]) is None
    # 做强“两翼”驱动 stands in the sentence before the one naming 东翼: a planner's edit could not
    # quote it for 东翼 (an earlier baseline did; the status rule's check now refuses it too).
    wing = items[items["id"] == "cons-east-wing"].iloc[0]
    assert "not in a sentence" in plan_basis_problem(text, "做强“两翼”驱动", wing["mentions"])


# --- preparing changes --------------------------------------------------------------------------


def _doc_status(
    items, events, item_id="fuzhou-software-park", status="underway", when="2026-02-10"
):
    return edits.prepare_status(
        items, events, item_id, status, "软件园二期2026年开工建设",
        document="2026年鼓楼区政府工作报告", when=when,
    )  # fmt: skip


def test_a_document_basis_needs_its_date_and_nothing_is_written(items, _store_in_tmp):
    with pytest.raises(ValueError, match="needs its date"):
        edits.prepare_status(
            items, [], "fuzhou-software-park", "underway", "软件园二期开工", document="报告"
        )
    with pytest.raises(ValueError, match="in the future"):
        _doc_status(items, [], when="2999-01-01")
    with pytest.raises(ValueError, match="before the plan's date"):
        _doc_status(items, [], when="2025-06-30")
    assert not _store_in_tmp.exists()


def test_older_evidence_cannot_replace_newer(items):
    store = ChangeStore()
    store.commit(_doc_status(items, store.read(), when="2026-05-01"), "王工")
    with pytest.raises(ValueError, match="older"):
        _doc_status(items, store.read(), status="completed", when="2026-03-01")


def test_a_point_outside_the_district_is_refused(items, _store_in_tmp):
    with pytest.raises(ValueError, match="outside the district"):
        edits.prepare_place(
            items, [], "fzu-yishan-campus", 119.30, 26.20, "approximate", "a test point far north"
        )
    with pytest.raises(ValueError, match="not a known precision"):
        edits.prepare_place(items, [], "fzu-yishan-campus", 119.264, 26.0765, "exact", "gate")
    assert not _store_in_tmp.exists()


def test_a_position_source_claim_is_cross_checked_like_the_build(items):
    # 屏山 station lies near 119.2967, 26.0921 (the base layer); the point is ~3.5 km WSW of it.
    with pytest.raises(ValueError, match="position_source"):
        edits.prepare_place(
            items, [], "fzu-yishan-campus", 119.2640, 26.0765, "approximate",
            "main gate, 0.3 km N of OSM station 屏山",
        )  # fmt: skip


def test_an_unmapped_item_placed_becomes_a_mapped_point(items):
    store = ChangeStore()
    change = edits.prepare_place(
        items, [], "admin-dispute-center", 119.2967, 26.0850, "approximate", "local knowledge"
    )
    assert change.before["point"] is None
    store.commit(change, "王工")
    out = edits.apply_changes(items, store.read())
    row = out[out["id"] == "admin-dispute-center"].iloc[0]
    assert row["mapped"] and pd.isna(row["unmapped_reason"])
    assert row.geometry.equals(Point(119.2967, 26.0850))
    assert row["precision"] == "approximate" and row["position_source"] == "local knowledge"


# --- the plan as of a date on a hand-made log ----------------------------------------------------


def _event(seq, change, action, item, field, before, after, effective, at, version, **evidence):
    return {
        "seq": seq, "change": change, "action": action, "item": item, "field": field,
        "before": before, "after": after, "evidence": evidence, "effective": effective,
        "by": "hand", "at": at, "version": version,
    }  # fmt: skip


def _hand_log() -> list[dict]:
    """Software park: underway from 2026-03-01 (c1), completed from 2027-06-30 (c8). The campus
    moved on 2026-04-15 from (119.2636, 26.0762) to (119.2636, 26.0807), 0.0045° (~500 m)
    north (c3); a wrong 'completed' for it from 2026-09-01 was reverted (c5). c10 waits."""
    park, campus = "fuzhou-software-park", "fzu-yishan-campus"
    doc = {"basis": "二期开工", "document": "报告", "date": "2026-03-01"}
    done = {"basis": "二期建成投用", "document": "报告二", "date": "2027-06-30"}
    wrong = {"basis": "校区完工", "document": "误报", "date": "2026-09-01"}
    moved = {"point": [119.2636, 26.0807], "precision": "approximate", "source": "gate"}
    return [
        _event(1, "c1", "propose", park, "status", {"status": "upgrading"},
               {"status": "underway"}, "2026-03-01", "2026-03-02T08:00:00Z", 0, **doc),
        _event(2, "c1", "apply", park, "status", {"status": "upgrading"},
               {"status": "underway"}, "2026-03-01", "2026-03-02T09:00:00Z", 1, **doc),
        _event(3, "c3", "propose", campus, "position", {"point": [119.2636, 26.0762]}, moved,
               None, "2026-04-15T08:00:00Z", 0, source="gate"),
        _event(4, "c3", "apply", campus, "position", {"point": [119.2636, 26.0762]}, moved,
               "2026-04-15", "2026-04-15T10:00:00Z", 1, source="gate"),
        _event(5, "c5", "propose", campus, "status", {"status": "existing"},
               {"status": "completed"}, "2026-09-01", "2026-09-02T08:00:00Z", 1, **wrong),
        _event(6, "c5", "apply", campus, "status", {"status": "existing"},
               {"status": "completed"}, "2026-09-01", "2026-09-02T09:00:00Z", 2, **wrong),
        _event(7, "c5", "revert", campus, "status", {"status": "completed"},
               {"status": "existing"}, "2026-09-01", "2026-09-03T09:00:00Z", 3, reason="wrong"),
        _event(8, "c8", "propose", park, "status", {"status": "underway"},
               {"status": "completed"}, "2027-06-30", "2027-07-01T08:00:00Z", 1, **done),
        _event(9, "c8", "apply", park, "status", {"status": "underway"},
               {"status": "completed"}, "2027-06-30", "2027-07-01T09:00:00Z", 2, **done),
        _event(10, "c10", "propose", park, "position", {"point": None}, moved, None,
               "2027-08-01T08:00:00Z", 2, source="never applied"),
    ]  # fmt: skip


def _status(frame, item_id):
    return frame.loc[frame["id"] == item_id, "status"].iloc[0]


@pytest.mark.parametrize(
    ("as_of", "park", "campus", "campus_lat"),
    [
        ("2025-12-31", "upgrading", "existing", 26.0762),
        ("2026-03-01", "underway", "existing", 26.0762),
        ("2026-04-15", "underway", "existing", 26.0807),
        ("2026-10-01", "underway", "existing", 26.0807),  # c5 was reverted: never in force
        ("2027-06-30", "completed", "existing", 26.0807),
        (None, "completed", "existing", 26.0807),
    ],
)
def test_the_plan_as_of_a_date(items, as_of, park, campus, campus_lat):
    frame = edits.apply_changes(items, _hand_log(), as_of)
    assert _status(frame, "fuzhou-software-park") == park
    assert _status(frame, "fzu-yishan-campus") == campus
    assert frame.loc[frame["id"] == "fzu-yishan-campus"].geometry.iloc[0].y == campus_lat
    # the baseline never changes
    assert frame.loc[frame["id"] == "fuzhou-software-park", "baseline_status"].iloc[0] == (
        "upgrading"
    )


def test_a_current_status_carries_its_evidence(items):
    frame = edits.apply_changes(items, _hand_log(), "2026-12-31").set_index("id")
    park = frame.loc["fuzhou-software-park"]
    assert (park["current_basis"], park["current_document"], park["current_date"]) == (
        "二期开工", "报告", "2026-03-01",
    )  # fmt: skip
    assert park["status_basis"] == "提质升级福州软件园"  # the plan's words stay
    assert frame.loc["fzu-yishan-campus", "current_basis"] is None


def test_the_difference_between_two_dates(items):
    table = edits.compare_dates(items, _hand_log(), "2026-01-01", "2027-12-31").set_index("id")
    assert sorted(table.index) == ["fuzhou-software-park", "fzu-yishan-campus"]
    park = table.loc["fuzhou-software-park"]
    assert (park["status_then"], park["status_now"], park["became_completed"]) == (
        "upgrading", "completed", True,
    )  # fmt: skip
    # 0.0045° of latitude at 26° N is 0.0045 * 110 757 m ≈ 498 m (UTM 50N measures ~499 m)
    assert table.loc["fzu-yishan-campus", "moved_m"] == pytest.approx(498.5, abs=3)
    assert not table.loc["fzu-yishan-campus", "became_completed"]
    later = edits.compare_dates(items, _hand_log(), "2026-05-01", "2026-12-31")
    assert later.empty


def test_pending_and_revertible_follow_the_log():
    log = _hand_log()
    assert [e["change"] for e in edits.pending(log)] == ["c10"]
    with pytest.raises(ValueError, match="already reverted"):
        edits.revertible(log, "c5")
    with pytest.raises(ValueError, match="revert c8 first"):
        edits.revertible(log, "c1")
    assert edits.revertible(log, "c8")["seq"] == 9


# --- the store: propose, apply, revert, compare-and-swap ----------------------------------------


def test_propose_apply_revert_round_trip(items, _store_in_tmp):
    store = ChangeStore(clock=lambda: "2026-03-02T09:00:00Z")
    proposal = store.propose(_doc_status(items, store.read()), "李工")
    assert edits.apply_changes(items, store.read())["status"].equals(items["status"])
    applied = store.apply(proposal["change"], "张工")
    assert applied["version"] == 1 and applied["by"] == "张工"
    assert _status(edits.apply_changes(items, store.read()), "fuzhou-software-park") == "underway"
    reverted = store.revert(proposal["change"], "张工", "the report was a draft")
    assert reverted["after"] == {"status": "upgrading"} and reverted["version"] == 2
    assert _status(edits.apply_changes(items, store.read()), "fuzhou-software-park") == "upgrading"
    lines = _store_in_tmp.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["action"] for line in lines] == ["propose", "apply", "revert"]


def test_a_stale_proposal_is_not_applied(items):
    store = ChangeStore()
    first = store.propose(_doc_status(items, store.read()), "李工")
    second = store.propose(_doc_status(items, store.read(), status="completed"), "赵工")
    store.apply(first["change"], "张工")
    with pytest.raises(ConflictError, match="changed after"):
        store.apply(second["change"], "张工")
    assert _status(edits.apply_changes(items, store.read()), "fuzhou-software-park") == "underway"


def _race(path: str, status: str, barrier, results) -> None:
    """One planner in its own process: read, prepare, wait for the other, save."""
    items = load_plan_items()
    store = ChangeStore(Path(path))
    change = _doc_status(items, store.read(), status=status)
    barrier.wait()
    try:
        store.commit(change, status)
        results.put((status, "saved"))
    except ConflictError as err:
        results.put((status, f"conflict: {err}"))


def test_two_processes_saving_at_once_never_overwrite_each_other(items, _store_in_tmp):
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [
        context.Process(target=_race, args=(str(_store_in_tmp), status, barrier, results))
        for status in ("underway", "completed")
    ]
    for worker in workers:
        worker.start()
    outcomes = dict(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    assert sorted(o.split(":")[0] for o in outcomes.values()) == ["conflict", "saved"]
    winner = next(s for s, o in outcomes.items() if o == "saved")
    events = ChangeStore().read()
    assert [e["action"] for e in events] == ["propose", "apply"]
    assert events[1]["after"] == {"status": winner} and events[1]["version"] == 1
    assert _status(edits.apply_changes(items, events), "fuzhou-software-park") == winner


def _hammer(path: str, name: str, count: int) -> None:
    """Move the campus ``count`` times, looking again after every conflict (as a planner
    would after being told someone else saved first)."""
    from layers.base import load_base_layer

    items = load_plan_items()
    district = load_base_layer("district").geometry.union_all()
    store = ChangeStore(Path(path))
    saved = attempt = 0
    while saved < count:
        attempt += 1
        lat = round(26.0762 + (0.0001 if name == "a" else -0.0001) * attempt, 6)
        change = edits.prepare_place(
            items, store.read(), "fzu-yishan-campus", 119.2636, lat, "approximate",
            f"test {name}{attempt}", district=district, stations={},
        )  # fmt: skip
        try:
            store.commit(change, name)
            saved += 1
        except ConflictError:
            continue


def test_many_saves_from_two_processes_all_land_in_order(_store_in_tmp):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_hammer, args=(str(_store_in_tmp), name, 8)) for name in "ab"]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=240)
        assert worker.exitcode == 0
    events = ChangeStore().read()  # every line parses: no torn writes
    applied = [e for e in events if e["action"] == "apply"]
    assert len(applied) == 16 and len(events) == 32
    assert [e["version"] for e in applied] == list(range(1, 17))
    assert [e["seq"] for e in events] == list(range(1, 33))
    assert sorted(e["by"] for e in applied) == ["a"] * 8 + ["b"] * 8
    # each apply's "before" is exactly the previous apply's "after": nothing was overwritten
    for previous, event in itertools.pairwise(applied):
        assert event["before"] == previous["after"]


# --- the CLI --------------------------------------------------------------------------------------


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_refuses_a_bad_basis_and_writes_nothing(capsys, _store_in_tmp, monkeypatch, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(MINI_PLAN, encoding="utf-8")
    monkeypatch.setattr(settings, "PLAN_TEXT", plan)
    code, out, err = _cli(
        capsys, "set-status", "fuzhou-software-park", "completed", "--basis", "建成月球基地",
        "--by", "王工",
    )  # fmt: skip
    assert code == 1 and out == ""
    assert "does not occur in the plan text" in err and "nothing was changed" in err
    assert not _store_in_tmp.exists()
    code, out, _ = _cli(
        capsys, "set-status", "fuzhou-software-park", "underway", "--basis", "提质升级福州软件园",
        "--by", "王工",
    )  # fmt: skip
    assert code == 0 and out.startswith("c1 applied: fuzhou-software-park status upgrading")


def test_cli_history_and_changes_since(capsys, _store_in_tmp):
    _store_in_tmp.write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in _hand_log()), encoding="utf-8"
    )
    code, out, _ = _cli(capsys, "history", "fuzhou-software-park")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 5  # c1 propose/apply, c8 propose/apply, c10 propose
    assert lines[1] == (
        "2026-03-02T09:00:00Z     c1 apply   fuzhou-software-park status: upgrading -> underway"
        "  by hand  v1  「二期开工」 (报告, 2026-03-01)"
    )
    code, out, _ = _cli(capsys, "changes", "--since", "2026-09-03")
    assert [line.split()[1:3] for line in out.splitlines()] == [
        ["c5", "revert"], ["c8", "propose"], ["c8", "apply"], ["c10", "propose"],
    ]  # fmt: skip
    assert "reason: wrong" in out.splitlines()[0]
    code, out, _ = _cli(capsys, "diff", "2026-01-01", "2027-12-31")
    assert "became completed: 1" in out and "fuzhou-software-park 福州软件园: upgrading" in out
    assert "fzu-yishan-campus 福大怡山校区: 499 m" in out or "498 m" in out


def test_cli_propose_then_apply_then_revert(capsys, _store_in_tmp):
    code, out, _ = _cli(
        capsys, "place", "fzu-yishan-campus", "--point", "119.2640", "26.0765",
        "--precision", "approximate", "--source", "main gate on 工业路", "--by", "李工",
        "--propose",
    )  # fmt: skip
    assert code == 0 and "c1 proposed" in out
    assert _cli(capsys, "proposals")[1].split()[1:3] == ["c1", "propose"]
    code, out, _ = _cli(capsys, "apply", "c1", "--by", "张工")
    assert code == 0 and "119.264000,26.076500" in out
    code, out, err = _cli(capsys, "apply", "c1", "--by", "张工")
    assert code == 1 and "already applied" in err
    code, out, _ = _cli(capsys, "revert", "c1", "--by", "张工", "--reason", "wrong gate")
    assert code == 0 and "-> 119.263600,26.076200" in out
    assert _cli(capsys, "proposals")[1].strip() == "no proposals awaiting review"


def test_change_ids_run_without_gaps(capsys, _store_in_tmp, monkeypatch, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(MINI_PLAN, encoding="utf-8")
    monkeypatch.setattr(settings, "PLAN_TEXT", plan)

    def place(lat: str, *more: str) -> str:
        return _cli(
            capsys, "place", "fzu-yishan-campus", "--point", "119.2640", lat, "--precision",
            "approximate", "--source", "main gate on 工业路", "--by", "李工", *more,
        )[1]  # fmt: skip

    assert place("26.0765").startswith("c1 applied")  # propose + apply: one id
    assert _cli(capsys, "set-status", "fuzhou-software-park", "completed", "--basis",
                "建成月球基地", "--by", "王工")[0] == 1  # fmt: skip
    assert place("26.0766", "--propose").startswith("c2 proposed")  # no c3 wasted
    assert _cli(capsys, "reject", "c2", "--by", "张工", "--reason", "wrong gate")[0] == 0
    assert place("26.0767").startswith("c3 applied")
    log = [json.loads(line) for line in _store_in_tmp.read_text(encoding="utf-8").splitlines()]
    assert [(e["seq"], e["change"], e["action"]) for e in log] == [
        (1, "c1", "propose"), (2, "c1", "apply"), (3, "c2", "propose"), (4, "c2", "reject"),
        (5, "c3", "propose"), (6, "c3", "apply"),
    ]  # fmt: skip


def test_a_short_source_is_called_too_short(capsys, _store_in_tmp):
    code, out, err = _cli(
        capsys, "place", "fzu-yishan-campus", "--point", "119.2640", "26.0765",
        "--precision", "approximate", "--source", "x", "--by", "李工",
    )  # fmt: skip
    assert code == 1 and out == "" and not _store_in_tmp.exists()
    assert "--source is too short (1 characters)" in err and "at least 4 characters" in err


def test_export_as_of_a_date(capsys, _store_in_tmp):
    _store_in_tmp.write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in _hand_log()), encoding="utf-8"
    )
    for as_of, expected in (("2026-02-01", "upgrading"), ("2026-06-01", "underway")):
        try:
            code = cli.main(["export", "--layer", "plan", "--format", "geojson", "--as-of", as_of])
        except SystemExit as exit_:
            code = exit_.code
        out, _ = capsys.readouterr()
        assert code == 0
        found = {f["properties"]["id"]: f["properties"] for f in json.loads(out)["features"]}[
            "fuzhou-software-park"
        ]
        assert (found["status"], found["baseline_status"]) == (expected, "upgrading")
    code, _, err = _cli(
        capsys, "export", "--layer", "plan", "--format", "csv", "--as-of", "2026-13-01"
    )
    assert code == 1 and "YYYY-MM-DD" in err


def test_validate_reports_a_broken_log_and_changes_of_unknown_items(capsys, _store_in_tmp):
    log = _hand_log()
    log[1]["item"] = log[0]["item"] = "no-such-item"
    _store_in_tmp.write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in log), encoding="utf-8"
    )
    code, out, _ = _cli(capsys, "validate")
    assert code == 1 and "c1: no plan item 'no-such-item'" in out
    _store_in_tmp.write_text('{"seq": 1}\n', encoding="utf-8")
    code, out, _ = _cli(capsys, "validate")
    assert code == 1 and "line 1: missing change, action" in out


def test_offline_map_popups_show_an_update_beside_the_baseline(items):
    # the front-end builds popups from the item's properties (static/js/gulou_details.js):
    # an update's evidence travels with the item, the plan's baseline beside it
    from webmap.planweb import plan_collection

    current = edits.apply_changes(items, _hand_log(), "2026-06-01")
    features = [f["properties"] for f in plan_collection(current)["features"]]
    park = next(p for p in features if p["id"] == "fuzhou-software-park")
    assert park["status"] == "underway" and park["baseline_status"] == "upgrading"
    assert (park["current_basis"], park["current_document"], park["current_date"]) == (
        "二期开工", "报告", "2026-03-01",
    )
    assert park["status_basis"] == "提质升级福州软件园"


def test_edit_mode_is_off_unless_turned_on(monkeypatch):
    monkeypatch.delenv("GULOU_EDIT", raising=False)
    assert not edits.edit_mode()
    monkeypatch.setenv("GULOU_EDIT", "1")
    assert edits.edit_mode()


@pytest.mark.parametrize(
    ("value", "kept", "notices"),
    [
        ("2026-06-30", "2026-06-30", 0),
        ("2026-13-01", None, 1),
        ("2025-06-30", None, 1),
        ("", None, 0),
    ],
)
def test_the_asof_link_parameter(value, kept, notices):
    from pages._urlstate import parse_params

    state, found = parse_params({"asof": value})
    assert state.asof == kept and len(found) == notices
    assert state.to_params().get("asof") == kept
