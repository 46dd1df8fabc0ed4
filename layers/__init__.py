"""The plan and base layers as data: records and their schema, vocabularies, the base-layer
registry, loaders, filters and search, spatial queries and table exports (read by the app and
the CLI), and the build side run by ``gulou-map build/validate`` only: the plan-text parser,
the base and plan builds and their checks (``plantext``, ``basebuild``, ``planbuild``,
``_validate``, ``_validate_base``).

Nothing in this package imports Streamlit or folium.
"""
