"""The name-label dataset (layers/labels.py): what the map writes, where, and in which order."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import Point, shape

from geo import settings
from layers import labels

_EIGHT = (
    "打造闽都消费“新八景”。传承福州传统“八景”文化基因，创新打造坊巷寻芳、冶山春秋、朱紫文脉、"
    "西湖梦山、白马雅韵、福道问山、汤泉问道、中轴光影八大标志性文旅消费地，分类推进。"
)


def test_new_eight_order_follows_the_plan_sentence():
    expected = ["坊巷寻芳", "冶山春秋", "朱紫文脉", "西湖梦山"]
    expected += ["白马雅韵", "福道问山", "汤泉问道", "中轴光影"]
    assert labels.new_eight_order(_EIGHT) == expected


def test_new_eight_order_refuses_a_text_without_the_list():
    with pytest.raises(ValueError, match="新八景"):
        labels.new_eight_order("打造闽都消费“新八景”。创新打造坊巷寻芳、冶山春秋两大地标。")


@pytest.fixture(scope="module")
def built(tmp_path_factory, plan_text_path, sources_dir):
    out = tmp_path_factory.mktemp("labels")
    labels.build_labels(out_dir=out, plan_text=plan_text_path, sources_dir=sources_dir)
    return json.loads((out / labels.LABELS_FILE).read_text(encoding="utf-8"))


def _by_text(collection):
    return {f["properties"]["text_zh"]: f for f in collection["features"]}


def test_committed_labels_are_up_to_date(built):
    committed = settings.STATIC_DIR / "labels" / labels.LABELS_FILE
    assert json.loads(committed.read_text(encoding="utf-8")) == built


def test_structure_first_with_badges_and_lengths(built):
    by_text = _by_text(built)
    # Routed lengths of the two axes as the plan layer measures them (3.15 km and 5.52 km).
    assert by_text["八一七路城市中心主轴 3.1 km"]["properties"]["placement"] == "line"
    assert by_text["杨桥路东西联动轴 5.5 km"]["properties"]["priority"] == 1
    assert by_text["①坊巷寻芳"]["properties"]["number"] == 1
    assert by_text["⑧中轴光影"]["properties"]["number"] == 8
    priorities = [f["properties"]["priority"] for f in built["features"]]
    assert priorities == sorted(priorities)
    assert [f["properties"]["kind"] for f in built["features"][:3]] == ["zone"] * 3


def test_zone_names_sit_inside_their_zones(built):
    items = json.loads((settings.PLAN_DIR / "plan_items.geojson").read_text(encoding="utf-8"))
    zones = {f["properties"]["name_zh"]: shape(f["geometry"]) for f in items["features"]
             if f["properties"]["kind"] == "zone"}  # fmt: skip
    by_text = _by_text(built)
    for name, polygon in zones.items():
        assert polygon.contains(Point(by_text[name]["geometry"]["coordinates"])), name


def test_roads_are_routed_and_marked_approximate(built):
    by_text = _by_text(built)
    dongjie = by_text["东街"]
    assert dongjie["properties"]["approximate"] is True
    assert "station:东街口" in dongjie["properties"]["source"]
    line = shape(dongjie["geometry"])
    # 东街 runs east-west from 东街口 (119.2945 E) to 东门 (119.3118 E) along 26.089 N.
    lons = [x for x, _ in line.coords]
    lats = [y for _, y in line.coords]
    assert min(lons) < 119.2955 and max(lons) > 119.311
    assert max(lats) - min(lats) < 0.004
    assert "八一七路" in by_text and "杨桥路" in by_text


def test_every_label_is_wgs84_near_the_district(built):
    for f in built["features"]:
        minx, miny, maxx, maxy = shape(f["geometry"]).bounds
        assert (minx, miny) > (119.1, 25.9) and (maxx, maxy) < (119.5, 26.3), f["properties"]
        assert miny > 25.9 and maxy < 26.3
        assert f["properties"]["text_en"] and f["properties"]["text_zh"]


def test_search_finds_the_plans_group_words():
    import geopandas as gpd

    from layers.plan import load_plan_items, search_mask

    items = gpd.GeoDataFrame(
        {
            "id": ["a", "b", "c", "d", "e"],
            "name_zh": ["坊巷寻芳", "杨桥路东西联动轴", "现代服务片区", "东街口商圈", "屏山"],
            "name_en": ["Fangxiang", "Yangqiao Axis", "Services Zone", "Dongjiekou", "Ping Hill"],
            "aliases": [[], [], [], [], []],
            "layer": ["new_eight", "structure", "structure", "commercial", "axis_landmarks"],
            "kind": ["scenic_spot", "axis", "zone", "commercial_district", "hill"],
        }
    )

    def found(query):
        return list(items.loc[search_mask(items, query), "id"])

    assert found("新八景") == ["a"]
    assert found("双轴") == ["b"] and found("axes") == ["b"]
    assert found("三片区") == ["c"]
    assert found("中轴") == ["e"]  # the central-axis landmarks
    assert found("商圈") == ["d"]
    assert found("八景多点") == []  # only the group word itself stands for the group
    plan = load_plan_items()
    # The plan names eight 新八景, two axes (双轴) and three zones (三片区).
    assert int(search_mask(plan, "新八景").sum()) == 8
    assert set(plan.loc[search_mask(plan, "双轴"), "id"]) == {"axis-bayiqi", "axis-yangqiao"}
    assert int(search_mask(plan, " 三片区 ").sum()) == 3
