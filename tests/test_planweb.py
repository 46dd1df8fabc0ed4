"""The plan items for the browser: the static file, the front-end config, what a rerun sends."""

from __future__ import annotations

import json
from pathlib import Path

import folium
import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, box

from layers.plan import load_plan_items
from webmap.planweb import (
    PLAN_FILE_NAME,
    PLAN_STATIC_DIR,
    PlanLayer,
    PlanView,
    plan_collection,
    plan_config,
    plan_json,
    write_plan_static,
)
from webmap.styles import LAYER_COLOURS, SCHEMATIC_DASH, STATUS_STYLES, ZONE_COLOURS

EVIL = '<script>alert("x")</script>'


def _items() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["zone-a", "axis-a", "p1", "site", "web"],
            "name_zh": ["甲片区", "甲轴", EVIL, "园区企业", "平台"],
            "name_en": ["Zone A", "Axis A", "Evil <b>", "A firm", "Web"],
            "kind": ["zone", "axis", "project_site", "enterprise", "platform"],
            "layer": ["structure", "structure", "projects", "innovation", "innovation"],
            "status": ["existing", "upgrading", "planned", "completed", "planned"],
            "precision": ["schematic", "approximate", "approximate", "schematic", None],
            "status_basis": [None, "提升", float("nan"), "建成", "打造"],
            "chapters": [[2], [2, 3], [5], [4], [4]],
            "mapped": [True, True, True, True, False],
        },
        geometry=[
            box(119.29, 26.07, 119.30, 26.08),
            LineString([(119.29, 26.085), (119.31, 26.085)]),
            Point(119.2950004, 26.0750004),
            box(119.30, 26.07, 119.302, 26.072),
            None,
        ],
        crs=4326,
    )


def test_every_item_is_one_feature_with_its_display_fields():
    features = plan_collection(_items())["features"]
    assert [f["properties"]["id"] for f in features] == ["zone-a", "axis-a", "p1", "site", "web"]
    point = features[2]
    assert point["geometry"] == {"type": "Point", "coordinates": [119.295, 26.075]}  # 1 m grid
    assert point["properties"]["name_zh"] == EVIL  # data stays raw: the browser escapes
    assert point["properties"]["status_basis"] is None  # NaN is no value, never "nan"
    assert "style" not in point["properties"]  # a marker: its status says how it looks
    assert features[4]["geometry"] is None and features[4]["properties"]["mapped"] is False
    assert json.loads(plan_json(_items())) == plan_collection(_items())


def test_lines_and_areas_carry_their_style_from_styles_py():
    features = {
        f["properties"]["id"]: f["properties"] for f in plan_collection(_items())["features"]
    }
    assert features["zone-a"]["style"]["color"] == ZONE_COLOURS[0]
    assert features["zone-a"]["style"]["dashArray"] == SCHEMATIC_DASH  # schematic: dashed
    assert features["axis-a"]["style"]["color"] == LAYER_COLOURS["structure"]
    assert (
        features["axis-a"]["style"]["weight"] == 7
        and "dashArray" not in features["axis-a"]["style"]
    )
    # a firm placed as a schematic area: an unfilled outline and a marker at its centre
    assert features["site"]["style"]["fill"] is False
    assert features["site"]["centre"] == [119.301, 26.071]
    assert "centre" not in features["zone-a"]  # a zone is an area by nature


def test_the_committed_browser_copy_is_current():
    path = PLAN_STATIC_DIR / PLAN_FILE_NAME
    assert path.read_text(encoding="utf-8") == plan_json(load_plan_items()) + "\n", (
        "static/plan/plan_items.geojson is stale: run `gulou-map build --plan-only`"
    )


def test_write_plan_static_leaves_an_unchanged_file_alone(tmp_path: Path):
    path = write_plan_static(_items(), tmp_path)
    before = path.stat().st_mtime_ns
    assert write_plan_static(_items(), tmp_path) == path and path.stat().st_mtime_ns == before
    assert json.loads(path.read_text(encoding="utf-8"))["type"] == "FeatureCollection"


def test_config_carries_the_styles_and_words_of_one_language():
    zh, en = plan_config("zh"), plan_config("en", popups=True)
    for code, style in STATUS_STYLES.items():
        assert style.colour in zh["markers"][code]
    assert (
        zh["words"]["showing"] == "当前显示 {n} 项"
        and en["words"]["showing"] == "Showing {n} items"
    )
    assert zh["labels"]["status"]["planned"] == "谋划/新建"
    assert "as_of" not in zh["words"]  # the app shows details itself
    # kinds name the markers for screen readers (name, kind, status) even without details
    assert zh["labels"]["kind"]["park"] == "公园" and "marker_label" in zh["words"]
    assert en["labels"]["kind"]["park"] == "Park" and en["words"]["as_of"] == "As of"
    assert [code for code, _ in zh["layers"]][:2] == ["structure", "axis_landmarks"]
    with pytest.raises(ValueError, match="lang"):
        plan_config("fr")


def test_a_view_sends_ids_count_and_selection_only():
    view = PlanView(["p1", "axis-a"], 3, "p1")
    m = folium.Map(tiles=None)
    view.add_to(m)
    script = view._template.module.script(view)
    assert json.loads(view.view_js) == {"ids": ["axis-a", "p1"], "count": 3, "selected": "p1"}
    assert "gulou.plan.view(" in script and "coordinates" not in script
    with pytest.raises(ValueError, match="count"):
        PlanView(["a", "b"], 1)
    # every drawable item: "all", not a list
    everything = PlanView(["b", "a"], 5, None, drawable=["a", "b"])
    assert json.loads(everything.view_js) == {"ids": None, "count": 5, "selected": None}


def test_an_embedded_plan_layer_escapes_names_for_the_script():
    layer = PlanLayer("zh", items=_items(), show_all=True)
    assert EVIL not in layer.embedded and "\\u003cscript\\u003e" in layer.embedded
    assert "/app/static/js/gulou_plan.js?v=" in dict(layer.default_js)["gulou_plan"]
