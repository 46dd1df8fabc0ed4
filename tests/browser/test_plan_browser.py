"""The plan map in a real browser: items drawn, filters, click-to-details, permalinks, layout.

One Chromium and one Streamlit server (the session fixtures) serve every test, each opening the
view it needs and checking that nothing left localhost and no script failed; a second,
fresh server checks what the first visitor after a restart sees. Expected counts come from
:func:`plan_oracle.expected_ids` (the committed items read without the code under test); every
page is screenshotted at 1400×900 and 390×844 into
``/tmp/shots`` (``GULOU_SHOTS``).
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

import geopandas as gpd
import pytest
from browser_helpers import BROWSER_MARKS, RequestLog, map_frame, new_page, screenshot
from plan_oracle import expected_ids
from playwright.sync_api import expect

from geo import settings
from layers.plan import load_plan_items
from layers.vocab import LAYERS, STATUSES, label
from webmap.i18n import t
from webmap.planweb import AREA_KINDS

pytestmark = BROWSER_MARKS

DESKTOP, PHONE = (1400, 900), (390, 844)
COUNT = {"zh": re.compile(r"^当前显示 (\d+) 项$"), "en": re.compile(r"^Showing (\d+) items$")}
PAGES = {"map": "", "items": "items", "chapters": "chapters", "indicators": "indicators",
         "about": "about"}  # fmt: skip
#: Streamlit probes ``/<page>/_stcore/...`` before ``/_stcore/...`` when a page URL is opened
#: directly (streamlit/streamlit#7074): two harmless 404s per such visit, logged by Chromium.
STREAMLIT_PROBE = re.compile(r"^http://127\.0\.0\.1:\d+/[a-z]+/_stcore/(health|host-config)$")
PROBE_ERROR = "console: Failed to load resource: the server responded with a status of 404"


@dataclass
class PageLog(RequestLog):
    """The request log, plus every response with a status of 400 or more."""

    failed: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        """Nothing left this machine; no script error; no failed request but Streamlit's probes."""
        assert self.external() == []
        assert [e for e in self.errors if not e.startswith(PROBE_ERROR)] == []
        assert [url for url in self.failed if not STREAMLIT_PROBE.match(url)] == []
        assert any(url.startswith("ws://127.0.0.1:") for url in self.urls)  # really logged


def _new_page(browser, width: int, height: int):
    """A fresh context and page (see ``browser_helpers.new_page``) with a :class:`PageLog`."""
    log = PageLog()
    context, page = new_page(browser, width, height, log)
    page.on("response", lambda r: log.failed.append(r.url) if r.status >= 400 else None)
    return context, page, log


@pytest.fixture(scope="module")
def items() -> gpd.GeoDataFrame:
    return load_plan_items()


@pytest.fixture(scope="module")
def desktop(browser) -> Iterator:
    """One desktop page for the interaction tests (each opens the view it needs)."""
    context, page, log = _new_page(browser, *DESKTOP)
    yield page, log
    context.close()


def _open(page, url: str):
    """Go to ``url`` and wait until the map has drawn its base and plan layers."""
    page.goto(url)
    frame = map_frame(page)
    frame.wait_for_function("() => window.map_div && map_div._loaded")
    page.wait_for_timeout(300)
    return frame


def _count_line(page, lang: str = "zh"):
    """The bold 「当前显示 N 项」 / ``Showing N items`` line."""
    return page.locator('[data-testid="stMain"] strong', has_text=COUNT[lang]).first


def _drawn(frame) -> tuple[int, int]:
    """Plan point markers and plan line/area paths on the map now."""
    return (
        frame.locator(".plan-marker").count(),
        frame.locator(".leaflet-overlay-pane path").count(),
    )


def _expected_drawn(subset: gpd.GeoDataFrame) -> tuple[int, int]:
    placed = subset[subset.geometry.notna() & ~subset.geometry.is_empty]
    points = placed.geom_type.isin(["Point", "MultiPoint"])
    markers = sum(
        len(g.geoms) if g.geom_type == "MultiPoint" else 1 for g in placed[points].geometry
    )
    # A site drawn as a schematic area also gets its status marker at the centre.
    sites = placed.geom_type.str.contains("Polygon") & ~placed["kind"].isin(AREA_KINDS)
    return markers + int(sites.sum()), int((~points).sum())


def _wait_drawn(frame, expected: tuple[int, int], timeout_ms: int = 20_000) -> None:
    frame.wait_for_function(
        """([m, p]) => document.querySelectorAll('.plan-marker').length === m
            && document.querySelectorAll('.leaflet-overlay-pane path').length === p""",
        arg=list(expected),
        timeout=timeout_ms,
    )


