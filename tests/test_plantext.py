"""The plan text parser: outline, phrase locations and indicator tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo._errors import SourceError
from layers.plantext import cn_number, compact, read_indicator_tables, read_plan_text

MINI = Path(__file__).parent / "fixtures" / "plan" / "mini-plan.txt"


@pytest.fixture(scope="module")
def mini():
    return read_plan_text(MINI)


def test_cn_number_reads_heading_numerals():
    assert [cn_number(n) for n in ("一", "九", "十", "十一", "十二", "二十三")] == [
        1,
        9,
        10,
        11,
        12,
        23,
    ]
    with pytest.raises(ValueError, match="not a Chinese numeral"):
        cn_number("廿")


def test_compact_drops_whitespace_and_bold():
    assert compact("**载体**：推进 示范\n软件园") == "载体：推进示范软件园"


def test_outline_skips_the_table_of_contents(mini):
    outline = mini.outline()
    assert [c["number"] for c in outline] == [1, 2]
    assert [s["code"] for s in outline[0]["sections"]] == ["1.1", "1.2"]
    assert [s["code"] for s in outline[0]["sections"][0]["subsections"]] == ["1.1.1", "1.1.2"]
    assert outline[0]["boxes"] == [{"number": 1, "title": "重点项目"}]
    assert outline[1]["boxes"] == [{"number": 2, "title": "民生项目"}]


def test_locate_assigns_sections_boxes_and_glossary(mini):
    places = [mini.locate(o) for o in mini.occurrences("北山公园")]
    where = [(p.chapter, p.section, p.subsection, p.box) for p in places]
    # 1.1.1 text; split across a page break in 1.2; in 专栏1; in the glossary (no box)
    assert where == [
        (1, "1.1", "1.1.1", None),
        (1, "1.2", None, None),
        (1, None, None, 1),
        (1, None, None, None),
    ]


def test_phrase_split_by_a_page_break_is_found(mini):
    assert mini.contains("北山公园周边谋划建设创新中心")
    assert not mini.contains("不存在的地名")


def test_missing_text_names_the_file(tmp_path):
    with pytest.raises(SourceError, match="plan text not found"):
        read_plan_text(tmp_path / "nope.txt")


def test_text_without_chapters_is_rejected(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("只是一段文字\n", encoding="utf-8")
    with pytest.raises(SourceError, match="no chapter headings"):
        read_plan_text(bad)


def test_indicator_rows_keep_the_plans_strings():
    rows = read_indicator_tables(MINI, tables=(2,))
    assert [(r["category"], r["seq"], r["value_2025"], r["target_2030"]) for r in rows] == [
        ("经济发展", "1", "100", "120"),
        ("经济发展", "2", "9.9*", "力争提高"),
    ]
    assert rows[0]["growth"] == "[20]"
    assert rows[1]["notes"] == "错年值，使用2024年数据"


def test_missing_indicator_table_is_reported():
    assert len(read_indicator_tables(MINI)) == 2  # by default: the tables the text has
    with pytest.raises(SourceError, match="表1 not found"):
        read_indicator_tables(MINI, tables=(1, 2))


@pytest.mark.sources
def test_real_plan_outline(plan_text_path):
    plan = read_plan_text(plan_text_path)
    outline = plan.outline()
    assert len(outline) == 12
    assert sum(len(c["boxes"]) for c in outline) == 9
    assert outline[2]["title"] == "塑强产业体系，筑牢高质量发展根基"
    assert [b["number"] for c in outline for b in c["boxes"]] == list(range(1, 10))
    chapters = sorted({plan.locate(o).chapter for o in plan.occurrences("福州软件园")})
    assert chapters == [1, 3, 4, 6, 7]


@pytest.mark.sources
def test_real_indicator_tables(plan_text_path):
    rows = read_indicator_tables(plan_text_path)
    table1 = [r for r in rows if r["table"] == "1"]
    table2 = [r for r in rows if r["table"] == "2"]
    assert len(table1) == 20 and len(table2) == 23
    assert table1[0]["value_2025"] == "3368.43" and table1[0]["growth"] == "5.8%"
    assert table2[0]["target_2030"] == "4000 以上"
    assert table2[-1]["category"] == "安全保障"
