"""What the sources say, indexed once per response: words, codes, figures, records and negations.

Every claim of a response is checked against the same sources, so their words, identifiers, figures,
record structure (a table row or log line is one record; a prose passage is one) and negated phrases
("did not approve CR-2207") are read once here.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

from .grounding_quantities import Figure, extract_figures, scaled_copies, source_units
from .grounding_text import (
    concept,
    content_concepts,
    generic_words,
    glex,
    is_code,
    is_content,
    normalise,
    read_phrasal,
    tokens,
    word_concepts,
)
from .quotes import split_sentences
from .text import stem

_ZERO_READING = re.compile(r"(?P<label>[A-Za-z][\w-]*)\s*:?\s*0(?:\.0+)?(?![\d.,:])")
_SEGMENT_BREAK = re.compile(r"[;.!?](?:\s|$)|\n")


class Record(NamedTuple):
    """A table row, log line or whole passage: figures in it belong with the names in it."""

    source: int
    text: str
    topic: str
    figures: list[Figure]
    item: bool = False  # a table row, log line or list item, named by its first words


class Negation(NamedTuple):
    """A negated phrase of a source: the cue's scope and the words just before it."""

    scope: frozenset[str]
    context: frozenset[str]
    sentence: str
    reading: bool = False  # a zero reading ("ammonia 0 ppm"): specific without context
    head: str = ""  # the first word the cue denies ("accepts" in "no longer accepts plain HTTP")
    opening: bool = False  # the sentence opens with it: "No exploitation has been observed."
    subject: str = ""  # the word just before the cue ("workshops" in "workshops will not be")


def scope_concepts(words: list[str], specific: bool = False) -> list[str]:
    """Content words and identifiers, as concepts (identifiers lower-cased).

    With `specific`, generic words ("issued", "made") are left out, as in a negation's scope.
    """
    out = []
    for w in words:
        if specific and (normalise(w) in generic_words() or concept(w) in generic_words()):
            continue
        if is_code(w):
            out.append(normalise(w))
            out += [concept(p) for p in re.split(r"[-/_.]", w) if p.isalpha() and len(p) > 2]
        elif is_content(w):
            out.append(concept(w))
    return out


def _shape(line: str) -> tuple[bool, str, int]:
    first = line.split()[0] if line.split() else ""
    kind = "code" if is_code(first) else "number" if first[:1].isdigit() else "word"
    return bool(re.search(r"\d", line)), kind, len(re.findall(r"[|\t]", line))


_ITEM_BREAK = re.compile(r",\s+(?!\d)|\s+and\s+(?=[A-Z])")
_PRONOUN = re.compile(r"\b(?:he|she|they|it|his|her|their|its|him|them)\b", re.IGNORECASE)
_HEADER_LINE = re.compile(r"^\s*(?:from|to|cc|subject|date|author|title|re)\s*:", re.IGNORECASE)
_ABBREVIATIONS = ("approx", "ca", "c", "no", "No", "nos", "vs", "v", "fig", "Fig", "est", "p", "pp")
_PIECE_BREAK = re.compile(
    r";\s*|(?<=[.!?])\s+(?=[A-Z\"“(])|(?<=[.!?])"  # a digit may open a log line, not "approx. 8"
    + "".join(rf"(?<!\b{a}\.)" for a in _ABBREVIATIONS)
    + r"\s+(?=\d)"
)


def heading_end(source: str) -> int:
    """Where a passage's heading ends ("Shift roster, week 12:", "Ticket HD-5521, 3 Dec.")."""
    first = split_sentences(source)[0] if source.strip() else ""
    offset = source.find(first)
    colons = [
        m.start() for m in re.finditer(r":(?=\s)", first) if len(first[: m.start()].split()) <= 8
    ]
    if colons:
        return offset + colons[-1] + 1
    if len(first.split()) <= 6 and first != source.strip():
        return offset + len(first)
    return 0


def _heading(source: str) -> str:
    end = heading_end(source)
    return source[:end] if end else (split_sentences(source) or [""])[0]


