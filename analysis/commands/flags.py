"""Checks of command-line numbers, so that a bad flag is one clear line, not a silent
acceptance (``--draws -5``) or a traceback deep in the engine (``--k 0``).

Each check raises :class:`~analysis.errors.RaicesError` naming the flag; the limits are
those of the scenario (:mod:`analysis.priority.scenario`), stated once there.
"""

from __future__ import annotations

import math
import sys

from analysis.errors import RaicesError
from analysis.priority.scenario_validation import TERRITORIES
from analysis.priority.uncertainty import DRAW_COST, MAX_DRAWS

COSTLY_DRAWS = 10_000
"""From this many Monte-Carlo draws on, the command says what they will cost first."""


def check_range(
    value: float | None,
    flag: str,
    *,
    low: float | None = None,
    high: float | None = None,
    what: str = "",
) -> None:
    """Refuse a flag value outside ``[low, high]`` (``None`` = flag not given: accepted).

    Examples
    --------
    >>> check_range(5, "--k", low=1, high=340)
    >>> check_range(0, "--k", low=1, high=340, what="el tamaño del «top»")
    Traceback (most recent call last):
    ...
    analysis.errors.RaicesError: columna «--k»: el tamaño del «top» debe estar entre 1 y 340 \
(se recibió 0)
    """
    if value is None:
        return
    if (
        not math.isfinite(value)
        or (low is not None and value < low)
        or (high is not None and value > high)
    ):
        if low is not None and high is not None:
            bounds = f"entre {low:g} y {high:g}"
        elif low is not None:
            bounds = f"≥ {low:g}"
        else:
            bounds = f"≤ {high:g}"
        subject = what or "el valor"
        raise RaicesError(f"{subject} debe estar {bounds} (se recibió {value:g})", column=flag)


def draws_cost(draws: int) -> str:
    """What ``draws`` Monte-Carlo draws cost on the 340 municipios, in words.

    Examples
    --------
    >>> draws_cost(100_000)
    '100000 simulaciones tardan ≈ 18 s y usan ≈ 1070 MB de memoria'
    """
    seconds = draws / 1000 * DRAW_COST["seconds_per_1000"]
    megabytes = draws / 1000 * DRAW_COST["mb_per_1000"]
    return f"{draws} simulaciones tardan ≈ {seconds:.0f} s y usan ≈ {megabytes:.0f} MB de memoria"


def check_draws(draws: int | None, flag: str = "--draws") -> None:
    """Refuse draws outside ``0…MAX_DRAWS``; say what a large number costs before it runs."""
    check_range(draws, flag, low=0, high=MAX_DRAWS, what="el número de simulaciones")
    if draws is not None and draws >= COSTLY_DRAWS:
        print(f"Aviso: {draws_cost(draws)}.", file=sys.stderr, flush=True)


def check_k(k: int | None, flag: str, level: str = "municipio") -> None:
    """Refuse a top or pilot size outside ``1…`` the number of territories of ``level``."""
    check_range(k, flag, low=1, high=TERRITORIES[level], what=f"el número de {level}s")


def check_common(args: object) -> None:
    """The numeric flags several commands share, checked when the command has them."""
    get = getattr
    check_range(get(args, "seed", None), "--seed", low=0, high=2**63 - 1, what="la semilla")
    check_range(
        get(args, "permutations", None),
        "--permutations",
        low=99,
        high=99_999,
        what="el número de permutaciones",
    )
    alpha = get(args, "alpha", None)
    if alpha is not None and not 0 < alpha < 1:
        raise RaicesError(
            f"el nivel de significación debe estar entre 0 y 1 (se recibió {alpha:g})",
            column="--alpha",
        )
    check_range(get(args, "k_min", None), "--k-min", low=2, high=50, what="k mínimo")
    k_max = get(args, "k_max", None)
    check_range(k_max, "--k-max", low=max(2, get(args, "k_min", 2) or 2), high=50, what="k máximo")
    check_range(get(args, "repeats", None), "--repeats", low=1, high=1000, what="las repeticiones")
