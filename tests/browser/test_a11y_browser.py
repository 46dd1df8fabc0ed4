"""Keyboard and screen-reader access to the plan map, on the static site (``file://``).

Every plan marker is a named button (item name, kind, status in the interface language),
Tab reaches it, Enter and Space open the same details as a click, and the map's count is a
polite live region.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_helpers import BROWSER_MARKS, RequestLog, new_page, screenshot

import cli
from layers.plan import load_plan_items
from layers.vocab import KINDS, STATUSES

pytestmark = BROWSER_MARKS

#: the markers' element, id and accessible attributes, as the browser has them
_MARKERS = """() => {
  const out = [];
  const plan = gulou.plan.last;
  Object.keys(plan.items).forEach((id) => plan.items[id].layers.forEach((layer) => {
    const el = layer.getElement && layer.getElement();
    if (el && el.classList.contains("plan-marker") && document.body.contains(el)) {
      out.push({id, label: el.getAttribute("aria-label"), role: el.getAttribute("role"),
                tabindex: el.getAttribute("tabindex")});
    }
  }));
  return out;
}"""

#: how many layers draw the selected item emphasised
_SELECTED = "() => gulou.plan.last.selection.getLayers().length"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    assert cli.main(["site", "-o", str(out)]) == 0
    return out


def _open(browser, url: str, log: RequestLog):
    context, page = new_page(browser, 1400, 900, log)
    page.goto(url)
    page.wait_for_function(
        "() => window.gulou && gulou.site && gulou.site.view && gulou.planLoaded", timeout=20_000
    )
    return context, page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_marker_is_a_named_button(browser, site, lang):
    items = load_plan_items().set_index("id")
    log = RequestLog()
    context, page = _open(browser, (site / "index.html").as_uri() + f"?lang={lang}", log)
    try:
        markers = page.evaluate(_MARKERS)
        assert len(markers) == page.locator(".plan-marker").count() > 50
        for marker in markers:
            item = items.loc[marker["id"]]
            name = item["name_en"] or item["name_zh"] if lang == "en" else item["name_zh"]
            status, kind = STATUSES[item["status"]], KINDS[item["kind"]]
            label = marker["label"] or ""
            assert name in label, marker
            assert (status.en if lang == "en" else status.zh) in label, marker
            assert (kind.en if lang == "en" else kind.zh) in label, marker
            assert (marker["role"], marker["tabindex"]) == ("button", "0")
        count = page.locator(".gulou-count")
        assert count.get_attribute("role") == "status"
        assert count.get_attribute("aria-live") == "polite"
        assert log.errors == []
    finally:
        context.close()


def _tab_to_marker(page, presses: int = 400) -> str:
    """Press Tab until a plan marker has the focus; its accessible name."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        label = page.evaluate(
            "() => document.activeElement.classList.contains('plan-marker')"
            " ? document.activeElement.getAttribute('aria-label') : null"
        )
        if label:
            return label
    raise AssertionError(f"no plan marker reached in {presses} Tab presses")


def _details(page) -> tuple[str, str]:
    chosen = parse_qs(urlsplit(page.url).query).get("f", [""])[0]
    return chosen, page.locator(".gulou-site-details").inner_text()


@pytest.mark.parametrize("key", ["Enter", " "])
def test_keyboard_opens_the_same_details_as_a_click(browser, site, key):
    items = load_plan_items().set_index("id")
    url = (site / "index.html").as_uri() + "?st=planned"
    log = RequestLog()
    context, page = _open(browser, url, log)
    try:
        label = _tab_to_marker(page)
        # a visible focus ring: a solid outline of at least 2 px
        ring = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
        )
        assert ring[0] == "solid" and ring[1] >= 2
        if key == "Enter":
            screenshot(page, "a11y_focus_1400x900")
        scroll = page.evaluate("() => window.scrollY")
        page.keyboard.press(key)
        page.wait_for_function("() => new URL(location.href).searchParams.get('f')")
        chosen, by_key = _details(page)
        assert label.startswith(items.loc[chosen, "name_zh"])
        assert page.locator(".gulou-details-name").inner_text() == items.loc[chosen, "name_zh"]
        assert page.evaluate("() => window.scrollY") == scroll  # Space did not scroll
        selected = page.evaluate(_SELECTED)
        assert selected > 0
    finally:
        context.close()
    # the same marker clicked by a pointer on a fresh page
    context, page = _open(browser, url, log)
    try:
        # a click on this very marker (a click at its centre may hit a marker drawn over it)
        page.locator(f".plan-marker[aria-label='{label}']").first.dispatch_event("click")
        page.wait_for_function("() => new URL(location.href).searchParams.get('f')")
        assert _details(page) == (chosen, by_key)
        assert page.evaluate(_SELECTED) == selected
        assert log.errors == []
    finally:
        context.close()
