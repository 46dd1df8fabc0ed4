"""
Check the committed base layers (``data/base``) the way a careful user would.

:func:`validate_base` returns readable problems (an empty list means all is well) rather
than raising, so the CLI can print them all at once; a missing or corrupted file is a
problem naming the file, never a traceback.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError
from shapely.geometry import shape

from geo import projection, settings
from layers.basebuild import BASE_PROPERTIES, PROVENANCE_FILE, STATIC_PROPERTIES

#: Geometry types each layer may contain.
_GEOM_TYPES: dict[str, set[str]] = {
    "district": {"Polygon", "MultiPolygon"},
    "neighbours": {"Polygon", "MultiPolygon"},
    "metro_lines": {"LineString", "MultiLineString"},
    "metro_stations": {"Point"},
    "roads": {"LineString"},
}
#: Properties that may be null (no English name in the source, no colour for a line).
_NULLABLE: dict[str, set[str]] = {
    "district": set(),
    "neighbours": {"name_en"},
    "metro_lines": {"colour"},
    "metro_stations": {"name_en"},
    "roads": set(),
}
_COLOUR_RE = re.compile(r"^#[0-9A-F]{6}$")


def district_area_km2(base_dir: Path = settings.BASE_DIR) -> float:
    """
    Measure the district's area in the metric CRS (EPSG:32650).

    Parameters
    ----------
    base_dir
        Folder holding ``district.geojson``.

    Returns
    -------
    area
        Square kilometres.

    Raises
    ------
    ValueError
        If the file is missing or unreadable (the message names it).
    """
    layer, problems = _load_layer(Path(base_dir) / "district.geojson", "district")
    if layer is None:
        raise ValueError(problems[0])
    return float(projection.area_km2(layer).sum())


def validate_base(base_dir: Path = settings.BASE_DIR, static_dir: Path | None = None) -> list[str]:
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
        Folder with ``<layer>.geojson`` and ``provenance.json``.
    static_dir
        Folder with the browser copies; None checks ``static/base`` only when `base_dir`
        is the repository's ``data/base``.

    Returns
    -------
    problems
        Human-readable problems, each naming its file; empty if everything is fine.
    """
    base_dir = Path(base_dir)
    if static_dir is None and base_dir.resolve() == settings.BASE_DIR.resolve():
        static_dir = settings.STATIC_DIR / "base"
    problems: list[str] = []
    layers: dict[str, gpd.GeoDataFrame] = {}
    for name in BASE_PROPERTIES:
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


def _load_layer(path: Path, name: str) -> tuple[gpd.GeoDataFrame | None, list[str]]:
    """Read one layer file, checking format, CRS, geometry and properties."""
    doc, problem = _read_json(path)
    if problem:
        return None, [problem]
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return None, [f"{path}: not a GeoJSON FeatureCollection"]
    crs_problem = _declared_crs_problem(doc.get("crs"), path)
    if crs_problem:
        return None, [crs_problem]
    features = doc.get("features")
    if not isinstance(features, list) or not features:
        return None, [f"{path}: layer is empty (no features)"]
    problems: list[str] = []
    rows, geoms = [], []
    required = BASE_PROPERTIES[name]
    for i, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            problems.append(f"{path}: feature {i}: not a Feature with properties")
            continue
        missing = [k for k in required if k not in props]
        nulls = [k for k in required if k in props and props[k] is None]
        nulls = [k for k in nulls if k not in _NULLABLE[name]]
        if missing or nulls:
            problems.append(
                f"{path}: feature {i}{_label(props)}: missing properties "
                f"{', '.join(missing + nulls)}"
            )
        geom, geom_problem = _geometry(feature.get("geometry"), _GEOM_TYPES[name])
        if geom_problem:
            problems.append(f"{path}: feature {i}{_label(props)}: {geom_problem}")
            continue
        rows.append(props)
        geoms.append(geom)
    if not rows:
        return None, problems
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=settings.CRS_WGS84), problems


