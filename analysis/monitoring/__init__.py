"""Seguimiento: the MMM's record of actions (5W), results and functioning (issue 10).

``models`` declares the tables (migration ``0002_monitoring``), ``service`` holds every rule
of who may create, edit and publish what, ``template`` writes the 5W Excel template and
``importer`` reads it back row by row.
"""
