"""validate_base: broken base layers give readable problems naming the file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from shapely import affinity
from shapely.geometry import mapping, shape

from geo import settings
from layers._validate_base import district_area_km2, validate_base


@pytest.fixture
def base(tmp_path: Path) -> tuple[Path, Path]:
    """Writable copies of the committed data/base and static/base."""
    base_dir = Path(shutil.copytree(settings.BASE_DIR, tmp_path / "base"))
    static_dir = Path(shutil.copytree(settings.STATIC_DIR / "base", tmp_path / "static"))
    return base_dir, static_dir


def _problems(base) -> list[str]:
    return [str(problem) for problem in validate_base(*base)]


def _edit(path: Path, edit) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    edit(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def _station(doc: dict, name: str) -> dict:
    return next(f for f in doc["features"] if f["properties"]["name"] == name)


def test_committed_base_layers_are_valid(base):
    assert _problems(base) == []
    assert validate_base() == []  # the repository's own data/base and static/base


def test_district_area_is_reported(base):
    area = district_area_km2(base[0])
    assert area == pytest.approx(35.776, abs=0.001)
    assert abs(area / settings.OFFICIAL_AREA_KM2 - 1) <= settings.AREA_TOLERANCE


def test_missing_file_is_named(base):
    (base[0] / "roads.geojson").unlink()
    problems = _problems(base)
    assert any(
        p.endswith("roads.geojson: file not found (run `gulou-map build`)") for p in problems
    )
    with pytest.raises(ValueError, match=r"district\.geojson: file not found"):
        (base[0] / "district.geojson").unlink()
        district_area_km2(base[0])


def test_corrupted_json_is_named(base):
    path = base[0] / "metro_lines.geojson"
    path.write_text(path.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    problems = _problems(base)
    assert any("metro_lines.geojson: not valid JSON (line" in p for p in problems)


def test_district_area_out_of_tolerance(base):
    def shrink(doc):
        geom = shape(doc["features"][0]["geometry"])
        doc["features"][0]["geometry"] = mapping(affinity.scale(geom, 0.9, 0.9))

    _edit(base[0] / "district.geojson", shrink)
    problems = _problems(base)
    assert any(
        "district.geojson: district area 28.9" in p and "from the official 35.43 km²" in p
        for p in problems
    )


def test_station_moved_out_of_the_district(base):
    def move(doc):
        _station(doc, "东街口")["geometry"]["coordinates"] = [119.40, 26.08]

    _edit(base[0] / "metro_stations.geojson", move)
    problems = _problems(base)
    assert any("station 东街口 lies outside the district polygon" in p for p in problems)


def test_chating_flagged_inside(base):
    _edit(
        base[0] / "metro_stations.geojson",
        lambda doc: _station(doc, "茶亭")["properties"].update(in_district=True),
    )
    assert any("station 茶亭 has in_district=True, expected False" in p for p in _problems(base))


def test_missing_station_and_property(base):
    def drop(doc):
        doc["features"] = [f for f in doc["features"] if f["properties"]["name"] != "屏山"]
        doc["features"][0]["properties"].pop("lines")

    _edit(base[0] / "metro_stations.geojson", drop)
    problems = _problems(base)
    assert any("station 屏山 is missing (expected inside the district)" in p for p in problems)
    assert any(
        "metro_stations.geojson: feature 0 (name=三角池): missing required field 'lines'" in p
        for p in problems
    )


def test_wrong_crs_is_reported(base):
    _edit(
        base[0] / "neighbours.geojson",
        lambda doc: doc.update(crs={"type": "name", "properties": {"name": "EPSG:3857"}}),
    )
    problems = _problems(base)
    assert any("neighbours.geojson: wrong CRS WGS 84 / Pseudo-Mercator" in p for p in problems)


def test_invalid_geometry_is_reported(base):
    def bowtie(doc):
        ring = [[119.28, 26.07], [119.31, 26.10], [119.31, 26.07], [119.28, 26.10], [119.28, 26.07]]
        doc["features"][0]["geometry"] = {"type": "Polygon", "coordinates": [ring]}

    _edit(base[0] / "neighbours.geojson", bowtie)
    assert any(
        "neighbours.geojson: feature 0 (name=台江区): invalid geometry" in p
        for p in _problems(base)
    )


def test_empty_layer_is_reported(base):
    _edit(base[0] / "metro_lines.geojson", lambda doc: doc.update(features=[]))
    assert any("metro_lines.geojson: layer is empty" in p for p in _problems(base))


def test_bad_road_values(base):
    def spoil(doc):
        doc["features"][0]["properties"].update(highway="footway", length_m=0)

    _edit(base[0] / "roads.geojson", spoil)
    problems = _problems(base)
    assert any(
        "roads.geojson: feature 0: highway 'footway' is not a drivable class" in p for p in problems
    )
    assert any(
        "roads.geojson: feature 0: length_m 0.0 is not a positive number" in p for p in problems
    )


def test_provenance_mismatch_and_corruption(base):
    path = base[0] / "provenance.json"
    _edit(path, lambda doc: doc["layers"]["roads"].update(feature_count=1))
    assert any(
        "provenance.json: layer roads feature_count 1 but roads.geojson has" in p
        for p in _problems(base)
    )
    path.write_text("{", encoding="utf-8")
    assert any("provenance.json: not valid JSON" in p for p in _problems(base))


def test_stale_browser_copy(base):
    _edit(base[1] / "metro_stations.geojson", lambda doc: doc["features"].pop())
    problems = _problems(base)
    assert any("static/metro_stations.geojson: 26 features but data/base" in p for p in problems)