def _read_json(path: Path) -> tuple[Any, str | None]:
    """Parse a JSON file; return (document, None) or (None, problem naming the file)."""
    if not path.is_file():
        return None, f"{path}: file not found (run `gulou-map build`)"
    try:
        return json.loads(path.read_text(encoding="utf-8")), None
    except UnicodeDecodeError as exc:
        return None, f"{path}: not UTF-8 text ({exc.reason})"
    except json.JSONDecodeError as exc:
        return None, f"{path}: corrupted JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"


def _declared_crs_problem(crs_member: Any, path: Path) -> str | None:
    """A problem if the file declares a CRS other than WGS84 (none declared = WGS84)."""
    if crs_member is None:
        return None
    try:
        crs = CRS.from_user_input(crs_member["properties"]["name"])
    except (KeyError, TypeError, CRSError):
        return f"{path}: unreadable 'crs' member {crs_member!r}"
    if not crs.equals(CRS(settings.CRS_WGS84), ignore_axis_order=True):
        return f"{path}: CRS is {crs.name}, expected WGS84 ({settings.CRS_WGS84})"
    return None


def _geometry(raw: Any, types: set[str]) -> tuple[shapely.Geometry | None, str | None]:
    """Parse and check a GeoJSON geometry; return (geometry, None) or (None, problem)."""
    if not raw:
        return None, "no geometry"
    try:
        geom = shape(raw)
    except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.GEOSException) as e:
        return None, f"malformed geometry ({e})"
    if geom.geom_type not in types or geom.is_empty:
        return None, f"geometry is {geom.geom_type}, expected {' or '.join(sorted(types))}"
    xmin, ymin, xmax, ymax = geom.bounds
    if min(xmin, ymin) < -180 or xmax > 180 or max(abs(ymin), abs(ymax)) > 90:
        return None, f"coordinates are not longitude/latitude (bounds {geom.bounds})"
    if not geom.is_valid:
        return None, f"invalid geometry ({shapely.is_valid_reason(geom)})"
    return geom, None


def _check_district(district: gpd.GeoDataFrame, path: Path) -> list[str]:
    """One feature, Gulou's adcode, area within tolerance of the official figure."""
    problems = []
    if len(district) != 1:
        problems.append(f"{path}: expected 1 district feature, found {len(district)}")
    if "adcode" in district and str(district["adcode"].iloc[0]) != settings.DISTRICT_ADCODE:
        problems.append(
            f"{path}: adcode is {district['adcode'].iloc[0]}, expected {settings.DISTRICT_ADCODE}"
        )
    area = float(projection.area_km2(district).sum())
    deviation = area / settings.OFFICIAL_AREA_KM2 - 1
    if abs(deviation) > settings.AREA_TOLERANCE:
        problems.append(
            f"{path}: district area {area:.3f} km² ({settings.CRS_METRIC}) is {deviation:+.1%} "
            f"from the official {settings.OFFICIAL_AREA_KM2} km² "
            f"(tolerance ±{settings.AREA_TOLERANCE:.1%})"
        )
    stored = district["area_km2"].iloc[0] if "area_km2" in district else None
    if isinstance(stored, int | float) and abs(stored - area) > 10**-settings.AREA_DECIMALS:
        problems.append(f"{path}: area_km2 property {stored} differs from measured {area:.3f}")
    return problems


def _check_stations(
    stations: gpd.GeoDataFrame, boundary: shapely.Geometry, path: Path
) -> list[str]:
    """The sources' inside/outside stations are present, placed and flagged correctly."""
    problems = []
    by_name = {name: i for i, name in enumerate(stations.get("name", []))}
    expected = [(n, True) for n in settings.STATIONS_INSIDE]
    expected += [(n, False) for n in settings.STATIONS_OUTSIDE]
    for name, inside in expected:
        where = "inside" if inside else "outside"
        if name not in by_name:
            problems.append(f"{path}: station {name} is missing (expected {where} the district)")
            continue
        row = stations.iloc[by_name[name]]
        if bool(boundary.covers(row.geometry)) != inside:
            problems.append(
                f"{path}: station {name} lies {'out' if inside else 'in'}side the "
                f"district polygon; the sources place it {where}"
            )
        flag = row.get("in_district")
        if not isinstance(flag, bool | np.bool_) or bool(flag) != inside:
            problems.append(f"{path}: station {name} has in_district={flag}, expected {inside}")
    return problems


