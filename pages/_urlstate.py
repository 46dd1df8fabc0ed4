"""The map's view as URL query parameters, so a link restores it.

``ch`` chapters (``3,11``), ``st`` statuses, ``ly`` map layers, ``k`` kinds, ``sec`` sections,
``q`` search, ``f`` selected item id, ``lang`` (``zh`` default or ``en``), ``asof`` the plan as
it stood at a date (``YYYY-MM-DD``, not before the plan's date). Unknown or malformed values are
dropped and reported as notices; parsing never raises.

A repeated key merges for the list parameters (``?ch=3&ch=5`` is ``?ch=3,5``); for the
single-valued ``q``, ``f``, ``lang`` and ``asof`` the last value counts and a ``repeated`` notice
says so.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from geo import settings
from layers.basis import parse_date
from layers.vocab import KINDS, LAYERS, STATUSES
from webmap.i18n import LANGS


@dataclass(frozen=True)
class Notice:
    """An ignored URL value: parameter, problem code (unknown, too_long, no_item, repeated),
    value."""

    param: str
    problem: str
    value: str


CHAPTERS = range(1, 13)
MAX_QUERY = 60


@dataclass
class ViewState:
    """Filters, search, selection and language of a map view."""

    chapters: list[int] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    layers: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    query: str = ""
    selected: str | None = None
    lang: str = "zh"
    asof: str | None = None

    def to_params(self) -> dict[str, str]:
        """Encode as query parameters, leaving out defaults so links stay short."""
        params = {
            "ch": ",".join(str(c) for c in self.chapters),
            "sec": ",".join(self.sections),
            "st": ",".join(self.statuses),
            "ly": ",".join(self.layers),
            "k": ",".join(self.kinds),
            "q": self.query,
            "f": self.selected or "",
            "lang": "" if self.lang == "zh" else self.lang,
            "asof": self.asof or "",
        }
        return {key: value for key, value in params.items() if value}


def parse_params(
    params: Mapping[str, str | list[str]],
    item_ids: Collection[str] = (),
    section_codes: Collection[str] = (),
) -> tuple[ViewState, list[Notice]]:
    """Read a view from query parameters.

    Parameters
    ----------
    params : mapping
        Query parameters (a value may be a list when a key is repeated: list parameters merge
        the values, single ones keep the last with a notice).
    item_ids : collection of str, optional
        Known item ids; ``f`` must be one of them when given.
    section_codes : collection of str, optional
        Known section/subsection/专栏 codes; ``sec`` values must be among them when given.

    Returns
    -------
    state : ViewState
    notices : list of Notice
        One per ignored value; the page shows them in the user's language.
    """
    notices: list[Notice] = []
    state = ViewState()
    state.lang = _one_of(_last(params, "lang", notices), LANGS, "lang", notices) or "zh"
    state.chapters = [int(c) for c in _codes(params, "ch", [str(c) for c in CHAPTERS], notices)]
    state.statuses = _codes(params, "st", list(STATUSES), notices)
    state.layers = _codes(params, "ly", list(LAYERS), notices)
    state.kinds = _codes(params, "k", list(KINDS), notices)
    if section_codes:
        state.sections = _codes(params, "sec", list(section_codes), notices)
    query = (_last(params, "q", notices) or "").strip()
    if len(query) > MAX_QUERY:
        notices.append(Notice("q", "too_long", query[MAX_QUERY:]))
        query = query[:MAX_QUERY].strip()  # a cut may end in a space
    state.query = query
    selected = (_last(params, "f", notices) or "").strip()
    if selected and item_ids and selected not in item_ids:
        notices.append(Notice("f", "no_item", selected))
        selected = ""
    state.selected = selected or None
    state.asof = _as_of(_last(params, "asof", notices), notices)
    return state, notices


def _as_of(value: str | None, notices: list[Notice]) -> str | None:
    """A ``YYYY-MM-DD`` on or after the plan's date, or None (reported when malformed)."""
    if not value or not value.strip():
        return None
    try:
        day = parse_date(value).isoformat()
    except ValueError:
        notices.append(Notice("asof", "unknown", value))
        return None
    if day < settings.PLAN_AS_OF:
        notices.append(Notice("asof", "unknown", value))
        return None
    return day


def _last(
    params: Mapping[str, str | list[str]], key: str, notices: list[Notice] | None = None
) -> str | None:
    """The value of a single-valued key; a repeat with differing values keeps the last."""
    value = params.get(key)
    if isinstance(value, (list, tuple)):
        values = [str(v) for v in value]
        if notices is not None and len(set(values)) > 1:
            notices.append(Notice(key, "repeated", values[-1]))
        return values[-1] if values else None
    return None if value is None else str(value)


def _all(params: Mapping[str, str | list[str]], key: str) -> str:
    """The values of a list key as one comma list, repeats merged (``ch=3&ch=5`` -> ``3,5``)."""
    value = params.get(key)
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return "" if value is None else str(value)


def _one_of(
    value: str | None, allowed: Collection[str], key: str, notices: list[Notice]
) -> str | None:
    if value is None or value == "":
        return None
    if value in allowed:
        return value
    notices.append(Notice(key, "unknown", value))
    return None


def _codes(
    params: Mapping[str, str | list[str]], key: str, allowed: list[str], notices: list[Notice]
) -> list[str]:
    """Split a comma list, keep known codes in the vocabulary's order, report the rest."""
    raw = _all(params, key)
    given = [part.strip() for part in raw.split(",") if part.strip()]
    unknown = [part for part in given if part not in allowed]
    notices.extend(Notice(key, "unknown", part) for part in unknown)
    return [code for code in allowed if code in given]
