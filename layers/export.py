"""Write layers as GeoJSON, CSV or GeoPackage for briefings and other GIS tools."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
from pyogrio.errors import DataSourceError

from layers.planbuild import items_geojson

FORMATS = ("geojson", "csv", "gpkg")

#: Columns a user of an export expects first, in this order (others follow).
PLAN_EXPORT_COLUMNS = [
    "id", "name_zh", "name_en", "aliases", "kind", "layer", "chapters", "sections", "subsections",
    "boxes", "status", "status_basis", "status_note", "precision", "position_source", "mapped",
    "unmapped_reason", "stated_length_km", "length_km", "area_km2", "parent", "note", "as_of",
]  # fmt: skip


def to_geojson(frame: gpd.GeoDataFrame) -> str:
    """Serialise a layer as GeoJSON text (lists stay JSON arrays)."""
    return items_geojson(frame)


def to_csv(frame: pd.DataFrame) -> str:
    """Serialise a layer as CSV: lists joined with ';', geometry as WKT plus lon/lat of a point."""
    table = pd.DataFrame(frame).copy()
    for column in table.columns:
        if table[column].map(lambda v: isinstance(v, list)).any():
            table[column] = table[column].map(_join)
    if isinstance(frame, gpd.GeoDataFrame):
        geometry = frame.geometry
        points = geometry.where(geometry.isna(), geometry.representative_point())
        table["lon"] = points.x.round(6)
        table["lat"] = points.y.round(6)
        table["wkt"] = geometry.to_wkt(rounding_precision=6)
        table = table.drop(columns=frame.geometry.name)
    return table.to_csv(index=False, lineterminator="\n")


def to_gpkg(frame: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    """Write a layer into a GeoPackage (lists stored as JSON text)."""
    table = frame.copy()
    for column in table.columns:
        if column != table.geometry.name and table[column].map(lambda v: isinstance(v, list)).any():
            table[column] = table[column].map(lambda v: json.dumps(v, ensure_ascii=False))
    try:
        table.to_file(path, layer=layer, driver="GPKG")
    except DataSourceError as err:  # GDAL's own words, without its traceback
        raise ValueError(f"{path}: cannot write the GeoPackage ({err})") from None


def ordered(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Put the plan's export columns first (those present), then the rest, then geometry."""
    first = [c for c in PLAN_EXPORT_COLUMNS if c in frame.columns]
    rest = [c for c in frame.columns if c not in first and c != frame.geometry.name]
    return frame[[*first, *rest, frame.geometry.name]]


def write(frame: pd.DataFrame, fmt: str, layer: str, output: Path | None) -> bytes | None:
    """Write ``frame`` in ``fmt`` to ``output``; return the bytes when ``output`` is None."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "gpkg":
        if not isinstance(frame, gpd.GeoDataFrame):
            raise ValueError(f"layer {layer!r} has no geometry; export it as csv")
        return _gpkg_bytes(frame, output, layer)
    if fmt == "geojson" and not isinstance(frame, gpd.GeoDataFrame):
        raise ValueError(f"layer {layer!r} has no geometry; export it as csv")
    text = to_geojson(frame) if fmt == "geojson" else to_csv(frame)
    data = text.encode("utf-8")
    if output is None:
        return data
    Path(output).write_bytes(data)
    return None


def _gpkg_bytes(frame: gpd.GeoDataFrame, output: Path | None, layer: str) -> bytes | None:
    if output is not None:
        Path(output).unlink(missing_ok=True)
        to_gpkg(frame, Path(output), layer)
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{layer}.gpkg"
        to_gpkg(frame, path, layer)
        return path.read_bytes()


def _join(value) -> str:
    return ";".join(str(v) for v in value) if isinstance(value, list) else value
