"""Currencies: "€18 million" where the sources raised "$18 million" is a changed unit.

Figures are compared as numbers with units elsewhere; a currency is not a unit that converts, so it
is read apart: the sign or code next to an amount must be the one the sources give that amount.
"""

from __future__ import annotations

import re
from functools import cache

from .grounding_checks import Claim
from .grounding_novelty import Finding
from .grounding_quantities import Figure, number_backed
from .grounding_sources import SourceIndex
from .grounding_text import glex

_SIGN = re.compile(r"(?P<mark>[^\w\s])$|\b(?P<code>[A-Z]{3})\s?$")
_AFTER = re.compile(r"^\s?(?:million|billion|thousand|bn|m|k)?\s?(?P<word>[A-Za-z]+)", re.I)


@cache
def _currencies() -> dict[str, str]:
    """Every sign, code and word of a currency, to the currency's code."""
    return {mark.lower(): code for code, marks in glex()["currencies"].items() for mark in marks}


def currency_of(text: str, figure: Figure) -> str | None:
    """The currency written next to an amount, if any ("$18 million", "EUR 9", "40 euros")."""
    before = _SIGN.search(text[max(0, figure.start - 4) : figure.start])
    after = _AFTER.match(text[figure.end : figure.end + 16])
    for mark in (
        before and (before.group("mark") or before.group("code")),
        after and after.group("word"),
    ):
        if mark and mark.lower() in _currencies():
            return _currencies()[mark.lower()]
    return None


def check_currency(claim: Claim, index: SourceIndex) -> Finding | None:
    """An amount's currency must be the one the sources give the same amount."""
    for figure in claim.figures:
        mine = currency_of(claim.masked, figure)
        if figure.kind != "number" or mine is None:
            continue
        theirs = {
            currency_of(source, s)
            for source, figures in zip(index.sources, index.figures, strict=True)
            for s in figures
            if number_backed(figure._replace(unit=None), s._replace(unit=None), set())
        } - {None}
        if theirs and mine not in theirs:
            given = ", ".join(sorted(c for c in theirs if c))
            return Finding(
                "contradicted", f"{figure.text} is in {given} in the sources, not {mine}"
            )
    return None
