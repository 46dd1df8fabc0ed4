"""The written rule that turns the plan's words about an item into its status.

One table, :data:`STATUS_WORDS`, maps the plan's verbs to the five statuses; the rule
(:func:`rule_statuses`) says which word of a ``status_basis`` governs the item. The same rule is
written out for people in ``data/plan/README.md`` ("Status rule"); the build applies it to every
item and reports a record whose status disagrees.

The rule, applied to the sentence (or list entry) in which the quote stands beside a mention of
the item (see :meth:`layers.plantext.PlanText.spans_with`):

1. an *upgrading* word attached to the item — after its mention, inside its own list element
   (``实达大厦提升改造``, ``五四片区扩容改造提升工程``) — makes it ``upgrading``;
2. otherwise the nearest status word of the quote *before* the mention governs it
   (``稳步推进创安光电…``, ``新建东和赋商务中心、北九·柳河里…``);
3. otherwise the first status word *after* it (``A、B等项目建设``);
4. in 第一章 第一节 (“十四五”发展成效) the plan reports what was done, so the governing word
   means ``completed`` there — unless it is an *existing* word (依托, 获评 …) or an *underway*
   word (推进, 加快 …: work reported as still going on).

Longer words are matched first, so ``加快建设`` (underway) is not read as ``建设`` (planned).
"""

from __future__ import annotations

import re

from layers.plantext import PlanText, compact

#: The plan's status words and the status each one gives (outside 第一章 第一节). The
#: "为核心/为枢纽…" entries close the pattern 以X为核心 (the plan builds on X).
STATUS_WORDS: dict[str, str] = {
    # completed: a result the plan reports
    "建成投产": "completed", "相继落成": "completed", "落成": "completed",
    "投入使用": "completed", "成功打造": "completed", "贯通": "completed",
    # underway: work in progress, to be pushed on or sped up
    "推进": "underway", "推动": "underway", "加快": "underway", "加快建设": "underway",
    "加快建成": "underway", "加快打造": "underway", "持续建设": "underway", "深化": "underway",
    "多点发力": "underway", "落地运营": "underway", "加大": "underway",
    # upgrading: an existing place or service improved
    "提升": "upgrading", "改造": "upgrading", "升级": "upgrading", "提质": "upgrading",
    "提档": "upgrading", "扩容": "upgrading", "焕活": "upgrading", "活化利用": "upgrading",
    "修复": "upgrading", "整治": "upgrading", "治理": "upgrading", "优化": "upgrading",
    "完善": "upgrading", "迭代": "upgrading", "做强": "upgrading", "做优": "upgrading",
    "建强": "upgrading", "夯实": "upgrading", "更新": "upgrading",
    "加强": "upgrading", "抓好": "upgrading",
    # planned: new, to be conceived, built or set up
    "谋划": "planned", "谋划建设": "planned", "新建": "planned", "建设": "planned",
    "打造": "planned", "构建": "planned", "搭建": "planned", "规划建设": "planned",
    "布局": "planned", "开发": "planned", "设立": "planned", "培育": "planned",
    "建立": "planned", "探索": "planned", "实施": "planned", "落地": "planned",
    "新增": "planned", "承接": "planned", "建成": "planned", "前瞻布局": "planned",
    "实现": "planned", "完成": "planned",
    # existing: a place, body or title the plan builds on
    "依托": "existing", "串联": "existing", "联动": "existing", "发挥": "existing",
    "用好": "existing", "立足": "existing", "利用": "existing", "整合": "existing",
    "对接": "existing", "放大": "existing", "获评": "existing", "荣获": "existing",
    "入选": "existing", "巩固": "existing", "结合": "existing", "融入": "existing",
    "推广": "existing", "强化": "existing", "运营": "existing", "扶持": "existing",
    "支持": "existing", "挖掘": "existing", "为核心": "existing", "为枢纽": "existing",
    "为基础": "existing", "为牵引": "existing", "为抓手": "existing", "为支撑": "existing",
}  # fmt: skip

#: The section where the plan reports the 十四五 period's results (第一章 第一节).
REPORT_SECTION = "1.1"
#: What separates one element of an enumeration from the next ("A、B等…", "A改造及B").
_ELEMENT_END = re.compile(r"[、，,；;：:。等及]")
#: What may follow an upgrading word that ends an item's element: more such words and a
#: generic noun (…扩容改造提升工程, …提升改造, …能级提升).
_UPGRADE_TAIL = re.compile(
    "(?:" + "|".join(w for w, s in STATUS_WORDS.items() if s == "upgrading") + "|工程|项目|行动)*"
)
_WORDS = re.compile("|".join(sorted(map(re.escape, STATUS_WORDS), key=len, reverse=True)))


