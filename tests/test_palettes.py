"""The structure palette stays apart from the status and metro colours (CIEDE2000).

The colour difference is computed here from the published formula (Sharma, Wu and Dalal,
2005), checked against two of their test pairs, not with the code under test.
"""

from __future__ import annotations

import json
import math
from itertools import combinations

import pytest

from geo import settings
from webmap import styles


def _lab(hex_colour: str) -> tuple[float, float, float]:
    """sRGB hex -> CIELAB (D65)."""
    h = hex_colour.lstrip("#")
    rgb = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    x = 0.4124564 * lin[0] + 0.3575761 * lin[1] + 0.1804375 * lin[2]
    y = 0.2126729 * lin[0] + 0.7151522 * lin[1] + 0.0721750 * lin[2]
    z = 0.0193339 * lin[0] + 0.1191920 * lin[1] + 0.9503041 * lin[2]

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x / 0.95047), f(y / 1.0), f(z / 1.08883)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _de2000(lab1, lab2) -> float:
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    cm = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(cm**7 / (cm**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0
    dlp, dcp = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    else:
        dhp = h2p - h1p - 360 if h2p - h1p > 180 else h2p - h1p + 360
    dh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dhp / 2))
    lpm, cpm = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hpm = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hpm = (h1p + h2p) / 2
    else:
        hpm = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(hpm - 30))
        + 0.24 * math.cos(math.radians(2 * hpm))
        + 0.32 * math.cos(math.radians(3 * hpm + 6))
        - 0.20 * math.cos(math.radians(4 * hpm - 63))
    )
    dtheta = 30 * math.exp(-(((hpm - 275) / 25) ** 2))
    rc = 2 * math.sqrt(cpm**7 / (cpm**7 + 25**7))
    sl = 1 + 0.015 * (lpm - 50) ** 2 / math.sqrt(20 + (lpm - 50) ** 2)
    sc, sh = 1 + 0.045 * cpm, 1 + 0.015 * cpm * t
    rt = -math.sin(math.radians(2 * dtheta)) * rc
    return math.sqrt(
        (dlp / sl) ** 2 + (dcp / sc) ** 2 + (dh / sh) ** 2 + rt * (dcp / sc) * (dh / sh)
    )


def delta_e(c1: str, c2: str) -> float:
    return _de2000(_lab(c1), _lab(c2))


@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [  # Sharma, Wu and Dalal (2005), Table 1, pairs 1 and 7
        ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
        ((50, 0, 0), (50, -1, 2), 2.3669),
    ],
)
def test_the_formula_matches_the_published_pairs(lab1, lab2, expected):
    assert _de2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


def _metro() -> dict[str, str]:
    path = settings.STATIC_DIR / "base" / "metro_lines.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["line"]: f["properties"]["colour"] for f in features}


def test_axes_are_far_from_the_metro_lines_under_them():
    metro = _metro()
    axis = styles.STRUCTURE_COLOURS["axis"]
    # 八一七路 runs over Line 1 (#EB212F), 杨桥路 over Line 4 (orange).
    assert metro["1"] == "#EB212F"
    assert delta_e(axis, metro["1"]) >= 20 and delta_e(axis, metro["4"]) >= 20
    # The old axis red was the issue: ΔE 11.8 from Line 1.
    assert delta_e("#B3202A", metro["1"]) < 20


def test_structure_water_and_zones_stay_apart_from_status_and_metro():
    ours = [styles.STRUCTURE_COLOURS["axis"], styles.KIND_COLOURS["water"]]
    ours += list(styles.ZONE_TINTS.values())
    others = [s.colour for s in styles.STATUS_STYLES.values()] + list(_metro().values())
    close = [(a, b, round(delta_e(a, b), 1)) for a in ours for b in others if delta_e(a, b) < 20]
    assert close == []
    assert all(delta_e(a, b) >= 20 for a, b in combinations(styles.ZONE_TINTS.values(), 2))


def test_path_style_uses_the_structure_palette():
    axis = styles.path_style("axis", "structure", "approximate")
    assert axis["color"] == "#4400AA"
    zones = sorted(styles.ZONE_TINTS)
    tint = styles.path_style("zone", "structure", "schematic", zones.index("zone-tech-ecology"))
    assert tint["color"] == styles.ZONE_TINTS["zone-tech-ecology"]
