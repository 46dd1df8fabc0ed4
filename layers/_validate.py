"""Validation of the resolved plan items (freshly built or as committed in ``data/plan``).

Each check is a small function returning :class:`~layers.schema.Problem` objects that name the
YAML file the item comes from, its id and the field at fault.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import NamedTuple

import geopandas as gpd
import pandas as pd
import shapely

from geo import projection, settings
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
    stops: dict[str, shapely.Point] | None = None,
    glossary: list | None = None,
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
    stops : dict of name_short to Point, optional
        AMap bus stops (WGS84, from the sources folder); None skips the bus-stop claims.
    glossary : list of layers.english.GlossaryTerm, optional
        The plan's terms; every ``name_en`` must use their English forms (:func:`check_glossary`).

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
    if stations or stops:
        problems += _check_position_claims(items, {"station": stations or None, "stop": stops})
    if glossary:
        problems += check_glossary(items, glossary)
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
    area = projection.to_metric(district)
    allowed = area.buffer(BOUNDARY_TOLERANCE_M)
    metric = projection.to_metric(placed.geometry)
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


_DISTANCE = r"(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>km|m)"
_DIRECTION = (
    r"(?P<direction>N|NNE|NE|ENE|E|ESE|SE|SSE|S|SSW|SW|WSW|W|WNW|NW|NNW"
    r"|north|northeast|east|southeast|south|southwest|west|northwest)"
)
_REFERENCE = r"(?:(?P<station>OSM\s+(?:metro\s+)?station(?:\s+group)?)|(?P<stop>AMap\s+bus\s+stop))"
#: A reference's name may hold balanced brackets (熊猫世界(南门), 乐西(东)西侧); a space or
#: punctuation ends it.
_NAME = r"(?P<name>(?:[^\s,;:，；：。、()（）\"'“”]|[(（][^\s()（）]*[)）])+)"
#: A position source's claim about a reference point, one grammar for both kinds of reference:
#: "0.25 km NNE of OSM metro station group 南门兜", "120 m E of AMap bus stop 左海公园西门" ...
POSITION_CLAIM = re.compile(rf"{_DISTANCE}\s+(?:{_DIRECTION}\s+)?of\s+{_REFERENCE}\s+{_NAME}")
#: ... or the same with the reference first: "AMap bus stop 左海公园西门, 120 m E".
REFERENCE_FIRST_CLAIM = re.compile(
    # (not when the distance opens the next claim: "…东街口, 0.65 km S of AMap bus stop 北门")
    rf"{_REFERENCE}\s+{_NAME}\s*[,，]\s*{_DISTANCE}(?!(?:\s+\w+)?\s+of\b)"
    rf"(?:\s+{_DIRECTION}\b)?"
)
#: Kept for callers of the metro-only name.
STATION_CLAIM = POSITION_CLAIM
#: Any citation of a bus stop (with or without a claim): its name must be a known stop.
STOP_CITATION = re.compile(rf"AMap\s+bus\s+stop\s+{_NAME}")
#: What each kind of reference is called in messages.
REFERENCE_KINDS = {"station": "OSM metro station group", "stop": "AMap bus stop"}
_COMPASS = (
    "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
    "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW",
)  # fmt: skip
_BEARINGS = {name: index * 22.5 for index, name in enumerate(_COMPASS)} | {
    "north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0,
    "south": 180.0, "southwest": 225.0, "west": 270.0, "northwest": 315.0,
}  # fmt: skip
#: A claim holds when the distance is within this many metres or this share of it ...
CLAIM_TOLERANCE_M, CLAIM_TOLERANCE_SHARE = 200.0, 0.4
#: ... and the direction within this many degrees.
CLAIM_TOLERANCE_DEG = 45.0


class PositionClaim(NamedTuple):
    """A parsed claim: the item lies `metres` in `direction` (or any) from a reference."""

    kind: str  # "station" or "stop"
    name: str
    metres: float
    direction: str | None
    text: str


def parse_claims(text: str | None) -> list[PositionClaim]:
    """
    Parse every position claim of a ``position_source``, in text order.

    Parameters
    ----------
    text
        A position source, e.g. ``"gate on 湖滨路, 120 m E of AMap bus stop 左海公园西门"``.

    Returns
    -------
    list of PositionClaim
    """
    if not isinstance(text, str):  # None, or NaN in a frame
        return []
    found = []
    for pattern in (POSITION_CLAIM, REFERENCE_FIRST_CLAIM):
        for match in pattern.finditer(text):
            metres = float(match["value"]) * (1000 if match["unit"] == "km" else 1)
            kind = "station" if match["station"] else "stop"
            claim = PositionClaim(kind, match["name"], metres, match["direction"], match[0])
            found.append((match.start(), claim))
    return [claim for _, claim in sorted(found)]


def unchecked_stops_note(items: gpd.GeoDataFrame, sources_dir) -> str | None:
    """
    Say that the bus-stop citations went unchecked when the sources folder is absent.

    Parameters
    ----------
    items : GeoDataFrame
        Plan items with a ``position_source`` column.
    sources_dir : Path or None
        The offline sources; ``settings.SOURCES_DIR`` if None.

    Returns
    -------
    str or None
        The note, or None when the folder is there (the claims were checked).
    """
    from pathlib import Path

    sources = Path(sources_dir or settings.SOURCES_DIR)
    if sources.is_dir():
        return None
    return (
        f"note: {sources} absent; {count_claims(items, 'stop')} position claim(s) about AMap bus "
        "stops not checked (the stops are a reference in the sources, not committed)"
    )


def count_claims(items: gpd.GeoDataFrame, kind: str) -> int:
    """
    Count one kind's references in position sources: claims, and for stops any citation.

    Parameters
    ----------
    items : GeoDataFrame
        Plan items with a ``position_source`` column (cells that are not text count as empty).
    kind : str
        A key of :data:`REFERENCE_KINDS`: ``station`` counts the metro position claims
        (:func:`parse_claims`); ``stop`` counts every ``AMap bus stop <name>`` citation, with or
        without a distance.

    Returns
    -------
    int
        The number of such references over all items (an item citing two counts twice).

    Raises
    ------
    ValueError
        For a `kind` that is not in :data:`REFERENCE_KINDS`.
    """
    if kind not in REFERENCE_KINDS:
        msg = f"unknown reference kind {kind!r}; expected one of {list(REFERENCE_KINDS)}"
        raise ValueError(msg)
    texts = [t if isinstance(t, str) else "" for t in items["position_source"]]
    if kind == "stop":
        return sum(len(STOP_CITATION.findall(text)) for text in texts)
    return sum(c.kind == kind for text in texts for c in parse_claims(text))


def _check_position_claims(
    items: gpd.GeoDataFrame,
    references: dict[str, dict[str, shapely.Point] | None],
) -> list[Problem]:
    """Cross-check "X m <dir> of <reference> Y" in position sources against the geometry.

    `references` maps a kind (``station``, ``stop``) to name -> WGS84 point, or to None when
    that kind is not available (the claims of that kind are then skipped, not reported).
    Only points and circle centres are checked: for lines and areas such a phrase describes
    one end or edge. Every cited bus stop, with or without a claim, must exist.
    """
    if "geometry_form" not in items.columns:
        return []
    problems = _check_stop_citations(items, references.get("stop"))
    metric_refs = {kind: _to_metric(points) for kind, points in references.items() if points}
    placed = items[items["geometry_form"].isin(["point", "circle", "station"])]
    metric = placed.geometry.to_crs(settings.CRS_METRIC).centroid
    for (_, row), centre in zip(placed.iterrows(), metric, strict=True):
        for claim in parse_claims(row["position_source"]):
            if references.get(claim.kind) is None:
                continue
            known = metric_refs.get(claim.kind, {})
            if claim.kind == "stop" and _reference_name(claim.name, known) is None:
                continue  # reported once by _check_stop_citations
            message = _claim_mismatch(claim, centre, known)
            if message:
                problems.append(_problem(row, "position_source", message))
    return problems


def _check_stop_citations(
    items: gpd.GeoDataFrame, stops: dict[str, shapely.Point] | None
) -> list[Problem]:
    """Every "AMap bus stop <name>" must name a stop of the source (a typo is caught here)."""
    if stops is None:
        return []
    problems = []
    for _, row in items.iterrows():
        text = row["position_source"] if isinstance(row["position_source"], str) else ""
        for citation in STOP_CITATION.finditer(text):
            if _reference_name(citation["name"], stops) is None:
                message = f"{citation[0]!r}: no AMap bus stop named {citation['name']!r}"
                problems.append(_problem(row, "position_source", message))
    return problems


def _to_metric(points: dict[str, shapely.Point]) -> dict[str, shapely.Point]:
    series = gpd.GeoSeries(list(points.values()), crs=settings.CRS_WGS84)
    return dict(zip(points, series.to_crs(settings.CRS_METRIC), strict=True))


def _reference_name(token: str, known: dict) -> str | None:
    """The known name a claim's name token stands for: itself, else its longest known prefix."""
    if token in known:
        return token
    prefixes = [name for name in known if token.startswith(name)]
    return max(prefixes, key=len) if prefixes else None


