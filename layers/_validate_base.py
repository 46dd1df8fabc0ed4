"""
Check the committed base layers (``data/base``) the way a careful user would.

:func:`validate_base` returns readable problems (an empty list means all is well) rather
than raising, so the CLI can print them all at once; a missing or corrupted file is a
problem naming the file, never a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import projection, settings
from geo._errors import Problem, file_problem
from geo.geojson import read_geojson, read_json
from layers.base import BUILD_HINT, PROVENANCE_FILE, REGISTRY

_COLOUR_RE = re.compile(r"^#[0-9A-F]{6}$")
#: Roads problems listed one by one before the rest are only counted.
_MAX_ROAD_PROBLEMS = 20


def district_area_km2(base_dir: Path | None = None) -> float:
    """
    Measure the district's area in the metric CRS (EPSG:32650).

    Parameters
    ----------
    base_dir
        Folder holding ``district.geojson``; ``settings.BASE_DIR`` (read at call time) if None.

    Returns
    -------
    area
        Square kilometres.

    Raises
    ------
    ValueError
        If the file is missing or unreadable (the message names it).
    """
    base_dir = Path(base_dir or settings.BASE_DIR)
    layer, problems = _load_layer(base_dir / "district.geojson", "district")
    if layer is None:
        raise ValueError(str(problems[0]))
    return float(projection.area_km2(layer).sum())


def validate_base(base_dir: Path | None = None, static_dir: Path | None = None) -> list[Problem]:
    """
    Check the base layers and return the problems found.

    Checks: every layer file exists, is GeoJSON in WGS84, is non-empty, has valid
    geometries of the expected type and the required properties; the district's area is
    within ``settings.AREA_TOLERANCE`` of the official 35.43 km²; the stations the
    sources place inside Gulou are inside (and flagged so), 茶亭 is outside; roads have a
    drivable class and a positive length; metro lines have a line and a #RRGGBB colour;
    ``provenance.json`` matches the files; the browser copies have the same features.

    Parameters
    ----------
    base_dir
        Folder with ``<layer>.geojson`` and ``provenance.json``; ``settings.BASE_DIR`` (read
        at call time) if None.
    static_dir
        Folder with the browser copies; None checks ``static/base`` only when `base_dir`
        is the repository's ``data/base``.

    Returns
    -------
    problems
        :class:`~geo._errors.Problem` objects, each naming its file (and feature); empty if
        everything is fine.
    """
    base_dir = Path(base_dir or settings.BASE_DIR)
    if static_dir is None and base_dir.resolve() == settings.BASE_DIR.resolve():
        static_dir = settings.STATIC_DIR / "base"
    problems: list[Problem] = []
    layers: dict[str, gpd.GeoDataFrame] = {}
    for name in REGISTRY:
        layer, found = _load_layer(base_dir / f"{name}.geojson", name)
        problems += found
        if layer is not None:
            layers[name] = layer
    if "district" in layers:
        problems += _check_district(layers["district"], base_dir / "district.geojson")
        if "metro_stations" in layers:
            problems += _check_stations(
                layers["metro_stations"],
                layers["district"].union_all(),
                base_dir / "metro_stations.geojson",
            )
    if "roads" in layers:
        problems += _check_roads(layers["roads"], base_dir / "roads.geojson")
    if "metro_lines" in layers:
        problems += _check_lines(layers["metro_lines"], base_dir / "metro_lines.geojson")
    problems += _check_provenance(base_dir / PROVENANCE_FILE, layers)
    if static_dir is not None:
        problems += _check_static(Path(static_dir), layers)
    return problems


def _load_layer(path: Path, name: str) -> tuple[gpd.GeoDataFrame | None, list[Problem]]:
    """Read one layer file, checked against the registry (format, CRS, geometry, properties)."""
    return read_geojson(path, REGISTRY[name].spec(), missing=BUILD_HINT)


def _check_district(district: gpd.GeoDataFrame, path: Path) -> list[Problem]:
    """The registry's count, Gulou's adcode, area within tolerance of the official figure."""
    problems = []
    expected = REGISTRY["district"].count
    if expected is not None and len(district) != expected:
        problems.append(
            file_problem(path, f"expected {expected} district feature, found {len(district)}")
        )
    if "adcode" in district and str(district["adcode"].iloc[0]) != settings.DISTRICT_ADCODE:
        message = f"adcode is {district['adcode'].iloc[0]}, expected {settings.DISTRICT_ADCODE}"
        problems.append(file_problem(path, message))
    area = float(projection.area_km2(district).sum())
    deviation = area / settings.OFFICIAL_AREA_KM2 - 1
    if abs(deviation) > settings.AREA_TOLERANCE:
        problems.append(
            file_problem(
                path,
                f"district area {area:.3f} km² ({settings.CRS_METRIC}) is {deviation:+.1%} "
                f"from the official {settings.OFFICIAL_AREA_KM2} km² "
                f"(tolerance ±{settings.AREA_TOLERANCE:.1%})",
            )
        )
    stored = district["area_km2"].iloc[0] if "area_km2" in district else None
    if isinstance(stored, int | float) and abs(stored - area) > 10**-settings.AREA_DECIMALS:
        message = f"area_km2 property {stored} differs from measured {area:.3f}"
        problems.append(file_problem(path, message))
    return problems


def _check_stations(
    stations: gpd.GeoDataFrame, boundary: shapely.Geometry, path: Path
) -> list[Problem]:
    """The sources' inside/outside stations are present, placed and flagged correctly."""
    problems = []
    by_name = {name: i for i, name in enumerate(stations.get("name", []))}
    expected = [(n, True) for n in settings.STATIONS_INSIDE]
    expected += [(n, False) for n in settings.STATIONS_OUTSIDE]
    for name, inside in expected:
        where = "inside" if inside else "outside"
        if name not in by_name:
            message = f"station {name} is missing (expected {where} the district)"
            problems.append(file_problem(path, message))
            continue
        row = stations.iloc[by_name[name]]
        if bool(boundary.covers(row.geometry)) != inside:
            message = (
                f"station {name} lies {'out' if inside else 'in'}side the district polygon; "
                f"the sources place it {where}"
            )
            problems.append(file_problem(path, message))
        flag = row.get("in_district")
        if not isinstance(flag, bool | np.bool_) or bool(flag) != inside:
            message = f"station {name} has in_district={flag}, expected {inside}"
            problems.append(file_problem(path, message))
    return problems