def status_words(quote: str) -> list[tuple[int, str]]:
    """Return the status words of a quote with their compact offsets (longest word wins).

    Parameters
    ----------
    quote : str
        Words of the plan.

    Returns
    -------
    list of (offset, word)
        Non-overlapping, in text order.
    """
    return [(m.start(), m.group()) for m in _WORDS.finditer(compact(quote))]


def rule_statuses(text: PlanText, quote: str, mentions: list[str]) -> list[str]:
    """Return the status the rule gives for each place where `quote` stands beside a mention.

    Parameters
    ----------
    text : PlanText
        The parsed plan.
    quote : str
        The item's ``status_basis``.
    mentions : list of str
        The item's mentions.

    Returns
    -------
    list of str
        One status per (quote, mention) pair sharing a sentence or list entry, in text order;
        empty when they share none or the quote holds no status word.
    """
    words = status_words(quote)
    if not words:
        return []
    size = len(compact(quote))
    statuses = []
    for span in text.spans_with(quote, mentions):
        for q in text.occurrences(quote):
            if not span.contains(q, q + size):
                continue
            for mention in mentions:
                for m in text.occurrences(mention):
                    if span.contains(m, m + len(compact(mention))):
                        status = _governing(text, q, words, m, len(compact(mention)), span.end)
                        statuses.append(_in_report(text, q, status))
    return list(dict.fromkeys(statuses))


def _governing(
    text: PlanText, q: int, words: list[tuple[int, str]], m: int, size: int, span_end: int
) -> str:
    """Steps 1–3 of the rule: the word that governs the mention at compact offset `m`."""
    body = text.body
    separator = _ELEMENT_END.search(body, m + size, span_end)
    element_end = separator.start() if separator else span_end
    placed = [(q + offset, word) for offset, word in words]
    attached = [
        w
        for at, w in placed
        if m <= at < element_end
        and STATUS_WORDS[w] == "upgrading"
        and _UPGRADE_TAIL.fullmatch(body, at + len(w), element_end)
    ]
    if attached:
        return "upgrading"
    governing = _leading_word(body, placed, m)
    if governing:
        return STATUS_WORDS[governing]
    after = [w for at, w in placed if at >= m + size]
    return STATUS_WORDS[after[0]] if after else STATUS_WORDS[placed[0][1]]


def _leading_word(body: str, placed: list[tuple[int, str]], m: int) -> str | None:
    """Step 2: the verb before the mention that governs its list (not an earlier element's word).

    In "推进A设施升级、B工程、C等项目建设" the list A、B、C starts after the last ，；：。 before
    the mention; for B or C the governing word is the first word of the list (推进), since a
    word that ends an earlier element (升级) belongs to that element.
    """
    # "为核心" and the like close 以X为核心: they speak of what precedes them, never of a
    # mention that follows.
    before = [(at, w) for at, w in placed if at + len(w) <= m and not w.startswith("为")]
    if not before:
        return None
    clause = max(body.rfind(c, 0, m) for c in "，,；;：:。") + 1
    in_list = [(at, w) for at, w in before if at >= clause]
    if not in_list:
        return before[-1][1]
    first_sep = body.find("、", clause, m)
    if first_sep == -1:  # the mention is in the list's first element
        return in_list[-1][1]
    own = [w for at, w in in_list if at >= body.rfind("、", clause, m)]
    return own[-1] if own else in_list[0][1]


def _in_report(text: PlanText, q: int, status: str) -> str:
    """Step 4: in the 十四五 report a governing word states a result."""
    if status not in ("existing", "underway") and text.locate(q).section == REPORT_SECTION:
        return "completed"
    return status


def status_problem(text: PlanText, quote: str, mentions: list[str], status: str) -> str | None:
    """Check a record's ``status_basis`` and ``status`` against the text and the rule.

    Parameters
    ----------
    text : PlanText
        The parsed plan.
    quote : str
        The ``status_basis``.
    mentions : list of str
        The item's mentions.
    status : str
        The record's status.

    Returns
    -------
    str or None
        None when the quote is the plan's words about the item and the rule gives `status`.
    """
    where = text.basis_problem(quote, mentions)
    if where:
        return where
    if not status_words(quote):
        return f"{quote!r} holds no status word of the rule (data/plan/README.md, Status rule)"
    found = rule_statuses(text, quote, mentions)
    if status in found:
        return None
    return (
        f"status {status!r} but the rule reads {quote!r} as {' or '.join(map(repr, found))} "
        "(data/plan/README.md, Status rule)"
    )
