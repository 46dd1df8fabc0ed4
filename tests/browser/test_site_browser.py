"""The static public site in a real browser: counts, filters, details, permalinks, offline.

The site is written by ``gulou-map site`` into a temporary folder and opened from ``file://``
(no server at all) and from a plain static web server on localhost. Its counts are compared
with hand-recorded figures of the committed data and with what ``gulou-map export`` writes.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import geopandas as gpd
import pandas as pd
import pytest
from browser_helpers import BROWSER_MARKS, RequestLog, new_page, screenshot

import cli
from layers.plan import load_outline, load_plan_items
from webmap.i18n import t
from webmap.site import build_site

pytestmark = BROWSER_MARKS

#: Items per chapter and per status in the committed data (recorded by hand from
#: ``gulou-map export --layer plan --chapter N``; the test also re-runs the export).
# Counted by hand from data/plan/plan_items.geojson (350 items) when the data last changed.
KNOWN_TOTAL = 350
KNOWN_CHAPTERS = {1: 56, 2: 2, 3: 94, 4: 22, 5: 71, 6: 19, 7: 33, 8: 40, 9: 41, 10: 18, 11: 47,
                  12: 0}  # fmt: skip
KNOWN_STATUSES = {"completed": 22, "underway": 76, "planned": 89, "upgrading": 62, "existing": 101}
EVIL = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    assert cli.main(["site", "-o", str(out)]) == 0
    return out


def _open(browser, url: str, size=(1400, 900), log: RequestLog | None = None):
    log = log if log is not None else RequestLog()
    context, page = new_page(browser, *size, log)
    page.goto(url)
    page.wait_for_function(
        "() => window.gulou && gulou.site && gulou.site.view && gulou.planLoaded"
        " && Object.keys(gulou.loaded).length === 5",
        timeout=20_000,
    )
    return context, page, log


def _count(page, lang: str = "zh") -> int:
    pattern = {"zh": r"^当前显示 (\d+) 项$", "en": r"^Showing (\d+) items$"}[lang]
    panel = page.locator(".gulou-site-count strong").inner_text()
    in_map = page.locator(".gulou-count").inner_text()
    assert panel == in_map  # the panel's and the map's count say the same
    return int(re.match(pattern, panel).group(1))


def _exported(tmp_path: Path, *args: str) -> int:
    out = tmp_path / "export.geojson"
    command = ["export", "--layer", "plan", "--format", "geojson", "-o", str(out), *args]
    assert cli.main(command) == 0
    return len(json.loads(out.read_text(encoding="utf-8"))["features"])


def test_every_chapter_and_status_counts_as_the_export(browser, site, tmp_path):
    log = RequestLog()
    context, page, _ = _open(browser, (site / "index.html").as_uri(), log=log)
    try:
        assert _count(page) == KNOWN_TOTAL
        for number, known in KNOWN_CHAPTERS.items():
            page.goto((site / "index.html").as_uri() + f"?ch={number}")
            page.wait_for_function("() => window.gulou && gulou.site && gulou.site.view")
            assert _count(page) == known == _exported(tmp_path, "--chapter", str(number)), number
        for status, known in KNOWN_STATUSES.items():
            page.goto((site / "index.html").as_uri() + f"?st={status}")
            page.wait_for_function("() => window.gulou && gulou.site && gulou.site.view")
            assert _count(page) == known == _exported(tmp_path, "--status", status), status
        page.goto((site / "index.html").as_uri() + "?ch=5&st=planned")
        page.wait_for_function("() => window.gulou && gulou.site && gulou.site.view")
        both = _exported(tmp_path, "--chapter", "5", "--status", "planned")
        assert _count(page) == both == 24  # AND across filters
        # drawn: one marker per mapped point (and per site drawn as an area)
        assert page.locator(".plan-marker").count() > 0
        assert {url.split(":", 1)[0] for url in log.urls} <= {"file", "data"}  # no server at all
        assert log.errors == []
    finally:
        context.close()


def test_filters_details_and_permalink_in_english(browser, site):
    items = load_plan_items()
    context, page, log = _open(browser, (site / "index.html").as_uri() + "?st=planned&lang=en")
    try:
        assert page.locator("h1").inner_text() == t("app_title", "en")
        assert _count(page, "en") == KNOWN_STATUSES["planned"]
        assert "Plan item status" in page.locator(".gulou-legend").inner_text()
        # tick chapter 5: the count, the map and the URL follow
        page.locator(".gulou-site-filter[data-filter=chapters] summary").click()
        page.locator(".gulou-site-filter[data-filter=chapters] input[value='5']").check()
        assert _count(page, "en") == 24
        query = parse_qs(urlsplit(page.url).query)
        assert query == {"ch": ["5"], "st": ["planned"], "lang": ["en"]}
        # click a marker: its details, and the permalink names it
        marker = page.locator(".plan-marker").first
        marker.click(force=True)
        chosen = parse_qs(urlsplit(page.url).query)["f"][0]
        item = items.set_index("id").loc[chosen]
        details = page.locator(".gulou-site-details")
        assert details.locator(".gulou-details-name").inner_text() == item["name_en"]
        assert item["name_zh"] in details.inner_text()
        assert "Chapter 5" in details.inner_text()
        assert page.locator(".plan-selected").count() == 1
        screenshot(page, "site_en_1400x900")
        # a new visitor following that link sees the same
        link = page.url
    finally:
        context.close()
    context, page, _ = _open(browser, link, size=(390, 844))
    try:
        assert _count(page, "en") == 24
        assert page.locator(".gulou-details-name").inner_text() == item["name_en"]
        assert page.evaluate("() => gulou.plan.last.map.getZoom()") >= 15
        screenshot(page, "site_en_390x844")
        assert log.errors == []
    finally:
        context.close()


def test_a_plain_web_server_serves_it(browser, site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/index.html?ch=3&q=%E8%BD%AF%E4%BB%B6"
        context, page, log = _open(browser, url)
        try:
            assert page.locator(".gulou-site-search").input_value() == "软件"
            assert _count(page) == len(
                [i for i in json.loads(_plan_js(site))["features"]
                 if 3 in i["properties"]["chapters"] and _has(i, "软件")]
            )  # fmt: skip
            assert log.external() == [] and log.errors == []
            screenshot(page, "site_zh_1400x900")
        finally:
            context.close()
    finally:
        server.shutdown()


def _plan_js(site: Path) -> str:
    text = (site / "data" / "plan_items.js").read_text(encoding="utf-8")
    return text[text.index("{") : text.rindex("}") + 1]


def _has(feature: dict, needle: str) -> bool:
    p = feature["properties"]
    return any(needle in str(v) for v in (p["name_zh"], p["name_en"], p["id"], *p["aliases"]))


def test_names_with_markup_stay_text(browser, tmp_path):
    items = load_plan_items()
    point = items[items.geom_type == "Point"].iloc[[0]]
    area = items[items.geom_type == "Polygon"].iloc[[0]]
    tiny = gpd.GeoDataFrame(pd.concat([point, area]), geometry="geometry", crs=items.crs)
    tiny["name_zh"] = [EVIL, "**粗体** [链接](javascript:alert(1))"]
    tiny["name_en"] = ["Evil <b>bold</b>", "<i>area</i>"]
    tiny["status_basis"] = [EVIL, None]
    index = build_site(tmp_path / "evil", tiny, load_outline())
    context, page, log = _open(browser, index.as_uri())
    try:
        assert _count(page) == 2
        markers = page.locator(".plan-marker")
        names = {EVIL, "**粗体** [链接](javascript:alert(1))"}
        seen = set()
        for i in range(markers.count()):
            markers.nth(i).hover(force=True)
            tooltip = page.locator(".leaflet-tooltip").last
            tooltip.wait_for(timeout=5000)
            assert tooltip.locator("img, script, b b, i").count() == 0
            markers.nth(i).click(force=True)
            details = page.locator(".gulou-site-details")
            name = details.locator(".gulou-details-name").inner_text()
            assert name in names and name in tooltip.inner_text()
            seen.add(name)
            if name == EVIL:  # the plan's words too stay text
                assert "「" + EVIL + "」" in details.inner_text()
            assert details.locator("img, script").count() == 0
        assert seen == names
        assert page.evaluate("() => window.__xss") is None
        assert log.errors == []
    finally:
        context.close()


def test_bad_link_values_are_reported_as_text_and_ignored(browser, site):
    hostile = '<img src=x onerror="window.__xss=3">'
    query = "?" + urlencode({"st": f"planned,{hostile}", "f": "no-such-item", "lang": "en"})
    context, page, log = _open(browser, (site / "index.html").as_uri() + query)
    try:
        notices = page.locator(".gulou-site-notice").all_inner_texts()
        assert t("notice_unknown", "en", param="st", value=hostile) in notices
        assert t("notice_no_item", "en", value="no-such-item") in notices
        assert page.locator("#gulou-panel img").count() == 0
        assert page.evaluate("() => window.__xss") is None
        assert _count(page, "en") == KNOWN_STATUSES["planned"]  # the known value still counts
        assert log.errors == []
    finally:
        context.close()
