"""Keep the plan current: reviewed edits of an item's current status and position, an
append-only change log, and the plan as of any date.

Two statuses are kept apart. The *baseline* is the committed item's ``status`` and
``status_basis`` (the plan's own words, validated by the build); no edit changes it. An edit
records the *current* status with its dated evidence, or a new position, in the change log
(``data/plan/changes.jsonl``, one JSON object per line, only ever appended to). Serving code
applies the log to the committed items with :func:`apply_changes`; the build never reads it.

Each line of the log is one event, complete in itself::

    {"seq": 7, "change": "c5", "action": "apply", "item": "fuzhou-software-park",
     "field": "status", "before": {"status": "upgrading"}, "after": {"status": "underway"},
     "evidence": {"basis": "...", "document": "2026年区政府工作报告", "date": "2026-02-10"},
     "effective": "2026-02-10", "by": "王工", "at": "2026-03-01T09:12:00Z", "version": 3}

``action`` is ``propose`` (a change awaiting review), ``apply`` (the change takes effect),
``revert`` (an applied change is withdrawn) or ``reject`` (a proposal is declined); ``change``
names the proposal all of them refer to. ``version`` counts the item's applied changes and
reverts: a proposal remembers the version it was made against and applies only if the item
is still at that version (compare-and-swap under a file lock), so two planners saving at once
never overwrite each other. ``effective`` is the date from which the change holds: the
evidence's date for a status (the plan's date for the plan's own words), the day it was
applied for a position.
"""

from __future__ import annotations

import fcntl
import json
import math
import os
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from geo import settings
from layers.basis import document_basis_problem, parse_date, plan_basis_problem
from layers.vocab import PRECISIONS, STATUSES

#: Deployment switches, read at call time (a test or a deployment sets them).
ENV_EDIT = "GULOU_EDIT"
ENV_CHANGES = "GULOU_CHANGES"
ENV_USER_HEADER = "GULOU_USER_HEADER"

FIELDS = ("status", "position")
ACTIONS = ("propose", "apply", "revert", "reject")
_EVENT_KEYS = (
    "seq", "change", "action", "item", "field", "before", "after", "evidence", "effective",
    "by", "at", "version",
)  # fmt: skip
#: A position source must say where the point comes from in at least this many characters.
MIN_SOURCE = 4


class ConflictError(ValueError):
    """The item changed after the change was prepared; nothing was written."""


# --- deployment settings ----------------------------------------------------------------------


def edit_mode() -> bool:
    """True when the deployment turned edit mode on (``GULOU_EDIT=1``); off by default.

    Returns
    -------
    bool
        True when ``$GULOU_EDIT`` is ``1``, ``true``, ``yes`` or ``on`` (any case, surrounding
        whitespace ignored); False when it is unset or anything else.
    """
    return os.environ.get(ENV_EDIT, "").strip().lower() in {"1", "true", "yes", "on"}


def changes_path() -> Path:
    """The change log: ``$GULOU_CHANGES`` or ``data/plan/changes.jsonl``.

    Returns
    -------
    Path
        ``$GULOU_CHANGES`` when it is set and not blank, else ``changes.jsonl`` in
        ``settings.PLAN_DIR`` (read at call time). The file need not exist yet.
    """
    configured = os.environ.get(ENV_CHANGES, "").strip()
    return Path(configured) if configured else settings.PLAN_DIR / "changes.jsonl"


def user_header() -> str | None:
    """The trusted reverse-proxy header naming the signed-in user, if the deployment set one.

    Returns
    -------
    str or None
        The header's name from ``$GULOU_USER_HEADER`` (whitespace stripped), or None when it
        is unset or blank.
    """
    return os.environ.get(ENV_USER_HEADER, "").strip() or None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- changes before they are written ----------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """A checked edit of one field of one item, ready to be proposed.

    ``before`` is the value the editor saw, ``base_version`` the item's version then.
    """

    item: str
    field: str
    before: dict
    after: dict
    evidence: dict
    effective: str | None
    base_version: int


