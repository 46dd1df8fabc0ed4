"""Spatial questions on a small hand-made item set (golden values)."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, box

from layers.spatial import items_near, items_within, status_summary

# ~0.001 degree is ~100 m in longitude and ~111 m in latitude at 26°N
ITEMS = gpd.GeoDataFrame(
    {
        "id": ["zone-a", "axis-a", "p1", "p2", "p3", "web"],
        "name_zh": ["甲片区", "甲轴", "点一", "点二", "点三", "平台"],
        "name_en": ["Zone A", "Axis A", "P1", "P2", "P3", "Web"],
        "status": ["existing", "upgrading", "planned", "underway", "planned", "planned"],
    },
    geometry=[
        box(119.29, 26.07, 119.30, 26.08),
        LineString([(119.29, 26.085), (119.31, 26.085)]),
        Point(119.295, 26.075),  # inside zone A
        Point(119.305, 26.075),  # east of zone A, ~500 m
        Point(119.300, 26.0875),  # ~280 m north of the axis
        None,  # digital: never matches
    ],
    crs=4326,
)


def test_items_within_a_zone():
    zone = ITEMS.set_index("id").loc["zone-a"].geometry
    assert list(items_within(ITEMS, zone, exclude="zone-a")["id"]) == ["p1"]


def test_items_within_an_axis_corridor():
    axis = ITEMS.set_index("id").loc["axis-a"].geometry
    assert list(items_within(ITEMS, axis, exclude="axis-a")["id"]) == ["p3"]


def test_items_near_sorted_with_distances():
    near = items_near(ITEMS, Point(119.295, 26.075), 1200, exclude="p1")
    assert list(near["id"]) == ["zone-a", "p2", "axis-a"]
    zone, p2, axis = near["distance_m"]
    assert zone == 0  # the point lies inside the zone
    assert p2 == pytest.approx(1000, rel=0.01)  # 0.01 degree of longitude at 26.075 N
    assert axis == pytest.approx(1109, rel=0.01)  # 0.01 degree of latitude
    assert list(items_near(ITEMS, Point(119.295, 26.075), 500)["id"]) == ["p1", "zone-a"]


def test_items_near_rejects_bad_radius():
    with pytest.raises(ValueError, match="distance_m must be positive"):
        items_near(ITEMS, Point(119.3, 26.08), 0)


def test_status_summary_counts_per_area():
    areas = ITEMS[ITEMS["id"].isin(["zone-a", "axis-a"])]
    table = status_summary(ITEMS, areas)
    assert table.loc["甲片区", "planned"] == 1 and table.loc["甲片区", "total"] == 1
    assert table.loc["甲轴", "planned"] == 1 and table.loc["甲轴", "underway"] == 0
    assert list(status_summary(ITEMS, areas, lang="en").index) == ["Zone A", "Axis A"]
