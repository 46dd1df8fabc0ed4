"""OSM ingestion from a small hand-written .osm file (sockets stay blocked)."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely

from geo import features, settings
from geo._errors import SourceError
from geo.graph import road_class, undirected_segments

OSM = Path(__file__).parent / "fixtures" / "gulou_small.osm"


@pytest.fixture(scope="module")
def district():
    return features.district_boundary_from_xml(OSM)


def test_district_boundary_relation_becomes_a_polygon(district):
    assert list(district["adcode"]) == [settings.DISTRICT_ADCODE]
    assert list(district["name"]) == ["鼓楼区"]
    polygon = district.geometry.iloc[0]
    assert polygon.geom_type == "Polygon"
    assert polygon.bounds == pytest.approx((119.28, 26.07, 119.31, 26.10))
    assert district.crs.to_epsg() == 4326


def test_missing_district_name_is_reported():
    with pytest.raises(SourceError, match="boundary named '台江区', found 0"):
        features.district_boundary_from_xml(OSM, name="台江区")


def test_parks(district):
    parks = features.parks_from_xml(OSM, district.geometry.iloc[0])
    assert list(parks["name"]) == ["西湖公园"]
    assert list(parks["name_en"]) == ["West Lake Park"]
    assert list(parks["kind"]) == ["park"]
    assert set(parks.geom_type) == {"Polygon"}


def test_water_areas_and_waterways():
    water = features.water_from_xml(OSM)
    assert dict(zip(water["name"], water["kind"], strict=True)) == {
        "西湖": "water",
        "白马河": "river",
    }
    assert sorted(water.geom_type) == ["LineString", "Polygon"]


def test_named_roads_skip_unnamed_service_road():
    roads = features.named_roads_from_xml(OSM)
    assert sorted(roads["name"]) == sorted(["八一七北路", "光禄坊", "步行道"])
    assert 302 not in set(roads["osm_id"])


def test_pois_are_clipped_to_the_district(district):
    inside = features.pois_from_xml(OSM, district.geometry.iloc[0])
    assert dict(zip(inside["name"], inside["kind"], strict=True)) == {
        "福建省立医院": "hospital",
        "林则徐纪念馆": "museum",
    }
    everywhere = features.pois_from_xml(OSM)
    assert "远方学校" in set(everywhere["name"])
    assert "bench" not in set(everywhere["kind"])  # not in the POI tag set


def test_theme_tags_are_shared_with_the_online_path():
    # the XML readers and the Overpass functions both read settings.OSM_TAGS
    assert settings.OSM_TAGS["parks"] == {"leisure": "park"}
    assert settings.OSM_TAGS["water"] == {"natural": "water", "waterway": True}


def test_road_graph_keeps_only_drivable_ways():
    network = features.road_graph_from_xml(OSM)
    classes = {road_class(d["highway"]) for _, _, d in network.edges(data=True)}
    assert classes == {"primary", "service"}  # footway, river, boundary and metro dropped
    segments = undirected_segments(network)
    # 八一七北路 and 光禄坊 merge once the footway at their shared node is gone
    assert len(segments) == 3
    assert segments["length_m"].gt(0).all()
    assert set(segments["highway"]) == {"primary", "service"}


def test_metro_ways_and_station_groups():
    ways, nodes = features.metro_features_from_xml(OSM)
    assert list(ways["osm_id"]) == [500]
    assert list(ways["name"]) == ["地铁1号线"]
    assert sorted(nodes["osm_id"]) == [61, 63]
    groups = features.station_groups(nodes)
    assert list(groups["name"]) == ["东街口"]
    assert list(groups["name_en"]) == ["Dongjiekou"]
    assert list(groups["osm_ids"]) == ["61,63"]
    assert groups.geometry.iloc[0].distance(shapely.Point(119.2946, 26.08915)) < 1e-9


def test_missing_or_broken_xml_is_named(tmp_path):
    with pytest.raises(SourceError, match=r"nope\.osm: file not found"):
        features.parks_from_xml(tmp_path / "nope.osm")
    broken = tmp_path / "broken.osm"
    broken.write_text(OSM.read_text(encoding="utf-8")[:900], encoding="utf-8")
    with pytest.raises(SourceError, match=r"broken\.osm: cannot read OSM XML"):
        features.parks_from_xml(broken)
    with pytest.raises(SourceError, match=r"broken\.osm: cannot build a road graph"):
        features.road_graph_from_xml(broken)


def test_online_functions_check_inputs_before_any_request():
    with pytest.raises(ValueError, match="non-empty \\(Multi\\)Polygon"):
        features.parks(shapely.Point(119.3, 26.08))
    with pytest.raises(ValueError, match="not in longitude/latitude"):
        features.road_graph(shapely.box(500000, 2880000, 501000, 2881000))
    with pytest.raises(ValueError, match="positive integer"):
        features.district_boundary(osm_relation_id=-5)
    with pytest.raises(ValueError, match="unknown adcode"):
        features.neighbour_boundaries(["999999"])