def _claim_mismatch(claim: PositionClaim, centre, references: dict) -> str | None:
    name = _reference_name(claim.name, references)
    if name is None:
        return f"{claim.text!r}: no {REFERENCE_KINDS[claim.kind]} named {claim.name!r}"
    reference = references[name]
    distance = reference.distance(centre)
    bearing = math.degrees(math.atan2(centre.x - reference.x, centre.y - reference.y)) % 360
    tolerance = max(CLAIM_TOLERANCE_M, CLAIM_TOLERANCE_SHARE * claim.metres)
    far = abs(distance - claim.metres) > tolerance
    turned = (
        claim.direction is not None
        and distance > 100
        and abs((bearing - _BEARINGS[claim.direction] + 180) % 360 - 180) > CLAIM_TOLERANCE_DEG
    )
    if far or turned:
        what = "station" if claim.kind == "station" else "bus stop"
        return (
            f"says {claim.text!r} but the position is {distance:.0f} m at bearing {bearing:.0f}° "
            f"from {what} {name}"
        )
    return None


#: Words an English name keeps in lower case inside Title Case.
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "per",
     "the", "to", "under", "with", "via"}
)  # fmt: skip


def check_glossary(items: gpd.GeoDataFrame, glossary: list) -> list[Problem]:
    """Every ``name_en`` uses the glossary's English for each term its ``name_zh`` contains,
    and is in Title Case.

    Parameters
    ----------
    items : GeoDataFrame
        Items with ``id``, ``name_zh``, ``name_en`` and ``source_file``.
    glossary : list of layers.english.GlossaryTerm

    Returns
    -------
    list of Problem
        Naming the item's file, id and field ``name_en``.
    """
    problems = []
    for _, row in items.iterrows():
        for term in glossary:
            if term.zh not in str(row["name_zh"]) or row["id"] in term.exceptions:
                continue
            if not term.used_in(str(row["name_en"])):
                message = f"“{term.zh}” is “{term.en}” in the glossary; not in {row['name_en']!r}"
                problems.append(_problem(row, "name_en", message))
        lower = [
            word for word in re.findall(r"[A-Za-z][\w'’-]*", str(row["name_en"]))
            if word[0].islower() and word not in _SMALL_WORDS
        ]  # fmt: skip
        if lower:
            message = f"not in Title Case ({', '.join(lower)}): {row['name_en']!r}"
            problems.append(_problem(row, "name_en", message))
    return problems
