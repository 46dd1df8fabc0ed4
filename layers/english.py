"""The plan in English, build side: the glossary and the translation of outline and indicators.

Two hand-kept, reviewable files:

- ``data/plan/glossary.yaml``: the plan's recurring terms, each with its one English form,
  checked against every item's ``name_en`` by :func:`layers._validate.check_glossary`;
- ``data/plan/plan_en.yaml``: the English of every chapter, section, subsection and 专栏
  title and of both indicator tables, merged by the build into ``outline.json``
  (``title_en``) and ``indicators.csv`` (``<column>_en``).

The Chinese stays the plan's own wording; nothing here is read by the app at run time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from geo import settings
from layers.schema import Problem

#: Where the two files live.
GLOSSARY_FILE: Path = settings.PLAN_DIR / "glossary.yaml"
PLAN_EN_FILE: Path = settings.PLAN_DIR / "plan_en.yaml"

#: Columns of the indicator tables that hold words (the others are numbers or codes).
INDICATOR_TEXT_COLUMNS = (
    "category", "indicator", "unit", "planned_2025", "planned_growth", "value_2025", "growth",
    "target_2030", "attribute", "notes",
)  # fmt: skip

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class GlossaryTerm:
    """A recurring term of the plan and its one English form.

    Attributes
    ----------
    zh : str
        The term as the plan writes it.
    en : str
        Its English form; an English name of an item whose Chinese name contains ``zh`` must
        contain ``en`` or one of ``variants`` as whole words (case-insensitive).
    gloss : str
        What it means and why this form.
    source : str
        Where an official form comes from ('' when this project chose it).
    variants : tuple of str
        Other accepted spellings of the same form (plural, adjective).
    exceptions : dict
        Item ids exempt from the check, each with the reason (e.g. an official name).
    """

    zh: str
    en: str
    gloss: str = ""
    source: str = ""
    variants: tuple[str, ...] = ()
    exceptions: dict[str, str] = field(default_factory=dict)

    def forms(self) -> tuple[str, ...]:
        """
        Every accepted English form, lower case.

        Returns
        -------
        tuple of str
            ``en`` then each of ``variants``, case-folded.
        """
        return tuple(form.casefold() for form in (self.en, *self.variants))

    def used_in(self, english: str) -> bool:
        """
        Whether ``english`` contains one of the forms as whole words (any case).

        Parameters
        ----------
        english : str
            An English text, e.g. an item's ``name_en`` or a title.

        Returns
        -------
        bool
            True when one of :meth:`forms` occurs with no word character (letter, digit,
            underscore) directly before or after it.
        """
        text = english.casefold()
        return any(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text) for form in self.forms())


def _read_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{path}: not found") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise ValueError(f"{path}: not readable YAML ({err})") from None


def load_glossary(path: Path | None = None) -> list[GlossaryTerm]:
    """Read the glossary: a YAML list of terms (``zh``, ``en``, ``gloss``, ``source`` ...).

    Parameters
    ----------
    path : Path, optional
        The glossary file; :data:`GLOSSARY_FILE` when None.

    Returns
    -------
    list of GlossaryTerm
        One per entry, in file order.

    Raises
    ------
    ValueError
        Naming the file, entry and field when an entry is malformed or a term is repeated.
    """
    path = Path(path or GLOSSARY_FILE)
    raw = _read_yaml(path)
    if not isinstance(raw, list):
        raise ValueError(f"{path}: expected a list of terms")
    terms: list[GlossaryTerm] = []
    for number, entry in enumerate(raw, start=1):
        where = f"{path}: entry {number}"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: expected a mapping with zh and en")
        unknown = set(entry) - {"zh", "en", "gloss", "source", "variants", "exceptions"}
        if unknown:
            raise ValueError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        for key in ("zh", "en"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ValueError(f"{where}, field {key}: a non-empty string is required")
        if HAN.search(entry["en"]):
            raise ValueError(f"{where}, field en: {entry['en']!r} is not English")
        variants = entry.get("variants") or []
        exceptions = entry.get("exceptions") or {}
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            raise ValueError(f"{where}, field variants: expected a list of strings")
        if not isinstance(exceptions, dict):
            raise ValueError(f"{where}, field exceptions: expected item id: reason")
        terms.append(
            GlossaryTerm(
                entry["zh"].strip(),
                entry["en"].strip(),
                str(entry.get("gloss") or ""),
                str(entry.get("source") or ""),
                tuple(variants),
                {str(k): str(v) for k, v in exceptions.items()},
            )
        )
    repeated = sorted({t.zh for t in terms if sum(u.zh == t.zh for u in terms) > 1})
    if repeated:
        raise ValueError(f"{path}: term(s) listed twice: {', '.join(repeated)}")
    return terms


def load_plan_en(path: Path | None = None) -> dict[str, dict[str, str]]:
    """Read the English of the outline and indicators (``titles``, ``indicators``, ``phrases``).

    Parameters
    ----------
    path : Path, optional
        The translation file; :data:`PLAN_EN_FILE` when None.

    Returns
    -------
    dict
        Section name (``titles``, ``indicators``, ``phrases``; each present, empty when the
        file lacks it) -> key (as a string) -> English text (stripped).

    Raises
    ------
    ValueError
        Naming the file and section when the file is malformed or an English text has Chinese.
    """
    path = Path(path or PLAN_EN_FILE)
    raw = _read_yaml(path)
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected the sections titles, indicators and phrases")
    english: dict[str, dict[str, str]] = {}
    for section in ("titles", "indicators", "phrases"):
        values = raw.get(section) or {}
        if not isinstance(values, dict):
            raise ValueError(f"{path}: section {section}: expected key: English text")
        for key, text in values.items():
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"{path}: {section}.{key}: the English text is empty")
            if HAN.search(text):
                raise ValueError(f"{path}: {section}.{key}: {text!r} is not English")
        english[section] = {str(k): v.strip() for k, v in values.items()}
    return english


def english_outline(
    outline: list[dict],
    english: dict[str, dict[str, str]],
    source: str = "plan_en.yaml",
    glossary: list[GlossaryTerm] | None = None,
) -> tuple[list[dict], list[Problem]]:
    """Add ``title_en`` to every chapter, section, subsection and 专栏 of ``outline``.

    Parameters
    ----------
    outline : list of dict
        The plan's chapters (:meth:`layers.plantext.PlanText.outline`).
    english : dict
        As from :func:`load_plan_en`.
    source : str
        The translation file's name, for the problems.
    glossary : list of GlossaryTerm, optional
        Each English title must use the glossary's form of every term its Chinese contains.

    Returns
    -------
    outline : list of dict
        A copy with ``title_en`` beside each ``title`` (empty where the English is missing).
    problems : list of Problem
        One per title without English or off the glossary, naming its code (``3``, ``3.1``,
        ``3.1.1``, ``box1``).
    """
    titles = english.get("titles", {})
    problems: list[Problem] = []

    def add(node: dict, code: str) -> dict:
        text = titles.get(code, "")
        if not text:
            problems.append(
                Problem(source, None, None, f"titles.{code}", f"no English for “{node['title']}”")
            )
        for term in glossary or []:
            if text and term.zh in node["title"] and not term.used_in(text):
                message = f"“{term.zh}” is “{term.en}” in the glossary; not in {text!r}"
                problems.append(Problem(source, None, None, f"titles.{code}", message))
        return {**node, "title_en": text}

    result = []
    for chapter in outline:
        sections = [
            add(s, s["code"])
            | {"subsections": [add(u, u["code"]) for u in s.get("subsections", [])]}
            for s in chapter.get("sections", [])
        ]
        boxes = [add(b, f"box{b['number']}") for b in chapter.get("boxes", [])]
        result.append(add(chapter, str(chapter["number"])) | {"sections": sections, "boxes": boxes})
    return result, problems


def english_indicators(
    table: pd.DataFrame, english: dict[str, dict[str, str]], source: str = "plan_en.yaml"
) -> tuple[pd.DataFrame, list[Problem]]:
    """Add ``<column>_en`` beside every word column of 表1/表2.

    An indicator's name comes from ``indicators["<table>.<seq>"]``; any other cell with Chinese
    from ``phrases``; cells without Chinese (numbers, ``[3.1]``, ``-``) stay as they are.

    Parameters
    ----------
    table : DataFrame
        The indicator rows, with ``table``, ``seq`` and every column of
        :data:`INDICATOR_TEXT_COLUMNS`.
    english : dict
        As from :func:`load_plan_en`.
    source : str
        The translation file's name, for the problems.

    Returns
    -------
    table : DataFrame
        The rows with the English columns added.
    problems : list of Problem
        One per cell whose Chinese has no English, naming the table, row and column.
    """
    names = english.get("indicators", {})
    phrases = english.get("phrases", {})
    problems: list[Problem] = []
    out = table.copy()
    for column in INDICATOR_TEXT_COLUMNS:
        values = []
        for _, row in table.iterrows():
            value = str(row[column])
            key = f"{row['table']}.{row['seq']}"
            text = names.get(key, "") if column == "indicator" else phrases.get(value, "")
            if not HAN.search(value):
                text = value
            elif not text:
                where = f"indicators.{key}" if column == "indicator" else "phrases"
                message = f"表{row['table']} row {row['seq']}, column {column}: no English"
                problems.append(Problem(source, None, None, where, f"{message} for “{value}”"))
            values.append(text)
        out[f"{column}_en"] = values
    return out, problems
