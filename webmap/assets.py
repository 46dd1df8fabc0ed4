"""Serve every browser asset of a folium map from our own vendored copies.

folium (and streamlit-folium, which reads each element's ``default_js`` / ``default_css``)
would load Leaflet, jQuery, Bootstrap, Font Awesome and the plugins from CDNs. Presenters run
the map offline and CDNs are blocked in parts of China, so :func:`localize_assets` rewrites
every such URL to ``/app/static/vendor/...`` (files made by ``scripts/vendor_assets.py``), and
:func:`standalone_html` produces a single self-contained HTML file (scripts and styles inlined,
fonts and images as ``data:`` URLs) for offline briefings.

An external asset that is not in :data:`CDN_TO_VENDOR` raises :class:`UnvendoredAssetError`,
so adding a folium plugin without vendoring it fails loudly instead of reaching for a CDN.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Iterator
from functools import lru_cache
from html import escape
from pathlib import Path

import branca.colormap
import folium
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geo import settings

#: Where ``scripts/vendor_assets.py`` puts the files, and the URL Streamlit serves them at.
VENDOR_DIR: Path = settings.STATIC_DIR / "vendor"
VENDOR_URL: str = f"{settings.STATIC_URL}/vendor"

_LEAFLET = "leaflet-1.9.4"

#: Every CDN URL that folium 0.20 and the plugins we use link, mapped to its vendored copy
#: (relative to :data:`VENDOR_DIR`). Versions differ only where the CDN file is not on npm:
#: Leaflet 1.9.3 -> 1.9.4 (bug-fix release), awesome-markers cdnjs 2.0.2 -> npm 2.0.5 (same
#: code), Bootstrap 3.0.0 glyphicons CSS -> the glyphicons rules of Bootstrap 3.4.1.
CDN_TO_VENDOR: dict[str, str] = {
    # folium.Map
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": f"{_LEAFLET}/leaflet.js",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": f"{_LEAFLET}/leaflet.css",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery-3.7.1/jquery.min.js",
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js": (
        "bootstrap-5.2.2/js/bootstrap.bundle.min.js"
    ),
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css": (
        "bootstrap-5.2.2/css/bootstrap.min.css"
    ),
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css": (
        "bootstrap-3.4.1/css/bootstrap-glyphicons.css"
    ),
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css": (
        "fontawesome-free-6.2.0/css/all.min.css"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js": (  # noqa: E501
        "leaflet.awesome-markers-2.0.5/leaflet.awesome-markers.min.js"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css": (  # noqa: E501
        "leaflet.awesome-markers-2.0.5/leaflet.awesome-markers.css"
    ),
    "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css": (  # noqa: E501
        "folium-0.20.0/leaflet.awesome.rotate.min.css"
    ),
    # folium.plugins.MeasureControl
    "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.js": (
        "leaflet-measure-2.1.7/leaflet-measure.min.js"
    ),
    "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.css": (
        "leaflet-measure-2.1.7/leaflet-measure.css"
    ),
    # folium.plugins.Fullscreen
    "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js": (
        "leaflet.fullscreen-3.0.0/Control.FullScreen.js"
    ),
    "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css": (
        "leaflet.fullscreen-3.0.0/Control.FullScreen.css"
    ),
}

#: Leaflet's default marker images (``L.Icon.Default``).
LEAFLET_IMAGES: str = f"{_LEAFLET}/images"

_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_SCRIPT_TAG = re.compile(r'<script src="([^"]+)"></script>')
_LINK_TAG = re.compile(r'<link rel="stylesheet" href="([^"]+)"/>')
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_ASSET_ATTR = re.compile(
    r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?([^"'\s>]+)"""
)


class UnvendoredAssetError(ValueError):
    """A map element wants a browser asset that is not vendored under ``static/vendor``."""


# --------------------------------------------------------------------------------------------
# URL mapping
# --------------------------------------------------------------------------------------------


