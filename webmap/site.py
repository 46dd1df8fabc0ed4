"""The static public site: ``index.html`` plus data and vendored assets, no Python at view time.

``gulou-map site -o DIR`` writes a folder that any static web server, object storage or CDN
serves as it is, and that also opens from ``file://`` (the data are loaded as small scripts,
``base/*.js`` and ``data/plan_items.js``, which browsers allow where ``fetch`` of a file is
refused). The map is the app's: the same folium base map and the same front-end
(``static/js``); around it ``gulou_site.js`` draws the filters, details and permalinks with
the app's URL parameters (``index.html?ch=5&st=planned&lang=en``). Every URL is relative.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from html import escape
from pathlib import Path

import geopandas as gpd

from geo import settings
from layers.base import BASE_LAYERS
from layers.vocab import KINDS, LAYERS, STATUSES
from webmap.basemap import _js_json, add_layer_control, base_map
from webmap.i18n import t
from webmap.planweb import PLAN_FILE_NAME, PlanLayer, plan_collection

#: The site's own scripts and style, after the shared front-end's.
SITE_JS: tuple[str, ...] = ("gulou_filter.js", "gulou_site.js")
SITE_CSS = "gulou_site.css"
_STATIC_REF = re.compile(r"""["'(](/app/static/[^"')\s]+)""")
_WORDS = (
    "app_title", "showing", "showing_unmapped", "empty_result", "search", "filters",
    "filter_chapter", "filter_section", "filter_status", "filter_layer", "filter_kind",
    "clear_filters", "details", "details_hint", "credits", "chapter_n", "box_n", "notice_unknown",
    "notice_no_item", "notice_too_long",
)  # fmt: skip


def _site_config(lang: str, outline: list[dict]) -> dict:
    """Words, vocabularies and the plan's outline for ``gulou_site.js`` in ``lang``."""
    sections, titles, chapter_of = [], {}, {}
    for chapter in outline:
        number = chapter["number"]
        for section in chapter["sections"]:
            for code, title, indent in [(section["code"], section["title"], "")] + [
                (sub["code"], sub["title"], "\u2003") for sub in section["subsections"]
            ]:
                sections.append([code, f"{indent}{code} {title}"])
                titles[code], chapter_of[code] = title, number
        for box in chapter["boxes"]:
            code = f"box{box['number']}"
            sections.append([code, f"{t('box_n', lang, n=box['number'])} {box['title']}"])
            chapter_of[code] = number
    words = {key: t(key, lang) for key in _WORDS}
    return {
        "lang": lang,
        "words": words,
        "chapters": [[c["number"], c["title"]] for c in outline],
        "sections": sections,
        "sectionTitles": titles,
        "sectionChapter": chapter_of,
        "order": {"status": list(STATUSES), "layer": list(LAYERS), "kind": list(KINDS)},
        "labels": {
            name: {code: (term.en if lang == "en" else term.zh) for code, term in vocab.items()}
            for name, vocab in (("status", STATUSES), ("layer", LAYERS), ("kind", KINDS))
        },
    }


def _map_html(lang: str, base_dir: Path) -> str:
    """The app's map in ``lang`` with the plan layer, rendered with ``/app/static`` URLs."""
    fmap = base_map(lang=lang, osm_tiles=False, base_dir=base_dir)
    fmap._id = "gulou"  # the same map element in both languages
    control = add_layer_control(fmap, collapsed=True)
    fmap.add_child(PlanLayer(lang, control, details=True), name="plan")
    return fmap.get_root().render()


def _split(html: str) -> tuple[str, str]:
    """The document without its last script (the map's), and that script's code."""
    start = html.rindex("<script>")
    end = html.index("</script>", start)
    return html[:start] + "{{MAP_SCRIPT}}" + html[end + len("</script>") :], html[
        start + len("<script>") : end
    ]


def _data_script(name: str, data: dict) -> str:
    """A data file as a script (loadable from file://): ``gulou.provide(name, {...});``."""
    return f"gulou.provide({json.dumps(name)}, {_js_json(data)});\n"


def _write(path: Path, text: str) -> str:
    """Write ``text``; return its short content hash (the file's URL version)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _relative(html: str) -> str:
    """``/app/static/x`` -> ``x``; the data files as ``.js`` scripts."""
    html = re.sub(r"/app/static/base/(\w+)\.geojson\?v=[0-9a-f]+", r"base/\1.js", html)
    html = re.sub(r"/app/static/plan/plan_items\.geojson\?v=[0-9a-f]+", "data/plan_items.js", html)
    html = re.sub(r"/app/static/labels/labels\.geojson\?v=[0-9a-f]+", "labels/labels.js", html)
    return html.replace("/app/static/", "")


def build_site(
    out: Path, items: gpd.GeoDataFrame, outline: list[dict], base_dir: Path | None = None
) -> Path:
    """Write the static site into ``out``.

    Parameters
    ----------
    out : Path
        Folder to write (created; files the site does not own are left alone).
    items : GeoDataFrame
        The plan items (all of them: the site filters in the browser).
    outline : list of dict
        The plan's chapters, sections and 专栏 (:func:`layers.plan.load_outline`).
    base_dir : Path, optional
        Browser copies of the base layers (default ``static/base``).

    Returns
    -------
    Path
        ``out / "index.html"``.

    Raises
    ------
    ValueError
        If ``out`` exists and is not a folder.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out}: exists and is not a folder")
    base_dir = Path(base_dir or settings.STATIC_DIR / "base")
    versions = {}
    for name in BASE_LAYERS:
        data = json.loads((base_dir / f"{name}.geojson").read_text(encoding="utf-8"))
        versions[f"base/{name}.js"] = _write(out / "base" / f"{name}.js", _data_script(name, data))
    labels = settings.STATIC_DIR / "labels" / "labels.geojson"
    if labels.is_file():  # the name labels, as a script like the base layers
        data = json.loads(labels.read_text(encoding="utf-8"))
        script = _data_script("labels", data)
        versions["labels/labels.js"] = _write(out / "labels" / "labels.js", script)
    plan_name = PLAN_FILE_NAME.removesuffix(".geojson")
    versions["data/plan_items.js"] = _write(
        out / "data" / f"{plan_name}.js", _data_script(plan_name, plan_collection(items))
    )
    # the page around the map is the same in both languages (the map has one fixed id)
    page, scripts = "", {}
    for lang in ("zh", "en"):
        page, scripts[lang] = _split(_map_html(lang, base_dir))
    for ref in sorted(set(_STATIC_REF.findall(page + scripts["zh"]))):
        _copy_asset(ref.split("?", 1)[0], out)
    for name in (*SITE_JS, SITE_CSS):
        folder = "css" if name.endswith(".css") else "js"
        _copy_asset(f"{settings.STATIC_URL}/{folder}/{name}", out)
    configs = {lang: _site_config(lang, outline) for lang in ("zh", "en")}
    (out / "index.html").write_text(_page(page, scripts, configs, versions), encoding="utf-8")
    return out / "index.html"


