"""What the filters must select from the committed plan items, read without the code under test.

The page and CLI tests compare what a user sees with these ids. They come from the raw
``plan_items.geojson`` and plain set logic (OR within a filter, AND across filters, search in
names, aliases and id ignoring case), not from :func:`layers.plan.filter_items`, so a broken
filter fails those tests; :mod:`tests.test_filters` checks the same rules on hand-made rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from geo import settings


def committed_properties(path: Path | None = None) -> list[dict]:
    """The properties of every committed plan item, in file order."""
    path = path or settings.PLAN_DIR / "plan_items.geojson"
    return [f["properties"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]]


def expected_ids(
    chapters: Iterable[int] = (),
    sections: Iterable[str] = (),
    statuses: Iterable[str] = (),
    kinds: Iterable[str] = (),
    layers: Iterable[str] = (),
    query: str = "",
) -> list[str]:
    """Ids of the committed items a view with these filters shows, in file order."""
    wanted = {
        "chapters": set(chapters), "sections": set(sections), "status": set(statuses),
        "kind": set(kinds), "layer": set(layers),
    }  # fmt: skip
    needle = query.strip().lower()
    found = []
    for item in committed_properties():
        codes = {*item["sections"], *item["subsections"], *(f"box{b}" for b in item["boxes"])}
        words = [item["name_zh"], item["name_en"], item["id"], *item["aliases"]]
        if (
            (not wanted["chapters"] or wanted["chapters"] & set(item["chapters"]))
            and (not wanted["sections"] or wanted["sections"] & codes)
            and all(not wanted[f] or item[f] in wanted[f] for f in ("status", "kind", "layer"))
            and (not needle or any(needle in str(word).lower() for word in words))
        ):
            found.append(item["id"])
    return found
