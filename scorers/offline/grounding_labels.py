"""Labelled entities: members of a family told apart by a number or letter (Outfall 2, TANK-B, Q3).

Sources often describe several members of one family side by side ("Outfall 2: ... Outfall 3: ...",
"TANK-A ... TANK-B", "Batch 17 ... Batch 18"), and a swapped label is a swapped entity. A label is
read in any spelling ("Tank A" for TANK-A, "station 2" for "Station GULLROCK-2"), and a period code
matches its words ("Q3" for "third quarter").
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from .grounding_text import glex, normalise, stopwords

_LABELLED = re.compile(
    r"(?<![\w])(?P<head>[A-Za-z][A-Za-z]+)(?P<sep>[ \t]#?|[-_]|)(?P<label>\d{1,4}|[A-Z])"
    r"(?!\w|[.,:/]\d)"
)
_MORE_LABELS = re.compile(r"(?:\s*,\s*|\s+(?:and|or|&)\s+)(?P<label>\d{1,4}|[A-Z])(?!\w|[.,:/]\d)")
_PERIOD = re.compile(r"(?P<kind>[qh])(?P<n>[1-4])")


class Label(NamedTuple):
    """A family head and one member's label, lower case ("outfall", "2"), with its span."""

    head: str
    label: str
    start: int
    end: int


@cache
def _unit_words() -> frozenset[str]:
    return frozenset(u.lower() for u in glex()["units"])


def labels_in(text: str) -> list[Label]:
    """Family members named in a text: a word and a number or capital letter right after it.

    A number followed by a unit is a measurement, not a label ("week 13" is a label, "13 weeks" a
    measurement); a head that is a stop word ("at 5", "in 2013") names nothing.
    """
    found = []
    for m in _LABELLED.finditer(text):
        head, label = _singular(normalise(m.group("head"))), m.group("label").lower()
        if (
            head in stopwords()
            or head in glex()["not_names"]
            or (head in _unit_words() and len(head) <= 2)
        ):
            continue
        if label.isalpha() and not m.group("sep") and not m.group("head").isupper():
            continue  # "Tanks" is a word, not "Tank" + "s"
        if label.isdigit() and _measured(text, m.end()):
            continue
        found.append(Label(head, label, m.start(), m.end()))
        found += _listed(text, m.end(), head, label)
    return found


def _listed(text: str, end: int, head: str, first: str) -> list[Label]:
    """More members listed after the first ("flasks 1, 2 and 4"); a list ends in 'and' or 'or',
    so "day 1, 3 participants" lists nothing."""
    more: list[Label] = []
    while m := _MORE_LABELS.match(text, end):
        extra = m.group("label")
        if extra.isdigit() != first.isdigit() or _measured(text, m.end()):
            break
        more.append(Label(head, extra.lower(), m.start("label"), m.end()))
        end = m.end()
        if "," not in m.group(0):
            return more
    return []


def _measured(text: str, end: int) -> bool:
    """Whether a unit follows the number ending at `end` (a measurement, not a label)."""
    rest = text[end : end + 12].lower()
    return bool(re.match(rf"\s?(?:{'|'.join(_unit_pattern())})\b", rest))


@cache
def _unit_pattern() -> tuple[str, ...]:
    return tuple(re.escape(u) for u in sorted(_unit_words(), key=len, reverse=True))


def _singular(head: str) -> str:
    return head[:-1] if len(head) > 3 and head.endswith("s") and not head.endswith("ss") else head


def families(texts: list[str]) -> dict[str, set[str]]:
    """Heads that the texts use with two or more labels, and those labels."""
    found: dict[str, set[str]] = {}
    for text in texts:
        for lab in labels_in(text):
            found.setdefault(lab.head, set()).add(lab.label)
    return {head: labels for head, labels in found.items() if len(labels) > 1}


def source_member(head: str, label: str, sources: list[str]) -> Label | None:
    """The member of the sources a claim's label names: 'station 2' is 'Station GULLROCK-2'."""
    for text in sources:
        for lab in labels_in(text):
            if lab.label != label:
                continue
            before = re.findall(r"[A-Za-z]+", text[max(0, lab.start - 30) : lab.start])
            if lab.head == head or (before and _singular(normalise(before[-1])) == head):
                return lab
    return None


def label_backed(head: str, label: str, sources: list[str]) -> bool:
    """Whether the sources name this member: 'station 2' for 'Station GULLROCK-2' or 'Station 2'."""
    return source_member(head, label, sources) is not None


def claim_members(text: str, sources: list[str]) -> list[Label]:
    """Family members a claim names, under the sources' heads ("station 1" as gullrock 1)."""
    kin = families(sources)
    out = []
    for lab in labels_in(text):
        if lab.head not in kin:
            found = source_member(lab.head, lab.label, sources)
            lab = lab._replace(head=found.head) if found else lab
        if lab.head in kin:
            out.append(lab)
    return out


def period_backed(code: str, lowered_sources: str) -> bool:
    """Whether a period code ('Q3', 'H1') is spelled out in the sources ('third quarter')."""
    m = _PERIOD.fullmatch(code)
    if not m:
        return False
    if re.search(rf"(?<![a-z]){re.escape(code)}(?!\d)", lowered_sources):
        return True  # "Q2" in "quarter=2025Q2"
    ordinal = ("first", "second", "third", "fourth")[int(m.group("n")) - 1]
    part = "quarter" if m.group("kind") == "q" else "half"
    return f"{ordinal} {part}" in lowered_sources or f"{ordinal}-{part}" in lowered_sources
