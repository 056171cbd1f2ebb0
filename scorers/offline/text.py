"""Shared text pieces for the offline cores: words, stems, negation, numbers, named entities."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

import yaml

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")

SCALE_WORDS = {
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "k": 1e3,
    "thousand": 1e3,
    "bn": 1e9,
    "billion": 1e9,
    "trillion": 1e12,
}
"""Multipliers a number may carry as a suffix or word ("$10k", "1.5M", "2.5 million")."""

_WORD = re.compile(r"[a-z0-9][a-z0-9'\-]*")
_NUMBER = re.compile(
    r"(?<![\w.])[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s?%|\s?(?:ms|s|kg|km|mb|gb|tb|h|min))?(?![\w])",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+)*)\b")


@cache
def lexicon() -> dict:
    """Stop words, synonym groups and negation cues (data, not code)."""
    return yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(lexicon()["stopwords"])


def synonym_index(groups: list[list[str]]) -> dict[str, str]:
    """Each word of a synonym group (as written and stemmed) -> the stem of the group's head."""
    index: dict[str, str] = {}
    for group in groups:
        head = stem(group[0])
        for word in group:
            index[stem(word)] = head
            index[word] = head
    return index


@cache
def _synonym_index() -> dict[str, str]:
    return synonym_index(lexicon()["synonyms"])


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light suffix stripper: enough to match publish/published/publishing, post/posts/posted."""
    word = word.lower().strip("'-")
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "ly", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                base += "y"
            if len(base) > 3 and base[-1] == base[-2]:
                base = base[:-1]
            return base
    return word


def concept(word: str) -> str:
    """The word's synonym-group head, or its stem."""
    s = stem(word)
    return _synonym_index().get(s, s)


def content_concepts(text: str) -> set[str]:
    """Concepts of the content words of a text (stop words dropped)."""
    return {concept(w) for w in words(text) if w not in _stopwords() and len(w) > 1}


def numbers(text: str) -> set[str]:
    """Numbers with their units, normalised (thousands separators dropped, units lower-cased)."""
    out = set()
    for match in _NUMBER.finditer(text):
        value = match.group(0).replace(",", "").replace(" ", "").lower()
        out.add(value)
    return out


def capitalised_names(text: str) -> set[str]:
    """Capitalised words and runs not at a sentence start: a cheap named-entity finder."""
    return {m.group(1) for m in _ENTITY.finditer(text)}


@cache
def _negation_pattern() -> re.Pattern[str]:
    cues = "|".join(re.escape(c) for c in lexicon()["negation_cues"])
    return re.compile(rf"(?<![\w'])(?:{cues})(?![\w'])", re.IGNORECASE)


def negations(text: str) -> int:
    """How many negation cues a text carries (not, never, no, didn't, ...)."""
    return len(_negation_pattern().findall(text.replace("’", "'")))