def _params(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


# --- The map draws the items ------------------------------------------------------------------


def test_the_map_draws_every_mapped_item(desktop, app_url, items):
    page, log = desktop
    frame = _open(page, app_url)
    expect(_count_line(page)).to_have_text(t("showing", "zh", n=len(items)))
    _wait_drawn(frame, _expected_drawn(items))
    markers, paths = _drawn(frame)
    assert markers > 10 and paths > 10
    overlays = frame.locator(".leaflet-control-layers-overlays").inner_text()
    placed = items[items.geometry.notna()]
    for code in LAYERS:
        shown = int((placed["layer"] == code).sum())
        if shown:
            assert f"{label(LAYERS, code, 'zh')} ({shown})" in overlays
    log.assert_clean()
    assert any("/app/static/base/roads.geojson" in u for u in log.urls)


def test_an_item_tooltip_shows_its_names_and_status(desktop, app_url, items):
    page, _ = desktop
    frame = _open(page, app_url)
    frame.locator(".plan-marker").first.hover(force=True)
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=5000)
    text = tooltip.inner_text()
    assert any(row["name_zh"] in text and row["name_en"] in text for _, row in items.iterrows())
    assert any(label(STATUSES, code, "zh") in text for code in STATUSES)


def test_a_filter_change_changes_what_is_drawn_and_the_count(desktop, app_url, items):
    page, log = desktop
    _wait_drawn(_open(page, app_url), _expected_drawn(items))
    fetched = sum("/app/static/base/roads.geojson" in u for u in log.urls)
    status = "planned"
    chosen = items[items["id"].isin(expected_ids(statuses=[status]))]
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has_text=t("filter_status", "zh")
    )
    box.click()
    page.locator('[role="option"]', has_text=f"{label(STATUSES, status, 'zh')} (").click()
    page.keyboard.press("Escape")
    expect(_count_line(page)).to_have_text(t("showing", "zh", n=len(chosen)), timeout=20_000)
    frame = map_frame(page)
    _wait_drawn(frame, _expected_drawn(chosen))
    assert _drawn(frame) != _expected_drawn(items)
    assert _params(page) == {"st": status}
    # only the plan groups were swapped: the base data was not fetched again
    assert sum("/app/static/base/roads.geojson" in u for u in log.urls) == fetched
    log.assert_clean()


def test_clicking_an_item_opens_its_details(desktop, app_url, items):
    page, log = desktop
    frame = _open(page, f"{app_url}/?st=planned")
    view = frame.locator(".leaflet-container").bounding_box()
    markers = frame.locator(".plan-marker")
    target = None
    left, right = view["x"] + 0.25 * view["width"], view["x"] + 0.75 * view["width"]
    top, bottom = view["y"] + 0.2 * view["height"], view["y"] + 0.8 * view["height"]
    on_top = (
        "e => { const r = e.getBoundingClientRect(); const hit = document.elementFromPoint("
        "r.x + r.width / 2, r.y + r.height / 2);"
        " return !!hit && hit.closest('.plan-marker') === e; }"
    )
    for i in range(markers.count()):  # one well inside the map, clear of the controls
        box = markers.nth(i).bounding_box()
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        # and not covered by a neighbour (several sites share a spot)
        if left < cx < right and top < cy < bottom and markers.nth(i).evaluate(on_top):
            target = markers.nth(i)
            break
    assert target is not None, "no marker in the middle of the map"
    target.click()
    page.wait_for_url(re.compile(r"[?&]f="), timeout=20_000)
    item = items.set_index("id").loc[_params(page)["f"]]
    details = page.locator('[data-testid="stMain"]')
    expect(details.get_by_text(item["name_zh"], exact=True).first).to_be_visible(timeout=20_000)
    expect(details).to_contain_text(item["name_en"])
    assert _params(page)["st"] == "planned"  # the filter stays
    map_frame(page).locator(".plan-selected").wait_for(timeout=20_000)
    log.assert_clean()


# --- A permalink restores the view ----------------------------------------------------------


