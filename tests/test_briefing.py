"""The stand-alone briefing map: self-contained, escaped, with title box and popups."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pytest
from shapely.geometry import Point

from webmap.briefing import describe_filters, export_html, print_map

EVIL = '<img src=x onerror="alert(1)">'


def _items() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": ["p1", "web"],
            "name_zh": [EVIL, "平台"],
            "name_en": ["Evil", "Web"],
            "kind": ["project_site", "platform"],
            "layer": ["projects", "innovation"],
            "status": ["planned", "planned"],
            "status_basis": ["谋划建设", None],
            "precision": ["approximate", None],
            "chapters": [[3, 5], [3]],
            "mapped": [True, False],
        },
        geometry=[Point(119.295, 26.085), None],
        crs=4326,
    )


@pytest.fixture(scope="module")
def html() -> str:
    return export_html(_items(), "zh", subtitle="第3章 <b>")


def _in_page(text: str, html: str) -> bool:
    """Text appears literally or JSON-escaped (inside a script)."""
    return text in html or json.dumps(text)[1:-1] in html


def test_the_document_requests_nothing(html):
    # What a browser loads by itself: src= attributes and <link href=> (not <a href> links).
    loaded = re.findall(r"""\ssrc\s*=\s*["']([^"']+)""", html)
    loaded += re.findall(r"""<link[^>]+href\s*=\s*["']([^"']+)""", html)
    assert all(url.startswith("data:") for url in loaded), loaded[:5]
    assert "https://cdn" not in html
    assert not re.search(r"""["'(]/app/static/""", html)  # (a code comment may name the path)


def test_title_box_and_popups_are_escaped(html):
    assert EVIL not in html and "第3章 <b>" not in html
    assert _in_page("鼓楼区“十五五”规划图", html)
    assert _in_page("当前显示 2 项", html)  # the unmapped platform is counted, not drawn
    assert _in_page("谋划建设", html)  # the popup quotes the plan's words


def test_print_rejects_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="pdf or png"):
        print_map("<html></html>", tmp_path / "x.svg", "svg")
    with pytest.raises(ValueError, match="paper must be one of"):
        print_map("<html></html>", tmp_path / "x.pdf", "pdf", paper="Letter")


def test_filters_are_described_in_the_maps_language():
    # The chapter by its own title (outline.json, from the plan text's 第五章 heading).
    assert describe_filters("zh", [5], ["planned"], query="公园") == (
        "第五章 释放内需潜力，融入强大国内市场建设 · 谋划/新建 · “公园”"
    )
    assert describe_filters("en", [5], ["planned"], ["park"]) == (
        "Chapter 5: Unlocking Domestic Demand, Joining the Building of a Strong Domestic Market"
        " · Planned / new · Park"
    )
    assert describe_filters("zh", [11]).startswith("第十一章 ")
    assert describe_filters("zh") == ""


def _title_box(html: str) -> str:
    """The page without the front-end's config (which carries the credit for the browser to
    show only while a shown item cites a stop): what the title box and markup say."""
    return re.sub(r'"stopCredit":"(?:[^"\\]|\\.)*"', "", html)


def test_bus_stop_credit_only_when_a_drawn_item_rests_on_a_stop():
    items = _items()
    items["position_source"] = ["local knowledge", None]
    credit = "公交站点：高德 via Tensort-s/matsim-example-project"
    assert not _in_page(credit, _title_box(export_html(items, "zh")))
    items.loc[1, "position_source"] = "80 m N of AMap bus stop 北门"  # not drawn: no credit
    assert not _in_page(credit, _title_box(export_html(items, "zh")))
    items.loc[0, "position_source"] = "gate 120 m E of AMap bus stop 北门"
    assert _in_page(credit, _title_box(export_html(items, "zh")))
    assert _in_page(
        "Bus stops: AMap (高德) via Tensort-s/matsim-example-project", export_html(items, "en")
    )
