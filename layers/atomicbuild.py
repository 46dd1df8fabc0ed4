"""Build every derived file into a temporary folder, check all of it, then replace them together.

``gulou-map build`` goes through :func:`build_all`. The base layers (``data/base``), their browser
copies (``static/base``) and the plan layer (``data/plan/plan_items.geojson``, ``outline.json``,
``indicators.csv``) are first written to a temporary folder and checked there: the district's
area against the official 35.43 km², every base layer's sanity (``validate_base`` plus the
feature-count ranges of :data:`BASE_COUNT_RANGES`), the plan items' own checks, and the item ids
against the committed layer (a build that would drop items needs ``allow_removals``). Only when
everything passes are the derived files copied next to their targets and renamed over them, so a
failed build changes nothing. Hand-kept records (``data/plan/items/*.yaml``), ``README.md`` and any
change log (``data/plan/changes.jsonl``) are never written.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from geo import projection, settings
from layers.basebuild import BASE_PROPERTIES, PROVENANCE_FILE

#: Feature counts a sane base build yields (inclusive ranges). The committed build has 1
#: district, 5 neighbours, 58 metro line pieces, 27 station groups and 3737 road segments; the
#: ranges leave room for OSM updates but catch a wrong area or an empty extract.
BASE_COUNT_RANGES: dict[str, tuple[int, int]] = {
    "district": (1, 1),
    "neighbours": (3, 8),
    "metro_lines": (10, 400),
    "metro_stations": (15, 80),
    "roads": (1500, 20000),
}
#: The plan layer's derived files (``data/plan``); the rest of that folder is kept by hand.
PLAN_FILES: tuple[str, ...] = ("plan_items.geojson", "outline.json", "indicators.csv")


@dataclass
class BuildResult:
    """What a build did: the problems that stopped it, or the files it replaced."""

    problems: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """
        Tell whether the build passed every check and its files are in place.

        Returns
        -------
        bool
            True when no problem stopped the build.
        """
        return not self.problems


def derived_targets(
    data_dir: Path | None = None, static_dir: Path | None = None, plan_only: bool = False
) -> list[tuple[str, Path]]:
    """List the derived files a build replaces: (path relative to the build folder, target).

    Parameters
    ----------
    data_dir : Path, optional
        The ``data`` folder, default ``settings.DATA_DIR``.
    static_dir : Path, optional
        The ``static`` folder, default ``settings.STATIC_DIR``.
    plan_only : bool, default False
        Only the plan layer's files.

    Returns
    -------
    list of (str, Path)
    """
    data_dir = Path(data_dir or settings.DATA_DIR)
    static_dir = Path(static_dir or settings.STATIC_DIR)
    targets = [(f"plan/{name}", data_dir / "plan" / name) for name in PLAN_FILES]
    if not plan_only:
        for name in BASE_PROPERTIES:
            targets.append((f"base/{name}.geojson", data_dir / "base" / f"{name}.geojson"))
            targets.append((f"static_base/{name}.geojson", static_dir / "base" / f"{name}.geojson"))
        targets.append((f"base/{PROVENANCE_FILE}", data_dir / "base" / PROVENANCE_FILE))
    return targets


def build_all(
    sources_dir: Path | None = None,
    plan_text: Path | None = None,
    *,
    online: bool = False,
    plan_only: bool = False,
    allow_removals: bool = False,
    data_dir: Path | None = None,
    static_dir: Path | None = None,
    items_dir: Path | None = None,
) -> BuildResult:
    """Build, check and install every derived file, or nothing.

    Parameters
    ----------
    sources_dir : Path, optional
        Offline sources for the base layers (default ``settings.SOURCES_DIR``).
    plan_text : Path, optional
        The plan's full text (default ``settings.PLAN_TEXT``).
    online : bool, default False
        Fetch the base layers from OpenStreetMap through osmnx.
    plan_only : bool, default False
        Rebuild the plan layer only, on the committed base layers.
    allow_removals : bool, default False
        Accept a plan layer with fewer item ids than the committed one.
    data_dir, static_dir : Path, optional
        The ``data`` and ``static`` folders to replace files in (default: the repository's).
    items_dir : Path, optional
        The hand-kept YAML records (default ``<data_dir>/plan/items``); read only.

    Returns
    -------
    BuildResult
        ``ok`` with the replaced files, or the problems and nothing changed.

    Raises
    ------
    ValueError, OSError, SourceError
        Unreadable inputs (a missing plan text, a broken source file); nothing is changed.
    """
    data_dir = Path(data_dir or settings.DATA_DIR)
    static_dir = Path(static_dir or settings.STATIC_DIR)
    items_dir = Path(items_dir or data_dir / "plan" / "items")
    result = BuildResult()
    with tempfile.TemporaryDirectory(prefix="gulou-build-") as tmp:
        work = Path(tmp)
        base_dir = data_dir / "base"
        if not plan_only:
            base_dir = work / "base"
            result.problems += _build_base(sources_dir, online, work, result.messages)
            if result.problems:
                return result
        result.problems += _build_plan(
            items_dir, plan_text, base_dir, work, result.messages, sources_dir
        )
        if result.problems:
            return result
        result.removed_ids = _removed_ids(data_dir / "plan" / "plan_items.geojson", work)
        if result.removed_ids and not allow_removals:
            result.problems.append(_removal_problem(result.removed_ids))
            return result
        _install(work, derived_targets(data_dir, static_dir, plan_only), result)
    return result


def _build_base(
    sources_dir: Path | None, online: bool, work: Path, messages: list[str]
) -> list[str]:
    """Write the base layers into ``work`` and return every problem found in them."""
    from layers._validate_base import validate_base
    from layers.basebuild import build_base

    layers = build_base(
        sources_dir, out_dir=work / "base", static_dir=work / "static_base", online=online
    )
    problems = area_problems(layers["district"])
    for name, frame in layers.items():
        low, high = BASE_COUNT_RANGES[name]
        messages.append(f"{name}: {len(frame)} features")
        if not low <= len(frame) <= high:
            problems.append(
                f"{name}: {len(frame)} features, expected {low}–{high}; the sources look wrong"
            )
    # validate_base repeats the area check with the file's name; keep the plain one first.
    found = [str(p) for p in validate_base(work / "base", static_dir=work / "static_base")]
    # Name the files as the user knows them, not by the temporary folder.
    for folder, shown in ((work / "base", "data/base"), (work / "static_base", "static/base")):
        found = [p.replace(str(folder), f"{shown} (new build)") for p in found]
    problems += [p for p in found if "district area" not in p]
    return problems


def area_problems(district) -> list[str]:
    """Compare a district layer's area (EPSG:32650) with the official 35.43 km².

    Parameters
    ----------
    district : GeoDataFrame
        The district layer (WGS84).

    Returns
    -------
    list of str
        Empty when within ``settings.AREA_TOLERANCE``; otherwise one refusal naming the area.
    """
    area = float(projection.area_km2(district).sum())
    deviation = area / settings.OFFICIAL_AREA_KM2 - 1
    if abs(deviation) <= settings.AREA_TOLERANCE:
        return []
    return [
        f"district area {area:.2f} km² is {deviation:+.1%} from the official "
        f"{settings.OFFICIAL_AREA_KM2} km² (tolerance ±{settings.AREA_TOLERANCE:.1%}): "
        "refusing to replace the base layers; is the boundary source the right district?"
    ]


def _build_plan(
    items_dir: Path,
    plan_text: Path | None,
    base_dir: Path,
    work: Path,
    messages: list[str],
    sources_dir: Path | None,
) -> list[str]:
    from layers._validate import unchecked_stops_note
    from layers.planbuild import build_plan

    items, problems = build_plan(
        items_dir=items_dir,
        plan_text=plan_text,
        base_dir=base_dir,
        out_dir=work / "plan",
        sources_dir=sources_dir,
    )
    note = unchecked_stops_note(items, sources_dir)
    if note:
        messages.append(note)
    if not problems:
        mapped = int(items["mapped"].sum())
        messages.append(
            f"plan: {len(items)} items ({mapped} mapped, {len(items) - mapped} not mapped)"
        )
    return [str(p) for p in problems]


def _removed_ids(committed: Path, work: Path) -> list[str]:
    """Item ids in the committed plan layer that the new build no longer has."""
    if not committed.exists():
        return []
    old = _ids(committed)
    new = set(_ids(work / "plan" / "plan_items.geojson"))
    return sorted(i for i in old if i not in new)


def _ids(path: Path) -> list[str]:
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        return [str(f["properties"]["id"]) for f in features]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ValueError(f"{path}: cannot read the item ids ({err})") from err


def _removal_problem(removed: list[str]) -> str:
    return (
        f"the build would remove {len(removed)} item(s) from the committed plan layer: "
        f"{', '.join(removed)}. If that is intended, run again with --allow-removals"
    )


def _install(work: Path, targets: list[tuple[str, Path]], result: BuildResult) -> None:
    """Copy every new file next to its target, then rename them all over the targets.

    Staging first means a full disk or a permission error while copying leaves every target as
    it was; the renames that follow are atomic per file.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for relative, target in targets:
            new = work / relative
            if target.exists() and target.read_bytes() == new.read_bytes():
                result.unchanged.append(target)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.new")
            shutil.copyfile(new, temporary)
            staged.append((temporary, target))
    except OSError:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)
        result.changed.append(target)
