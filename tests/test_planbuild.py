"""Building plan items on a small hand-made base: positions, mentions, validation, output."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, box

from layers.planbuild import build_plan

MINI_TEXT = Path(__file__).parent / "fixtures" / "plan" / "mini-plan.txt"
MINI_EN = Path(__file__).parent / "fixtures" / "plan" / "mini-plan_en.yaml"
EXPECTED = {"axis": 1, "zone": 1, "scenic_spot": 0, "chapters": 2, "boxes": 2}
STEP = 0.002  # grid spacing of the fake road network, degrees (~200 m)

ITEMS = """\
- id: demo-axis
  name_zh: 示范主轴
  name_en: Demo Axis
  kind: axis
  layer: structure
  mentions: [示范主轴]
  status: existing
  status_basis: null
  status_note: test
  geometry: {route: [[119.2921, 26.0721], [119.2921, 26.0841], [119.3081, 26.0841]]}
  precision: approximate
  position_source: test
  stated_length_km: 2

- id: demo-zone
  name_zh: 东片区
  name_en: East Zone
  kind: zone
  layer: structure
  mentions: [东片区]
  status: existing
  status_basis: null
  status_note: test
  geometry: {polygon: [[119.30, 26.07], [119.33, 26.07], [119.33, 26.09], [119.30, 26.09]]}
  precision: schematic
  position_source: test

- id: demo-software-park
  name_zh: 示范软件园
  name_en: Demo Software Park
  kind: carrier
  layer: innovation
  mentions: [示范软件园]
  status: upgrading
  status_basis: 提质升级示范软件园
  geometry: {circle: {center: [119.296, 26.082], radius_m: 300}}
  precision: schematic
  position_source: test

- id: demo-station
  name_zh: 南门广场
  name_en: South Gate Square
  kind: landmark
  layer: axis_landmarks
  mentions: [南门广场]
  status: planned
  status_basis: 建成南门广场
  geometry: {station: 东街口}
  precision: surveyed
  position_source: OSM station group

- id: demo-partner
  name_zh: 示范小学
  name_en: Demo Primary School
  kind: school
  layer: public_services
  mentions: [示范小学]
  status: planned
  status_basis: 新建示范小学
  geometry: null
  mapped: false
  unmapped_reason: not_locatable