def _shared_heading_words(sources: list[str]) -> frozenset[str]:
    """Heading words every source has ("Station", "12 July"): they tell no passage apart."""
    if len(sources) < 2:
        return frozenset()
    common = [set(scope_concepts([t.text for t in tokens(_heading(s))])) for s in sources]
    return frozenset(set.intersection(*common))


def _prose_records(index: int, source: str) -> list[Record]:
    """A passage cut into sentences and ';' pieces; its heading's figures hold for all of it.

    A piece that refers back by pronoun carries the piece before it.
    """
    end = heading_end(source)
    pieces = [p for p in _PIECE_BREAK.split(source[end:]) if p.strip()]
    topic = source[:end] or (pieces[0] if len(pieces) > 1 else "")
    records = [Record(index, source, topic, extract_figures(topic, source=True))] if topic else []
    for i, piece in enumerate(pieces):
        text = pieces[i - 1] + " " + piece if i and _PRONOUN.search(piece) else piece
        items = _pairs(piece)
        if items:
            records += [
                Record(index, x, topic, extract_figures(x, source=True), True) for x in items
            ]
        else:
            records.append(Record(index, text, topic, extract_figures(piece, source=True)))
    return records


def _pairs(piece: str) -> list[str]:
    """A list of name-figure pairs ("Wren-1B 2.1 GB, Wren-3B 6.3 GB", "departed Arnholt 06:50,
    arrived Skellig Quay 08:05") cut into its items, each figure with its own name."""
    items = [x for x in _ITEM_BREAK.split(piece) if x.strip()]
    if len(items) < 2:
        return []
    named = [any(w[:1].isupper() or is_code(w) for w in _words(item)) for item in items]
    if sum(named) < 2 or not all(extract_figures(item) for item in items):
        return []
    return items


def _records(index: int, source: str) -> list[Record]:
    lines = [line for line in source.splitlines() if line.strip()]
    if len(lines) < 2:
        return _prose_records(index, source)
    headers = [line for line in lines if _HEADER_LINE.match(line)]
    lead: list[
        str
    ] = []  # a title and a column-heading row: every line before the first row shaped like the last
    for line in lines[:-1]:
        if _shape(line) == _shape(lines[-1]) or len(lead) == 2:
            break
        lead.append(line)
    topic = "\n".join(headers) or "\n".join(lead)
    return [Record(index, line, topic, extract_figures(line, source=True), True) for line in lines]


def _words(text: str) -> list[str]:
    return [t.text for t in tokens(text)]


@lru_cache(maxsize=4096)
def text_words(text: str) -> frozenset[str]:
    """Lower-case words of a text, with the parts of handles and identifiers (lenka-dravec)."""
    words = {normalise(t.text) for t in tokens(text)}
    return frozenset(words | {p for w in words for p in re.split(r"[-/_@.]", w) if p})


def name_word_in(word: str, words: set[str] | frozenset[str]) -> bool:
    """A name word among `words`: as is, singular ("Greens"), or inside a handle (ivarga)."""
    w = normalise(word)
    if {w, stem(w), re.sub(r"e?s$", "", w)} & words:
        return True
    return len(w) >= 4 and any(v.endswith(w) or v.startswith(w) for v in words if len(v) > len(w))


_OUTCOME_BREAK = re.compile(r";|,(?!\d)|\b(?:but|while|whereas|although|though)\b")
_MINOR = frozenset({"of", "and", "the", "for", "in", "on", "to", "a", "an", "&"})


