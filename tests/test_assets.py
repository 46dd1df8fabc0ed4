"""The map loads every asset from static/vendor: nothing from a CDN, nothing unvendored."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
from pathlib import Path

import branca.colormap
import folium
import folium.plugins
import pytest

from geo import settings
from webmap import assets

VENDOR = settings.STATIC_DIR / "vendor"
MANIFEST = json.loads((VENDOR / "manifest.json").read_text(encoding="utf-8"))


def _load_vendor_script():
    path = settings.REPO_ROOT / "scripts" / "vendor_assets.py"
    spec = importlib.util.spec_from_file_location("vendor_assets", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


def _manifest_files() -> dict[str, dict]:
    return {f["path"]: f for pkg in MANIFEST["packages"] for f in pkg["files"]}


def _plugin_map() -> folium.Map:
    """A map with every plugin we use and an awesome-marker icon."""
    m = folium.Map(location=[26.08, 119.29], tiles=None, zoom_start=13)
    folium.plugins.MeasureControl().add_to(m)
    folium.plugins.Fullscreen().add_to(m)
    folium.Marker([26.08, 119.29], icon=folium.Icon(icon="info-sign")).add_to(m)
    folium.GeoJson({"type": "FeatureCollection", "features": []}, name="x").add_to(m)
    return m


# --- the vendored files -----------------------------------------------------------------------


def test_vendor_dir_matches_manifest():
    problems = _load_vendor_script().verify(VENDOR)
    assert problems == []


def test_manifest_pins_packages_with_licences():
    names = {(p["package"], p["version"]) for p in MANIFEST["packages"]}
    assert ("leaflet", "1.9.4") in names
    assert ("@fortawesome/fontawesome-free", "6.2.0") in names
    assert ("leaflet-measure", "2.1.7") in names
    assert ("leaflet.fullscreen", "3.0.0") in names
    for pkg in MANIFEST["packages"]:
        assert pkg["licence"], pkg["package"]
        licence = VENDOR / pkg["licence_file"]
        assert licence.stat().st_size > 200, f"{licence} looks empty"
        assert pkg["dir"] == f"{pkg['package'].rsplit('/', 1)[-1]}-{pkg['version']}"
        assert re.fullmatch(r"sha512-[A-Za-z0-9+/=]{88}|[0-9a-f]{64}", pkg["integrity"])


def test_manifest_sizes_are_true():
    for rel, entry in _manifest_files().items():
        data = (VENDOR / rel).read_bytes()
        assert len(data) == entry["bytes"], rel
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], rel


def test_no_source_maps_shipped():
    assert not list(VENDOR.rglob("*.map"))
    for path in list(VENDOR.rglob("*.js")) + list(VENDOR.rglob("*.css")):
        assert "sourceMappingURL" not in path.read_text(encoding="utf-8"), path


def test_every_cdn_url_maps_to_a_listed_file_and_nothing_unused_is_shipped():
    listed = _manifest_files()
    targets = set(assets.CDN_TO_VENDOR.values())
    for target in targets:
        assert target in listed, f"{target} is mapped but not vendored"
    shipped_code = {p for p in listed if p.endswith((".js", ".css"))}
    assert shipped_code == targets, "vendored JS/CSS that no URL uses (keep it lean)"


def test_css_urls_resolve_to_vendored_files():
    listed = set(_manifest_files())
    for css in VENDOR.rglob("*.css"):
        for ref in re.findall(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""", css.read_text("utf-8")):
            if ref.startswith(("data:", "#")):
                continue
            target = (css.parent / ref.split("?")[0].split("#")[0]).resolve()
            rel = target.relative_to(VENDOR.resolve()).as_posix()
            assert rel in listed, f"{css.name} needs {ref}, which is not vendored"


def test_glyphicons_css_is_only_the_icon_font():
    css = (VENDOR / "bootstrap-3.4.1/css/bootstrap-glyphicons.css").read_text("utf-8")
    assert ".glyphicon-info-sign:before" in css
    assert "body {" not in css and ".btn" not in css


