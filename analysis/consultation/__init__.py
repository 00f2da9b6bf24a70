"""Consultation rounds: participatory weighting of the index and validation of the pilot plan.

Modules, one concern each: :mod:`~analysis.consultation.elicitation` (budget allocation and
AHP for one participant), :mod:`~analysis.consultation.responses` (a round's answers as
tables), :mod:`~analysis.consultation.aggregation` (combined weights, by group, with
spread), :mod:`~analysis.consultation.agreement` (Kendall's W, group correlation, divisive
themes), :mod:`~analysis.consultation.consequences` (rankings and pilot sets under every
voice), :mod:`~analysis.consultation.consensus` (the consensus as a scenario),
:mod:`~analysis.consultation.models` and :mod:`~analysis.consultation.service` (rounds and
submissions in the operational store), :mod:`~analysis.consultation.template` and
:mod:`~analysis.consultation.importer` (paper workshops), :mod:`~analysis.consultation.report`
(PDF) and :mod:`~analysis.consultation.opendata` (anonymised open data).
"""