"""


@pytest.fixture
def mini_base(tmp_path: Path) -> Path:
    """A 2 x 2 km district with a road grid and one metro station."""
    base = tmp_path / "base"
    base.mkdir()
    district = box(119.29, 26.07, 119.31, 26.09)
    gpd.GeoDataFrame({"name": ["测试区"]}, geometry=[district], crs=4326).to_file(
        base / "district.geojson"
    )
    stations = gpd.GeoDataFrame({"name": ["东街口"]}, geometry=[Point(119.30, 26.08)], crs=4326)
    stations.to_file(base / "metro_stations.geojson")
    lines = []
    ticks = [round(119.288 + STEP * i, 6) for i in range(13)]
    rows = [round(26.068 + STEP * i, 6) for i in range(13)]
    for x in ticks:
        lines += [LineString([(x, a), (x, b)]) for a, b in itertools.pairwise(rows)]
    for y in rows:
        lines += [LineString([(a, y), (b, y)]) for a, b in itertools.pairwise(ticks)]
    roads = gpd.GeoDataFrame(geometry=lines, crs=4326)
    roads["length_m"] = roads.to_crs(32650).length
    roads["highway"] = "primary"
    roads.to_file(base / "roads.geojson")
    return base


def _build(tmp_path: Path, base: Path, items: str = ITEMS):
    items_dir = tmp_path / "items"
    items_dir.mkdir(exist_ok=True)
    (items_dir / "demo.yaml").write_text(items, encoding="utf-8")
    out = tmp_path / "out"
    built, problems = build_plan(
        items_dir, MINI_TEXT, base, out, expected=EXPECTED, plan_en=MINI_EN
    )
    return built.set_index("id"), [str(p) for p in problems], out


def test_build_writes_items_outline_and_indicators(tmp_path, mini_base):
    items, problems, out = _build(tmp_path, mini_base)
    assert problems == []
    assert sorted(p.name for p in out.iterdir()) == [
        "indicators.csv", "outline.json", "plan_items.geojson",
    ]  # fmt: skip
    collection = json.loads((out / "plan_items.geojson").read_text(encoding="utf-8"))
    assert [f["properties"]["id"] for f in collection["features"]] == sorted(items.index)
    assert len(items) == 5


def test_mentions_give_chapters_sections_and_boxes(tmp_path, mini_base):
    items, _, _ = _build(tmp_path, mini_base)
    park = items.loc["demo-software-park"]
    assert park["chapters"] == [1] and park["sections"] == ["1.2"] and park["boxes"] == [1]
    school = items.loc["demo-partner"]
    assert (
        school["chapters"] == [2] and school["subsections"] == ["2.1.1"] and school["boxes"] == [2]
    )


def test_route_follows_the_road_grid(tmp_path, mini_base):
    items, _, _ = _build(tmp_path, mini_base)
    axis = items.loc["demo-axis"]
    # Manhattan path: 6 grid steps north (1.33 km) then 8 east (1.60 km), vertices on the grid
    assert axis.geometry.geom_type == "LineString"
    assert axis["length_km"] == pytest.approx(2.93, abs=0.03)
    xs, ys = axis.geometry.xy
    assert all(abs((x - 119.288) / STEP - round((x - 119.288) / STEP)) < 1e-6 for x in xs)
    assert all(abs((y - 26.068) / STEP - round((y - 26.068) / STEP)) < 1e-6 for y in ys)


def test_polygon_clipped_and_circle_measured(tmp_path, mini_base):
    items, _, _ = _build(tmp_path, mini_base)
    zone = items.loc["demo-zone"]
    assert zone.geometry.bounds[2] == pytest.approx(119.31)  # clipped at the district edge
    assert 1.1 < zone["area_km2"] < 2.3
    park = items.loc["demo-software-park"]
    assert park["area_km2"] == pytest.approx(3.1416 * 0.09, rel=0.01)


def test_station_position_is_taken_from_the_base(tmp_path, mini_base):
    items, _, _ = _build(tmp_path, mini_base)
    assert items.loc["demo-station"].geometry.equals(Point(119.30, 26.08))


def test_problems_name_file_id_and_field_and_block_writing(tmp_path, mini_base):
    broken = (
        ITEMS.replace("mentions: [南门广场]", "mentions: [北门广场]")
        .replace("status_basis: 新建示范小学", "status_basis: 已经竣工")
        .replace("{station: 东街口}", "{point: [119.35, 26.08]}")
    )
    _, problems, out = _build(tmp_path, mini_base, broken)
    assert not out.exists()
    assert (
        "items/demo.yaml, record 4 (id=demo-station), field 'mentions': '北门广场' does not occur"
        in "\n".join(problems)
    )
    assert any("id=demo-partner" in p and "'status_basis'" in p for p in problems)
    assert any("id=demo-station" in p and "outside the district" in p for p in problems)


def test_unknown_station_and_far_waypoint(tmp_path, mini_base):
    broken = ITEMS.replace("{station: 东街口}", "{station: 不存在站}").replace(
        "[119.3081, 26.0841]]", "[119.3081, 26.0841], [119.3081, 26.1200]]"
    )
    _, problems, _ = _build(tmp_path, mini_base, broken)
    assert any("no metro station group named '不存在站'" in p for p in problems)
    assert any("route waypoints far from any road node: #4" in p for p in problems)


def test_count_mismatch_is_reported(tmp_path, mini_base):
    only_axis = ITEMS.split("\n- id: demo-zone")[0]
    _, problems, _ = _build(tmp_path, mini_base, only_axis)
    assert "plan items, field 'kind': 0 items of kind 'zone'; the plan names 1" in problems


def test_build_is_deterministic(tmp_path, mini_base):
    _, _, out = _build(tmp_path, mini_base)
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    _, _, out = _build(tmp_path, mini_base)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first


def test_position_claims_are_cross_checked_against_stations(tmp_path, mini_base):
    # 东街口 is at (119.30, 26.08); the point below is ~1.1 km north of it.
    claim = "position_source: 0.3 km south of OSM metro station group 东街口"
    broken = ITEMS.replace(
        "  geometry: {circle: {center: [119.296, 26.082], radius_m: 300}}\n"
        "  precision: schematic\n  position_source: test",
        "  geometry: {point: [119.30, 26.09]}\n  precision: approximate\n  " + claim,
    )
    _, problems, _ = _build(tmp_path, mini_base, broken)
    (problem,) = [p for p in problems if "position_source" in p]
    assert "id=demo-software-park" in problem
    assert "says '0.3 km south of OSM metro station group 东街口'" in problem
    assert "1108 m at bearing 359°" in problem  # UTM grid north differs slightly from true north
    fixed = broken.replace("0.3 km south of", "1.1 km N of")
    _, problems, _ = _build(tmp_path, mini_base, fixed)
    assert not [p for p in problems if "position_source" in p]


# --- bus-stop claims (AMap stops of the hand-written fixture sources) ---------------------------

FIXTURE_SOURCES = Path(__file__).parent / "fixtures" / "sources"
_CIRCLE = (
    "  geometry: {circle: {center: [119.296, 26.082], radius_m: 300}}\n"
    "  precision: schematic\n  position_source: test"
)


def _with_claim(claim: str, point: str = "[119.29, 26.089]") -> str:
    """ITEMS with the software park moved to `point` and `claim` as its position source."""
    return ITEMS.replace(
        _CIRCLE,
        f"  geometry: {{point: {point}}}\n  precision: approximate\n  position_source: {claim}",
    )


def _claim_problems(tmp_path, base, items, sources=FIXTURE_SOURCES):
    items_dir = tmp_path / "items"
    items_dir.mkdir(exist_ok=True)
    (items_dir / "demo.yaml").write_text(items, encoding="utf-8")
    _, problems = build_plan(
        items_dir, MINI_TEXT, base, tmp_path / "out", write=False, expected=EXPECTED,
        sources_dir=sources,
    )  # fmt: skip
    return [str(p) for p in problems if "position_source" in str(p)]


def test_bus_stop_claims_are_cross_checked(tmp_path, mini_base):
    # The fixture's stop 北门 is at (119.2900, 26.0950); the point (119.29, 26.089) lies
    # 0.006° of latitude = 667 m due south of it.
    good = "'local knowledge, 0.65 km S of AMap bus stop 北门; entrance on the street'"
    assert _claim_problems(tmp_path, mini_base, _with_claim(good)) == []
    wrong = "'120 m E of AMap bus stop 北门'"
    (problem,) = _claim_problems(tmp_path, mini_base, _with_claim(wrong))
    assert "id=demo-software-park" in problem
    assert "says '120 m E of AMap bus stop 北门' but the position is 66" in problem
    assert "from bus stop 北门" in problem
    turned = "'0.65 km north of AMap bus stop 北门'"
    assert _claim_problems(tmp_path, mini_base, _with_claim(turned))


def test_bus_stop_names_with_brackets_and_unknown_stops(tmp_path, mini_base):
    # 熊猫世界(南门) is at (119.2860, 26.0900): (119.29, 26.089) is 0.004° E (400 m) and
    # 0.001° S (111 m) of it, bearing about 105° (ESE).
    bracketed = "'(0.4 km ESE of AMap bus stop 熊猫世界(南门))'"
    assert _claim_problems(tmp_path, mini_base, _with_claim(bracketed)) == []
    unknown = "'300 m N of AMap bus stop 左海公园东门, a guess'"
    (problem,) = _claim_problems(tmp_path, mini_base, _with_claim(unknown))
    assert "no AMap bus stop named '左海公园东门'" in problem


def test_bus_stop_claims_are_skipped_without_sources(tmp_path, mini_base):
    unknown = "'300 m N of AMap bus stop 左海公园东门'"
    absent = tmp_path / "no-sources"
    assert _claim_problems(tmp_path, mini_base, _with_claim(unknown), sources=absent) == []


def test_station_and_stop_claims_share_one_parser(tmp_path, mini_base):
    # 东街口 (119.30, 26.08) is 1.4 km from (119.29, 26.089); both claims are checked.
    both = "'1.4 km NW of OSM station 东街口, 0.65 km S of AMap bus stop 北门'"
    assert _claim_problems(tmp_path, mini_base, _with_claim(both)) == []
    both_wrong = both.replace("NW of OSM", "SE of OSM").replace("0.65 km S", "2 km S")
    problems = _claim_problems(tmp_path, mini_base, _with_claim(both_wrong))
    assert len(problems) == 2
    assert any("from station 东街口" in p for p in problems)
    assert any("from bus stop 北门" in p for p in problems)


def test_reference_first_claims_and_bare_citations(tmp_path, mini_base):
    # the form the sources README uses: "AMap bus stop 北门, 0.65 km S"
    good = "'gate on the lane; AMap bus stop 北门, 0.65 km S'"
    assert _claim_problems(tmp_path, mini_base, _with_claim(good)) == []
    wrong = "'AMap bus stop 北门, 120 m E'"
    (problem,) = _claim_problems(tmp_path, mini_base, _with_claim(wrong))
    assert "says 'AMap bus stop 北门, 120 m E' but the position is 66" in problem
    # a citation without distance still has to name a real stop (typo: 北们)
    typo = "'next to AMap bus stop 北们'"
    (problem,) = _claim_problems(tmp_path, mini_base, _with_claim(typo))
    assert "no AMap bus stop named '北们'" in problem


def test_parse_claims_reads_both_orders_and_kinds():
    from layers._validate import parse_claims

    claims = parse_claims(
        "gate, 0.25 km NNE of OSM metro station group 南门兜; AMap bus stop 熊猫世界(南门), 80 m"
    )
    assert [(c.kind, c.name, c.metres, c.direction) for c in claims] == [
        ("station", "南门兜", 250.0, "NNE"),
        ("stop", "熊猫世界(南门)", 80.0, None),
    ]
    assert parse_claims(None) == [] and parse_claims(float("nan")) == []
def test_english_is_merged_and_a_missing_title_or_bad_name_blocks_writing(tmp_path, mini_base):
    _, problems, out = _build(tmp_path, mini_base)
    outline = json.loads((out / "outline.json").read_text(encoding="utf-8"))["chapters"]
    assert (outline[0]["title"], outline[0]["title_en"]) == ("总体布局", "Overall Layout")
    assert outline[1]["boxes"][0]["title_en"] == "Livelihood Projects"
    indicators = (out / "indicators.csv").read_text(encoding="utf-8").splitlines()
    assert indicators[1].endswith(",Economic development,Gross domestic product,"
                                  "100 million yuan,,,100,[20],120,Anticipatory,"
                                  "Figures in [ ] are five-year cumulative totals")  # fmt: skip
    partial = tmp_path / "partial_en.yaml"
    text = MINI_EN.read_text(encoding="utf-8").replace('  "box2": "Livelihood Projects"\n', "")
    partial.write_text(text, encoding="utf-8")
    wrong = ITEMS.replace("name_en: East Zone", "name_en: East Area")
    items_dir = tmp_path / "items2"
    items_dir.mkdir()
    (items_dir / "demo.yaml").write_text(wrong, encoding="utf-8")
    out2 = tmp_path / "out2"
    _, problems = build_plan(
        items_dir, MINI_TEXT, mini_base, out2, expected=EXPECTED, plan_en=partial
    )
    assert not out2.exists()
    assert sorted(str(p) for p in problems) == [
        f"{items_dir / 'demo.yaml'}, id=demo-zone, field 'name_en': “片区” is “Zone” in the "
        "glossary; not in 'East Area'",
        f"{partial}, field 'titles.box2': no English for “民生项目”",
    ]