def _check_roads(roads: gpd.GeoDataFrame, path: Path) -> list[str]:
    """Every road has a drivable class and a positive length."""
    problems = []
    for i, (highway, length) in enumerate(zip(roads["highway"], roads["length_m"], strict=True)):
        if highway not in settings.ROAD_CLASSES:
            problems.append(f"{path}: feature {i}: highway {highway!r} is not a drivable class")
        if not isinstance(length, int | float) or length <= 0:
            problems.append(f"{path}: feature {i}: length_m {length!r} is not a positive number")
    return problems[:20] + ([f"{path}: … {len(problems) - 20} more"] if len(problems) > 20 else [])


def _check_lines(lines: gpd.GeoDataFrame, path: Path) -> list[str]:
    """Every metro way has a line; colours are #RRGGBB."""
    problems = []
    for i, (line, colour) in enumerate(zip(lines["line"], lines["colour"], strict=True)):
        if not isinstance(line, str) or not line:
            problems.append(f"{path}: feature {i}: no line")
        if not pd.isna(colour) and not _COLOUR_RE.match(str(colour)):
            problems.append(f"{path}: feature {i}: colour {colour!r} is not #RRGGBB")
    return problems


def _check_provenance(path: Path, layers: dict[str, gpd.GeoDataFrame]) -> list[str]:
    """provenance.json exists, lists every layer with its sources, and counts match."""
    doc, problem = _read_json(path)
    if problem:
        return [problem]
    entries = doc.get("layers") if isinstance(doc, dict) else None
    if not isinstance(entries, dict):
        return [f"{path}: no 'layers' object"]
    problems = []
    for name in BASE_PROPERTIES:
        entry = entries.get(name)
        if not isinstance(entry, dict):
            problems.append(f"{path}: layer {name} is not described")
            continue
        for key in ("sources", "transforms", "feature_count"):
            if not entry.get(key) and entry.get(key) != 0:
                problems.append(f"{path}: layer {name} has no {key!r}")
        for source in entry.get("sources") or []:
            for key in ("path", "licence", "credit"):
                if not source.get(key):
                    problems.append(f"{path}: a source of layer {name} has no {key!r}")
        if name in layers and entry.get("feature_count") != len(layers[name]):
            problems.append(
                f"{path}: layer {name} feature_count {entry.get('feature_count')} but "
                f"{name}.geojson has {len(layers[name])} features"
            )
    return problems


def _check_static(static_dir: Path, layers: dict[str, gpd.GeoDataFrame]) -> list[str]:
    """The browser copies exist, parse, and hold the same number of features."""
    problems = []
    for name, props in STATIC_PROPERTIES.items():
        path = static_dir / f"{name}.geojson"
        doc, problem = _read_json(path)
        if problem:
            problems.append(problem)
            continue
        features = doc.get("features") if isinstance(doc, dict) else None
        if not isinstance(features, list):
            problems.append(f"{path}: not a GeoJSON FeatureCollection")
            continue
        if name in layers and len(features) != len(layers[name]):
            problems.append(
                f"{path}: {len(features)} features but data/base/{name}.geojson has "
                f"{len(layers[name])}; rebuild"
            )
        if features and set(features[0].get("properties", {})) != set(props):
            problems.append(f"{path}: properties are not {', '.join(props)}; rebuild")
    return problems


def _label(props: dict[str, Any]) -> str:
    """' (name=…)' for messages when the feature has a name."""
    return f" (name={props['name']})" if props.get("name") else ""
