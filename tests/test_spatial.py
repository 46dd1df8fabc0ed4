"""Spatial questions on a small hand-made item set (golden values)."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, box

from layers.spatial import (
    find_item,
    find_station,
    inside_region,
    items_near,
    items_within,
    near_region,
    status_summary,
)

# ~0.001 degree is ~100 m in longitude and ~111 m in latitude at 26°N
ITEMS = gpd.GeoDataFrame(
    {
        "id": ["zone-a", "axis-a", "p1", "p2", "p3", "web"],
        "name_zh": ["甲片区", "甲轴", "点一", "点二", "点三", "平台"],
        "name_en": ["Zone A", "Axis A", "P1", "P2", "P3", "Web"],
        "kind": ["zone", "axis", "park", "school", "hospital", "platform"],
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


# The inside rule on shapes drawn in metres (UTM 50N), so every share is known by hand.
X0, Y0 = 740_000.0, 2_886_000.0  # a point in Gulou, EPSG:32650
ZONE = box(X0, Y0, X0 + 1000, Y0 + 1000)  # 1 km square


def _metric_items(rows: dict) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(
        {
            "id": list(rows),
            "name_zh": list(rows),
            "name_en": list(rows),
            "kind": [kind for kind, _ in rows.values()],
            "status": ["planned"] * len(rows),
        },
        geometry=[geometry for _, geometry in rows.values()],
        crs=32650,
    )
    return frame.to_crs(4326)


SHAPES = _metric_items(
    {
        "zone": ("zone", ZONE),
        "point-in": ("school", Point(X0 + 500, Y0 + 500)),
        "point-out": ("school", Point(X0 + 1010, Y0 + 500)),
        # 600 m of a 1000 m line inside: 60 %
        "line-60": ("street", LineString([(X0 + 400, Y0 + 200), (X0 + 1400, Y0 + 200)])),
        # 400 m of 1000 m inside: 40 %
        "line-40": ("street", LineString([(X0 + 600, Y0 + 300), (X0 + 1600, Y0 + 300)])),
        # exactly half of a 200 x 200 m square inside
        "area-50": ("park", box(X0 + 900, Y0 + 600, X0 + 1100, Y0 + 800)),
        # 30 % inside
        "area-30": ("park", box(X0 + 940, Y0 + 100, X0 + 1140, Y0 + 300)),
        # a zone 90 % inside the zone: zones are never members of zones
        "zone-2": ("zone", box(X0 + 100, Y0 + 100, X0 + 1000, Y0 + 1100)),
        # a belt 90 % inside is a member like any other area
        "belt-in": ("belt", box(X0 + 100, Y0 + 100, X0 + 1000, Y0 + 1100)),
    }
)


def test_inside_rule_on_hand_made_shapes():
    zone = SHAPES.set_index("id").loc["zone"].geometry
    found = items_within(SHAPES, zone, exclude="zone", area_kind="zone")
    assert list(found["id"]) == ["point-in", "line-60", "area-50", "belt-in"]
    shares = dict(zip(found["id"], found["share_inside"], strict=True))
    assert shares == {"point-in": 1.0, "line-60": 0.6, "area-50": 0.5, "belt-in": 0.9}


def test_zones_count_inside_a_belt_or_area_that_is_not_a_zone():
    zone = SHAPES.set_index("id").loc["zone"].geometry
    found = items_within(SHAPES, zone, exclude="zone", area_kind="area")
    assert "zone-2" in set(found["id"])


AXIS = _metric_items(
    {
        "axis": ("axis", LineString([(X0, Y0), (X0 + 2000, Y0)])),
        "near-250": ("park", Point(X0 + 1000, Y0 + 250)),
        "near-350": ("park", Point(X0 + 1000, Y0 - 350)),
        # a 1 km line across the axis: 600 m of it within 300 m either side
        "cross": ("street", LineString([(X0 + 500, Y0 - 300), (X0 + 500, Y0 + 700)])),
    }
)


def test_axes_are_corridors_300_m_either_side_unless_changed():
    axis = AXIS.set_index("id").loc["axis"].geometry
    found = items_within(AXIS, axis, exclude="axis", area_kind="axis")
    assert list(found["id"]) == ["near-250", "cross"]
    assert found.set_index("id").loc["cross", "share_inside"] == 0.6
    wider = items_within(AXIS, axis, exclude="axis", area_kind="axis", corridor_m=400)
    assert list(wider["id"]) == ["near-250", "near-350", "cross"]
    # the outline drawn is 600 m wide: 2000 x 600 plus two half-discs of radius 300 m
    region = gpd.GeoSeries([inside_region(axis)], crs=4326).to_crs(32650).iloc[0]
    assert region.area == pytest.approx(2000 * 600 + 3.14159 * 300**2, rel=0.01)
    with pytest.raises(ValueError, match="corridor_m"):
        items_within(AXIS, axis, corridor_m=0)


def test_near_distances_from_the_geometry():
    target = AXIS.set_index("id").loc["axis"].geometry
    near = items_near(AXIS, target, 400, exclude="axis")
    distances = dict(zip(near["id"], near["distance_m"], strict=True))
    assert distances == {"cross": 0, "near-250": 250, "near-350": 350}
    circle = gpd.GeoSeries([near_region(Point(119.3, 26.08), 500)], crs=4326).to_crs(32650)
    assert circle.area.iloc[0] == pytest.approx(3.14159 * 500**2, rel=0.01)


def test_find_item_by_id_name_alias_or_unique_part():
    items = ITEMS.assign(aliases=[["甲区"], [], [], [], [], []])
    assert find_item(items, "zone-a")["id"] == "zone-a"
    assert find_item(items, "Axis A")["id"] == "axis-a"
    assert find_item(items, "甲区")["id"] == "zone-a"
    assert find_item(items, "二")["id"] == "p2"
    with pytest.raises(ValueError, match="names 3 items"):
        find_item(items, "点")
    with pytest.raises(ValueError, match="no plan item"):
        find_item(items, "乙")
    with pytest.raises(ValueError, match="not on the map"):
        find_item(items, "web")


def test_find_station_by_osm_name():
    stations = gpd.GeoDataFrame(
        {"name": ["屏山", "东街口"], "name_en": ["Pingshan", None]},
        geometry=[Point(119.29, 26.09), Point(119.294, 26.089)],
        crs=4326,
    )
    assert find_station(stations, "屏山")["name_en"] == "Pingshan"
    assert find_station(stations, "pingshan")["name"] == "屏山"
    with pytest.raises(ValueError, match="known stations: 屏山、东街口"):
        find_station(stations, "西湖")
