"""Plan layers on the map: grouping, status styling, escaping of every text."""

from __future__ import annotations

import json

import folium
import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, box

from webmap.planmap import display_frame, plan_groups, selection_group
from webmap.styles import STATUS_STYLES, marker_svg, path_style

EVIL = '<script>alert("x")</script>'


def _items() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["zone-a", "axis-a", "p1", "p2", "web"],
            "name_zh": ["甲片区", "甲轴", EVIL, "点二", "平台"],
            "name_en": ["Zone A", "Axis A", "Evil <b>", "P2", "Web"],
            "kind": ["zone", "axis", "project_site", "school", "platform"],
            "layer": ["structure", "structure", "projects", "public_services", "innovation"],
            "status": ["existing", "upgrading", "planned", "completed", "planned"],
            "precision": ["schematic", "approximate", "approximate", "approximate", None],
        },
        geometry=[
            box(119.29, 26.07, 119.30, 26.08),
            LineString([(119.29, 26.085), (119.31, 26.085)]),
            Point(119.295, 26.075),
            Point(119.305, 26.075),
            None,
        ],
        crs=4326,
    )


def _html(groups) -> str:
    m = folium.Map(location=[26.08, 119.30], zoom_start=13, tiles=None, max_zoom=19)
    for group in groups:
        group.add_to(m)
    return m.get_root().render()


def test_groups_follow_layer_order_with_counts():
    names = [g.layer_name for g in plan_groups(_items())]
    assert names == [
        "空间结构 (2)",
        "重点项目 (1)",
        "公共服务 (1)",
    ]  # the digital item is not drawn
    assert next(g.layer_name for g in plan_groups(_items(), "en")) == "Spatial structure (2)"


def test_every_text_is_escaped():
    html = _html(plan_groups(_items()))
    assert EVIL not in html and "Evil <b>" not in html
    assert "\\u0026lt;script\\u0026gt;" in html or "&lt;script&gt;" in html


def test_display_frame_keeps_only_what_the_browser_needs():
    frame = display_frame(_items(), "en")
    assert list(frame.columns) == [
        "id",
        "layer",
        "kind",
        "status",
        "precision",
        "label",
        "geometry",
    ]
    assert frame.set_index("id").loc["p1", "label"].startswith("<b>Evil &lt;b&gt;</b>")


def test_status_markers_differ_in_colour_and_shape():
    svgs = {status: marker_svg(status) for status in STATUS_STYLES}
    assert len(set(svgs.values())) == 5
    shapes = {s.shape for s in STATUS_STYLES.values()}
    colours = {s.colour for s in STATUS_STYLES.values()}
    assert len(shapes) == 5 and len(colours) == 5
    html = _html(plan_groups(_items()))
    assert STATUS_STYLES["planned"].colour in html and STATUS_STYLES["completed"].colour in html
    with pytest.raises(ValueError, match="unknown status"):
        marker_svg("done")


def test_schematic_geometry_is_dashed():
    assert "dashArray" in path_style("zone", "structure", "schematic")
    assert "dashArray" not in path_style("axis", "structure", "approximate")


def test_selection_group_marks_the_item():
    group = selection_group(_items(), "p2")
    assert group is not None and "#111111" in _html([group])
    assert selection_group(_items(), "web") is None  # nothing to draw for an unmapped item
    assert selection_group(_items(), None) is None


def test_bus_stop_credit_only_where_a_drawn_item_cites_a_stop():
    items = _items()
    items["position_source"] = ["test", "test", "test", "test", "test"]
    assert "公交站点：高德" not in _html(plan_groups(items))
    # p2 (公共服务) rests on a stop; the digital item's citation would not be drawn.
    items.loc[3, "position_source"] = "gate 80 m N of AMap bus stop 北门"
    groups = plan_groups(items)
    credited = [
        g.layer_name
        for g in groups
        if any(c.options.get("attribution") for c in g._children.values())
    ]
    assert credited == ["公共服务 (1)"]
    as_js = json.dumps("公交站点：高德 via Tensort-s/matsim-example-project")  # \\u-escaped
    assert as_js in _html(groups)