def vendor_path(url: str, *, owner: str = "map") -> Path:
    """Return the vendored file that serves ``url``.

    Parameters
    ----------
    url : str
        A CDN URL from :data:`CDN_TO_VENDOR` or a URL under ``/app/static/``.
    owner : str
        What asked for the asset (named in the error message).

    Returns
    -------
    pathlib.Path
        The file under ``static/`` that the URL resolves to.

    Raises
    ------
    UnvendoredAssetError
        If the URL is external and not vendored, or the local file does not exist.
    """
    if not isinstance(url, str) or not url:
        raise UnvendoredAssetError(f"{owner}: asset URL must be a non-empty string, got {url!r}")
    if url in CDN_TO_VENDOR:
        path = VENDOR_DIR / CDN_TO_VENDOR[url]
    elif url.startswith(settings.STATIC_URL + "/"):
        # A query string (?v=<hash>) only busts caches; the file is the path before it.
        path = settings.STATIC_DIR / url[len(settings.STATIC_URL) + 1 :].split("?", 1)[0]
    elif _EXTERNAL.match(url):
        raise UnvendoredAssetError(
            f"{owner} loads {url}, which is not vendored. Add the package to "
            "scripts/vendor_assets.py and the URL to webmap.assets.CDN_TO_VENDOR "
            "(the map must make no request beyond localhost)."
        )
    else:
        raise UnvendoredAssetError(
            f"{owner} loads {url!r}: only vendored CDN URLs and {settings.STATIC_URL}/... "
            "paths are allowed"
        )
    if not path.is_file():
        raise UnvendoredAssetError(
            f"{owner} loads {url}, mapped to {path}, which does not exist: "
            "run `python scripts/vendor_assets.py`"
        )
    return path


def local_url(url: str, *, owner: str = "map") -> str:
    """Return the ``/app/static/...`` URL that serves ``url`` (see :func:`vendor_path`)."""
    path = vendor_path(url, owner=owner)
    if url.startswith(settings.STATIC_URL + "/"):
        return url
    return f"{settings.STATIC_URL}/{path.relative_to(settings.STATIC_DIR).as_posix()}"


# --------------------------------------------------------------------------------------------
# Applying it to a map
# --------------------------------------------------------------------------------------------


