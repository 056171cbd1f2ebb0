"""Added details: words about something no source mentions ("certified for drinking-water systems").

A paraphrase swaps single words ("rolled back" for "rollback", "warmer" from two temperatures); an
added detail brings a phrase of its own. So a claim fails when a prepositional chunk has several
content words and none that a source uses, or when several such words follow one another. Reporting
verbs, linking words and comparatives ("said", "overall", "faster") never count.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from ..verdicts import ClaimLabel
from .grounding_sources import SourceIndex
from .grounding_text import concept, generic_words, glex, is_content, normalise, tokens
from .text import stem

_FIGURE_LABEL = re.compile(
    r"\b[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?(?=\s*(?:of|was|were|is|are|stood at|:|=)\s+"
    r"(?:about|around|roughly|nearly|almost|just|some)?\s*[-+]?[$€£]?\d)",
    re.IGNORECASE,
)


_PREPOSITION = re.compile(
    r"\b(?:by|with|from|for|at|in|on|of|via|after|before|during|under|over|through|into)\s*$",
    re.IGNORECASE,
)


def _lead_novel(chunk: str, index: SourceIndex) -> list[str]:
    """Novel words that open a chunk, up to its first attested word ("by a new team member")."""
    lead = []
    for word, novel in _novel_marks(chunk, index):
        if novel is False:
            break
        if novel:
            lead.append(word)
    return lead


class Finding(NamedTuple):
    """Why a claim is not supported, and the source text that shows it."""

    label: ClaimLabel
    reason: str
    evidence: str = ""


@cache
def _chunk_break() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in glex()["chunk_breaks"])
    return re.compile(rf"[,;:()\[\]\"“”—–]|\s-\s|\b(?:{words})\b", re.IGNORECASE)


@cache
def _unit_and_number_words() -> frozenset[str]:
    lists = ("units", "number_words", "quantity_words")
    return frozenset(w for name in lists for w in glex()[name])


def attested(word: str, index: SourceIndex) -> bool:
    """A source uses the word, a synonym, or the same stem ('moved' for 'move')."""
    parts = [p for p in re.split(r"[-/]", normalise(word)) if p]
    for part in parts:
        if concept(part) in index.concepts or part in index.words:
            return True
        head = stem(part)
        slack = 4 if len(head) >= 5 else 3  # "success" for "successful", "mov" for "move"
        if len(head) >= 3 and any(
            v.startswith(head) and len(v) - len(head) <= slack for v in index.words
        ):
            return True
    return False


def is_generic(word: str) -> bool:
    """A reporting, linking, comparing or quantity word that a paraphrase may add freely."""
    w = normalise(word)
    return (
        not is_content(word)
        or w in generic_words()
        or concept(w) in generic_words()
        or w in _unit_and_number_words()
        or _comparative(w)
    )


@cache
def _comparable() -> frozenset[str]:
    return frozenset(glex()["comparable"])


def _comparative(word: str) -> bool:
    """'warmer', 'driest', 'faster': a comparison a summary may draw from the figures."""
    m = re.fullmatch(r"(\w+?)(?:ier|iest|er|est|r|st)", word)
    if not m:
        return False
    base = m.group(1)
    candidates = {
        base,
        base + "y",
        base + "e",
        base[:-1] if len(base) > 2 and base[-1] == base[-2] else base,
    }
    return bool(candidates & _comparable())


def _compound(first: str, second: str, index: SourceIndex) -> bool:
    """'rolled back' for 'rollback', 'set up' for 'setup': two words that a source writes as one."""
    head, tail = stem(normalise(first))[:4], normalise(second)
    return len(head) >= 3 and any(
        len(v) >= len(head) + len(tail) and v.startswith(head) and v.endswith(tail)
        for v in index.words_starting(head)
    )


def _spelled_acronyms(words: list[str], index: SourceIndex) -> set[int]:
    """Positions of words that spell out a source acronym ("standard deviation" for "SD")."""
    if not index.acronyms:
        return set()
    heads = [[p[0] for p in re.split(r"[-/]", normalise(w)) if p] for w in words]
    found: set[int] = set()
    for i in range(len(words)):
        letters = ""
        for j in range(i, min(i + 4, len(words))):
            letters += "".join(heads[j])
            if len(letters) >= 2 and letters in index.acronyms:
                found |= set(range(i, j + 1))
    return found


def _novel_marks(chunk: str, index: SourceIndex) -> list[tuple[str, bool | None]]:
    """Each word of a chunk: (word, True) novel, (word, False) attested, (word, None) neutral."""
    found = tokens(chunk)
    joined = {
        i for i in range(len(found) - 1) if _compound(found[i].text, found[i + 1].text, index)
    }
    spelled = _spelled_acronyms([t.text for t in found], index)
    marks: list[tuple[str, bool | None]] = []
    for i, t in enumerate(found):
        w = normalise(t.text)
        if i in joined or i - 1 in joined or i in spelled:
            marks.append((t.text, False))
        elif _is_name(t.text):
            marks.append((t.text, False if index.has_word(w) else None))
        elif is_generic(t.text):
            marks.append((t.text, None))
        else:
            marks.append((t.text, not attested(w, index)))
    return marks


def _is_name(word: str) -> bool:
    return bool(re.search(r"\d", word) or word[:1].isupper())


def novel_words(chunk: str, index: SourceIndex) -> tuple[list[str], int]:
    """Content words of a chunk that no source uses, and how many of its words a source does use."""
    marks = _novel_marks(chunk, index)
    return [w for w, novel in marks if novel], sum(novel is False for _, novel in marks)


def novel_run(text: str, index: SourceIndex) -> list[str]:
    """The longest run of novel content words with no attested word between them.

    A name does not end a run: "designed the Elsdon lock restoration" tells a new story about a
    known name.
    """
    best: list[str] = []
    run: list[str] = []
    for word, novel in _novel_marks(text, index):
        if novel is False and not _is_name(word):
            run = []
        elif novel:
            run.append(word)
            if len(run) > len(best):
                best = list(run)
    return best


def check_added_detail(
    masked: str, index: SourceIndex, min_words: int, min_run: int
) -> Finding | None:
    """A phrase of several content words that no source uses adds an unsupported detail.

    A phrase that only names a figure the sources give ("oxygen saturation of 97%" for "SpO2 97%")
    describes that figure; the figure itself is checked.
    """
    masked = _FIGURE_LABEL.sub(lambda m: " " * len(m.group(0)), masked)
    cuts = [0] + [x for m in _chunk_break().finditer(masked) for x in m.span()] + [len(masked)]
    for start, end in zip(cuts[::2], cuts[1::2], strict=True):
        novel, known = novel_words(masked[start:end], index)
        if len(novel) >= min_words and known == 0:
            return Finding("unsupported", f"detail in no source: {' '.join(novel)}")
        lead = _lead_novel(masked[start:end], index)
        if start and _PREPOSITION.search(masked[:start]) and len(lead) >= min_words:
            return Finding("unsupported", f"detail in no source: {' '.join(lead)}")
    for part in re.split(r"[,;:()\[\]\"“”—–]", masked):
        run = novel_run(part, index)
        if len(run) >= min_run:
            return Finding("unsupported", f"detail in no source: {' '.join(run)}")
    return None
