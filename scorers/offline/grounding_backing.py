"""Whether the sources back a figure of a claim: directly, or through what they imply.

A number is backed by an equal or compatibly rounded source number (grounding_quantities.py); a
date, month, year, weekday or clock time by the same one in a source; and a span or share by what
the sources imply: 37 minutes from 02:10 to 02:47, 90% from "18 of 20".
"""

from __future__ import annotations

import re
from datetime import date
from itertools import combinations, permutations

from .grounding_quantities import Figure, number_backed, unit_info

_PART_OF = re.compile(
    r"(?<![\d.,])(\d[\d,]*)\s+(?:of|out\s+of)\s+(?:the\s+)?(\d[\d,]*)(?![\d.,]\d)"
)


def derived_shares(text: str) -> list[Figure]:
    """Percentages the sources imply: '18 of 20 places' is 90%."""
    out = []
    for m in _PART_OF.finditer(text):
        part, whole = float(m.group(1).replace(",", "")), float(m.group(2).replace(",", ""))
        if 0 < part <= whole:
            out.append(Figure("number", m.group(0), 0, 0, 100 * part / whole, "%", 1))
    return out


def derived_durations(figures: list[Figure]) -> list[Figure]:
    """Spans the sources imply: between two clock times, two durations or two dates."""
    out: list[Figure] = []
    times = sorted({f.value for f in figures if f.kind == "time"})
    spans = sorted({f.value for f in figures if f.kind == "number" and f.unit == "min"})
    for values in (times, spans):
        for a, b in combinations(values, 2):
            out.append(Figure("number", "", 0, 0, abs(b - a), "min"))
    days = {
        date(f.parts[2] or 2024, f.parts[1], f.parts[0]).toordinal()
        for f in figures
        if f.kind == "date" and _valid(f.parts)
    }
    for a, b in combinations(sorted(days), 2):
        out.append(Figure("number", "", 0, 0, float(b - a), "days"))
    return out


def ratios(figures: list[Figure]) -> list[Figure]:
    """Shares and changes a source implies between two amounts of one kind ("spent £3.46m, of
    which £2.91m" is 84%; "412,000 kWh, down from 372,000" is a 10% change)."""
    amounts = [
        (unit_info(f.unit) or ("", 1.0), f.value)
        for f in figures
        if f.kind == "number" and f.value > 0 and unit_info(f.unit) != ("percent", 1.0)
    ]
    shares, changes = [], []
    for (kind_a, a), (kind_b, b) in permutations(amounts, 2):
        if kind_a[0] != kind_b[0]:
            continue
        part, whole = a * kind_a[1], b * kind_b[1]
        if part < whole:
            shares.append(Figure("number", "", 0, 0, 100 * part / whole, "%", 1))
        if a != b:  # "rose by roughly 4%", "about 6% short of the target"
            changes.append(Figure("number", "", 0, 0, 100 * abs(part - whole) / whole, "%", 1))
    return shares + changes


def derived_totals(figures: list[Figure]) -> list[Figure]:
    """Totals a source implies: its amounts of one unit added up (7.5 h + 8 h + 6 h = 21.5 h)."""
    by_unit: dict[str, list[Figure]] = {}
    for f in figures:
        if f.kind == "number" and f.unit and unit_info(f.unit) and f.scale == 1.0:
            by_unit.setdefault(f.unit, []).append(f)
    return [
        Figure("number", "", 0, 0, sum(f.value for f in fs), unit)
        for unit, fs in by_unit.items()
        if len(fs) > 1 and unit_info(unit) != ("percent", 1.0)
    ]


_DIFFERENCE_CUE = re.compile(
    r"\b(?:leav\w*|left|remain\w*|difference|gap|margin|short|more|fewer|less|extra|additional"
    r"|increase\w*|decrease\w*|r[io]se|grew|fell|dropped|up|down|gain\w*|lost|spare|below|above"
    r"|higher|lower|cheaper|dearer|costlier|shorter|longer|faster|slower|behind|ahead|than)\b",
    re.IGNORECASE,
)


def difference_backed(claim: Figure, text: str, per_source: list[list[Figure]]) -> bool:
    """A figure stated as a difference ("which leaves 150,000", "12 more") that is the gap between
    two amounts of one source; an unmarked figure is never read as one (88 - 12 is no score)."""
    near = text[max(0, claim.start - 30) : claim.end + 30]
    sums = bool(_WHOLE_CUE.search(text[max(0, claim.start - 12) : claim.start]))  # "34 of the 40"
    if claim.kind != "number" or not (_DIFFERENCE_CUE.search(near) or sums):
        return False
    groups = [*per_source, [f for fs in per_source for f in fs]]  # each source, then all together
    made = [d for fs in groups for d in differences(fs, sums)]
    bare = claim._replace(unit=None)  # "14 ms higher" from a column "p95_latency_ms: 212 (198)"
    return any(number_backed(claim, d, set()) or number_backed(bare, d, set()) for d in made)


_SUM_CUE = re.compile(r"\(|\b(?:of\s+the|out\s+of|total\w*|in\s+all|combined|altogether)\b", re.I)
_WHOLE_CUE = re.compile(r"\b(?:of(?:\s+the)?|out\s+of|total(?:\s+of)?|in\s+all)\s*$", re.I)
_PAIR = re.compile(r"^\s*[-–]\s*\d|[-–]\s*$")


