"""Propose positions for the plan's unplaced items from OpenStreetMap, for a person to review.

``gulou-map geocode`` looks every unplaced item (``mapped: false``, not a digital platform and
not outside the district) up in OpenStreetMap and writes what it finds, with the evidence, into
a review file. Nothing goes into ``data/``: a planner accepts a proposal by editing the item's
YAML record with the proposal's evidence (``data/plan/README.md``, "Geocode review").

Two sources, both through osmnx (:mod:`geo.features` for the features):

- named features (``name=*``) inside the district polygon, online (Overpass) or from a local
  ``.osm`` file, matched by the item's ``name_zh`` and ``aliases``;
- with ``online=True`` also Nominatim, queried with each name and ``鼓楼区, 福州市``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import osmnx as ox
import pandas as pd
import shapely
import yaml
from osmnx._errors import InsufficientResponseError  # documented in osmnx's API reference

from geo import features, settings

#: Unmapped items that have no place to find (a platform, a place in another city).
SKIPPED_REASONS = ("digital", "outside_district")
#: How an item's name is sent to Nominatim.
NOMINATIM_QUERY = "{name}, 鼓楼区, 福州市"
#: A feature this far outside the district (metres) is still proposed, flagged for checking.
OUTSIDE_TOLERANCE_M = 100.0
#: Named features are searched this far around the district (metres).
SEARCH_MARGIN_M = 500.0
#: Names shorter than this are not matched as parts of longer names (路, 公园 …).
MIN_PARTIAL_CHARS = 3
#: At most this many candidates per item, best first.
MAX_CANDIDATES = 5
_LICENCE = "© OpenStreetMap contributors, ODbL 1.0"
_AREA_KINDS = ("boundary=", "place=")

Geocoder = Callable[[str], gpd.GeoDataFrame]


def unplaced_items(items: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """
    Return the items to look up: not mapped, and neither digital nor outside the district.

    Parameters
    ----------
    items
        Plan items (``mapped``, ``unmapped_reason``, ``name_zh``, ``aliases`` …).

    Returns
    -------
    unplaced
        The matching rows, in id order.
    """
    missing = [c for c in ("id", "name_zh", "mapped", "unmapped_reason") if c not in items]
    if missing:
        raise ValueError(f"the plan items lack column(s) {', '.join(missing)}")
    keep = ~items["mapped"].astype(bool) & ~items["unmapped_reason"].isin(SKIPPED_REASONS)
    return items[keep].sort_values("id").reset_index(drop=True)


def normalise(name: str) -> str:
    """
    Fold a name for matching: NFKC (full-width brackets to ASCII), no whitespace.

    Parameters
    ----------
    name : str
        A name as written (anything else is turned into a string first).

    Returns
    -------
    str
        The NFKC form with every whitespace character removed.
    """
    return "".join(unicodedata.normalize("NFKC", str(name)).split())


def item_names(row: pd.Series) -> list[str]:
    """
    The names to look an item up by: ``name_zh`` then its ``aliases``, without repeats.

    Parameters
    ----------
    row : Series
        One plan item, with ``name_zh`` and optionally ``aliases`` (a list of str; anything
        else is ignored).

    Returns
    -------
    list of str
        The non-blank names in that order, each once (as written, not normalised).
    """
    aliases = row.get("aliases")
    names = [row["name_zh"], *(aliases if isinstance(aliases, list) else [])]
    return list(dict.fromkeys(n for n in names if isinstance(n, str) and n.strip()))


def match_features(
    items: gpd.GeoDataFrame, named: gpd.GeoDataFrame, district: shapely.Geometry
) -> dict[str, list[dict]]:
    """
    Match items to named OSM features by name.

    Parameters
    ----------
    items
        Unplaced items (see :func:`unplaced_items`).
    named
        Named features, as :func:`geo.features.named_features_from_xml` returns them.
    district
        The district (WGS84), for the distance of each candidate.

    Returns
    -------
    candidates
        Item id -> candidates (dicts of evidence), exact name matches first.
    """
    # Administrative areas and places carry names of districts, not of sites.
    named = named[~named["kind"].fillna("").str.startswith(_AREA_KINDS)]
    folded = [[normalise(n) for n in names] for names in named["names"]]
    found: dict[str, list[dict]] = {}
    for _, item in items.iterrows():
        for name in item_names(item):
            key = normalise(name)
            for (_, feature), names in zip(named.iterrows(), folded, strict=True):
                match = _match(key, names)
                if match:
                    evidence = _evidence(feature, match, name, district, "osm-features")
                    found.setdefault(item["id"], []).append(evidence)
    return {k: _best(v) for k, v in found.items()}


def nominatim_candidates(
    items: gpd.GeoDataFrame, district: shapely.Geometry, geocoder: Geocoder | None = None
) -> dict[str, list[dict]]:
    """
    Ask Nominatim for each item's names (needs internet unless `geocoder` is given).

    Parameters
    ----------
    items
        Unplaced items.
    district
        The district (WGS84).
    geocoder
        A function query -> GeoDataFrame shaped like ``osmnx.geocode_to_gdf``'s result;
        default: the top Nominatim result through osmnx.

    Returns
    -------
    candidates
        Item id -> candidates; a query Nominatim cannot answer gives none.
    """
    geocoder = geocoder or _top_nominatim_result
    found: dict[str, list[dict]] = {}
    for _, item in items.iterrows():
        for name in item_names(item):
            query = NOMINATIM_QUERY.format(name=name)
            try:
                result = geocoder(query)
            except (InsufficientResponseError, TypeError, ValueError):
                continue  # osmnx raises these when Nominatim has no usable answer
            for _, row in result.iterrows():
                names = [normalise(row.get("name") or "")]
                feature = pd.Series(
                    {
                        "osm_type": row.get("osm_type"),
                        "osm_id": row.get("osm_id"),
                        "name": row.get("name") or row.get("display_name"),
                        "kind": _nominatim_kind(row),
                        "geometry": row.geometry,
                    }
                )
                match = _match(normalise(name), names) or "partial"
                evidence = _evidence(feature, match, name, district, "nominatim")
                evidence["query"] = query
                evidence["display_name"] = row.get("display_name")
                found.setdefault(item["id"], []).append(evidence)
    return {k: _best(v) for k, v in found.items()}


def propose(
    items: gpd.GeoDataFrame,
    district: shapely.Geometry,
    osm_file: Path | None = None,
    online: bool = False,
    geocoder: Geocoder | None = None,
) -> dict:
    """
    Build the review document: candidates for every unplaced item, with their evidence.

    Parameters
    ----------
    items
        All plan items (the unplaced ones are selected here).
    district
        The district polygon (WGS84).
    osm_file
        A local OSM XML file to match against (offline path).
    online
        Download the district's named features (Overpass) and ask Nominatim.
    geocoder
        Replaces the Nominatim call (tests, other geocoders).

    Returns
    -------
    review
        A plain dict, written by :func:`write_review`.
    """
    if osm_file is None and not online:
        raise ValueError("give a local OSM file (--osm FILE) or use --online")
    if not isinstance(district, shapely.Polygon | shapely.MultiPolygon):
        raise ValueError(f"the district must be a (Multi)Polygon, got {type(district).__name__}")
    todo = unplaced_items(items)
    # A place just across a boundary road is still worth proposing (flagged for checking).
    area = _buffered(district, SEARCH_MARGIN_M)
    sources: list[str] = []
    candidates: dict[str, list[dict]] = {}
    if osm_file is not None:
        named = features.named_features_from_xml(Path(osm_file), area)
        sources.append(f"local OSM file {osm_file} ({len(named)} named features in the district)")
        _merge(candidates, match_features(todo, named, district))
    if online:
        named = features.named_features(area)
        sources.append(f"Overpass: {len(named)} named features in the district")
        _merge(candidates, match_features(todo, named, district))
        sources.append("Nominatim: " + NOMINATIM_QUERY.format(name="<name>"))
        _merge(candidates, nominatim_candidates(todo, district, geocoder))
    return _review(todo, candidates, sources)


def write_review(review: dict, path: Path) -> Path:
    """
    Write the review document as YAML, refusing any path under ``data/`` or ``static/``.

    Parameters
    ----------
    review
        From :func:`propose`.
    path
        The review file.

    Returns
    -------
    path
    """
    path = Path(path)
    target = path.resolve()
    for protected in (settings.DATA_DIR, settings.STATIC_DIR):
        if target.is_relative_to(protected.resolve()):
            msg = (
                f"{path}: a review file never goes into {protected.name}/ (proposals are "
                "accepted by editing the item's YAML record)"
            )
            raise ValueError(msg)
    text = yaml.safe_dump(review, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(_HEADER + text, encoding="utf-8")
    return path


_HEADER = """\
# gulou-map geocode: proposed positions for unplaced plan items, from OpenStreetMap.
# Nothing here is on the map. To accept a candidate, edit the item's record in
# data/plan/items/*.yaml: geometry, precision and position_source from the candidate's
# evidence (OSM type/id and name), mapped: true; then run `gulou-map build`.
# Check every candidate: a name match is not proof that it is the plan's place.
"""


def _buffered(district: shapely.Geometry, metres: float) -> shapely.Geometry:
    """The district grown by `metres`, measured in EPSG:32650, back in WGS84."""
    series = gpd.GeoSeries([district], crs=settings.CRS_WGS84).to_crs(settings.CRS_METRIC)
    return series.buffer(metres).to_crs(settings.CRS_WGS84).iloc[0]


def _top_nominatim_result(query: str) -> gpd.GeoDataFrame:
    """The most important Nominatim result of any geometry type (osmnx, online)."""
    return ox.geocode_to_gdf(query, which_result=1)


def _nominatim_kind(row: pd.Series) -> str | None:
    key, value = row.get("category") or row.get("class"), row.get("type")
    return f"{key}={value}" if key and value else None


def _match(key: str, names: list[str]) -> str | None:
    """'exact' when a feature's name is the item's name, 'partial' when it holds it.

    Only the feature's name may be the longer one (福州延安中学 for 延安中学): a short feature
    name inside the item's name (鼓楼区 in 鼓楼区文化馆) says nothing about the item's site.
    """
    if key in names:
        return "exact"
    if len(key) >= MIN_PARTIAL_CHARS and any(key in name for name in names):
        return "partial"
    return None


def _evidence(
    feature: pd.Series, match: str, name: str, district: shapely.Geometry, via: str
) -> dict:
    """One candidate: what was found, where, how far from the district, what precision."""
    geometry = feature["geometry"]
    point = geometry.representative_point()
    frame = gpd.GeoSeries([geometry, district], crs=settings.CRS_WGS84)
    metric = frame.to_crs(settings.CRS_METRIC)
    outside = float(metric.iloc[0].distance(metric.iloc[1]))
    inside = outside <= OUTSIDE_TOLERANCE_M
    precision = "surveyed" if match == "exact" and inside else "approximate"
    osm = f"OSM {feature['osm_type']} {int(feature['osm_id'])}"
    evidence = {
        "via": via,
        "match": match,
        "matched_name": name,
        "osm_type": str(feature["osm_type"]),
        "osm_id": int(feature["osm_id"]),
        "osm_name": str(feature["name"]),
        "osm_kind": feature["kind"] if isinstance(feature.get("kind"), str) else None,
        "osm_geometry": geometry.geom_type,
        "point": [round(point.x, settings.COORD_DECIMALS), round(point.y, settings.COORD_DECIMALS)],
        "distance_to_district_m": round(outside),
        "suggested_precision": precision,
        "suggested_position_source": (
            f"{osm} (name={feature['name']}), {_LICENCE}; proposed by gulou-map geocode "
            f"({via}, {match} name match), reviewed by <name>"
        ),
    }
    if not inside:
        evidence["check"] = f"lies {outside:.0f} m outside the district: is it the plan's place?"
    return evidence


def _best(candidates: list[dict]) -> list[dict]:
    """Distinct OSM elements, exact matches and those inside the district first."""
    ranked = sorted(
        candidates,
        key=lambda c: (c["match"] != "exact", c["distance_to_district_m"], c["osm_id"]),
    )
    unique: dict[tuple, dict] = {}
    for candidate in ranked:  # an element found by several names keeps its best match
        unique.setdefault((candidate["osm_type"], candidate["osm_id"]), candidate)
    return list(unique.values())[:MAX_CANDIDATES]


def _merge(into: dict[str, list[dict]], more: dict[str, list[dict]]) -> None:
    for item_id, candidates in more.items():
        into[item_id] = _best(into.get(item_id, []) + candidates)


def _review(todo: gpd.GeoDataFrame, candidates: dict[str, list[dict]], sources: list) -> dict:
    proposals, not_found = [], []
    for _, item in todo.iterrows():
        entry = {"id": item["id"], "name_zh": item["name_zh"]}
        if item["id"] in candidates:
            proposals.append(entry | {"candidates": candidates[item["id"]]})
        else:
            not_found.append(entry)
    return {
        "sources": sources,
        "licence": _LICENCE,
        "items_checked": len(todo),
        "items_with_candidates": len(proposals),
        "proposals": proposals,
        "not_found": not_found,
    }
