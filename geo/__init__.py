"""Spatial core of the Gulou Plan Map: reference systems and projection, GeoJSON reading and
writing, the offline source readers, OpenStreetMap (online and .osm XML), the street network,
the district boundary, settings and errors.

Nothing in this package imports Streamlit or folium.
"""
