"""Properties that must hold for any text: normalisation, codes, output safety."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analysis.export.safety import FORMULA_PREFIXES, neutralise_text, safe_filename
from analysis.userdata.matching import parse_code
from analysis.userdata.names import normalise_name
from analysis.userdata.reading import repair_mojibake


@given(st.text())
def test_normalise_name_is_idempotent_and_plain(text):
    once = normalise_name(text)
    assert normalise_name(once) == once
    assert once == once.strip() and once.isascii() and once == once.lower()


@given(st.text())
def test_neutralised_text_never_starts_a_formula(text):
    safe = neutralise_text(text)
    assert not safe.startswith(FORMULA_PREFIXES)
    assert safe.endswith(text)


@given(st.text())
def test_safe_filename_has_no_folders(text):
    name = safe_filename(text)
    assert name and "/" not in name and "\\" not in name and not name.startswith(".")
    assert name.isascii()


@given(st.integers(min_value=101, max_value=2217))
def test_codes_round_trip_through_pcodes(code):
    assert parse_code(f"GT{code:04d}") == code
    assert parse_code(f"{code:04d}") == code
    assert parse_code(code) == code


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzáéíóúñüÉÓÚÑ ,.-", max_size=40))
def test_mojibake_repair_undoes_double_decoding(text):
    # What a spreadsheet does to UTF-8 read as Windows-1252 (Á and Í have no such form).
    broken = text.encode("utf-8").decode("cp1252")
    assert repair_mojibake(broken) == text
    assert repair_mojibake(text) == text
