"""Spatial questions a planner asks of the plan items, answered in UTM 50N.

Pure functions: GeoDataFrame in, GeoDataFrame/DataFrame out. Items without a geometry (outside
the district, digital) never match.

The rules (stated in the interface, see ``webmap.i18n`` ``rule_inside`` / ``rule_near``):

* **Inside** a zone, area or belt: a point inside it; a line with at least half of its length
  inside; an area with at least half of its area inside (:data:`INSIDE_SHARE`). Zones are never
  members of zones. Axes and belts drawn as lines are corridors of :data:`CORRIDOR_M` metres
  either side (a belt drawn as an area is taken as drawn).
* **Near**: the shortest distance from the item's geometry (0 when it touches or contains the
  target), in metres.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import projection, settings
from layers.vocab import STATUSES, item_name

#: Half-width of the corridor that stands for an axis or a belt drawn as a line (metres).
CORRIDOR_M = 300.0
#: Former name of :data:`CORRIDOR_M`.
AXIS_CORRIDOR_M = CORRIDOR_M
#: Share of a line's length or an area's area that must lie inside to count as inside.
INSIDE_SHARE = 0.5
#: Kinds that are containers of the inside question (an answer's outline).
CONTAINER_KINDS = ("zone", "area", "belt", "axis", "commercial_district")
#: Kinds that are corridors around their line.
CORRIDOR_KINDS = frozenset({"axis", "belt"})


def _placed(items: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return items[items.geometry.notna() & ~items.geometry.is_empty]


def _metric_geometry(geometry: shapely.Geometry) -> shapely.Geometry:
    return projection.to_metric(geometry)


def _wgs84_geometry(geometry: shapely.Geometry) -> shapely.Geometry:
    return projection.from_metric(geometry)


def _check_corridor(corridor_m: float) -> None:
    if not 0 < corridor_m <= 5000:
        raise ValueError(f"corridor_m must be between 0 and 5000 metres, got {corridor_m}")


def _metric_region(area: shapely.Geometry, corridor_m: float) -> shapely.Geometry:
    if area is None or area.is_empty:
        raise ValueError("the area has no geometry")
    _check_corridor(corridor_m)
    region = _metric_geometry(area)
    if shapely.get_dimensions(region) < 2:  # a line (axis, belt) or a point: a corridor
        region = region.buffer(corridor_m)
    return region


def inside_region(area: shapely.Geometry, corridor_m: float = CORRIDOR_M) -> shapely.Geometry:
    """The region the inside question tests against, WGS84 (what the map outlines).

    Parameters
    ----------
    area : shapely geometry
        The container's WGS84 geometry (a line, e.g. an axis, becomes a corridor).
    corridor_m : float
        Half-width of a corridor in metres.

    Returns
    -------
    shapely geometry
        The area itself, or the line buffered by ``corridor_m``.
    """
    return _wgs84_geometry(_metric_region(area, corridor_m))


def inside_share(geometries: gpd.GeoSeries, region: shapely.Geometry) -> np.ndarray:
    """Share of each geometry inside a metric ``region``: of its length, area, or points.

    Parameters
    ----------
    geometries : GeoSeries
        Metric (EPSG:32650) geometries.
    region : shapely geometry
        Metric polygon.

    Returns
    -------
    ndarray of float
        0..1 per geometry: a point 1 when covered, else 0; a line the share of its length;
        an area the share of its area.
    """
    values = geometries.to_numpy()
    dims = shapely.get_dimensions(values)
    cut = shapely.intersection(values, region)
    shares = np.zeros(len(values))
    points = dims == 0
    if points.any():
        parts = shapely.get_num_geometries(values[points])
        kept = cut[points]
        covered = np.where(shapely.is_empty(kept), 0, shapely.get_num_geometries(kept))
        shares[points] = covered / np.maximum(parts, 1)
    for dim, measure in ((1, shapely.length), (2, shapely.area)):
        chosen = dims == dim
        if chosen.any():
            whole = measure(values[chosen])
            shares[chosen] = np.where(
                whole > 0, measure(cut[chosen]) / np.where(whole > 0, whole, 1), 0
            )
    return shares


def items_within(
    items: gpd.GeoDataFrame,
    area: shapely.Geometry,
    exclude: str | None = None,
    *,
    area_kind: str | None = None,
    corridor_m: float = CORRIDOR_M,
) -> gpd.GeoDataFrame:
    """Items inside ``area`` by the inside rule (see the module docstring).

    Parameters
    ----------
    items : GeoDataFrame
        Plan items, WGS84 (a ``kind`` column is used when present).
    area : shapely geometry
        WGS84 polygon, or a line (an axis, a belt) taken as a corridor.
    exclude : str, optional
        Id to leave out (the area's own item).
    area_kind : str, optional
        The area's kind; when ``"zone"``, other zones are never members.
    corridor_m : float
        Half-width of the corridor around a line, in metres (default :data:`CORRIDOR_M`).

    Returns
    -------
    GeoDataFrame
        The matching items in their original order, with ``share_inside`` (0..1, 2 decimals).
    """
    region = _metric_region(area, corridor_m)
    placed = _placed(items)
    if exclude:
        placed = placed[placed["id"] != exclude]
    if area_kind == "zone" and "kind" in placed.columns:
        placed = placed[placed["kind"] != "zone"]
    shares = inside_share(placed.geometry.to_crs(settings.CRS_METRIC), region)
    # a hair of tolerance: a line drawn exactly half in must count
    found = placed.assign(share_inside=np.round(shares, 2))[shares >= INSIDE_SHARE - 1e-9]
    return found


def near_region(target: shapely.Geometry, distance_m: float) -> shapely.Geometry:
    """The target buffered by ``distance_m`` metres, WGS84 (the circle drawn on the map).

    Parameters
    ----------
    target : shapely geometry
        WGS84 geometry (an item or a metro station).
    distance_m : float
        Buffer radius in metres (> 0), measured in EPSG:32650.

    Returns
    -------
    shapely geometry
        The buffered target (16 segments per quarter circle), WGS84.

    Raises
    ------
    ValueError
        When ``distance_m`` is not positive or the target has no geometry.
    """
    if not distance_m > 0:
        raise ValueError(f"distance_m must be positive, got {distance_m}")
    if target is None or target.is_empty:
        raise ValueError("the target has no geometry")
    return _wgs84_geometry(_metric_geometry(target).buffer(distance_m, quad_segs=16))


def items_near(
    items: gpd.GeoDataFrame,
    target: shapely.Geometry,
    distance_m: float,
    exclude: str | None = None,
) -> gpd.GeoDataFrame:
    """Items within ``distance_m`` of ``target``, nearest first, with a ``distance_m`` column.

    Parameters
    ----------
    items : GeoDataFrame
        Plan items, WGS84.
    target : shapely geometry
        WGS84 geometry (an item or a metro station).
    distance_m : float
        Search radius in metres (> 0).
    exclude : str, optional
        Id to leave out (the target's own item).

    Returns
    -------
    GeoDataFrame
        ``distance_m`` is the shortest distance between the geometries, rounded to metres.
    """
    if not distance_m > 0:
        raise ValueError(f"distance_m must be positive, got {distance_m}")
    if target is None or target.is_empty:
        raise ValueError("the target has no geometry")
    origin = projection.to_metric(target)
    placed = _placed(items)
    distances = projection.to_metric(placed.geometry).distance(origin)
    near = placed.assign(distance_m=distances.round(0))[distances <= distance_m]
    if exclude:
        near = near[near["id"] != exclude]
    return near.sort_values(["distance_m", "id"], kind="stable")


def find_item(items: gpd.GeoDataFrame, name_or_id: str) -> pd.Series:
    """The one mapped item named ``name_or_id``: its id, Chinese or English name, or an alias.

    Parameters
    ----------
    items : GeoDataFrame
        Plan items.
    name_or_id : str
        An id, a name or an alias (exact, case-insensitive), else a unique part of a name.

    Returns
    -------
    Series
        The item's row.

    Raises
    ------
    ValueError
        When nothing or several items match, or the item is not on the map.
    """
    needle = (name_or_id or "").strip().casefold()
    if not needle:
        raise ValueError("give an item id or name")
    names = [
        [str(v).casefold() for v in (row["id"], row["name_zh"], row["name_en"], *row["aliases"])]
        if "aliases" in items.columns
        else [str(v).casefold() for v in (row["id"], row["name_zh"], row["name_en"])]
        for _, row in items.iterrows()
    ]
    exact = [i for i, keys in enumerate(names) if needle in keys]
    found = exact or [i for i, keys in enumerate(names) if any(needle in k for k in keys)]
    if not found:
        raise ValueError(f"no plan item is named {name_or_id!r}")
    if len(found) > 1:
        options = ", ".join(
            f"{items.iloc[i]['id']} ({items.iloc[i]['name_zh']})" for i in found[:8]
        )
        raise ValueError(f"{name_or_id!r} names {len(found)} items: {options}; give the id")
    row = items.iloc[found[0]]
    if row.geometry is None or row.geometry.is_empty:
        raise ValueError(f"{row['id']} ({row['name_zh']}) is not on the map")
    return row


def find_station(stations: gpd.GeoDataFrame, name: str) -> pd.Series:
    """The metro station group named ``name`` as OSM has it (``屏山``, or ``Pingshan``).

    Parameters
    ----------
    stations : GeoDataFrame
        Metro stations with ``name`` and ``name_en`` columns (the ``metro_stations`` base
        layer).
    name : str
        The Chinese or English name, exact (case-insensitive, surrounding spaces ignored).

    Returns
    -------
    Series
        The station's row (the first, should several share the name).

    Raises
    ------
    ValueError
        When no station has that name; the message lists the known stations.
    """
    needle = (name or "").strip().casefold()
    names = stations["name"].astype(str).str.casefold()
    english = stations["name_en"].fillna("").astype(str).str.casefold()
    match = stations[(names == needle) | (english == needle)]
    if match.empty:
        known = "、".join(stations["name"].astype(str))
        raise ValueError(f"no metro station is named {name!r}; known stations: {known}")
    return match.iloc[0]


def status_summary(
    items: gpd.GeoDataFrame,
    areas: gpd.GeoDataFrame,
    lang: str = "zh",
    corridor_m: float = CORRIDOR_M,
) -> pd.DataFrame:
    """Count items by status inside each area (zones; axes as corridors), by the inside rule.

    Parameters
    ----------
    items : GeoDataFrame
        Plan items, WGS84.
    areas : GeoDataFrame
        The zones/belts/axes to summarise by (rows of the items layer), WGS84.
    lang : {"zh", "en"}
        Language of the row labels.
    corridor_m : float
        Half-width of an axis corridor, metres.

    Returns
    -------
    DataFrame
        One row per area (its name), one column per status code, plus ``total``.
    """
    rows = {}
    for _, area in areas.iterrows():
        inside = items_within(
            items, area.geometry, exclude=area["id"], area_kind=area.get("kind"),
            corridor_m=corridor_m,
        )  # fmt: skip
        counts = inside["status"].value_counts()
        rows[item_name(area, lang)] = {code: int(counts.get(code, 0)) for code in STATUSES}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=list(STATUSES))
    table["total"] = table.sum(axis=1)
    return table


def reach_facilities(
    items: gpd.GeoDataFrame,
    kinds: list[str] | None = None,
    statuses: list[str] | None = None,
    ids: list[str] | None = None,
) -> gpd.GeoDataFrame:
    """The mapped items a reach question starts from: of the kinds, or the chosen ids.

    Parameters
    ----------
    items : GeoDataFrame
        Plan items.
    kinds : list of str, optional
        Kinds (``hospital`` ...); every mapped item of them is a starting point.
    statuses : list of str, optional
        Keep only items of these statuses.
    ids : list of str, optional
        A chosen set of item ids (with or instead of kinds).

    Returns
    -------
    GeoDataFrame
        ``id``, ``name_zh``, ``name_en``, ``kind``, ``status``, ``precision``, geometry.
    """
    if not kinds and not ids:
        raise ValueError("choose a kind (--kind) or items (--item) to measure reach from")
    unknown = sorted(set(ids or []) - set(items["id"]))
    if unknown:
        raise ValueError(f"unknown item id(s): {', '.join(unknown)}")
    mask = items["kind"].isin(kinds or []) | items["id"].isin(ids or [])
    if statuses:
        mask &= items["status"].isin(statuses)
    chosen = _placed(items[mask])
    if chosen.empty:
        wanted = ", ".join([*(kinds or []), *(ids or [])])
        narrowed = f" with status {', '.join(statuses)}" if statuses else ""
        raise ValueError(f"no mapped plan item of {wanted}{narrowed}: nothing to measure from")
    columns = ["id", "name_zh", "name_en", "kind", "status", "precision"]
    return chosen[[*columns, chosen.geometry.name]].reset_index(drop=True)
