"""Schema of the hand-kept plan-item records (``data/plan/items/*.yaml``) and their loader.

Every problem is reported as a :class:`~geo._errors.Problem` (the one problem type of every
check, re-exported here) naming the file, the record (its position and id) and the field;
nothing is dropped silently: a record with a problem is kept out of the
build *and* reported, and the build fails while any problem remains.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from geo import settings
from geo._errors import Problem
from layers.vocab import KINDS, LAYERS, PRECISIONS, STATUSES, UNMAPPED_REASONS

#: The controlled fields and their vocabularies.
_VOCABULARIES = {
    "kind": KINDS,
    "layer": LAYERS,
    "status": STATUSES,
    "precision": PRECISIONS,
    "unmapped_reason": UNMAPPED_REASONS,
}

_ID = re.compile(r"^[a-z][a-z0-9-]{1,31}$")

LonLat = Annotated[tuple[float, float], Field(description="WGS84 longitude, latitude")]


class Circle(BaseModel):
    """A schematic round area."""

    model_config = ConfigDict(extra="forbid")
    center: LonLat
    radius_m: float = Field(gt=0, le=3000)


class GeometrySpec(BaseModel):
    """How an item is placed; exactly one form is given."""

    model_config = ConfigDict(extra="forbid")
    point: LonLat | None = None
    station: str | None = None
    route: list[LonLat] | None = Field(default=None, min_length=2)
    line: list[LonLat] | None = Field(default=None, min_length=2)
    polygon: list[LonLat] | None = Field(default=None, min_length=3)
    circle: Circle | None = None

    @model_validator(mode="after")
    def _one_form(self) -> GeometrySpec:
        given = [name for name in type(self).model_fields if getattr(self, name) is not None]
        if len(given) != 1:
            forms = ", ".join(type(self).model_fields)
            raise ValueError(f"give exactly one of {forms}; got {given or 'none'}")
        for lon, lat in self.coordinates():
            if not (73 < lon < 136 and 3 < lat < 54):
                raise ValueError(f"({lon}, {lat}) is not a lon/lat position in China")
        return self

    @property
    def form(self) -> str:
        """
        The name of the form given.

        Returns
        -------
        str
            One of point, station, route, line, polygon, circle.
        """
        return next(name for name in type(self).model_fields if getattr(self, name) is not None)

    def coordinates(self) -> list[tuple[float, float]]:
        """
        All coordinates written in the record.

        Returns
        -------
        list of (lon, lat)
            Empty for a station (its position comes from the base layer).
        """
        if self.point is not None:
            return [self.point]
        if self.circle is not None:
            return [self.circle.center]
        return list(self.route or self.line or self.polygon or [])


class ItemRecord(BaseModel):
    """One plan item as a planner writes it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: str
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    kind: str
    layer: str
    mentions: list[str] = Field(min_length=1)
    status: str
    status_basis: str | None
    status_note: str | None = None
    geometry: GeometrySpec | None
    precision: str | None = None
    position_source: str | None = None
    mapped: bool = True
    unmapped_reason: str | None = None
    stated_length_km: float | None = Field(default=None, gt=0)
    parent: str | None = None
    note: str | None = None
    as_of: str = Field(default_factory=lambda: settings.PLAN_AS_OF)  # read when loading

    @field_validator("id")
    @classmethod
    def _id_form(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"{value!r} must match {_ID.pattern} (lowercase ascii, digits, '-')")
        return value

    @field_validator("kind", "layer", "status", "precision", "unmapped_reason")
    @classmethod
    def _in_vocabulary(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:  # only the optional fields can be None (the schema says which)
            return None
        vocabulary = _VOCABULARIES[str(info.field_name)]
        if value not in vocabulary:
            raise ValueError(
                f"{value!r} is not a known {info.field_name}; use one of: {', '.join(vocabulary)}"
            )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ItemRecord:
        if self.status_basis is None and not self.status_note:
            raise ValueError("status_basis is null: give status_note saying why the status holds")
        if self.mapped:
            missing = [
                name
                for name in ("geometry", "precision", "position_source")
                if not getattr(self, name)
            ]
            if missing:
                raise ValueError(f"a mapped item needs {', '.join(missing)}")
        else:
            if self.geometry is not None:
                raise ValueError("mapped: false but a geometry is given")
            if self.unmapped_reason is None:
                raise ValueError("mapped: false needs unmapped_reason")
        return self


def load_item_sources(
    items_dir: Path | None = None,
) -> tuple[list[tuple[str, int, ItemRecord]], list[Problem]]:
    """Load and schema-check every ``*.yaml`` under ``items_dir``.

    Parameters
    ----------
    items_dir : Path, optional
        Folder of YAML files; defaults to ``settings.PLAN_ITEMS_DIR``.

    Returns
    -------
    records : list of (file, record number, ItemRecord)
        The records that passed the schema, in file and list order.
    problems : list of Problem
        Everything wrong, including duplicate ids across files.
    """
    items_dir = Path(items_dir or settings.PLAN_ITEMS_DIR)
    files = sorted(items_dir.glob("*.yaml"))
    if not files:
        return [], [Problem(str(items_dir), None, None, None, "no *.yaml item files found")]
    records: list[tuple[str, int, ItemRecord]] = []
    problems: list[Problem] = []
    for path in files:
        file_records, file_problems = _load_file(path)
        records.extend(file_records)
        problems.extend(file_problems)
    problems.extend(_duplicate_ids(records))
    return records, problems


def _load_file(path: Path) -> tuple[list[tuple[str, int, ItemRecord]], list[Problem]]:
    name = _display(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as err:
        return [], [
            Problem(name, None, None, None, f"not UTF-8 ({err.reason} at byte {err.start})")
        ]
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(err, "problem", None) or str(err)
        return [], [Problem(name, None, None, None, f"YAML syntax error at {where}{problem}")]
    if raw is None or raw == []:
        # An emptied file would silently delete its items from the map.
        message = "the file holds no records; add records or delete the file"
        return [], [Problem(name, None, None, None, message)]
    if not isinstance(raw, list):
        return [], [Problem(name, None, None, None, "the file must hold a YAML list of records")]
    records, problems = [], []
    for number, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            problems.append(Problem(name, number, None, None, "a record must be a mapping"))
            continue
        try:
            records.append((name, number, ItemRecord.model_validate(entry)))
        except ValidationError as err:
            problems.extend(_problems_from(err, name, number, entry))
    return records, problems


def _problems_from(err: ValidationError, name: str, number: int, entry: dict) -> list[Problem]:
    item_id = entry.get("id") if isinstance(entry.get("id"), str) else None
    problems = []
    for error in err.errors():
        location = ".".join(str(part) for part in error["loc"]) or None
        message = error["msg"].removeprefix("Value error, ")
        problems.append(Problem(name, number, item_id, location, message))
    return problems


def _duplicate_ids(records: list[tuple[str, int, ItemRecord]]) -> list[Problem]:
    seen: dict[str, tuple[str, int]] = {}
    problems = []
    for name, number, record in records:
        if record.id in seen:
            first_file, first_number = seen[record.id]
            message = f"duplicate id, first used in {first_file} record {first_number}"
            problems.append(Problem(name, number, record.id, "id", message))
        else:
            seen[record.id] = (name, number)
    return problems


def _display(path: Path) -> str:
    """Show a path relative to the repository when it lies inside it."""
    try:
        return str(path.resolve().relative_to(settings.REPO_ROOT))
    except ValueError:
        return str(path)


def record_fields(record: ItemRecord) -> dict[str, Any]:
    """
    Return the record as a plain dict for the derived layer.

    Parameters
    ----------
    record : ItemRecord
        A validated record.

    Returns
    -------
    dict
        Every field but the geometry spec (resolved separately).
    """
    return record.model_dump(exclude={"geometry"})