class SourceIndex:
    """The sources of one response, read once."""

    def __init__(self, sources: list[str]) -> None:
        self.raw = [s for s in sources if s and s.strip()]
        self.sources = [read_phrasal(s) for s in self.raw]  # "turned down" as "rejected"
        self.joined = "\n".join(self.sources)
        self.lowered = self.joined.lower().replace("’", "'")
        self.figures = [
            (fs := extract_figures(s, source=True)) + scaled_copies(s, fs) for s in self.sources
        ]
        self.units = [source_units(s) for s in self.sources]
        self.records = [
            r._replace(figures=r.figures + scaled_copies(s, r.figures))
            for i, s in enumerate(self.sources)
            for r in _records(i, s)
        ]
        self.sentences = [x for s in self.sources for x in split_sentences(s)]
        self.sentence_concepts = [content_concepts(x) for x in self.sentences]
        self.sentence_scopes = [frozenset(scope_concepts(_words(x))) for x in self.sentences]
        self.clauses = [
            (part, frozenset(scope_concepts(_words(part))))
            for x in self.sentences
            for part in re.split(r"[,;]", x)
        ]
        words = [t.text for t in tokens(self.joined)]
        self.words = set(text_words(self.joined))
        self.capitalised = {normalise(w) for w in words if w[:1].isupper()}
        self.codes = {part for w in words if is_code(w) for part in _code_parts(normalise(w))}
        self.concepts = content_concepts(self.joined) | {c for w in words for c in word_concepts(w)}
        self.negations = [
            n._replace(context=n.context - _shared_heading_words(self.sources)) if n.reading else n
            for source in self.sources
            for sentence in split_sentences(source)
            for n in negations_in(sentence, _heading(source))
        ]
        self.negative = {s for s in self.sentences if is_negative(s)}
        self.acronyms = {w.lower() for w in words if re.fullmatch(r"[A-Z]{2,6}", w)}
        self._initials: frozenset[str] | None = None
        self._by_prefix: dict[str, list[str]] | None = None
        self._outcome_clauses: list[tuple[str, frozenset[str]]] | None = None

    def words_starting(self, prefix: str) -> list[str]:
        """Source words that begin with a 3-letter prefix (looked up, not scanned)."""
        if self._by_prefix is None:
            self._by_prefix = {}
            for word in self.words:
                self._by_prefix.setdefault(word[:3], []).append(word)
        return self._by_prefix.get(prefix[:3], [])

    @property
    def initials(self) -> frozenset[str]:
        """Initials of runs of 2-5 words ("standard deviation" -> "sd"), for acronyms."""
        if self._initials is None:
            found: set[str] = set()
            for sentence in self.sentences:
                heads = [w[0] for w in re.findall(r"[a-z]+", sentence.lower()) if w not in _MINOR]
                for n in range(2, 6):
                    found |= {"".join(heads[i : i + n]) for i in range(len(heads) - n + 1)}
            self._initials = frozenset(found)
        return self._initials

    @property
    def outcome_clauses(self) -> list[tuple[str, frozenset[str]]]:
        """Clauses of the sources, headings cut off ("Build 7741 log:"), with their concepts."""
        if self._outcome_clauses is None:
            self._outcome_clauses = [
                (part, frozenset(scope_concepts(_words(part))))
                for source in self.sources
                for sentence in split_sentences(source[heading_end(source) :])
                for part in _OUTCOME_BREAK.split(sentence)
                if part.strip()
            ]
        return self._outcome_clauses

    def original(self, text: str) -> str:
        """Source text as written (phrasal verbs kept), for showing a reader."""
        at = self.joined.find(text)
        return "\n".join(self.raw)[at : at + len(text)] if at >= 0 and text else text

    def has_word(self, word: str) -> bool:
        """A name word in the sources, whole or inside a handle (ivarga, @lenka-d)."""
        return name_word_in(word, self.words)


def _cue_pattern() -> re.Pattern[str]:
    cues = sorted(glex()["negation_cues"], key=len, reverse=True)
    alternatives = "|".join(re.escape(c) for c in cues if c != "n't")
    return re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w'])|n't\b", re.IGNORECASE)


@cache
def _absence() -> re.Pattern[str]:
    cues = "|".join(re.escape(c) for c in sorted(glex()["absence_cues"], key=len, reverse=True))
    return re.compile(rf"(?<![\w'])(?:{cues})(?![\w'])", re.IGNORECASE)


