"""Printed outputs in Spanish: the context-analysis report and the periodic bulletin.

Modules
-------
common    PDF frame (fonts, header, stamped footer), number formatting, national values
context   context-analysis PDF for one municipio or a scenario's pilot set
bulletin  dated bulletin (PDF + HTML + JSON snapshot) and what changed since the last one
"""
