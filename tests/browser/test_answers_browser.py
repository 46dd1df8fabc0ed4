"""Answers to spatial questions in a real browser: the outline or circle and the highlighted
results are drawn, a result is clickable into its details, reach areas and the part beyond
reach are drawn; screenshots at 1400x900 and 390x844."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from browser_helpers import BROWSER_MARKS, RequestLog, map_frame, new_page, screenshot

pytestmark = BROWSER_MARKS


def _open(browser, app_url: str, query: str, size=(1400, 900)):
    log = RequestLog()
    context, page = new_page(browser, size[0], size[1], log)
    page.goto(f"{app_url}/?{query}")
    frame = map_frame(page)
    frame.wait_for_selector("path.answer-outline, path.answer-reach", timeout=45_000)
    page.wait_for_timeout(800)
    return context, page, frame, log


@pytest.fixture(scope="module")
def inside(browser, app_url):
    context, page, frame, log = _open(browser, app_url, "qi=zone-modern-services&st=planned")
    page.get_by_text("2 项位于“现代服务片区”内").scroll_into_view_if_needed()
    screenshot(page, "answer_inside_1400x900")
    yield page, frame, log
    context.close()


def test_zone_outline_and_the_two_results_are_drawn(inside):
    _, frame, log = inside
    assert frame.locator("path.answer-outline").count() == 1
    # both planned results are areas or lines: one orange path each
    assert frame.locator("path.answer-result").count() == 2
    assert frame.locator("path.answer-result").first.get_attribute("stroke") == "#FF5A00"
    assert log.external() == []


def test_a_result_button_opens_its_details(inside):
    page, _, _ = inside
    page.get_by_role("button", name="汤泉问道").click()
    page.wait_for_url("**f=scene-tangquan-wendao**", timeout=20_000)
    page.get_by_text("新八景").first.wait_for(timeout=20_000)  # its kind, in the details
    assert "qi=zone-modern-services" in page.url


def test_station_circle_and_point_results_on_a_phone(browser, app_url):
    context, page, frame, _ = _open(browser, app_url, f"qs={quote('屏山')}&qd=500",
                                    size=(390, 844))  # fmt: skip
    try:
        assert frame.locator("path.answer-outline").count() == 1
        assert frame.locator("path.answer-result").count() >= 10
        screenshot(page, "answer_station_390x844")
    finally:
        context.close()


def test_reach_areas_and_the_part_beyond_reach(browser, app_url):
    context, page, frame, _ = _open(browser, app_url, "reach=hospital&min=15")
    try:
        assert frame.locator("path.answer-reach").count() == 4  # one per mapped hospital
        assert frame.locator("path.answer-uncovered").count() == 1
        page.get_by_text("分钟步行范围以外").first.scroll_into_view_if_needed()
        screenshot(page, "answer_reach_1400x900")
    finally:
        context.close()