def prepare_status(
    items: gpd.GeoDataFrame,
    events: list[dict],
    item_id: str,
    status: str,
    basis: str,
    document: str | None = None,
    when: str | None = None,
    plan_text: str | None = None,
    today: date | None = None,
) -> Change:
    """Check a new current status with its evidence; return the change or raise ValueError.

    Parameters
    ----------
    items : GeoDataFrame
        The committed items (baseline), as from :func:`layers.plan.load_plan_items`.
    events : list of dict
        The change log as read (:meth:`ChangeStore.read`).
    item_id, status : str
        The item and the new status code.
    basis : str
        Without ``document``: the plan's own words about the item (checked against
        ``plan_text``). With it: words quoted from that document.
    document : str, optional
        Title of the document the basis quotes (a work report, a news release).
    when : str, optional
        ``YYYY-MM-DD`` from which the status holds; required with a document, else the plan's
        date.
    plan_text : str, optional
        The plan's full text; required for a basis from the plan.
    today : date, optional
        For tests.

    Returns
    -------
    Change
    """
    row = _item_row(items, item_id)
    if status not in STATUSES:
        raise ValueError(f"{status!r} is not a known status; use one of: {', '.join(STATUSES)}")
    problem = _basis_problem(row, basis, document, when, plan_text, today)
    if problem:
        raise ValueError(f"basis refused for {item_id}: {problem}; nothing was changed")
    effective = parse_date(when).isoformat() if when else settings.PLAN_AS_OF
    if effective < settings.PLAN_AS_OF:
        raise ValueError(
            f"{effective} lies before the plan's date {settings.PLAN_AS_OF}: the plan's baseline "
            "already says how the item stood then"
        )
    current = current_values(events).get((item_id, "status"))
    if current and effective < current["effective"]:
        raise ValueError(
            f"the current status of {item_id} rests on evidence of {current['effective']}; "
            f"evidence of {effective} is older and cannot replace it"
        )
    evidence = {"basis": basis.strip(), "document": (document or "").strip() or None}
    evidence["date"] = effective
    before = {"status": current["after"]["status"] if current else row["status"]}
    if current and before == {"status": status} and current["evidence"] == evidence:
        raise ValueError(f"{item_id} already has this status with this evidence; nothing to do")
    if not current and status == row["status"] and not document:
        raise ValueError(f"{item_id} already has this status in the plan's baseline; nothing to do")
    _check_record(items, row, status=status, status_basis=basis.strip())
    return Change(
        item_id, "status", before, {"status": status}, evidence, effective,
        item_version(events, item_id),
    )  # fmt: skip


def _basis_problem(row, basis, document, when, plan_text, today) -> str | None:
    if document:
        return document_basis_problem(basis, document, when, today)
    if when:
        try:
            day = parse_date(when)
        except ValueError as err:
            return str(err)
        if day > (today or date.today()):
            return f"the date {when} lies in the future"
    if plan_text is None:
        return (
            f"the plan text is not available ({settings.PLAN_TEXT}; set GULOU_PLAN_TEXT), so a "
            "basis from the plan cannot be checked; cite a document with its date instead"
        )
    return plan_basis_problem(plan_text, basis, list(row["mentions"]))


def prepare_place(
    items: gpd.GeoDataFrame,
    events: list[dict],
    item_id: str,
    lon: float,
    lat: float,
    precision: str,
    source: str,
    district=None,
    stations: dict | None = None,
) -> Change:
    """Check placing (or moving) an item at a point; return the change or raise ValueError.

    Parameters
    ----------
    items : GeoDataFrame
        The committed items (baseline).
    events : list of dict
        The change log as read.
    item_id : str
    lon, lat : float
        WGS84 position.
    precision : str
        One of :data:`layers.vocab.PRECISIONS`.
    source : str
        How the position was obtained (the same rules as the YAML ``position_source``).
    district : shapely geometry, optional
        The district outline; default the committed base layer.
    stations : dict of name to Point, optional
        OSM metro station groups for the position-source cross-check; default the base layer.

    Returns
    -------
    Change
    """
    row = _item_row(items, item_id)
    try:
        lon, lat = float(lon), float(lat)
    except (TypeError, ValueError):
        raise ValueError(f"--point needs two numbers (lon lat), got {lon!r} {lat!r}") from None
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise ValueError("the point's coordinates must be finite numbers")
    if precision not in PRECISIONS:
        raise ValueError(f"{precision!r} is not a known precision; use: {', '.join(PRECISIONS)}")
    source = (source or "").strip()
    if len(source) < MIN_SOURCE:
        raise ValueError(
            f"--source is too short ({len(source)} characters): say where the position comes "
            f"from in at least {MIN_SOURCE} characters (it is kept as position_source)"
            if source
            else "say where the position comes from (--source), as position_source"
        )
    current = current_values(events).get((item_id, "position"))
    before = current["after"] if current else _position_of(row)
    after: dict[str, Any] = {
        "point": [round(lon, settings.COORD_DECIMALS), round(lat, settings.COORD_DECIMALS)]
    }
    after |= {"precision": precision, "source": source}
    if {k: before.get(k) for k in after} == after:
        raise ValueError(f"{item_id} is already placed there with this precision and source")
    placed = _check_record(
        items, row, geometry={"point": after["point"]}, precision=precision,
        position_source=source, mapped=True, unmapped_reason=None,
    )  # fmt: skip
    _check_placed(items, placed, district, stations)
    return Change(
        item_id, "position", before, after, {"source": source}, None,
        item_version(events, item_id),
    )  # fmt: skip


