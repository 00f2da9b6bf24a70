"""One number formatter for every reader: the screen, the PDFs and the HTML bulletin.

Spanish (the default) writes a decimal comma and a thin space between thousands
(``0,612``, ``12 346``); English writes a decimal point and a comma (``0.612``,
``12,346``). Machine-readable files (CSV, the open-data bundle) never use this module:
they keep plain numbers with a decimal point, as ``datapackage.json`` declares, so that
any program reads them.

Precision follows the size of the number unless ``decimals`` is given: three decimals
below 1, two below 10, one below 100, none from 100 on. Proportions are written as
percentages with one decimal when ``percent=True``.

Examples
--------
>>> format_number(0.6123)
'0,612'
>>> format_number(0.6123, "en")
'0.612'
>>> format_number(12345.678)
'12\u2009346'
>>> format_number(0.5604, percent=True)
'56,0\u00a0%'
>>> format_number(float("nan")), format_number(None, "en")
('sin dato', 'no data')
"""

from __future__ import annotations

import math

MISSING_TEXT: dict[str, str] = {"es": "sin dato", "en": "no data"}
"""What a missing value reads as, per language."""

THIN_SPACE = "\u2009"
NO_BREAK_SPACE = "\u00a0"


def decimals_for(value: float) -> int:
    """Decimals suited to the size of ``value`` (3 below 1, 2 below 10, 1 below 100, else 0).

    >>> [decimals_for(v) for v in (0.5, 5.0, 50.0, 500.0)]
    [3, 2, 1, 0]
    """
    magnitude = abs(value)
    if magnitude >= 100:
        return 0
    if magnitude >= 10:
        return 1
    if magnitude >= 1:
        return 2
    return 3


def format_number(
    value: object,
    language: str = "es",
    *,
    decimals: int | None = None,
    percent: bool = False,
    missing: str | None = None,
) -> str:
    """Write ``value`` for a reader of ``language`` (``"es"`` or ``"en"``).

    Parameters
    ----------
    value
        A number; ``None``, NaN, infinities and text that is not a number are missing.
    language
        ``"es"`` (decimal comma, thin-space thousands) or ``"en"``.
    decimals
        Fixed number of decimals; by default it follows the size (:func:`decimals_for`).
    percent
        Multiply by 100 and append ``%`` (one decimal unless ``decimals`` is given).
    missing
        Text for a missing value; default «sin dato» / «no data».

    Examples
    --------
    >>> format_number(1234.5, "en", decimals=1)
    '1,234.5'
    >>> format_number(-0.25, percent=True, decimals=0)
    '-25\u00a0%'
    >>> format_number("texto")
    'sin dato'
    """
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number):
        return missing if missing is not None else MISSING_TEXT.get(language, MISSING_TEXT["es"])
    if percent:
        number *= 100
        places = 1 if decimals is None else decimals
    else:
        places = decimals_for(number) if decimals is None else decimals
    text = f"{number:,.{places}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    if language != "en":
        text = text.replace(",", THIN_SPACE).replace(".", ",")
    return text + (NO_BREAK_SPACE + "%" if percent else "")
