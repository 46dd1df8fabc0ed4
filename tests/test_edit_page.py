"""The edit page with AppTest: propose, review (before/after), apply, reject, revert; the default
app has no edit page; the map and Items page show the plan as of a date from the URL.

The change log lives in a tmp folder (``GULOU_CHANGES``); nothing is written into data/.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from geo import settings
from pages._urlstate import ViewState
from webmap.i18n import t

APP = str(settings.REPO_ROOT / "app.py")
PARK = "fuzhou-software-park"


@pytest.fixture(autouse=True)
def _server_like(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """st.navigation on every run (as a server does) and the change log in tmp_path."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)
    path = tmp_path / "changes.jsonl"
    monkeypatch.setenv("GULOU_CHANGES", str(path))
    return path


@pytest.fixture
def edit_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GULOU_EDIT", "1")


def _pages_seen(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record the url paths app.py hands to st.navigation."""
    seen: list[list[str]] = []
    original = st.navigation

    def navigation(pages, *args, **kwargs):
        seen.append([page.url_path for page in pages])
        return original(pages, *args, **kwargs)

    monkeypatch.setattr(st, "navigation", navigation)
    return seen


def _edit_page(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.switch_page("pages/edit.py")
    return at.run()


def _propose_status(at: AppTest, basis: str, document: str | None, day: date | None) -> AppTest:
    at.selectbox(key="edit_item").select(PARK).run()
    at.selectbox(key="edit_status").select("underway")
    at.text_area(key="edit_basis").input(basis)
    if document:
        at.text_input(key="edit_document").input(document)
    if day:
        at.date_input(key="edit_date").set_value(day)
    return at.button(key="edit_propose_status").click().run()


def _log(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- read-only by default ---------------------------------------------------------------------


def test_the_default_app_has_no_edit_page(monkeypatch):
    monkeypatch.delenv("GULOU_EDIT", raising=False)
    seen = _pages_seen(monkeypatch)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert seen and "edit" not in seen[-1] and "items" in seen[-1]


def test_edit_mode_adds_the_page(monkeypatch, edit_on):
    seen = _pages_seen(monkeypatch)
    AppTest.from_file(APP, default_timeout=60).run()
    assert "edit" in seen[-1]


def test_the_edit_file_refuses_to_work_when_edit_mode_is_off(monkeypatch, _server_like):
    monkeypatch.delenv("GULOU_EDIT", raising=False)
    at = AppTest.from_file(str(settings.REPO_ROOT / "pages" / "edit.py"), default_timeout=60)
    at.session_state["view"] = ViewState()
    at.run()
    assert [e.value for e in at.error] == [t("edit_off")]
    assert not at.button and not at.text_area
    assert not _server_like.exists()


# --- propose, review, apply, revert -------------------------------------------------------------


def test_a_name_is_required_before_editing(edit_on):
    at = _edit_page()
    assert not at.exception
    assert [w.value for w in at.warning] == [t("edit_name_needed")]
    assert not at.button


def test_propose_review_apply_and_revert(edit_on, _server_like):
    at = _edit_page()
    at.text_input(key="edit_name").input("王工").run()
    at = _propose_status(
        at, "软件园二期2026年开工建设", "2026年鼓楼区政府工作报告", date(2026, 2, 10)
    )
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == [t("edit_proposed", change="c1")]
    # the evidence fields start blank again for the next proposal
    assert at.text_area(key="edit_basis").value == ""
    assert at.text_input(key="edit_document").value == ""
    assert at.date_input(key="edit_date").value is None
    assert t("edit_none_applied") in [c.value for c in at.caption]
    # the review shows before and after, nothing applied yet
    (review,) = at.table
    shown = review.value
    assert list(shown.iloc[0, 1:]) == ["提升改造", "推进中"]
    assert "软件园二期2026年开工建设" in shown.iloc[1].to_list()
    assert [e["action"] for e in _log(_server_like)] == ["propose"]

    at.button(key="apply_c1").click().run()
    assert [s.value for s in at.success] == [t("edit_done_apply", change="c1")]
    applied = _log(_server_like)[-1]
    assert (applied["action"], applied["by"], applied["version"]) == ("apply", "王工", 1)
    assert "**状态**: 推进中" in at.markdown[0].value  # the current status
    assert "**规划基线状态**: 提升改造" in at.markdown[0].value  # the baseline kept beside it
    assert "**c1 · 福州软件园 · " in "".join(m.value for m in at.markdown)  # listed as in force

    at.button(key="revert_c1").click().run()
    assert "reason" in at.error[0].value.lower() or "理由" in at.error[0].value
    at.text_input(key="revert_reason_c1").input("报告为草稿")
    at.button(key="revert_c1").click().run()
    assert [s.value for s in at.success] == [t("edit_done_revert", change="c1")]
    assert _log(_server_like)[-1]["action"] == "revert"
    assert "**状态**: 提升改造" in at.markdown[0].value
    captions = [c.value for c in at.caption]
    assert t("edit_all_reverted") in captions and t("edit_none_applied") not in captions
    assert "**c1 · " not in "".join(m.value for m in at.markdown)


def test_a_bad_basis_is_refused_and_nothing_is_written(
    edit_on, _server_like, monkeypatch, tmp_path
):
    plan = tmp_path / "plan.txt"
    plan.write_text("第一章 总则\n\n提质升级福州软件园，推动园区服务。\n", encoding="utf-8")
    monkeypatch.setattr(settings, "PLAN_TEXT", plan)
    at = _edit_page()
    at.text_input(key="edit_name").input("王工").run()
    at = _propose_status(at, "建成月球基地", None, None)
    assert not at.exception and not at.success
    (error,) = at.error
    assert error.value.startswith(t("edit_refused")) and "does not occur" in error.value
    assert not _server_like.exists()
    at = _propose_status(at, "提质升级福州软件园", None, None)  # the plan's words: accepted
    assert [s.value for s in at.success] == [t("edit_proposed", change="c1")]


def test_place_an_item_and_reject_a_stale_proposal(edit_on, _server_like):
    at = _edit_page({"f": "fzu-yishan-campus"})
    at.text_input(key="edit_name").input("李工").run()
    assert at.selectbox(key="edit_item").value == "fzu-yishan-campus"
    at.radio(key="edit_kind").set_value("position").run()
    assert at.number_input(key="edit_lon").value == pytest.approx(119.2636)
    for lat in (26.0765, 26.0770):
        at.number_input(key="edit_lat").set_value(lat)
        at.text_input(key="edit_source").input(f"main gate on 工业路 ({lat})")
        at.button(key="edit_propose_place").click().run()
    assert [e["change"] for e in _log(_server_like)] == ["c1", "c2"]
    at.button(key="apply_c1").click().run()
    at.button(key="apply_c2").click().run()  # proposed against the old position
    assert at.error[0].value.startswith(t("edit_conflict"))
    at.text_input(key="reason_c2").input("superseded by c1")
    at.button(key="reject_c2").click().run()
    assert [e["action"] for e in _log(_server_like)] == ["propose", "propose", "apply", "reject"]
    assert at.text_input(key="edit_source").value == ""  # emptied after each proposal
    assert _log(_server_like)[2]["after"]["point"] == [119.2636, 26.0765]


# --- the plan as of a date in the URL -----------------------------------------------------------


def _write_log(path: Path) -> None:
    """c1: the park underway from 2026-03-01 (applied)."""
    evidence = {"basis": "二期开工", "document": "报告", "date": "2026-03-01"}
    common = {
        "change": "c1", "item": PARK, "field": "status", "before": {"status": "upgrading"},
        "after": {"status": "underway"}, "evidence": evidence, "effective": "2026-03-01",
        "by": "hand", "at": "2026-03-02T09:00:00Z",
    }  # fmt: skip
    lines = [
        dict(common, seq=1, action="propose", version=0),
        dict(common, seq=2, action="apply", version=1),
    ]
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in lines), "utf-8")


@pytest.mark.parametrize(
    ("asof", "status"), [("2026-02-01", "upgrading"), ("2026-06-01", "underway")]
)
def test_items_page_shows_the_plan_as_of_the_url_date(_server_like, asof, status):
    _write_log(_server_like)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["asof"] = asof
    at.query_params["q"] = "福州软件园"
    at.switch_page("pages/items.py")
    at.run()
    assert not at.exception and not at.warning
    assert at.date_input(key="w_asof").value == date.fromisoformat(asof)
    assert t("asof_shown", date=asof) in [c.value for c in at.caption]
    table = at.dataframe[0].value.set_index("id")
    assert table.loc[PARK, t("status")] == {"upgrading": "提升改造", "underway": "推进中"}[status]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_future_asof_says_nothing_is_known_beyond_today(_server_like, lang):
    _write_log(_server_like)
    today = date.today()
    future = date.fromordinal(today.toordinal() + 40).isoformat()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["asof"] = future
    at.query_params["lang"] = lang
    at.switch_page("pages/items.py")
    at.run()
    assert not at.exception
    (note,) = [i.value for i in at.info]
    assert f"({today.isoformat()})" in note or f"（{today.isoformat()}）" in note
    assert note == t("asof_future", lang, date=future, today=today.isoformat())
    assert note.startswith(future) and ("today" in note if lang == "en" else "今天" in note)
    # the statuses are today's: the park's applied update (2026-03-01) holds
    table = at.dataframe[0].value.set_index("id")
    assert table.loc[PARK, t("status", lang)] == {"zh": "推进中", "en": "Underway"}[lang]
    at.query_params["asof"] = "2026-06-01"  # a past date: no note
    at.run()
    assert not at.info


def test_map_details_show_both_statuses(_server_like):
    _write_log(_server_like)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["f"] = PARK
    at.run()
    details = next(m.value for m in at.markdown if "规划基线状态" in m.value)
    assert "推进中" in details and "「二期开工」（报告，2026\\-03\\-01）" in details
    assert "**更新人**: hand" in details


def test_a_bad_asof_link_is_reported_and_ignored(_server_like):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["asof"] = "2025-01-01"  # before the plan
    at.run()
    escaped = "2025\\-01\\-01"  # the notice is Markdown, its value escaped
    assert [w.value for w in at.warning] == [t("notice_unknown", param="asof", value=escaped)]
    assert at.date_input(key="w_asof").value is None


def test_details_of_an_item_without_a_basis_say_the_plan_is_silent(_server_like):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["f"] = "fzu-yishan-campus"  # status_basis is null in the YAML
    at.run()
    details = next(m.value for m in at.markdown if "状态依据" in m.value)
    assert t("status_silent") in details and "nan" not in details


def test_the_edit_page_speaks_english(edit_on):
    at = _edit_page({"lang": "en"})
    at.text_input(key="edit_name").input("Wang").run()
    labels = [
        w.label for kind in ("text_input", "text_area", "selectbox", "radio") for w in at.get(kind)
    ]
    labels += [b.label for b in at.button]
    labels += [e.value for kind in ("title", "subheader", "caption") for e in at.get(kind)]
    assert t("edit_review", "en") in labels and t("edit_propose", "en") in labels
    chinese = [text for text in labels if re.search(r"[\u4e00-\u9fff]", text)]
    assert chinese == [t("language")]  # the language switch names both by design


def test_with_streamlit_login_configured_a_typed_name_is_not_enough(edit_on, _server_like):
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback"}
    at.switch_page("pages/edit.py")
    at.run()
    assert not at.exception
    assert at.button(key="edit_login").label == t("edit_login")
    assert not [w for w in at.text_input if w.key == "edit_name"]
    assert [w.value for w in at.warning] == [t("edit_name_needed")]


def test_a_trusted_proxy_header_names_the_editor(edit_on, _server_like, monkeypatch):
    monkeypatch.setenv("GULOU_USER_HEADER", "X-Forwarded-User")
    monkeypatch.setattr(
        type(st.context), "headers", property(lambda self: {"X-Forwarded-User": "zhao@gulou"})
    )
    at = _edit_page()
    assert not [w for w in at.text_input if w.key == "edit_name"]
    assert t("edit_signed", who="zhao@gulou") in [c.value for c in at.caption]
    at = _propose_status(at, "软件园二期2026年开工建设", "2026年工作报告", date(2026, 2, 10))
    assert _log(_server_like)[0]["by"] == "zhao@gulou"


def test_items_page_compares_two_dates(_server_like):
    _write_log(_server_like)  # the park: upgrading -> underway from 2026-03-01
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/items.py")
    at.run()
    assert t("compare_summary", n=1, done=0, moved=0) in [m.value for m in at.markdown]
    table = at.dataframe[1].value
    assert table.to_dict("records") == [
        {"中文名": "福州软件园", "起始状态": "提升改造", "截止状态": "推进中",
         "移动距离（米）": 0.0, "id": PARK},
    ]  # fmt: skip
    at.date_input(key="compare_to").set_value(date(2026, 2, 28)).run()
    assert t("compare_none") in [c.value for c in at.caption]
