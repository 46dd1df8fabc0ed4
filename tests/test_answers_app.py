"""Spatial questions on the map page (AppTest, no browser): from a link, from the tool, and
a click on a result; plus the answer layer's own escaping."""

from __future__ import annotations

import json

import folium
import geopandas as gpd
from shapely.geometry import Point, box
from streamlit.testing.v1 import AppTest

from geo import settings
from webmap.answers import answer_group

APP = str(settings.REPO_ROOT / "app.py")


def _open(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _drawn(at: AppTest) -> dict[str, int]:
    (component,) = at.get("component_instance")
    groups = json.loads(component.proto.json_args).get("feature_group", "")
    return {
        part: groups.count(f'"className": "answer-{part}"')
        for part in ("outline", "result", "reach", "uncovered")
    }


def test_an_inside_link_draws_the_zone_and_lists_clickable_results():
    at = _open(qi="zone-modern-services", st="planned")
    assert not at.exception
    titles = [m.value for m in at.markdown]
    assert "**2 项位于“现代服务片区”内**" in titles  # the hand-checked CLI answer
    assert _drawn(at) == {"outline": 1, "result": 2, "reach": 0, "uncovered": 0}
    assert any("片区不计入片区" in c.value for c in at.caption)  # the rule, stated
    labels = [b.label for b in at.button]
    # button labels are Markdown: the % is escaped
    assert "◆ 都市温泉产业带 · 99\\% 位于其内" in labels
    assert "◆ 汤泉问道 · 100\\% 位于其内" in labels
    at.button(key="answer_scene-tangquan-wendao").click().run()
    assert at.query_params["f"] == "scene-tangquan-wendao"
    assert at.query_params["qi"] == "zone-modern-services"  # the question stays
    assert "**汤泉问道**" in " ".join(m.value for m in at.markdown)  # details beside the map


def test_a_station_question_from_the_tool_goes_into_the_url():
    at = _open(lang="en")
    at.radio(key="tool_ask").set_value("station").run()
    at.selectbox(key="tool_station").set_value("屏山").run()
    at.slider(key="tool_distance").set_value(300).run()
    assert at.query_params["qs"] == "屏山" and at.query_params["qd"] == "300"
    assert any(m.value.startswith("**") and "of “Pingshan metro station”" in m.value
               for m in at.markdown)  # fmt: skip
    assert _drawn(at)["outline"] == 1
    at.radio(key="tool_ask").set_value("none").run()
    assert "qs" not in at.query_params and _drawn(at)["outline"] == 0


def test_a_reach_link_draws_areas_and_reports_the_share_beyond_reach():
    at = _open(reach="hospital", min="15")
    assert not at.exception
    assert _drawn(at) == {"outline": 0, "result": 0, "reach": 1, "uncovered": 1}
    text = " ".join(m.value for m in at.markdown)
    assert "在 15 分钟步行范围以外" in text
    assert "■ 鼓楼区医院 · 2\\.49 km²" in [b.label for b in at.button]  # clickable, like results
    assert any("缺少步行道和小巷" in c.value for c in at.caption)
    assert any("着力实现居民15分钟可达最近医疗服务点" in c.value for c in at.caption)


def test_bad_question_values_give_a_visible_notice():
    at = _open(qs="屏山", qd="99999", reach="hospital")
    warnings = [w.value for w in at.warning]
    assert "链接参数 qd 的值“99999”超出范围，已忽略。" in warnings
    assert "一个链接只带一个空间提问，reach=“hospital”已忽略。" in warnings
    assert _drawn(at)["outline"] == 1  # the station question, with the default 500 m


def test_answer_layer_escapes_names():
    results = gpd.GeoDataFrame(
        {"id": ["x"], "name_zh": ["<script>甲</script>"], "name_en": ["<b>A"],
         "status": ["planned"], "distance_m": [12.0]},
        geometry=[Point(119.3, 26.08)], crs=4326,
    )  # fmt: skip
    group = answer_group("zh", outline=box(119.29, 26.07, 119.31, 26.09),
                         outline_label="<img src=x>", results=results)  # fmt: skip
    fmap = folium.Map()
    group.add_to(fmap)
    html = fmap.get_root().render()
    assert "<script>甲" not in html and "<img src=x>" not in html and "<b>A" not in html
