"""The presenter tour's steps: per chapter, a few key lines of the plan (``data/plan/tour.yaml``).

The lines are hand-kept quotations (checked against the plan text by the tests), so the
serving code never needs the plan text itself.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from geo import settings

TOUR_FILE: Path = settings.PLAN_DIR / "tour.yaml"


def load_tour(path: Path | None = None) -> list[dict]:
    """
    Read the tour's steps in chapter order.

    Parameters
    ----------
    path : Path, optional
        Defaults to ``data/plan/tour.yaml``.

    Returns
    -------
    list of dict
        One dict per step: ``chapter`` (int) and ``lines`` (list of ``{"zh", "en"}``).

    Raises
    ------
    ValueError
        If the file is missing or malformed (the message names the file and the step).
    """
    path = Path(path or TOUR_FILE)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ValueError(f"{path}: cannot read the tour ({err})") from None
    steps = doc.get("steps") if isinstance(doc, dict) else None
    if not isinstance(steps, list) or not steps:
        raise ValueError(f"{path}: no list of 'steps'")
    for index, step in enumerate(steps, start=1):
        _check_step(path, index, step)
    return sorted(steps, key=lambda s: s["chapter"])


def _check_step(path: Path, index: int, step: object) -> None:
    where = f"{path}: step {index}"
    if not isinstance(step, dict) or not isinstance(step.get("chapter"), int):
        raise ValueError(f"{where}: needs an integer 'chapter'")
    lines = step.get("lines")
    if not isinstance(lines, list) or not lines:
        raise ValueError(f"{where}: needs a list of 'lines'")
    for line in lines:
        if not isinstance(line, dict) or not all(
            isinstance(line.get(k), str) and line[k].strip() for k in ("zh", "en")
        ):
            raise ValueError(f"{where}: each line needs non-empty 'zh' and 'en' texts")