def _item_row(items: gpd.GeoDataFrame, item_id: str) -> pd.Series:
    match = items[items["id"] == item_id]
    if match.empty:
        raise ValueError(f"no plan item with id {item_id!r} (see `gulou-map export --layer plan`)")
    return match.iloc[0]


def _position_of(row: pd.Series) -> dict:
    """The committed position as the log shows it: a representative point, form, precision."""
    geometry = row.geometry
    point = None
    if geometry is not None and not geometry.is_empty:
        centre = geometry if geometry.geom_type == "Point" else geometry.representative_point()
        point = [round(centre.x, settings.COORD_DECIMALS), round(centre.y, settings.COORD_DECIMALS)]
    return {
        "point": point,
        "form": _text(row.get("geometry_form")),
        "precision": _text(row.get("precision")),
        "source": _text(row.get("position_source")),
    }


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _check_record(items: gpd.GeoDataFrame, row: pd.Series, **changed) -> pd.Series:
    """The record as it would read after the change must pass the build's schema.

    Returns the changed row (with the new geometry when one is given).
    """
    from pydantic import ValidationError

    from layers.schema import ItemRecord

    fields = {name: row.get(name) for name in ItemRecord.model_fields}
    fields = {k: (None if _missing(v) else v) for k, v in fields.items()}
    fields["geometry"] = _spec(row.geometry)
    fields.update(changed)
    if not fields.get("mapped", True) and "geometry" not in changed:
        fields["geometry"] = None
    try:
        ItemRecord.model_validate(fields)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "record"
        message = first["msg"].removeprefix("Value error, ")
        raise ValueError(f"{row['id']}, field '{where}': {message}; nothing was changed") from None
    result = row.copy()
    for name, value in changed.items():
        if name != "geometry":
            result[name] = value
    if "geometry" in changed:
        result["geometry"] = Point(changed["geometry"]["point"])
        result["geometry_form"] = "point"
    return result


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _spec(geometry) -> dict | None:
    """A geometry spec of the schema for a resolved geometry (its coordinates as written)."""
    if geometry is None or geometry.is_empty:
        return None
    if geometry.geom_type == "Point":
        return {"point": [geometry.x, geometry.y]}
    if geometry.geom_type == "LineString":
        return {"line": [list(c) for c in geometry.coords]}
    parts = getattr(geometry, "geoms", [geometry])
    largest = max(parts, key=lambda part: part.area if part.geom_type == "Polygon" else 0)
    if largest.geom_type == "Polygon":
        return {"polygon": [list(c) for c in largest.exterior.coords[:-1]]}
    return {"point": list(geometry.representative_point().coords[0])}


def _check_placed(items: gpd.GeoDataFrame, placed: pd.Series, district, stations) -> None:
    """Run the build's item checks (layers._validate) on the items with this one moved."""
    # The write path only: serving code that merely shows the plan never gets here.
    from layers import _validate
    from layers.base import load_base_layer

    if district is None:
        district = load_base_layer("district").geometry.union_all()
    if stations is None:
        layer = load_base_layer("metro_stations")
        stations = dict(zip(layer["name"], layer.geometry, strict=True))
    frame = items.copy()
    index = frame.index[frame["id"] == placed["id"]][0]
    for name in ("precision", "position_source", "mapped", "unmapped_reason", "geometry_form"):
        frame.at[index, name] = placed[name]
    frame.loc[[index], "geometry"] = gpd.GeoSeries([placed["geometry"]], index=[index])
    problems = [
        p
        for p in _validate.validate_items(frame, district, stations=stations)
        if p.item_id == placed["id"]
    ]
    if problems:
        found = "; ".join(f"field '{p.field}': {p.message}" for p in problems)
        raise ValueError(f"{placed['id']}: {found}; nothing was changed")


