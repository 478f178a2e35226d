"""Charters, agreements and the document library of a council."""