# --- rewriting a map --------------------------------------------------------------------------


def test_rendered_map_with_plugins_has_no_external_asset():
    m = assets.localize_assets(_plugin_map())
    html = m.get_root().render()
    assert assets.external_asset_urls(html) == []
    assert not re.search(r"""(?:src|href)=["']?https?://""", html)
    local = re.findall(r'(?:src|href)="(/app/static/[^"]+)"', html)
    assert len(local) >= 12  # Leaflet, jQuery, Bootstrap, FA, awesome-markers, plugins
    for url in local:
        assert (settings.STATIC_DIR / url[len("/app/static/") :].split("?")[0]).is_file(), url


def test_streamlit_folium_would_load_only_local_urls():
    # streamlit-folium collects default_js/default_css of every element (not the header).
    m = assets.localize_assets(_plugin_map())
    urls = assets.asset_urls(m)
    assert urls and all(u.startswith("/app/static/vendor/") for u in urls)
    assert "/app/static/vendor/leaflet-measure-2.1.7/leaflet-measure.min.js" in urls


def test_folium_class_lists_are_left_alone_and_rewrite_is_idempotent():
    m = assets.localize_assets(assets.localize_assets(_plugin_map()))
    assert folium.Map.default_js[0][1].startswith("https://")
    assert sum(isinstance(c, assets.LeafletIconPath) for c in m._children.values()) == 1
    assert isinstance(next(iter(m._children.values())), assets.LeafletIconPath)


def test_icon_path_points_at_vendored_images():
    html = assets.localize_assets(_plugin_map()).get_root().render()
    path = re.search(r'L\.Icon\.Default\.imagePath = "([^"]+)"', html).group(1)
    assert (settings.STATIC_DIR / path[len("/app/static/") :] / "marker-icon.png").is_file()
    # before any marker script runs
    assert html.index("L.Icon.Default.imagePath") < html.index("L.marker(")


def test_unvendored_plugin_fails_loudly():
    m = folium.Map(tiles=None, location=[26, 119])
    folium.plugins.Geocoder().add_to(m)
    with pytest.raises(assets.UnvendoredAssetError, match=r"Geocoder.*unpkg\.com.*not vendored"):
        assets.localize_assets(m)


def test_colormap_is_refused_because_streamlit_folium_loads_d3_from_a_cdn():
    m = folium.Map(tiles=None, location=[26, 119])
    branca.colormap.LinearColormap(["red", "blue"]).add_to(m)
    with pytest.raises(assets.UnvendoredAssetError, match="d3"):
        assets.localize_assets(m)


@pytest.mark.parametrize(
    "url",
    ["//cdn.example.org/x.js", "http://example.org/x.css", "x.js", "/app/static/vendor/none.js"],
)
def test_unknown_or_missing_urls_are_errors(url):
    with pytest.raises(assets.UnvendoredAssetError):
        assets.local_url(url)


def test_local_url_keeps_cache_busting_query():
    url = "/app/static/vendor/leaflet-1.9.4/leaflet.js?v=1"
    assert assets.local_url(url) == url


# --- stand-alone export -----------------------------------------------------------------------


def test_standalone_html_is_self_contained(tmp_path: Path):
    html = assets.standalone_html(_plugin_map(), title="鼓楼 <test>")
    assert "<title>鼓楼 &lt;test&gt;</title>" in html
    assert assets.external_asset_urls(html) == []
    assert "/app/static" not in html
    assert not re.search(r'<script src=|<link rel="stylesheet"', html)
    assert "data:font/woff2;base64," in html  # Font Awesome / Glyphicons fonts
    assert "data:image/png;base64," in html  # Leaflet and awesome-markers images
    assert "L.Icon.Default.mergeOptions" in html
    assert "window.L=t" in html or "L.version" in html  # Leaflet's own code is inside
    for match in re.finditer(r"<script>(.*?)</script>", html, flags=re.S):
        assert "</script" not in match.group(1)
    (tmp_path / "map.html").write_text(html, encoding="utf-8")
    assert 1_000_000 < len(html) < 3_000_000