# --- reading the log --------------------------------------------------------------------------


def item_version(events: Iterable[dict], item_id: str) -> int:
    """How many changes were applied to or reverted on ``item_id`` (0 for an untouched item).

    Parameters
    ----------
    events : iterable of dict
        The change log as read (:meth:`ChangeStore.read`).
    item_id : str
        The item.

    Returns
    -------
    int
        The number of ``apply`` and ``revert`` events of the item; proposals and rejections
        do not count. A change is made against this version (compare-and-swap).
    """
    return sum(1 for e in events if e["item"] == item_id and e["action"] in ("apply", "revert"))


def pending(events: list[dict]) -> list[dict]:
    """Proposals not yet applied or rejected, oldest first.

    Parameters
    ----------
    events : list of dict
        The change log as read.

    Returns
    -------
    list of dict
        The ``propose`` events whose change has no ``apply`` or ``reject`` event, in log order.
    """
    decided = {e["change"] for e in events if e["action"] in ("apply", "reject")}
    return [e for e in events if e["action"] == "propose" and e["change"] not in decided]


def live_changes(events: list[dict]) -> list[dict]:
    """Applied changes that were not reverted (their apply events), in log order.

    Parameters
    ----------
    events : list of dict
        The change log as read.

    Returns
    -------
    list of dict
        The ``apply`` events whose change has no ``revert`` event. Several may concern the
        same item and field; :func:`current_values` picks the one in force.
    """
    reverted = {e["change"] for e in events if e["action"] == "revert"}
    return [e for e in events if e["action"] == "apply" and e["change"] not in reverted]


def current_values(events: list[dict], as_of: str | None = None) -> dict[tuple[str, str], dict]:
    """The apply event in force per (item, field), optionally as of a date.

    Among the live changes effective on or before ``as_of`` (all when None), the one with the
    latest effective date wins, the later one in the log on a tie.

    Parameters
    ----------
    events : list of dict
        The change log as read.
    as_of : str, optional
        ``YYYY-MM-DD``; changes effective after it are left out. None: every live change.

    Returns
    -------
    dict of (str, str) to dict
        ``(item id, field)`` to the ``apply`` event in force; a pair with no change in force
        is absent.
    """
    chosen: dict[tuple[str, str], dict] = {}
    for event in live_changes(events):
        if as_of is not None and event["effective"] > as_of:
            continue
        key = (event["item"], event["field"])
        if key not in chosen or event["effective"] >= chosen[key]["effective"]:
            chosen[key] = event
    return chosen


def revertible(events: list[dict], change_id: str) -> dict:
    """The apply event of ``change_id`` if it can be reverted now; else raise ValueError.

    Only the change in force on its item and field can be withdrawn: reverting an older one
    would bring back a value that a later change already replaced.

    Parameters
    ----------
    events : list of dict
        The change log as read.
    change_id : str
        The change, as in the log's ``change`` (``c7``).

    Returns
    -------
    dict
        The change's ``apply`` event.

    Raises
    ------
    ValueError
        When the change is not in the log, not applied, already reverted, or no longer in
        force on its item and field (the message names the change to revert first).
    """
    applied = next((e for e in events if e["change"] == change_id and e["action"] == "apply"), None)
    if applied is None:
        state = "is not a change in the log" if not _known(events, change_id) else "is not applied"
        raise ValueError(f"{change_id} {state}; only applied changes can be reverted")
    if any(e["change"] == change_id and e["action"] == "revert" for e in events):
        raise ValueError(f"{change_id} is already reverted")
    current = current_values(events)[(applied["item"], applied["field"])]
    if current["change"] != change_id:
        raise ValueError(
            f"{change_id} is no longer in force on {applied['item']} ({applied['field']}): "
            f"revert {current['change']} first"
        )
    return applied


