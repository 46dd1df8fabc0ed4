"""
Build the base layers (district, neighbours, metro, roads) from the sources.

:func:`build_base` reads the offline sources (or, with ``online=True``, OpenStreetMap
through osmnx), assembles five WGS84 layers and writes them twice:

- ``data/base/<layer>.geojson``: every property, coordinates rounded to
  ``settings.COORD_DECIMALS``, one feature per line, plus ``provenance.json``
  (source files and checksums, licences, credits, source dates, transforms, counts);
- ``static/base/<layer>.geojson``: browser copies with only the styling/tooltip
  properties, ``settings.STATIC_COORD_DECIMALS`` decimals and compact JSON.

The build is deterministic: features are sorted, numbers rounded, and nothing records
the time of the build (the sources' own dates are used), so building twice from the
same sources gives byte-identical files.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import graph, projection, settings, sources
from geo.geojson import write_geojson
from layers.base import BASE_PROPERTIES, PROVENANCE_FILE, STATIC_PROPERTIES

#: Track that carries no passenger line (depots, sidings) is never assigned to a line.
_NON_LINE_SERVICE = frozenset({"yard", "siding", "spur", "crossover"})
_CHINESE_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)}
_LINE_IN_NAME = re.compile(r"(?:^|[^0-9])([0-9]+|[一二三四五六七八九十]+)号线")
_LINE_IN_NAME_EN = re.compile(r"\bLine\s+([0-9A-Za-z]+)\b")
_ONLINE_SOURCE = {
    "path": "OpenStreetMap via osmnx (Nominatim and Overpass APIs)",
    "sha256": None,
    "licence": "ODbL-1.0 (OpenStreetMap data)",
    "credit": "© OpenStreetMap contributors",
    "source_date": None,
    "origin": "downloaded at build time; no fixed date",
}


def build_base(
    sources_dir: Path | None = None,
    out_dir: Path | None = None,
    static_dir: Path | None = None,
    online: bool = False,
) -> dict[str, gpd.GeoDataFrame]:
    """
    Build the base layers and write them with their provenance and browser copies.

    Parameters
    ----------
    sources_dir
        The offline sources folder; ``settings.SOURCES_DIR`` if None. Ignored if `online`.
    out_dir
        Where ``<layer>.geojson`` and ``provenance.json`` are written; ``settings.BASE_DIR``
        if None (settings are read at call time).
    static_dir
        Where the browser copies ``<layer>.geojson`` are written; ``static/base`` if None.
    online
        Download from OpenStreetMap with osmnx instead of reading the offline sources
        (boundaries from Nominatim, roads with ``graph_from_polygon``, metro from tags).

    Returns
    -------
    layers
        Layer name -> GeoDataFrame (EPSG:4326) with the properties of
        :data:`BASE_PROPERTIES`, as written.
    """
    inputs = _load_online() if online else _load_offline(sources_dir)
    district = district_layer(inputs["district"])
    boundary = district.geometry.iloc[0]
    segments = graph.undirected_segments(inputs["graph"])
    lines = metro_line_layer(inputs["line_ways"], inputs["route_relations"])
    layers = {
        "district": district,
        "neighbours": neighbour_layer(inputs["districts"], boundary),
        "metro_lines": lines,
        "metro_stations": metro_station_layer(
            inputs["station_groups"], inputs["station_nodes"], lines, boundary
        ),
        "roads": road_layer(segments, boundary),
    }
    out_dir = Path(out_dir or settings.BASE_DIR)
    static_dir = Path(static_dir or settings.STATIC_DIR / "base")
    out_dir.mkdir(parents=True, exist_ok=True)
    static_dir.mkdir(parents=True, exist_ok=True)
    for name, gdf in layers.items():
        write_geojson(
            gdf, out_dir / f"{name}.geojson", properties=BASE_PROPERTIES[name], spaced=True
        )
        write_geojson(
            gdf,
            static_dir / f"{name}.geojson",
            properties=STATIC_PROPERTIES[name],
            decimals=settings.STATIC_COORD_DECIMALS,
            per_line=False,
        )
    provenance = _provenance(layers, inputs, segments, sources_dir, online)
    text = json.dumps(provenance, ensure_ascii=False, indent=2) + "\n"
    (out_dir / PROVENANCE_FILE).write_text(text, encoding="utf-8")
    return layers


def district_layer(boundary: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """
    Make the district layer: adcode, name, English name and area.

    Parameters
    ----------
    boundary
        One row with ``adcode``, ``name`` and a (Multi)Polygon in EPSG:4326.

    Returns
    -------
    district
        Columns ``adcode``, ``name``, ``name_en``, ``area_km2`` (measured in EPSG:32650).
    """
    _check_frame(boundary, {"adcode", "name"}, "district boundary")
    if len(boundary) != 1:
        msg = f"district boundary: expected one row, got {len(boundary)}"
        raise ValueError(msg)
    out = boundary[["adcode", "name", "geometry"]].copy()
    out["name_en"] = out["adcode"].map(_english_name)
    out["area_km2"] = projection.area_km2(out).round(settings.AREA_DECIMALS)
    return _ordered(out, "district")


def neighbour_layer(
    districts: gpd.GeoDataFrame,
    boundary: shapely.Geometry,
    max_gap_m: float | None = None,
) -> gpd.GeoDataFrame:
    """
    Select the districts that touch or lie near Gulou.

    Parameters
    ----------
    districts
        Columns ``adcode``, ``name``, (Multi)Polygons in EPSG:4326; Gulou itself is skipped.
    boundary
        Gulou's (Multi)Polygon, EPSG:4326.
    max_gap_m
        Largest gap (metres, EPSG:32650) between a neighbour and Gulou;
        ``settings.NEIGHBOUR_MAX_GAP_M`` if None.

    Returns
    -------
    neighbours
        Columns ``adcode``, ``name``, ``name_en``, sorted by adcode.
    """
    _check_frame(districts, {"adcode", "name"}, "districts")
    max_gap_m = settings.NEIGHBOUR_MAX_GAP_M if max_gap_m is None else max_gap_m
    others = districts[districts["adcode"] != settings.DISTRICT_ADCODE]
    gap = projection.to_metric(others).distance(projection.to_metric(boundary))
    out = others.loc[gap <= max_gap_m, ["adcode", "name", "geometry"]].copy()
    out["name_en"] = out["adcode"].map(_english_name)
    return _ordered(out.sort_values("adcode"), "neighbours")


def metro_line_layer(ways: gpd.GeoDataFrame, relations: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """
    Assign metro track ways to lines, with each line's colour.

    A way belongs to the lines of the route relations whose member geometry it is (the
    sources give relation geometries, not member ids, so members are matched by exact
    coordinates). A way outside every relation takes the line its name identifies:
    a name used by member ways of exactly one line, else a number in the name
    ("地铁5号线", "Line 5"). Depot and siding track, and ways no line can be given,
    are left out (the provenance counts them).

    Parameters
    ----------
    ways
        Columns ``osm_id``, ``name``, ``service``, ``colour`` (may be None), LineStrings.
    relations
        Columns ``osm_id``, ``ref``, ``name``, ``name_en``, ``colour``, MultiLineStrings;
        may be empty (then lines come from way names and colours from way tags).

    Returns
    -------
    lines
        Columns ``osm_id``, ``name`` (the way's, else its line's), ``line`` (e.g. "1",
        "F1"; several lines comma-separated), ``colour``; sorted by line and osm_id.
    """
    _check_frame(ways, {"osm_id", "name", "service", "colour"}, "metro line ways")
    _check_frame(relations, {"osm_id", "ref", "name", "name_en", "colour"}, "route relations")
    rel_lines = [_relation_line(row) for row in relations.itertuples()]
    way_lines = _member_lines(ways, relations, rel_lines)
    line_of_name = _lines_by_member_name(ways, way_lines)
    assigned = []
    for way in ways.itertuples():
        found = way_lines.get(way.osm_id) or _line_from_name(way, line_of_name)
        assigned.append(_join_lines(found) if found else None)
    out = ways.assign(line=assigned)
    out = out[out["line"].notna()].copy()
    colours = _line_colours(relations, rel_lines)
    names = _line_names(relations, rel_lines)
    first = out["line"].str.split(",").str[0]
    out["colour"] = [
        colours.get(line) or (str(tag).upper() if tag else None)
        for line, tag in zip(first, out["colour"], strict=True)
    ]
    out["name"] = [name or names.get(line) for name, line in zip(out["name"], first, strict=True)]
    keys = pd.DataFrame([_line_sort_key(line.split(",")[0]) for line in out["line"]])
    order = np.lexsort([out["osm_id"].to_numpy(), *(keys[c].to_numpy() for c in (2, 1, 0))])
    return _ordered(out.iloc[order], "metro_lines")


def metro_station_layer(
    groups: gpd.GeoDataFrame,
    nodes: gpd.GeoDataFrame,
    lines: gpd.GeoDataFrame,
    boundary: shapely.Geometry,
    margin_m: float | None = None,
) -> gpd.GeoDataFrame:
    """
    Keep the station groups in and near the district, with their lines.

    Parameters
    ----------
    groups
        Columns ``name``, ``name_en``, ``osm_ids`` (comma-separated node ids), Points.
    nodes
        Station/stop-position nodes: ``osm_id`` and Points.
    lines
        The metro line layer (``line`` per way, LineStrings).
    boundary
        Gulou's (Multi)Polygon, EPSG:4326.
    margin_m
        Groups up to this distance (metres, EPSG:32650) outside the district are kept;
        ``settings.STATION_MARGIN_M`` if None.

    Returns
    -------
    stations
        Columns ``name``, ``name_en``, ``osm_ids``, ``lines`` (lines whose track carries
        one of the group's stop positions, comma-separated; "" if none) and
        ``in_district`` (bool); sorted by name.
    """
    _check_frame(groups, {"name", "name_en", "osm_ids"}, "station groups")
    _check_frame(nodes, {"osm_id"}, "station nodes")
    _check_frame(lines, {"line"}, "metro lines")
    margin_m = settings.STATION_MARGIN_M if margin_m is None else margin_m
    gap = projection.to_metric(groups).distance(projection.to_metric(boundary))
    out = groups.loc[gap <= margin_m, ["name", "name_en", "osm_ids", "geometry"]].copy()
    out["name_en"] = [
        _corrected_name_en(name, english)
        for name, english in zip(out["name"], out["name_en"], strict=True)
    ]
    lines_at = _lines_at_vertices(lines)
    node_xy = {i: _xy_key(g.x, g.y) for i, g in zip(nodes["osm_id"], nodes.geometry, strict=True)}
    out["lines"] = [
        _join_lines(
            {
                line
                for osm_id in sources.parse_osm_ids(ids)
                if osm_id in node_xy
                for line in lines_at.get(node_xy[osm_id], ())
            }
        )
        for ids in out["osm_ids"]
    ]
    out["in_district"] = [bool(boundary.covers(point)) for point in out.geometry]
    return _ordered(out.sort_values("name"), "metro_stations")


#: English station names where OSM's ``name:en`` is misspelt: name -> (OSM's, corrected).
#: Applied only while OSM still has the misspelling; listed in the provenance.
NAME_EN_CORRECTIONS: dict[str, tuple[str, str]] = {
    "陆庄": ("Luzhaung", "Luzhuang"),  # GB/T 16159 pinyin of 陆庄 is Lùzhuāng
}


def _corrected_name_en(name: str, english: str | None) -> str | None:
    wrong, right = NAME_EN_CORRECTIONS.get(name, (None, None))
    return right if english is not None and english == wrong else english


def road_layer(
    segments: gpd.GeoDataFrame,
    boundary: shapely.Geometry,
    margin_m: float | None = None,
) -> gpd.GeoDataFrame:
    """
    Keep the road segments in the district and its margin.

    Segments that touch the district buffered by `margin_m` are kept whole rather than
    cut, so that ``length_m`` stays the graph's true road length.

    Parameters
    ----------
    segments
        Output of :func:`geo.graph.undirected_segments` (``highway``, ``length_m``).
    boundary
        Gulou's (Multi)Polygon, EPSG:4326.
    margin_m
        Buffer around the district (metres, EPSG:32650); ``settings.ROAD_MARGIN_M`` if None.

    Returns
    -------
    roads
        Columns ``highway`` and ``length_m``; minor classes first so that major roads
        draw on top, then by coordinates.
    """
    _check_frame(segments, {"highway", "length_m"}, "road segments")
    margin_m = settings.ROAD_MARGIN_M if margin_m is None else margin_m
    area = projection.to_metric(boundary).buffer(margin_m)
    keep = projection.to_metric(segments).intersects(area)
    out = segments.loc[keep, ["highway", "length_m", "geometry"]].copy()
    out["length_m"] = out["length_m"].astype(float).round(settings.LENGTH_DECIMALS)
    rank = {name: i for i, name in enumerate(settings.ROAD_CLASSES)}
    coords = shapely.get_coordinates(out.geometry.boundary.to_numpy()).round(
        settings.COORD_DECIMALS
    )
    order = pd.DataFrame(
        {
            "rank": -out["highway"].map(rank).to_numpy(),
            "x0": coords[0::2, 0],
            "y0": coords[0::2, 1],
            "x1": coords[1::2, 0],
            "y1": coords[1::2, 1],
            "length": out["length_m"].to_numpy(),
        }
    )
    out = out.iloc[np.lexsort([order[c] for c in reversed(order.columns)])]
    return _ordered(out, "roads")


def _load_offline(sources_dir: Path | None) -> dict[str, Any]:
    """Read every offline source (each reader validates its file)."""
    return {
        "district": sources.read_district_boundary(sources_dir),
        "districts": sources.read_districts(sources_dir),
        "graph": sources.read_drive_graph(sources_dir),
        "line_ways": sources.read_metro_line_ways(sources_dir),
        "route_relations": sources.read_route_relations(sources_dir),
        "station_groups": sources.read_station_groups(sources_dir),
        "station_nodes": sources.read_station_nodes(sources_dir),
    }


def _load_online() -> dict[str, Any]:
    """Download the same inputs from OpenStreetMap (needs internet)."""
    from geo import features  # osmnx network code stays out of the offline path

    district = features.district_boundary()
    boundary = district.geometry.iloc[0]
    metric = projection.to_metric(boundary)
    road_area = projection.from_metric(metric.buffer(settings.ROAD_MARGIN_M))
    metro_area = projection.from_metric(metric.buffer(settings.STATION_MARGIN_M))
    ways, nodes = features.metro_features(metro_area)
    return {
        "district": district,
        "districts": features.neighbour_boundaries(),
        "graph": features.road_graph(road_area),
        "line_ways": ways,
        "route_relations": _empty_relations(),
        "station_groups": features.station_groups(nodes),
        "station_nodes": nodes,
    }


def _provenance(
    layers: dict[str, gpd.GeoDataFrame],
    inputs: dict[str, Any],
    segments: gpd.GeoDataFrame,
    sources_dir: Path | None,
    online: bool,
) -> dict[str, Any]:
    """Describe each layer: files, sources (checksums, licence, credit, date), transforms."""

    def used(*keys: str) -> list[dict[str, Any]]:
        if online:
            return [_ONLINE_SOURCE]
        return [_source_entry(key, sources_dir) for key in keys]

    ways, graph_edges = inputs["line_ways"], inputs["graph"].number_of_edges()
    skipped = ways[~ways["osm_id"].isin(layers["metro_lines"]["osm_id"])]
    skipped_service = int(skipped["service"].isin(_NON_LINE_SERVICE).sum())
    d = settings.COORD_DECIMALS
    rounding = (
        f"coordinates rounded to {d} decimals (browser copy: {settings.STATIC_COORD_DECIMALS})"
    )
    transforms = {
        "district": [
            "boundary as published in WGS84 (converted by the source from Amap GCJ-02 with an "
            "exact iterative inverse); never stored in GCJ-02",
            f"area_km2 measured in {settings.CRS_METRIC}, rounded to {settings.AREA_DECIMALS} "
            f"decimals (official {settings.OFFICIAL_AREA_KM2} km²)",
            "name_en from settings.DISTRICT_NAMES",
            rounding,
        ],
        "neighbours": [
            f"districts other than Gulou within {settings.NEIGHBOUR_MAX_GAP_M:.0f} m of it "
            f"({settings.CRS_METRIC})",
            "name_en from settings.DISTRICT_NAMES",
            rounding,
        ],
        "metro_lines": [
            "ways matched to route relations by exact member geometry; line = relation ref "
            "(else the number in its name); colour = the line's relation colour",
            "ways outside relations take the line their name identifies",
            f"{len(skipped)} of {len(ways)} ways left out: {skipped_service} depot/siding "
            f"track, {len(skipped) - skipped_service} with no identifiable line "
            "(unnamed connecting track)",
            rounding,
        ],
        "metro_stations": [
            f"station groups within {settings.STATION_MARGIN_M:.0f} m of the district "
            f"({settings.CRS_METRIC})",
            "name_en: most common name:en among the group's OSM nodes",
            "name_en corrected where OSM's spelling is wrong: "
            + "; ".join(f"{n} '{w}' -> '{r}'" for n, (w, r) in NAME_EN_CORRECTIONS.items()),
            "lines: lines of the track ways on which the group's stop positions lie",
            "in_district: the district polygon covers the group's point",
            rounding,
        ],
        "roads": [
            f"directed drive graph ({graph_edges} edges) -> {len(segments)} unique undirected "
            "segments, one per node pair, keeping the most important highway class",
            f"segments touching the district buffered by {settings.ROAD_MARGIN_M:.0f} m "
            f"({settings.CRS_METRIC}) kept whole, not cut",
            f"length_m = the graph's true road length (not the straight link), rounded to "
            f"{settings.LENGTH_DECIMALS} decimal",
            rounding,
        ],
    }
    used_keys = {
        "district": ("district",),
        "neighbours": ("districts",),
        "metro_lines": ("line_ways", "route_relations"),
        "metro_stations": ("station_groups", "station_nodes", "line_ways", "route_relations"),
        "roads": ("drive_graph", "district"),
    }
    return {
        "crs": settings.CRS_WGS84,
        "metric_crs": settings.CRS_METRIC,
        "coord_decimals": settings.COORD_DECIMALS,
        "static_coord_decimals": settings.STATIC_COORD_DECIMALS,
        "mode": "online" if online else "offline",
        "layers": {
            name: {
                "file": f"{name}.geojson",
                "static_file": f"base/{name}.geojson",
                "feature_count": len(gdf),
                "properties": list(BASE_PROPERTIES[name]),
                "sources": used(*used_keys[name]),
                "transforms": transforms[name],
            }
            for name, gdf in layers.items()
        },
    }


def _source_entry(key: str, sources_dir: Path | None) -> dict[str, Any]:
    """One source file's provenance: relative path, checksum, licence, credit, date."""
    info = sources.SOURCE_FILES[key]
    return {
        "path": info.relpath,
        "sha256": sources.file_sha256(sources.source_path(key, sources_dir)),
        "licence": info.licence,
        "credit": info.credit,
        "source_date": info.source_date,
        "origin": info.origin,
    }


def _relation_line(rel: Any) -> str:
    """A route relation's line: its ref, else the number in its English or Chinese name."""
    if rel.ref:
        return str(rel.ref).strip()
    match = _LINE_IN_NAME_EN.search(rel.name_en or "")
    if match:
        return match.group(1)
    match = _LINE_IN_NAME.search(rel.name or "")
    if match:
        return _arabic(match.group(1))
    msg = f"route relation {rel.osm_id} ({rel.name}): no ref and no line number in its name"
    raise ValueError(msg)


def _line_from_name(way: Any, line_of_name: dict[str, str]) -> set[str]:
    """The line a non-member way's name identifies, or an empty set (also for depot track)."""
    if way.service in _NON_LINE_SERVICE or not way.name:
        return set()
    if way.name in line_of_name:
        return {line_of_name[way.name]}
    match = _LINE_IN_NAME.search(way.name) or _LINE_IN_NAME_EN.search(way.name)
    return {_arabic(match.group(1))} if match else set()


def _member_lines(
    ways: gpd.GeoDataFrame, relations: gpd.GeoDataFrame, rel_lines: list[str]
) -> dict[int, set[str]]:
    """Way osm_id -> lines of the relations that have it as a member (matched by geometry)."""
    by_coords: dict[tuple, int] = {}
    for osm_id, geom in zip(ways["osm_id"], ways.geometry, strict=True):
        key = tuple(_xy_key(x, y) for x, y in geom.coords)
        by_coords[key] = osm_id
        by_coords[key[::-1]] = osm_id
    found: dict[int, set[str]] = defaultdict(set)
    for line, geom in zip(rel_lines, relations.geometry, strict=True):
        for part in geom.geoms:
            osm_id = by_coords.get(tuple(_xy_key(x, y) for x, y in part.coords))
            if osm_id is not None:
                found[osm_id].add(line)
    return found


def _lines_by_member_name(ways: gpd.GeoDataFrame, way_lines: dict[int, set[str]]) -> dict[str, str]:
    """Way name -> line, for names that member ways of exactly one line carry."""
    lines_of: dict[str, set[str]] = defaultdict(set)
    for osm_id, name in zip(ways["osm_id"], ways["name"], strict=True):
        if name and osm_id in way_lines:
            lines_of[name] |= way_lines[osm_id]
    return {name: next(iter(found)) for name, found in lines_of.items() if len(found) == 1}


def _line_colours(relations: gpd.GeoDataFrame, rel_lines: list[str]) -> dict[str, str]:
    """Line -> the most common colour among its relations."""
    by_line: dict[str, Counter] = defaultdict(Counter)
    for line, colour in zip(rel_lines, relations["colour"], strict=True):
        if colour:
            by_line[line][colour] += 1
    return {line: min(c, key=lambda k: (-c[k], k)) for line, c in by_line.items()}


def _line_names(relations: gpd.GeoDataFrame, rel_lines: list[str]) -> dict[str, str]:
    """Line -> the name of its relation with the smallest OSM id."""
    names: dict[str, str] = {}
    rows = zip(rel_lines, relations["osm_id"], relations["name"], strict=True)
    for line, _, name in sorted(rows, key=lambda row: (row[0], row[1])):
        names.setdefault(line, name)
    return names


def _lines_at_vertices(lines: gpd.GeoDataFrame) -> dict[tuple[float, float], set[str]]:
    """Vertex (rounded lon, lat) -> lines whose track passes through it."""
    at: dict[tuple[float, float], set[str]] = defaultdict(set)
    for line, geom in zip(lines["line"], lines.geometry, strict=True):
        for x, y in geom.coords:
            at[_xy_key(x, y)].update(line.split(","))
    return at


def _join_lines(lines: set[str]) -> str:
    """Lines as a sorted comma-separated string: numbers in order, then others (F1)."""
    return ",".join(sorted(lines, key=_line_sort_key))


def _line_sort_key(line: str) -> tuple[int, int, str]:
    return (0, int(line), "") if line.isdigit() else (1, 0, line)


def _arabic(number: str) -> str:
    """'5' -> '5'; Chinese numerals up to 99 ('十二') -> '12'."""
    if number.isdigit():
        return str(int(number))
    if "十" not in number:
        return str(_CHINESE_DIGITS[number])
    tens, _, units = number.partition("十")
    value = (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[units] if units else 0)
    return str(value)


def _xy_key(x: float, y: float) -> tuple[float, float]:
    """A vertex as a dictionary key robust to float noise (1e-7 degree, about 1 cm)."""
    return (round(x, 7), round(y, 7))


def _english_name(adcode: str) -> str | None:
    return settings.DISTRICT_NAMES.get(str(adcode), (None, None))[1]


def _ordered(gdf: gpd.GeoDataFrame, layer: str) -> gpd.GeoDataFrame:
    """The layer's columns in their documented order, a fresh index, EPSG:4326."""
    columns = [*BASE_PROPERTIES[layer], "geometry"]
    return gpd.GeoDataFrame(gdf[columns].reset_index(drop=True), crs=settings.CRS_WGS84)


def _check_frame(gdf: gpd.GeoDataFrame, columns: set[str], what: str) -> None:
    """Raise a clear ValueError if `gdf` is not a GeoDataFrame with `columns`."""
    if not isinstance(gdf, gpd.GeoDataFrame):
        msg = f"{what}: expected a GeoDataFrame, got {type(gdf).__name__}"
        raise ValueError(msg)
    missing = columns - set(gdf.columns)
    if missing:
        msg = f"{what}: missing column(s) {', '.join(sorted(missing))}"
        raise ValueError(msg)


def _empty_relations() -> gpd.GeoDataFrame:
    """A route-relation frame with no rows (the online path reads lines from way tags)."""
    columns = {c: pd.Series(dtype=object) for c in ("osm_id", "ref", "name", "name_en", "colour")}
    return gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs=settings.CRS_WGS84))
