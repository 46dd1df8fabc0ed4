"""The plan's layers as GeoDataFrames, their styles and the folium map built from them.

Nothing in this package imports streamlit.
"""
