"""Cached calls for the returnees-by-sex-and-age section of the Tendencias page.

Each function is a cached call of one :mod:`analysis.causes.trends` function keyed by small
hashable arguments; nothing here computes.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import streamlit as st


@st.cache_data(show_spinner=False, max_entries=8)
def returnees(lens: str, period: str) -> pd.DataFrame:
    """Returnees per period and group of ``lens`` (empty when the build predates the table)."""
    from analysis.causes.trends import load_returnees_monthly, returnees_by_lens

    try:
        monthly = load_returnees_monthly()
    except duckdb.CatalogException:
        return pd.DataFrame(columns=["period", "group", "persons", "share", "key_segment"])
    return returnees_by_lens(monthly, lens=lens, period=period)
