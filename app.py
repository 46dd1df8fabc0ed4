"""Streamlit page: the map of Gulou District's 15th Five-Year Plan (first shell: the base map).

Run with ``streamlit run app.py``. Everything the browser loads comes from this server
(``static/vendor`` and ``static/base``): the page works offline.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from layers import webmap
from layers.i18n import t

LANG = "zh"
MAP_HEIGHT = 640
#: Only a click on a map object reruns the script; panning and zooming do not.
RETURNED_OBJECTS = ["last_object_clicked"]

st.set_page_config(page_title=t("app_title", LANG), layout="wide")
st.title(t("app_title", LANG))

try:
    fmap = webmap.base_map(LANG)
except (FileNotFoundError, ValueError) as err:
    st.error(str(err))
    st.stop()

webmap.add_layer_control(fmap)
st_folium(
    fmap,
    key="gulou_map",
    height=MAP_HEIGHT,
    use_container_width=True,
    returned_objects=RETURNED_OBJECTS,
)
st.caption(t("credits", LANG))
