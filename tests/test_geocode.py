"""`gulou-map geocode`: proposals from a hand-written .osm file and recorded online answers.

Sockets are blocked (pytest --disable-socket): the online path runs through osmnx with its two
request functions replaced by recorded responses (tests/fixtures/geocode/*.json).
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import osmnx as ox
import pytest
import yaml
from shapely.geometry import Point, box

import cli
from geo import features, settings
from layers import geocode

FIXTURES = Path(__file__).parent / "fixtures" / "geocode"
OSM_FILE = FIXTURES / "named_small.osm"
DISTRICT = box(119.28, 26.07, 119.31, 26.10)


def _items(*extra: tuple) -> gpd.GeoDataFrame:
    rows = [
        ("yanan", "延安中学", [], False, "not_locatable"),
        ("minjuyuan", "福州闽剧院", [], False, "not_locatable"),
        ("school19", "福州第十九中学", [], False, "not_locatable"),
        ("xiaoliu", "小柳小学", [], False, "not_locatable"),
        ("culture", "区文化馆", ["鼓楼区文化馆"], False, "not_locatable"),
        ("yadao", "雅道巷", [], False, "not_locatable"),
        ("web", "福州延安中学", [], False, "digital"),  # a platform: never looked up
        ("placed", "福州闽剧院旧址", [], True, None),  # already on the map
        *extra,
    ]
    columns = ["id", "name_zh", "aliases", "mapped", "unmapped_reason"]
    frame = gpd.GeoDataFrame(
        [dict(zip(columns, r, strict=True)) for r in rows],
        geometry=[Point(119.29, 26.08) if r[3] else None for r in rows],
        crs=4326,
    )
    return frame


def _by_id(review: dict) -> dict[str, list[dict]]:
    return {p["id"]: p["candidates"] for p in review["proposals"]}


def test_offline_proposals_from_a_local_osm_file():
    review = geocode.propose(_items(), DISTRICT, osm_file=OSM_FILE)
    assert review["items_checked"] == 6  # not the digital item, not the placed one
    found = _by_id(review)
    assert set(found) == {"yanan", "minjuyuan", "school19", "xiaoliu", "culture"}
    assert review["not_found"] == [{"id": "yadao", "name_zh": "雅道巷"}]

    (theatre,) = found["minjuyuan"]
    assert (theatre["osm_type"], theatre["osm_id"], theatre["match"]) == ("node", 102, "exact")
    assert theatre["point"] == [119.295, 26.085]
    assert theatre["distance_to_district_m"] == 0
    assert theatre["suggested_precision"] == "surveyed"
    assert theatre["osm_kind"] == "amenity=theatre"
    assert "OSM node 102 (name=福州闽剧院)" in theatre["suggested_position_source"]

    (yanan,) = found["yanan"]  # 延安中学 inside 福州延安中学: a weaker, partial match
    assert (yanan["osm_id"], yanan["match"], yanan["suggested_precision"]) == (
        101, "partial", "approximate",
    )  # fmt: skip


def test_a_campus_way_is_proposed_and_a_far_namesake_is_not():
    (campus,) = _by_id(geocode.propose(_items(), DISTRICT, osm_file=OSM_FILE))["xiaoliu"]
    # way 301 (the square 119.300-119.302 E, 26.076-26.078 N); node 105 lies 20 km away
    assert (campus["osm_type"], campus["osm_id"], campus["osm_geometry"]) == ("way", 301, "Polygon")
    lon, lat = campus["point"]
    assert 119.300 < lon < 119.302 and 26.076 < lat < 26.078


def test_outside_the_district_is_flagged_not_dropped():
    (school,) = _by_id(geocode.propose(_items(), DISTRICT, osm_file=OSM_FILE))["school19"]
    # 0.003° of longitude east of the edge at 26.085° N: 0.003 x 111.32 km x cos 26.085° = 300 m
    assert 290 <= school["distance_to_district_m"] <= 310
    assert school["suggested_precision"] == "approximate"
    assert "outside the district" in school["check"]


def test_aliases_match_and_place_names_do_not():
    (centre,) = _by_id(geocode.propose(_items(), DISTRICT, osm_file=OSM_FILE))["culture"]
    # matched by its alias; the place=suburb node 106 holding the name is not a site
    assert (centre["osm_id"], centre["matched_name"], centre["match"]) == (
        104,
        "鼓楼区文化馆",
        "exact",
    )


def test_online_path_on_recorded_overpass_and_nominatim_answers(monkeypatch):
    overpass = json.loads((FIXTURES / "overpass_response.json").read_text("utf-8"))
    nominatim = json.loads((FIXTURES / "nominatim_responses.json").read_text("utf-8"))
    queries = []

    def recorded_nominatim(params, request_type="search"):
        queries.append(params["q"])
        return nominatim.get(params["q"], [])

    monkeypatch.setattr(ox._overpass, "_overpass_request", lambda data: overpass)
    monkeypatch.setattr(ox._nominatim, "_nominatim_request", recorded_nominatim)
    items = _items(
        ("guzhai", "福州古厝展示馆", [], False, "not_locatable"),
        ("elderly", "鼓楼老年公寓", [], False, "not_locatable"),
    )
    review = geocode.propose(items, DISTRICT, online=True)
    found = _by_id(review)
    assert "雅道巷, 鼓楼区, 福州市" in queries and "福州延安中学, 鼓楼区, 福州市" not in queries
    (museum,) = found["guzhai"]
    assert (museum["via"], museum["osm_type"], museum["osm_id"]) == ("nominatim", "node", 7001)
    assert museum["display_name"].startswith("福州古厝展示馆, 鼓楼区")
    assert museum["osm_kind"] == "tourism=museum" and museum["suggested_precision"] == "surveyed"
    (lane,) = found["yadao"]
    assert (lane["osm_type"], lane["osm_id"], lane["osm_geometry"]) == ("way", 7002, "LineString")
    (home,) = found["elderly"]  # from the Overpass answer; node 8002 lies outside the area
    assert (home["via"], home["osm_id"]) == ("osm-features", 8001)
    assert [s.split(":")[0] for s in review["sources"]] == ["Overpass", "Nominatim"]


def test_named_features_keep_every_name_tag():
    named = features.named_features_from_xml(OSM_FILE).set_index("osm_id")
    assert named.loc[102, "names"] == ["福州闽剧院", "闽剧院", "福州市闽剧院"]  # alt_name a;b
    assert named.loc[106, "kind"] == "place=suburb"
    assert 201 not in named.index  # unnamed nodes of the campus way


def test_inputs_are_checked():
    with pytest.raises(ValueError, match=r"--osm FILE\) or use --online"):
        geocode.propose(_items(), DISTRICT)
    with pytest.raises(ValueError, match="must be a \\(Multi\\)Polygon"):
        geocode.propose(_items(), Point(119.29, 26.08), osm_file=OSM_FILE)
    with pytest.raises(ValueError, match="lack column"):
        geocode.unplaced_items(_items().drop(columns="unmapped_reason"))


def test_review_file_never_goes_into_data_or_static(tmp_path):
    review = geocode.propose(_items(), DISTRICT, osm_file=OSM_FILE)
    for folder in (settings.DATA_DIR, settings.STATIC_DIR / "base"):
        with pytest.raises(ValueError, match="never goes into"):
            geocode.write_review(review, folder / "review.yaml")
        assert not (folder / "review.yaml").exists()
    path = geocode.write_review(review, tmp_path / "review.yaml")
    text = path.read_text("utf-8")
    assert text.startswith("# gulou-map geocode: proposed positions")
    assert yaml.safe_load(text)["proposals"][0]["candidates"][0]["osm_id"] > 0


def test_cli_geocode_writes_a_review_file(tmp_path, capsys):
    out = tmp_path / "review.yaml"
    assert cli.main(["geocode", "--osm", str(OSM_FILE), "-o", str(out)]) == 0
    review = yaml.safe_load(out.read_text("utf-8"))
    message = capsys.readouterr().out
    assert f"{review['items_with_candidates']} of {review['items_checked']} unplaced" in message
    assert "nothing was written to data/" in message
    assert cli.main(["geocode", "-o", str(out)]) == 1
    assert "--osm FILE) or use --online" in capsys.readouterr().err
    bad = tmp_path / "broken.osm"
    bad.write_text("<osm><node id='1'", encoding="utf-8")
    assert cli.main(["geocode", "--osm", str(bad), "-o", str(out)]) == 1
    assert "broken.osm: cannot read OSM XML" in capsys.readouterr().err
