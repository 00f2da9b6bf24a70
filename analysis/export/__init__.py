"""Outputs for others: the open-data bundle and the safety rules every output follows."""