class LeafletIconPath(MacroElement):
    """Point ``L.Icon.Default`` at the vendored marker images.

    Leaflet guesses the path from its stylesheet, but streamlit-folium adds the stylesheets
    after the scripts run, so the guess fails. Must be the map's first child (markers resolve
    their icon URL when added). In embedded mode the images become ``data:`` URLs.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            L.Icon.Default.imagePath = {{ this.image_path|tojson }};
            {%- if this.icon_urls %}
            L.Icon.Default.mergeOptions({{ this.icon_urls|tojson }});
            {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "LeafletIconPath"
        self.image_path = f"{VENDOR_URL}/{LEAFLET_IMAGES}/"
        self.icon_urls: dict[str, str] = {}

    def embed(self) -> None:
        """Use ``data:`` URLs so the icons work in a stand-alone file."""
        images = VENDOR_DIR / LEAFLET_IMAGES
        self.image_path = ""
        self.icon_urls = {
            "iconUrl": _data_url(images / "marker-icon.png"),
            "iconRetinaUrl": _data_url(images / "marker-icon-2x.png"),
            "shadowUrl": _data_url(images / "marker-shadow.png"),
        }


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in element._children.values():
        yield from _walk(child)


def _owner(element: Element) -> str:
    return f"{type(element).__module__}.{type(element).__name__}"


def localize_assets(m: folium.Map) -> folium.Map:
    """Serve every JS/CSS asset of ``m`` and its children from ``/app/static/vendor``.

    Rewrites the ``default_js`` / ``default_css`` of every element (as instance attributes,
    leaving folium's class-level lists alone) and makes sure ``L.Icon.Default`` points at the
    vendored images. Idempotent; call it after the last element has been added (the map
    builder's ``add_layer_control`` does).

    Parameters
    ----------
    m : folium.Map
        The map to rewrite in place.

    Returns
    -------
    folium.Map
        The same map, for chaining.

    Raises
    ------
    UnvendoredAssetError
        If an element links an asset that is not vendored, or a branca colormap is present
        (streamlit-folium then loads d3 from d3js.org, which we cannot intercept).
    """
    if not isinstance(m, folium.Map):
        raise ValueError(f"localize_assets expects a folium.Map, got {type(m).__name__}")
    for element in _walk(m):
        if isinstance(element, branca.colormap.ColorMap):
            raise UnvendoredAssetError(
                f"{_owner(element)}: streamlit-folium loads d3 from a CDN for branca "
                "colormaps; draw the legend with webmap.basemap's legend builder instead"
            )
        if isinstance(element, JSCSSMixin):
            owner = _owner(element)
            element.default_js = [
                (name, local_url(url, owner=owner)) for name, url in element.default_js
            ]
            element.default_css = [
                (name, local_url(url, owner=owner)) for name, url in element.default_css
            ]
    if not any(isinstance(child, LeafletIconPath) for child in m._children.values()):
        m.add_child(LeafletIconPath(), name="leaflet_icon_path", index=0)
    return m


def asset_urls(m: folium.Map) -> list[str]:
    """List the JS and CSS URLs the map's elements ask for, as streamlit-folium collects them."""
    urls: list[str] = []
    for element in _walk(m):
        if isinstance(element, JSCSSMixin):
            urls += [url for _, url in element.default_js]
            urls += [url for _, url in element.default_css]
    return list(dict.fromkeys(urls))


def external_asset_urls(html: str) -> list[str]:
    """Return the ``src`` / ``href`` of script, link, img and iframe tags that leave the host.

    Anchors (``<a href>``) are links, not requests, and are not reported.
    """
    return [url for url in _ASSET_ATTR.findall(html) if _EXTERNAL.match(url)]


# --------------------------------------------------------------------------------------------
# Stand-alone HTML
# --------------------------------------------------------------------------------------------


def _data_url(path: Path) -> str:
    mime = {".woff2": "font/woff2", ".woff": "font/woff", ".svg": "image/svg+xml"}.get(
        path.suffix.lower()
    ) or (mimetypes.guess_type(path.name)[0] or "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


@lru_cache(maxsize=64)
def _inlined_css(path: Path, mtime_ns: int) -> str:
    """Return the stylesheet with every ``url()`` it references turned into a ``data:`` URL."""
    css = path.read_text(encoding="utf-8")

    def replace(match: re.Match[str]) -> str:
        ref = match.group(2).strip()
        if ref.startswith(("data:", "#")):
            return match.group(0)
        target = (path.parent / ref.split("?", 1)[0].split("#", 1)[0]).resolve()
        if not target.is_file() or VENDOR_DIR.resolve() not in target.parents:
            raise UnvendoredAssetError(f"{path.name} references {ref}, not found in {VENDOR_DIR}")
        return f'url("{_data_url(target)}")'

    return _CSS_URL.sub(replace, css).replace("</style", "<\\/style")


def _inline_script(match: re.Match[str]) -> str:
    path = vendor_path(match.group(1), owner="standalone_html")
    # "</script" inside the code would end the element early; "<\/" means the same in JS.
    code = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
    return f"<script>{code}</script>"


def _inline_style(match: re.Match[str]) -> str:
    path = vendor_path(match.group(1), owner="standalone_html")
    return f"<style>{_inlined_css(path, path.stat().st_mtime_ns)}</style>"


def standalone_html(m: folium.Map, *, title: str = "") -> str:
    """Render ``m`` as one self-contained HTML document that makes no request at all.

    Assets are localized (see :func:`localize_assets`), then every script and stylesheet is
    inlined, with fonts and images as ``data:`` URLs. Elements that normally fetch data from
    ``/app/static`` (they have an ``embed()`` method, e.g. the base layers) embed it instead.
    Note that this changes ``m``: use a fresh map for the web page.

    Parameters
    ----------
    m : folium.Map
        The finished map (layer control already added).
    title : str
        Document title (escaped).

    Returns
    -------
    str
        The HTML document.

    Raises
    ------
    UnvendoredAssetError
        If an asset is not vendored, or anything external is left after inlining.
    """
    localize_assets(m)
    for element in _walk(m):
        embed = getattr(element, "embed", None)
        if callable(embed):
            embed()
    html = m.get_root().render()
    html = _SCRIPT_TAG.sub(_inline_script, html)
    html = _LINK_TAG.sub(_inline_style, html)
    leftovers = external_asset_urls(html) + re.findall(r"""["'(](/app/static/[^"')\s]+)""", html)
    if leftovers:
        raise UnvendoredAssetError(f"standalone_html: still refers to {leftovers[:5]}")
    if title:
        html = html.replace("<head>", f"<head>\n<title>{escape(title)}</title>", 1)
    return html
