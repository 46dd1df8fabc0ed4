"""
OpenStreetMap features through osmnx, online (Overpass/Nominatim) or from a local .osm file.

Each theme has one tag set, ``settings.OSM_TAGS[theme]``, used by both paths, so a local
extract and a live download give the same kind of GeoDataFrame:

====================  ==========================================  ======================
theme                 online                                      local OSM XML file
====================  ==========================================  ======================
district boundary     :func:`district_boundary` (Nominatim)       :func:`district_boundary_from_xml`
parks                 :func:`parks`                               :func:`parks_from_xml`
water                 :func:`water`                               :func:`water_from_xml`
named roads           :func:`named_roads`                         :func:`named_roads_from_xml`
POIs                  :func:`pois`                                :func:`pois_from_xml`
named features        :func:`named_features`                      :func:`named_features_from_xml`
road graph            :func:`road_graph`                          :func:`road_graph_from_xml`
metro ways/nodes      :func:`metro_features`                      :func:`metro_features_from_xml`
====================  ==========================================  ======================

Every function returns tidy WGS84 frames with ``osm_type``, ``osm_id``, ``name``,
``name_en``, ``kind`` (the matched tag value) and ``geometry``. The online functions need
internet access (unit tests run with sockets blocked and use the XML path).
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import networkx as nx
import osmnx as ox
import pandas as pd
import shapely
from osmnx._errors import InsufficientResponseError  # documented in osmnx's API reference

from geo import settings
from geo._errors import SourceError
from geo.graph import road_class

_POLYGONS = ("Polygon", "MultiPolygon")
_TIDY_COLUMNS = ["osm_type", "osm_id", "name", "name_en", "kind", "geometry"]


# --- online (Nominatim / Overpass) ------------------------------------------------------


def district_boundary(
    query: str | None = None, osm_relation_id: int | None = None
) -> gpd.GeoDataFrame:
    """
    Download the district's administrative boundary from Nominatim.

    Parameters
    ----------
    query
        Place name; default ``"鼓楼区, 福州市, 福建省, 中国"`` (from settings).
    osm_relation_id
        Look the boundary up by OSM relation id instead of by name.

    Returns
    -------
    district
        One row: ``adcode`` (settings.DISTRICT_ADCODE), ``name`` and the boundary polygon.
    """
    if osm_relation_id is not None:
        if int(osm_relation_id) <= 0:
            msg = f"osm_relation_id must be a positive integer, got {osm_relation_id!r}"
            raise ValueError(msg)
        found = ox.geocode_to_gdf(f"R{int(osm_relation_id)}", by_osmid=True)
    else:
        found = ox.geocode_to_gdf(query or _district_query(settings.DISTRICT_NAME_ZH))
    return _as_district(found, settings.DISTRICT_ADCODE)


def neighbour_boundaries(adcodes: list[str] | None = None) -> gpd.GeoDataFrame:
    """
    Download the boundaries of Gulou's neighbouring districts from Nominatim.

    Parameters
    ----------
    adcodes
        Which districts; default every district of ``settings.DISTRICT_NAMES`` but Gulou.

    Returns
    -------
    districts
        Columns ``adcode``, ``name`` and the boundary polygons.
    """
    wanted = adcodes or [a for a in settings.DISTRICT_NAMES if a != settings.DISTRICT_ADCODE]
    unknown = [a for a in wanted if a not in settings.DISTRICT_NAMES]
    if unknown:
        msg = f"unknown adcode(s) {unknown}; known: {sorted(settings.DISTRICT_NAMES)}"
        raise ValueError(msg)
    frames = [
        _as_district(ox.geocode_to_gdf(_district_query(settings.DISTRICT_NAMES[a][0])), a)
        for a in wanted
    ]
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=settings.CRS_WGS84)


def parks(polygon: shapely.Geometry) -> gpd.GeoDataFrame:
    """
    Download parks (``leisure=park``) within `polygon` (EPSG:4326).

    Parameters
    ----------
    polygon
        The area to query, a (Multi)Polygon in EPSG:4326.

    Returns
    -------
    gdf
        Tidy features: ``osm_id``, ``name``, ``kind`` and geometry, EPSG:4326.
    """
    return _tidy(_from_polygon(polygon, "parks"), "parks", _POLYGONS)


def water(polygon: shapely.Geometry) -> gpd.GeoDataFrame:
    """
    Download water areas (``natural=water``) and waterways within `polygon`.

    Parameters
    ----------
    polygon
        The area to query, a (Multi)Polygon in EPSG:4326.

    Returns
    -------
    gdf
        Tidy features: ``osm_id``, ``name``, ``kind`` and geometry, EPSG:4326.
    """
    return _tidy(_from_polygon(polygon, "water"), "water")


def named_roads(polygon: shapely.Geometry) -> gpd.GeoDataFrame:
    """
    Download named roads (``highway=*`` with a ``name``) within `polygon`.

    Parameters
    ----------
    polygon
        The area to query, a (Multi)Polygon in EPSG:4326.

    Returns
    -------
    gdf
        Tidy features: ``osm_id``, ``name``, ``kind`` and geometry, EPSG:4326.
    """
    return _named_lines(_tidy(_from_polygon(polygon, "roads"), "roads"))


def pois(polygon: shapely.Geometry) -> gpd.GeoDataFrame:
    """
    Download points of interest (``settings.OSM_TAGS["pois"]``) within `polygon`.

    Parameters
    ----------
    polygon
        The area to query, a (Multi)Polygon in EPSG:4326.

    Returns
    -------
    gdf
        Tidy features: ``osm_id``, ``name``, ``kind`` and geometry, EPSG:4326.
    """
    return _tidy(_from_polygon(polygon, "pois"), "pois")


def named_features(polygon: shapely.Geometry) -> gpd.GeoDataFrame:
    """
    Download every named feature (``name=*``) within `polygon` (Overpass, needs internet).

    Parameters
    ----------
    polygon
        The area to query, a (Multi)Polygon in EPSG:4326.

    Returns
    -------
    GeoDataFrame
        Shaped like :func:`named_features_from_xml`'s result.
    """
    return _named(_from_polygon(polygon, "named"))


def metro_features(polygon: shapely.Geometry) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """
    Download metro track ways and station nodes within `polygon`.

    Parameters
    ----------
    polygon
        The area to query, a (Multi)Polygon in EPSG:4326.

    Returns
    -------
    ways, nodes
        Frames shaped like :func:`geo.sources.read_metro_line_ways` and
        :func:`geo.sources.read_station_nodes`.
    """
    return _metro_frames(_from_polygon(polygon, "metro"))


def road_graph(polygon: shapely.Geometry) -> nx.MultiDiGraph:
    """
    Download the drivable road network within `polygon`.

    Parameters
    ----------
    polygon
        Area (EPSG:4326), e.g. the district buffered by ``settings.ROAD_MARGIN_M``.

    Returns
    -------
    G
        osmnx graph (``network_type="drive"``, simplified, every component kept) with
        ``length`` (m) and ``highway`` on every edge.
    """
    _check_polygon(polygon)
    return ox.graph_from_polygon(polygon, network_type="drive", retain_all=True)


# --- local OSM XML files ------------------------------------------------------------------


def district_boundary_from_xml(path: Path, name: str | None = None) -> gpd.GeoDataFrame:
    """
    Read the district's boundary relation from a local .osm file.

    Parameters
    ----------
    path
        OSM XML file containing the relation and its member ways and nodes.
    name
        The relation's ``name`` tag; ``settings.DISTRICT_NAME_ZH`` if None.

    Returns
    -------
    district
        One row: ``adcode`` (the relation's ``ref`` if numeric, else settings), ``name``
        and the boundary polygon.
    """
    name = settings.DISTRICT_NAME_ZH if name is None else name
    gdf = _from_xml(path, "boundary")
    level = gdf["admin_level"] if "admin_level" in gdf else pd.Series(None, index=gdf.index)
    match = gdf[
        (gdf.get("name") == name)
        & (level == settings.DISTRICT_ADMIN_LEVEL)
        & gdf.geom_type.isin(_POLYGONS)
    ]
    if len(match) != 1:
        raise SourceError(
            f"{path}: expected one admin_level={settings.DISTRICT_ADMIN_LEVEL} boundary named "
            f"{name!r}, found {len(match)}"
        )
    ref = str(match["ref"].iloc[0]) if "ref" in match and pd.notna(match["ref"].iloc[0]) else ""
    adcode = ref if ref.isdigit() and len(ref) == 6 else settings.DISTRICT_ADCODE
    return _as_district(match, adcode)


def parks_from_xml(path: Path, polygon: shapely.Geometry | None = None) -> gpd.GeoDataFrame:
    """
    Read parks (``leisure=park``) from a local .osm file.

    Parameters
    ----------
    path
        A local OSM XML (.osm) file.
    polygon
        Keep only features within this (Multi)Polygon (EPSG:4326); all if None.

    Returns
    -------
    gdf
        Tidy features: ``osm_id``, ``name``, ``kind`` and geometry, EPSG:4326.
    """
    return _tidy(_from_xml(path, "parks", polygon), "parks", _POLYGONS)


def water_from_xml(path: Path, polygon: shapely.Geometry | None = None) -> gpd.GeoDataFrame:
    """
    Read water areas and waterways from a local .osm file.

    Parameters
    ----------
    path
        A local OSM XML (.osm) file.
    polygon
        Keep only features within this (Multi)Polygon (EPSG:4326); all if None.

    Returns
    -------
    gdf
        Tidy features: ``osm_id``, ``name``, ``kind`` and geometry, EPSG:4326.
    """
    return _tidy(_from_xml(path, "water", polygon), "water")


def named_roads_from_xml(path: Path, polygon: shapely.Geometry | None = None) -> gpd.GeoDataFrame:
    """
    Read named roads from a local .osm file.

    Parameters
    ----------
    path
        A local OSM XML (.osm) file.
    polygon
        Keep only features within this (Multi)Polygon (EPSG:4326); all if None.

    Returns
    -------
    gdf
        Tidy features: ``osm_id``, ``name``, ``kind`` and geometry, EPSG:4326.
    """
    return _named_lines(_tidy(_from_xml(path, "roads", polygon), "roads"))


def pois_from_xml(path: Path, polygon: shapely.Geometry | None = None) -> gpd.GeoDataFrame:
    """
    Read points of interest from a local .osm file.

    Parameters
    ----------
    path
        A local OSM XML (.osm) file.
    polygon
        Keep only features within this (Multi)Polygon (EPSG:4326); all if None.

    Returns
    -------
    gdf
        Tidy features: ``osm_id``, ``name``, ``kind`` and geometry, EPSG:4326.
    """
    return _tidy(_from_xml(path, "pois", polygon), "pois")


def named_features_from_xml(
    path: Path, polygon: shapely.Geometry | None = None
) -> gpd.GeoDataFrame:
    """
    Read every named feature (``name=*``) from a local .osm file, optionally within `polygon`.

    Parameters
    ----------
    path
        OSM XML file.
    polygon
        Keep only features intersecting this area (EPSG:4326).

    Returns
    -------
    features
        ``osm_type``, ``osm_id``, ``name``, ``names`` (every value of
        ``settings.OSM_NAME_TAGS``, ``;``-lists split), ``kind`` (``key=value`` of the first
        of ``settings.OSM_KIND_TAGS``, or None) and the geometry.
    """
    return _named(_from_xml(path, "named", polygon))


def metro_features_from_xml(
    path: Path, polygon: shapely.Geometry | None = None
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """
    Read metro track ways and station nodes from a local .osm file.

    Parameters
    ----------
    path
        A local OSM XML (.osm) file.
    polygon
        Keep only features within this (Multi)Polygon (EPSG:4326); all if None.

    Returns
    -------
    ways, nodes
        As :func:`metro_features`.
    """
    return _metro_frames(_from_xml(path, "metro", polygon))


def road_graph_from_xml(path: Path) -> nx.MultiDiGraph:
    """
    Build the drivable road graph from a local .osm file.

    osmnx turns every way of an XML file into edges (rivers and footways too), so edges
    whose ``highway`` is not in ``settings.ROAD_CLASSES`` are removed before the graph is
    simplified.

    Parameters
    ----------
    path
        OSM XML file.

    Returns
    -------
    G
        Simplified osmnx graph with ``length`` (m) and ``highway`` on every edge.
    """
    path = _existing(path)
    try:
        full = ox.graph_from_xml(path, simplify=False, retain_all=True)
    except Exception as exc:  # osmnx/SAX raise many types for a broken file
        raise SourceError(f"{path}: cannot build a road graph ({exc!r})") from exc
    drivable = [
        (u, v, k)
        for u, v, k, data in full.edges(keys=True, data=True)
        if road_class(data.get("highway")) is not None
    ]
    if not drivable:
        raise SourceError(f"{path}: no drivable roads ({', '.join(settings.ROAD_CLASSES[:3])}…)")
    roads = full.edge_subgraph(drivable).copy()
    return ox.simplify_graph(roads)


def station_groups(nodes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """
    Group station and stop-position nodes by name into one point per station.

    Parameters
    ----------
    nodes
        Frame like :func:`geo.sources.read_station_nodes` (``osm_id``, ``name``,
        ``name_en``, Points).

    Returns
    -------
    groups
        Columns ``name``, ``name_en``, ``osm_ids`` (sorted, comma-separated) and the
        centroid of the group's nodes; shaped like :func:`geo.sources.read_station_groups`.
    """
    named = nodes[nodes["name"].notna()]
    rows = []
    for name, group in named.groupby("name", sort=True):
        english = group["name_en"].dropna()
        rows.append(
            {
                "name": name,
                "name_en": english.mode().iloc[0] if len(english) else None,
                "osm_ids": ",".join(str(i) for i in sorted(group["osm_id"])),
                "geometry": shapely.MultiPoint(list(group.geometry)).centroid,
            }
        )
    return gpd.GeoDataFrame(
        rows, columns=["name", "name_en", "osm_ids", "geometry"], crs=settings.CRS_WGS84
    )


# --- shared helpers -------------------------------------------------------------------------


def _from_polygon(polygon: shapely.Geometry, theme: str) -> gpd.GeoDataFrame:
    """Download one theme's features within `polygon` (empty frame if none)."""
    _check_polygon(polygon)
    try:
        return ox.features_from_polygon(polygon, tags=settings.OSM_TAGS[theme])
    except InsufficientResponseError:
        return _empty_raw()


def _from_xml(path: Path, theme: str, polygon: shapely.Geometry | None = None) -> gpd.GeoDataFrame:
    """Read one theme's features from an OSM XML file (empty frame if none)."""
    path = _existing(path)
    if polygon is not None:
        _check_polygon(polygon)
    try:
        return ox.features_from_xml(path, polygon=polygon, tags=settings.OSM_TAGS[theme])
    except InsufficientResponseError:
        return _empty_raw()
    except Exception as exc:  # SAX, KeyError, ValueError...: a broken file, named
        raise SourceError(f"{path}: cannot read OSM XML ({exc!r})") from exc


def _tidy(
    raw: gpd.GeoDataFrame, theme: str, geom_types: tuple[str, ...] | None = None
) -> gpd.GeoDataFrame:
    """Reduce osmnx features to osm_type, osm_id, name, name_en, kind, geometry."""
    if raw.empty:
        return gpd.GeoDataFrame(columns=_TIDY_COLUMNS, geometry="geometry", crs=raw.crs)
    gdf = raw.reset_index().rename(columns={"element": "osm_type", "id": "osm_id"})
    if geom_types:
        gdf = gdf[gdf.geom_type.isin(geom_types)]
    gdf["kind"] = _kind(gdf, settings.OSM_TAGS[theme])
    for column, tag in (("name", "name"), ("name_en", "name:en")):
        gdf[column] = gdf.get(tag, None)
    gdf = gdf.astype({"name": object, "name_en": object})
    gdf = gdf.where(gdf.notna(), None)
    out = gdf[_TIDY_COLUMNS].sort_values(["osm_type", "osm_id"]).reset_index(drop=True)
    return gpd.GeoDataFrame(out, crs=settings.CRS_WGS84)


def _kind(gdf: gpd.GeoDataFrame, tags: dict[str, bool | str | list[str]]) -> pd.Series:
    """The first matching tag value of each feature, e.g. 'park', 'river', 'hospital'."""
    kind = pd.Series(None, index=gdf.index, dtype=object)
    for key, wanted in tags.items():
        if key not in gdf:
            continue
        values = gdf[key]
        if wanted is True:
            hit = values.notna()
        else:
            hit = values.isin([wanted] if isinstance(wanted, str) else wanted)
        kind = kind.where(kind.notna() | ~hit, values)
    return kind


def _named(raw: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Reduce osmnx features to osm_type, osm_id, name, names, kind, geometry."""
    columns = ["osm_type", "osm_id", "name", "names", "kind", "geometry"]
    if raw.empty:
        return gpd.GeoDataFrame(columns=columns, geometry="geometry", crs=settings.CRS_WGS84)
    gdf = raw.reset_index().rename(columns={"element": "osm_type", "id": "osm_id"})
    name_tags = [t for t in settings.OSM_NAME_TAGS if t in gdf]
    kind_tags = [t for t in settings.OSM_KIND_TAGS if t in gdf]
    gdf["names"] = [
        list(dict.fromkeys(
            part.strip()
            for tag in name_tags
            if isinstance(row[tag], str)
            for part in row[tag].split(";")
            if part.strip()
        ))
        for _, row in gdf.iterrows()
    ]  # fmt: skip
    gdf["kind"] = [
        next((f"{t}={row[t]}" for t in kind_tags if isinstance(row[t], str)), None)
        for _, row in gdf.iterrows()
    ]
    gdf = gdf[gdf["names"].map(len) > 0]
    gdf["name"] = gdf["names"].map(lambda names: names[0])
    out = gdf[columns].sort_values(["osm_type", "osm_id"]).reset_index(drop=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=settings.CRS_WGS84)


def _named_lines(roads: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Keep named linear roads (areas such as squares tagged highway=pedestrian go)."""
    keep = roads["name"].notna() & roads.geom_type.isin(["LineString", "MultiLineString"])
    return roads[keep].reset_index(drop=True)


def _metro_frames(raw: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Split raw metro features into track ways and station nodes (sources' shapes)."""
    if raw.empty:
        msg = "no metro features (railway=subway/station/stop) found in the area"
        raise SourceError(msg)
    gdf = raw.reset_index().rename(columns={"element": "osm_type", "id": "osm_id"})
    for tag in ("name", "name:en", "railway", "service", "colour", "public_transport"):
        if tag not in gdf:
            gdf[tag] = None
    tags = [c for c in gdf.columns if c != "geometry"]
    gdf[tags] = gdf[tags].astype(object).where(gdf[tags].notna(), None)
    is_way = (gdf["osm_type"] == "way") & gdf.geom_type.isin(["LineString"])
    ways = gdf[is_way & gdf["railway"].isin(["subway", "rail"])]
    ways = ways[["osm_id", "name", "railway", "service", "colour", "geometry"]]
    nodes = gdf[(gdf["osm_type"] == "node") & gdf["railway"].isin(["station", "stop"])]
    nodes = nodes.rename(columns={"name:en": "name_en"})
    nodes = nodes[["osm_id", "name", "name_en", "railway", "public_transport", "geometry"]]
    return (
        gpd.GeoDataFrame(ways.reset_index(drop=True), crs=settings.CRS_WGS84),
        gpd.GeoDataFrame(nodes.reset_index(drop=True), crs=settings.CRS_WGS84),
    )


def _as_district(found: gpd.GeoDataFrame, adcode: str) -> gpd.GeoDataFrame:
    """One district row (adcode, name, polygon) from a geocoder or XML result."""
    polygons = found[found.geom_type.isin(_POLYGONS)]
    if polygons.empty:
        msg = f"no boundary polygon found for adcode {adcode}"
        raise SourceError(msg)
    name = settings.DISTRICT_NAMES.get(adcode, (None,))[0] or polygons["name"].iloc[0]
    return gpd.GeoDataFrame(
        {"adcode": [adcode], "name": [name]},
        geometry=[polygons.geometry.iloc[0]],
        crs=settings.CRS_WGS84,
    )


def _district_query(name_zh: str) -> str:
    return settings.DISTRICT_QUERY_TEMPLATE.format(name=name_zh)


def _check_polygon(polygon: shapely.Geometry) -> None:
    """osmnx needs a valid (Multi)Polygon in longitude/latitude."""
    if not isinstance(polygon, shapely.Polygon | shapely.MultiPolygon) or polygon.is_empty:
        msg = f"expected a non-empty (Multi)Polygon, got {type(polygon).__name__}"
        raise ValueError(msg)
    if not polygon.is_valid:
        msg = f"the polygon is invalid ({shapely.is_valid_reason(polygon)})"
        raise ValueError(msg)
    xmin, ymin, xmax, ymax = polygon.bounds
    if min(xmin, ymin) < -180 or xmax > 180 or max(abs(ymin), abs(ymax)) > 90:
        msg = f"the polygon is not in longitude/latitude (bounds {polygon.bounds})"
        raise ValueError(msg)


def _existing(path: Path) -> Path:
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{path}: file not found")
    return path


def _empty_raw() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=settings.CRS_WGS84))
