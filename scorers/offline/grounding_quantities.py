"""Figures in a text (numbers with units, clock times, dates) and whether a source figure backs one.

Embeddings see "2,431" and "2,481" as the same; these exact checks do not. A claim figure is backed
by a source figure when the two are equal after unit conversion (0.42 kg = 420 g), when the claim
rounds it under a hedge ("about 25%" for 24.6%, "nearly 3,900" for 3,870), or when it is a span the
sources imply (37 minutes from 02:10 to 02:47). A changed digit, unit (ms for s) or month is not.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from .grounding_notations import csv_cells, tool_notations
from .grounding_text import glex, is_code, tokens
from .text import SCALE_WORDS

Kind = str  # "number" | "time" | "date" | "year" | "month" | "weekday"


class Figure(NamedTuple):
    """A figure in a text. Dates keep day/month/year in `parts`; numbers a value and a unit."""

    kind: Kind
    text: str
    start: int
    end: int
    value: float = 0.0
    unit: str | None = None
    decimals: int = 0
    hedge: str | None = None
    spelled: bool = False
    parts: tuple[int, int, int] = (0, 0, 0)  # day, month, year (0 = not given)
    scale: float = 1.0  # 1e6 for "48.2 million" or "6M"


@cache
def _units() -> dict[str, tuple[str, float]]:
    return {k.lower(): (str(v[0]), float(v[1])) for k, v in glex()["units"].items()}


@cache
def unit_words() -> frozenset[str]:
    """Every spelling of a unit that is a word ("hours", "km")."""
    return frozenset(u.lower() for u in _units() if u.isalpha())


@cache
def _unit_pattern() -> str:
    spellings = sorted(_units(), key=len, reverse=True)
    return "|".join(re.escape(s) for s in spellings)


@cache
def _month_pattern() -> str:
    return "|".join(sorted(glex()["months"], key=len, reverse=True))


@cache
def _number_pattern() -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w.#@])(?<![A-Za-z_./-]/)(?<!^/)(?<!\d:)(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\d|:\d)"
        r"(?:(?P<scale>(?<=\d)(?:M|K|k|bn)|\s(?:million|billion|thousand|trillion|mn|bn))\b)?"
        rf"(?:(?P<sep>\s?-?\s?)(?P<unit>{_unit_pattern()})(?![A-Za-z0-9/]))?",
        re.IGNORECASE,
    )


@cache
def _spelled_pattern() -> re.Pattern[str]:
    words = "|".join(sorted(glex()["number_words"], key=len, reverse=True))
    spelled_units = sorted(
        (u for u in _units() if u.isalpha() and (len(u) > 3 or u == "day")), key=len
    )
    units = "|".join(re.escape(u) for u in reversed(spelled_units))
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    more = r"(?:\s+or\s+(?:more|fewer|less|so))?"  # "ten or more years"
    return re.compile(
        rf"\b(?:(?P<tens>{tens})[\s-])?(?P<num>{words}){more}[\s-](?P<unit>{units})\b",
        re.IGNORECASE,
    )


def _date_patterns() -> list[re.Pattern[str]]:
    months = _month_pattern()
    return [
        re.compile(r"(?<![\d.-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)"),
        re.compile(r"(?<![\w.-])(?P<y>20\d{2})-(?P<m>0[1-9]|1[0-2])(?![\w-])"),  # month="2025-01"
        re.compile(r"\bthe\s+(?P<d>\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE),
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mn>{months})\.?(?:,?\s+(?P<y>\d{{4}}))?\b",
            re.IGNORECASE,
        ),
        re.compile(
            rf"\b(?P<mn>{months})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<y>\d{{4}}))?",
            re.IGNORECASE,
        ),
        re.compile(r"(?<![\d/.])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?![\d/])"),
        re.compile(r"(?<![\d/.])(?P<m>\d{1,2})/(?P<y>\d{4})(?![\d/])"),
    ]


_TWELVE_HOUR = re.compile(
    r"(?<![\d:.])(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<m>[0-5]\d))?\s*(?P<ap>[ap])\.?m\.?(?![a-z])"
    r"|\b(?P<word>midday|noon|midnight)\b",
    re.IGNORECASE,
)


def _twelve_hour_minutes(m: re.Match[str]) -> int:
    word = (m.group("word") or "").lower()
    if word:
        return 0 if word == "midnight" else 12 * 60
    hour = int(m.group("h")) % 12 + (12 if m.group("ap").lower() == "p" else 0)
    return hour * 60 + int(m.group("m") or 0)


_COMPOUND_DURATION = re.compile(
    r"\b(?P<h>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:hours?|hrs?|h)\s+"
    r"(?:and\s+(?:an?\s+)?)?(?:(?P<m>\d{1,2}|(?:twenty|thirty|forty|fifty)(?:-[a-z]+)?|ten|fifteen|five)"
    r"\s*(?:minutes?|mins?|min)\b|(?P<half>half)\b)",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?::[0-5]\d(?:\.\d+)?)?(?!\d|:\d)")
_DURATION = re.compile(r"\b(\d{1,2})h(\d{2})\b")
_YEAR = re.compile(r"(?<![\w.,#-])(?:19|20)\d{2}(?![\w-]|[.,]\d)")
# An older year only where a year is expected: "in 1859", "keeper of the lighthouse, 1887"
_OLD_YEAR = re.compile(
    r"(?:\b(?:in|of|by|to|since|from|until|before|after)\s|,\s)"
    r"(?P<y>1[6-8]\d{2})(?![\w-]|[.,]\d|\s*(?:[a-z]|%))"
)


def _hedge(text: str, start: int) -> str | None:
    """The hedge class of the words just before a figure ("about", "nearly", "just over", ...)."""
    before = re.sub(r"\s+", " ", text[max(0, start - 40) : start].lower()).rstrip(" (")
    best: tuple[int, str] | None = None
    for cls in ("near_below", "below", "near_above", "above", "approximate"):
        for phrase in glex()["hedges"][cls]:
            if re.search(rf"(?:^|[^\w]){re.escape(phrase)}\.?(?: of)?$", before) and (
                best is None or len(phrase) > best[0]
            ):
                best = (len(phrase), cls)
    return best[1] if best else None


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _month(name: str) -> int:
    return int(glex()["months"][name.lower().rstrip(".")])


_MONTH_LEAD = re.compile(
    r"\b(?:in|by|until|till|since|from|through|during|before|after|early|late|mid|of|to)[\s-]+$",
    re.IGNORECASE,
)


def _may_is_month(work: str, m: re.Match[str], source: bool) -> bool:
    """ "May" is the month with a year after it or a preposition before it ("in May"), not the
    verb; in a source (tables, stats, headings) it is the month unless it opens a sentence."""
    if m.group("y") or _MONTH_LEAD.search(work[max(0, m.start() - 12) : m.start()]):
        return True
    return source and not re.search(r"(?:^|[.!?]\s+)$", work[: m.start()])


def extract_figures(text: str, source: bool = False) -> list[Figure]:
    """Every figure of a text, each span claimed once (dates before times before numbers).

    `source` reads a source's capitalised "May" as the month ("May downloads 98,410") and tool
    notations as figures (grounding_notations.py)."""
    found: list[Figure] = []
    work = csv_cells(text) if source else text
    for n in tool_notations(work) if source else []:  # "p99", "sync/3.2/", "kwh_2025"
        if n.kind == "year":
            found.append(Figure("year", n.text, n.start, n.end, parts=(0, 0, int(n.value))))
        else:
            found.append(Figure("number", n.text, n.start, n.end, n.value, None, n.decimals))
    for pattern in _date_patterns():
        for m in pattern.finditer(work):
            groups = m.groupdict()
            month_name = groups.get("mn")
            if month_name and not month_name[0].isupper():
                continue
            month = _month(month_name) if month_name else int(groups.get("m") or 0)
            year = int(groups["y"]) if groups.get("y") else 0
            day = int(groups.get("d") or 0)
            if not 0 <= day <= 31 or not 0 <= month <= 12 or not (day or month):
                continue
            kind = "date" if day else "month"
            found.append(Figure(kind, m.group(0), m.start(), m.end(), parts=(day, month, year)))
            if day and "/" in m.group(0) and day <= 12 and day != month:  # 03/04/2025 either way
                swapped = (month, day, year)
                found.append(Figure("date", m.group(0), m.start(), m.end(), parts=swapped))
            work = _blank(work, m.start(), m.end())
    for m in _DURATION.finditer(work):
        minutes = int(m.group(1)) * 60 + int(m.group(2))
        found.append(Figure("number", m.group(0), m.start(), m.end(), float(minutes), "min"))
        work = _blank(work, m.start(), m.end())
    twelve = [(m, _twelve_hour_minutes(m)) for m in _TWELVE_HOUR.finditer(work)]  # "10 p.m."
    for m, _ in twelve:
        work = _blank(work, m.start(), m.end())
    clock = [(m, int(m.group(1)) * 60 + int(m.group(2))) for m in _CLOCK.finditer(work)]
    for m, _ in clock:
        work = _blank(work, m.start(), m.end())
    for m, minutes in twelve + clock:  # a hedge lets "just before 04:00" round 03:57
        hedge = _hedge(text, m.start())
        found.append(Figure("time", m.group(0), m.start(), m.end(), float(minutes), hedge=hedge))
    for token in tokens(work):
        if is_code(token.text):
            work = _blank(work, token.start, token.end)
    months = _month_pattern()
    for m in re.finditer(rf"\b(?P<mn>{months})\b\.?(?:\s+(?P<y>\d{{4}}))?", work, re.IGNORECASE):
        name = m.group("mn")
        if not name[0].isupper() or (name.lower() == "may" and not _may_is_month(work, m, source)):
            continue
        parts = (0, _month(name), int(m.group("y") or 0))
        found.append(Figure("month", m.group(0), m.start(), m.end(), parts=parts))
        work = _blank(work, m.start(), m.end())
    years = [(m.start(), m.end()) for m in _YEAR.finditer(work)]
    years += [(m.start("y"), m.end("y")) for m in _OLD_YEAR.finditer(work)]
    for start, end in years:
        written = work[start:end]
        found.append(Figure("year", written, start, end, parts=(0, 0, int(written))))
        work = _blank(work, start, end)
    days = glex()["weekdays"]
    for m in re.finditer(r"\b(" + "|".join(days) + r")s?\b", work, re.IGNORECASE):
        short = len(m.group(1)) <= 4 and not re.match(r"\s*(?:[\d,:;)\-]|$)", work[m.end() :])
        if m.group(0)[0].isupper() and not short:
            day = days[m.group(1).lower()]
            found.append(Figure("weekday", day, m.start(), m.end()))
    found.extend(_numbers(work, text))
    return _inherit_range_units(sorted(found, key=lambda f: f.start), text)


def _numbers(work: str, original: str) -> list[Figure]:
    out: list[Figure] = []
    for m in _number_pattern().finditer(work):
        raw = m.group("num").replace(",", "")
        unit = (m.group("unit") or "").lower() or None
        if unit == "s" and not m.group("sep") and "." not in raw:
            unit = None  # "503s": a plural, not seconds
        scale = SCALE_WORDS[m.group("scale").strip().lower()] if m.group("scale") else 1.0
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        out.append(
            Figure(
                "number",
                m.group(0),
                m.start(),
                m.end(),
                float(raw) * scale,
                unit,
                decimals,
                _hedge(original, m.start()),
                scale=scale,
            )
        )
    for m in _COMPOUND_DURATION.finditer(work):
        hours = _small_number(m.group("h"))
        minutes = hours * 60 + (30 if m.group("half") else _minutes_word(m.group("m")))
        hedge = _hedge(original, m.start())
        out = [f for f in out if not m.start() <= f.start < m.end()]
        out.append(
            Figure("number", m.group(0), m.start(), m.end(), float(minutes), "min", 0, hedge)
        )
    for m in _spelled_pattern().finditer(work):
        if any(m.start() <= f.start < m.end() or f.start <= m.start() < f.end for f in out):
            continue
        value = float(glex()["number_words"][m.group("num").lower()])
        if m.group("tens"):  # "twenty-three days"
            value += float(glex()["number_words"][m.group("tens").lower()])
        unit = m.group("unit").lower()
        hedge = _hedge(original, m.start()) or "approximate"
        out.append(Figure("number", m.group(0), m.start(), m.end(), value, unit, 0, hedge, True))
    return out


def _minutes_word(word: str) -> int:
    """Minutes written in figures or words: "21", "twenty", "forty-five"."""
    if word.isdigit():
        return int(word)
    return sum(_small_number(part) for part in word.lower().split("-"))


def _small_number(word: str) -> int:
    w = word.lower()
    if w in ("a", "an"):
        return 1
    return int(w) if w.isdigit() else int(glex()["number_words"].get(w, 0))


def _inherit_range_units(figures: list[Figure], text: str) -> list[Figure]:
    """'-20 to 120 °C': the first number of a range takes the unit of the second, and the second
    the hedge of the first ("between about 2 and 5 °C" is about 5 °C too)."""
    out = list(figures)
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        joined = re.fullmatch(r"\s*(?:to|-|–|and)\s*", text[a.end : b.start])
        if a.kind == b.kind == "number" and joined:
            if a.unit is None and b.unit:
                out[i] = a = a._replace(unit=b.unit)
            if a.hedge == "approximate" and b.hedge is None:
                out[i + 1] = b._replace(hedge=a.hedge)
    return out


def unit_info(unit: str | None) -> tuple[str, float] | None:
    if unit is None:
        return None
    return _units().get(unit.lower())


def source_units(source: str) -> set[str]:
    """Units a source mentions, with numbers or as column headings ("Latency (ms)")."""
    found = {f.unit for f in extract_figures(source) if f.unit}
    unit = _unit_pattern()
    per = r"(?:\s*(?:/|per)\s*[A-Za-z]+)?"  # "Latency (ms/token)"
    headings = (
        rf"\((?P<u>{unit}){per}\)|_(?P<v>{unit})\b|\bin\s+(?P<w>{unit})\b"
        rf"|(?<![A-Za-z])(?P<x>{unit})_"  # "kwh_2024" as well as "latency_ms"
    )
    for m in re.finditer(headings, source, re.IGNORECASE):
        found.add((m.group("u") or m.group("v") or m.group("w") or m.group("x")).lower())
    for m in re.finditer(r"\btemp\w*_(?P<d>[cf])\b", source, re.IGNORECASE):  # "temp_c=38.7"
        found.add("°" + m.group("d").lower())
    return found


_HEADING_SCALE = re.compile(
    r"\((?:[£$€]\s?)?(?P<s>k|m|mn|bn|000s?|thousands?|millions?|billions?)\)"
    r"|\bin\s+(?P<w>thousands|millions|billions)\b",
    re.IGNORECASE,
)


def scaled_copies(source: str, figures: list[Figure]) -> list[Figure]:
    """Bare values of a table headed "Sales (£k)" or "in millions", read at that scale."""
    m = _HEADING_SCALE.search(source)
    if not m:
        return []
    word = (m.group("s") or m.group("w")).lower().rstrip("s")
    scale = {"k": 1e3, "000": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6}.get(
        word, 1e9
    )
    return [
        f._replace(value=f.value * scale, scale=scale)
        for f in figures
        if f.kind == "number" and f.unit is None and f.scale == 1.0
    ]


def _precision(figure: Figure) -> float:
    """The step of the claim's last written digit: 2,400 -> 100, 0.4 -> 0.1, 1.9 million -> 1e5;
    hours and minutes ("an hour and twenty minutes") are said to the nearest five minutes."""
    if figure.unit == "min" and re.search(r"\b(?:h|hrs?|hours?)\b", figure.text):
        return 5.0
    if figure.decimals:
        return float(10**-figure.decimals) * figure.scale
    written = round(figure.value / figure.scale)
    digits = str(int(written))
    zeros = len(digits) - len(digits.rstrip("0")) if written else 0
    return float(10 ** min(zeros, len(digits) - 1)) * figure.scale


def _close(claimed: float, actual: float, step: float, hedge: str | None) -> bool:
    """Whether `claimed` states `actual` exactly, or rounds it the way its hedge allows."""
    tiny = 1e-9 + 1e-6 * abs(actual)
    if abs(claimed - actual) <= tiny:
        return True
    rounds = abs(claimed - actual) <= step / 2 + tiny
    if hedge is None:
        return rounds and abs(claimed - actual) <= 0.02 * abs(actual)
    if hedge == "approximate":
        return rounds or abs(claimed - actual) <= 0.02 * abs(actual)
    if hedge == "near_below":
        return claimed - step - tiny <= actual <= claimed + tiny
    if hedge == "below":  # "under 4,000" for 3,870; not for 2
        return claimed / 2 - tiny <= actual <= claimed + tiny
    if hedge == "near_above":
        return claimed - tiny <= actual <= claimed * 1.5 + tiny
    return claimed - tiny <= actual <= claimed * 2 + tiny


def number_backed(claim: Figure, source: Figure, units_there: set[str]) -> bool:
    """Whether a source number backs a claim number (same quantity, compatible unit)."""
    if source.kind != "number":
        return False
    c_info, s_info = unit_info(claim.unit), unit_info(source.unit)
    step = _precision(claim)
    hedge = None if claim.hedge and claim.hedge == source.hedge else claim.hedge  # "up to" both
    if c_info is None:
        return _close(claim.value, source.value, step, hedge)
    dim, factor = c_info
    if s_info is not None:
        if s_info[0] != dim:
            return False
        options = [source.value * s_info[1]]
    else:
        # a bare value takes a unit its source states (a "Latency (ms)" heading), never a new one
        here = [i for u in units_there if (i := unit_info(u)) and i[0] == dim]
        options = [source.value * f for _, f in here]
        if not here and claim.spelled:  # "a six-year-old collie" for "(collie, 6)"
            options = [source.value * factor]
    return any(_close(claim.value * factor, v, step * factor, hedge) for v in options)
