"""``gulou-map query`` and ``gulou-map reach`` on the committed data.

The expected ids were checked by hand against the map (the zone outline and the 500 m circle
around 屏山 station drawn by the app, see tests/browser/test_answers_browser.py).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, shape

import cli
from layers.base import load_base_layer
from layers.plan import load_plan_items


def _run(capsysbinary, *argv: str) -> tuple[int, bytes, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsysbinary.readouterr()
    return code, out, err.decode("utf-8")


def _features(data: bytes) -> list[dict]:
    collection = json.loads(data)
    assert collection["type"] == "FeatureCollection"
    return collection["features"]


def test_planned_items_inside_the_modern_services_zone(capsysbinary):
    code, out, err = _run(
        capsysbinary, "query", "--inside", "现代服务片区", "--status", "planned",
        "--format", "geojson",
    )  # fmt: skip
    assert code == 0, err
    features = _features(out)
    # before the inside rule this listed the other two zones, two belts and a scenic spot
    assert [f["properties"]["id"] for f in features] == [
        "belt-urban-hot-spring",
        "scene-tangquan-wendao",
    ]
    first = features[0]["properties"]
    assert {"id", "name_zh", "name_en", "kind", "status", "share_inside"} <= set(first)
    assert first["status"] == "planned" and first["share_inside"] >= 0.5
    lon, lat = shape(features[1]["geometry"]).representative_point().coords[0]
    assert 119.2 < lon < 119.4 and 26.0 < lat < 26.2  # WGS84
    assert "2 items inside 现代服务片区" in err


def test_zones_are_never_inside_zones(capsysbinary):
    code, out, _ = _run(capsysbinary, "query", "--inside", "zone-modern-services",
                        "--format", "csv")  # fmt: skip
    table = pd.read_csv(io.BytesIO(out))
    assert code == 0 and "zone" not in set(table["kind"])
    assert {"gulou-district-hospital", "cd-wusi-road"} <= set(table["id"])
    assert (table["share_inside"] >= 0.5).all()


def test_items_near_pingshan_station_with_distances(capsysbinary):
    code, out, err = _run(capsysbinary, "query", "--near-station", "屏山", "--within", "500",
                          "--format", "csv")  # fmt: skip
    assert code == 0, err
    table = pd.read_csv(io.BytesIO(out))
    assert list(table["distance_m"]) == sorted(table["distance_m"])
    assert table["distance_m"].max() <= 500
    near = dict(zip(table["id"], table["distance_m"], strict=True))
    # the station stands on the 817 axis and inside 文旅融合片区; 屏山 (the hill) is 462 m off
    assert near["axis-bayiqi"] == 2 and near["zone-culture-tourism"] == 0
    assert near["pingshan"] == 462 and "xihu-park" in near


def test_near_an_item_and_missing_radius(capsysbinary, tmp_path: Path):
    output = tmp_path / "near.geojson"
    code, _, err = _run(capsysbinary, "query", "--near", "西湖公园", "--within", "300",
                        "--kind", "park", "--format", "geojson", "-o", str(output))  # fmt: skip
    assert code == 0, err
    ids = [f["properties"]["id"] for f in _features(output.read_bytes())]
    assert "xihu-park" not in ids and all(
        f["properties"]["kind"] == "park" for f in _features(output.read_bytes())
    )
    code, _, err = _run(capsysbinary, "query", "--near", "西湖公园", "--format", "csv")
    assert code == 1 and "--within" in err
    code, _, err = _run(capsysbinary, "query", "--inside", "不存在", "--format", "csv")
    assert code == 1 and "no plan item is named" in err
    code, _, err = _run(capsysbinary, "query", "--near-station", "火星", "--within", "5",
                        "--format", "csv")  # fmt: skip
    assert code == 1 and "known stations" in err


def test_reach_of_hospitals_writes_one_area_per_hospital(capsysbinary, tmp_path: Path):
    areas_file, rest_file = tmp_path / "reach.geojson", tmp_path / "rest.geojson"
    code, _, err = _run(
        capsysbinary, "reach", "--kind", "hospital", "--minutes", "15", "--format", "geojson",
        "-o", str(areas_file), "--uncovered", str(rest_file),
    )  # fmt: skip
    assert code == 0, err
    items = load_plan_items()
    hospitals = items[(items["kind"] == "hospital") & items.geometry.notna()]
    areas = gpd.read_file(areas_file)
    assert sorted(areas["id"]) == sorted(hospitals["id"])
    assert set(areas["name_zh"]) == set(hospitals["name_zh"])
    for _, row in hospitals.iterrows():  # an area always contains its facility
        assert areas.set_index("id").loc[row["id"]].geometry.covers(row.geometry)
    assert (areas["walk_m"] == 1125).all() and areas.crs.to_epsg() == 4326
    rest = gpd.read_file(rest_file)
    share = rest["share_of_district"].iloc[0]
    assert 0 < share < 1 and f"beyond reach: {share:.1%}" in err
    district = load_base_layer("district").to_crs(32650).area.iloc[0] / 1e6
    assert rest["area_km2"].iloc[0] == pytest.approx(share * district, rel=0.01)
    assert "no footpaths" in err


def test_reach_status_narrows_the_starting_points(capsysbinary):
    code, out, _ = _run(capsysbinary, "reach", "--kind", "hospital", "--status", "completed",
                        "--format", "csv")  # fmt: skip
    table = pd.read_csv(io.BytesIO(out))
    assert code == 0 and list(table["id"]) == ["gulou-district-hospital"]
    code, _, err = _run(capsysbinary, "reach", "--kind", "hospital", "--status", "existing",
                        "--format", "csv")  # fmt: skip
    assert code == 1 and "no mapped plan item of hospital with status existing" in err
    code, _, err = _run(capsysbinary, "reach", "--format", "csv")
    assert code == 1 and "--kind" in err


def test_reach_online_uses_the_osm_walking_network(capsysbinary, monkeypatch, tmp_path):
    """``--online`` with osmnx answering from a hand-written .osm file (sockets are blocked)."""
    import osmnx as ox

    fixture = Path(__file__).parent / "fixtures" / "walk_small.osm"
    asked = []

    def recorded(polygon, network_type, simplify, retain_all):
        asked.append(network_type)
        return ox.graph_from_xml(fixture, simplify=simplify, retain_all=retain_all)

    monkeypatch.setattr(ox, "graph_from_polygon", recorded)
    code, out, err = _run(capsysbinary, "reach", "--kind", "community", "--online",
                          "--format", "geojson")  # fmt: skip
    assert code == 0, err
    assert asked == ["walk"] and "on the OSM walking network" in err
    areas = gpd.GeoDataFrame.from_features(_features(out), crs=4326).set_index("id")
    assert sorted(areas.index) == ["fenghu-community", "junmen-community"]
    # 军门社区 lies 50 m from the fixture's streets and walks along them to their east end;
    # 凤湖社区 lies 3.2 km away: its area is its own site with the 50 m walk-in margin only
    east_end = Point(119.303, 26.083)
    assert areas.loc["junmen-community"].geometry.covers(east_end)
    assert not areas.loc["fenghu-community"].geometry.covers(east_end)
    assert "beyond reach: 9" in err


def test_help_lists_query_and_reach(capsysbinary):
    code, out, _ = _run(capsysbinary, "--help")
    assert code == 0 and "    query " in out.decode() and "    reach " in out.decode()
    code, out, _ = _run(capsysbinary, "reach", "--help")
    assert code == 0 and "walk-in" in out.decode() and "--uncovered" in out.decode()


def test_reach_from_a_chosen_set_of_items(capsysbinary):
    code, out, err = _run(capsysbinary, "reach", "--item", "xihu-park", "--item", "gu-er-xiao",
                          "--minutes", "10", "--speed-kmh", "3.6", "--format", "csv")  # fmt: skip
    assert code == 0, err
    table = pd.read_csv(io.BytesIO(out))
    assert sorted(table["id"]) == ["gu-er-xiao", "xihu-park"]
    assert (table["walk_m"] == 600).all()  # 10 minutes at 3.6 km/h = 60 m a minute
    assert "10 min at 3.6 km/h (600 m" in err
    code, _, err = _run(capsysbinary, "reach", "--item", "nope", "--format", "csv")
    assert code == 1 and "unknown item id(s): nope" in err


def test_each_item_counts_in_one_zone_at_most():
    """The per-zone summary no longer counts an item in several zones (the issue's complaint)."""
    from layers.spatial import items_within, status_summary

    items = load_plan_items()
    zones = items[(items["kind"] == "zone") & items.geometry.notna()]
    members = [
        set(items_within(items, z.geometry, exclude=z["id"], area_kind="zone")["id"])
        for _, z in zones.iterrows()
    ]
    assert len(members) == 3 and all(members)
    assert not (members[0] & members[1] or members[0] & members[2] or members[1] & members[2])
    table = status_summary(items, zones)
    assert list(table["total"]) == [len(m) for m in members]
