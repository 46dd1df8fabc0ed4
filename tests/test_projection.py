"""WGS84 / GCJ-02 / BD-09 conversions and metric measurement."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from pyproj import Geod
from shapely.geometry import LineString, Point, Polygon

from geo import projection

_GEOD = Geod(ellps="WGS84")

# Published pairs, full precision, from public test suites:
# googollee/eviltransform python/test.py (wgsLat, wgsLng, gcjLat, gcjLng) ...
EVILTRANSFORM_WGS_GCJ = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]
# ... and wandergis/coordtransform test/app.js, all applied to (116.404, 39.915).
COORDTRANSFORM_INPUT = (116.404, 39.915)
COORDTRANSFORM_WGS_TO_GCJ = (116.41024449916938, 39.91640428150164)
COORDTRANSFORM_GCJ_TO_BD = (116.41036949371029, 39.92133699351021)
# these two come from the common one-step approximate inverses (off by centimetres)
COORDTRANSFORM_BD_TO_GCJ_APPROX = (116.39762729119315, 39.90865673957631)
COORDTRANSFORM_GCJ_TO_WGS_APPROX = (116.39775550083061, 39.91359571849836)

FUZHOU_GULOU = (119.2965, 26.0823)  # near 东街口


def _metres(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Geodesic distance in metres between WGS84 points."""
    return np.asarray(_GEOD.inv(lon1, lat1, lon2, lat2)[2])


@pytest.mark.parametrize(("wgs_lat", "wgs_lon", "gcj_lat", "gcj_lon"), EVILTRANSFORM_WGS_GCJ)
def test_wgs84_to_gcj02_matches_eviltransform(wgs_lat, wgs_lon, gcj_lat, gcj_lon):
    lon, lat = projection.wgs84_to_gcj02(wgs_lon, wgs_lat)
    assert lon == pytest.approx(gcj_lon, abs=1e-12)
    assert lat == pytest.approx(gcj_lat, abs=1e-12)


@pytest.mark.parametrize(("wgs_lat", "wgs_lon", "gcj_lat", "gcj_lon"), EVILTRANSFORM_WGS_GCJ)
def test_exact_inverse_recovers_published_wgs84(wgs_lat, wgs_lon, gcj_lat, gcj_lon):
    lon, lat = projection.gcj02_to_wgs84(gcj_lon, gcj_lat)
    assert _metres(lon, lat, wgs_lon, wgs_lat) < 1e-4


def test_forward_transforms_match_coordtransform():
    assert projection.wgs84_to_gcj02(*COORDTRANSFORM_INPUT) == pytest.approx(
        COORDTRANSFORM_WGS_TO_GCJ, abs=1e-12
    )
    assert projection.gcj02_to_bd09(*COORDTRANSFORM_INPUT) == pytest.approx(
        COORDTRANSFORM_GCJ_TO_BD, abs=1e-12
    )


def test_exact_inverses_agree_with_published_approximations_to_centimetres():
    lon, lat = projection.gcj02_to_wgs84(*COORDTRANSFORM_INPUT)
    assert _metres(lon, lat, *COORDTRANSFORM_GCJ_TO_WGS_APPROX) < 0.1
    lon, lat = projection.bd09_to_gcj02(*COORDTRANSFORM_INPUT)
    assert _metres(lon, lat, *COORDTRANSFORM_BD_TO_GCJ_APPROX) < 0.1


def test_exact_inverse_beats_the_one_step_approximation():
    # the approximation's forward image misses the input; the exact inverse's does not
    fwd_approx = projection.wgs84_to_gcj02(*COORDTRANSFORM_GCJ_TO_WGS_APPROX)
    fwd_exact = projection.wgs84_to_gcj02(*projection.gcj02_to_wgs84(*COORDTRANSFORM_INPUT))
    assert _metres(*fwd_approx, *COORDTRANSFORM_INPUT) > 0.01
    assert _metres(*fwd_exact, *COORDTRANSFORM_INPUT) < 1e-4


def test_fuzhou_point_moves_about_590_m():
    lon, lat = projection.wgs84_to_gcj02(*FUZHOU_GULOU)
    assert 560 < _metres(*FUZHOU_GULOU, lon, lat) < 620


def test_round_trips_below_one_centimetre_over_fuzhou():
    rng = np.random.default_rng(0)
    lon = rng.uniform(119.2, 119.4, 2000)
    lat = rng.uniform(26.0, 26.2, 2000)
    for src, dst in [("wgs84", "gcj02"), ("wgs84", "bd09"), ("gcj02", "bd09")]:
        there = projection.convert_coords(lon, lat, src, dst)
        back = projection.convert_coords(*there, dst, src)
        assert _metres(lon, lat, *back).max() < 0.01, (src, dst)
        # and the conversion really moved the points
        assert _metres(lon, lat, *there).min() > 100, (src, dst)


