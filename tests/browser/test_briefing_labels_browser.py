"""The briefing print carries the plan's names and the chapter's own title as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import BROWSER_MARKS

from layers.plan import filter_items, load_plan_items
from webmap import briefing
from webmap.briefing import describe_filters, export_html, print_map

pytestmark = BROWSER_MARKS

pypdf = pytest.importorskip("pypdf")

#: Chapter 5's heading as the plan text writes it (第五章 释放内需潜力，融入强大国内市场建设).
CHAPTER_5 = "第五章 释放内需潜力，融入强大国内市场建设"


def _pdf_text(path: Path) -> str:
    return "".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


@pytest.fixture(scope="module")
def chapter5(chromium_path: Path):
    items = filter_items(load_plan_items(), chapters=[5])
    return items, export_html(items, "zh", describe_filters("zh", [5]))


def test_a3_pdf_has_title_names_and_legend_as_text(chapter5, browser, tmp_path):
    _, html = chapter5
    out = tmp_path / "chapter5.pdf"
    print_map(html, out, "pdf", paper="A3", browser=browser)
    text = "".join(_pdf_text(out).split())  # PDF text runs break lines and spaces anywhere
    assert "".join(CHAPTER_5.split()) in text
    for name in ("现代服务片区", "文旅融合片区", "科创生态片区", "坊巷寻芳", "中轴光影"):
        assert name in text, name
    assert "图层" in text and "信息截至" in text  # legend, as-of date
    assert text.count("现代服务片区") == 1  # each name once: searchable, not a pile of halos
    assert "Leaflet" not in text  # no interactive controls or Leaflet link on paper


def test_portrait_png_is_twice_the_page(chapter5, browser, tmp_path):
    from PIL import Image

    _, html = chapter5
    out = tmp_path / "portrait.png"
    print_map(html, out, "png", paper="A4", browser=browser, orientation="portrait")
    with Image.open(out) as image:
        assert image.size == (794 * 2, 1123 * 2)
    with pytest.raises(ValueError, match="orientation"):
        print_map(html, out, "png", paper="A4", browser=browser, orientation="sideways")


def test_print_has_north_arrow_and_a_long_scale_bar(chapter5, browser, tmp_path):
    _, html = chapter5
    page_file = tmp_path / "map.html"
    page_file.write_text(html, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1587, "height": 1123})
    page = context.new_page()
    page.goto(page_file.as_uri())
    page.add_style_tag(content=briefing._PRINT_CSS)  # as print_map prints it
    page.wait_for_function("() => window.gulou && window.gulou.labelState")
    assert page.locator(".gulou-north").inner_text().strip() == "北"
    width = page.locator(".gulou-print-scale .leaflet-control-scale-line").bounding_box()["width"]
    # A3 landscape is 420 mm over 1587 CSS px: 3 cm is 113 px.
    assert width * 420 / 1587 >= 30
    sizes = page.eval_on_selector_all(
        ".gulou-name", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes and min(sizes) >= 8 * 96 / 72  # 8 pt
    context.close()


def test_zone_tints_are_in_the_legend_when_zones_are_drawn():
    html = export_html(filter_items(load_plan_items(), chapters=[3]), "zh")
    assert "三片区" in html and "#8DA0CB" in html  # 现代服务片区's tint
