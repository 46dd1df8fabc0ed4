"""Filters and search of the plan items, on a hand-made fixture with hand-computed answers.

Every expected set below was worked out by reading the six rows of :func:`_items`, not by
running the code under test; the page and CLI tests compare with the committed data instead.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from geo import settings
from layers.plan import filter_items, search_mask, section_codes

_COLUMNS = (
    "id", "name_zh", "name_en", "aliases", "chapters", "sections", "subsections", "boxes",
    "status", "kind", "layer",
)  # fmt: skip
_ROWS = [
    ("west-lake", "西湖公园", "West Lake Park", ["西湖"], [3, 9], ["3.1", "9.2"], ["3.1.2"], [3],
     "existing", "park", "parks_water"),
    ("metro-hub", "东街口枢纽", "Dongjiekou Hub", [], [5], ["5.1"], [], [],
     "planned", "infrastructure", "projects"),
    ("tech-park", "软件园", "Fuzhou Software Park", ["福州软件园"], [3], ["3.2"], ["3.2.1"], [4],
     "underway", "carrier", "innovation"),
    ("old-school", "鼓楼实验小学", "Gulou Experimental Primary School", [], [11], ["11.3"], [], [],
     "upgrading", "school", "public_services"),
    ("park-belt", "温泉公园", "Hot Spring Park", [], [9, 11], ["9.2", "11.1"], ["9.2.1"], [],
     "planned", "park", "parks_water"),
    ("digital-gov", "数字政务平台", "Digital Government PLATFORM", ["e-Gov"], [6], ["6.1"], [], [8],
     "completed", "platform", "innovation"),
]  # fmt: skip
ALL = ["west-lake", "metro-hub", "tech-park", "old-school", "park-belt", "digital-gov"]


@pytest.fixture
def items() -> gpd.GeoDataFrame:
    frame = pd.DataFrame(_ROWS, columns=list(_COLUMNS))
    geometry = [Point(119.29 + i / 100, 26.08) for i in range(5)] + [None]  # last: no site
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=settings.CRS_WGS84)


def _ids(frame: gpd.GeoDataFrame) -> list[str]:
    return list(frame["id"])


@pytest.mark.parametrize(
    ("chapters", "expected"),
    [
        ([3], ["west-lake", "tech-park"]),
        ([9], ["west-lake", "park-belt"]),
        ([11], ["old-school", "park-belt"]),
        ([3, 11], ["west-lake", "tech-park", "old-school", "park-belt"]),
        (["5"], ["metro-hub"]),  # numbers from a URL or CLI arrive as text
        ([12], []),
    ],
)
def test_chapters_select_items_any_of_whose_chapters_is_chosen(items, chapters, expected):
    assert _ids(filter_items(items, chapters=chapters)) == expected


@pytest.mark.parametrize(
    ("sections", "expected"),
    [
        (["3.1"], ["west-lake"]),
        (["9.2"], ["west-lake", "park-belt"]),
        (["3.2.1"], ["tech-park"]),  # a subsection
        (["box3"], ["west-lake"]),  # a 专栏
        (["box8", "11.1"], ["park-belt", "digital-gov"]),
        (["3.1.9"], []),
    ],
)
def test_sections_subsections_and_boxes_select_items(items, sections, expected):
    assert sorted(_ids(filter_items(items, sections=sections))) == sorted(expected)


def test_section_codes_gather_sections_subsections_and_boxes(items):
    codes = dict(zip(items["id"], section_codes(items), strict=True))
    assert codes["west-lake"] == {"3.1", "9.2", "3.1.2", "box3"}
    assert codes["metro-hub"] == {"5.1"}
    assert codes["digital-gov"] == {"6.1", "box8"}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"statuses": ["planned"]}, ["metro-hub", "park-belt"]),
        ({"statuses": ["planned", "existing"]}, ["west-lake", "metro-hub", "park-belt"]),
        ({"statuses": ["done"]}, []),
        ({"kinds": ["park"]}, ["west-lake", "park-belt"]),
        ({"kinds": ["school", "platform"]}, ["old-school", "digital-gov"]),
        ({"layers": ["innovation"]}, ["tech-park", "digital-gov"]),
        ({"layers": ["parks_water", "projects"]}, ["west-lake", "metro-hub", "park-belt"]),
    ],
)
def test_vocabulary_filters_are_or_within_one_filter(items, filters, expected):
    assert _ids(filter_items(items, **filters)) == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"chapters": [9], "statuses": ["planned"]}, ["park-belt"]),
        ({"chapters": [3], "kinds": ["park"], "layers": ["parks_water"]}, ["west-lake"]),
        ({"chapters": [3, 11], "statuses": ["planned", "upgrading"]}, ["old-school", "park-belt"]),
        ({"chapters": [3], "sections": ["9.2"]}, ["west-lake"]),
        ({"chapters": [5], "kinds": ["park"]}, []),
        ({"layers": ["innovation"], "query": "platform"}, ["digital-gov"]),
        ({"chapters": [3], "query": "公园"}, ["west-lake"]),
    ],
)
def test_filters_combine_with_and(items, filters, expected):
    assert _ids(filter_items(items, **filters)) == expected


@pytest.mark.parametrize("empty", [None, [], ""])
def test_an_empty_filter_selects_everything_in_order(items, empty):
    chosen = filter_items(
        items, chapters=empty, statuses=empty, kinds=empty, layers=empty, sections=empty
    )
    assert _ids(chosen) == ALL
    assert _ids(filter_items(items, query=empty or "   ")) == ALL


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("公园", ["west-lake", "park-belt"]),  # Chinese name; 软件园 has 园 but not 公园
        ("西湖", ["west-lake"]),  # also an alias
        ("  西湖  ", ["west-lake"]),  # surrounding spaces do not count
        ("park", ["west-lake", "tech-park", "park-belt"]),  # English names and ids
        ("PARK", ["west-lake", "tech-park", "park-belt"]),  # any case
        ("Platform", ["digital-gov"]),
        ("福州软件园", ["tech-park"]),  # alias only
        ("e-gov", ["digital-gov"]),  # alias, other case
        ("old-school", ["old-school"]),  # the id
        ("地铁", []),
    ],
)
def test_search_matches_names_in_both_languages_aliases_and_ids(items, query, expected):
    assert _ids(filter_items(items, query=query)) == expected
    assert _ids(items[search_mask(items, query)]) == expected


def test_filtering_keeps_the_geometry_and_the_crs(items):
    chosen = filter_items(items, layers=["innovation"])
    assert chosen.crs == items.crs
    assert chosen.geometry.iloc[1] is None  # the item without a site stays selectable
