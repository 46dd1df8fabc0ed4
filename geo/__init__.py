"""Spatial core of the Gulou Plan Map: CRS, OSM ingestion, sources, validation.

Nothing in this package imports streamlit.
"""
