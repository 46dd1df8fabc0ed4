"""Vendor the browser assets that folium and streamlit-folium load, so the map needs no CDN.

folium points every map at jsDelivr, cdnjs, code.jquery.com and netdna; those hosts are
unreachable offline and blocked in parts of China. This script fetches pinned releases
through the ordinary package clients (``npm pack`` for npm, ``pip download`` for the one file
that only ships in folium's own sdist), checks each archive against a pinned hash, and copies
only the files the browser loads into ``static/vendor/<package>-<version>/`` together with the
package's licence. ``static/vendor/manifest.json`` records package, version, licence, source
and every file with its size and SHA-256.

Usage::

    python scripts/vendor_assets.py            # rebuild static/vendor (needs the registries)
    python scripts/vendor_assets.py --verify   # offline: check static/vendor against the manifest

Files are copied verbatim except for the small, listed edits in ``_TRANSFORMS`` (source-map
comments removed so browsers never ask for missing ``.map`` files; font fallbacks older than
WOFF2 dropped; the Glyphicons rules cut out of Bootstrap 3). The edits are recorded per file in
the manifest.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
VENDOR_DIR = REPO_ROOT / "static" / "vendor"
MANIFEST = VENDOR_DIR / "manifest.json"


# --------------------------------------------------------------------------------------------
# Edits applied while copying (each is recorded in the manifest under "modified").
# --------------------------------------------------------------------------------------------


def strip_source_map(text: str) -> str:
    """Remove ``sourceMappingURL`` comments: we ship no .map files, so they would 404."""
    text = re.sub(r"\n?//# sourceMappingURL=\S+\s*$", "\n", text)
    return re.sub(r"/\*# sourceMappingURL=\S+ \*/\s*$", "\n", text)


def woff2_only(text: str) -> str:
    """Drop TrueType fallbacks after WOFF2 sources (every browser we target reads WOFF2)."""
    text = strip_source_map(text)
    return re.sub(r',url\(\.\./webfonts/[\w.-]+\.ttf\) format\("truetype"\)', "", text)


def glyphicons_only(text: str) -> str:
    """Cut the Glyphicons ``@font-face`` and ``.glyphicon*`` rules out of Bootstrap 3's CSS.

    folium links the stand-alone ``bootstrap-glyphicons.css`` of Bootstrap 3.0.0 (from netdna,
    not on npm); all of Bootstrap 3 would restyle the page, so only the icon font is kept.
    """
    start = text.index('@font-face {\n  font-family: "Glyphicons Halflings";')
    end = text.index("\n* {\n", start)
    block = text[start:end].strip()
    block = re.sub(
        r"  src: url\(\"\.\./fonts/glyphicons-halflings-regular\.eot\"\);\n  src: [^;]+;",
        '  src: url("../fonts/glyphicons-halflings-regular.woff2") format("woff2");',
        block,
    )
    if ".eot" in block or ".ttf" in block:
        raise RuntimeError("bootstrap 3 glyphicons: unexpected @font-face layout")
    header = (
        "/*!\n * Glyphicons Halflings rules from Bootstrap v3.4.1 (https://getbootstrap.com/)\n"
        " * Copyright 2011-2019 Twitter, Inc. Licensed under MIT.\n */\n"
    )
    return header + block + "\n"


def strip_indent(text: str) -> str:
    """Remove the leading blanks of every line (folium's rotate CSS is indented template text)."""
    return "".join(line.lstrip() + "\n" for line in text.splitlines() if line.strip())


_TRANSFORMS: dict[str, Callable[[str], str]] = {
    "strip_source_map": strip_source_map,
    "woff2_only": woff2_only,
    "glyphicons_only": glyphicons_only,
    "strip_indent": strip_indent,
}


# --------------------------------------------------------------------------------------------
# The pinned packages.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Package:
    """One pinned release and the files taken from it.

    ``files`` maps a destination path (relative to the package's vendor directory) to
    ``(path inside the archive, transform name or None)``.
    """

    name: str
    version: str
    registry: str  # "npm" or "pypi-sdist"
    integrity: str  # npm SRI (sha512-...) or sha256 hex of the sdist
    licence: str
    licence_file: str
    files: dict[str, tuple[str, str | None]]
    note: str = ""

    @property
    def dirname(self) -> str:
        return f"{self.name.rsplit('/', 1)[-1]}-{self.version}"


_SM = "strip_source_map"

PACKAGES: tuple[Package, ...] = (
    Package(
        name="leaflet",
        version="1.9.4",
        registry="npm",
        integrity="sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
        licence="BSD-2-Clause",
        licence_file="package/LICENSE",
        files={
            "leaflet.js": ("package/dist/leaflet.js", _SM),
            "leaflet.css": ("package/dist/leaflet.css", None),
            "images/layers.png": ("package/dist/images/layers.png", None),
            "images/layers-2x.png": ("package/dist/images/layers-2x.png", None),
            "images/marker-icon.png": ("package/dist/images/marker-icon.png", None),
            "images/marker-icon-2x.png": ("package/dist/images/marker-icon-2x.png", None),
            "images/marker-shadow.png": ("package/dist/images/marker-shadow.png", None),
        },
        note="folium 0.20 links Leaflet 1.9.3; 1.9.4 is the last 1.9 bug-fix release.",
    ),
    Package(
        name="jquery",
        version="3.7.1",
        registry="npm",
        integrity="sha512-m4avr8yL8kmFN8psrbFFFmB/If14iN5o9nw/NgnnM+kybDJpRsAynV2BsfpTYrTRysYUdADVD7CkUUizgkpLfg==",
        licence="MIT",
        licence_file="package/LICENSE.txt",
        files={"jquery.min.js": ("package/dist/jquery.min.js", _SM)},
    ),
    Package(
        name="bootstrap",
        version="5.2.2",
        registry="npm",
        integrity="sha512-dEtzMTV71n6Fhmbg4fYJzQsw1N29hJKO1js5ackCgIpDcGid2ETMGC6zwSYw09v05Y+oRdQ9loC54zB1La3hHQ==",
        licence="MIT",
        licence_file="package/LICENSE",
        files={
            "css/bootstrap.min.css": ("package/dist/css/bootstrap.min.css", _SM),
            "js/bootstrap.bundle.min.js": ("package/dist/js/bootstrap.bundle.min.js", _SM),
        },
    ),
    Package(
        name="bootstrap",
        version="3.4.1",
        registry="npm",
        integrity="sha512-yN5oZVmRCwe5aKwzRj6736nSmKDX7pLYwsXiCj/EYmo16hODaBiT4En5btW/jhBF/seV+XMx3aYwukYC3A49DA==",
        licence="MIT",
        licence_file="package/LICENSE",
        files={
            "css/bootstrap-glyphicons.css": ("package/dist/css/bootstrap.css", "glyphicons_only"),
            "fonts/glyphicons-halflings-regular.woff2": (
                "package/dist/fonts/glyphicons-halflings-regular.woff2",
                None,
            ),
        },
        note="Stands in for netdna's bootstrap/3.0.0/css/bootstrap-glyphicons.css (not on npm).",
    ),
    Package(
        name="@fortawesome/fontawesome-free",
        version="6.2.0",
        registry="npm",
        integrity="sha512-CNR7qRIfCwWHNN7FnKUniva94edPdyQzil/zCwk3v6k4R6rR2Fr8i4s3PM7n/lyfPA6Zfko9z5WDzFxG9SW1uQ==",
        licence="CC-BY-4.0 AND OFL-1.1 AND MIT",
        licence_file="package/LICENSE.txt",
        files={
            "css/all.min.css": ("package/css/all.min.css", "woff2_only"),
            **{
                f"webfonts/{font}.woff2": (f"package/webfonts/{font}.woff2", None)
                for font in (
                    "fa-brands-400",
                    "fa-regular-400",
                    "fa-solid-900",
                    "fa-v4compatibility",
                )
            },
        },
    ),
    Package(
        name="leaflet.awesome-markers",
        version="2.0.5",
        registry="npm",
        integrity="sha512-Ne/xDjkGyaujwNVVkv2tyXQUV0ZW7gZ0Mo0FuQY4jp2qWrvXi0hwDBvmZyF/8YOvybyMabTMM/mFWCTd1jZIQA==",
        licence="MIT",
        licence_file="package/LICENSE",
        files={
            "leaflet.awesome-markers.min.js": ("package/dist/leaflet.awesome-markers.min.js", _SM),
            "leaflet.awesome-markers.css": ("package/dist/leaflet.awesome-markers.css", None),
            **{
                f"images/{img}": (f"package/dist/images/{img}", None)
                for img in (
                    "markers-soft.png",
                    "markers-soft@2x.png",
                    "markers-shadow.png",
                    "markers-shadow@2x.png",
                )
            },
        },
        note="LICENSE file is MIT (package.json says ISC). Same code as cdnjs 2.0.2.",
    ),
    Package(
        name="leaflet-measure",
        version="2.1.7",
        registry="npm",
        integrity="sha512-IvoHIoVTIQSXUgaNnAMF17qXFB+dF5ICdwmY8BHyq/Hh33/xeGqQUUYlz0pRMzFN9NUcjsT6JBhCr1ia0CG5ug==",
        licence="MIT",
        licence_file="package/LICENSE",
        files={
            "leaflet-measure.min.js": ("package/dist/leaflet-measure.min.js", _SM),
            "leaflet-measure.css": ("package/dist/leaflet-measure.css", None),
            **{
                f"images/{name}{suffix}.png": (f"package/dist/images/{name}{suffix}.png", None)
                for name in ("cancel", "check", "focus", "rulers", "start", "trash")
                for suffix in ("", "_@2X")
            },
        },
    ),
    Package(
        name="leaflet.fullscreen",
        version="3.0.0",
        registry="npm",
        integrity="sha512-81wWSUXz1ZtdneR0v5eJDWXUSx+Zo5J50WXWeydG/UcILfIEAgz/iOjZSi3p00Z9MJ/FC/P5i3CgdYuEAos0yQ==",
        licence="MIT",
        licence_file="package/LICENSE",
        files={
            "Control.FullScreen.js": ("package/Control.FullScreen.js", None),
            "Control.FullScreen.css": ("package/Control.FullScreen.css", None),
            "icon-fullscreen.svg": ("package/icon-fullscreen.svg", None),
        },
        note="The npm release has no .min.js (jsDelivr minifies on the fly); the source is 8 kB.",
    ),
    Package(
        name="folium",
        version="0.20.0",
        registry="pypi-sdist",
        integrity="a0d78b9d5a36ba7589ca9aedbd433e84e9fcab79cd6ac213adbcff922e454cb9",
        licence="MIT",
        licence_file="folium-0.20.0/LICENSE.txt",
        files={
            "leaflet.awesome.rotate.min.css": (
                "folium-0.20.0/folium/templates/leaflet.awesome.rotate.css",
                "strip_indent",
            ),
        },
        note="Only in folium's sdist (the wheel lacks it); folium links it from GitHub.",
    ),
)


# --------------------------------------------------------------------------------------------
# Fetching and copying.
# --------------------------------------------------------------------------------------------


def _run(cmd: list[str], cwd: Path) -> str:
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stderr.strip()}")
    return result.stdout


