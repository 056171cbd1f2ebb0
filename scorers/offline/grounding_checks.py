"""Exact checks of one claim against the sources: each returns a finding, or None when it passes.

Each check looks for one way a sentence can go beyond or against its sources: a name, identifier or
figure the sources lack, or a figure put with the wrong row, station or member. Negations and
opposite predicates are checked in grounding_polarity.py, added details in grounding_novelty.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import NamedTuple

from ..verdicts import ClaimLabel
from .grounding_backing import (
    calendar_backed,
    difference_backed,
    figure_backed,
    stated_arithmetic,
)
from .grounding_labels import claim_members, label_backed, labels_in, period_backed
from .grounding_novelty import Finding
from .grounding_quantities import Figure, number_backed
from .grounding_sources import (
    Record,
    SourceIndex,
    name_word_in,
    text_words,
)
from .grounding_text import (
    NameRun,
    glex,
    is_code,
    name_runs,
    normalise,
    tokens,
)


class Claim(NamedTuple):
    """A response sentence with quotations blanked, and what was found in it."""

    text: str
    masked: str
    figures: list[Figure]
    names: list[NameRun]
    opinion: bool


CLAUSE_BREAK = re.compile(
    r"[;,:]|\b(?:but|while|whereas|although|though|yet)\b"
    r"|\band\s+(?=(?:to|then|also|will|would|was|were|is|are|has|have|had|did|does)\b)"
)


def name_in(run: NameRun, has_word: Callable[[str], bool]) -> bool:
    """Whether a name is attested: all its words, or a handle built from it (ivarga, @lenka-d)."""
    words = [normalise(w) for w in run.words if len(normalise(w)) > 1]
    if not words:
        return True
    if all(has_word(w) for w in words):
        return True
    first, last = words[0], words[-1]
    handles = {
        first[0] + last,
        first + last,
        f"{first}-{last}",
        f"{first}-{last[0]}",
        f"{first}_{last}",
    }
    return len(words) > 1 and any(has_word(h) for h in handles)


def _skeleton(code: str) -> str:
    return re.sub(r"\d+", "0", code)


_NUMBERED = re.compile(r"(?:#|v)(\d+(?:\.\d+)*)")
_TOOL_NUMBER = re.compile(r"\b(?:number|pr|issue|id|ticket)\s*[=:]\s*\"?(\d+)\b")


def check_codes(claim: Claim, index: SourceIndex) -> Finding | None:
    """Identifiers (PR #412, db-search-3, KX-12) must match a source identifier exactly.

    "#56" and "v4.1" may be the number a tool call or text gave plainly ("number=56", "version
    4.1"), unless the sources write identifiers of that shape themselves ("#412" against "#417").
    """
    tool_numbers = {m.group(1) for m in _TOOL_NUMBER.finditer(index.lowered)}
    for token in tokens(claim.masked):
        code = normalise(token.text)
        if not is_code(token.text) or code in index.codes or code in index.words:
            continue
        near = [c for c in index.codes if _skeleton(c) == _skeleton(code)]
        numbered = _NUMBERED.fullmatch(code)
        if numbered and numbered.group(1) in index.words and not near:
            continue
        if numbered and numbered.group(1) in tool_numbers:
            continue  # "PR #81" for get_pull_request(number=81), beside another PR's "#77"
        if period_backed(code, index.lowered):
            continue
        label: ClaimLabel = "contradicted" if near else "unsupported"
        return Finding(label, f"identifier not in sources: {token.text}", near[0] if near else "")
    return None


def check_figures(claim: Claim, index: SourceIndex) -> Finding | None:
    """Numbers (with units), dates, years, weekdays and clock times must be in the sources."""
    for figure in claim.figures:
        if figure_backed(figure, index.figures, index.units, tuple(index.sources)):
            continue
        if difference_backed(figure, claim.masked, index.figures):
            continue
        if stated_arithmetic(figure, claim.figures, claim.masked):
            continue
        if _names_a_member(claim.masked, figure, index):
            continue
        same_kind = any(f.kind == figure.kind for fs in index.figures for f in fs)
        label: ClaimLabel = "contradicted" if same_kind else "unsupported"
        return Finding(label, f"{figure.kind} not in sources: {figure.text}")
    return None


def _day_dates(text: str, figures: list[Figure]) -> list[tuple[str, tuple[int, int]]]:
    """Weekdays written with their date ("Thursday 6 June", "Tue, 4 Mar"): (weekday, (day, month))."""
    out = []
    for a, b in zip(figures, figures[1:], strict=False):
        if (
            a.kind == "weekday"
            and b.kind == "date"
            and re.fullmatch(r"[\s,]*", text[a.end : b.start])
        ):
            out.append((a.text, b.parts[:2]))
    return out


_RELATIVE_DAY = re.compile(
    r"\b(?:tomorrow|yesterday|tonight|(?:next|last)\s+(?:week|month|year|weekend))\b", re.I
)


def check_relative_days(claim: Claim, index: SourceIndex) -> Finding | None:
    """ "Back tomorrow", "last week": a day said relative to now must be one the sources say."""
    for m in _RELATIVE_DAY.finditer(claim.masked):
        said = re.sub(r"\s+", " ", m.group(0).lower())
        if said not in re.sub(r"[\s_]+", " ", index.lowered):  # "downloads_last_month"
            return Finding("unsupported", f"relative day not in sources: {m.group(0)}")
    return None


def check_weekdays(claim: Claim, index: SourceIndex) -> Finding | None:
    """A weekday given to a date must be the one the sources give it ("Tuesday 6 June" where the
    calendar says "Thursday 6 June")."""
    told = [
        p for s, fs in zip(index.sources, index.figures, strict=True) for p in _day_dates(s, fs)
    ]
    for day, when in _day_dates(claim.masked, claim.figures):
        given = {d for d, w in told if w == when}
        if given and day not in given:
            return Finding("contradicted", f"the sources give {when[0]}/{when[1]} as {min(given)}")
    return None


def _names_a_member(text: str, figure: Figure, index: SourceIndex) -> bool:
    """'station 2' for 'Station GULLROCK-2': a bare whole number that labels a named member."""
    if figure.kind != "number" or figure.unit or figure.decimals or figure.hedge:
        return False
    word = re.findall(r"[A-Za-z]+", text[max(0, figure.start - 30) : figure.start])
    number = str(int(figure.value))
    return bool(word) and label_backed(normalise(word[-1]), number, index.sources)


def _members(record: Record, head: str, index: SourceIndex) -> set[tuple[str, str]]:
    """Members of a family a record names; failing any, those its passage names."""
    for text in (record.text + "\n" + record.topic, index.sources[record.source]):
        found = {(m.head, m.label) for m in labels_in(text) if m.head == head}
        if found:
            return found
    return set()


def check_siblings(claim: Claim, index: SourceIndex) -> Finding | None:
    """'Outfall 2 reached 2.9 mg/L' where only Outfall 3's record has 2.9: a swapped member."""
    named = claim_members(claim.masked, index.sources)
    if not named:
        return None
    in_claim = {(lab.head, lab.label) for lab in named}
    for figure in claim.figures:
        if figure.spelled or any(lab.start <= figure.start < lab.end for lab in named):
            continue
        if _COMPARED.search(claim.masked, max(0, figure.start - 24), figure.start):
            continue  # "31 mm against 22 mm": the second figure is the other side's
        records = [r for r in index.records if _backs(r, figure, index)]
        if not records:
            continue
        for lab in named:
            lo, hi = sorted((lab.end, figure.start))
            if CLAUSE_BREAK.search(claim.masked, lo, hi):
                continue  # "Build 7138 went green, but 7183 failed": 7183 is not build 7138's
            members = [_members(r, lab.head, index) for r in records]
            if any((lab.head, lab.label) in m for m in members):
                continue
            if all(m and not m & in_claim for m in members):
                who = f"{lab.head} {lab.label}"
                return Finding(
                    "contradicted", f"{figure.text} is not given for {who}", records[0].text
                )
    return None


def _entities(claim: Claim, index: SourceIndex) -> list[tuple[int, int, NameRun]]:
    """Names and identifiers of the claim that the sources know ("Kemp" counts at a sentence start
    when a source writes it capitalised)."""
    found = [(r.start, r.end, r) for r in claim.names if name_in(r, index.has_word)]
    for run in name_runs(claim.masked, True):
        if run not in claim.names and normalise(run.words[0]) in index.capitalised:
            found.append((run.start, run.end, run))
    for t in tokens(claim.masked):
        if is_code(t.text) and normalise(t.text) in index.codes:
            found.append((t.start, t.end, NameRun((t.text,), t.start, t.end)))
    return sorted(found, key=lambda e: e[0])


def _record_has(record: Record, run: NameRun) -> bool:
    """Whether a record names this: all of the name, or one of its words written as a name there
    ("Kell" for "Kell Point"; not the "dredging" of "the dredging contract" for Colveth Dredging)."""
    text = record.text + "\n" + record.topic
    words = text_words(text)
    named = text_words(" ".join(t.text for t in tokens(text) if t.text[:1].isupper()))

    def has(word: str) -> bool:
        return name_word_in(word, words)

    name = [normalise(w) for w in run.words if len(normalise(w)) > 2]
    return any(name_word_in(w, named) for w in name) or name_in(run, has)


def _in_topic(record: Record, run: NameRun) -> bool:
    """A name of the record's heading (the station, the ward): it names every row alike."""
    return bool(record.topic) and _record_has(record._replace(text=""), run)


def _backs(record: Record, figure: Figure, index: SourceIndex) -> bool:
    units = index.units[record.source]
    if figure.kind == "number":
        return any(number_backed(figure, f, units) for f in record.figures)
    return calendar_backed(figure, record.figures)


def _foreign(record: Record, clause: list[NameRun], row: bool) -> bool:
    """Whether a record names someone or something (a name, an identifier) the clause does not.

    A table row or log line (`row`) is named by its first cell, capitalised or not at its start.
    """
    found = list(name_runs(record.text, row)) + [
        NameRun((t.text,), t.start, t.end) for t in tokens(record.text) if is_code(t.text)
    ]
    words = text_words(" ".join(w for run in clause for w in run.words))
    return any(not name_in(run, lambda w: name_word_in(w, words)) for run in found)


def _with(run: NameRun, records: list[Record], clause: list[NameRun], index: SourceIndex) -> bool:
    """A name goes with a figure when a record holding the figure names it, or when its passage
    names it and that record names nobody else (a prose passage about one thing)."""
    for record in records:
        if _record_has(record, run):
            return True
        passage = record._replace(text=index.sources[record.source], topic="")
        if _record_has(passage, run) and not _foreign(record, clause, record.item):
            return True
    return False


_COMPARED = re.compile(r"\b(?:against|than|versus|vs\.?|compared (?:with|to))\s+\S*\s*$")
_PAIRED = re.compile(r"\s*(?:to|vs\.?|versus|against|-|–|/)\s*")
_BOUND_KINDS = ("number", "date", "time", "weekday", "year")


def check_binding(claim: Claim, index: SourceIndex) -> Finding | None:
    """A figure must sit in the same record (row, log line, passage) as the names it is given to.

    The names are those of its clause before it; failing those, the name right after it ("the
    £2.3m contract to Colveth"), or else the sentence's last name before the clause ("Tolworth,
    the older site, opened in 2016").
    """
    entities = _entities(claim, index)
    markers = _markers()
    labels = labels_in(claim.masked)
    for figure in claim.figures:
        if figure.spelled or figure.kind not in _BOUND_KINDS:
            continue
        if any(lab.start <= figure.start < lab.end for lab in labels):
            continue  # "floor 4" names a floor; it is no figure of anything else
        if any(_PAIRED.fullmatch(claim.masked, f.end, figure.start) for f in claim.figures):
            continue  # "Hollis ahead 44% to 39%": the second figure is the other side's
        records = [r for r in index.records if _backs(r, figure, index)]
        if not records:
            continue
        start = max([m.end() for m in CLAUSE_BREAK.finditer(claim.masked, 0, figure.start)] + [0])
        in_clause = [e for e in entities if start <= e[0] and e[1] <= figure.start]
        after = _named_after(claim, figure, entities)
        if not in_clause:
            in_clause, after = _subject(claim, figure, entities, after, start), []
        before = [e for e in in_clause if not all(_in_topic(r, e[2]) for r in records)]
        clause = [e[2] for e in before]
        for rank, (s, end, run) in enumerate(reversed(before)):
            between = claim.masked[min(end, figure.end) : max(s, figure.start)]
            if markers.search(between):
                break  # "X is faster (78.9 against 71.4)": the second figure is the other's
            if _with(run, records, clause, index):
                continue
            if rank == 0 and after and any(_record_has(r, after[0][2]) for r in records):
                break  # "... 58.1 for Orca-L"
            who = " ".join(run.words)
            return Finding("contradicted", f"{figure.text} is not given for {who}", records[0].text)
    return None


def _subject(
    claim: Claim,
    figure: Figure,
    entities: list[tuple[int, int, NameRun]],
    after: list[tuple[int, int, NameRun]],
    start: int,
) -> list[tuple[int, int, NameRun]]:
    """Whose figure it is when its clause names nobody before it: a sentence's opening name set
    off by commas only ("Tolworth, the older site, opened in 2016"), or, in a sentence that names
    nobody before it, the name right after an amount ("the £2.3m contract to Colveth")."""
    earlier = [e for e in entities if e[1] <= start]
    if not earlier:
        return after if figure.kind == "number" else []
    if len(earlier) > 1 or earlier[0][0] > 4 or not claim.masked.startswith(",", earlier[0][1]):
        return []
    breaks = CLAUSE_BREAK.findall(claim.masked, earlier[0][1], figure.start)
    return earlier if all(b == "," for b in breaks) else []


@cache
def _markers() -> re.Pattern[str]:
    words = "|".join(re.escape(m) for m in glex()["comparison_markers"])
    return re.compile(rf"\b(?:{words})\b", re.IGNORECASE)


def _named_after(
    claim: Claim, figure: Figure, entities: list[tuple[int, int, NameRun]]
) -> list[tuple[int, int, NameRun]]:
    """The name right after a figure in its clause, unless a comparison comes between."""
    stop = CLAUSE_BREAK.search(claim.masked, figure.end)
    after = [
        e
        for e in entities
        if figure.end <= e[0] <= figure.end + 30 and (not stop or e[0] < stop.start())
    ]
    if not after or _markers().search(claim.masked[figure.end : after[0][0]]):
        return []
    return after[:1]


def claim_from(sentence: str, masked: str, figures: list[Figure], opinion: bool) -> Claim:
    return Claim(sentence, masked, figures, name_runs(masked), opinion)
