"""Validation of the resolved plan items (freshly built or as committed in ``data/plan``).

Each check is a small function returning :class:`~layers.schema.Problem` objects that name the
YAML file the item comes from, its id and the field at fault.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import geopandas as gpd
import pandas as pd
import shapely

from geo import settings
from layers.schema import Problem
from layers.vocab import EXPECTED_COUNTS, KINDS, LAYERS, PRECISIONS, STATUSES

#: The district outline is uncertain by about 50–100 m (sources README), so an item may lie
#: up to this far outside it before it is reported.
BOUNDARY_TOLERANCE_M = 100.0

REQUIRED_PROPERTIES = [
    "id", "name_zh", "name_en", "aliases", "kind", "layer", "chapters", "sections", "boxes",
    "status", "status_basis", "precision", "position_source", "mapped", "as_of", "source_file",
]  # fmt: skip


def validate_items(
    items: gpd.GeoDataFrame,
    district: shapely.Geometry,
    outline: list[dict] | None = None,
    expected: dict[str, int] | None = None,
    stations: dict[str, shapely.Point] | None = None,
) -> list[Problem]:
    """Run every check on resolved plan items.

    Parameters
    ----------
    items : GeoDataFrame
        Resolved items (see :func:`layers.planbuild.build_plan`), WGS84.
    district : shapely geometry
        The district outline in WGS84.
    outline : list of dict, optional
        The plan's chapters (from :meth:`layers.plantext.PlanText.outline`) for the count checks.
    expected : dict, optional
        Counts the text states (default :data:`layers.vocab.EXPECTED_COUNTS`).
    stations : dict of name to Point, optional
        OSM metro station groups (WGS84) to cross-check position sources against.

    Returns
    -------
    list of Problem
    """
    missing = [c for c in REQUIRED_PROPERTIES if c not in items.columns]
    if missing:
        return [Problem("plan items", None, None, c, "property missing") for c in missing]
    problems = []
    for check in (_check_vocabulary, _check_unique, _check_parents, _check_mentioned):
        problems += check(items)
    problems += _check_geometry(items, district)
    problems += _check_counts(items, outline, expected or EXPECTED_COUNTS)
    if stations:
        problems += _check_station_claims(items, stations)
    return problems


def _problem(row: pd.Series, field: str, message: str) -> Problem:
    return Problem(str(row["source_file"]), None, str(row["id"]), field, message)


def _check_vocabulary(items: gpd.GeoDataFrame) -> list[Problem]:
    problems = []
    for field, vocabulary in (
        ("kind", KINDS), ("layer", LAYERS), ("status", STATUSES), ("precision", PRECISIONS),
    ):  # fmt: skip
        for _, row in items.iterrows():
            value = row[field]
            if field == "precision" and not row["mapped"]:
                continue
            if value not in vocabulary:
                problems.append(_problem(row, field, f"{value!r} is not a known {field}"))
    return problems


def _check_unique(items: gpd.GeoDataFrame) -> list[Problem]:
    problems = []
    for field in ("id", "name_zh"):
        counts = Counter(items[field])
        # One problem per repeated value (not per row), naming where each copy comes from.
        repeated = items[items[field].map(counts) > 1].drop_duplicates(field)
        for _, row in repeated.iterrows():
            copies = items.loc[items[field] == row[field], "source_file"]
            message = (
                f"{row[field]!r} is used by {counts[row[field]]} items "
                f"(in {', '.join(dict.fromkeys(map(str, copies)))})"
            )
            problems.append(_problem(row, field, message))
    return problems


def _check_parents(items: gpd.GeoDataFrame) -> list[Problem]:
    if "parent" not in items.columns:
        return []
    ids = set(items["id"])
    orphans = items[items["parent"].notna() & ~items["parent"].isin(ids)]
    return [
        _problem(r, "parent", f"no item with id {r['parent']!r}") for _, r in orphans.iterrows()
    ]


def _check_mentioned(items: gpd.GeoDataFrame) -> list[Problem]:
    unmentioned = items[items["chapters"].map(len) == 0]
    return [
        _problem(r, "mentions", "no mention located in any chapter")
        for _, r in unmentioned.iterrows()
    ]


def _check_geometry(items: gpd.GeoDataFrame, district: shapely.Geometry) -> list[Problem]:
    problems = []
    mapped = items["mapped"].astype(bool)
    for _, row in items[mapped & (items.geometry.isna() | items.geometry.is_empty)].iterrows():
        problems.append(_problem(row, "geometry", "mapped item has no geometry"))
    for _, row in items[~mapped & items.geometry.notna()].iterrows():
        problems.append(_problem(row, "geometry", "unmapped item has a geometry"))
    placed = items[mapped & items.geometry.notna() & ~items.geometry.is_empty]
    for _, row in placed[~placed.geometry.is_valid].iterrows():
        reason = shapely.is_valid_reason(row.geometry)
        problems.append(_problem(row, "geometry", f"invalid geometry: {reason}"))
    problems += _check_inside(placed, district)
    return problems


def _check_inside(placed: gpd.GeoDataFrame, district: shapely.Geometry) -> list[Problem]:
    """Report mapped items that reach outside the district by more than the tolerance."""
    if placed.empty:
        return []
    area = gpd.GeoSeries([district], crs=settings.CRS_WGS84).to_crs(settings.CRS_METRIC).iloc[0]
    allowed = area.buffer(BOUNDARY_TOLERANCE_M)
    metric = placed.geometry.to_crs(settings.CRS_METRIC)
    problems = []
    for (_, row), geom in zip(placed.iterrows(), metric, strict=True):
        if not geom.within(allowed):
            outside = geom.difference(area)
            reach = max(shapely.hausdorff_distance(outside, area.boundary), 0)
            problems.append(
                _problem(row, "geometry", f"lies outside the district (up to about {reach:.0f} m)")
            )
    return problems


def _check_counts(
    items: gpd.GeoDataFrame, outline: list[dict] | None, expected: dict[str, int]
) -> list[Problem]:
    """Counts the plan states: 2 axes, 3 zones, 8 新八景, 12 chapters, 9 专栏."""
    found = Counter(items["kind"])
    problems = []
    for kind in ("axis", "zone", "scenic_spot"):
        if found[kind] != expected[kind]:
            message = f"{found[kind]} items of kind {kind!r}; the plan names {expected[kind]}"
            problems.append(Problem("plan items", None, None, "kind", message))
    if outline is not None:
        boxes = sum(len(chapter["boxes"]) for chapter in outline)
        for name, count in (("chapters", len(outline)), ("boxes", boxes)):
            if count != expected[name]:
                message = f"the plan text yields {count} {name}, expected {expected[name]}"
                problems.append(Problem("plan text", None, None, None, message))
    return problems


#: "0.25 km NNE of OSM metro station group 南门兜" — a position source's claim about a station.
STATION_CLAIM = re.compile(
    r"(\d+(?:\.\d+)?)\s*(km|m)\s+"
    r"(?:(N|NNE|NE|ENE|E|ESE|SE|SSE|S|SSW|SW|WSW|W|WNW|NW|NNW|north|south|east|west)\s+)?"
    r"of\s+OSM\s+(?:metro\s+)?station(?:\s+group)?\s+([\u4e00-\u9fff]{2,4})"
)
_COMPASS = (
    "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
    "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW",
)  # fmt: skip
_BEARINGS = {name: index * 22.5 for index, name in enumerate(_COMPASS)} | {
    "north": 0.0, "east": 90.0, "south": 180.0, "west": 270.0,
}  # fmt: skip
#: A claim holds when the distance is within this many metres or this share of it ...
CLAIM_TOLERANCE_M, CLAIM_TOLERANCE_SHARE = 200.0, 0.4
#: ... and the direction within this many degrees.
CLAIM_TOLERANCE_DEG = 45.0


def _check_station_claims(
    items: gpd.GeoDataFrame, stations: dict[str, shapely.Point]
) -> list[Problem]:
    """Cross-check "X m <dir> of OSM station Y" in position sources against the geometry.

    Only points and circle centres are checked: for lines and areas such a phrase describes
    one end or edge.
    """
    if "geometry_form" not in items.columns:
        return []
    to_metric = gpd.GeoSeries(list(stations.values()), crs=settings.CRS_WGS84)
    metric_stations = dict(zip(stations, to_metric.to_crs(settings.CRS_METRIC), strict=True))
    placed = items[items["geometry_form"].isin(["point", "circle", "station"])]
    metric = placed.geometry.to_crs(settings.CRS_METRIC).centroid
    problems = []
    for (_, row), centre in zip(placed.iterrows(), metric, strict=True):
        for claim in STATION_CLAIM.finditer(row["position_source"] or ""):
            message = _claim_mismatch(claim, centre, metric_stations)
            if message:
                problems.append(_problem(row, "position_source", message))
    return problems


def _claim_mismatch(claim: re.Match, centre, stations: dict) -> str | None:
    station = stations.get(claim[4])
    if station is None:
        return f"{claim[0]!r}: no OSM metro station group named {claim[4]!r}"
    stated = float(claim[1]) * (1000 if claim[2] == "km" else 1)
    distance = station.distance(centre)
    bearing = math.degrees(math.atan2(centre.x - station.x, centre.y - station.y)) % 360
    far = abs(distance - stated) > max(CLAIM_TOLERANCE_M, CLAIM_TOLERANCE_SHARE * stated)
    turned = (
        bool(claim[3])
        and distance > 100
        and (abs((bearing - _BEARINGS[claim[3]] + 180) % 360 - 180) > CLAIM_TOLERANCE_DEG)
    )
    if far or turned:
        return (
            f"says {claim[0]!r} but the position is {distance:.0f} m at bearing {bearing:.0f}° "
            f"from station {claim[4]}"
        )
    return None


def validate_committed(plan_dir=None, base_dir=None) -> list[Problem]:
    """Validate the committed derived plan layer against the committed district outline."""
    from pathlib import Path

    from layers.plan import load_outline, load_plan_items

    plan_dir = Path(plan_dir or settings.PLAN_DIR)
    base_dir = Path(base_dir or settings.BASE_DIR)
    try:
        items = load_plan_items(plan_dir / "plan_items.geojson")
        district = gpd.read_file(base_dir / "district.geojson").geometry.union_all()
        outline = load_outline(plan_dir / "outline.json")
        station_layer = gpd.read_file(base_dir / "metro_stations.geojson")
    except (OSError, ValueError) as err:
        return [
            Problem(str(getattr(err, "filename", None) or plan_dir), None, None, None, str(err))
        ]
    stations = dict(zip(station_layer["name"], station_layer.geometry, strict=True))
    return validate_items(items, district, outline, stations=stations)
