"""Coordinate reference systems: WGS84, GCJ-02, BD-09 and the metric CRS.

Chinese web maps (Amap/高德, Tencent) publish coordinates in GCJ-02, an obfuscated
datum that sits a few hundred metres off WGS84 (about 590 m in Fuzhou); Baidu adds a
second offset on top (BD-09). This project stores WGS84 only, so anything that arrives
in GCJ-02 or BD-09 is converted here, once, at build time.

The forward transforms are the published closed forms. Their inverses have no closed
form; :func:`gcj02_to_wgs84` and :func:`bd09_to_gcj02` invert them exactly by fixed-point
iteration (to better than 1e-9 degree, about 0.1 mm), not by the common one-step
approximation that is off by 1-2 m.

Lengths and areas are measured in UTM zone 50N (``settings.CRS_METRIC``), which is
conformal and nearly distortion-free over Fuzhou.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS

from geo import settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from numpy.typing import ArrayLike, NDArray
    from shapely.geometry.base import BaseGeometry

#: Semi-major axis and squared eccentricity of the Krasovsky 1940 ellipsoid used by GCJ-02.
_GCJ_A: float = 6378245.0
_GCJ_EE: float = 0.00669342162296594323
#: The BD-09 offset works on angles scaled by this factor.
_BD_X_PI: float = np.pi * 3000.0 / 180.0
#: Rectangle outside which the GCJ-02 offset is not applied (the standard rule).
_CHINA_LON: tuple[float, float] = (72.004, 137.8347)
_CHINA_LAT: tuple[float, float] = (0.8293, 55.8271)
#: The iterative inverses stop when the residual is below this many degrees.
_INVERSE_TOL_DEG: float = 1e-9
_INVERSE_MAX_ITER: int = 50

#: Datums understood by :func:`convert_coords` and the geometry helpers.
DATUMS: tuple[str, ...] = ("wgs84", "gcj02", "bd09")


def out_of_china(lon: ArrayLike, lat: ArrayLike) -> NDArray[np.bool_]:
    """
    Tell which points lie outside the rectangle where GCJ-02 applies.

    Parameters
    ----------
    lon, lat
        Longitudes and latitudes in degrees (scalars or arrays of the same shape).

    Returns
    -------
    outside
        Boolean array, True where the point is left unchanged by the GCJ-02 transform.
    """
    lon, lat = _check_lonlat(lon, lat)
    outside_lon = (lon < _CHINA_LON[0]) | (lon > _CHINA_LON[1])
    return outside_lon | (lat < _CHINA_LAT[0]) | (lat > _CHINA_LAT[1])


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[NDArray, NDArray]:
    """
    Convert WGS84 longitude/latitude to GCJ-02 (closed form).

    Parameters
    ----------
    lon, lat
        WGS84 coordinates in degrees (scalars or arrays of the same shape).

    Returns
    -------
    lon, lat
        GCJ-02 coordinates; points outside China are returned unchanged.
    """
    lon, lat = _check_lonlat(lon, lat)
    dlon, dlat = _gcj_offset(lon, lat)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[NDArray, NDArray]:
    """
    Convert GCJ-02 longitude/latitude to WGS84 with an exact iterative inverse.

    Parameters
    ----------
    lon, lat
        GCJ-02 coordinates in degrees (scalars or arrays of the same shape).

    Returns
    -------
    lon, lat
        WGS84 coordinates whose forward transform matches the input to within 1e-9 degree.
    """
    lon, lat = _check_lonlat(lon, lat)
    return _invert(wgs84_to_gcj02, lon, lat)


def gcj02_to_bd09(lon: ArrayLike, lat: ArrayLike) -> tuple[NDArray, NDArray]:
    """
    Convert GCJ-02 longitude/latitude to Baidu's BD-09 (closed form).

    Parameters
    ----------
    lon, lat
        GCJ-02 coordinates in degrees.

    Returns
    -------
    lon, lat
        BD-09 coordinates in degrees.
    """
    lon, lat = _check_lonlat(lon, lat)
    radius = np.hypot(lon, lat) + 0.00002 * np.sin(lat * _BD_X_PI)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * _BD_X_PI)
    return radius * np.cos(theta) + 0.0065, radius * np.sin(theta) + 0.006


def bd09_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[NDArray, NDArray]:
    """
    Convert BD-09 longitude/latitude to GCJ-02 with an exact iterative inverse.

    Parameters
    ----------
    lon, lat
        BD-09 coordinates in degrees.

    Returns
    -------
    lon, lat
        GCJ-02 coordinates whose forward transform matches the input to within 1e-9 degree.
    """
    lon, lat = _check_lonlat(lon, lat)
    return _invert(gcj02_to_bd09, lon, lat)


def wgs84_to_bd09(lon: ArrayLike, lat: ArrayLike) -> tuple[NDArray, NDArray]:
    """
    Convert WGS84 longitude/latitude to BD-09 (through GCJ-02).

    Parameters
    ----------
    lon, lat
        WGS84 coordinates in degrees (scalars or arrays of the same shape).

    Returns
    -------
    lon, lat
        BD-09 coordinates in degrees.
    """
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def bd09_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[NDArray, NDArray]:
    """
    Convert BD-09 longitude/latitude to WGS84 (through GCJ-02), both steps exact.

    Parameters
    ----------
    lon, lat
        BD-09 coordinates in degrees (scalars or arrays of the same shape).

    Returns
    -------
    lon, lat
        WGS84 coordinates whose forward transform matches the input to within 1e-9 degree.
    """
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


def convert_coords(lon: ArrayLike, lat: ArrayLike, src: str, dst: str) -> tuple[NDArray, NDArray]:
    """
    Convert coordinates between any two of WGS84, GCJ-02 and BD-09.

    Parameters
    ----------
    lon, lat
        Coordinates in degrees in the `src` datum.
    src, dst
        One of ``"wgs84"``, ``"gcj02"``, ``"bd09"``.

    Returns
    -------
    lon, lat
        Coordinates in the `dst` datum.
    """
    return _converter(src, dst)(lon, lat)


def convert_geometry(geom: BaseGeometry, src: str, dst: str) -> BaseGeometry:
    """
    Convert every vertex of a shapely geometry between datums.

    Parameters
    ----------
    geom
        Any shapely geometry with longitude/latitude coordinates in the `src` datum.
    src, dst
        One of ``"wgs84"``, ``"gcj02"``, ``"bd09"``.

    Returns
    -------
    geom
        A new geometry of the same type with converted vertices.
    """
    if not isinstance(geom, shapely.Geometry):
        msg = f"expected a shapely geometry, got {type(geom).__name__}"
        raise ValueError(msg)
    return shapely.transform(geom, _xy_converter(src, dst))


def convert_gdf(gdf: gpd.GeoDataFrame, src: str, dst: str) -> gpd.GeoDataFrame:
    """
    Convert a GeoDataFrame's geometries between datums.

    GCJ-02 and BD-09 have no EPSG code; by convention such data is labelled EPSG:4326,
    so the input must be labelled geographic WGS84 (or unlabelled) and the output is
    labelled EPSG:4326.

    Parameters
    ----------
    gdf
        Features with longitude/latitude coordinates in the `src` datum.
    src, dst
        One of ``"wgs84"``, ``"gcj02"``, ``"bd09"``.

    Returns
    -------
    gdf
        A copy with converted geometries; other columns are untouched.
    """
    if not isinstance(gdf, gpd.GeoDataFrame):
        msg = f"expected a GeoDataFrame, got {type(gdf).__name__}"
        raise ValueError(msg)
    if gdf.crs is not None and not CRS(gdf.crs).equals(CRS(settings.CRS_WGS84)):
        msg = f"expected longitude/latitude labelled {settings.CRS_WGS84}, got {gdf.crs}"
        raise ValueError(msg)
    converted = shapely.transform(gdf.geometry.to_numpy(), _xy_converter(src, dst))
    out = gdf.copy()
    out = out.set_geometry(gpd.GeoSeries(converted, index=gdf.index, crs=settings.CRS_WGS84))
    return out


def to_metric(
    gdf: gpd.GeoDataFrame | gpd.GeoSeries | BaseGeometry,
) -> gpd.GeoDataFrame | gpd.GeoSeries | BaseGeometry:
    """
    Project features, or one WGS84 geometry, to the metric CRS (UTM zone 50N) for measuring.

    Parameters
    ----------
    gdf
        Features with a CRS set, or a shapely geometry in WGS84 longitude/latitude.

    Returns
    -------
    gdf
        The same features (or geometry) in ``settings.CRS_METRIC``.
    """
    if isinstance(gdf, shapely.Geometry):
        return gpd.GeoSeries([gdf], crs=settings.CRS_WGS84).to_crs(settings.CRS_METRIC).iloc[0]
    if not isinstance(gdf, (gpd.GeoDataFrame, gpd.GeoSeries)):
        msg = f"expected a GeoDataFrame, GeoSeries or shapely geometry, got {type(gdf).__name__}"
        raise ValueError(msg)
    if gdf.crs is None:
        msg = "cannot project features without a CRS; set one first (stored data is EPSG:4326)"
        raise ValueError(msg)
    return gdf.to_crs(settings.CRS_METRIC)


def from_metric(gdf: gpd.GeoSeries | BaseGeometry) -> gpd.GeoSeries | BaseGeometry:
    """
    Bring geometries measured or built in the metric CRS back to WGS84 for storing.

    Parameters
    ----------
    gdf
        A GeoSeries labelled ``settings.CRS_METRIC``, or one shapely geometry in metres.

    Returns
    -------
    gdf
        The same geometries in ``settings.CRS_WGS84``.
    """
    if isinstance(gdf, shapely.Geometry):
        return gpd.GeoSeries([gdf], crs=settings.CRS_METRIC).to_crs(settings.CRS_WGS84).iloc[0]
    if not isinstance(gdf, gpd.GeoSeries) or gdf.crs is None:
        msg = f"expected a GeoSeries with a CRS or a shapely geometry, got {type(gdf).__name__}"
        raise ValueError(msg)
    return gdf.to_crs(settings.CRS_WGS84)


def area_km2(geom_or_gdf: BaseGeometry | gpd.GeoDataFrame | gpd.GeoSeries) -> Any:
    """
    Measure area in square kilometres in the metric CRS.

    Parameters
    ----------
    geom_or_gdf
        A WGS84 shapely geometry, or features with a CRS set.

    Returns
    -------
    area
        A float for a geometry, a Series aligned with the input for features (typed ``Any``:
        pandas and geopandas ship no type information to tell the two apart).
    """
    return _measure(geom_or_gdf, "area") / 1e6


def length_m(geom_or_gdf: BaseGeometry | gpd.GeoDataFrame | gpd.GeoSeries) -> Any:
    """
    Measure length in metres in the metric CRS (perimeter for polygons).

    Parameters
    ----------
    geom_or_gdf
        A WGS84 shapely geometry, or features with a CRS set.

    Returns
    -------
    length
        A float for a geometry, a Series aligned with the input for features.
    """
    return _measure(geom_or_gdf, "length")


def _measure(geom_or_gdf: BaseGeometry | gpd.GeoDataFrame | gpd.GeoSeries, what: str) -> Any:
    """Measure `what` ("area" or "length") of a WGS84 geometry or of features."""
    if isinstance(geom_or_gdf, shapely.Geometry):
        series = gpd.GeoSeries([geom_or_gdf], crs=settings.CRS_WGS84)
        return float(getattr(to_metric(series), what).iloc[0])
    if isinstance(geom_or_gdf, (gpd.GeoDataFrame, gpd.GeoSeries)):
        return getattr(to_metric(geom_or_gdf), what)
    msg = f"expected a shapely geometry, GeoDataFrame or GeoSeries, got {type(geom_or_gdf)}"
    raise ValueError(msg)


def _check_lonlat(lon: ArrayLike, lat: ArrayLike) -> tuple[NDArray, NDArray]:
    """Return lon/lat as float arrays after checking shape, finiteness and range."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    if lon.shape != lat.shape:
        msg = f"lon and lat must have the same shape, got {lon.shape} and {lat.shape}"
        raise ValueError(msg)
    if not (np.isfinite(lon).all() and np.isfinite(lat).all()):
        msg = "lon/lat contain NaN or infinite values"
        raise ValueError(msg)
    if (np.abs(lon) > 180).any() or (np.abs(lat) > 90).any():
        msg = "lon/lat outside [-180, 180] x [-90, 90]: are these projected coordinates?"
        raise ValueError(msg)
    return lon, lat


