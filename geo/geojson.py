"""
Read and write GeoJSON: one checking reader and one deterministic writer.

:func:`read_geojson` loads a FeatureCollection and checks it once for every caller (the
source readers, the base-layer checks, the web map and the loaders): UTF-8 JSON, a
FeatureCollection with features, a WGS84 ``crs`` member if any, and per feature the
required properties and their types, the geometry type, longitude/latitude coordinates and
validity. It returns the features that passed as a GeoDataFrame together with a
:class:`~geo._errors.Problem` for everything else, so a check can list every problem and a
reader can raise the first.

:func:`geojson_text` writes features the same way every time (rounded coordinates and
floats, no timestamps, stable layout), so rebuilding from the same input gives
byte-identical files.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError
from shapely.geometry import mapping, shape

from geo import settings
from geo._errors import Problem, file_problem

#: Accepted Python type(s) of a property; None accepts any value.
PropertyType = type | tuple[type, ...] | None

#: Start of a compact collection written one feature per line.
_COMPACT_HEAD = '{"type":"FeatureCollection","features":['
#: Errors shapely raises for a malformed GeoJSON geometry.
_GEOMETRY_ERRORS = (KeyError, TypeError, ValueError, AttributeError, shapely.errors.GEOSException)


@dataclass(frozen=True)
class FeatureSpec:
    """
    What every feature of a file must hold.

    Attributes
    ----------
    geom_types
        Accepted geometry types (e.g. ``{"Polygon", "MultiPolygon"}``); empty accepts any.
    required
        Property name -> accepted Python type(s) (None: any). A missing or null value is a
        problem unless the property is `nullable`; ``bool`` never passes for ``int``.
    nullable
        Required properties that may be null or the empty string (but not absent).
    label
        Property that names a feature in messages (``feature 3 (name=屏山)``).
    geometry_optional
        Features without a geometry are kept (plan items that are not mapped).
    check_validity
        Report invalid geometries (self-intersecting rings and the like).
    """

    geom_types: frozenset[str] = frozenset()
    required: Mapping[str, PropertyType] = field(default_factory=dict)
    nullable: frozenset[str] = frozenset()
    label: str = "name"
    geometry_optional: bool = False
    check_validity: bool = True


def read_json(path: Path, missing: str = "") -> tuple[Any, Problem | None]:
    """
    Parse a UTF-8 JSON file.

    Parameters
    ----------
    path
        The file.
    missing
        What to do about a missing file, added to "file not found" (e.g. the command that
        makes it).

    Returns
    -------
    document, problem
        The parsed document and None, or None and a problem naming the file (missing,
        not UTF-8, not valid JSON with line and column).
    """
    path = Path(path)
    if not path.is_file():
        return None, file_problem(
            path, f"file not found ({missing})" if missing else "file not found"
        )
    try:
        return json.loads(path.read_text(encoding="utf-8")), None
    except UnicodeDecodeError as exc:
        return None, file_problem(path, f"not UTF-8 text ({exc.reason})")
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
        return None, file_problem(path, f"not valid JSON ({where})")


def read_geojson(
    path: Path, spec: FeatureSpec | None = None, missing: str = ""
) -> tuple[gpd.GeoDataFrame | None, list[Problem]]:
    """
    Load a GeoJSON FeatureCollection in WGS84 and check every feature against `spec`.

    Parameters
    ----------
    path
        The file.
    spec
        What the features must hold; None accepts any geometry and properties.
    missing
        Added to "file not found" (see :func:`read_json`).

    Returns
    -------
    frame
        The features without problems, every property a column, EPSG:4326; None when the
        file itself is unusable or no feature passed.
    problems
        One :class:`~geo._errors.Problem` per thing wrong, naming file, feature and field;
        empty when the whole file is fine.
    """
    spec = spec or FeatureSpec(check_validity=False)
    doc, problem = read_json(path, missing)
    if problem is not None:
        return None, [problem]
    problem = _collection_problem(doc, path)
    if problem is not None:
        return None, [problem]
    rows, geoms, problems = [], [], []
    for index, feature in enumerate(doc["features"]):
        props, geom, found = _check_feature(feature, index, path, spec)
        problems += found
        if not found:
            rows.append(props)
            geoms.append(geom)
    if not rows:
        return None, problems
    frame = gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geoms, crs=settings.CRS_WGS84)
    return frame, problems


def geojson_text(
    frame: gpd.GeoDataFrame,
    properties: Iterable[str] | None = None,
    *,
    decimals: int | None = None,
    per_line: bool = True,
    spaced: bool = False,
    snap: bool = False,
) -> str:
    """
    Serialise features as a deterministic GeoJSON FeatureCollection (RFC 7946, WGS84).

    Parameters
    ----------
    frame
        Features in EPSG:4326, already in the order to write; missing or empty geometries
        are written as ``null``.
    properties
        The properties to write, in this order; every column but the geometry if None.
    decimals
        Coordinates are rounded to this many decimals; ``settings.COORD_DECIMALS`` if None.
        Float properties are rounded to 4 decimals, NaN is written as ``null``.
    per_line
        One feature per line (readable diffs); otherwise the whole collection on one line.
    spaced
        Use JSON's default ``", "`` and ``": "`` separators (the committed base layers do)
        instead of compact ones; only with `per_line`.
    snap
        Snap coordinates to the ``10**-decimals`` grid with GEOS (``shapely.set_precision``),
        which keeps polygons valid after rounding but may start a ring at another vertex; the
        plan items are written so. Otherwise every coordinate is rounded on its own.

    Returns
    -------
    text
        The document, ending with a newline.
    """
    _check_writable(frame)
    decimals = settings.COORD_DECIMALS if decimals is None else decimals
    columns = [c for c in frame.columns if c != frame.geometry.name]
    names = list(columns if properties is None else properties)
    missing = [name for name in names if name not in frame.columns]
    if missing:
        msg = f"cannot write GeoJSON: missing column(s) {', '.join(missing)}"
        raise ValueError(msg)
    geoms = frame.geometry.to_numpy()
    if snap:
        geoms = shapely.set_precision(geoms, 10**-decimals)
    else:
        geoms = shapely.transform(geoms, lambda xy: np.round(xy, decimals))
    features = [
        {
            "type": "Feature",
            "properties": {key: _plain(row[key]) for key in names},
            "geometry": None if geom is None or geom.is_empty else mapping(geom),
        }
        for row, geom in zip(frame[names].to_dict("records"), geoms, strict=True)
    ]
    if not per_line:
        doc = {"type": "FeatureCollection", "features": features}
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"
    separators = (", ", ": ") if spaced else (",", ":")
    head = '{"type": "FeatureCollection", "features": [' if spaced else _COMPACT_HEAD
    body = ",\n".join(json.dumps(f, ensure_ascii=False, separators=separators) for f in features)
    return head + "\n" + body + "\n]}\n"


def write_geojson(frame: gpd.GeoDataFrame, path: Path, **options: Any) -> None:
    """
    Write features to `path` with :func:`geojson_text` (same options).

    Parameters
    ----------
    frame
        Features in EPSG:4326.
    path
        Output file (UTF-8).
    **options
        ``properties``, ``decimals``, ``per_line``, ``spaced``, ``snap``.
    """
    Path(path).write_text(geojson_text(frame, **options), encoding="utf-8")


def _collection_problem(doc: Any, path: Path) -> Problem | None:
    """A FeatureCollection with features, declared in WGS84 or not declared (RFC 7946)."""
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return file_problem(path, "not a GeoJSON FeatureCollection")
    crs_problem = _declared_crs_problem(doc.get("crs"), path)
    if crs_problem is not None:
        return crs_problem
    features = doc.get("features")
    if not isinstance(features, list) or not features:
        return file_problem(path, "layer is empty (the FeatureCollection has no features)")
    return None


def _declared_crs_problem(crs_member: Any, path: Path) -> Problem | None:
    """A problem if the file declares a CRS other than WGS84 (none declared means WGS84)."""
    if crs_member is None:
        return None
    try:
        name = crs_member["properties"]["name"]
        crs = CRS.from_user_input(name)
    except (KeyError, TypeError, CRSError):
        return file_problem(path, f"unreadable 'crs' member {crs_member!r}")
    if not crs.equals(CRS(settings.CRS_WGS84), ignore_axis_order=True):
        wanted = f"expected WGS84 ({settings.CRS_WGS84})"
        return file_problem(path, f"wrong CRS {crs.name} ({name}); {wanted}")
    return None


def _check_feature(
    feature: Any, index: int, path: Path, spec: FeatureSpec
) -> tuple[dict[str, Any], shapely.Geometry | None, list[Problem]]:
    """Check one feature's properties and geometry; return them with its problems."""
    if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
        problem = Problem(str(path), None, None, None, "not a GeoJSON Feature with properties")
        return {}, None, [_at(problem, index)]
    props = feature["properties"]
    name = props.get(spec.label)
    found = [
        Problem(str(path), None, _text(name), key, message, index, spec.label)
        for key, message in _property_problems(props, spec)
    ]
    geom, message = _geometry(feature.get("geometry"), spec)
    if message:
        found.append(Problem(str(path), None, _text(name), "geometry", message, index, spec.label))
    return props, geom, found


