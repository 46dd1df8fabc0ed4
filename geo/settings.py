"""Project-wide settings: paths, reference systems and measured constants.

Every module reads paths and constants from here, so a user (or a test) can point the
pipeline at other sources by changing one place or one environment variable. Functions read
them when they are called, never in default arguments (a default of ``None`` means "the
setting"), so changing a setting, e.g. with ``monkeypatch.setattr``, takes effect at once.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Root of the repository (this file lives in ``<root>/geo/settings.py``).
REPO_ROOT: Path = Path(__file__).resolve().parents[1]

#: Derived, committed data.
DATA_DIR: Path = REPO_ROOT / "data"
BASE_DIR: Path = DATA_DIR / "base"
PLAN_DIR: Path = DATA_DIR / "plan"
PLAN_ITEMS_DIR: Path = PLAN_DIR / "items"

#: Files served to the browser by Streamlit (``server.enableStaticServing``) at ``/app/static``.
STATIC_DIR: Path = REPO_ROOT / "static"
STATIC_URL: str = "/app/static"

#: Offline source data (read by the build pipeline only, never copied into the repo).
SOURCES_DIR: Path = Path(
    os.environ.get("GULOU_SOURCES", REPO_ROOT.parent / "shared" / "sources")
).resolve()
#: The plan's full text (read by the build pipeline only).
PLAN_TEXT: Path = Path(
    os.environ.get(
        "GULOU_PLAN_TEXT", REPO_ROOT.parent / "shared" / "plan" / "gulou-15th-five-year-plan.txt"
    )
).resolve()

#: All stored data is WGS84; lengths and areas are measured in UTM zone 50N.
CRS_WGS84: str = "EPSG:4326"
CRS_METRIC: str = "EPSG:32650"

#: Gulou District, adcode 350102; official land area from the plan text (第一章).
DISTRICT_ADCODE: str = "350102"
DISTRICT_NAME_ZH: str = "鼓楼区"
OFFICIAL_AREA_KM2: float = 35.43
AREA_TOLERANCE: float = 0.015

#: Roads are kept within this distance of the district boundary (metres).
ROAD_MARGIN_M: float = 500.0

#: Coordinates are stored with this many decimals (1e-6 degree is about 0.1 m).
COORD_DECIMALS: int = 6

#: The as-of date of the plan's own statements (approved 2025-12-31).
PLAN_AS_OF: str = "2025-12-31"

# --- Spatial core and base layers (geo/*) -------------------------------------------------

#: Browser copies (static/base) keep 5 decimals (about 1 m), enough for display.
STATIC_COORD_DECIMALS: int = 5
#: Stored lengths (m) and areas (km²) are rounded to these many decimals.
LENGTH_DECIMALS: int = 1
AREA_DECIMALS: int = 3

#: Metro station groups are kept within this distance of the district boundary (metres), so
#: that nearby stations just outside (茶亭 in 台江, about 300 m) appear, flagged as outside.
STATION_MARGIN_M: float = 1500.0
#: Neighbouring districts are kept if their gap to Gulou is at most this (metres). 台江, 仓山,
#: 晋安 and 闽侯 touch Gulou; 马尾 lies about 5.5 km east, beyond 晋安, and is kept as context.
NEIGHBOUR_MAX_GAP_M: float = 6000.0

#: Official names of Fuzhou's districts by adcode (Chinese and English).
DISTRICT_NAMES: dict[str, tuple[str, str]] = {
    "350102": ("鼓楼区", "Gulou District"),
    "350103": ("台江区", "Taijiang District"),
    "350104": ("仓山区", "Cangshan District"),
    "350105": ("马尾区", "Mawei District"),
    "350111": ("晋安区", "Jin'an District"),
    "350121": ("闽侯县", "Minhou County"),
}
#: Nominatim query for the district (online path); neighbours use the same pattern.
DISTRICT_QUERY_TEMPLATE: str = "{name}, 福州市, 福建省, 中国"

#: Credit wherever a position rests on the AMap bus stops (sources README); the stops are a
#: reference gazetteer, never published as a map layer.
BUS_STOP_CREDIT: str = "公交站点：高德 via Tensort-s/matsim-example-project"

#: Metro stations that the source README places inside / outside Gulou (checked by validation).
STATIONS_INSIDE: tuple[str, ...] = (
    "东街口", "东门", "凤凰池", "南门兜", "屏山", "树兜", "水部",
    "省立医院", "西洋", "西门", "金牛山", "闽都", "陆庄",
)  # fmt: skip
STATIONS_OUTSIDE: tuple[str, ...] = ("茶亭",)

#: Drivable OSM road classes, most important first (ranks duplicate segments, filters graphs).
ROAD_CLASSES: tuple[str, ...] = (
    "motorway", "trunk", "primary", "secondary", "tertiary",
    "motorway_link", "trunk_link", "primary_link", "secondary_link", "tertiary_link",
    "unclassified", "residential", "living_street", "service",
)  # fmt: skip

#: One OSM tag set per theme, shared by the online (Overpass) and the local .osm XML paths.
OSM_TAGS: dict[str, dict[str, bool | str | list[str]]] = {
    "boundary": {"boundary": "administrative"},
    "parks": {"leisure": "park"},
    "water": {"natural": "water", "waterway": True},
    "roads": {"highway": True},
    "pois": {
        "amenity": [
            "hospital", "school", "university", "college", "kindergarten", "library",
            "theatre", "arts_centre", "community_centre", "townhall", "marketplace",
        ],
        "tourism": ["museum", "attraction", "gallery"],
        "historic": True,
        "leisure": ["sports_centre", "stadium"],
    },
    "metro": {"railway": ["subway", "station", "stop"]},
    "named": {"name": True},
}  # fmt: skip
#: Tags that name an OSM feature (matched against plan names by ``gulou-map geocode``).
OSM_NAME_TAGS: tuple[str, ...] = (
    "name", "name:zh", "name:zh-Hans", "official_name", "alt_name", "old_name", "short_name",
)  # fmt: skip
#: Tags that say what a named OSM feature is, in the order they are reported.
OSM_KIND_TAGS: tuple[str, ...] = (
    "amenity", "leisure", "tourism", "historic", "office", "shop", "building", "landuse",
    "highway", "railway", "natural", "waterway", "place", "boundary",
)  # fmt: skip
#: OSM admin_level of a Chinese district (区/县).
DISTRICT_ADMIN_LEVEL: str = "6"