def _known(events: list[dict], change_id: str) -> bool:
    return any(e["change"] == change_id for e in events)


def _proposal(events: list[dict], change_id: str) -> dict:
    proposal = next(
        (e for e in events if e["change"] == change_id and e["action"] == "propose"), None
    )
    if proposal is None:
        raise ValueError(f"{change_id} is not a proposal in the change log")
    done = next(
        (e for e in events if e["change"] == change_id and e["action"] in ("apply", "reject")),
        None,
    )
    if done is not None:
        past = "applied" if done["action"] == "apply" else "rejected"
        raise ValueError(f"{change_id} was already {past} by {done['by']}")
    return proposal


# --- the store --------------------------------------------------------------------------------


class ChangeStore:
    """The append-only change log with an exclusive file lock around every write.

    Parameters
    ----------
    path : Path, optional
        The JSON-lines log; default :func:`changes_path` (read when the store is made).
    clock : callable, optional
        Returns the ``at`` timestamp (``YYYY-MM-DDTHH:MM:SSZ``); for tests.
    """

    def __init__(self, path: Path | None = None, clock: Callable[[], str] | None = None):
        self.path = Path(path or changes_path())
        self.clock = clock or _now

    def read(self) -> list[dict]:
        """Every event of the log, in order (empty when there is no log yet).

        Returns
        -------
        list of dict
            One dict per non-blank line, in file order.

        Raises
        ------
        ValueError
            When a line is not JSON, lacks a key, names an unknown action or field, or an
            ``apply``/``revert`` has no ``YYYY-MM-DD`` ``effective`` date (the message names
            the file and line).
        """
        if not self.path.exists():
            return []
        with open(self.path, encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_SH)
            try:
                return _parse(handle.read(), self.path)
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def _locked(self):
        """Hold the log exclusively; yield (events, append)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                handle.seek(0)
                events = _parse(handle.read(), self.path)

                def append(new: list[dict]) -> None:
                    lines = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in new)
                    handle.write(lines)
                    handle.flush()
                    os.fsync(handle.fileno())

                yield events, append
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def propose(self, change: Change, by: str) -> dict:
        """Record ``change`` as a proposal awaiting review; return its event.

        Parameters
        ----------
        change : Change
            A checked change (:func:`prepare_status`, :func:`prepare_place`).
        by : str
            Who proposes it; recorded in the log.

        Returns
        -------
        dict
            The ``propose`` event as written; its ``change`` (``c<seq>``) names the proposal.

        Raises
        ------
        ConflictError
            When the item changed after ``change`` was prepared; nothing is written.
        ValueError
            When ``by`` is blank.
        """
        by = _who(by)
        with self._locked() as (events, append):
            _compare(events, change)
            event = self._event(events, change, "propose", by)
            append([event])
        return event

    def commit(self, change: Change, by: str) -> dict:
        """Propose and apply at once (a reviewer's own edit, e.g. from the CLI).

        Parameters
        ----------
        change : Change
            A checked change (:func:`prepare_status`, :func:`prepare_place`).
        by : str
            Who makes it; recorded on both events.

        Returns
        -------
        dict
            The ``apply`` event; the ``propose`` event is written just before it.

        Raises
        ------
        ConflictError
            When the item changed after ``change`` was prepared; nothing is written.
        ValueError
            When ``by`` is blank.
        """
        by = _who(by)
        with self._locked() as (events, append):
            _compare(events, change)
            proposal = self._event(events, change, "propose", by)
            applied = self._decided([*events, proposal], proposal, "apply", by)
            append([proposal, applied])
        return applied

    def apply(self, change_id: str, by: str) -> dict:
        """Apply a proposal if its item is still at the version it was proposed against.

        Parameters
        ----------
        change_id : str
            The proposal, as in the log's ``change`` (``c7``).
        by : str
            The reviewer; recorded in the log.

        Returns
        -------
        dict
            The ``apply`` event as written, with the item's new version (a position's
            ``effective`` is the day it is applied).

        Raises
        ------
        ConflictError
            When the item changed after the proposal; nothing is written.
        ValueError
            When ``by`` is blank, or ``change_id`` is not a proposal or was already applied or
            rejected.
        """
        by = _who(by)
        with self._locked() as (events, append):
            proposal = _proposal(events, change_id)
            if item_version(events, proposal["item"]) != proposal["version"]:
                raise ConflictError(
                    f"{proposal['item']} changed after {change_id} was proposed (version "
                    f"{item_version(events, proposal['item'])}, proposed against "
                    f"{proposal['version']}): reject it and propose again; nothing was changed"
                )
            event = self._decided(events, proposal, "apply", by)
            append([event])
        return event

    def reject(self, change_id: str, by: str, reason: str) -> dict:
        """Decline a proposal, saying why.

        Parameters
        ----------
        change_id : str
            The proposal, as in the log's ``change`` (``c7``).
        by : str
            The reviewer; recorded in the log.
        reason : str
            Why it is declined; recorded as the event's evidence.

        Returns
        -------
        dict
            The ``reject`` event as written (the item's version is unchanged).

        Raises
        ------
        ValueError
            When ``by`` or ``reason`` is blank, or ``change_id`` is not a proposal or was
            already applied or rejected.
        """
        by = _who(by)
        if not (reason or "").strip():
            raise ValueError("say why the proposal is rejected (--reason)")
        with self._locked() as (events, append):
            proposal = _proposal(events, change_id)
            event = self._decided(events, proposal, "reject", by)
            event["evidence"] = {"reason": reason.strip()}
            append([event])
        return event

    def revert(self, change_id: str, by: str, reason: str) -> dict:
        """Withdraw an applied change (the one in force on its item and field).

        Parameters
        ----------
        change_id : str
            The applied change, as in the log's ``change`` (``c7``).
        by : str
            Who withdraws it; recorded in the log.
        reason : str
            Why it is withdrawn; recorded as the event's evidence.

        Returns
        -------
        dict
            The ``revert`` event as written: ``before`` the withdrawn value, ``after`` the value
            now in force (the previous live change's, else the baseline).

        Raises
        ------
        ValueError
            When ``by`` or ``reason`` is blank, or the change cannot be reverted
            (:func:`revertible`).
        """
        by = _who(by)
        if not (reason or "").strip():
            raise ValueError("say why the change is reverted (--reason)")
        with self._locked() as (events, append):
            applied = revertible(events, change_id)
            remaining = [e for e in events if e is not applied]
            restored = current_values(remaining).get((applied["item"], applied["field"]))
            event = self._decided(events, applied, "revert", by)
            event.update(
                before=applied["after"],
                after=restored["after"] if restored else _baseline_before(events, applied),
                evidence={"reason": reason.strip()},
            )
            append([event])
        return event

    def _event(self, events: list[dict], change: Change, action: str, by: str) -> dict:
        return {
            "seq": len(events) + 1,
            "change": _next_change_id(events),
            "action": action,
            "item": change.item,
            "field": change.field,
            "before": change.before,
            "after": change.after,
            "evidence": change.evidence,
            "effective": change.effective,
            "by": by,
            "at": self.clock(),
            "version": change.base_version,
        }

    def _decided(self, events: list[dict], source: dict, action: str, by: str) -> dict:
        at = self.clock()
        event = dict(source, seq=len(events) + 1, action=action, by=by, at=at)
        version = item_version(events, source["item"])
        event["version"] = version + 1 if action in ("apply", "revert") else version
        if action == "apply" and source["field"] == "position":
            event["effective"] = at[:10]  # a position holds from the day it is applied
        return event


def _next_change_id(events: list[dict]) -> str:
    """The id after the highest in the log (``c1`` for an empty log).

    Called only under the write lock, just before the proposal is written, so ids run
    without gaps: a refused edit writes nothing and takes no number, and the events that
    follow a proposal (apply, reject, revert) share its id instead of taking new ones.
    """
    numbers = [int(e["change"][1:]) for e in events if str(e["change"])[1:].isdigit()]
    return f"c{max(numbers, default=0) + 1}"


def _baseline_before(events: list[dict], applied: dict) -> dict:
    """The value before the first change of an item's field: the committed (baseline) one."""
    first = next(
        e for e in events
        if e["action"] == "apply" and (e["item"], e["field"]) == (applied["item"], applied["field"])
    )  # fmt: skip
    return first["before"]


def _who(by: str) -> str:
    name = (by or "").strip()
    if not name:
        raise ValueError("say who makes the change (--by NAME); it is recorded in the log")
    return name


def _compare(events: list[dict], change: Change) -> None:
    """Compare-and-swap: the item must still be at the version the change was made against."""
    version = item_version(events, change.item)
    if version != change.base_version:
        raise ConflictError(
            f"{change.item} was changed by someone else meanwhile (now version {version}, your "
            f"edit started from {change.base_version}): look again and redo it; nothing was "
            "changed"
        )


def _parse(text: str, path: Path) -> list[dict]:
    events = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError as err:
            raise ValueError(f"{path}, line {number}: not JSON ({err.msg})") from None
        missing = [k for k in _EVENT_KEYS if not isinstance(event, dict) or k not in event]
        if missing:
            raise ValueError(f"{path}, line {number}: missing {', '.join(missing)}")
        if event["action"] not in ACTIONS or event["field"] not in FIELDS:
            raise ValueError(f"{path}, line {number}: unknown action or field")
        if event["action"] in ("apply", "revert") and not _is_date(event["effective"]):
            raise ValueError(f"{path}, line {number}: 'effective' must be a YYYY-MM-DD date")
        events.append(event)
    return events


# --- the plan as of a date --------------------------------------------------------------------


def _is_date(value) -> bool:
    try:
        parse_date(value)
    except ValueError:
        return False
    return isinstance(value, str) and len(value) == 10


def apply_changes(
    items: gpd.GeoDataFrame, events: list[dict], as_of: str | None = None
) -> gpd.GeoDataFrame:
    """The items with the changes in force (as of a date) applied; the baseline kept apart.

    Parameters
    ----------
    items : GeoDataFrame
        The committed items.
    events : list of dict
        The change log.
    as_of : str, optional
        ``YYYY-MM-DD``; changes effective after it are left out. None: every live change.

    Returns
    -------
    GeoDataFrame
        A copy where ``status`` is the current status (the baseline where there is none),
        ``baseline_status`` the plan's, ``current_basis``/``current_document``/
        ``current_date``/``current_by`` the evidence of a current status (None otherwise),
        ``position_by``/``position_date`` who moved an item and when; a placed item is a mapped
        point with the new precision and source.
    """
    out = items.copy()
    out["baseline_status"] = items["status"]
    extra = ("current_basis", "current_document", "current_date", "current_by",
             "position_by", "position_date")  # fmt: skip
    for column in extra:
        out[column] = None
    index = dict(zip(out["id"], out.index, strict=True))
    for (item_id, field), event in current_values(events, as_of).items():
        if item_id not in index:
            continue  # an item a later build removed; its history stays in the log
        at = index[item_id]
        if field == "status":
            _apply_status(out, at, event)
        else:
            _apply_position(out, at, event)
        out.at[at, "as_of"] = max(str(out.at[at, "as_of"]), event["effective"])
    return out


def _apply_status(out: gpd.GeoDataFrame, at, event: dict) -> None:
    evidence = event["evidence"]
    out.at[at, "status"] = event["after"]["status"]
    out.at[at, "current_basis"] = evidence["basis"]
    out.at[at, "current_document"] = evidence.get("document")
    out.at[at, "current_date"] = evidence["date"]
    out.at[at, "current_by"] = event["by"]


def _apply_position(out: gpd.GeoDataFrame, at, event: dict) -> None:
    after = event["after"]
    out.loc[[at], "geometry"] = gpd.GeoSeries([Point(after["point"])], index=[at])
    for column, value in (
        ("precision", after["precision"]), ("position_source", after["source"]),
        ("mapped", True), ("unmapped_reason", None), ("geometry_form", "point"),
        ("length_km", float("nan")), ("area_km2", float("nan")),
        ("position_by", event["by"]), ("position_date", event["effective"]),
    ):  # fmt: skip
        if column in out.columns or column.startswith("position_"):
            out.at[at, column] = value


def compare_dates(
    items: gpd.GeoDataFrame, events: list[dict], start: str, end: str
) -> pd.DataFrame:
    """What changed between two dates: status changes (what became completed) and moves.

    Parameters
    ----------
    items : GeoDataFrame
        The committed items.
    events : list of dict
        The change log.
    start, end : str
        ``YYYY-MM-DD``; the plan as of ``start`` is compared with the plan as of ``end``.

    Returns
    -------
    DataFrame
        One row per item that differs: ``id``, ``name_zh``, ``name_en``, ``status_then``,
        ``status_now``, ``became_completed`` and ``moved_m`` (metres, 0 when not moved; NaN
        when the item had no position before).
    """
    for value in (start, end):
        parse_date(value)
    then = apply_changes(items, events, start).set_index("id")
    now = apply_changes(items, events, end).set_index("id")
    moved = (now["position_date"].fillna("") != then["position_date"].fillna("")) | (
        now["geometry"].isna() != then["geometry"].isna()
    )
    changed = (now["status"] != then["status"]) | moved
    ids = list(now.index[changed])
    metres = _distances(then.loc[ids, "geometry"], now.loc[ids, "geometry"])
    return pd.DataFrame(
        {
            "id": ids,
            "name_zh": now.loc[ids, "name_zh"].to_list(),
            "name_en": now.loc[ids, "name_en"].to_list(),
            "status_then": then.loc[ids, "status"].to_list(),
            "status_now": now.loc[ids, "status"].to_list(),
            "became_completed": [
                now.at[i, "status"] == "completed" and then.at[i, "status"] != "completed"
                for i in ids
            ],
            "moved_m": [m if moved[i] else 0.0 for i, m in zip(ids, metres, strict=True)],
        }
    )


def _distances(before: gpd.GeoSeries, after: gpd.GeoSeries) -> list[float]:
    """Metres between representative points (EPSG:32650); NaN where one side has none."""

    def points(series: gpd.GeoSeries) -> gpd.GeoSeries:
        centres = [
            g.representative_point() if g is not None and not g.is_empty else None for g in series
        ]
        return gpd.GeoSeries(centres, crs=settings.CRS_WGS84).to_crs(settings.CRS_METRIC)

    first, second = points(before), points(after)
    return [
        round(float(a.distance(b)), 1) if a is not None and b is not None else float("nan")
        for a, b in zip(first, second, strict=True)
    ]


# --- history ------------------------------------------------------------------------------------


def describe(value: dict | None, field: str) -> str:
    """A before/after value as one short text: a status code, or ``lon,lat (precision)``.

    Parameters
    ----------
    value : dict or None
        An event's ``before`` or ``after``.
    field : str
        The event's field, ``status`` or ``position``.

    Returns
    -------
    str
        ``-`` for no value; the status code; or the point to 6 decimals (``not on the map``
        without one) followed by the precision in brackets (``-`` when unknown).
    """
    if not value:
        return "-"
    if field == "status":
        return value["status"]
    point = value.get("point")
    where = f"{point[0]:.6f},{point[1]:.6f}" if point else "not on the map"
    return f"{where} ({value.get('precision') or '-'})"


def evidence_text(event: dict) -> str:
    """The evidence of an event as one line: the quote, the document and date, or the reason.

    Parameters
    ----------
    event : dict
        One event of the change log.

    Returns
    -------
    str
        ``reason: ...`` for a reject or revert, ``source: ...`` for a position, else
        ``「quote」 (document or "plan text", date)``.
    """
    evidence = event.get("evidence") or {}
    if "reason" in evidence:
        return f"reason: {evidence['reason']}"
    if event["field"] == "position":
        return f"source: {evidence.get('source', '')}"
    cited = evidence.get("document") or "plan text"
    return f"「{evidence.get('basis', '')}」 ({cited}, {evidence.get('date', '')})"


def history_lines(events: list[dict], item_id: str | None = None, since: str | None = None):
    """The log as readable lines, oldest first, for one item and/or since a date.

    Parameters
    ----------
    events : list of dict
        The change log as read.
    item_id : str, optional
        Only this item's events.
    since : str, optional
        ``YYYY-MM-DD``; only events recorded (``at``) on or after that day.

    Yields
    ------
    str
        One line per event: when, change, action, item, field, before -> after, who,
        the item's version and the evidence (:func:`evidence_text`).
    """
    for event in events:
        if item_id and event["item"] != item_id:
            continue
        if since and event["at"][:10] < since:
            continue
        yield (
            f"{event['at']}  {event['change']:>5} {event['action']:<7} {event['item']} "
            f"{event['field']}: {describe(event['before'], event['field'])} -> "
            f"{describe(event['after'], event['field'])}  by {event['by']}  "
            f"v{event['version']}  {evidence_text(event)}"
        )