def stated_arithmetic(claim: Figure, figures: list[Figure], text: str) -> bool:
    """A figure the claim's own other figures make, said as such: "53 not closed (41 open and 12
    pending)", "55 GBP cheaper (365 versus 420 GBP)", "34 of the 40 respondents". The other figures
    are checked against the sources in their own right; a score or range ("88-76") is a pair."""
    near = text[max(0, claim.start - 40) : claim.end + 40]
    if claim.kind != "number" or not (_DIFFERENCE_CUE.search(near) or _SUM_CUE.search(near)):
        return False
    if _PAIR.search(text[claim.end : claim.end + 3]) or _PAIR.search(
        text[max(0, claim.start - 2) : claim.start]
    ):
        return False
    others = [f for f in figures if f.kind == "number" and f.start != claim.start]
    for a, b in permutations(others, 2):
        if (a.unit or claim.unit) and a.unit != b.unit:
            continue
        made = [Figure("number", "", 0, 0, a.value + b.value, a.unit)]
        made.append(Figure("number", "", 0, 0, abs(a.value - b.value), a.unit))
        if b.value and a.unit != "%":
            made.append(Figure("number", "", 0, 0, 100 * a.value / b.value, "%"))
        if any(number_backed(claim, m, set()) for m in made if m.value > 0):
            return True
    return False


def differences(figures: list[Figure], sums: bool = False) -> list[Figure]:
    """What is left between two amounts of one unit in a source (2,000,000 - 1,850,000 = 150,000
    tokens), or with `sums` what they make together (34 yes + 6 no = 40 respondents), for sources
    with few enough amounts that a match is unlikely to be chance."""
    amounts = [f for f in figures if f.kind == "number" and f.unit != "%"]
    if len(amounts) > 8:
        return []
    pairs = [(a, b) for a, b in combinations(amounts, 2) if a.unit == b.unit]
    made = [Figure("number", "", 0, 0, abs(a.value - b.value), a.unit) for a, b in pairs]
    if sums:
        made += [Figure("number", "", 0, 0, a.value + b.value, a.unit) for a, b in pairs]
    return [m for m in made if m.value > 0]


def _valid(parts: tuple[int, int, int]) -> bool:
    try:
        date(parts[2] or 2024, parts[1], parts[0])
    except ValueError:
        return False
    return True


_TIME_SLACK = 15.0  # minutes: "just before 04:00" for 03:57, "around 9:30" for 09:24


def _time_near(claim: Figure, source: float) -> bool:
    """A clock time as the sources give it, or near it under a hedge on the right side."""
    gap = source - claim.value
    if not claim.hedge or gap == 0:
        return gap == 0
    if claim.hedge.endswith("below"):
        return -_TIME_SLACK <= gap < 0
    if claim.hedge.endswith("above"):
        return 0 < gap <= _TIME_SLACK
    return abs(gap) <= _TIME_SLACK


def calendar_backed(claim: Figure, sources: list[Figure]) -> bool:
    """Whether a date, month, year, weekday or clock time of the claim is in the sources."""
    day, month, year = claim.parts
    years = {f.parts[2] for f in sources if f.parts[2]}
    if claim.kind == "time":
        return any(f.kind == "time" and _time_near(claim, f.value) for f in sources)
    if claim.kind == "weekday":
        return any(f.kind == "weekday" and f.text == claim.text for f in sources)
    if claim.kind == "year":  # or a table's plain number ("from 2015 to 2230 sign-ups")
        return year in years or any(f.kind == "number" and f.value == year for f in sources)
    dated = [f for f in sources if f.kind in ("date", "month")]
    for f in dated:
        if (month and f.parts[1] != month) or (day and f.parts[0] != day):
            continue  # "the 11th" (no month) matches any 11th
        if not year or f.parts[2] == year or (not f.parts[2] and year in years):
            return True
    return False


def figure_backed(
    claim: Figure,
    per_source: list[list[Figure]],
    units: list[set[str]],
    texts: tuple[str, ...] = (),
) -> bool:
    """Whether any source figure (or a span the sources imply) backs the claim figure.

    Args:
      claim: The figure of the claim.
      per_source: The figures of each source.
      units: The units each source mentions (a bare table value takes its heading's unit).
      texts: The sources themselves, for shares they imply ("18 of 20").
    """
    flat = [f for figures in per_source for f in figures]
    if claim.kind != "number":
        return calendar_backed(claim, flat)
    for figures, units_there in zip(per_source, units, strict=True):
        if any(number_backed(claim, s, units_there) for s in figures):
            return True
    if any(number_backed(claim, t, set()) for fs in per_source for t in derived_totals(fs)):
        return True
    info = unit_info(claim.unit)
    if info and info[0] == "time":
        return any(number_backed(claim, d, set()) for d in derived_durations(flat))
    if info and info[0] == "percent" and claim.hedge:
        shares = derived_shares(" ".join(texts)) + [r for fs in per_source for r in ratios(fs)]
        return any(number_backed(claim, d, set()) for d in shares)
    return False
