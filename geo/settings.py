"""Project-wide settings: paths, reference systems and measured constants.

Every module reads paths and constants from here, so a user (or a test) can point the
pipeline at other sources by changing one place or one environment variable.
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
