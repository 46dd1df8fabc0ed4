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

from geo import projection, settings
from geo.geojson import geojson_text
from layers import _validate, english
from layers.base import load_base_layer
from layers.plantext import INDICATOR_COLUMNS, PlanText, read_indicator_tables, read_plan_text
from layers.schema import GeometrySpec, ItemRecord, Problem, load_item_sources, record_fields
from layers.status_rule import status_problem

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
    sources_dir: Path | None = None,
    plan_en: Path | None = None,
    glossary: Path | None = None,
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
    sources_dir : Path, optional
        The offline sources, default ``settings.SOURCES_DIR``; when the folder is absent the
        bus-stop claims are not checked (see :func:`load_bus_stop_points`).
    plan_en : Path, optional
        English of the outline and indicators, default ``data/plan/plan_en.yaml``; every
        title and indicator without English is a problem.
    glossary : Path, optional
        The glossary every ``name_en`` is checked against, default ``data/plan/glossary.yaml``.

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
        stops=load_bus_stop_points(sources_dir),
        glossary=english.load_glossary(glossary),
    )
    problems.extend(p for p in checked if not (p.field == "id" and p.item_id in known))
    outline, indicators, english_problems = _plan_in_english(text, plan_en, glossary)
    problems.extend(english_problems)
    if write and not problems:
        write_plan_outputs(items, text, out_dir, outline, indicators)
    return items, problems


def _plan_in_english(
    text: PlanText, plan_en: Path | None, glossary: Path | None
) -> tuple[list[dict], pd.DataFrame, list[Problem]]:
    """The outline and 表1/表2 with their English merged in (and what has none)."""
    translation = english.load_plan_en(plan_en)
    source = str(plan_en or english.PLAN_EN_FILE)
    terms = english.load_glossary(glossary)
    outline, problems = english.english_outline(text.outline(), translation, source, terms)
    table = pd.DataFrame(read_indicator_tables(text.path), columns=INDICATOR_COLUMNS)
    indicators, more = english.english_indicators(table, translation, source)
    return outline, indicators, problems + more


def load_base_context(base_dir: Path | None = None) -> BaseContext:
    """
    Read what resolving positions needs from the base layers.

    Parameters
    ----------
    base_dir : Path, optional
        Folder of the base layers; ``settings.BASE_DIR`` if None.

    Returns
    -------
    BaseContext
        The district outline, the metro station groups by name and the road graph.
    """
    district = load_base_layer("district", base_dir, ()).geometry.union_all()
    stations_gdf = load_base_layer("metro_stations", base_dir, ("name",))
    stations = dict(zip(stations_gdf["name"], stations_gdf.geometry, strict=True))
    graph, node_ids = road_graph(load_base_layer("roads", base_dir, ("length_m",)))
    metric = projection.to_metric(
        gpd.GeoSeries([Point(xy) for xy in node_ids], crs=settings.CRS_WGS84)
    )
    node_xy = np.column_stack([metric.x.to_numpy(), metric.y.to_numpy()])
    return BaseContext(district, stations, graph, node_xy, node_ids)


def load_bus_stop_points(sources_dir: Path | None = None) -> dict[str, Point] | None:
    """Read the AMap bus stops as name_short -> WGS84 point, or None without a sources folder.

    The stops are a reference for position claims only; no copy is committed, so the check
    runs where the sources are (a build machine) and is skipped in a bare clone.

    Parameters
    ----------
    sources_dir : Path, optional
        The sources folder, default ``settings.SOURCES_DIR``.

    Returns
    -------
    dict or None
        None when the folder does not exist; a folder without a valid stop file raises
        :class:`~geo._errors.SourceError` naming the file.
    """
    folder = Path(sources_dir or settings.SOURCES_DIR)
    if not folder.is_dir():
        return None
    from geo.sources import read_bus_stops  # osmnx-heavy import, only where sources exist

    stops = read_bus_stops(folder)
    return dict(zip(stops["name_short"], stops.geometry, strict=True))


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
    """
    Route through ``waypoints`` over the road graph (shortest by road length).

    Parameters
    ----------
    waypoints : list of (lon, lat)
        WGS84 positions, visited in order.
    context : BaseContext
        The road graph and its nodes' metric coordinates.

    Returns
    -------
    line : LineString
        The routed line in WGS84.
    snap_m : list of float
        How far each waypoint lay from the road node it was snapped to (metres).
    """
    metric = projection.to_metric(
        gpd.GeoSeries([Point(p) for p in waypoints], crs=settings.CRS_WGS84)
    )
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
    """
    Turn a record's geometry spec into a WGS84 geometry.

    Parameters
    ----------
    spec : GeometrySpec
        The record's one geometry form.
    context : BaseContext
        Stations, district and road graph to resolve it against.

    Returns
    -------
    geometry : shapely geometry or None
        None when the spec cannot be resolved.
    problems : list of str
        What went wrong or looks wrong (far waypoints).
    """
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
    if spec.circle is not None:
        return _circle(spec.circle.center, spec.circle.radius_m), []
    if spec.route is None:  # GeometrySpec guarantees one form; this keeps the types honest
        return None, [f"unknown geometry form {form!r}"]
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
    return projection.from_metric(
        projection.to_metric(Point(center)).buffer(radius_m, quad_segs=16)
    )


