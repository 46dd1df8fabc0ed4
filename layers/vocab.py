"""Controlled vocabularies of the plan dataset, each code with its Chinese and English label.

One place for the codes that the YAML sources, the validation, the map styles, the filters and
the exports share.
"""

from __future__ import annotations

from typing import NamedTuple


class Term(NamedTuple):
    """A code of a vocabulary with its labels."""

    zh: str
    en: str


#: Project status, with the plan's own wording as basis (see ``status_basis``).
STATUSES: dict[str, Term] = {
    "completed": Term("已建成", "Completed"),
    "underway": Term("推进中", "Underway"),
    "planned": Term("谋划/新建", "Planned / new"),
    "upgrading": Term("提升改造", "Upgrading"),
    "existing": Term("现状依托", "Existing (built on)"),
}

#: Map groups, in the order the plan thinks of them (also the legend order).
LAYERS: dict[str, Term] = {
    "structure": Term("空间结构", "Spatial structure"),
    "axis_landmarks": Term("中轴地标", "Central-axis landmarks"),
    "new_eight": Term("闽都消费新八景", "New Eight Scenes"),
    "commercial": Term("商圈与消费", "Commercial districts"),
    "parks_water": Term("公园与水系", "Parks & water"),
    "heritage": Term("历史文化", "Heritage & culture"),
    "projects": Term("重点项目", "Project sites"),
    "innovation": Term("创新载体", "Innovation carriers"),
    "public_services": Term("公共服务", "Public services"),
}

KINDS: dict[str, Term] = {
    "axis": Term("发展轴", "Axis"),
    "zone": Term("片区", "Zone"),
    "belt": Term("产业带/文化带", "Belt"),
    "area": Term("片区/街区", "Area"),
    "landmark": Term("地标", "Landmark"),
    "scenic_spot": Term("新八景", "Scenic spot"),
    "commercial_district": Term("商圈", "Commercial district"),
    "commercial_complex": Term("商业载体", "Commercial complex"),
    "park": Term("公园", "Park"),
    "hill": Term("山体", "Hill"),
    "water": Term("水系", "Water"),
    "greenway": Term("绿道/步道", "Greenway"),
    "street": Term("街巷", "Street"),
    "historic_site": Term("历史遗存", "Historic site"),
    "cultural_venue": Term("文化场馆", "Cultural venue"),
    "project_site": Term("项目", "Project site"),
    "carrier": Term("产业载体", "Innovation carrier"),
    "platform": Term("平台", "Platform"),
    "enterprise": Term("企业", "Enterprise"),
    "school": Term("学校", "School"),
    "hospital": Term("医院", "Hospital"),
    "housing": Term("住房", "Housing"),
    "sports": Term("体育设施", "Sports facility"),
    "elderly_care": Term("养老", "Elderly care"),
    "childcare": Term("托育", "Childcare"),
    "community": Term("社区", "Community"),
    "facility": Term("公共设施", "Facility"),
    "infrastructure": Term("基础设施", "Infrastructure"),
    "partner_place": Term("协作地区", "Partner place"),
}

PRECISIONS: dict[str, Term] = {
    "surveyed": Term("实测（OSM）", "Surveyed (OSM)"),
    "approximate": Term("近似位置（约±150米）", "Approximate (±150 m)"),
    "vicinity": Term("大致方位（约±500米）", "Vicinity (±500 m)"),
    "schematic": Term("示意范围", "Schematic"),
}

UNMAPPED_REASONS: dict[str, Term] = {
    "outside_district": Term("位于鼓楼区外", "Outside the district"),
    "digital": Term("数字平台，无实体位置", "Digital platform, no site"),
    "not_locatable": Term("无单一位置", "No single site"),
    "not_found_offline": Term("离线资料中未找到位置", "Not found offline"),
}

#: Counts the plan text states, checked by the validation.
EXPECTED_COUNTS: dict[str, int] = {
    "axis": 2,
    "zone": 3,
    "scenic_spot": 8,
    "boxes": 9,
    "chapters": 12,
}


def label(vocabulary: dict[str, Term], code: str, lang: str = "zh") -> str:
    """
    Return the label of a code in a language.

    Parameters
    ----------
    vocabulary : dict of str to Term
        One of the vocabularies of this module.
    code : str
        A code of it.
    lang : {"zh", "en"}
        The language.

    Returns
    -------
    str
        The label, or the code itself when the vocabulary does not know it.
    """
    term = vocabulary.get(code)
    if term is None:
        return code
    return term.en if lang == "en" else term.zh


def name_field(lang: str = "zh", zh: str = "name_zh") -> str:
    """The column holding a name in ``lang``: ``name_en`` for English, else ``zh``.

    Plan items name their Chinese column ``name_zh``; the base layers call it ``name``.

    Parameters
    ----------
    lang : str
        The interface language; ``en`` for English, any other value for Chinese.
    zh : str
        The Chinese name column of the layer at hand.

    Returns
    -------
    str
        A column name: ``name_en`` or `zh`.
    """
    return "name_en" if lang == "en" else zh


def item_name(item, lang: str = "zh") -> str:
    """
    The item's name in the interface language.

    Parameters
    ----------
    item : Series or mapping
        One plan item, with ``name_zh`` (and ``name_en`` for English).
    lang : str
        The interface language, as for :func:`name_field`.

    Returns
    -------
    str
        The value of ``name_en`` for ``en``, else of ``name_zh``, as a string.
    """
    return str(item[name_field(lang)])