def _check_roads(roads: gpd.GeoDataFrame, path: Path) -> list[Problem]:
    """Every road has a drivable class and a positive length."""
    problems = []
    for i, (highway, length) in enumerate(zip(roads["highway"], roads["length_m"], strict=True)):
        if highway not in settings.ROAD_CLASSES:
            message = f"highway {highway!r} is not a drivable class"
            problems.append(Problem(str(path), None, None, "highway", message, i))
        if not isinstance(length, int | float) or length <= 0:
            message = f"length_m {length!r} is not a positive number"
            problems.append(Problem(str(path), None, None, "length_m", message, i))
    if len(problems) <= _MAX_ROAD_PROBLEMS:
        return problems
    more = file_problem(path, f"… {len(problems) - _MAX_ROAD_PROBLEMS} more")
    return [*problems[:_MAX_ROAD_PROBLEMS], more]


def _check_lines(lines: gpd.GeoDataFrame, path: Path) -> list[Problem]:
    """Every metro way has a line; colours are #RRGGBB."""
    problems = []
    for i, (line, colour) in enumerate(zip(lines["line"], lines["colour"], strict=True)):
        if not isinstance(line, str) or not line:
            problems.append(Problem(str(path), None, None, "line", "no line", i))
        if not pd.isna(colour) and not _COLOUR_RE.match(str(colour)):
            message = f"colour {colour!r} is not #RRGGBB"
            problems.append(Problem(str(path), None, None, "colour", message, i))
    return problems


def _check_provenance(path: Path, layers: dict[str, gpd.GeoDataFrame]) -> list[Problem]:
    """provenance.json exists, lists every layer with its sources, and counts match."""
    doc, problem = read_json(path, BUILD_HINT)
    if problem is not None:
        return [problem]
    entries = doc.get("layers") if isinstance(doc, dict) else None
    if not isinstance(entries, dict):
        return [file_problem(path, "no 'layers' object")]
    problems = []
    for name in REGISTRY:
        entry = entries.get(name)
        if not isinstance(entry, dict):
            problems.append(file_problem(path, f"layer {name} is not described"))
            continue
        problems += _provenance_entry_problems(path, name, entry)
        if name in layers and entry.get("feature_count") != len(layers[name]):
            message = (
                f"layer {name} feature_count {entry.get('feature_count')} but "
                f"{name}.geojson has {len(layers[name])} features"
            )
            problems.append(file_problem(path, message))
    return problems


def _provenance_entry_problems(path: Path, name: str, entry: dict) -> list[Problem]:
    """A layer's provenance entry names its sources (path, licence, credit) and transforms."""
    problems = []
    for key in ("sources", "transforms", "feature_count"):
        if not entry.get(key) and entry.get(key) != 0:
            problems.append(file_problem(path, f"layer {name} has no {key!r}"))
    for source in entry.get("sources") or []:
        for key in ("path", "licence", "credit"):
            if not source.get(key):
                problems.append(file_problem(path, f"a source of layer {name} has no {key!r}"))
    return problems


def _check_static(static_dir: Path, layers: dict[str, gpd.GeoDataFrame]) -> list[Problem]:
    """The browser copies exist, parse, and hold the same number of features."""
    problems = []
    for name, layer in REGISTRY.items():
        path = static_dir / f"{name}.geojson"
        doc, problem = read_json(path, BUILD_HINT)
        if problem is not None:
            problems.append(problem)
            continue
        features = doc.get("features") if isinstance(doc, dict) else None
        if not isinstance(features, list):
            problems.append(file_problem(path, "not a GeoJSON FeatureCollection"))
            continue
        if name in layers and len(features) != len(layers[name]):
            message = (
                f"{len(features)} features but data/base/{name}.geojson has "
                f"{len(layers[name])}; rebuild"
            )
            problems.append(file_problem(path, message))
        props = layer.static_properties
        if features and set(features[0].get("properties", {})) != set(props):
            message = f"properties are not {', '.join(props)}; rebuild"
            problems.append(file_problem(path, message))
    return problems
