"""Build the plan-item layer: YAML records + plan text + base layers -> ``plan_items.geojson``.

Positions are resolved here (metro stations by name, routes over the OSM-derived road network,
schematic circles, polygons clipped to the district) and every mention is located in the plan
text, so chapters, sections and 专栏 are derived from the text rather than kept by hand.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, Point, Polygon

from geo import settings
from layers import _validate
from layers.plantext import INDICATOR_COLUMNS, PlanText, read_indicator_tables, read_plan_text
from layers.schema import GeometrySpec, ItemRecord, Problem, load_item_sources, record_fields

#: A route waypoint farther than this from any road node is reported (metres).
MAX_SNAP_M = 150.0

PLAN_ITEMS_FILE = "plan_items.geojson"


@dataclass
class BaseContext:
    """What resolving positions needs from the base layers."""

    district: shapely.Geometry
    stations: dict[str, Point]
    road_graph: nx.Graph
    node_xy: np.ndarray  # metric coordinates of the graph's nodes, same order as node_ids
    node_ids: list[tuple[float, float]]


def build_plan(
    items_dir: Path | None = None,
    plan_text: Path | None = None,
    base_dir: Path | None = None,
    out_dir: Path | None = None,
    write: bool = True,
    expected: dict[str, int] | None = None,
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Build and validate the plan items; write them only when there is no problem.

    Parameters
    ----------
    items_dir : Path, optional
        YAML sources, default ``settings.PLAN_ITEMS_DIR``.
    plan_text : Path, optional
        The plan's full text, default ``settings.PLAN_TEXT``.
    base_dir : Path, optional
        The derived base layers, default ``settings.BASE_DIR``.
    out_dir : Path, optional
        Where ``plan_items.geojson``, ``outline.json`` and ``indicators.csv`` go,
        default ``settings.PLAN_DIR``.
    write : bool, default True
        False checks only (``gulou-map validate`` compares the result with the committed file).
    expected : dict, optional
        Counts the text states, default :data:`layers.vocab.EXPECTED_COUNTS`.

    Returns
    -------
    items : GeoDataFrame
        The resolved items (also when problems were found, for inspection).
    problems : list of Problem
        Empty when the build succeeded and the files were written.
    """
    out_dir = Path(out_dir or settings.PLAN_DIR)
    text = read_plan_text(plan_text)
    records, problems = load_item_sources(items_dir)
    context = load_base_context(base_dir)
    rows = []
    for file, number, record in records:
        row, row_problems = resolve_record(record, text, context, file, number)
        rows.append(row)
        problems.extend(row_problems)
    items = items_frame(rows)
    # The schema already named both records of a duplicated id: report it once.
    known = {p.item_id for p in problems if p.field == "id"}
    checked = _validate.validate_items(
        items,
        context.district,
        outline=text.outline(),
        expected=expected,
        stations=context.stations,
    )
    problems.extend(p for p in checked if not (p.field == "id" and p.item_id in known))
    if write and not problems:
        write_plan_outputs(items, text, out_dir)
    return items, problems


def load_base_context(base_dir: Path | None = None) -> BaseContext:
    """Read the district, the metro stations and the road graph from the base layers."""
    base_dir = Path(base_dir or settings.BASE_DIR)
    district = gpd.read_file(base_dir / "district.geojson").geometry.union_all()
    stations_gdf = gpd.read_file(base_dir / "metro_stations.geojson")
    stations = dict(zip(stations_gdf["name"], stations_gdf.geometry, strict=True))
    graph, node_ids = road_graph(gpd.read_file(base_dir / "roads.geojson"))
    metric = gpd.GeoSeries([Point(xy) for xy in node_ids], crs=settings.CRS_WGS84)
    metric = metric.to_crs(settings.CRS_METRIC)
    node_xy = np.column_stack([metric.x.to_numpy(), metric.y.to_numpy()])
    return BaseContext(district, stations, graph, node_xy, node_ids)