def test_a_permalink_restores_the_view(browser, app_url, items):
    statuses = ["underway", "planned"]
    chapter, base = next(  # the first chapter with such an item drawn as a point
        (n, found)
        for n in range(1, 13)
        if (
            (found := items[items["id"].isin(expected_ids(chapters=[n], statuses=statuses))])
            .geom_type.eq("Point")
            .any()
        )
    )
    point = base[base.geom_type == "Point"].iloc[0]
    params = {"ch": str(chapter), "st": ",".join(statuses), "lang": "en", "f": point["id"]}
    context, page, log = _new_page(browser, *DESKTOP)  # a new visitor following a shared link
    try:
        frame = _open(page, f"{app_url}/?{urlencode(params)}")
        expect(page.locator("h1").first).to_have_text(t("app_title", "en"))
        expect(_count_line(page, "en")).to_have_text(t("showing", "en", n=len(base)))
        _wait_drawn(frame, _expected_drawn(base))
        side = page.locator('[data-testid="stSidebar"]')
        for chip in (t("chapter_n", "en", n=chapter), label(STATUSES, "planned", "en"),
                     label(STATUSES, "underway", "en")):  # fmt: skip
            expect(side.locator("[data-tag]", has_text=chip)).to_have_count(1)
        main = page.locator('[data-testid="stMain"]')
        # in English the English name leads (bold), the Chinese follows
        expect(main.get_by_text(point["name_en"], exact=True).first).to_be_visible()
        expect(main).to_contain_text(point["name_zh"])
        # the map flew to the item: zoomed in, the item in the middle, drawn as selected
        frame.wait_for_function("() => map_div.getZoom() >= 15", timeout=10_000)
        centre = frame.evaluate("() => map_div.getCenter()")
        assert centre["lat"] == pytest.approx(point.geometry.y, abs=2e-3)
        assert centre["lng"] == pytest.approx(point.geometry.x, abs=2e-3)
        frame.locator(".plan-selected").wait_for()
        assert _params(page) == params  # the link stays as shared
        log.assert_clean()
    finally:
        context.close()


# --- The first visitor after a restart --------------------------------------------------------


def _fresh_server(port: int, log_path) -> subprocess.Popen:
    out = log_path.open("w")
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=settings.REPO_ROOT, stdout=out, stderr=subprocess.STDOUT,
    )  # fmt: skip


def test_a_page_link_works_for_the_first_visitor_of_a_fresh_server(browser, app_url, tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = _fresh_server(port, tmp_path / "fresh.log")
    url = f"http://127.0.0.1:{port}"
    context, page, log = _new_page(browser, *DESKTOP)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert time.monotonic() < deadline and proc.poll() is None, (
                    tmp_path / "fresh.log"
                ).read_text()
                time.sleep(0.3)
        page.goto(f"{url}/items?ch=3&lang=en")
        expect(page.locator("h1").first).to_have_text(t("page_items", "en"), timeout=30_000)
        expect(_count_line(page, "en")).to_have_text(
            t("showing", "en", n=len(expected_ids(chapters=[3])))
        )
        assert page.locator('[data-testid="stException"]').count() == 0
        assert urlsplit(page.url).path == "/items" and _params(page) == {"ch": "3", "lang": "en"}
        log.assert_clean()
    finally:
        context.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


# --- Every page at desktop and phone size -----------------------------------------------------


def _wait_page(page, name: str) -> None:
    if name == "map":
        map_frame(page).wait_for_function("() => window.map_div && map_div._loaded")
        page.wait_for_timeout(800)
        return
    page.locator("h1").first.wait_for()
    ready = {
        "items": '[data-testid="stDataFrame"]',
        "indicators": '[data-testid="stVegaLiteChart"]',
        "chapters": '[data-testid="stPageLink"]',
        "about": '[data-testid="stMarkdownContainer"] li',
    }[name]
    page.locator(ready).first.wait_for(timeout=30_000)
    page.wait_for_timeout(800)


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_page_lays_out_at_desktop_and_phone_width(browser, app_url, size):
    width, height = size
    context, page, log = _new_page(browser, width, height)
    try:
        for name, path in PAGES.items():
            page.goto(f"{app_url}/{path}")
            _wait_page(page, name)
            screenshot(page, f"{name}_{width}x{height}")
            assert page.locator('[data-testid="stException"]').count() == 0, name
            title = page.locator("h1").first.bounding_box()
            assert title and title["x"] >= 0 and title["x"] + title["width"] <= width + 1, name
            side = page.locator('[data-testid="stSidebar"]').bounding_box()
            assert side is None or side["x"] + side["width"] <= title["x"] + 1, (
                f"{name}: the sidebar covers the page"
            )
            overflow = page.evaluate(
                "() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth"
                " - window.innerWidth"
            )
            assert overflow <= 1, f"{name}: the page scrolls sideways by {overflow}px"
            if name == "map":
                iframe = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
                assert iframe["x"] >= 0 and iframe["x"] + iframe["width"] <= width
                assert iframe["width"] >= (600 if width > 800 else 0.8 * width)
                assert iframe["height"] >= 500
                frame = map_frame(page)
                scale = frame.locator(".leaflet-control-scale").bounding_box()
                credits = frame.locator(".leaflet-control-attribution").bounding_box()
                assert scale["x"] + scale["width"] <= credits["x"] or (
                    scale["y"] + scale["height"] <= credits["y"]
                ), f"the credits cover the scale bar at {width}px"
        log.assert_clean()
    finally:
        context.close()
