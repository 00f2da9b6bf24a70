"""Shipped scenario presets (TOML), read by :func:`analysis.priority.scenario.load_preset`."""