def road_graph(roads: gpd.GeoDataFrame) -> tuple[nx.Graph, list[tuple[float, float]]]:
    """Turn road segments into an undirected graph weighted by true road length.

    Parameters
    ----------
    roads : GeoDataFrame
        Line segments with a ``length_m`` column (the network's true length).

    Returns
    -------
    graph : networkx.Graph
        Nodes are (lon, lat) tuples of segment ends; edges carry ``length`` and ``geometry``.
    node_ids : list of tuple
        The graph's nodes in a fixed order.
    """
    graph = nx.Graph()
    for geom, length in zip(roads.geometry, roads["length_m"], strict=True):
        coords = list(geom.coords)
        u, v = tuple(coords[0]), tuple(coords[-1])
        if u != v and (not graph.has_edge(u, v) or graph[u][v]["length"] > length):
            graph.add_edge(u, v, length=float(length), coords=coords)
    return graph, sorted(graph.nodes)


def route_line(
    waypoints: list[tuple[float, float]], context: BaseContext
) -> tuple[LineString, list[float]]:
    """Route through ``waypoints`` over the road graph (shortest by road length).

    Returns
    -------
    line : LineString
        The routed line in WGS84.
    snap_m : list of float
        How far each waypoint lay from the road node it was snapped to (metres).
    """
    metric = gpd.GeoSeries([Point(p) for p in waypoints], crs=settings.CRS_WGS84)
    metric = metric.to_crs(settings.CRS_METRIC)
    nodes, snaps = [], []
    for x, y in zip(metric.x, metric.y, strict=True):
        distances = np.hypot(context.node_xy[:, 0] - x, context.node_xy[:, 1] - y)
        nearest = int(np.argmin(distances))
        nodes.append(context.node_ids[nearest])
        snaps.append(float(distances[nearest]))
    coords: list[tuple[float, float]] = []
    for start, end in itertools.pairwise(nodes):
        path = nx.shortest_path(context.road_graph, start, end, weight="length")
        for u, v in itertools.pairwise(path):
            segment = context.road_graph[u][v]["coords"]
            segment = segment if tuple(segment[0]) == u else segment[::-1]
            coords.extend(segment if not coords else segment[1:])
    return LineString(coords), snaps


def resolve_geometry(
    spec: GeometrySpec, context: BaseContext
) -> tuple[shapely.Geometry, list[str]]:
    """Turn a record's geometry spec into a WGS84 geometry; return it with any problems."""
    form = spec.form
    if form == "point":
        return Point(spec.point), []
    if form == "station":
        if spec.station not in context.stations:
            return None, [f"no metro station group named {spec.station!r} in the base layer"]
        return context.stations[spec.station], []
    if form == "line":
        return LineString(spec.line), []
    if form == "polygon":
        return _clip_polygon(Polygon(spec.polygon), context.district)
    if form == "circle":
        return _circle(spec.circle.center, spec.circle.radius_m), []
    try:
        line, snaps = route_line(spec.route, context)
    except nx.NetworkXNoPath:
        return None, ["route waypoints are not connected on the road network"]
    far = [f"#{i + 1} ({d:.0f} m)" for i, d in enumerate(snaps) if d > MAX_SNAP_M]
    problems = [f"route waypoints far from any road node: {', '.join(far)}"] if far else []
    return line, problems


def _clip_polygon(
    polygon: Polygon, district: shapely.Geometry
) -> tuple[shapely.Geometry, list[str]]:
    if not polygon.is_valid:
        return None, [f"polygon ring is not valid: {shapely.is_valid_reason(polygon)}"]
    clipped = polygon.intersection(district)
    if clipped.is_empty:
        return None, ["polygon lies entirely outside the district"]
    return clipped, []


def _circle(center: tuple[float, float], radius_m: float) -> Polygon:
    point = gpd.GeoSeries([Point(center)], crs=settings.CRS_WGS84).to_crs(settings.CRS_METRIC)
    circle = point.buffer(radius_m, quad_segs=16).to_crs(settings.CRS_WGS84)
    return circle.iloc[0]


