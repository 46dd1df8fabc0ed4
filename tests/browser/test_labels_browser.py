"""Name labels in a real browser: the plan's structure is readable at the default view."""

from __future__ import annotations

import pytest
from browser_helpers import BROWSER_MARKS, RequestLog, map_frame, new_page, screenshot
from shapely.affinity import rotate
from shapely.geometry import box

pytestmark = BROWSER_MARKS

#: What a reader must find written on the map at the default view (from the plan text).
ZONES = ["文旅融合片区", "现代服务片区", "科创生态片区"]
AXES = ["八一七路城市中心主轴", "杨桥路东西联动轴"]
NEW_EIGHT = [
    "坊巷寻芳",
    "冶山春秋",
    "朱紫文脉",
    "西湖梦山",
    "白马雅韵",
    "福道问山",
    "汤泉问道",
    "中轴光影",
]

#: Each label as drawn: its upright box in the page, and its own box and turn in the pane.
_BOXES = """() => Array.from(document.querySelectorAll('.gulou-name')).map(e => {
  const r = e.getBoundingClientRect();
  const turn = /rotate\\(([-0-9.e]+)rad\\)/.exec(e.style.transform || '');
  return {text: e.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom,
          left: parseFloat(e.style.left), top: parseFloat(e.style.top),
          w: e.offsetWidth, h: e.offsetHeight, rad: turn ? parseFloat(turn[1]) : 0,
          visible: getComputedStyle(e).visibility !== 'hidden' && r.width > 0};
})"""


def _shape(b):
    """The label's rectangle, turned about its centre as the page draws it."""
    rect = box(b["left"], b["top"], b["left"] + b["w"], b["top"] + b["h"])
    return rotate(rect, b["rad"], origin="center", use_radians=True)


def _overlapping(shown):
    shapes = [(b["text"], _shape(b)) for b in shown]
    return [
        (a, b)
        for i, (a, sa) in enumerate(shapes)
        for b, sb in shapes[i + 1 :]
        if sa.intersection(sb).area > 0.5  # more than half a square pixel
    ]


def _labels(browser, app_url, width, height, name, query=""):
    context, page = new_page(browser, width, height, RequestLog())
    page.goto(app_url + query)
    frame = map_frame(page)
    frame.wait_for_function("() => window.gulou.labelState && window.gulou.labelState.shown.length")
    page.wait_for_timeout(800)
    screenshot(page, name)
    boxes = frame.evaluate(_BOXES)
    view = frame.evaluate(
        "() => { const r = document.querySelector('.leaflet-container').getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom]; }"
    )
    context.close()
    return boxes, view


@pytest.fixture(scope="module")
def desktop(browser, app_url):
    return _labels(browser, app_url, 1400, 900, "labels_1400x900")


def test_default_view_names_the_plan_structure(desktop):
    boxes, _ = desktop
    texts = [b["text"] for b in boxes if b["visible"]]
    joined = " ".join(texts)
    for name in ZONES + AXES + NEW_EIGHT:
        assert name in joined, name
    # ①–⑧ badges carry the plan's order: 坊巷寻芳 first, 中轴光影 last.
    assert "①坊巷寻芳" in texts and "⑧中轴光影" in texts
    assert "3.1 km" in joined and "5.5 km" in joined  # axes with their measured length
    assert len(set(texts)) >= 25


def test_labels_never_overlap_and_stay_in_the_map(desktop):
    boxes, view = desktop
    shown = [b for b in boxes if b["visible"]]
    for a in shown:
        assert view[0] - 1 <= a["x0"] and a["x1"] <= view[2] + 1, a
        assert view[1] - 1 <= a["y0"] and a["y1"] <= view[3] + 1, a
    assert _overlapping(shown) == []


def test_english_labels(browser, app_url):
    boxes, _ = _labels(browser, app_url, 1400, 900, "labels_en_1400x900", "?lang=en")
    joined = " ".join(b["text"] for b in boxes)
    assert "Modern Services Zone" in joined and "Yangqiao Road East-West Linkage Axis" in joined
    assert "坊巷寻芳" not in joined


def test_phone_labels_do_not_overlap(browser, app_url):
    boxes, _ = _labels(browser, app_url, 390, 844, "labels_390x844")
    shown = [b for b in boxes if b["visible"]]
    assert any("片区" in b["text"] for b in shown)
    assert _overlapping(shown) == []


def test_phone_controls_are_tappable_and_credits_short(browser, app_url):
    context, page = new_page(browser, 390, 844, RequestLog())
    page.goto(app_url)
    frame = map_frame(page)
    page.wait_for_timeout(500)
    sizes = frame.eval_on_selector_all(
        ".leaflet-bar a, .leaflet-control-layers-toggle, .gulou-legend summary",
        "els => els.filter(e => e.offsetParent).map(e => {"
        " const r = e.getBoundingClientRect(); return [r.width, r.height]; })",
    )
    credits = frame.locator(".leaflet-control-attribution")
    box = credits.bounding_box()
    line = float(credits.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
    context.close()
    assert sizes and min(min(s) for s in sizes) >= 32, sizes
    assert box["height"] <= 2 * line + 2  # at most two lines of credits
