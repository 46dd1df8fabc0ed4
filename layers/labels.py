"""Build the map's name labels: plan items, metro stations, neighbours, main roads -> GeoJSON.

One feature per label, WGS84, with ``text_zh``/``text_en``, ``kind``, ``priority`` (1 is drawn
first and wins a collision), ``min_zoom`` and ``placement`` (``point`` or ``line``: written
along a line). ``static/js/gulou_labels.js`` draws them as page text with collision handling.

The road network carries no names, so each main road named here is routed over the committed
road network between reference points (metro station groups, AMap bus stops named after the
road) exactly as the plan's axes are, and marked ``approximate``. The bus stops are only used
as waypoints and cited; no stop is published.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import LineString, Point, mapping
from shapely.ops import polylabel

from geo import projection, settings
from layers.base import load_base_layer

#: Where the browser copy lives (served at ``/app/static/labels/labels.geojson``).
LABELS_FILE = "labels.geojson"

#: Label priority by kind: the plan's structure first, then its named places, then context.
PRIORITY: dict[str, int] = {
    "zone": 1,
    "axis": 1,
    "new_eight": 2,
    "landmark": 2,
    "green_water": 3,
    "station": 4,
    "neighbour": 5,
    "road": 6,
    "item": 7,
}
#: The zoom from which each kind is drawn (the district fits at about zoom 13.5).
MIN_ZOOM: dict[str, float] = {
    "zone": 0,
    "axis": 0,
    "new_eight": 0,
    "landmark": 13,
    "green_water": 13,
    "station": 13,
    "neighbour": 11,
    "road": 13.5,
    "item": 15,
}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_PLAN_LINE = re.compile(r"新八景")


@dataclass(frozen=True)
class RoadSpec:
    """A main road to name: its names and the reference points it is routed through."""

    name_zh: str
    name_en: str
    #: ``station:<name>`` (OSM metro station group) or ``stop:<name_short>`` (AMap bus stop).
    waypoints: tuple[str, ...]


#: Main roads in the district with reference points known to lie on them. 八一七路 and 杨桥路
#: are named along the plan's own routed axes (see :func:`_axis_roads`).
ROADS: tuple[RoadSpec, ...] = (
    RoadSpec("五四路", "Wusi Rd", ("station:树兜", "station:省立医院")),
    RoadSpec("东街", "Dongjie St", ("station:东街口", "station:省立医院", "station:东门")),
)
_AXIS_ROADS = {"axis-bayiqi": ("八一七路", "Bayiqi Rd"), "axis-yangqiao": ("杨桥路", "Yangqiao Rd")}
_CREDIT_STOPS = "公交站点：高德 via Tensort-s/matsim-example-project"


def new_eight_order(plan_text: str) -> list[str]:
    """Return the 新八景 names in the order the plan lists them.

    Parameters
    ----------
    plan_text : str
        The plan's full text.

    Returns
    -------
    list of str
        The names from the sentence that introduces the 新八景 (``创新打造A、B…八大``).

    Raises
    ------
    ValueError
        If the text has no such sentence with eight names.
    """
    match = re.search(r"新八景.*?创新打造([^，。]*?)八大", plan_text, re.S)
    names = match.group(1).split("、") if match else []
    if len(names) != 8:
        raise ValueError("plan text: no sentence listing the eight 新八景 (创新打造…八大) found")
    return [name.strip() for name in names]


def _rows(frame: gpd.GeoDataFrame):
    """(properties, geometry) of each row."""
    props = frame.drop(columns="geometry").to_dict("records")
    return zip(props, frame.geometry, strict=True)


def _feature(geom, text_zh: str, text_en: str, kind: str, **extra) -> dict:
    placement = "line" if geom.geom_type in ("LineString", "MultiLineString") else "point"
    if placement == "point" and geom.geom_type != "Point":
        geom = _label_point(geom)
    props = {
        "text_zh": text_zh,
        "text_en": text_en,
        "kind": kind,
        "priority": PRIORITY[kind],
        "min_zoom": MIN_ZOOM[kind],
        "placement": placement,
    } | extra
    return {"type": "Feature", "properties": props, "geometry": mapping(geom)}


def _label_point(geom) -> Point:
    """The pole of inaccessibility of an area (inside it, unlike a centroid)."""
    if geom.geom_type == "MultiPolygon":
        geom = max(geom.geoms, key=lambda g: g.area)
    return polylabel(geom, tolerance=1e-5)


def _item_kind(props: dict) -> str:
    if props["kind"] in ("zone", "axis"):
        return props["kind"]
    if props["layer"] == "new_eight":
        return "new_eight"
    if props["layer"] == "axis_landmarks":
        return "landmark"
    if props["layer"] == "parks_water":
        return "green_water"
    return "item"


def plan_labels(items: gpd.GeoDataFrame, order: list[str]) -> list[dict]:
    """Labels of the mapped plan items (belts and areas of the structure layer are left out).

    Parameters
    ----------
    items : GeoDataFrame
        The plan layer (``plan_items.geojson``), WGS84.
    order : list of str
        The 新八景 names in the plan's order (:func:`new_eight_order`).

    Returns
    -------
    list of dict
        GeoJSON features.
    """
    features = []
    for props, geom in _rows(items):
        if geom is None or geom.is_empty or props["kind"] in ("belt", "area"):
            continue
        kind = _item_kind(props)
        text_zh, text_en = props["name_zh"], props["name_en"]
        extra = {"item_id": props["id"]}
        if kind == "axis":
            km = float(props["length_km"])
            text_zh, text_en = f"{text_zh} {km:.1f} km", f"{text_en} {km:.1f} km"
            extra["length_km"] = round(km, 2)
        if kind == "new_eight":
            number = order.index(props["name_zh"]) + 1
            badge = _CIRCLED[number - 1]
            text_zh, text_en = f"{badge}{text_zh}", f"{badge} {text_en.split(' (')[0]}"
            extra["number"] = number
        features.append(_feature(geom, text_zh, text_en, kind, **extra))
    return features


def station_labels(stations: gpd.GeoDataFrame) -> list[dict]:
    """Labels of the metro station groups (those outside the district from a closer zoom).

    Parameters
    ----------
    stations : GeoDataFrame
        ``metro_stations`` with ``name``, ``name_en`` and ``in_district``.

    Returns
    -------
    list of dict
        GeoJSON features.
    """
    return [
        _feature(
            geom,
            row["name"] if row["name"].endswith("站") else f"{row['name']}站",
            f"{row['name_en']} Sta.",
            "station",
            in_district=bool(row["in_district"]),
            # Stations outside the district are context: named from a closer zoom.
            **({} if row["in_district"] else {"min_zoom": MIN_ZOOM["station"] + 1}),
        )
        for row, geom in _rows(stations)
    ]


def neighbour_labels(neighbours: gpd.GeoDataFrame, district) -> list[dict]:
    """Labels of the neighbouring districts, inside the part of each within 1.5 km of Gulou.

    Parameters
    ----------
    neighbours : GeoDataFrame
        ``neighbours`` with ``name`` and ``name_en``.
    district : shapely geometry
        The district outline (WGS84).

    Returns
    -------
    list of dict
        GeoJSON features (a neighbour not within 1.5 km has none).
    """
    near = projection.to_metric(gpd.GeoSeries([district], crs=settings.CRS_WGS84)).buffer(1500)
    ring = projection.from_metric(near).iloc[0]
    features = []
    for row, geom in _rows(neighbours):
        part = geom.intersection(ring).difference(district)
        if part.is_empty or part.area == 0:
            continue
        features.append(_feature(part, row["name"], row["name_en"], "neighbour"))
    return features


def road_labels(items: gpd.GeoDataFrame, context, stops: dict[str, Point] | None) -> list[dict]:
    """Labels of the main roads, routed between reference points over the road network.

    Parameters
    ----------
    items : GeoDataFrame
        The plan layer: 八一七路 and 杨桥路 are named along the routed axes.
    context : layers.planbuild.BaseContext
        Metro stations and road graph.
    stops : dict or None
        AMap bus stops (name_short -> point); roads routed through stops are skipped without.

    Returns
    -------
    list of dict
        GeoJSON features with ``approximate`` true and a ``source``.
    """
    from layers.planbuild import route_line  # build code: the road graph routing

    features = []
    by_id = dict(zip(items["id"], items.geometry, strict=True))
    for item_id, (zh, en) in _AXIS_ROADS.items():
        source = f"along the plan item {item_id} (routed over the OSM-derived road network)"
        features.append(_feature(by_id[item_id], zh, en, "road", approximate=True, source=source))
    for road in ROADS:
        found = [_waypoint(w, context.stations, stops) for w in road.waypoints]
        points = [p for p in found if p is not None]
        if len(points) < len(found):  # a waypoint not known offline: the road is not named
            continue
        line, _snaps = route_line([(p.x, p.y) for p in points], context)
        source = (
            "routed over the OSM-derived road network through "
            + ", ".join(road.waypoints)
            + (f" ({_CREDIT_STOPS})" if any(w.startswith("stop:") for w in road.waypoints) else "")
        )
        features.append(
            _feature(line, road.name_zh, road.name_en, "road", approximate=True, source=source)
        )
    return features


def _waypoint(ref: str, stations: dict, stops: dict | None) -> Point | None:
    source, _, name = ref.partition(":")
    table = stations if source == "station" else (stops or {})
    if source not in ("station", "stop") or (source == "station" and name not in table):
        raise ValueError(f"layers.labels.ROADS: unknown reference point {ref!r}")
    return table.get(name)


def build_labels(
    plan_dir: Path | None = None,
    base_dir: Path | None = None,
    out_dir: Path | None = None,
    plan_text: Path | None = None,
    sources_dir: Path | None = None,
) -> dict:
    """Build the label collection and write ``<out_dir>/labels.geojson``.

    Parameters
    ----------
    plan_dir, base_dir : Path, optional
        Committed plan and base layers (``settings.PLAN_DIR``, ``settings.BASE_DIR``).
    out_dir : Path, optional
        Output folder, default ``static/labels``.
    plan_text : Path, optional
        The plan's full text (for the 新八景 order), default ``settings.PLAN_TEXT``.
    sources_dir : Path, optional
        Offline sources (bus stops for road waypoints), default ``settings.SOURCES_DIR``.

    Returns
    -------
    dict
        The FeatureCollection written.
    """
    from layers.planbuild import load_base_context, load_bus_stop_points

    plan_dir = Path(plan_dir or settings.PLAN_DIR)
    text_path = Path(plan_text or settings.PLAN_TEXT)
    if not text_path.is_file():
        raise ValueError(f"{text_path}: plan text not found (needed for the 新八景 order)")
    order = new_eight_order(text_path.read_text(encoding="utf-8"))
    items = gpd.read_file(plan_dir / "plan_items.geojson")
    context = load_base_context(base_dir)
    stations = load_base_layer("metro_stations", base_dir, ("name", "name_en", "in_district"))
    neighbours = load_base_layer("neighbours", base_dir, ("name", "name_en"))
    stops = load_bus_stop_points(sources_dir)
    sources: list[str] = []
    features = (
        plan_labels(items, order)
        + station_labels(stations)
        + neighbour_labels(neighbours, context.district)
        + road_labels(items, context, stops)
    )
    # Within a priority the zones come first (an area's name has fewer places to go).
    if any(_CREDIT_STOPS in f["properties"].get("source", "") for f in features):
        sources.append(_CREDIT_STOPS + " (waypoints only)")
    features.sort(
        key=lambda f: (
            f["properties"]["priority"],
            f["properties"]["kind"] != "zone",
            f["properties"]["text_zh"],
        )
    )
    collection = {
        "type": "FeatureCollection",
        "provenance": {
            "built_by": "layers/labels.py (gulou-map labels)",
            "sources": [
                *sources,
                "data/plan/plan_items.geojson",
                "data/base/metro_stations.geojson",
                "data/base/neighbours.geojson",
                "data/base/roads.geojson (road names: routed, approximate)",
                "新八景 numbers: their order in the plan text (第五章)",
            ],
            "crs": settings.CRS_WGS84,
        },
        "features": [_rounded(f) for f in features],
    }
    out = Path(out_dir or settings.STATIC_DIR / "labels")
    out.mkdir(parents=True, exist_ok=True)
    (out / LABELS_FILE).write_text(
        json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    return collection


def _rounded(feature: dict) -> dict:
    geom = shapely.set_precision(
        shapely.geometry.shape(feature["geometry"]), 10**-settings.STATIC_COORD_DECIMALS
    )
    if isinstance(geom, LineString | Point) or not geom.is_empty:
        feature["geometry"] = mapping(geom)
    return feature
