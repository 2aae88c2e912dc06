"""Quotes and reported speech: quote marks, attribution cues, extraction, canonical quotes."""
