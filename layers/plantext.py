"""Read the plan's full text: its outline, where each phrase occurs, and the indicator tables.

The text (``settings.PLAN_TEXT``) is a plain-text rendering of the printed plan: headings on their
own lines, page breaks as runs of blank lines that may cut a sentence (even a word) in two, and
markdown bold (``**``) inside the boxes. Phrases are therefore located in a *compact* copy of the
text with all whitespace and ``**`` removed, and every compact offset maps back to the heading
(chapter, section, subsection, 专栏) it falls under.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from geo import settings
from geo._errors import SourceError

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

_TOC_LINE = re.compile(r"\(\d+\)\s*$")
_CHAPTER = re.compile(r"^第([一二三四五六七八九十]+)章\s*(.+)$")
_SECTION = re.compile(r"^第([一二三四五六七八九十]+)节\s*(.+)$")
_SUBSECTION = re.compile(r"^([一二三四五六七八九十]+)、(.{2,30})$")
_BOX = re.compile(r"^专栏\s*(\d+)\s*(.+)$")
_GLOSSARY = re.compile(r"^名词解释\s*$")
_TABLE = re.compile(r"^表\s*(\d+)\s*[：:]\s*(.+)$")
_FIGURE = re.compile(r"^图\s*(\d+)\s*(.+)$")

#: A line starting with one of these opens a list entry (——主轴。…, ◆**载体**：…, ◇名词：…).
_LIST_MARKERS = ("——", "◆", "◇", "- ")
#: Punctuation that ends a paragraph line (a line ending otherwise was cut by a page break).
_PARAGRAPH_END = ("。", "！", "？", "：")
#: Punctuation that ends a sentence (；too: the plan's clauses each carry their own verb).
_SENTENCE_END = re.compile(r"[。！？；]")

#: Footnote markers in the indicator tables that change how a value must be read.
_TABLE_NOTES = {"*": "错年值，使用2024年数据", "[": "[]内为五年累计数"}


def compact(text: str) -> str:
    """Return ``text`` without whitespace and markdown bold, the form phrases are matched in.

    Parameters
    ----------
    text : str
        Any text, e.g. a phrase of the plan.

    Returns
    -------
    str
    """
    return re.sub(r"\s+|\*\*", "", text)


def cn_number(numeral: str) -> int:
    """Convert a Chinese numeral from 一 to 九十九 (as used in headings) to an int.

    Parameters
    ----------
    numeral : str
        For example ``"十二"``.

    Returns
    -------
    int
    """
    if not numeral or any(c not in _CN_DIGITS and c != "十" for c in numeral):
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    if "十" not in numeral:
        return _CN_DIGITS[numeral]
    tens, _, units = numeral.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


@dataclass(frozen=True)
class Heading:
    """A heading of the plan and where its region starts in the compact text."""

    kind: str  # chapter, section, subsection, box, glossary, table, figure
    code: str  # "3", "3.1", "3.1.2", "box1", "3.glossary", "table1", "figure1"
    title: str
    chapter: int
    start: int


@dataclass(frozen=True)
class Location:
    """Where a phrase occurs: the headings its occurrence falls under."""

    chapter: int | None
    section: str | None
    subsection: str | None
    box: int | None
    offset: int


@dataclass(frozen=True)
class Span:
    """A sentence or a list entry of the plan: compact offsets ``[start, end)``."""

    kind: str  # "sentence" or "list_entry"
    start: int
    end: int

    def contains(self, start: int, end: int) -> bool:
        """
        Tell whether ``[start, end)`` lies inside this span.

        Parameters
        ----------
        start, end : int
            Compact offsets of a match, end exclusive.

        Returns
        -------
        bool
            True when ``self.start <= start`` and ``end <= self.end``.
        """
        return self.start <= start and end <= self.end


@dataclass
class PlanText:
    """The plan text parsed into headings and a compact, searchable body.

    Use :func:`read_plan_text` to build one from a file.
    """

    path: Path
    body: str
    headings: list[Heading] = field(default_factory=list)
    #: Where each paragraph starts (compact offset) and whether it is a list entry.
    paragraphs: list[tuple[int, bool]] = field(default_factory=list)

    @cached_property
    def _starts(self) -> list[int]:
        return [h.start for h in self.headings]

    def occurrences(self, phrase: str) -> list[int]:
        """
        Find every occurrence of ``phrase`` (whitespace-insensitive).

        Parameters
        ----------
        phrase : str
            Text as written in a record.

        Returns
        -------
        list of int
            Offsets into the compacted text, in order.

        Raises
        ------
        ValueError
            For an empty phrase.
        """
        needle = compact(phrase)
        if not needle:
            raise ValueError("an empty phrase cannot be located in the plan text")
        found, start = [], self.body.find(needle)
        while start != -1:
            found.append(start)
            start = self.body.find(needle, start + 1)
        return found

    def contains(self, phrase: str) -> bool:
        """
        Tell whether ``phrase`` occurs in the plan text (whitespace-insensitive).

        Parameters
        ----------
        phrase : str
            Text as written in a record.

        Returns
        -------
        bool
        """
        return compact(phrase) in self.body

    @cached_property
    def sentences(self) -> list[Span]:
        """
        Every sentence: paragraphs cut after 。！？；(headings are paragraphs of their own).

        Returns
        -------
        list of Span
            Spans of kind ``sentence`` in text order; a paragraph's tail without closing
            punctuation is a sentence too.
        """
        spans = []
        for start, end, _ in self._paragraph_bounds():
            cut = start
            for match in _SENTENCE_END.finditer(self.body, start, end):
                spans.append(Span("sentence", cut, match.end()))
                cut = match.end()
            if cut < end:
                spans.append(Span("sentence", cut, end))
        return spans

    @cached_property
    def list_entries(self) -> list[Span]:
        """
        Every list entry (——…, ◆…, ◇…, - …), to the end of its paragraph.

        Returns
        -------
        list of Span
            Spans of kind ``list_entry`` in text order, one per non-empty listed paragraph.
        """
        return [
            Span("list_entry", start, end)
            for start, end, listed in self._paragraph_bounds()
            if listed
        ]

    def _paragraph_bounds(self) -> list[tuple[int, int, bool]]:
        starts = [offset for offset, _ in self.paragraphs] + [len(self.body)]
        return [
            (start, end, listed)
            for (start, listed), end in zip(self.paragraphs, starts[1:], strict=True)
            if end > start
        ]

    def spans_with(self, quote: str, mentions: list[str] | tuple[str, ...]) -> list[Span]:
        """Return the sentences and list entries holding both ``quote`` and one of ``mentions``.

        This is the test that a quote (a ``status_basis``, an edit's basis) is the plan's words
        *about* an item: it must stand in the same sentence, or the same list entry, as a
        mention of the item, not merely somewhere in the text.

        Parameters
        ----------
        quote : str
            Words of the plan (whitespace-insensitive).
        mentions : list of str
            Strings of the plan that name the item.

        Returns
        -------
        list of Span
            Sentences first, then list entries, in text order; empty when there is none.
        """
        if not mentions:
            raise ValueError("an item needs at least one mention to check a quote against")
        size = len(compact(quote))
        quotes = [(q, q + size) for q in self.occurrences(quote)]
        named = [
            (m, m + len(compact(mention)))
            for mention in mentions
            for m in self.occurrences(mention)
        ]
        found = []
        for span in self.sentences + self.list_entries:
            if any(span.contains(*q) for q in quotes) and any(span.contains(*m) for m in named):
                found.append(span)
        return found

    def basis_problem(self, quote: str, mentions: list[str] | tuple[str, ...]) -> str | None:
        """Say why ``quote`` is not the plan's words about the item named by ``mentions``.

        Parameters
        ----------
        quote : str
            The basis, e.g. a ``status_basis``.
        mentions : list of str
            The item's mentions.

        Returns
        -------
        str or None
            None when the quote stands in a sentence or list entry with a mention; otherwise a
            message naming where the quote does occur.
        """
        if not self.contains(quote):
            return f"{quote!r} does not occur in the plan text"
        if self.spans_with(quote, mentions):
            return None
        first = self.locate(self.occurrences(quote)[0])
        where = f"第{first.chapter}章" + (f" 专栏{first.box}" if first.box else "")
        count = len(self.occurrences(quote))
        return (
            f"{quote!r} occurs {count} time(s) (first in {where}) but never in the same "
            f"sentence or list entry as a mention of the item ({'、'.join(mentions)})"
        )

    def locate(self, offset: int) -> Location:
        """
        Find the chapter, section, subsection and 专栏 a compact offset falls under.

        Parameters
        ----------
        offset : int
            An offset from :meth:`occurrences`.

        Returns
        -------
        Location
            The innermost heading of each kind that encloses the offset (None where none does).
        """
        chapter = section = subsection = box = None
        closed = False  # a box, glossary or table ends the section before it
        last = bisect.bisect_right(self._starts, offset)
        # Walk back from the nearest heading: the innermost heading of each kind wins,
        # and a chapter heading ends the search (regions never span chapters).
        for heading in reversed(self.headings[:last]):
            if heading.kind == "chapter":
                chapter = heading.chapter
                break
            if heading.kind in ("box", "glossary", "table") and not closed:
                closed = True
                if heading.kind == "box" and section is None and subsection is None:
                    box = int(heading.code.removeprefix("box"))
            elif (
                heading.kind == "subsection"
                and subsection is None
                and section is None
                and not closed
            ):
                subsection = heading.code
            elif heading.kind == "section" and section is None and not closed:
                section = heading.code
        return Location(chapter, section or None, subsection or None, box, offset)

    def outline(self) -> list[dict]:
        """
        The chapters with their sections, subsections and boxes.

        Returns
        -------
        list of dict
            As written to ``outline.json``: ``number``, ``title``, ``sections`` (``code``,
            ``title``, ``subsections``) and ``boxes`` (``number``, ``title``).
        """
        chapters: list[dict] = []
        for heading in self.headings:
            if heading.kind == "chapter":
                chapters.append(
                    {"number": heading.chapter, "title": heading.title, "sections": [], "boxes": []}
                )
            elif heading.kind == "section":
                chapters[-1]["sections"].append(
                    {"code": heading.code, "title": heading.title, "subsections": []}
                )
            elif heading.kind == "subsection" and chapters[-1]["sections"]:
                chapters[-1]["sections"][-1]["subsections"].append(
                    {"code": heading.code, "title": heading.title}
                )
            elif heading.kind == "box":
                chapters[-1]["boxes"].append(
                    {"number": int(heading.code.removeprefix("box")), "title": heading.title}
                )
        return chapters


def read_plan_text(path: Path | None = None) -> PlanText:
    """Read and parse the plan text.

    Parameters
    ----------
    path : Path, optional
        The text file; defaults to ``settings.PLAN_TEXT``.

    Returns
    -------
    PlanText

    Raises
    ------
    SourceError
        If the file is missing, not UTF-8, or has no chapter headings.
    """
    path = Path(path or settings.PLAN_TEXT)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise SourceError(f"{path}: plan text not found") from None
    except UnicodeDecodeError as err:
        raise SourceError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    plan = PlanText(path=path, body="")
    parts: list[str] = []
    length, state = 0, {"chapter": 0, "section": "", "in_body": False}
    closed = True  # the previous line ended a paragraph
    for line in lines:
        stripped = line.strip().replace("**", "")
        heading = _parse_heading(stripped, state, length)
        if heading is not None:
            plan.headings.append(heading)
        if state["in_body"] and stripped:
            listed = stripped.startswith(_LIST_MARKERS)
            if closed or listed or heading is not None:
                plan.paragraphs.append((length, listed))
            # A heading ends its paragraph; a line not ending a sentence was cut by a page break.
            closed = heading is not None or stripped.endswith(_PARAGRAPH_END)
            piece = compact(line)
            parts.append(piece)
            length += len(piece)
    plan.body = "".join(parts)
    if not any(h.kind == "chapter" for h in plan.headings):
        raise SourceError(f"{path}: no chapter headings (第…章) found; is this the plan text?")
    return plan


def _parse_heading(line: str, state: dict, offset: int) -> Heading | None:
    """Recognise a heading line and update the running chapter/section state."""
    if not line or _TOC_LINE.search(line):
        return None
    if match := _CHAPTER.match(line):
        state.update(in_body=True, chapter=cn_number(match[1]), section="")
        return Heading("chapter", str(state["chapter"]), match[2].strip(), state["chapter"], offset)
    if not state["in_body"]:
        return None
    chapter = state["chapter"]
    if match := _SECTION.match(line):
        state["section"] = f"{chapter}.{cn_number(match[1])}"
        return Heading("section", state["section"], match[2].strip(), chapter, offset)
    if (match := _SUBSECTION.match(line)) and state["section"] and not line.endswith("。"):
        code = f"{state['section']}.{cn_number(match[1])}"
        return Heading("subsection", code, match[2].strip(), chapter, offset)
    if match := _BOX.match(line):
        return Heading("box", f"box{int(match[1])}", match[2].strip(), chapter, offset)
    if _GLOSSARY.match(line):
        return Heading("glossary", f"{chapter}.glossary", "名词解释", chapter, offset)
    if match := _TABLE.match(line):
        return Heading("table", f"table{match[1]}", match[2].strip(), chapter, offset)
    if match := _FIGURE.match(line):
        return Heading("figure", f"figure{match[1]}", match[2].strip(), chapter, offset)
    return None


# --- indicator tables -------------------------------------------------------------------------

INDICATOR_COLUMNS = [
    "table",
    "category",
    "seq",
    "indicator",
    "unit",
    "planned_2025",
    "planned_growth",
    "value_2025",
    "growth",
    "target_2030",
    "attribute",
    "notes",
]


def read_indicator_tables(
    path: Path | None = None, tables: tuple[int, ...] | None = None
) -> list[dict[str, str]]:
    """Parse 表1 (十四五 targets and completion) and 表2 (十五五 targets) into rows.

    Parameters
    ----------
    path : Path, optional
        The plan text; defaults to ``settings.PLAN_TEXT``.
    tables : tuple of int, optional
        Which tables to read (表1 has the 十四五 layout, 表2 the 十五五 layout); by default
        every ``表N：`` table the text has.

    Returns
    -------
    list of dict
        One dict per indicator with the keys of :data:`INDICATOR_COLUMNS`; values are the
        plan's own strings ("" where the table cell is empty).

    Raises
    ------
    SourceError
        If a table is missing or a row cannot be read; the message names the line.
    """
    path = Path(path or settings.PLAN_TEXT)
    lines = path.read_text(encoding="utf-8").splitlines()
    if tables is None:
        tables = tuple(int(m[1]) for ln in lines if (m := re.match(r"^表\s*(\d+)\s*[：:]", ln)))
    rows: list[dict[str, str]] = []
    for table in tables:
        rows.extend(_read_table(lines, table, path))
    return rows


def _read_table(lines: list[str], table: int, path: Path) -> list[dict[str, str]]:
    start = next((i for i, ln in enumerate(lines) if re.match(rf"^表\s*{table}\s*[：:]", ln)), None)
    if start is None:
        raise SourceError(f"{path}: indicator table 表{table} not found")
    rows, category = [], ""
    for number, line in enumerate(lines[start + 1 :], start=start + 2):
        if line.startswith("备注"):
            break
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 7 or not cells[1].isdigit():
            continue  # header rows, separators and blank page-break lines
        category = cells[0] or category
        try:
            rows.append(_table_row(table, category, cells))
        except IndexError:
            raise SourceError(
                f"{path}, line {number}: 表{table} row has {len(cells)} cells"
            ) from None
    if not rows:
        raise SourceError(f"{path}: indicator table 表{table} has no rows")
    return rows


def _table_row(table: int, category: str, cells: list[str]) -> dict[str, str]:
    row = dict.fromkeys(INDICATOR_COLUMNS, "")
    row.update(table=str(table), category=category, seq=cells[1], indicator=cells[2], unit=cells[3])
    if table == 1 and len(cells) == 7:
        # The last row of 表1 has only a target and a result, no growth columns.
        row.update(planned_2025=cells[4], value_2025=cells[5], attribute=cells[6])
    elif table == 1:
        row.update(
            planned_2025=cells[4],
            planned_growth=cells[5],
            value_2025=cells[6],
            growth=cells[7],
            attribute=cells[8],
        )
    else:
        row.update(value_2025=cells[4], target_2030=cells[5], growth=cells[6], attribute=cells[7])
    notes = [text for marker, text in _TABLE_NOTES.items() if marker in "".join(cells[4:])]
    row["notes"] = "；".join(notes)
    return row
