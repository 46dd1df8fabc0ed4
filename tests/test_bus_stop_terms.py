"""The AMap bus stops are a reference gazetteer: cited, credited, never published as a layer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo import settings, sources

#: Files a published layer could hide in.
_PUBLISHED = (settings.DATA_DIR, settings.STATIC_DIR)
_TEXT_SUFFIXES = {".geojson", ".json", ".csv", ".js", ".html", ".yaml", ".yml", ".txt", ".md"}
#: A file holding this many stop positions is a copy of the stop layer, not a few citations.
_LAYER_LIKE = 10


def _published_files() -> list[Path]:
    files = []
    for root in _PUBLISHED:
        files += [p for p in root.rglob("*") if p.is_file() and p.suffix in _TEXT_SUFFIXES]
    return files


def test_no_stop_records_under_data_or_static():
    # stop ids ("amap_stop_00027") and published names ("北门(公交站)") only exist in the layer
    for path in _published_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "amap_stop_" not in text, path
        assert "(公交站)" not in text, path


def _coordinates(node) -> list[tuple[float, float]]:
    """Every [lon, lat] pair in a GeoJSON geometry's coordinates."""
    if isinstance(node, list) and len(node) >= 2 and all(isinstance(v, float) for v in node[:2]):
        return [(round(node[0], 5), round(node[1], 5))]
    if isinstance(node, list):
        return [pair for child in node for pair in _coordinates(child)]
    return []


def test_no_file_under_data_or_static_repeats_the_stop_positions(sources_dir):
    stops = sources.read_bus_stops(sources_dir)
    positions = {(round(g.x, 5), round(g.y, 5)) for g in stops.geometry}
    for path in _published_files():
        if path.suffix not in {".geojson", ".json"}:
            continue
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            continue
        features = doc.get("features", []) if isinstance(doc, dict) else []
        found = {
            pair
            for feature in features
            for pair in _coordinates((feature.get("geometry") or {}).get("coordinates"))
        }
        assert len(found & positions) < _LAYER_LIKE, path


def test_credit_is_in_the_readme_and_about_page():
    from webmap.i18n import t

    readme = (settings.REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert settings.BUS_STOP_CREDIT in readme
    assert settings.BUS_STOP_CREDIT in t("about_sources_text", "zh")
    # English names the same source in English words beside AMap's own name
    assert "Bus stops: AMap (高德) via Tensort-s/matsim-example-project" in t(
        "about_sources_text", "en"
    )


@pytest.mark.parametrize("key", ["bus_stops"])
def test_stop_source_is_credited_as_the_readme_asks(key):
    assert sources.SOURCE_FILES[key].credit == "公交站点：高德 via Tensort-s/matsim-example-project"
