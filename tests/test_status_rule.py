"""The status rule and the same-sentence check, on a small hand-written plan text."""

from __future__ import annotations

from pathlib import Path

import pytest

from layers.plantext import read_plan_text
from layers.status_rule import STATUS_WORDS, rule_statuses, status_problem, status_words
from layers.vocab import STATUSES

TEXT = """\
测试规划

第一章 发展基础

第一节 “十四五”发展成效

建成甲展示馆，成功打造乙街区。依托丙公园开展活动。

第二节 面临的环境

稳步推进各项工作。

第二章 重点任务

第一节 项目建设

稳步推进丁中心、戊大厦提升改造、己平台等项目。新建庚中心。推进辛设施升级、壬隧道工程、癸网络等项目建设。

——子主轴。全长约 2 公里，串联丑公园。

◆**载体**：推进寅园二期、卯园步道等



项目建设。
"""


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    path = Path(tmp_path_factory.mktemp("plan")) / "plan.txt"
    path.write_text(TEXT, encoding="utf-8")
    return read_plan_text(path)


def test_sentences_and_list_entries(plan):
    sentences = [plan.body[s.start : s.end] for s in plan.sentences]
    assert "新建庚中心。" in sentences
    # the page break inside the ◆ entry does not end its sentence
    assert "◆载体：推进寅园二期、卯园步道等项目建设。" in sentences
    entries = [plan.body[s.start : s.end] for s in plan.list_entries]
    assert entries == [
        "——子主轴。全长约2公里，串联丑公园。",
        "◆载体：推进寅园二期、卯园步道等项目建设。",
    ]


def test_a_quote_must_stand_beside_a_mention(plan):
    assert plan.basis_problem("稳步推进", ["丁中心"]) is None
    # 稳步推进 also occurs in 第一章, but never beside 庚中心
    problem = plan.basis_problem("稳步推进", ["庚中心"])
    assert "occurs 2 time(s) (first in 第1章)" in problem
    assert "never in the same sentence or list entry as a mention of the item (庚中心)" in problem
    assert (
        plan.basis_problem("拆除庚中心", ["庚中心"])
        == "'拆除庚中心' does not occur in the plan text"
    )
    # another sentence of the same list entry counts
    (entry,) = plan.spans_with("串联丑公园", ["子主轴"])
    assert entry.kind == "list_entry"


@pytest.mark.parametrize(
    ("quote", "item", "status"),
    [
        ("建成甲展示馆", "甲展示馆", "completed"),  # 十四五 report
        ("成功打造乙街区", "乙街区", "completed"),
        ("依托丙公园", "丙公园", "existing"),  # an existing word stays existing in the report
        ("稳步推进", "丁中心", "underway"),
        ("戊大厦提升改造", "戊大厦", "upgrading"),  # attached to the item
        ("稳步推进丁中心、戊大厦提升改造、己平台", "己平台", "underway"),  # the list's verb
        ("新建庚中心", "庚中心", "planned"),
        ("推进辛设施升级", "辛设施", "upgrading"),
        ("推进辛设施升级、壬隧道工程", "壬隧道", "underway"),  # 升级 belongs to 辛设施
        ("等项目建设", "癸网络", "planned"),  # no verb before: the first word after
        ("推进寅园二期、卯园步道等项目建设", "卯园步道", "underway"),
    ],
)
def test_rule_reads_the_governing_word(plan, quote, item, status):
    assert rule_statuses(plan, quote, [item]) == [status]
    assert status_problem(plan, quote, [item], status) is None


def test_status_problem_says_what_the_rule_reads(plan):
    problem = status_problem(plan, "新建庚中心", ["庚中心"], "underway")
    assert problem.startswith("status 'underway' but the rule reads '新建庚中心' as 'planned'")
    assert "holds no status word" in status_problem(plan, "全长约2公里", ["子主轴"], "existing")


def test_longer_words_win_and_every_word_maps_to_a_status():
    assert status_words("加快建设高技能人才培训基地") == [(0, "加快建设")]
    assert set(STATUS_WORDS.values()) == set(STATUSES)


def test_real_plan_common_phrase_needs_the_items_sentence(plan_text_path):
    plan = read_plan_text(plan_text_path)
    # 专栏1: "稳步推进创安光电…、光通信技术孵化中心…等项目"
    assert plan.basis_problem("稳步推进", ["光通信技术孵化中心"]) is None
    # 稳步推进 first occurs in 第一章; 实达大厦 (专栏1, another entry) is never beside it
    problem = plan.basis_problem("稳步推进", ["实达大厦"])
    assert "(first in 第1章)" in problem and "实达大厦" in problem
    assert rule_statuses(plan, "实达大厦提升改造", ["实达大厦"]) == ["upgrading"]


def test_the_readme_table_is_the_code_table():
    readme = (Path(__file__).parents[1] / "data" / "plan" / "README.md").read_text("utf-8")
    rows = {}
    for line in readme.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 2 and cells[0].startswith("`") and cells[0].split("`")[1] in STATUSES:
            rows[cells[0].split("`")[1]] = cells[1]
    assert set(rows) == set(STATUSES)
    for status, cell in rows.items():
        listed = set()
        for word in cell.split(", "):
            if word.startswith("以…"):  # 以…为核心/为枢纽/…
                listed |= {part.removeprefix("以…") for part in word.split("/")}
            else:
                listed.add(word)
        assert listed == {w for w, s in STATUS_WORDS.items() if s == status}, status
