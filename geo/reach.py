"""Walking reach ("15-minute circles"): service areas of facilities on a street network.

One multi-source shortest-path pass from all facilities at once (Dijkstra with a cutoff) gives
every street node its walking distance to the *nearest* facility and which facility that is;
each facility's area is then the streets it reaches first, buffered by a walk-in margin
(:data:`WALK_IN_M`) so that the buildings along a street count and the area always contains its
facility. Together the areas cover exactly what one would get from one search per facility.

Facilities join the network at the nearest point of the nearest street (the straight walk there
counts against the time). Links are walkable both ways. The committed network (``roads``) holds
drivable streets only: footpaths and alleys are missing, so reach there is a lower bound.

========================  ====================================================
committed streets         :func:`street_graph` (``data/base/roads.geojson``)
OSM walking network       :func:`walk_network` (online, osmnx) /
                          :func:`walk_network_from_xml` (a local .osm file)
distances and owners      :func:`nearest_facility_search`, :func:`reach_nodes`
areas                     :func:`service_areas`, :func:`uncovered_area`
========================  ====================================================
"""

from __future__ import annotations

import heapq
import math
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import osmnx as ox
import pandas as pd
import shapely
from shapely.ops import nearest_points, substring

from geo import settings
from geo._errors import SourceError

#: Default walking speed (km/h).
WALK_SPEED_KMH = 4.5
#: Default time budget (minutes): the plan's 一刻钟 / 15 分钟.
REACH_MINUTES = 15.0
#: Margin around reached streets (metres): buildings along a street are reached with it.
WALK_IN_M = 50.0
#: OSM highway values nobody walks on (osmnx's "walk" network leaves these out too).
NOT_WALKABLE = frozenset(
    {"motorway", "motorway_link", "cycleway", "construction", "proposed", "abandoned",
     "platform", "raceway", "bus_guideway", "razed", "planned"}
)  # fmt: skip


def walk_metres(minutes: float, speed_kmh: float = WALK_SPEED_KMH) -> float:
    """Distance walked in ``minutes`` at ``speed_kmh`` (15 min at 4.5 km/h: 1125 m).

    Parameters
    ----------
    minutes : float
        Walking time, more than 0 and at most 120 minutes.
    speed_kmh : float
        Walking speed, 1–20 km/h (default :data:`WALK_SPEED_KMH`).

    Returns
    -------
    float
        The distance in metres.

    Raises
    ------
    ValueError
        When ``minutes`` or ``speed_kmh`` is out of range.
    """
    if not 0 < minutes <= 120:
        raise ValueError(f"minutes must be between 0 and 120, got {minutes}")
    if not 1 <= speed_kmh <= 20:
        raise ValueError(f"speed_kmh must be between 1 and 20, got {speed_kmh}")
    return minutes * speed_kmh * 1000 / 60


def street_graph(roads: gpd.GeoDataFrame) -> nx.Graph:
    """Build an undirected street graph from road segments.

    Segments meet where their end points coincide (to 1e-6 degree, as the base layer stores
    them). Two segments between the same ends keep the shorter.

    Parameters
    ----------
    roads : GeoDataFrame
        LineStrings with a CRS; ``length_m`` (true road length, metres) when known, else the
        measured length in EPSG:32650.

    Returns
    -------
    networkx.Graph
        Nodes are ints with metric ``x``/``y``; edges have ``length`` (m), a metric
        ``geometry`` and ``start`` (the node where the geometry begins).
    """
    if not isinstance(roads, gpd.GeoDataFrame) or roads.crs is None:
        raise ValueError("roads must be a GeoDataFrame with a CRS")
    lines = roads[roads.geom_type == "LineString"]
    if lines.empty:
        raise ValueError("roads has no LineString segments")
    wgs = lines.geometry.to_crs(settings.CRS_WGS84).to_numpy()
    ends = np.column_stack(
        [shapely.get_coordinates(shapely.get_point(wgs, i)) for i in (0, -1)]
    ).round(settings.COORD_DECIMALS)
    metric = lines.geometry.to_crs(settings.CRS_METRIC).to_numpy()
    lengths = (
        lines["length_m"].astype(float).to_numpy()
        if "length_m" in lines.columns
        else shapely.length(metric)
    )
    keys = pd.Index(pd.unique(np.concatenate([_keys(ends[:, :2]), _keys(ends[:, 2:])])))
    starts = keys.get_indexer(_keys(ends[:, :2]))
    stops = keys.get_indexer(_keys(ends[:, 2:]))
    graph = nx.Graph(crs=settings.CRS_METRIC)
    for u, v, length, geometry in zip(starts, stops, lengths, metric, strict=True):
        u, v = int(u), int(v)
        if u == v or (graph.has_edge(u, v) and graph[u][v]["length"] <= length):
            continue
        graph.add_edge(u, v, length=float(length), geometry=geometry, start=u)
    for node, (x, y) in _node_xy(graph).items():
        graph.nodes[node]["x"], graph.nodes[node]["y"] = x, y
    return graph


