"""Benchmark: walking reach from all facilities of a kind in one multi-source pass, against
one ``networkx.ego_graph`` per facility (the usual osmnx isochrone recipe), in the same run.

For each kind (and for all mapped items together, a "chosen set") it prints:

- search: the shortest-path work alone; ours is one multi-source Dijkstra with a cutoff
  (:func:`geo.reach.nearest_facility_search`, keeping the nearest facility of every node), the
  baseline one ``networkx.ego_graph(radius=...)`` per facility. Both run on the same network
  with the same facility links, and the bench checks that both reach the same street nodes;
- areas: end to end, reached streets to polygons and the uncovered share; ours is
  :func:`geo.reach.service_areas` + :func:`geo.reach.uncovered_area`, the baseline buffers each
  facility's ego graph (whole edges) and unions them.

Times are the fastest of ``--repeats`` runs on the committed streets (``data/base/roads.geojson``).

Usage: ``python bench/bench_reach.py [--minutes 15] [--repeats 5]``
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import geopandas as gpd
import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo import reach, settings  # noqa: E402
from layers.base import load_base_layer  # noqa: E402
from layers.plan import load_plan_items  # noqa: E402
from layers.spatial import reach_facilities  # noqa: E402

KINDS = ("hospital", "school", "park", "community", "elderly_care")


def _best_seconds(work, repeats: int) -> float:
    """Fastest of ``repeats`` runs: on a shared machine the minimum is the least disturbed."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def joined_graph(graph: nx.Graph, joins: list[dict]) -> nx.Graph:
    """The network with one source node per facility, linked as ``attach_facilities`` says."""
    joined = graph.copy()
    for index, join in enumerate(joins):
        for node, metres in join["seeds"]:
            source = ("facility", index)
            if not joined.has_edge(source, node) or joined[source][node]["length"] > metres:
                joined.add_edge(source, node, length=metres)
    return joined


def ego_search(joined: nx.Graph, count: int, budget: float) -> list[nx.Graph]:
    """The per-facility way: one ego graph around each facility's source node."""
    return [
        nx.ego_graph(joined, ("facility", i), radius=budget, distance="length")
        for i in range(count)
    ]


def ego_areas(joined: nx.Graph, facilities, budget: float, district) -> float:
    """The per-facility way end to end: buffer each ego graph's streets, union, uncovered."""
    polygons = []
    own = facilities.geometry.to_crs(settings.CRS_METRIC).to_numpy()
    for index, ego in enumerate(ego_search(joined, len(facilities), budget)):
        lines = [d["geometry"] for _, _, d in ego.edges(data=True) if "geometry" in d]
        polygons.append(reach.buffer_streets([*lines, own[index]], reach.WALK_IN_M))
    areas = gpd.GeoDataFrame(geometry=polygons, crs=settings.CRS_METRIC).to_crs(4326)
    return reach.uncovered_area(district, areas)[1]


def ours_areas(graph: nx.Graph, facilities, minutes: float, district) -> float:
    areas = reach.service_areas(graph, facilities, minutes)
    return reach.uncovered_area(district, areas)[1]


def bench_set(name, graph, facilities, minutes, district, repeats) -> None:
    budget = reach.walk_metres(minutes)
    joins = reach.attach_facilities(graph, facilities)
    joined = joined_graph(graph, joins)
    reached, _ = reach.nearest_facility_search(graph, joins, budget)
    union = set().union(*(set(e) for e in ego_search(joined, len(facilities), budget)))
    union = {n for n in union if not isinstance(n, tuple)}
    assert union == set(reached), f"{name}: the two ways reach different nodes"
    ours = _best_seconds(lambda: reach.nearest_facility_search(graph, joins, budget), repeats)
    ego = _best_seconds(lambda: ego_search(joined, len(facilities), budget), repeats)
    ours_all = _best_seconds(lambda: ours_areas(graph, facilities, minutes, district), repeats)
    ego_all = _best_seconds(lambda: ego_areas(joined, facilities, budget, district), repeats)
    share = ours_areas(graph, facilities, minutes, district)
    print(
        f"{name:<14}{len(facilities):>4}{len(reached):>7}"
        f"{ours * 1e3:>10.1f}{ego * 1e3:>10.1f}{ego / ours:>7.1f}x"
        f"{ours_all * 1e3:>10.0f}{ego_all * 1e3:>10.0f}{ego_all / ours_all:>7.1f}x"
        f"{share:>10.1%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=reach.REACH_MINUTES)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    start = time.perf_counter()
    graph = reach.street_graph(load_base_layer("roads"))
    built = time.perf_counter() - start
    items = load_plan_items()
    district = load_base_layer("district").geometry.union_all()
    print(
        f"committed streets: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} links "
        f"(graph built in {built * 1e3:.0f} ms); {args.minutes:g} min at "
        f"{reach.WALK_SPEED_KMH:g} km/h = {reach.walk_metres(args.minutes):.0f} m; "
        f"fastest of {args.repeats}"
    )
    print(
        f"{'set':<14}{'n':>4}{'nodes':>7}{'multi ms':>10}{'ego ms':>10}{'ratio':>8}"
        f"{'areas ms':>10}{'ego ms':>10}{'ratio':>8}{'beyond':>10}"
    )
    for kind in KINDS:
        bench_set(kind, graph, reach_facilities(items, [kind]), args.minutes, district,
                  args.repeats)  # fmt: skip
    everything = items[items.geometry.notna()]
    chosen = reach_facilities(items, ids=list(everything["id"]))
    bench_set("all mapped", graph, chosen, args.minutes, district, min(args.repeats, 2))


if __name__ == "__main__":
    main()
