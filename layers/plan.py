"""The plan items, outline and indicators as the app and the exports use them.

Pure functions: the loaders read the committed derived files, the filters take a GeoDataFrame
and return a GeoDataFrame.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import settings
from geo.geojson import FeatureSpec, read_geojson, read_json

LIST_FIELDS = ("aliases", "mentions", "chapters", "sections", "subsections", "boxes")

#: The plan's own group words (and their English) and the items they stand for, as
#: (column, value): a search for one of them finds the group, not only names containing it.
GROUP_WORDS: dict[str, tuple[str, str]] = {
    "新八景": ("layer", "new_eight"),
    "八景": ("layer", "new_eight"),
    "new eight scenes": ("layer", "new_eight"),
    "双轴": ("kind", "axis"),
    "两轴": ("kind", "axis"),
    "axes": ("kind", "axis"),
    "三片区": ("kind", "zone"),
    "片区": ("kind", "zone"),
    "three zones": ("kind", "zone"),
    "中轴": ("layer", "axis_landmarks"),
    "central axis": ("layer", "axis_landmarks"),
    "商圈": ("kind", "commercial_district"),
    "business districts": ("kind", "commercial_district"),
}

#: How a position source cites an AMap bus stop (the claim grammar is in data/plan/README.md).
_BUS_STOP_CITATION = re.compile(r"\bAMap\s+bus\s+stop\b")


def load_plan_items(path: Path | None = None) -> gpd.GeoDataFrame:
    """Read the derived plan items (``data/plan/plan_items.geojson``).

    Parameters
    ----------
    path : Path, optional
        Defaults to ``settings.PLAN_DIR / "plan_items.geojson"`` (read at call time).

    Returns
    -------
    GeoDataFrame
        One row per item, WGS84; list fields (chapters, boxes, aliases ...) as Python lists,
        unmapped items with a missing geometry.

    Raises
    ------
    ValueError
        If the file is missing or not a WGS84 FeatureCollection (the message names it).
    """
    path = Path(path or settings.PLAN_DIR / "plan_items.geojson")
    # validity and the fields' values are the validation's to report (gulou-map validate)
    spec = FeatureSpec(label="id", geometry_optional=True, check_validity=False)
    items, problems = read_geojson(path, spec, missing="run `gulou-map build`")
    if problems or items is None:
        raise ValueError(str(problems[0]))
    for field in LIST_FIELDS:
        if field in items.columns:
            items[field] = items[field].map(lambda v: list(v) if isinstance(v, list) else [])
    return items


def load_outline(path: Path | None = None) -> list[dict]:
    """
    Read the plan's outline (chapters, sections, subsections, 专栏) from ``outline.json``.

    Parameters
    ----------
    path : Path, optional
        Defaults to ``settings.PLAN_DIR / "outline.json"`` (read at call time).

    Returns
    -------
    list of dict
        One dict per chapter: ``number``, ``title``, ``sections`` (each with ``subsections``)
        and ``boxes``.

    Raises
    ------
    ValueError
        If the file is missing or not an outline (the message names it).
    """
    path = Path(path or settings.PLAN_DIR / "outline.json")
    doc, problem = read_json(path, "run `gulou-map build`")
    if problem is not None:
        raise ValueError(str(problem))
    if not isinstance(doc, dict) or not isinstance(doc.get("chapters"), list):
        raise ValueError(f"{path}: not a plan outline (no list of 'chapters')")
    return doc["chapters"]


def load_indicators(path: Path | None = None) -> pd.DataFrame:
    """
    Read 表1/表2 (``indicators.csv``) with every cell as the plan's own string.

    Parameters
    ----------
    path : Path, optional
        Defaults to ``settings.PLAN_DIR / "indicators.csv"`` (read at call time).

    Returns
    -------
    DataFrame
        One row per indicator; empty cells are empty strings, never NaN.
    """
    path = Path(path or settings.PLAN_DIR / "indicators.csv")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def filter_items(
    items: gpd.GeoDataFrame,
    chapters: Iterable[int] | None = None,
    statuses: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    layers: Iterable[str] | None = None,
    sections: Iterable[str] | None = None,
    query: str | None = None,
) -> gpd.GeoDataFrame:
    """Select items: OR within one filter, AND across filters; an empty filter selects all.

    Parameters
    ----------
    items : GeoDataFrame
        Plan items as from :func:`load_plan_items`.
    chapters : iterable of int, optional
        Items that any of these chapters names.
    statuses, kinds, layers : iterable of str, optional
        Vocabulary codes.
    sections : iterable of str, optional
        Section or subsection codes (``"3.1"``, ``"5.1.3"``) or 专栏 (``"box3"``).
    query : str, optional
        Case-insensitive substring of the Chinese or English name or an alias.

    Returns
    -------
    GeoDataFrame
    """
    mask = pd.Series(True, index=items.index)
    if chapters:
        wanted = {int(c) for c in chapters}
        mask &= items["chapters"].map(lambda cs: bool(wanted.intersection(cs)))
    if sections:
        chosen = set(sections)
        mask &= section_codes(items).map(lambda codes: bool(codes & chosen))
    for field, values in (("status", statuses), ("kind", kinds), ("layer", layers)):
        if values:
            mask &= items[field].isin(list(values))
    if query and query.strip():
        mask &= search_mask(items, query)
    return items[mask]


def section_codes(items: gpd.GeoDataFrame) -> pd.Series:
    """
    Every section, subsection and 专栏 code that names each item.

    Parameters
    ----------
    items : GeoDataFrame
        Plan items with ``sections``, ``subsections`` and ``boxes`` lists.

    Returns
    -------
    Series of set
        Aligned with ``items``; 专栏 appear as ``"box3"``.
    """
    return pd.Series(
        [
            {*sections, *subsections, *(f"box{b}" for b in boxes)}
            for sections, subsections, boxes in zip(
                items["sections"], items["subsections"], items["boxes"], strict=True
            )
        ],
        index=items.index,
        dtype=object,
    )


def search_mask(items: gpd.GeoDataFrame, query: str) -> pd.Series:
    """
    Tell which items match a search.

    Parameters
    ----------
    items : GeoDataFrame
        Plan items.
    query : str
        Searched, ignoring case and surrounding spaces, in the Chinese and English names, the
        id and the aliases; one of the plan's group words (:data:`GROUP_WORDS`, e.g. 新八景,
        双轴, 三片区, 中轴, 商圈) also finds its whole group.

    Returns
    -------
    Series of bool
        Aligned with ``items``.
    """
    needle = query.strip().casefold()
    names = zip(items["name_zh"], items["name_en"], items["id"], items["aliases"], strict=True)
    found = [
        any(needle in str(name).casefold() for name in (zh, en, item_id, *aliases))
        for zh, en, item_id, aliases in names
    ]
    mask = pd.Series(found, index=items.index, dtype=bool)
    group = GROUP_WORDS.get(needle)
    if group is not None and group[0] in items.columns:
        mask |= items[group[0]] == group[1]
    return mask


def cites_bus_stop(items: gpd.GeoDataFrame) -> pd.Series:
    """Return which items' positions rest on an AMap bus stop (they carry its credit).

    Parameters
    ----------
    items : GeoDataFrame
        Plan items with a ``position_source`` column.

    Returns
    -------
    Series of bool
        True where ``position_source`` cites ``AMap bus stop <name>``.
    """
    if "position_source" not in items.columns:
        raise ValueError("the items have no 'position_source' column")
    return items["position_source"].fillna("").astype(str).str.contains(_BUS_STOP_CITATION)
