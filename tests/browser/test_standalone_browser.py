"""The stand-alone HTML export in a real browser: opens from a file, data names stay text."""

from __future__ import annotations

from pathlib import Path

from browser_helpers import BROWSER_MARKS, RequestLog, new_page, screenshot
from test_webmap import EVIL, write_base

from webmap import assets
from webmap import basemap as webmap

pytestmark = BROWSER_MARKS


def _export(tmp_path: Path, lang: str) -> Path:
    m = webmap.base_map(lang, base_dir=write_base(tmp_path / "base"))
    webmap.add_layer_control(m)
    path = tmp_path / f"gulou_{lang}.html"
    path.write_text(assets.standalone_html(m, title="鼓楼区“十五五”规划图"), encoding="utf-8")
    return path


def test_export_works_from_a_file_and_escapes_names(browser, tmp_path: Path):
    path = _export(tmp_path, "zh")
    log = RequestLog()
    context, page = new_page(browser, 1200, 800, log)
    try:
        page.goto(path.as_uri())
        page.wait_for_function("() => window.gulou && Object.keys(window.gulou.loaded).length == 5")
        assert page.evaluate("() => window.gulou.failed") == {}
        labels = page.eval_on_selector_all(".gulou-label", "els => els.map(e => e.textContent)")
        assert EVIL in labels and "晋安区" in labels  # shown as text, not run as a script
        page.locator("path.gulou-station").first.hover(force=True)
        tooltip = page.locator(".leaflet-tooltip")
        tooltip.wait_for(timeout=5000)
        assert EVIL + "站" in tooltip.inner_text()
        assert tooltip.locator("script").count() == 0
        assert page.evaluate("() => window.__xss") is None
        assert page.locator(".gulou-legend").inner_text().startswith("图例")
        assert page.locator("path.gulou-roads").count() == 4
        background = "() => getComputedStyle(document.querySelector('.leaflet-container'))"
        assert page.evaluate(background + ".backgroundColor") == "rgb(243, 241, 236)"
        screenshot(page, "standalone_1200x800")
        schemes = {url.split(":", 1)[0] for url in log.urls}
        assert schemes <= {"file", "data"}, log.urls  # no server at all
    finally:
        context.close()


def test_english_export_reads_english(browser, tmp_path: Path):
    path = _export(tmp_path, "en")
    context, page = new_page(browser, 1000, 700, RequestLog())
    try:
        page.goto(path.as_uri())
        page.wait_for_function("() => window.gulou && Object.keys(window.gulou.loaded).length == 5")
        legend = page.locator(".gulou-legend").inner_text()
        assert legend.startswith("Legend") and "Line 1" in legend
        overlays = page.locator(".leaflet-control-layers-overlays").inner_text()
        assert "Metro stations" in overlays and "Roads" in overlays
        labels = page.eval_on_selector_all(".gulou-label", "els => els.map(e => e.textContent)")
        assert "Jin'an District" in labels
    finally:
        context.close()


def test_the_briefing_export_draws_its_items_with_the_shared_front_end(browser, tmp_path: Path):
    from layers.plan import filter_items, load_plan_items
    from webmap.briefing import export_html
    from webmap.i18n import t

    chosen = filter_items(load_plan_items(), chapters=[5], statuses=["planned"])
    path = tmp_path / "ch5.html"
    path.write_text(export_html(chosen, "zh", "第5章"), encoding="utf-8")
    log = RequestLog()
    context, page = new_page(browser, 1200, 800, log)
    try:
        page.goto(path.as_uri())
        page.wait_for_function("() => window.gulou && gulou.planLoaded === 24")
        assert page.locator(".gulou-count").inner_text() == t("showing", "zh", n=24)
        assert "规划项目状态" in page.locator(".gulou-legend").inner_text()
        assert page.locator(".plan-marker").count() >= 8  # 12 of the 24 are drawn
        page.locator(".plan-marker").first.click(force=True)
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for(timeout=5000)
        name = popup.locator(".gulou-details-name").inner_text()
        assert name in set(chosen["name_zh"])
        assert t("as_of", "zh") in popup.inner_text() and "第5章" in popup.inner_text()
        screenshot(page, "export_ch5_1200x800")
        assert {url.split(":", 1)[0] for url in log.urls} <= {"file", "data"}
        assert log.errors == []
    finally:
        context.close()
