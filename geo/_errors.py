"""Exceptions raised by the spatial core, and the one record of a problem found in a file."""

from __future__ import annotations

from dataclasses import dataclass


class SourceError(ValueError):
    """A source file is missing, unreadable or malformed; the message names the file."""


@dataclass(frozen=True)
class Problem:
    """
    One problem found in a file, located as precisely as the file allows.

    Every check of the project returns these (the GeoJSON reader, the base-layer checks, the
    plan-item schema and validation), so the CLI prints them all the same way.

    Attributes
    ----------
    file
        The file (or a name such as ``"plan items"`` for checks across files).
    record
        1-based position of a record in a YAML list, or None.
    item_id
        The record's id, or the value of the feature's `label` property, or None.
    field
        The field (property) at fault, or None.
    message
        What is wrong, in words a user can act on.
    feature
        0-based index of a GeoJSON feature (as GIS tools number them), or None.
    label
        Which property `item_id` holds for a feature (``"name"``, ``"osm_id"``, ...).
    """

    file: str
    record: int | None
    item_id: str | None
    field: str | None
    message: str
    feature: int | None = None
    label: str = "id"

    def __str__(self) -> str:
        if self.feature is not None:  # a GeoJSON feature: the message names the field itself
            name = f" ({self.label}={self.item_id})" if self.item_id else ""
            return f"{self.file}: feature {self.feature}{name}: {self.message}"
        where = [self.file]
        if self.record is not None:
            where.append(
                f"record {self.record}" + (f" (id={self.item_id})" if self.item_id else "")
            )
        elif self.item_id:
            where.append(f"id={self.item_id}")
        if self.field:
            where.append(f"field '{self.field}'")
        return ", ".join(where) + f": {self.message}"


def file_problem(path: object, message: str) -> Problem:
    """
    Make a problem about a whole file.

    Parameters
    ----------
    path
        The file (a path or a name).
    message
        What is wrong with it.

    Returns
    -------
    problem
        Printed as ``"<path>: <message>"``.
    """
    return Problem(str(path), None, None, None, message)