def _copy_asset(url: str, out: Path) -> None:
    """Copy a ``/app/static/...`` file; a vendored package is copied whole (licence, fonts)."""
    relative = url[len(settings.STATIC_URL) + 1 :]
    source = settings.STATIC_DIR / relative
    if relative.startswith("vendor/"):
        package = "/".join(relative.split("/")[:2])
        shutil.copytree(settings.STATIC_DIR / package, out / package, dirs_exist_ok=True)
    elif source.is_file() and not relative.startswith(("base/", "plan/", "labels/")):
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, out / relative)


def _versioned(folder: str, name: str) -> str:
    """``folder/name?v=<content hash>`` of a file of ``static/``."""
    data = (settings.STATIC_DIR / folder / name).read_bytes()
    return f"{folder}/{name}?v={hashlib.sha256(data).hexdigest()[:16]}"


def _page(shell: str, scripts: dict[str, str], configs: dict, versions: dict[str, str]) -> str:
    """index.html: the map's page, the panel, and the map script of the URL's language."""
    code = "\n".join(
        f"function gulouMap_{lang}() {{\n{_relative(script)}\n}}"
        for lang, script in scripts.items()
    )
    for path, version in versions.items():  # content-versioned URLs, as in the app
        code = code.replace(f'"{path}"', f'"{path}?v={version}"')
    start = (
        "<script>\n"
        "var gulouLang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh';\n"
        f"document.documentElement.lang = gulouLang === 'en' ? 'en' : 'zh-CN';\n{code}\n"
        "(gulouLang === 'en' ? gulouMap_en : gulouMap_zh)();\n"
        f"gulou.site.start({_js_json(configs)}, gulouLang);\n</script>"
    )
    html = _relative(shell).replace("{{MAP_SCRIPT}}", start)
    # the data start downloading with the libraries, not after them
    site_assets = "".join(
        f'<link rel="preload" as="script" href="{path}?v={version}">'
        for path, version in versions.items()
    )
    site_assets += "".join(f'<script src="{_versioned("js", name)}"></script>' for name in SITE_JS)
    site_assets += f'<link rel="stylesheet" href="{_versioned("css", SITE_CSS)}"/>'
    html = html.replace("<head>", f"<head>\n{site_assets}", 1)
    title = escape(t("app_title", "zh"))
    html = html.replace(
        "<head>",
        f'<head>\n<title>{title}</title>\n<link rel="icon" href="data:,">\n<meta name="viewport" '
        'content="width=device-width, initial-scale=1">',
        1,
    )
    return html.replace("<body>", '<body class="gulou-site">\n<div id="gulou-panel"></div>', 1)