def locate_mentions(record: ItemRecord, text: PlanText) -> tuple[dict, list[str]]:
    """Find every occurrence of the record's mentions; derive chapters, sections and boxes."""
    problems = [
        f"{m!r} does not occur in the plan text" for m in record.mentions if not text.contains(m)
    ]
    offsets = sorted({o for m in record.mentions for o in text.occurrences(m)})
    places = [text.locate(o) for o in offsets]
    return {
        "chapters": _unique(p.chapter for p in places),
        "sections": _unique(p.section for p in places),
        "subsections": _unique(p.subsection for p in places),
        "boxes": _unique(p.box for p in places),
        "mention_count": len(offsets),
    }, problems


def _unique(values) -> list:
    """Distinct non-null values in first-seen order (first mention first)."""
    return list(dict.fromkeys(v for v in values if v is not None))


def resolve_record(
    record: ItemRecord, text: PlanText, context: BaseContext, file: str, number: int
) -> tuple[dict, list[Problem]]:
    """Resolve one record into a row of the derived layer and the problems found."""
    messages: list[tuple[str, str]] = []
    located, mention_problems = locate_mentions(record, text)
    messages += [("mentions", m) for m in mention_problems]
    if record.status_basis and not text.contains(record.status_basis):
        messages.append(
            ("status_basis", f"{record.status_basis!r} does not occur in the plan text")
        )
    geometry = None
    if record.geometry is not None:
        geometry, geometry_problems = resolve_geometry(record.geometry, context)
        messages += [("geometry", m) for m in geometry_problems]
    row = record_fields(record) | located
    row.update(source_file=file, geometry_form=record.geometry.form if record.geometry else None)
    row["geometry"] = geometry
    problems = [Problem(file, number, record.id, f, m) for f, m in messages]
    return row, problems


def items_frame(rows: list[dict]) -> gpd.GeoDataFrame:
    """Assemble resolved rows into a GeoDataFrame with measured lengths and areas."""
    frame = gpd.GeoDataFrame(pd.DataFrame(rows), geometry="geometry", crs=settings.CRS_WGS84)
    if frame.empty:
        return frame
    metric = frame.geometry.to_crs(settings.CRS_METRIC)
    frame["length_km"] = np.where(
        metric.geom_type.str.contains("LineString", na=False), metric.length / 1000, np.nan
    )
    frame["area_km2"] = np.where(
        metric.geom_type.str.contains("Polygon", na=False), metric.area / 1e6, np.nan
    )
    return frame.sort_values("id", kind="stable").reset_index(drop=True)


def write_plan_outputs(items: gpd.GeoDataFrame, text: PlanText, out_dir: Path) -> None:
    """Write the derived files deterministically (sorted, rounded, no timestamps)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / PLAN_ITEMS_FILE).write_text(items_geojson(items), encoding="utf-8")
    outline = {"source": text.path.name, "chapters": text.outline()}
    (out_dir / "outline.json").write_text(
        json.dumps(outline, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    indicators = pd.DataFrame(read_indicator_tables(text.path), columns=INDICATOR_COLUMNS)
    indicators.to_csv(out_dir / "indicators.csv", index=False, lineterminator="\n")


def items_geojson(items: gpd.GeoDataFrame) -> str:
    """Serialise items as compact, deterministic GeoJSON (one feature per line)."""
    features = []
    for row in items.to_dict("records"):
        geometry = row.pop("geometry")
        properties = {k: _plain(v) for k, v in row.items()}
        geojson = None
        if geometry is not None and not geometry.is_empty:
            rounded = shapely.set_precision(geometry, 10**-settings.COORD_DECIMALS)
            geojson = shapely.geometry.mapping(rounded)
        features.append({"type": "Feature", "properties": properties, "geometry": geojson})
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def _plain(value):
    """Make a value JSON-friendly: numpy scalars to Python, NaN to None, rounding floats."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (np.floating, float)):
        return None if np.isnan(value) else round(float(value), 4)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value
