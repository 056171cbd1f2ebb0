"""Counts written as words: "Six roles are still open" against a source's "5 roles still open".

Spelled numbers are otherwise read only before a unit ("a six-year-old"), because "two of the
three regions" counts what the sources list rather than quoting a figure of theirs. A spelled count
is held to the sources only where they count the same thing themselves (a number right before the
same noun), so paraphrased tallies of listed items stay free.
"""

from __future__ import annotations

import re
from functools import cache

from .grounding_checks import Claim
from .grounding_novelty import Finding
from .grounding_quantities import unit_words
from .grounding_sources import SourceIndex
from .grounding_text import glex

_SMALLEST, _LARGEST = 2, 20


@cache
def _count_pattern() -> re.Pattern[str]:
    words = "|".join(w for w, n in glex()["number_words"].items() if _SMALLEST <= n <= _LARGEST)
    return re.compile(rf"\b(?P<num>{words})\s+(?P<noun>[A-Za-z][a-z-]{{2,}})\b", re.IGNORECASE)


def _stem(noun: str) -> str:
    noun = noun.lower()
    for ending in ("ies", "es", "s"):
        if noun.endswith(ending) and len(noun) - len(ending) >= 3:
            return noun[: -len(ending)]
    return noun


def source_counts(noun: str, sources: list[str]) -> list[tuple[float, str]]:
    """Every count the sources give of this noun, in digits or words, with its sentence."""
    stem = re.escape(_stem(noun))
    words = glex()["number_words"]
    spelled = "|".join(words)
    pattern = re.compile(
        rf"(?<![\d.,])\b(?P<num>\d+(?:\.\d+)?|{spelled})\s+(?P<noun>{stem}(?:s|es|ies)?)\b",
        re.IGNORECASE,
    )
    found: list[tuple[float, str]] = []
    for source in sources:
        for m in pattern.finditer(source):
            raw = m.group("num").lower()
            value = float(raw) if raw[0].isdigit() else float(words[raw])
            found.append((value, source[max(0, m.start() - 60) : m.end() + 40].strip()))
    return found


def check_spelled_counts(claim: Claim, index: SourceIndex) -> Finding | None:
    """A spelled count must be one the sources give for the same noun (or their total)."""
    for m in _count_pattern().finditer(claim.masked):
        if m.group("noun").lower() in unit_words():
            continue  # "three hours" is a quantity, checked with the figures
        value = int(glex()["number_words"][m.group("num").lower()])
        counts = source_counts(m.group("noun"), index.sources)
        if not counts:
            continue
        values = [v for v, _ in counts]
        if value in values or value == sum(values):
            continue
        return Finding(
            "contradicted",
            f"{m.group(0)}: the sources count {m.group('noun')} as "
            + ", ".join(f"{v:g}" for v in values),
            counts[0][1],
        )
    return None
