"""Spatial questions a planner asks of the plan items, answered by spatial joins in UTM 50N.

Pure functions: GeoDataFrame in, GeoDataFrame/DataFrame out. Items without a geometry (outside
the district, digital) never match.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from geo import projection
from layers.vocab import STATUSES, item_name

#: Half-width of the corridor that stands for an axis in the per-axis summary (metres).
AXIS_CORRIDOR_M = 300.0


def _placed(items: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return items[items.geometry.notna() & ~items.geometry.is_empty]


def items_within(
    items: gpd.GeoDataFrame, area: shapely.Geometry, exclude: str | None = None
) -> gpd.GeoDataFrame:
    """Items whose geometry intersects ``area`` (a zone, belt or any WGS84 polygon).

    Parameters
    ----------
    items : GeoDataFrame
        Plan items, WGS84.
    area : shapely geometry
        WGS84 polygon (a line is buffered by :data:`AXIS_CORRIDOR_M`).
    exclude : str, optional
        Id to leave out (the area's own item).

    Returns
    -------
    GeoDataFrame
        The matching items, in their original order.
    """
    if area is None or area.is_empty:
        raise ValueError("the area has no geometry")
    region = projection.to_metric(area)
    if region.geom_type in ("LineString", "MultiLineString", "Point"):
        region = region.buffer(AXIS_CORRIDOR_M)
    placed = _placed(items)
    hits = projection.to_metric(placed.geometry).intersects(region)
    found = placed[hits]
    return found[found["id"] != exclude] if exclude else found


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


def status_summary(
    items: gpd.GeoDataFrame, areas: gpd.GeoDataFrame, lang: str = "zh"
) -> pd.DataFrame:
    """Count items by status inside each area (zones; axes as corridors).

    Parameters
    ----------
    items : GeoDataFrame
        Plan items, WGS84.
    areas : GeoDataFrame
        The zones/belts/axes to summarise by (rows of the items layer), WGS84.
    lang : {"zh", "en"}
        Language of the row labels.

    Returns
    -------
    DataFrame
        One row per area (its name), one column per status code, plus ``total``.
    """
    rows = {}
    for _, area in areas.iterrows():
        inside = items_within(items, area.geometry, exclude=area["id"])
        counts = inside["status"].value_counts()
        rows[item_name(area, lang)] = {code: int(counts.get(code, 0)) for code in STATUSES}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=list(STATUSES))
    table["total"] = table.sum(axis=1)
    return table