def _keys(coords: np.ndarray) -> np.ndarray:
    return np.array([f"{x:.6f},{y:.6f}" for x, y in coords])


def _node_xy(graph: nx.Graph) -> dict[int, tuple[float, float]]:
    xy: dict[int, tuple[float, float]] = {}
    for u, v, data in graph.edges(data=True):
        first, last = data["geometry"].coords[0], data["geometry"].coords[-1]
        start_xy, end_xy = (first, last) if data["start"] == u else (last, first)
        xy.setdefault(u, start_xy)
        xy.setdefault(v, end_xy)
    return xy


def graph_from_osmnx(network: nx.MultiDiGraph) -> nx.Graph:
    """Turn an osmnx graph into a walkable :func:`street_graph` (both ways, no motorways).

    Parameters
    ----------
    network : networkx.MultiDiGraph
        An osmnx graph (``length`` and ``highway`` on its edges).

    Returns
    -------
    networkx.Graph
    """
    if not isinstance(network, nx.MultiDiGraph | nx.MultiGraph) or network.number_of_edges() == 0:
        raise ValueError("expected an osmnx graph with edges")
    edges = ox.graph_to_gdfs(network, nodes=False, fill_edge_geometry=True).reset_index()
    walkable = ~edges["highway"].map(_not_walkable)
    if "foot" in edges.columns:
        walkable &= ~edges["foot"].map(lambda v: "no" in (v if isinstance(v, list) else [v]))
    roads = edges.loc[walkable, ["length", "geometry"]].rename(columns={"length": "length_m"})
    if roads.empty:
        raise ValueError("the network has no walkable links")
    return street_graph(gpd.GeoDataFrame(roads, geometry="geometry", crs=edges.crs))


def _not_walkable(highway: object) -> bool:
    values = highway if isinstance(highway, list) else [highway]
    return all(v in NOT_WALKABLE for v in values)


def walk_network_from_xml(path: Path) -> nx.Graph:
    """The walking network of a local OSM XML file (footways included).

    Parameters
    ----------
    path : Path
        An ``.osm`` file.

    Returns
    -------
    networkx.Graph
    """
    path = Path(path)
    if not path.exists():
        raise SourceError(f"{path}: not found")
    tags = ox.settings.useful_tags_way
    ox.settings.useful_tags_way = [*tags, "foot"]  # osmnx drops the foot tag by default
    try:
        network = ox.graph_from_xml(path, simplify=False, retain_all=True)
    except Exception as exc:  # osmnx/SAX raise many types for a broken file
        raise SourceError(f"{path}: cannot build a walking network ({exc!r})") from exc
    finally:
        ox.settings.useful_tags_way = tags
    # filter before simplifying: simplification merges a motorway into the street it joins
    walkable = [
        (u, v, k)
        for u, v, k, data in network.edges(keys=True, data=True)
        if not _not_walkable(data.get("highway")) and data.get("foot") != "no"
    ]
    if not walkable:
        raise SourceError(f"{path}: no walkable ways")
    return graph_from_osmnx(ox.simplify_graph(network.edge_subgraph(walkable).copy()))


def walk_network(polygon: shapely.Geometry, margin_m: float | None = None) -> nx.Graph:
    """Download OSM's walking network around ``polygon`` with osmnx (needs internet).

    Parameters
    ----------
    polygon : shapely geometry
        The district, WGS84.
    margin_m : float, optional
        Margin around it (metres), so that reach across the boundary is not cut short;
        ``settings.ROAD_MARGIN_M`` if None.

    Returns
    -------
    networkx.Graph
    """
    if polygon is None or polygon.is_empty:
        raise ValueError("the polygon has no geometry")
    if margin_m is None:
        margin_m = settings.ROAD_MARGIN_M
    area = gpd.GeoSeries([polygon], crs=settings.CRS_WGS84).to_crs(settings.CRS_METRIC)
    area = area.buffer(margin_m).to_crs(settings.CRS_WGS84).iloc[0]
    try:
        network = ox.graph_from_polygon(area, network_type="walk", simplify=True, retain_all=True)
    except Exception as exc:  # network errors, Overpass refusals
        raise SourceError(f"cannot download the walking network from OSM ({exc!r})") from exc
    return graph_from_osmnx(network)


