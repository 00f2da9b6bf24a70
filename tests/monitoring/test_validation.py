"""Parsing of typed values for monitoring records (no store needed)."""

from __future__ import annotations

import pytest

from analysis.errors import RaicesError
from analysis.monitoring.validation import (
    Problem,
    parse_count,
    parse_money,
    parse_territories,
    raise_problems,
)


def test_territories_accept_codes_pairs_and_mappings():
    found, problems = parse_territories(
        [1301, ("departamento", 13), {"level": "municipio", "code": "101"}, 1301, ""]
    )
    assert problems == []
    assert found == [("departamento", 13), ("municipio", 101), ("municipio", 1301)]


def test_territories_name_every_unknown_code_and_ask_for_one():
    found, problems = parse_territories([9999, "abc", ("departamento", 23)])
    assert found == []
    assert [p.message for p in problems] == [
        "no existe el municipio con código 9999",
        "código de territorio no válido «abc»",
        "no existe el departamento con código 23",
    ]
    assert parse_territories([])[1] == [
        Problem("territories", "indique al menos un municipio o departamento")
    ]


@pytest.mark.parametrize("text", ["mucho", "1e999", True])
def test_money_refuses_what_is_not_an_amount(text):
    with pytest.raises(ValueError):
        parse_money(text)


@pytest.mark.parametrize("text", ["-1", "1.5", "x"])
def test_a_count_of_people_is_a_whole_number_of_zero_or_more(text):
    with pytest.raises(ValueError):
        parse_count(text)
    assert parse_count("1,200") == 1200


def test_every_problem_is_named_in_one_error():
    raise_problems([])
    with pytest.raises(RaicesError) as caught:
        raise_problems(
            [Problem("title", "falta el título"), Problem("end_date", "anterior")], table="actions"
        )
    assert caught.value.column == "title"
    assert "«end_date»: anterior" in str(caught.value)
