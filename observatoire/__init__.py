"""Observatoire de l'habitat de la Communauté Urbaine d'Arras : logique hors Streamlit."""
