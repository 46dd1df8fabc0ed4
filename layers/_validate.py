"""Validation of the resolved plan items (freshly built or as committed in ``data/plan``).

Each check is a small function returning :class:`~layers.schema.Problem` objects that name the
YAML file the item comes from, its id and the field at fault.
"""

from __future__ import annotations

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
) -> list[Problem]:
    """Run every check on resolved plan items.

    Parameters
    ----------
    items : GeoDataFrame
        Resolved items (see :func:`layers.planbuild.build_plan`), WGS84.
    district : shapely geometry
        The district outline in WGS84.
    outline : list of dict, optional
        The plan's chapters (from :meth:`geo.plantext.PlanText.outline`) for the count checks.
    expected : dict, optional
        Counts the text states (default :data:`layers.vocab.EXPECTED_COUNTS`).

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
        for _, row in items[items[field].map(counts) > 1].iterrows():
            problems.append(_problem(row, field, f"{row[field]!r} is used by more than one item"))
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
    except (OSError, ValueError) as err:
        return [
            Problem(str(getattr(err, "filename", None) or plan_dir), None, None, None, str(err))
        ]
    return validate_items(items, district, outline)
