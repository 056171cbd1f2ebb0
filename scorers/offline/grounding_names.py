"""Names in a claim: each must be in the sources, as written or as a handle built from it, and
not put together from two of the sources' names ("the Tallowmere Foundation" where the sources
have the Brisa Foundation and the Tallowmere Coding Club)."""

from __future__ import annotations

import re

from .grounding_checks import Claim, name_in
from .grounding_novelty import Finding
from .grounding_sources import SourceIndex
from .grounding_text import NameRun, name_runs, normalise
from .text import stem


def check_names(claim: Claim, index: SourceIndex) -> Finding | None:
    """Every person, place, product or organisation named must appear in the sources."""
    for run in claim.names:
        acronym = len(run.words) == 1 and re.fullmatch(r"[A-Z]{2,6}", run.words[0])
        if acronym and run.words[0].lower() in index.initials:
            continue  # "SD" for "standard deviation"
        if not name_in(run, index.has_word) and not _joined_names(run, index):
            return Finding("unsupported", f"name not in sources: {' '.join(run.words)}")
        if _mixed_name(run, index):
            return Finding("contradicted", f"name mixes two of the sources': {' '.join(run.words)}")
    return None


def _mixed_name(run: NameRun, index: SourceIndex) -> bool:
    """ "The Tallowmere Foundation" where the sources have the Brisa Foundation and the Tallowmere
    Coding Club: words of two of the sources' names put together as one. A possessive ends a name
    ("Millrace Road's Calder Bridge"), and a word no longer source name has ("CEO") is left out."""
    names = [
        [normalise(w) for w in r.words]
        for source in index.sources
        for r in name_runs(source, initial_singles=True)
        if len(r.words) > 1
    ]
    segments: list[list[str]] = [[]]
    for word in run.words:
        segments[-1].append(normalise(word))
        if re.search(r"['’]s$", word):
            segments.append([])
    for words in segments:
        owned = [w for w in words if any(w in name for name in names)]
        if len(owned) < 2 or any(all(w in name for w in owned) for name in names):
            continue
        # "Brightwater CEO Anouk Delvaux" ends in a whole name of the sources: two names side by
        # side; "Tallowmere Foundation" ends in a piece of one ("Brisa Foundation")
        tail = max(
            (n for n in range(1, len(words)) if any(_within(words[-n:], name) for name in names)),
            default=0,
        )
        if tail and not any(words[-tail:] == name for name in names):
            return True
    return False


def _within(words: list[str], name: list[str]) -> bool:
    n = len(words)
    return any(name[i : i + n] == words for i in range(len(name) - n + 1))


def _joined_names(run: NameRun, index: SourceIndex) -> bool:
    """ "The Tarnby-Vessen route": two named places of the sources joined by a hyphen; a word
    in lower case may be inflected ("OOM-killed" for "OOM-killing")."""
    raw = [p for w in run.words for p in w.split("-") if len(normalise(p)) > 1]
    return len(raw) > len(run.words) and all(
        index.has_word(normalise(p))
        or p.islower()
        and any(stem(w) == stem(p) for w in index.words_starting(normalise(p)[:3]))
        for p in raw
    )