def negation_cues_in(text: str) -> list[re.Match[str]]:
    return list(_cue_pattern().finditer(text.replace("’", "'")))


_REDUCED_RELATIVE = re.compile(r"(?<=\w)\s+\w+(?:ed|ght|en|wn)\s+by\b")


def _code_parts(code: str) -> set[str]:
    """A code and the codes inside it: "postmortem-inc-4410" holds "inc-4410", "v5.0.0" is
    "5.0.0" too."""
    parts = {code}
    for m in re.finditer(r"[-_/]", code):
        tail = code[m.end() :]
        if re.search(r"\d", tail) and re.search(r"[a-z]", tail):
            parts.add(tail)
    parts |= {p[1:] for p in list(parts) if re.fullmatch(r"v\d+(?:\.\d+)+", p)}
    return parts


def negations_in(sentence: str, heading: str = "") -> list[Negation]:
    """Negated phrases of a source sentence ("not renew the Dunmore contract", "no decision").

    A zero reading ("Rainfall 0.0 mm") belongs to what its passage is about, so its context is the
    passage heading ("Station Kell Point, 12 July").
    """
    text = sentence.replace("’", "'")
    found = []
    for cue in negation_cues_in(text) + list(ending_verbs().finditer(text)):
        after = re.split(r"[,;()\n]|[.!?](?:\s|$)", text[cue.end() :])[0]
        first = re.search(r"\w", after)
        nested = [
            m
            for m in negation_cues_in(after) + list(_absence().finditer(after))
            if first and m.start() > first.start()
        ]
        after = after[: min(m.start() for m in nested)] if nested else after  # "not ... without"
        agent = _REDUCED_RELATIVE.search(after, first.end() if first else 0)
        after = after[: agent.start()] if agent else after  # "the injunction sought by residents"
        words = [t.text for t in tokens(after)]
        scope = (scope_concepts(words, specific=True) or scope_concepts(words))[:3]
        if not scope:
            continue
        segment_start = max([m.end() for m in _SEGMENT_BREAK.finditer(text, 0, cue.start())] + [0])
        before = [t.text for t in tokens(text[segment_start : cue.start()])]
        context = scope_concepts(before)[-6:]
        opening = not re.search(r"\w", text[: cue.start()])
        found.append(
            Negation(
                frozenset(scope),
                frozenset(context),
                sentence,
                head=scope[0],
                opening=opening,
                subject=context[-1] if context else "",
            )
        )
    for zero in _ZERO_READING.finditer(text):  # "ammonia 0 ppm", "Rainfall: 0.0 mm"
        if is_content(zero.group("label")):
            label = frozenset({concept(zero.group("label"))})
            about = frozenset(scope_concepts([t.text for t in tokens(heading)])) - label
            found.append(Negation(label, about, sentence, reading=True))
    return found


@cache
def ending_verbs() -> re.Pattern[str]:
    """Verbs that end what follows them ("drops support for", "removed the flag"); a level that
    "dropped from 812 ms to 396 ms" or "dropped 12%" fell, it did not end."""
    words = "|".join(re.escape(w) for w in glex()["ending_verbs"])
    return re.compile(
        rf"(?<![\w'-])(?<!\ba\s)(?<!\ban\s)(?<!\bthe\s)(?<!\bby\s)(?:{words})(?![\w'-])"
        r"(?!\s+(?:in|of|from|to|by|below|under|sharply|slightly)\b)(?!\s+[\d$€£])",
        re.IGNORECASE,
    )


def _negative_verb() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in glex()["negative_verbs"])
    return re.compile(rf"(?<![\w'])(?:{words})(?![\w'])", re.IGNORECASE)


def is_negative(sentence: str) -> bool:
    """A sentence that denies or ends something: a cue, a zero figure, 'drops', 'removed', ..."""
    zero = re.search(r"(?<![\d.,])0(?:\.0+)?(?![\d.,:])", sentence)
    return bool(negation_cues_in(sentence) or zero or _negative_verb().search(sentence))
