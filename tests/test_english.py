"""The plan in English: glossary check, outline and indicator translations, committed data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geo import settings
from layers._validate import check_glossary
from layers.basebuild import _corrected_name_en
from layers.english import (
    english_indicators,
    english_outline,
    load_glossary,
    load_plan_en,
)
from layers.plan import load_indicators, load_outline, load_plan_items

HAN = re.compile(r"[\u3400-\u9fff]")

GLOSSARY = """\
- zh: 商圈
  en: Commercial District
  variants: [Commercial Districts]
- zh: 片区
  en: Zone
  exceptions:
    legal-area: an official name
"""


@pytest.fixture
def glossary(tmp_path: Path):
    path = tmp_path / "glossary.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return load_glossary(path)


def _items(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [dict(id=i, name_zh=zh, name_en=en, source_file="demo.yaml") for i, zh, en in rows]
    )


def test_a_name_that_misses_the_glossary_form_is_reported_with_file_id_and_field(glossary):
    items = _items(
        ("cd-good", "东街口商圈", "Dongjiekou Commercial District"),
        ("cd-bad", "熙街口商圈", "Xijiekou Shopping Area"),
        ("cd-plural", "TOD商圈", "Metro TOD Commercial Districts"),
    )
    problems = check_glossary(items, glossary)
    assert [str(p) for p in problems] == [
        "demo.yaml, id=cd-bad, field 'name_en': “商圈” is “Commercial District” in the "
        "glossary; not in 'Xijiekou Shopping Area'"
    ]


def test_exceptions_are_exempt_and_case_does_not_matter(glossary):
    items = _items(
        ("legal-area", "法务区福州片区", "Fuzhou Area of the Legal District"),
        ("zone-a", "现代服务片区", "Modern Services ZONE"),
        ("zone-b", "文旅融合片区", "Culture and Tourism Area"),
    )
    assert [p.item_id for p in check_glossary(items, glossary)] == ["zone-b"]


def test_sentence_case_names_are_reported(glossary):
    items = _items(("a", "福州低空经济", "Fuzhou low-altitude economy infrastructure"))
    (problem,) = check_glossary(items, glossary)
    assert problem.field == "name_en"
    assert "not in Title Case (low-altitude, economy, infrastructure)" in problem.message


def test_a_malformed_glossary_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "glossary.yaml"
    path.write_text("- zh: 商圈\n  en: 商业区\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"glossary.yaml: entry 1, field en: '商业区' is not"):
        load_glossary(path)
    path.write_text("- zh: 商圈\n", encoding="utf-8")
    with pytest.raises(ValueError, match="entry 1, field en: a non-empty string is required"):
        load_glossary(path)


OUTLINE = [
    {
        "number": 1,
        "title": "总体布局",
        "sections": [
            {
                "code": "1.1",
                "title": "空间格局",
                "subsections": [{"code": "1.1.1", "title": "双轴"}],
            }
        ],
        "boxes": [{"number": 1, "title": "重点项目"}],
    }
]


def test_the_outline_gets_english_titles_and_a_missing_one_is_reported():
    english = {"titles": {"1": "Overall Layout", "1.1": "Spatial Pattern", "box1": "Key Projects"}}
    outline, problems = english_outline(OUTLINE, english, "plan_en.yaml")
    assert outline[0]["title_en"] == "Overall Layout"
    assert outline[0]["title"] == "总体布局"  # the plan's wording stays
    assert outline[0]["sections"][0]["title_en"] == "Spatial Pattern"
    assert outline[0]["boxes"][0]["title_en"] == "Key Projects"
    assert [str(p) for p in problems] == [
        "plan_en.yaml, field 'titles.1.1.1': no English for “双轴”"
    ]


def test_indicator_cells_get_english_and_numbers_stay():
    table = pd.DataFrame(
        [
            {"table": "2", "category": "经济发展", "seq": "1", "indicator": "地区生产总值",
             "unit": "亿元", "planned_2025": "", "planned_growth": "", "value_2025": "3368.43",
             "growth": "[20]", "target_2030": "4000 以上", "attribute": "预期性", "notes": ""},
        ]
    )  # fmt: skip
    english = {
        "indicators": {"2.1": "Gross domestic product"},
        "phrases": {"经济发展": "Economic development", "亿元": "100 million yuan"},
    }
    out, problems = english_indicators(table, english, "plan_en.yaml")
    row = out.iloc[0]
    assert (row["indicator_en"], row["unit_en"], row["value_2025_en"], row["growth_en"]) == (
        "Gross domestic product", "100 million yuan", "3368.43", "[20]",
    )  # fmt: skip
    assert [str(p) for p in problems] == [
        "plan_en.yaml, field 'phrases': 表2 row 1, column target_2030: no English for “4000 以上”",
        "plan_en.yaml, field 'phrases': 表2 row 1, column attribute: no English for “预期性”",
    ]


def test_an_english_text_with_chinese_in_it_is_refused(tmp_path: Path):
    path = tmp_path / "plan_en.yaml"
    path.write_text('titles:\n  "1": "第一章"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"plan_en.yaml: titles.1: '第一章' is not English"):
        load_plan_en(path)


# --- The committed data -----------------------------------------------------------------------


def _nodes(outline: list[dict]):
    for chapter in outline:
        yield str(chapter["number"]), chapter
        for section in chapter["sections"]:
            yield section["code"], section
            for sub in section["subsections"]:
                yield sub["code"], sub
        for box in chapter["boxes"]:
            yield f"box{box['number']}", box


def test_every_outline_title_has_an_english_form():
    nodes = list(_nodes(load_outline()))
    assert len(nodes) == 172  # 12 chapters, their sections, subsections and 9 专栏 (by hand)
    missing = [code for code, node in nodes if not node.get("title_en")]
    chinese = [code for code, node in nodes if HAN.search(node.get("title_en", ""))]
    assert missing == [] and chinese == []
    assert all(HAN.search(node["title"]) for _, node in nodes)  # the plan's wording kept


def test_every_indicator_has_its_name_unit_and_notes_in_english():
    table = load_indicators()
    assert len(table) == 20 + 23  # 表1 has 20 rows, 表2 23 (counted in the plan text)
    for column in ("category", "indicator", "unit", "planned_2025", "planned_growth",
                   "value_2025", "growth", "target_2030", "attribute", "notes"):  # fmt: skip
        english = table[f"{column}_en"]
        assert not english.map(lambda v: bool(HAN.search(v))).any(), column
        assert (english.astype(bool) == table[column].astype(bool)).all(), column
    row = table[(table["table"] == "2") & (table["seq"] == "1")].iloc[0]
    assert (row["indicator_en"], row["unit_en"], row["target_2030_en"]) == (
        "Gross domestic product (GDP)", "100 million yuan", "over 4000",
    )  # fmt: skip


def test_the_committed_names_follow_the_glossary():
    items = load_plan_items()
    assert check_glossary(items, load_glossary()) == []
    names = dict(zip(items["id"], items["name_en"], strict=True))
    # the misleading names of issue 14, by hand
    assert names["street-governance-centers"].startswith("Subdistrict and Town")
    assert "First Batch" in names["pilot-quality-district"]
    assert names["ming-qing-architecture-museum"].startswith("Three Lanes and Seven Alleys as")
    assert "(" not in names["cons-main-axis"]  # no editor's note inside the name
    assert not items["name_en"].str.contains("Center").any()


def test_osm_misspelt_station_name_is_corrected_and_the_provenance_says_so():
    assert _corrected_name_en("陆庄", "Luzhaung") == "Luzhuang"
    assert _corrected_name_en("陆庄", "Luzhuang Station") == "Luzhuang Station"  # OSM fixed it
    assert _corrected_name_en("东街口", "Dongjiekou") == "Dongjiekou"
    stations = gpd.read_file(settings.BASE_DIR / "metro_stations.geojson")
    names = dict(zip(stations["name"], stations["name_en"], strict=True))
    assert names["陆庄"] == "Luzhuang" and "Luzhaung" not in names.values()
    provenance = json.loads((settings.BASE_DIR / "provenance.json").read_text(encoding="utf-8"))
    transforms = provenance["layers"]["metro_stations"]["transforms"]
    assert "name_en corrected where OSM's spelling is wrong: 陆庄 'Luzhaung' -> 'Luzhuang'" in (
        transforms
    )


def test_a_form_counts_only_as_whole_words(tmp_path: Path):
    path = tmp_path / "glossary.yaml"
    path.write_text("- zh: 人工智能\n  en: AI\n", encoding="utf-8")
    items = _items(
        ("a", "人工智能加速中心", "Artificial Intelligence Accelerator Chain"),  # "ai" in Chain
        ("b", "人工智能原生平台", "AI-Native Platform"),
    )
    assert [p.item_id for p in check_glossary(items, load_glossary(path))] == ["a"]


def test_an_outline_title_off_the_glossary_is_reported(glossary):
    outline = [{"number": 3, "title": "三片区协同", "sections": [], "boxes": []}]
    english = {"titles": {"3": "Coordinated Areas"}}
    _, problems = english_outline(outline, english, "plan_en.yaml", glossary)
    assert [str(p) for p in problems] == [
        "plan_en.yaml, field 'titles.3': “片区” is “Zone” in the glossary; not in "
        "'Coordinated Areas'"
    ]
