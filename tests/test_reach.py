"""Walking reach on small hand-made networks (distances computed by hand)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import geopandas as gpd
import osmnx as ox
import pytest
from shapely.geometry import LineString, Point, box

from geo import reach
from geo.reach import reach_nodes, service_areas, street_graph, uncovered_area, walk_metres

FIXTURE = Path(__file__).parent / "fixtures" / "walk_small.osm"
X0, Y0 = 740_000.0, 2_886_000.0  # in Gulou, EPSG:32650


def _roads(lines: list[list[tuple[float, float]]]) -> gpd.GeoDataFrame:
    geometries = [LineString([(X0 + x, Y0 + y) for x, y in line]) for line in lines]
    return gpd.GeoDataFrame(geometry=geometries, crs=32650).to_crs(4326)


def _places(points: dict[str, tuple[float, float]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"id": list(points), "name_zh": list(points)},
        geometry=[Point(X0 + x, Y0 + y) for x, y in points.values()],
        crs=32650,
    ).to_crs(4326)


# A(0,0) -300- B(300,0) -300- C(600,0) -300- D(900,0); B -400- E(300,400)
NETWORK = _roads([[(0, 0), (300, 0)], [(300, 0), (600, 0)], [(600, 0), (900, 0)],
                  [(300, 0), (300, 400)]])  # fmt: skip
# F1 stands 30 m north of A; F2 at D
FACILITIES = _places({"F1": (0, 30), "F2": (900, 0)})


def _metric(point: tuple[float, float]) -> Point:
    return gpd.GeoSeries([Point(X0 + point[0], Y0 + point[1])], crs=32650).to_crs(4326).iloc[0]


def _by_place(frame, graph) -> dict[tuple[int, int], tuple[float, str]]:
    names = list(FACILITIES["id"])
    return {
        (round(x - X0), round(y - Y0)): (round(d, 1), names[f])
        for x, y, d, f in zip(frame["x"], frame["y"], frame["distance_m"], frame["facility"],
                              strict=True)
    }  # fmt: skip


def test_walk_metres():
    assert walk_metres(15) == 1125  # 4.5 km/h = 75 m a minute
    assert walk_metres(10, speed_kmh=3.6) == 600
    with pytest.raises(ValueError, match="minutes"):
        walk_metres(0)


def test_distances_and_nearest_facility_in_one_pass():
    graph = street_graph(NETWORK)
    assert graph.number_of_nodes() == 5 and graph.number_of_edges() == 4
    reached = _by_place(reach_nodes(graph, FACILITIES, walk_metres(15)), graph)
    # A: the 30 m walk to the street; B: 30 + 300; C: 300 from F2 (630 from F1);
    # E: 30 + 300 + 400 = 730 m, 9.7 minutes
    assert reached == {
        (0, 0): (30.0, "F1"),
        (300, 0): (330.0, "F1"),
        (600, 0): (300.0, "F2"),
        (900, 0): (0.0, "F2"),
        (300, 400): (730.0, "F1"),
    }
    frame = reach_nodes(graph, FACILITIES, walk_metres(15))
    minutes = dict(zip(frame["distance_m"].round(1), frame["minutes"], strict=True))
    assert minutes[730.0] == pytest.approx(9.73, abs=0.01)  # 730 m at 75 m a minute
    assert minutes[330.0] == pytest.approx(4.4)
    slow = reach_nodes(graph, FACILITIES, walk_metres(15), speed_kmh=3.0)  # 50 m a minute
    assert slow["minutes"].max() == pytest.approx(14.6)
    # 5 minutes = 375 m: E (730 m) is out of reach
    five = _by_place(reach_nodes(graph, FACILITIES, walk_metres(5)), graph)
    assert (300, 400) not in five and len(five) == 4


def test_service_areas_follow_the_streets_with_a_50_m_walk_in():
    graph = street_graph(NETWORK)
    areas = service_areas(graph, FACILITIES, minutes=5).set_index("id")
    f1, f2 = areas.loc["F1"].geometry, areas.loc["F2"].geometry
    assert f1.covers(FACILITIES.geometry.iloc[0]) and f2.covers(FACILITIES.geometry.iloc[1])
    # F1 reaches 375 - 330 = 45 m up B-E: 45 m + 50 m walk-in = 95 m
    assert f1.covers(_metric((300, 90))) and not f1.covers(_metric((300, 100)))
    # F1 and F2 meet on B-C where 330 + x = 300 + (300 - x): x = 135 m past B, at 435
    assert not f1.covers(_metric((490, 0))) and f2.covers(_metric((490, 0)))
    assert f1.covers(_metric((380, 0))) and not f2.covers(_metric((380, 0)))
    assert list(areas.columns[:1]) == ["name_zh"] and areas["walk_m"].iloc[0] == 375


def test_uncovered_share_by_hand():
    # one 1 km street; a facility at its west end; 8 minutes at 4.5 km/h = 600 m;
    # reached: 600 m x 100 m band + a half disc of 50 m at its east end inside the district
    graph = street_graph(_roads([[(0, 0), (1000, 0)]]))
    areas = service_areas(graph, _places({"F": (0, 0)}), minutes=8)
    district = gpd.GeoSeries([box(X0, Y0 - 50, X0 + 1000, Y0 + 50)], crs=32650).to_crs(4326)
    rest, share = uncovered_area(district.iloc[0], areas)
    reached = 600 * 100 + math.pi * 50**2 / 2
    assert share == pytest.approx(1 - reached / 100_000, abs=0.002)
    assert rest.covers(_metric((900, 0))) and not rest.covers(_metric((500, 0)))


def test_bad_input_is_refused_clearly():
    graph = street_graph(NETWORK)
    with pytest.raises(ValueError, match="no facilities"):
        service_areas(graph, FACILITIES.iloc[0:0])
    with pytest.raises(ValueError, match="'id'"):
        service_areas(graph, FACILITIES.drop(columns="id"))
    with pytest.raises(ValueError, match="walk_in_m"):
        service_areas(graph, FACILITIES, walk_in_m=500)


HAVERSINE_003 = 6_371_009 * math.radians(0.003)  # 333.6 m (osmnx's great-circle length)


def _xml_reach(graph) -> dict[tuple[float, float], float]:
    start = gpd.GeoDataFrame({"id": ["n1"]}, geometry=[Point(119.300, 26.080)], crs=4326)
    frame = reach_nodes(graph, start, 2000)
    points = gpd.GeoSeries(gpd.points_from_xy(frame["x"], frame["y"]), crs=32650).to_crs(4326)
    return {(round(p.x, 3), round(p.y, 3)): d for p, d in zip(points, frame["distance_m"],
                                                              strict=True)}  # fmt: skip


def test_walking_network_from_an_osm_file():
    reached = _xml_reach(reach.walk_network_from_xml(FIXTURE))
    lon_003 = HAVERSINE_003 * math.cos(math.radians(26.083))  # 299.6 m
    # the footway is walkable; the motorway and the foot=no path are not; one-way is ignored
    assert set(reached) == {(119.3, 26.08), (119.3, 26.083), (119.303, 26.083), (119.3, 26.086)}
    assert reached[(119.3, 26.083)] == pytest.approx(HAVERSINE_003, abs=0.5)
    assert reached[(119.303, 26.083)] == pytest.approx(HAVERSINE_003 + lon_003, abs=0.5)
    assert reached[(119.3, 26.086)] == pytest.approx(2 * HAVERSINE_003, abs=0.5)


def test_online_walking_network_path_runs_on_a_recorded_network(monkeypatch, tmp_path):
    """``--online`` asks osmnx for the walk network; here osmnx answers from the fixture as
    Overpass would for the walk filter (without the motorway and the foot=no path)."""
    answer = tmp_path / "overpass_walk.osm"
    text = FIXTURE.read_text(encoding="utf-8")
    answer.write_text(re.sub(r'<way id="10[45]">.*?</way>', "", text, flags=re.S), "utf-8")
    calls = []

    def fake_download(polygon, network_type, simplify, retain_all):
        calls.append((network_type, polygon.bounds))
        return ox.graph_from_xml(answer, simplify=simplify, retain_all=retain_all)

    monkeypatch.setattr(ox, "graph_from_polygon", fake_download)
    district = box(119.299, 26.079, 119.304, 26.087)
    reached = _xml_reach(reach.walk_network(district))
    assert calls and calls[0][0] == "walk"
    west, south = calls[0][1][:2]
    assert west < 119.299 - 0.004 and south < 26.079 - 0.004  # a 500 m margin around it
    assert set(reached) == {(119.3, 26.08), (119.3, 26.083), (119.303, 26.083), (119.3, 26.086)}
    assert reached[(119.3, 26.086)] == pytest.approx(2 * HAVERSINE_003, abs=0.5)
