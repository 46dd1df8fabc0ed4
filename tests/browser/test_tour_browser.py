"""The presenter tour at 1920×1080 and the map page on a phone (390×844), in a real browser."""

from __future__ import annotations

import json

from browser_helpers import BROWSER_MARKS, RequestLog, map_frame, new_page, screenshot

from geo import settings

pytestmark = BROWSER_MARKS

OUTLINE = json.loads((settings.PLAN_DIR / "outline.json").read_text(encoding="utf-8"))
TITLES = {c["number"]: c["title"] for c in OUTLINE["chapters"]}
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'

_FONT_SIZES = """(selector) => Array.from(document.querySelectorAll(selector))
  .filter(e => e.getBoundingClientRect().width > 0 && getComputedStyle(e).visibility !== 'hidden')
  .map(e => [e.textContent, parseFloat(getComputedStyle(e).fontSize)])"""


def _first_mapped_id() -> str:
    doc = json.loads((settings.PLAN_DIR / "plan_items.geojson").read_text(encoding="utf-8"))
    return next(f["properties"]["id"] for f in doc["features"] if f["geometry"])


def test_tour_type_is_big_and_the_arrow_key_moves_on(browser, app_url):
    context, page = new_page(browser, 1920, 1080, RequestLog())
    page.goto(app_url + "/tour?step=1")
    frame = map_frame(page)
    frame.wait_for_function("() => window.gulou.labelState && window.gulou.labelState.shown.length")
    page.wait_for_timeout(800)
    screenshot(page, "tour-1920-step1")
    lines = page.evaluate(_FONT_SIZES, ".gulou-tour-line")
    assert len(lines) >= 2 and all(size >= 28 for _, size in lines), lines
    title = page.evaluate(_FONT_SIZES, ".gulou-tour-title")
    assert title and title[0][0] == f"第3章 {TITLES[3]}" and title[0][1] >= 28
    labels = frame.evaluate(_FONT_SIZES, ".gulou-name")
    assert len(labels) >= 10 and min(size for _, size in labels) >= 20, labels
    # The map's top is in the first screen and its bottom too: the whole step at a glance.
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box["y"] + box["height"] <= 1080
    page.locator(".gulou-tour-title").click()  # focus the page, not the map (its keys pan)
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**/tour?step=2*", timeout=20_000)
    page.wait_for_function(
        "(t) => Array.from(document.querySelectorAll('.gulou-tour-title'))"
        ".some(e => e.textContent === t)",
        arg=f"第4章 {TITLES[4]}",
        timeout=20_000,
    )
    page.keyboard.press("ArrowLeft")
    page.wait_for_url("**/tour?step=1*", timeout=20_000)
    context.close()


def test_phone_map_within_the_first_screen_and_a_way_to_the_details(browser, app_url):
    context, page = new_page(browser, 390, 844, RequestLog())
    page.goto(app_url + "/?f=" + _first_mapped_id())
    map_frame(page)
    page.wait_for_timeout(800)
    screenshot(page, "phone-390-selected")
    top = page.locator(MAP_IFRAME).bounding_box()["y"]
    assert 0 <= top < 844 * 0.25, top  # the map starts in the first quarter of the screen
    cue = page.get_by_role("link", name="详情见下方 ↓")
    assert cue.is_visible()
    cue.click()
    heading = page.locator("#gulou-details")
    page.wait_for_function(
        "() => { const r = document.querySelector('#gulou-details').getBoundingClientRect();"
        " return r.top >= 0 && r.top < 844; }",
        timeout=10_000,
    )
    assert heading.is_visible()
    context.close()


def test_wide_map_page_keeps_its_count_above_the_map(browser, app_url):
    context, page = new_page(browser, 1400, 900, RequestLog())
    page.goto(app_url + "/?f=" + _first_mapped_id())
    map_frame(page)
    assert not page.get_by_role("link", name="详情见下方 ↓").is_visible()
    count = page.locator(".st-key-map_count_top").bounding_box()
    assert count["y"] < page.locator(MAP_IFRAME).bounding_box()["y"]
    context.close()
