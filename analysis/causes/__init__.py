"""Analyses of the causes: spatial patterns, typologies, associated factors, trends, lenses."""
