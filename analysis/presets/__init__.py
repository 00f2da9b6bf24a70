"""Shipped scenario presets (TOML), read by :func:`analysis.scenario.load_preset`."""
