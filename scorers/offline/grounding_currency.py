"""Currencies: "€18 million" where the sources raised "$18 million" is a changed unit.

Figures are compared as numbers with units elsewhere; a currency is not a unit that converts, so it
is read apart: the sign or code next to an amount must be the one the sources give that amount.
"""

from __future__ import annotations

import re

from .grounding_novelty import Finding
from .grounding_quantities import Figure, number_backed
from .grounding_sources import SourceIndex

_SIGNS = {"$": "usd", "€": "eur", "£": "gbp", "¥": "jpy"}
_WORDS = {
    "dollar": "usd",
    "dollars": "usd",
    "usd": "usd",
    "euro": "eur",
    "euros": "eur",
    "eur": "eur",
    "pound": "gbp",
    "pounds": "gbp",
    "sterling": "gbp",
    "gbp": "gbp",
    "yen": "jpy",
    "jpy": "jpy",
    "chf": "chf",
    "francs": "chf",
}
_BEFORE = re.compile(r"(?:(?P<sign>[$€£¥])|\b(?P<code>USD|EUR|GBP|JPY|CHF)\s?)$")
_AFTER = re.compile(r"^\s?(?:million|billion|thousand|bn|m|k)?\s?(?P<word>[A-Za-z]+)", re.I)


def currency_of(text: str, figure: Figure) -> str | None:
    """The currency written next to an amount, if any ("$18 million", "EUR 9", "40 euros")."""
    before = _BEFORE.search(text[max(0, figure.start - 4) : figure.start])
    if before:
        return (
            _SIGNS[before.group("sign")] if before.group("sign") else before.group("code").lower()
        )
    after = _AFTER.match(text[figure.end : figure.end + 16])
    if after and after.group("word").lower() in _WORDS:
        return _WORDS[after.group("word").lower()]
    return None


def check_currency(masked: str, figures: list[Figure], index: SourceIndex) -> Finding | None:
    """An amount's currency must be the one the sources give the same amount."""
    for figure in figures:
        mine = currency_of(masked, figure)
        if figure.kind != "number" or mine is None:
            continue
        theirs = {
            currency_of(source, s)
            for source, figures in zip(index.sources, index.figures, strict=True)
            for s in figures
            if number_backed(figure._replace(unit=None), s._replace(unit=None), set())
        }
        theirs.discard(None)
        if theirs and mine not in theirs:
            given = ", ".join(sorted(c for c in theirs if c))
            return Finding(
                "contradicted", f"{figure.text} is in {given} in the sources, not {mine}"
            )
    return None
