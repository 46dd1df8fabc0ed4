"""Write layers as GeoJSON, CSV or GeoPackage for briefings and other GIS tools."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
from pyogrio.errors import DataSourceError

from geo.geojson import geojson_text

FORMATS = ("geojson", "csv", "gpkg")

#: Columns a user of an export expects first, in this order (others follow).
PLAN_EXPORT_COLUMNS = [
    "id", "name_zh", "name_en", "aliases", "kind", "layer", "chapters", "sections", "subsections",
    "boxes", "status", "status_basis", "status_note", "precision", "position_source", "mapped",
    "unmapped_reason", "stated_length_km", "length_km", "area_km2", "parent", "note", "as_of",
]  # fmt: skip


def to_geojson(frame: gpd.GeoDataFrame) -> str:
    """
    Serialise a layer as GeoJSON text (lists stay JSON arrays).

    Parameters
    ----------
    frame : GeoDataFrame
        Features in EPSG:4326.

    Returns
    -------
    str
        Deterministic text from :func:`geo.geojson.geojson_text`, written as the plan items are.
    """
    return geojson_text(frame, snap=True)


def to_csv(frame: pd.DataFrame) -> str:
    """
    Serialise a layer as CSV.

    Parameters
    ----------
    frame : DataFrame or GeoDataFrame
        The rows to write.

    Returns
    -------
    str
        CSV text: lists joined with ``;``; for features, the geometry as WKT plus the lon/lat
        of a point on it (6 decimals).
    """
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
    """
    Write a layer into a GeoPackage (lists stored as JSON text).

    Parameters
    ----------
    frame : GeoDataFrame
        Features in EPSG:4326.
    path : Path
        The GeoPackage file.
    layer : str
        Name of the table inside it.
    """
    table = frame.copy()
    for column in table.columns:
        if column != table.geometry.name and table[column].map(lambda v: isinstance(v, list)).any():
            table[column] = table[column].map(lambda v: json.dumps(v, ensure_ascii=False))
    try:
        table.to_file(path, layer=layer, driver="GPKG")
    except DataSourceError as err:  # GDAL's own words, without its traceback
        raise ValueError(f"{path}: cannot write the GeoPackage ({err})") from None


def ordered(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """
    Put the plan's export columns first (those present), then the rest, then the geometry.

    Parameters
    ----------
    frame : GeoDataFrame
        Plan items (or any layer).

    Returns
    -------
    GeoDataFrame
        The same rows with the columns reordered.
    """
    first = [c for c in PLAN_EXPORT_COLUMNS if c in frame.columns]
    rest = [c for c in frame.columns if c not in first and c != frame.geometry.name]
    return frame[[*first, *rest, frame.geometry.name]]


def write(frame: pd.DataFrame, fmt: str, layer: str, output: Path | None) -> bytes | None:
    """
    Write ``frame`` in ``fmt`` to ``output``, or return the bytes.

    Parameters
    ----------
    frame : DataFrame or GeoDataFrame
        The layer.
    fmt : {"geojson", "csv", "gpkg"}
        Output format; GeoJSON and GeoPackage need a geometry.
    layer : str
        Layer name (GeoPackage table, messages).
    output : Path or None
        The file to write; None returns the bytes instead.

    Returns
    -------
    bytes or None
        The file's bytes when ``output`` is None.

    Raises
    ------
    ValueError
        For an unknown format, or a geometry format asked of a table without geometry.
    """
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