def _facility_geometries(facilities: gpd.GeoDataFrame) -> np.ndarray:
    if not isinstance(facilities, gpd.GeoDataFrame) or facilities.crs is None:
        raise ValueError("facilities must be a GeoDataFrame with a CRS")
    if facilities.empty:
        raise ValueError("no facilities: nothing to measure reach from")
    if "id" not in facilities.columns:
        raise ValueError("facilities need an 'id' column")
    if facilities.geometry.isna().any() or facilities.geometry.is_empty.any():
        missing = list(facilities.loc[facilities.geometry.isna(), "id"])
        raise ValueError(f"facilities without a geometry: {missing}")
    return facilities.geometry.to_crs(settings.CRS_METRIC).to_numpy()


def attach_facilities(graph: nx.Graph, facilities: gpd.GeoDataFrame) -> list[dict]:
    """Where each facility joins the network, and at what walking distance.

    A facility joins both ends of its nearest street (the straight walk to that street plus
    the distance along it) and, for an area, every street node inside it (distance 0).

    Parameters
    ----------
    graph : networkx.Graph
        The street network (see :func:`reach_nodes`), with at least one link.
    facilities : GeoDataFrame
        Starting points with a CRS and an ``id`` column (any geometry, none missing or empty).

    Returns
    -------
    list of dict
        Per facility: ``seeds`` (list of (node, metres)), ``edge`` (its street as (start,
        end)), ``gap`` (m to the street), ``along`` (m from the street's ``start``, true
        length), ``line`` (the walk to the street, metric, or None when on it).
    """
    geometries = _facility_geometries(facilities)
    if graph.number_of_edges() == 0:
        raise ValueError("the street network has no links")
    edges, tree, nodes, node_tree = _indexes(graph)
    joins = []
    for geometry in geometries:
        u, v, data = edges[int(tree.nearest(geometry))]
        line, length = data["geometry"], data["length"]
        on_street, at_facility = nearest_points(line, geometry)
        gap = float(on_street.distance(at_facility))
        scale = length / line.length if line.length > 0 else 1.0
        along = float(line.project(on_street)) * scale
        start, end = (u, v) if data["start"] == u else (v, u)
        seeds = [(start, gap + along), (end, gap + length - along)]
        if shapely.get_dimensions(geometry) == 2:
            seeds += [(nodes[int(hit)], 0.0) for hit in node_tree.query(geometry, "intersects")]
        walk_in = shapely.LineString([at_facility, on_street]) if gap > 0 else None
        joins.append(
            {"seeds": seeds, "edge": (start, end), "gap": gap, "along": along, "line": walk_in}
        )
    return joins


def _indexes(graph: nx.Graph) -> tuple:
    """Edge list, edge STRtree, node list, node STRtree, and the plain adjacency (cached on
    the graph: a reach question reuses them)."""
    cached = graph.graph.get("_reach_indexes")
    if cached is None or cached[0] != graph.number_of_edges():
        edges = list(graph.edges(data=True))
        nodes = list(graph.nodes)
        points = shapely.points(
            [graph.nodes[n]["x"] for n in nodes], [graph.nodes[n]["y"] for n in nodes]
        )
        adjacency = {n: [(v, d["length"]) for v, d in graph.adj[n].items()] for n in nodes}
        parts = (edges, shapely.STRtree([d["geometry"] for *_, d in edges]), nodes,
                 shapely.STRtree(points), adjacency)  # fmt: skip
        cached = (graph.number_of_edges(), parts)
        graph.graph["_reach_indexes"] = cached
    return cached[1][:4]


def _adjacency(graph: nx.Graph) -> dict:
    _indexes(graph)
    return graph.graph["_reach_indexes"][1][4]