def test_points_outside_china_are_unchanged():
    lon = np.array([2.35, -74.0, 151.2])  # Paris, New York, Sydney
    lat = np.array([48.85, 40.7, -33.9])
    assert projection.out_of_china(lon, lat).all()
    for convert in (projection.wgs84_to_gcj02, projection.gcj02_to_wgs84):
        out_lon, out_lat = convert(lon, lat)
        np.testing.assert_array_equal(out_lon, lon)
        np.testing.assert_array_equal(out_lat, lat)
    assert not projection.out_of_china(*FUZHOU_GULOU)


def test_vectorised_result_equals_pointwise():
    lon = np.array([119.25, 119.30, 119.35])
    lat = np.array([26.05, 26.08, 26.12])
    vec_lon, vec_lat = projection.wgs84_to_gcj02(lon, lat)
    for i in range(3):
        one = projection.wgs84_to_gcj02(lon[i], lat[i])
        assert (vec_lon[i], vec_lat[i]) == pytest.approx(one, abs=0)


def test_convert_geometry_keeps_structure_and_moves_vertices():
    hole = [(119.295, 26.085), (119.296, 26.085), (119.296, 26.086)]
    poly = Polygon([(119.29, 26.08), (119.30, 26.08), (119.30, 26.09), (119.29, 26.09)], [hole])
    gcj = projection.convert_geometry(poly, "wgs84", "gcj02")
    assert gcj.geom_type == "Polygon"
    assert len(gcj.interiors) == 1
    assert len(gcj.exterior.coords) == len(poly.exterior.coords)
    back = projection.convert_geometry(gcj, "gcj02", "wgs84")
    for (x0, y0), (x1, y1) in zip(poly.exterior.coords, back.exterior.coords, strict=True):
        assert _metres(x0, y0, x1, y1) < 0.01
    assert projection.convert_geometry(Point(), "wgs84", "gcj02").is_empty


def test_convert_gdf_keeps_columns_and_labels_wgs84():
    gdf = gpd.GeoDataFrame(
        {"name": ["a", "b"]},
        geometry=[Point(119.29, 26.08), LineString([(119.29, 26.08), (119.3, 26.09)])],
        crs="EPSG:4326",
    )
    out = projection.convert_gdf(gdf, "gcj02", "wgs84")
    assert list(out["name"]) == ["a", "b"]
    assert out.crs.to_epsg() == 4326
    assert 560 < _metres(119.29, 26.08, out.geometry.iloc[0].x, out.geometry.iloc[0].y) < 620
    assert gdf.geometry.iloc[0].x == 119.29  # input untouched


def test_convert_gdf_rejects_projected_input():
    gdf = gpd.GeoDataFrame(geometry=[Point(500000, 2880000)], crs="EPSG:32650")
    with pytest.raises(ValueError, match="EPSG:4326"):
        projection.convert_gdf(gdf, "gcj02", "wgs84")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (([1.0, 2.0], [1.0]), "same shape"),
        (([np.nan], [26.0]), "NaN"),
        (([500000.0], [2880000.0]), "projected"),
    ],
)
def test_bad_coordinates_raise_clear_errors(args, message):
    with pytest.raises(ValueError, match=message):
        projection.wgs84_to_gcj02(*args)


def test_unknown_datum_is_rejected():
    with pytest.raises(ValueError, match="unknown datum 'gcj'"):
        projection.convert_coords(119.3, 26.1, "gcj", "wgs84")


def test_area_and_length_in_utm50n():
    # a 0.01 x 0.01 degree square at 26.08 N: about 1,000 m x 1,113 m
    square = Polygon([(119.29, 26.08), (119.30, 26.08), (119.30, 26.09), (119.29, 26.09)])
    area = projection.area_km2(square)
    assert area == pytest.approx(0.9993 * 1.1069, rel=0.01)
    line = LineString([(119.29, 26.08), (119.30, 26.08)])
    geodesic = _metres(119.29, 26.08, 119.30, 26.08)
    assert projection.length_m(line) == pytest.approx(geodesic, rel=1e-3)
    gdf = gpd.GeoDataFrame(geometry=[square, square.buffer(-0.001)], crs="EPSG:4326")
    areas = projection.area_km2(gdf)
    assert list(areas.index) == [0, 1]
    assert areas.iloc[0] == pytest.approx(area)
    assert areas.iloc[1] < areas.iloc[0]


def test_to_metric_requires_a_crs():
    with pytest.raises(ValueError, match="without a CRS"):
        projection.to_metric(gpd.GeoDataFrame(geometry=[Point(119.3, 26.1)]))
    metric = projection.to_metric(gpd.GeoDataFrame(geometry=[Point(119.3, 26.1)], crs=4326))
    assert metric.crs.to_epsg() == 32650
