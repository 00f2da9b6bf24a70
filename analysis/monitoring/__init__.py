"""Seguimiento: the MMM's record of actions (5W), results and functioning (issue 10).

``models`` declares the tables (migration ``0002_monitoring``). Every rule of who may
create, edit and publish what lives in one module per kind of record: ``actions`` (5W),
``results`` (indicators and measurements) and ``meetings`` (meetings and agreements), on
top of ``validation`` (parsing typed values), ``changes`` (the one add and update path,
with locking and audit) and ``lifecycle`` (delete, restore, publish, who may read what).
``template`` writes the 5W Excel template and ``importer`` reads it back row by row.
"""
