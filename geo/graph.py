"""Road graphs as GeoDataFrames of undirected, unique segments."""

from __future__ import annotations

import geopandas as gpd
import networkx as nx
import numpy as np
import osmnx as ox
import pandas as pd

from geo import settings

_RANK = {name: rank for rank, name in enumerate(settings.ROAD_CLASSES)}


def road_class(highway: str | list[str] | None) -> str | None:
    """
    Return the most important drivable class of an edge's ``highway`` value.

    osmnx joins the tags of merged ways into a list when it simplifies a graph, so the
    value may be a list; the class ranked first in ``settings.ROAD_CLASSES`` wins.

    Parameters
    ----------
    highway
        A ``highway`` tag value or list of values.

    Returns
    -------
    cls
        The best-ranked drivable class, or None if none of the values is drivable.
    """
    values = highway if isinstance(highway, list) else [highway]
    drivable = [v for v in values if v in _RANK]
    return min(drivable, key=_RANK.__getitem__) if drivable else None


def undirected_segments(network: nx.MultiDiGraph) -> gpd.GeoDataFrame:
    """
    Turn a directed road graph into unique undirected segments.

    A two-way road appears twice in a directed graph (u->v and v->u), and parallel
    links may join the same pair of nodes; each pair of nodes becomes one segment,
    keeping the most important road class (then the shortest length) among its edges.

    Parameters
    ----------
    network
        An osmnx graph with ``x``/``y`` node coordinates (EPSG:4326) and edge attributes
        ``length`` (metres) and ``highway``.

    Returns
    -------
    segments
        Columns ``u``, ``v`` (node ids, ``u`` < ``v`` by sort order), ``highway``,
        ``length_m`` (the graph's ``length``: true road length, not geometry length) and a
        LineString geometry oriented from ``u`` to ``v``; sorted by ``u``, ``v``. Edges
        with no drivable class are left out.
    """
    if not isinstance(network, nx.MultiDiGraph | nx.MultiGraph):
        msg = f"expected an osmnx MultiDiGraph, got {type(network).__name__}"
        raise ValueError(msg)
    if network.number_of_edges() == 0:
        msg = "the graph has no edges"
        raise ValueError(msg)
    edges = ox.graph_to_gdfs(network, nodes=False, fill_edge_geometry=True).reset_index()
    missing = {"length", "highway"} - set(edges.columns)
    if missing:
        msg = f"graph edges lack attribute(s) {sorted(missing)}"
        raise ValueError(msg)
    edges["highway"] = edges["highway"].map(road_class)
    edges = edges[edges["highway"].notna() & (edges["u"] != edges["v"])]
    flip = _sort_key(edges["u"]) > _sort_key(edges["v"])
    edges.loc[flip, ["u", "v"]] = edges.loc[flip, ["v", "u"]].to_numpy()
    edges.loc[flip, "geometry"] = edges.loc[flip, "geometry"].reverse()
    edges["rank"] = edges["highway"].map(_RANK)
    edges = edges.sort_values(["u", "v", "rank", "length"], kind="stable")
    edges = edges.drop_duplicates(["u", "v"], keep="first")
    segments = edges.rename(columns={"length": "length_m"})[
        ["u", "v", "highway", "length_m", "geometry"]
    ]
    return gpd.GeoDataFrame(segments.reset_index(drop=True), crs=network.graph.get("crs"))


def _sort_key(ids: pd.Series) -> np.ndarray:
    """Node ids as comparable values (ints stay ints; anything else compares as text)."""
    if pd.api.types.is_integer_dtype(ids):
        return ids.to_numpy()
    return ids.astype(str).to_numpy()
