"""Streamlit pages of the Gulou Plan Map (registered by ``app.py`` through ``st.navigation``)."""
