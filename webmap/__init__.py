"""The web map's presentation: folium base and plan maps, styles, legend, assets, words (i18n)
and the briefing outputs (offline HTML, print). Never imports build code or Streamlit."""
