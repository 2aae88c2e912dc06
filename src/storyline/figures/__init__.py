"""Figures: number phrases, the unit lexicon, sources, claims, series and conflicts."""
