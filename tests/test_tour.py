"""The presenter tour: its data (key lines quoted verbatim from the plan) and its page.

The expected chapter titles and item ids are read from the committed files here, not from
the page's code.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from geo import settings
from layers.tour import load_tour

APP = str(settings.REPO_ROOT / "app.py")
PLAN_TEXT = settings.PLAN_TEXT  # GULOU_PLAN_TEXT
TOUR = yaml.safe_load((settings.REPO_ROOT / "data/plan/tour.yaml").read_text(encoding="utf-8"))
OUTLINE = json.loads((settings.REPO_ROOT / "data/plan/outline.json").read_text(encoding="utf-8"))
TITLES = {c["number"]: (c["title"], c.get("title_en")) for c in OUTLINE["chapters"]}


@pytest.fixture(autouse=True)
def _navigation_like_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in test_pages.py: st.navigation runs on every AppTest run, as on a server."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


def _chapter_ids(chapter: int) -> set[str]:
    """Ids of the drawn items whose chapters include ``chapter``, read from the data file."""
    doc = json.loads((settings.PLAN_DIR / "plan_items.geojson").read_text(encoding="utf-8"))
    return {
        f["properties"]["id"]
        for f in doc["features"]
        if chapter in f["properties"]["chapters"] and f["geometry"]
    }


def _open(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page("pages/tour.py")
    return at.run()


def _html(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _view_ids(at: AppTest) -> set[str]:
    (component,) = at.get("component_instance")
    args = json.loads(component.proto.json_args)
    found = re.search(r"gulou\.plan\.view\(map_div,\s*(\{.*?\})\);", args["feature_group"], re.S)
    return set(json.loads(found.group(1))["ids"])


# --- data -----------------------------------------------------------------------------------


def test_the_tour_covers_chapters_3_to_11_with_two_to_four_lines_each():
    assert [s["chapter"] for s in TOUR["steps"]] == list(range(3, 12))
    for step in TOUR["steps"]:
        assert 2 <= len(step["lines"]) <= 4
        assert all(line["zh"].strip() and line["en"].strip() for line in step["lines"])


@pytest.mark.skipif(not PLAN_TEXT.exists(), reason="the plan text is not on this machine")
def test_every_key_line_is_quoted_verbatim_from_the_plan():
    text = PLAN_TEXT.read_text(encoding="utf-8")
    missing = [line["zh"] for step in TOUR["steps"] for line in step["lines"]
               if line["zh"] not in text]  # fmt: skip
    assert not missing


def test_a_malformed_tour_file_names_the_file_and_step(tmp_path):
    bad = tmp_path / "tour.yaml"
    bad.write_text("steps:\n  - chapter: 3\n    lines: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"tour\.yaml: step 1: needs a list of 'lines'"):
        load_tour(bad)
    with pytest.raises(ValueError, match="cannot read the tour"):
        load_tour(tmp_path / "absent.yaml")


# --- page -----------------------------------------------------------------------------------


@pytest.mark.parametrize("step", [1, 5, 9])
def test_the_step_in_the_url_shows_its_chapter_lines_and_only_its_items(step):
    chapter = step + 2
    at = _open({"step": str(step)})
    assert not at.exception
    page = _html(at)
    assert f"第{chapter}章 {TITLES[chapter][0]}" in page
    for line in TOUR["steps"][step - 1]["lines"]:
        assert line["zh"] in page
    assert _view_ids(at) == _chapter_ids(chapter)
    assert at.query_params["step"] == str(step)


def test_next_and_previous_change_the_step_and_the_url():
    at = _open({"step": "1"})
    assert at.button(key="tour_prev").disabled
    at.button(key="tour_next").click().run()
    assert at.query_params["step"] == "2"
    assert f"第4章 {TITLES[4][0]}" in _html(at)
    assert _view_ids(at) == _chapter_ids(4)
    at.button(key="tour_prev").click().run()
    assert at.query_params["step"] == "1"
    assert f"第3章 {TITLES[3][0]}" in _html(at)
    last = _open({"step": "9"})
    assert last.button(key="tour_next").disabled


def test_english_tour_shows_the_english_title_and_lines():
    at = _open({"step": "3", "lang": "en"})
    page = _html(at)
    assert f"Chapter 5 {TITLES[5][1]}" in page
    for line in TOUR["steps"][2]["lines"]:
        assert line["en"] in page
    at.button(key="tour_next").click().run()
    assert at.query_params["lang"] == "en" and at.query_params["step"] == "4"


@pytest.mark.parametrize("value", ["0", "10", "abc"])
def test_a_bad_step_starts_at_the_first_with_a_note(value):
    at = _open({"step": value})
    assert not at.exception
    assert any(value in m.value for m in at.info)
    assert f"第3章 {TITLES[3][0]}" in _html(at)
    assert at.query_params["step"] == "1"