def locate_mentions(record: ItemRecord, text: PlanText) -> tuple[dict, list[str]]:
    """
    Find every occurrence of the record's mentions; derive chapters, sections and boxes.

    Parameters
    ----------
    record : ItemRecord
        The record whose ``mentions`` are located.
    text : PlanText
        The plan's text.

    Returns
    -------
    located : dict
        ``chapters``, ``sections``, ``subsections``, ``boxes`` (first mention first) and
        ``mention_count``.
    problems : list of str
        One per mention that does not occur in the text.
    """
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
    """
    Resolve one record into a row of the derived layer.

    Parameters
    ----------
    record : ItemRecord
        The record.
    text : PlanText
        The plan's text (mentions, status basis).
    context : BaseContext
        The base layers (positions).
    file : str
        The YAML file it comes from.
    number : int
        Its 1-based position in that file.

    Returns
    -------
    row : dict
        The record's fields, located mentions, source file, geometry form and geometry.
    problems : list of Problem
        Each naming the file, record, id and field.
    """
    messages: list[tuple[str, str]] = []
    located, mention_problems = locate_mentions(record, text)
    messages += [("mentions", m) for m in mention_problems]
    if record.status_basis:
        # The quote must be the plan's words about this item, and the written status rule
        # (layers/status_rule.py, data/plan/README.md) must read it as the record's status.
        status_message = status_problem(
            text, record.status_basis, list(record.mentions), record.status
        )
        if status_message:
            messages.append(("status_basis", status_message))
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
    """
    Assemble resolved rows into a GeoDataFrame with measured lengths and areas.

    Parameters
    ----------
    rows : list of dict
        Rows from :func:`resolve_record`.

    Returns
    -------
    GeoDataFrame
        WGS84, sorted by id; ``length_km`` for lines and ``area_km2`` for areas measured in
        EPSG:32650 (NaN otherwise).
    """
    frame = gpd.GeoDataFrame(pd.DataFrame(rows), geometry="geometry", crs=settings.CRS_WGS84)
    if frame.empty:
        return frame
    metric = projection.to_metric(frame.geometry)
    frame["length_km"] = np.where(
        metric.geom_type.str.contains("LineString", na=False), metric.length / 1000, np.nan
    )
    frame["area_km2"] = np.where(
        metric.geom_type.str.contains("Polygon", na=False), metric.area / 1e6, np.nan
    )
    return frame.sort_values("id", kind="stable").reset_index(drop=True)


def write_plan_outputs(
    items: gpd.GeoDataFrame,
    text: PlanText,
    out_dir: Path,
    outline: list[dict],
    indicators: pd.DataFrame,
) -> None:
    """
    Write the derived files deterministically (sorted, rounded, no timestamps).

    Parameters
    ----------
    items : GeoDataFrame
        The resolved items.
    text : PlanText
        The plan's text.
    out_dir : Path
        Receives ``plan_items.geojson``, ``outline.json`` and ``indicators.csv``.
    outline : list of dict
        The plan's outline with its English merged in (see
        :func:`layers.english.english_outline`).
    indicators : DataFrame
        表1 and 表2 with their English columns.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / PLAN_ITEMS_FILE).write_text(items_geojson(items), encoding="utf-8")
    document = {"source": text.path.name, "chapters": outline}
    (out_dir / "outline.json").write_text(
        json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    indicators.to_csv(out_dir / "indicators.csv", index=False, lineterminator="\n")


def items_geojson(items: gpd.GeoDataFrame) -> str:
    """Serialise items as compact, deterministic GeoJSON (one feature per line).

    Parameters
    ----------
    items : GeoDataFrame
        Resolved items, WGS84.

    Returns
    -------
    str
        The text of ``plan_items.geojson`` (see :func:`geo.geojson.geojson_text`).
    """
    return geojson_text(items, snap=True)


def validate_committed(plan_dir=None, base_dir=None, sources_dir=None) -> list[Problem]:
    """
    Validate the committed derived plan layer against the committed base layers.

    Bus-stop claims are checked when the sources folder is there (no copy of the stops is
    committed: they are a reference, not a layer).

    Parameters
    ----------
    plan_dir : Path, optional
        Folder of ``plan_items.geojson`` and ``outline.json``; ``settings.PLAN_DIR`` if None.
    base_dir : Path, optional
        Folder of the base layers; ``settings.BASE_DIR`` if None.
    sources_dir : Path, optional
        The offline sources; ``settings.SOURCES_DIR`` if None (stop claims skipped if absent).

    Returns
    -------
    list of Problem
        Empty when the committed items pass every check; a missing or unreadable file is one
        problem naming it.
    """
    from pathlib import Path

    from layers.base import load_base_layer
    from layers.plan import load_outline, load_plan_items

    plan_dir = Path(plan_dir or settings.PLAN_DIR)
    base_dir = Path(base_dir or settings.BASE_DIR)
    try:
        items = load_plan_items(plan_dir / "plan_items.geojson")
        district = load_base_layer("district", base_dir, ()).geometry.union_all()
        outline = load_outline(plan_dir / "outline.json")
        station_layer = load_base_layer("metro_stations", base_dir, ("name",))
        stops = load_bus_stop_points(sources_dir)
    except (OSError, ValueError) as err:
        return [
            Problem(str(getattr(err, "filename", None) or plan_dir), None, None, None, str(err))
        ]
    stations = dict(zip(station_layer["name"], station_layer.geometry, strict=True))
    from layers.english import load_glossary

    try:
        glossary = load_glossary()
    except ValueError as err:
        return [Problem("glossary", None, None, None, str(err))]
    return _validate.validate_items(
        items, district, outline, stations=stations, stops=stops, glossary=glossary
    )
