"""Is a status basis the plan's own words about an item?

One check, shared by the edits (``layers.edits``), the CLI and the edit page: the basis must be
an exact, whitespace-insensitive substring of the plan text that lies in the same sentence or
list entry as one of the item's mentions. It takes the plan text as a string, so serving code
can use it without the build's parser (``layers.plantext``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

#: A sentence ends at these marks; ◆/◇ entries and —— list items start a new entry.
_SENTENCE_END = re.compile(r"(?<=[。！？；])")
_ENTRY_MARKS = ("◆", "◇", "——")
#: Heading lines (第N章, 第N节, 一、…, 专栏N, 名词解释, 表N, 图N) are segments of their own.
_HEADING = re.compile(
    r"^(第[一二三四五六七八九十]+[章节]|[一二三四五六七八九十]+、|专栏\s*\d+|名词解释|表\s*\d+|图\s*\d+)"
)
_HEADING_MAX = 40
#: A paragraph whose first sentence is this short is a list entry led by a topic sentence.
_TOPIC_MAX = 30
_CLOSING = "。！？；：”"

#: A document's quote must say something: at least this many characters (whitespace removed).
MIN_QUOTE = 4


def compact(text: str) -> str:
    """``text`` without whitespace and markdown bold (how phrases are matched in the plan).

    Parameters
    ----------
    text : str
        Any text: a line of the plan, a quoted basis, an item's mention.

    Returns
    -------
    str
        ``text`` with every whitespace character and every ``**`` removed.
    """
    return re.sub(r"\s+|\*\*", "", text)


@lru_cache(maxsize=4)
def plan_segments(text: str) -> tuple[tuple[str, ...], ...]:
    """Split the plan text into the compact units a basis and a mention must share.

    A unit is one sentence, together with the topic sentence that leads its list entry when
    there is one: a ◆/◇/—— entry's first sentence, or a paragraph's short first sentence such
    as ``打造闽都消费“新八景”。`` (the plan's run-in headings). Page breaks may cut a sentence
    across blank lines, so a paragraph continues until a line ends with a closing mark;
    headings are units of their own.

    Parameters
    ----------
    text : str
        The plan's full text.

    Returns
    -------
    tuple of tuple of str
        Per sentence, in text order: ``(sentence,)`` or ``(topic sentence, sentence)``.
    """
    units: list[tuple[str, ...]] = []
    for paragraph in _paragraphs(text):
        sentences = [part for part in _SENTENCE_END.split(paragraph) if part]
        first = sentences[0]
        led = paragraph.startswith(_ENTRY_MARKS) or len(first) <= _TOPIC_MAX
        units.append((first,))
        units.extend((first, sentence) if led else (sentence,) for sentence in sentences[1:])
    return tuple(units)


def _paragraphs(text: str) -> list[str]:
    """Compact paragraphs: headings alone, entries and paragraphs joined across page breaks."""
    paragraphs: list[str] = []
    current = ""
    for line in text.splitlines():
        stripped = compact(line)
        if not stripped:
            continue
        heading = (
            _HEADING.match(stripped)
            and len(stripped) <= _HEADING_MAX
            and not stripped.endswith("。")
        )
        starts = heading or stripped.startswith(_ENTRY_MARKS) or current[-1:] in _CLOSING
        if starts and current:
            paragraphs.append(current)
            current = ""
        current += stripped
        if heading:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def plan_basis_problem(text: str, basis: str, mentions: Sequence[str]) -> str | None:
    """Why ``basis`` is not the plan's own words about an item, or None when it is.

    Parameters
    ----------
    text : str
        The plan's full text.
    basis : str
        The quoted words.
    mentions : sequence of str
        The item's mentions (the strings of the plan text that name it).

    Returns
    -------
    str or None
        A message for the user, or None when the basis lies in a sentence or list entry of the
        plan text that also names the item.
    """
    needle = compact(basis or "")
    if not needle:
        return "the basis is empty: quote the plan's own words about the item"
    units = plan_segments(text)
    holding = [unit for unit in units if any(needle in part for part in unit)]
    if not holding:
        if needle in "".join(unit[-1] for unit in units):
            return f"「{basis}」 runs across two sentences of the plan text: quote one sentence"
        return (
            f"「{basis}」 does not occur in the plan text: quote the plan's own words about the "
            "item, or cite another document (its title and date)"
        )
    names = [compact(m) for m in mentions if compact(m)]
    if not any(name in part for unit in holding for part in unit for name in names):
        return (
            f"「{basis}」 occurs in the plan text, but not in a sentence or list entry that names "
            f"the item (its mentions: {'、'.join(mentions)})"
        )
    return None


def document_basis_problem(
    basis: str, document: str | None, when: str | None, today: date | None = None
) -> str | None:
    """Why a quote from another document is not a usable basis, or None when it is.

    Parameters
    ----------
    basis : str
        The words quoted from the document.
    document : str
        The document's title (a work report, a news release).
    when : str
        The document's date, ``YYYY-MM-DD``; it says from when the status holds.
    today : date, optional
        For tests; the date may not lie after it.

    Returns
    -------
    str or None
    """
    if not (document or "").strip():
        return "the document's title is empty"
    if len(compact(basis or "")) < MIN_QUOTE:
        return f"quote the document's words about the item (at least {MIN_QUOTE} characters)"
    if not when:
        return "a document needs its date (YYYY-MM-DD): it says from when the status holds"
    try:
        day = parse_date(when)
    except ValueError as err:
        return str(err)
    if day > (today or date.today()):
        return f"the document's date {when} lies in the future"
    return None


def parse_date(value: str) -> date:
    """Read a ``YYYY-MM-DD`` date; raise ValueError with a clear message otherwise.

    Parameters
    ----------
    value : str
        The date as typed; surrounding whitespace is ignored. Any other ISO 8601 calendar
        date that :meth:`datetime.date.fromisoformat` reads (such as ``YYYYMMDD``) is
        accepted too.

    Returns
    -------
    date
        The day.

    Raises
    ------
    ValueError
        When ``value`` is not such a date; the message quotes it.
    """
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a date of the form YYYY-MM-DD") from None