def nearest_facility_search(
    graph: nx.Graph, joins: list[dict], budget_m: float
) -> tuple[dict, dict]:
    """One multi-source Dijkstra pass with a cutoff, keeping the nearest facility of each node.

    networkx's ``multi_source_dijkstra`` starts every source at distance 0 and names the
    source only through whole paths; here a facility starts at its walk-in distance and only
    its index travels with the search.

    Parameters
    ----------
    graph : networkx.Graph
        The street network the joins were made on.
    joins : list of dict
        From :func:`attach_facilities`; a facility's position in it is its index. Seeds
        farther than ``budget_m`` are not used.
    budget_m : float
        Cutoff in metres: nodes farther from every facility are left out.

    Returns
    -------
    distance : dict
        Node -> metres to the nearest facility (nodes within ``budget_m`` only).
    owner : dict
        Node -> index of that facility (at equal distance, the lower index).
    """
    adjacency = _adjacency(graph)
    heap = [
        (metres, index, node)
        for index, join in enumerate(joins)
        for node, metres in join["seeds"]
        if metres <= budget_m
    ]
    heapq.heapify(heap)
    distance: dict = {}
    owner: dict = {}
    while heap:
        metres, index, node = heapq.heappop(heap)
        if node in distance:
            continue
        distance[node], owner[node] = metres, index
        for other, length in adjacency[node]:
            further = metres + length
            if further <= budget_m and other not in distance:
                heapq.heappush(heap, (further, index, other))
    return distance, owner


def reach_nodes(
    graph: nx.Graph,
    facilities: gpd.GeoDataFrame,
    budget_m: float,
    joins: list[dict] | None = None,
    speed_kmh: float = WALK_SPEED_KMH,
) -> pd.DataFrame:
    """Walking distance and time from every street node to its nearest facility, in one pass.

    Parameters
    ----------
    graph : networkx.Graph
        From :func:`street_graph`, :func:`walk_network` or :func:`walk_network_from_xml`.
    facilities : GeoDataFrame
        Starting points (any geometry; ``id`` column).
    budget_m : float
        Cutoff in metres (see :func:`walk_metres`); farther nodes are left out.
    joins : list of dict, optional
        A prepared :func:`attach_facilities` result (to reuse it).
    speed_kmh : float
        Walking speed for the ``minutes`` column.

    Returns
    -------
    DataFrame
        One row per reached street node: ``node``, ``x``, ``y`` (EPSG:32650),
        ``distance_m``, ``minutes`` and ``facility`` (the position of the nearest facility in
        ``facilities``), ordered by node.
    """
    if not budget_m > 0:
        raise ValueError(f"budget_m must be positive, got {budget_m}")
    distance, owner = nearest_facility_search(
        graph, joins or attach_facilities(graph, facilities), budget_m
    )
    rows = [
        (node, graph.nodes[node]["x"], graph.nodes[node]["y"], metres, owner[node])
        for node, metres in distance.items()
    ]
    frame = pd.DataFrame(rows, columns=["node", "x", "y", "distance_m", "facility"])
    frame.insert(4, "minutes", frame["distance_m"] / walk_metres(1, speed_kmh))
    return frame.sort_values("node", kind="stable").reset_index(drop=True)


def _pieces(
    graph: nx.Graph, distance: dict, owner: dict, budget_m: float, access: list
) -> dict[int, list[shapely.Geometry]]:
    """Reached street pieces (metric lines) per facility position."""
    pieces: dict[int, list] = {}
    touched = {(min(u, v), max(u, v)) for u in distance for v in graph.adj[u]}
    for u, v in sorted(touched):
        data = graph.edges[u, v]
        start, end = (u, v) if data["start"] == u else (v, u)
        for who, lo, hi in _edge_spans(
            data["length"], distance.get(start, math.inf), distance.get(end, math.inf),
            owner.get(start), owner.get(end), budget_m,
        ):  # fmt: skip
            pieces.setdefault(who, []).append(_cut(data, lo, hi))
    for who, walk in enumerate(access):  # the facility's own street, around where it joins
        room = budget_m - walk["gap"]
        if room < 0:
            continue
        data = graph.edges[walk["edge"]]
        lo, hi = max(walk["along"] - room, 0.0), min(walk["along"] + room, data["length"])
        pieces.setdefault(who, []).append(_cut(data, lo, hi))
        if walk["line"] is not None:
            pieces[who].append(walk["line"])
    return pieces


def _edge_spans(
    length: float, d_start: float, d_end: float, o_start, o_end, budget: float
) -> list[tuple[int, float, float]]:
    """Who reaches which stretch of an edge: (facility, from, to) in metres from its start."""
    ahead = min(max(budget - d_start, 0.0), length)
    back = min(max(budget - d_end, 0.0), length)
    if ahead + back >= length:  # covered end to end: split where the two walks meet
        if o_end is None or o_start == o_end or d_end == math.inf:
            return [(o_start, 0.0, length)]
        if o_start is None or d_start == math.inf:
            return [(o_end, 0.0, length)]
        meet = min(max((length + d_end - d_start) / 2, 0.0), length)
        return [(o_start, 0.0, meet), (o_end, meet, length)]
    spans = []
    if ahead > 0:
        spans.append((o_start, 0.0, ahead))
    if back > 0:
        spans.append((o_end, length - back, length))
    return spans