def _sri_sha512(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def _fetch(pkg: Package, workdir: Path) -> Path:
    """Download the pinned archive with the registry's own client and check its hash."""
    if pkg.registry == "npm":
        out = _run(["npm", "pack", f"{pkg.name}@{pkg.version}", "--json", "--silent"], workdir)
        archive = workdir / json.loads(out)[0]["filename"]
        actual = _sri_sha512(archive)
    elif pkg.registry == "pypi-sdist":
        _run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                f"{pkg.name}=={pkg.version}",
                "--no-binary",
                ":all:",
                "--no-deps",
                "--quiet",
                "-d",
                str(workdir),
            ],
            workdir,
        )
        archive = workdir / f"{pkg.name}-{pkg.version}.tar.gz"
        actual = hashlib.sha256(archive.read_bytes()).hexdigest()
    else:
        raise ValueError(f"{pkg.name}: unknown registry {pkg.registry!r}")
    if actual != pkg.integrity:
        raise RuntimeError(
            f"{pkg.name}@{pkg.version}: archive hash {actual} != pinned {pkg.integrity}"
        )
    return archive


def _read_member(tar: tarfile.TarFile, name: str, pkg: Package) -> bytes:
    try:
        member = tar.extractfile(name)
    except KeyError:
        member = None
    if member is None:
        raise RuntimeError(f"{pkg.name}@{pkg.version}: {name} is not in the archive")
    return member.read()