def _gcj_offset(lon: NDArray, lat: NDArray) -> tuple[NDArray, NDArray]:
    """Return the GCJ-02 offset (degrees) to add to WGS84 lon/lat; zero outside China."""
    x = lon - 105.0
    y = lat - 35.0
    # the published polynomial-plus-sine offset, in metres on the Krasovsky ellipsoid
    common = 20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    dlat += (common + 20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    dlon += (common + 20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    # metres -> degrees on the ellipsoid at this latitude
    rad_lat = lat / 180.0 * np.pi
    magic = 1.0 - _GCJ_EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_GCJ_A * (1.0 - _GCJ_EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon * 180.0) / (_GCJ_A / sqrt_magic * np.cos(rad_lat) * np.pi)
    outside = out_of_china(lon, lat)
    return np.where(outside, 0.0, dlon), np.where(outside, 0.0, dlat)


def _invert(
    forward: Callable[[NDArray, NDArray], tuple[NDArray, NDArray]],
    lon: NDArray,
    lat: NDArray,
) -> tuple[NDArray, NDArray]:
    """Invert a near-identity `forward` transform by fixed-point iteration, vectorised."""
    guess_lon, guess_lat = lon.copy(), lat.copy()
    for _ in range(_INVERSE_MAX_ITER):
        fwd_lon, fwd_lat = forward(guess_lon, guess_lat)
        err_lon, err_lat = fwd_lon - lon, fwd_lat - lat
        # the offsets change slowly with position, so subtracting the residual converges fast
        guess_lon, guess_lat = guess_lon - err_lon, guess_lat - err_lat
        if max(np.abs(err_lon).max(initial=0.0), np.abs(err_lat).max(initial=0.0)) < (
            _INVERSE_TOL_DEG
        ):
            return guess_lon, guess_lat
    msg = f"inverse transform did not converge to {_INVERSE_TOL_DEG} degree"
    raise ValueError(msg)


_CONVERSIONS: dict[tuple[str, str], Callable[[ArrayLike, ArrayLike], tuple[NDArray, NDArray]]] = {
    ("wgs84", "gcj02"): wgs84_to_gcj02,
    ("gcj02", "wgs84"): gcj02_to_wgs84,
    ("gcj02", "bd09"): gcj02_to_bd09,
    ("bd09", "gcj02"): bd09_to_gcj02,
    ("wgs84", "bd09"): wgs84_to_bd09,
    ("bd09", "wgs84"): bd09_to_wgs84,
}


def _converter(src: str, dst: str) -> Callable[[ArrayLike, ArrayLike], tuple[NDArray, NDArray]]:
    """Return the lon/lat conversion function from `src` to `dst`."""
    for datum in (src, dst):
        if datum not in DATUMS:
            msg = f"unknown datum {datum!r}; expected one of {', '.join(DATUMS)}"
            raise ValueError(msg)
    if src == dst:
        return lambda lon, lat: _check_lonlat(lon, lat)
    return _CONVERSIONS[(src, dst)]


def _xy_converter(src: str, dst: str) -> Callable[[NDArray], NDArray]:
    """Wrap a lon/lat conversion for ``shapely.transform`` (an (N, 2) array in and out)."""
    convert = _converter(src, dst)

    def _apply(coords: NDArray) -> NDArray:
        if len(coords) == 0:
            return coords
        lon, lat = convert(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return _apply
