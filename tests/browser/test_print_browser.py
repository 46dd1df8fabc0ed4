"""Printing the briefing map with Debian's Chromium: a real PDF and a 2x PNG."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import BROWSER_MARKS

from layers.plan import filter_items, load_plan_items
from webmap.briefing import PAGES, export_html, print_map

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def html(chromium_path: Path) -> str:
    return export_html(filter_items(load_plan_items(), chapters=[5]), "zh", "第5章")


def test_pdf_is_one_landscape_page(html, browser, tmp_path):
    out = tmp_path / "map.pdf"
    print_map(html, out, "pdf", paper="A4", browser=browser)
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert (
        data.count(b"/Type /Page\n") + data.count(b"/Type /Page\r") + data.count(b"/Type/Page") <= 2
    )
    assert len(data) > 50_000  # the map's vector layers, not an empty page


def test_png_has_print_resolution(html, browser, tmp_path):
    from PIL import Image

    out = tmp_path / "map.png"
    print_map(html, out, "png", paper="A4", browser=browser)
    with Image.open(out) as image:
        width, height = image.size
        colours = len(image.convert("RGB").resize((200, 140)).getcolors(maxcolors=1 << 16) or [])
    assert (width, height) == (PAGES["A4"][0] * 2, PAGES["A4"][1] * 2)
    assert colours > 200  # a drawn map, not a blank page
