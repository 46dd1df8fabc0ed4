"""The map's view as URL query parameters, so a link restores it.

``ch`` chapters (``3,11``), ``st`` statuses, ``ly`` map layers, ``k`` kinds, ``sec`` sections,
``q`` search, ``f`` selected item id, ``lang`` (``zh`` default or ``en``), ``asof`` the plan as
it stood at a date (``YYYY-MM-DD``, not before the plan's date). One spatial question
(:class:`Question`): ``qi=<zone id>[&qw=<corridor m>]`` inside, ``qn=<item id>&qd=<m>`` near an
item, ``qs=<station>&qd=<m>`` near a metro station, ``reach=<kind>&min=<minutes>[&rst=<statuses>]``
walking reach. Unknown or malformed values are dropped and reported as notices; parsing never
raises.

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


@dataclass(frozen=True)
class Question:
    """A spatial question asked on the map (its answer is drawn and listed).

    ``ask`` is ``inside`` (``target`` a zone/area/belt/axis id), ``near`` (an item id),
    ``station`` (a metro station name) or ``reach`` (a kind).
    """

    ask: str
    target: str
    distance_m: int = 500
    corridor_m: int = 300
    minutes: int = 15
    statuses: tuple[str, ...] = ()

    def to_params(self) -> dict[str, str]:
        """Encode as query parameters (defaults of the other questions left out)."""
        params = {ASK_PARAMS[self.ask]: self.target}
        if self.ask == "inside" and self.corridor_m != 300:
            params["qw"] = str(self.corridor_m)
        if self.ask in ("near", "station"):
            params["qd"] = str(self.distance_m)
        if self.ask == "reach":
            params["min"] = str(self.minutes)
            if self.statuses:
                params["rst"] = ",".join(self.statuses)
        return params


#: URL parameter of each question, in the order a link is read.
ASK_PARAMS = {"inside": "qi", "near": "qn", "station": "qs", "reach": "reach"}
#: Allowed ranges of the question's numbers (parameter: (low, high)).
RANGES = {"qd": (50, 3000), "qw": (50, 2000), "min": (1, 60)}


@dataclass(frozen=True)
class QuestionTargets:
    """What a question may name: containers (ids), items (ids), stations, reach kinds."""

    containers: Collection[str] = ()
    items: Collection[str] = ()
    stations: Collection[str] = ()
    kinds: Collection[str] = ()

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
    question: Question | None = None

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
        if self.question is not None:
            params |= self.question.to_params()
        return {key: value for key, value in params.items() if value}


def parse_params(
    params: Mapping[str, str | list[str]],
    item_ids: Collection[str] = (),
    section_codes: Collection[str] = (),
    targets: QuestionTargets | None = None,
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
    targets : QuestionTargets, optional
        What a spatial question may name (each collection checked when not empty).

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
    state.question = parse_question(params, targets or QuestionTargets(), notices)
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


def parse_question(
    params: Mapping[str, str | list[str]], targets: QuestionTargets, notices: list[Notice]
) -> Question | None:
    """Read the one spatial question of a link; a second one is dropped with a notice."""
    allowed = {
        "inside": targets.containers,
        "near": targets.items,
        "station": targets.stations,
        "reach": targets.kinds or KINDS,
    }
    question = None
    for ask, key in ASK_PARAMS.items():
        target = (_last(params, key) or "").strip()
        if not target:
            continue
        if question is not None:
            notices.append(Notice(key, "one_question", target))
            continue
        if allowed[ask] and target not in allowed[ask]:
            notices.append(Notice(key, "unknown" if ask in ("station", "reach") else "no_item",
                                  target))  # fmt: skip
            continue
        question = Question(
            ask,
            target,
            distance_m=_number(params, "qd", 500, notices),
            corridor_m=_number(params, "qw", 300, notices),
            minutes=_number(params, "min", 15, notices),
            statuses=tuple(_codes(params, "rst", list(STATUSES), notices)),
        )
    return question


def _number(
    params: Mapping[str, str | list[str]], key: str, default: int, notices: list[Notice]
) -> int:
    raw = (_last(params, key) or "").strip()
    if not raw:
        return default
    low, high = RANGES[key]
    try:
        value = int(float(raw))
    except ValueError:
        notices.append(Notice(key, "unknown", raw))
        return default
    if not low <= value <= high:
        notices.append(Notice(key, "out_of_range", raw))
        return default
    return value


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