def _cut(data: dict, lo: float, hi: float) -> shapely.Geometry:
    length = data["length"] or 1.0
    if lo <= 0 and hi >= length:  # most reached streets are reached whole
        return data["geometry"]
    return substring(data["geometry"], lo / length, hi / length, normalized=True)


def buffer_streets(parts: list[shapely.Geometry], walk_in_m: float) -> shapely.Geometry:
    """Union of the pieces each buffered by ``walk_in_m``.

    One buffer per piece, then one union: several times faster in GEOS than buffering the
    collection as a whole.

    Parameters
    ----------
    parts : list of shapely geometry
        Metric (EPSG:32650) street pieces, walk-in lines and facility geometries.
    walk_in_m : float
        Buffer distance in metres; at least 0.5 m is used, so points and lines still give
        an area.

    Returns
    -------
    shapely geometry
        The metric (Multi)Polygon (an empty GeometryCollection for no parts).
    """
    return shapely.union_all(shapely.buffer(np.asarray(parts, dtype=object), max(walk_in_m, 0.5)))


def service_areas(
    graph: nx.Graph,
    facilities: gpd.GeoDataFrame,
    minutes: float = REACH_MINUTES,
    speed_kmh: float = WALK_SPEED_KMH,
    walk_in_m: float = WALK_IN_M,
) -> gpd.GeoDataFrame:
    """One walking service area per facility: the streets it reaches first, plus a margin.

    Parameters
    ----------
    graph : networkx.Graph
        The street network (see :func:`reach_nodes`).
    facilities : GeoDataFrame
        Starting points with ``id`` (and any other columns, kept).
    minutes, speed_kmh : float
        Time budget and walking speed.
    walk_in_m : float
        Buffer around reached streets (metres, 0–200).

    Returns
    -------
    GeoDataFrame
        The facilities' columns plus ``minutes``, ``speed_kmh``, ``walk_m`` (the budget),
        ``walk_in_m``, ``area_km2``; one (Multi)Polygon per facility, WGS84. An area always
        contains its facility (an area facility is part of its own area).
    """
    if not 0 <= walk_in_m <= 200:
        raise ValueError(f"walk_in_m must be between 0 and 200 metres, got {walk_in_m}")
    budget = walk_metres(minutes, speed_kmh)
    joins = attach_facilities(graph, facilities)
    distance, owner = nearest_facility_search(graph, joins, budget)
    pieces = _pieces(graph, distance, owner, budget, joins)
    own = _facility_geometries(facilities)
    polygons = [
        buffer_streets([*pieces.get(index, []), geometry], walk_in_m)
        for index, geometry in enumerate(own)
    ]
    areas = gpd.GeoSeries(polygons, crs=settings.CRS_METRIC)
    out = facilities.drop(columns=facilities.geometry.name).reset_index(drop=True)
    out = out.assign(
        minutes=float(minutes),
        speed_kmh=float(speed_kmh),
        walk_m=round(budget, 1),
        walk_in_m=float(walk_in_m),
        area_km2=(areas.area / 1e6).round(3).to_numpy(),
    )
    return gpd.GeoDataFrame(out, geometry=areas.to_crs(settings.CRS_WGS84).to_numpy(),
                            crs=settings.CRS_WGS84)  # fmt: skip


def uncovered_area(
    district: shapely.Geometry, areas: gpd.GeoDataFrame
) -> tuple[shapely.Geometry, float]:
    """The part of the district no area reaches, and its share of the district.

    Parameters
    ----------
    district : shapely geometry
        WGS84 (Multi)Polygon.
    areas : GeoDataFrame
        From :func:`service_areas`.

    Returns
    -------
    geometry : shapely geometry
        WGS84.
    share : float
        0..1 of the district's area (measured in EPSG:32650).
    """
    if district is None or district.is_empty:
        raise ValueError("the district has no geometry")
    whole = gpd.GeoSeries([district], crs=settings.CRS_WGS84).to_crs(settings.CRS_METRIC).iloc[0]
    reached = shapely.union_all(areas.geometry.to_crs(settings.CRS_METRIC).to_numpy())
    rest = whole.difference(reached)
    share = rest.area / whole.area
    wgs = gpd.GeoSeries([rest], crs=settings.CRS_METRIC).to_crs(settings.CRS_WGS84).iloc[0]
    return wgs, float(share)