def _property_problems(props: dict[str, Any], spec: FeatureSpec) -> list[tuple[str, str]]:
    """(field, message) for each required property that is missing or of the wrong type."""
    found = []
    for key, types in spec.required.items():
        value = props.get(key)
        if key not in props or value is None or value == "":
            if key not in props or key not in spec.nullable:
                found.append((key, f"missing required field {key!r}"))
            continue
        if types is None:
            continue
        accepted = types if isinstance(types, tuple) else (types,)
        if not isinstance(value, accepted) or (isinstance(value, bool) and bool not in accepted):
            wrong = f"({type(value).__name__}: {value!r})"
            found.append((key, f"field {key!r} has the wrong type {wrong}"))
    return found


def _geometry(raw: Any, spec: FeatureSpec) -> tuple[shapely.Geometry | None, str | None]:
    """Parse and check a GeoJSON geometry; return (geometry, None) or (None, problem)."""
    if not raw:
        return None, None if spec.geometry_optional else "missing geometry"
    try:
        geom = shape(raw)
    except _GEOMETRY_ERRORS as exc:
        return None, f"malformed geometry ({exc})"
    wanted = spec.geom_types
    if (wanted and geom.geom_type not in wanted) or geom.is_empty:
        empty = " (empty)" if geom.is_empty else ""
        expected = " or ".join(sorted(wanted)) if wanted else "a non-empty geometry"
        return None, f"geometry is {geom.geom_type}{empty}; expected {expected}"
    xmin, ymin, xmax, ymax = geom.bounds
    if not all(math.isfinite(v) for v in geom.bounds) or (
        min(xmin, ymin) < -180 or xmax > 180 or max(abs(ymin), abs(ymax)) > 90
    ):
        return None, (
            f"coordinates are not longitude/latitude degrees (bounds {geom.bounds}); not WGS84?"
        )
    if spec.check_validity and not geom.is_valid:
        return None, f"invalid geometry ({shapely.is_valid_reason(geom)})"
    return geom, None


def _at(problem: Problem, index: int) -> Problem:
    """The same problem located at feature `index`."""
    return Problem(problem.file, None, None, problem.field, problem.message, index)


def _text(value: Any) -> str | None:
    """A property value as it reads in a message; None when empty."""
    return None if value is None or value == "" else str(value)


def _check_writable(frame: gpd.GeoDataFrame) -> None:
    """Refuse anything but WGS84 features: all stored and exported data is EPSG:4326."""
    if not isinstance(frame, gpd.GeoDataFrame):
        msg = f"cannot write GeoJSON: expected a GeoDataFrame, got {type(frame).__name__}"
        raise ValueError(msg)
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        msg = f"refusing to write features in {frame.crs}; stored data is {settings.CRS_WGS84}"
        raise ValueError(msg)


def _plain(value: Any) -> Any:
    """A property value as plain JSON: numpy unwrapped, NaN as null, floats to 4 decimals."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, (np.floating, float)):
        return None if np.isnan(value) else round(float(value), 4)
    if isinstance(value, np.integer):
        return int(value)
    return value
