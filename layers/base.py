"""The derived base layers (district, neighbours, metro, roads) as GeoDataFrames."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from geo import settings

#: Base layer names, in drawing order (bottom first).
BASE_LAYERS = ("neighbours", "district", "roads", "metro_lines", "metro_stations")


def load_base_layer(name: str, base_dir: Path | None = None) -> gpd.GeoDataFrame:
    """Read one committed base layer.

    Parameters
    ----------
    name : str
        One of :data:`BASE_LAYERS`.
    base_dir : Path, optional
        Defaults to ``settings.BASE_DIR``.

    Returns
    -------
    GeoDataFrame
        WGS84.
    """
    if name not in BASE_LAYERS:
        raise ValueError(f"unknown base layer {name!r}; use one of {', '.join(BASE_LAYERS)}")
    path = Path(base_dir or settings.BASE_DIR) / f"{name}.geojson"
    if not path.exists():
        raise ValueError(f"{path}: not found; run `gulou-map build`")
    return gpd.read_file(path)
