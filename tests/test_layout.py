"""The rooms keep to what they hold: checked by walking the imports of every module.

Serving code (``app.py``, ``pages/``, ``webmap/``) never imports build code, even indirectly
or inside a function, so a page never loads the plan-text parser, the builds or the checks
(and with them networkx, osmnx or pydantic). ``geo/`` and ``layers/`` never import Streamlit
or folium, so the data side runs without a web stack.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from geo import settings

ROOT = settings.REPO_ROOT
#: Our own top-level packages and modules.
OURS = ("geo", "layers", "webmap", "pages", "cli", "app")
#: Modules that build or check the data (run by `gulou-map build/validate`, never by a page).
BUILD = {
    "layers.basebuild",
    "layers.planbuild",
    "layers.plantext",
    "layers._validate_base",
}
# layers._validate (the record checks) is not build code: the build and in-app edits share it
# (issue #7); what reads the committed files and the sources for `validate` lives in planbuild.
#: The web stack: only the serving side may import it.
WEB = ("streamlit", "streamlit_folium", "folium", "branca")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    files = [ROOT / "app.py", ROOT / "cli.py"]
    for package in ("geo", "layers", "webmap", "pages"):
        files += sorted((ROOT / package).glob("*.py"))
    return {_module_name(path): path for path in files}


MODULES = _modules()


def _imports(name: str) -> set[str]:
    """Every module `name` imports anywhere in its file (top level, functions, TYPE_CHECKING)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base]) if base else ".".join(anchor)
            found.add(base)
            # ``from layers import _validate`` imports the module layers._validate
            found |= {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES}
    return found


def _reached(start: str) -> dict[str, list[str]]:
    """Every module reachable from `start`, with the chain of imports that reaches it."""
    chains = {start: [start]}
    todo = [start]
    while todo:
        current = todo.pop()
        for imported in sorted(_imports(current)):
            if imported in chains:
                continue
            chains[imported] = [*chains[current], imported]
            if imported in MODULES:
                todo.append(imported)
    return chains


def _serving() -> list[str]:
    return [n for n in MODULES if n == "app" or n.split(".")[0] in ("pages", "webmap")]


def _data_side() -> list[str]:
    return [n for n in MODULES if n.split(".")[0] in ("geo", "layers")]


def test_the_walk_sees_every_room():
    assert "app" in MODULES and "pages.items" in MODULES and "webmap.basemap" in MODULES
    assert set(MODULES) >= BUILD
    assert "layers.planbuild" in _reached("cli")  # the walk follows function-level imports


@pytest.mark.parametrize("module", _serving())
def test_serving_code_never_imports_build_code(module):
    chains = _reached(module)
    found = [" -> ".join(chains[name]) for name in sorted(BUILD & set(chains))]
    assert not found, f"{module} reaches build code: {found}"


@pytest.mark.parametrize("module", _data_side())
def test_geo_and_layers_never_import_streamlit_or_folium(module):
    chains = _reached(module)
    found = [
        " -> ".join(chain)
        for name, chain in sorted(chains.items())
        if name.split(".")[0] in WEB or name.split(".")[0] in ("webmap", "pages", "app")
    ]
    assert not found, f"{module} reaches the web stack: {found}"


def test_the_items_page_exports_without_the_build_stack():
    """Loading the export module (as the Items page does) loads no networkx, osmnx, pydantic."""
    code = (
        "import sys, layers.export, layers.plan, layers.base; "
        "print(sorted(m for m in ('networkx', 'osmnx', 'pydantic', 'yaml') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def _settings_defaults(name: str) -> list[str]:
    """Function parameters of module `name` whose default reads ``settings``."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            defaults = [*node.args.defaults, *(d for d in node.args.kw_defaults if d)]
            for default in defaults:
                names = {n.id for n in ast.walk(default) if isinstance(n, ast.Name)}
                if "settings" in names:
                    found.append(f"{name}.{node.name} (line {default.lineno})")
    return found


@pytest.mark.parametrize("module", sorted(MODULES))
def test_settings_are_read_at_call_time_not_in_default_arguments(module):
    assert not _settings_defaults(module), "read settings in the body (default None)"


def test_a_changed_setting_takes_effect_without_passing_it(tmp_path, monkeypatch):
    from layers.base import load_base_layer

    (tmp_path / "district.geojson").write_text(
        (settings.BASE_DIR / "district.geojson")
        .read_text(encoding="utf-8")
        .replace('"name": "鼓楼区"', '"name": "测试区"'),
        encoding="utf-8",
    )
    monkeypatch.setattr(settings, "BASE_DIR", tmp_path)
    assert list(load_base_layer("district")["name"]) == ["测试区"]


def _docstring_gaps(name: str) -> list[str]:
    """Public functions of `name` whose docstring lacks a numpydoc Parameters/Returns section."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    gaps = []
    for node in tree.body + [n for c in tree.body if isinstance(c, ast.ClassDef) for n in c.body]:
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
            continue
        text = ast.get_docstring(node) or ""
        params = [
            a.arg for a in node.args.args + node.args.kwonlyargs if a.arg not in ("self", "cls")
        ]
        returns = node.returns is not None and not (
            isinstance(node.returns, ast.Constant) and node.returns.value is None
        )
        if not text or (params and "Parameters\n---" not in text):
            gaps.append(f"{node.name}: Parameters")
        if returns and "Returns\n---" not in text:
            gaps.append(f"{node.name}: Returns")
    return gaps


@pytest.mark.parametrize("module", _data_side())
def test_geo_and_layers_document_parameters_and_returns_numpydoc_style(module):
    assert not _docstring_gaps(module)