def _copy_package(pkg: Package, archive: Path, dest_root: Path) -> dict:
    """Copy the package's listed files (and licence) and return its manifest entry."""
    dest = dest_root / pkg.dirname
    files = []
    with tarfile.open(archive) as tar:
        licence_name = Path(pkg.licence_file).name
        wanted = {licence_name: (pkg.licence_file, None), **pkg.files}
        for rel, (member, transform) in sorted(wanted.items()):
            data = _read_member(tar, member, pkg)
            if transform is not None:
                data = _TRANSFORMS[transform](data.decode("utf-8")).encode("utf-8")
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            entry = {
                "path": f"{pkg.dirname}/{rel}",
                "from": member,
                "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
            if transform is not None:
                entry["modified"] = transform
            files.append(entry)
    return {
        "package": pkg.name,
        "version": pkg.version,
        "licence": pkg.licence,
        "licence_file": f"{pkg.dirname}/{licence_name}",
        "registry": pkg.registry,
        "integrity": pkg.integrity,
        "dir": pkg.dirname,
        "bytes": sum(f["bytes"] for f in files),
        "note": pkg.note,
        "files": files,
    }


def build(vendor_dir: Path = VENDOR_DIR) -> dict:
    """Fetch every pinned package and rebuild ``vendor_dir`` from scratch."""
    with tempfile.TemporaryDirectory(prefix="vendor-") as tmp:
        work = Path(tmp)
        staging = work / "vendor"
        staging.mkdir()
        packages = []
        for pkg in PACKAGES:
            archive = _fetch(pkg, work)
            packages.append(_copy_package(pkg, archive, staging))
            print(f"{pkg.name}@{pkg.version}: {packages[-1]['bytes']:,} bytes")
        manifest = {
            "generated_by": "scripts/vendor_assets.py",
            "total_bytes": sum(p["bytes"] for p in packages),
            "packages": packages,
        }
        (staging / "manifest.json").write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        if vendor_dir.exists():
            shutil.rmtree(vendor_dir)
        shutil.copytree(staging, vendor_dir)
    return manifest


def verify(vendor_dir: Path = VENDOR_DIR) -> list[str]:
    """Return the differences between ``vendor_dir`` and its manifest (empty when they agree)."""
    manifest = json.loads((vendor_dir / "manifest.json").read_text(encoding="utf-8"))
    problems = []
    listed = set()
    for pkg in manifest["packages"]:
        for entry in pkg["files"]:
            path = vendor_dir / entry["path"]
            listed.add(path)
            if not path.is_file():
                problems.append(f"missing: {entry['path']}")
            elif hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
                problems.append(f"changed: {entry['path']}")
    for path in sorted(vendor_dir.rglob("*")):
        if path.is_file() and path.name != "manifest.json" and path not in listed:
            problems.append(f"not in manifest: {path.relative_to(vendor_dir)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--verify", action="store_true", help="check static/vendor against its manifest (offline)"
    )
    args = parser.parse_args(argv)
    if args.verify:
        problems = verify()
        for line in problems:
            print(line, file=sys.stderr)
        print("static/vendor matches manifest.json" if not problems else "MISMATCH")
        return 1 if problems else 0
    manifest = build()
    print(f"total {manifest['total_bytes']:,} bytes in {VENDOR_DIR.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
