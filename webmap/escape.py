"""The one escaping path for text from a URL, a record or a file on its way to a page.

Every string that did not come from :mod:`webmap.i18n` passes through one of these before it
reaches Markdown (Streamlit ``st.markdown``/``st.warning``/``st.caption``...), HTML (folium
tooltips, popups, the legend, the offline HTML export and the prints) or a notice. Data exports
(GeoJSON, CSV, GPKG) keep the raw values and never come here.

- :func:`text` turns a value into display text: ``None``/NaN become ``""`` (never 「nan」), bidi
  overrides and control characters are removed (they could reorder or hide what is shown).
- :func:`html_text` escapes it for HTML text and attribute values.
- :func:`md_text` escapes it for Markdown: every ASCII punctuation character gets a backslash
  (CommonMark allows that for all of them), so no link, image, emphasis, HTML tag or heading
  can form; an invisible word joiner (U+2060) after ``scheme:``, inside ``www.`` and after ``@``
  stops GFM's autolinks, which are found in the text after the escapes are resolved; newlines
  become spaces.
- :func:`md_t` is :func:`webmap.i18n.t` with every value escaped for Markdown, the template not.
"""

from __future__ import annotations

import html
import math
import re

import pandas as pd

from webmap.i18n import t

#: Bidi embeddings/overrides/isolates and C0/C1 controls (tab and newline kept for the caller).
_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: All ASCII punctuation: each may be backslash-escaped in CommonMark.
_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
#: Where a GFM renderer would start an autolink: ``http://``, ``www.``, ``user@host``.
_AUTOLINK = re.compile(r"[a-z]:/|w\.|@[\w-]", re.I)
_JOINER = "\u2060"
#: Longest value echoed back in a notice (the rest is cut with an ellipsis).
NOTICE_LIMIT = 80


def blank(value: object) -> bool:
    """True for ``None``, NaN, ``pd.NA`` and empty or whitespace-only strings.

    Parameters
    ----------
    value : object

    Returns
    -------
    bool
    """
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return not value.strip()
    if value is pd.NA or value is pd.NaT:
        return True
    try:  # numpy NaN scalars are not equal to themselves
        return bool(value != value)
    except (TypeError, ValueError):
        return False


def text(value: object, limit: int | None = None) -> str:
    """Display text of a value: blank -> ``""``, invisible controls removed, optionally cut.

    Parameters
    ----------
    value : object
        A string, number or missing value.
    limit : int, optional
        Keep at most this many characters, then ``…``.

    Returns
    -------
    str
    """
    if blank(value):
        return ""
    shown = _INVISIBLE.sub("", str(value))
    if limit is not None and len(shown) > limit:
        shown = shown[:limit] + "…"
    return shown


def html_text(value: object, limit: int | None = None) -> str:
    """Escape a value for HTML text or a quoted attribute (``& < > " '``).

    Parameters
    ----------
    value : object
    limit : int, optional
        See :func:`text`.

    Returns
    -------
    str
    """
    return html.escape(text(value, limit), quote=True)


def md_text(value: object, limit: int | None = None) -> str:
    """Escape a value for inline Markdown so it shows as typed and never becomes markup.

    Parameters
    ----------
    value : object
    limit : int, optional
        See :func:`text`.

    Returns
    -------
    str
    """
    flat = re.sub(r"\s*[\r\n]+\s*", " ", text(value, limit))
    # GFM finds bare addresses in the rendered text, after the escapes are gone: an invisible
    # word joiner after "scheme:", in "www." and after "@" keeps them from becoming links.
    flat = _AUTOLINK.sub(lambda m: m.group(0)[:-1] + _JOINER + m.group(0)[-1], flat)
    return _MD_PUNCTUATION.sub(r"\\\1", flat)


def md_t(key: str, lang: str = "zh", **values: object) -> str:
    """An interface string with its values (from a URL or a record) escaped for Markdown.

    Parameters
    ----------
    key : str
        A key of :data:`webmap.i18n.STRINGS`.
    lang : {"zh", "en"}
    **values
        Placeholder values; each goes through :func:`md_text` (cut at :data:`NOTICE_LIMIT`).

    Returns
    -------
    str
    """
    return t(key, lang, **{k: md_text(v, NOTICE_LIMIT) for k, v in values.items()})
