"""Words, names, codes and clauses for the grounding scorer.

Grounding needs more than bag-of-words: which capitalised words are names, which tokens are
identifiers ("db-search-3", "#412"), where a clause ends, and whether a sentence only voices an
opinion. The word lists live in grounding_lexicon.yaml.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .quotes import MIN_QUOTE_WORDS
from .text import lexicon, stem, synonym_index

GROUNDING_LEXICON_PATH = Path(__file__).with_name("grounding_lexicon.yaml")

_TOKEN = re.compile(r"[#@]?[A-Za-z0-9°][A-Za-z0-9'.\-/°]*[A-Za-z0-9%]|[#@]?[A-Za-z0-9%]")
_QUOTED = re.compile(r"[\"“”«»„]([^\"“”«»„]{1,600})[\"“”«»„]")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[\"“(]\s*|(?:^|\n)\s*(?:[-*•]|\d+[.)])\s+)$")
# Words written in capitals that name nobody: the pronoun I and chat abbreviations.
_NOT_NAMES = re.compile(r"I(?:['’](?:d|m|ve|ll))?|FYI|ASAP|BTW|IMO|IMHO|FWIW|TL;?DR|NB|PS|ETA")


class Token(NamedTuple):
    """A word of a text with its character span."""

    text: str
    start: int
    end: int


@cache
def glex() -> dict[str, Any]:
    """The grounding word lists (units, hedges, opinion markers, ...)."""
    data: dict[str, Any] = yaml.safe_load(GROUNDING_LEXICON_PATH.read_text(encoding="utf-8"))
    return data


@cache
def stopwords() -> frozenset[str]:
    return frozenset(lexicon()["stopwords"]) | frozenset(glex()["stopwords"])


@cache
def generic_words() -> frozenset[str]:
    """Reporting and linking words a paraphrase may add without adding a fact."""
    return frozenset(glex()["generic_words"]) | frozenset(
        concept(w) for w in glex()["generic_words"]
    )


@cache
def _synonyms() -> dict[str, str]:
    return synonym_index(glex()["synonyms"])


@lru_cache(maxsize=1 << 16)
def normalise(word: str) -> str:
    """Lower case, straight apostrophes, no possessive ending."""
    word = word.lower().replace("’", "'").strip("'.-/")
    return re.sub(r"'s?$", "", word)


@lru_cache(maxsize=1 << 16)
def concept(word: str) -> str:
    """The word's grounding synonym head, or its stem."""
    w = normalise(word)
    return _synonyms().get(w) or _synonyms().get(stem(w)) or stem(w)


def tokens(text: str) -> list[Token]:
    """Words (with identifiers such as KX-12, #412, 0.9.2 kept whole) and their spans."""
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text.replace("’", "'"))]


@lru_cache(maxsize=1 << 16)
def is_number(word: str) -> bool:
    return bool(re.fullmatch(r"[\d.,%°]+[a-zA-Z%°]{0,2}", word))


@lru_cache(maxsize=1 << 16)
def is_code(word: str) -> bool:
    """An identifier: digits mixed with letters or marks (db-search-3, #412, IP55, 0.9.2, @x)."""
    if word.startswith("@"):
        return True
    if not re.search(r"\d", word):
        return False
    if word.startswith("#") or re.search(r"\d\.\d+\.\d", word):
        return True
    return bool(re.search(r"[A-Za-z]", word)) and not re.fullmatch(
        r"\d+(?:\.\d+)?-?(?:[a-zA-Z°%/]{1,8}|h\d\d)", word
    )


def word_concepts(word: str) -> set[str]:
    """Concepts of a word and of its hyphen or slash parts (windows-x64 -> windows, x64)."""
    found = {concept(word)}
    parts = re.split(r"[-/]", normalise(word))
    if len(parts) > 1:
        found |= {concept(p) for p in parts if len(p) > 1 and not p.isdigit()}
    return found


@lru_cache(maxsize=1 << 16)
def is_content(word: str) -> bool:
    w = normalise(word)
    return len(w) > 1 and w not in stopwords() and not re.search(r"\d", w) and not is_code(word)


def content_concepts(text: str) -> set[str]:
    """Concepts of the content words of a text, identifiers and numbers left out."""
    out: set[str] = set()
    for token in tokens(text):
        if is_content(token.text):
            out |= word_concepts(token.text)
    return out


