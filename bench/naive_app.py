"""The naive baseline of the benchmark: the same layers via GeoDataFrame.explore() into
st_folium, reloaded and rebuilt on every run, with no caching and no simplification.

Not part of the product; ``bench/bench_map.py`` runs it beside ``app.py``.
"""

from __future__ import annotations

import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from geo import settings
from layers.plan import filter_items, load_plan_items

st.set_page_config(layout="wide")
chapters = st.sidebar.multiselect("chapter", list(range(1, 13)), key="w_ch")
items = filter_items(load_plan_items(), chapters=chapters)
st.markdown(f"当前显示 {len(items)} 项")

m = None
for name in ("neighbours", "district", "roads", "metro_lines", "metro_stations"):
    layer = gpd.read_file(settings.BASE_DIR / f"{name}.geojson")
    m = layer.explore(m=m, name=name)
placed = items[items.geometry.notna()]
placed = placed[["id", "name_zh", "name_en", "kind", "layer", "status", "geometry"]]
m = placed.explore(m=m, column="status", name="plan")
st_folium(m, height=620, use_container_width=True)
