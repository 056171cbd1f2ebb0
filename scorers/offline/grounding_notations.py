"""How tool output writes what prose would not: read in sources only.

A CSV table's commas break cells ("880,790,121" is three numbers); "p99" is the 99th percentile;
"orrery-sync/3.2/rate-limits" names version 3.2; "kwh_2025", "report_2025.csv" and "2025Q2" name a
year; '"mfa_enabled": false' is a field that says MFA is not enabled (`flags`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

_PATH_VERSION = re.compile(r"(?<=[/@])v?(\d+\.\d+)(?=[/\"'),\s]|$)")
_PERCENTILE = re.compile(r"(?<![\w.])[pP](\d{2}(?:\.\d+)?)(?![\w.])")
_NAMED_YEAR = re.compile(r"(?<=_)(?:19|20)\d{2}(?!\d)|(?<![\w.-])(?:19|20)\d{2}(?=[QH][1-4]\b)")


class Notation(NamedTuple):
    """A figure written the tool way: its kind ("number" or "year"), text, span and value."""

    kind: str
    text: str
    start: int
    end: int
    value: float
    decimals: int = 0


def csv_cells(text: str) -> str:
    """A CSV table's commas as cell breaks (same length). A table is two or more consecutive lines
    with the same number (two or more) of commas and no ", "."""
    lines = text.split("\n")
    commas = [ln.count(",") if ", " not in ln else 0 for ln in lines]
    for i, line in enumerate(lines):
        n = commas[i]
        beside = (i > 0 and commas[i - 1] == n) or (i + 1 < len(lines) and commas[i + 1] == n)
        if n >= 2 and beside:
            lines[i] = line.replace(",", ";")
    return "\n".join(lines)


_FLAG = re.compile(
    r"[\"']?(?P<key>[A-Za-z][A-Za-z]*(?:_[A-Za-z]+)*)[\"']?\s*[:=]\s*(?P<value>true|false)\b"
)


def flags(text: str) -> list[tuple[str, bool]]:
    """A tool's true/false fields as words and value: '"mfa_enabled": false' is ("mfa enabled",
    False)."""
    return [
        (m.group("key").replace("_", " "), m.group("value") == "true") for m in _FLAG.finditer(text)
    ]


def tool_notations(text: str) -> list[Notation]:
    """Percentiles, versions in paths and years in column or file names."""
    found = [
        Notation("number", m.group(0), m.start(), m.end(), float(m.group(1)))
        for m in _PERCENTILE.finditer(text)
    ]
    for m in _PATH_VERSION.finditer(text):
        decimals = len(m.group(1).split(".")[1])
        found.append(
            Notation("number", m.group(1), m.start(1), m.end(1), float(m.group(1)), decimals)
        )
    found += [
        Notation("year", m.group(0), m.start(), m.end(), float(m.group(0)))
        for m in _NAMED_YEAR.finditer(text)
    ]
    return found