def mask_quotations(text: str) -> str:
    """Blank the inside of quotations (checked word for word elsewhere), keeping offsets."""

    def blank(match: re.Match[str]) -> str:
        inner = match.group(1)
        if len(inner.split()) < MIN_QUOTE_WORDS:
            return match.group(0)
        return match.group(0)[0] + "_" * len(inner) + match.group(0)[-1]

    return _QUOTED.sub(blank, text)


@cache
def _phrasal() -> tuple[re.Pattern[str], dict[str, str]]:
    table = {k.lower(): v for k, v in glex()["phrasal_verbs"].items() if len(v) <= len(k)}
    alternatives = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE), table


def read_phrasal(text: str) -> str:
    """'signed off' read as 'approved', padded so that every offset stays where it was."""
    pattern, table = _phrasal()

    def one_word(match: re.Match[str]) -> str:
        return table[match.group(0).lower()].ljust(len(match.group(0)))

    return pattern.sub(one_word, text)


def at_sentence_start(text: str, index: int) -> bool:
    return bool(_SENTENCE_START.search(text[:index]))


class NameRun(NamedTuple):
    """A run of capitalised words (a person, place, product or organisation)."""

    words: tuple[str, ...]
    start: int
    end: int


@cache
def _titles() -> frozenset[str]:
    return frozenset(glex()["titles"])


_GREETINGS = frozenset({"hi", "hello", "hey", "dear"})


@cache
def _unit_words() -> frozenset[str]:
    return frozenset(k.lower() for k in glex()["units"])


@cache
def _calendar_words() -> frozenset[str]:
    return (
        frozenset(glex()["months"]) | frozenset(glex()["weekdays"]) | frozenset(glex()["not_names"])
    )


def _capitalised(word: str) -> bool:
    return (
        word[:1].isupper()
        and not is_code(word)
        and not is_number(word)
        and not _NOT_NAMES.fullmatch(word)
    )


def _common_word(word: str, text: str) -> bool:
    """A capitalised word that is just a sentence-initial ordinary word (Running, Overall, Its)."""
    w = normalise(word)
    if w in stopwords() or w in generic_words() or w in _calendar_words():
        return True
    if re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])", text):
        return True  # it also occurs in lower case
    return bool(re.search(r"(?:ing|ed|ly|tion|ment|ness|ity|ive|ous|able|ful|less)$", w))


def name_runs(text: str, initial_singles: bool = False) -> list[NameRun]:
    """Capitalised runs, leaving out calendar words, titles and ordinary sentence-initial words.

    A lone capitalised word opening a sentence ("Close to 3,000 ...") is a name only when it has a
    name's shape (CamelCase, a hyphen, a possessive) or `initial_singles` is set (speaker search).
    """
    runs: list[NameRun] = []
    current: list[Token] = []

    def flush() -> None:
        if current and normalise(current[0].text) in _GREETINGS:
            return  # "Hi Mrs Teague, ...": the person addressed, not a claim about the sources
        words = [t for t in current if normalise(t.text) not in _titles()]
        while words and normalise(words[0].text) in _calendar_words() | stopwords():
            words = words[1:]
        if not words:
            return
        first = words[0]
        single_initial = len(words) == 1 and at_sentence_start(text, first.start)
        special = re.search(r"[A-Z].*[A-Z]|-|'s$", first.text)
        if (
            single_initial
            and not special
            and (not initial_singles or _common_word(first.text, text))
        ):
            return
        if len(words) == 1 and (normalise(first.text) in _calendar_words() | _unit_words()):
            return
        if len(words) == 1 and len(first.text) == 1:
            return
        runs.append(NameRun(tuple(t.text for t in words), words[0].start, words[-1].end))

    for token in tokens(text):
        gap = text[current[-1].end : token.start] if current else ""
        if _capitalised(token.text) and (not current or gap in (" ", "-")):
            current.append(token)
            continue
        flush()
        current = [token] if _capitalised(token.text) else []
    flush()
    return runs


@cache
def _opinion_patterns() -> list[re.Pattern[str]]:
    evaluative = "(?:" + "|".join(re.escape(w) for w in glex()["evaluative"]) + ")"
    patterns = [p.replace("{EVALUATIVE}", evaluative) for p in glex()["opinion_patterns"]]
    return [re.compile(p, re.IGNORECASE) for p in patterns]


def is_opinion(sentence: str) -> bool:
    """A sentence that voices a judgement or preference ("I think", "seems fair to me")."""
    text = sentence.replace("’", "'")
    return any(p.search(text) for p in _opinion_patterns())
