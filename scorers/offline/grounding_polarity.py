"""Polarity checks: a claim must agree with its sources on what did and did not happen.

A negation flipped ("approved" where the board "did not approve"), a denial of what the sources
assert or never mention, an opposite outcome ("passed" where the best-matching source clause says
"failed"), and a direction that its own figures contradict ("fell from 48,200 to 53,900").
"""

from __future__ import annotations

import re
from functools import cache

from .grounding_checks import CLAUSE_BREAK, Claim
from .grounding_notations import flags
from .grounding_novelty import Finding, attested, is_generic
from .grounding_quantities import Figure, extract_figures, number_backed, unit_info
from .grounding_sources import SourceIndex, ending_verbs, negation_cues_in, scope_concepts
from .grounding_text import concept, glex, is_code, is_content, name_runs, tokens

_NOTHING_ELSE = frozenset({"else", "other", "others", "further", "more", "additional", "extra"})
_ABSENCE = re.compile(r"no|none|nothing|nobody|no one|neither|nor|without", re.IGNORECASE)
_IDENTIFIER = re.compile(r"\w*_\w*(?:\(\))?|\w+\(\)")
_ZERO = re.compile(r"(?<![\d.,])0(?:\.0+)?(?![\d.,:])")


@cache
def _absence_pattern() -> re.Pattern[str]:
    cues = "|".join(re.escape(c) for c in sorted(glex()["absence_cues"], key=len, reverse=True))
    return re.compile(rf"(?<![\w'])(?:{cues})(?![\w'])", re.IGNORECASE)


def _clause_of(text: str, position: int) -> tuple[int, int]:
    start = max([m.end() for m in CLAUSE_BREAK.finditer(text, 0, position)] + [0])
    stop = CLAUSE_BREAK.search(text, position)
    return start, stop.start() if stop else len(text)


def _denied_before(text: str, position: int) -> bool:
    """Whether a negation or absence cue ('not', 'asked for', 'lacked') governs this word."""
    start, end = _clause_of(text, position)
    before = text[start:position]
    zero = _ZERO.search(text[start:end])  # "0 mm of rain" denies rain too
    ended = ending_verbs().search(text[start:end])  # "support for 3.8 was dropped"
    return bool(negation_cues_in(before) or _absence_pattern().search(before) or zero or ended)


def _positions(text: str, wanted: frozenset[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for t in tokens(text):
        for c in scope_concepts([t.text]):
            if c in wanted and c not in found:
                found[c] = t.start
    return found


def check_negation(claim: Claim, index: SourceIndex) -> Finding | None:
    """A claim must not assert what a source denies, nor deny what the sources only assert."""
    sentence_concepts = set(scope_concepts([t.text for t in tokens(claim.masked)]))
    for negation in index.negations:
        if not negation.scope <= sentence_concepts:
            continue
        where = _positions(claim.masked, negation.scope)
        if negation.reading:  # a zero reading binds to its own station or row
            a, b = _clause_of(claim.masked, min(where.values()))
            sentence_context = set(scope_concepts(_words(claim.masked[a:b])))
        else:
            sentence_context = sentence_concepts
        shared = len(negation.context & sentence_context)
        if negation.reading and negation.context and not shared:
            continue  # a zero reading of another station or row
        weak = not negation.context or shared * 2 < len(negation.context)
        if len(negation.scope) < 2 and not (negation.reading or negation.opening) and weak:
            continue
        heads = [where[negation.head]] if negation.head in where else list(where.values())
        if any(_denied_before(claim.masked, p) for p in heads):
            continue
        if not _elided_denial(claim.masked, negation.subject):
            return Finding("contradicted", "the source negates this", negation.sentence)
    for cue in negation_cues_in(claim.masked):
        after = re.split(r"[,;:()]|[.!?](?:\s|$)", claim.masked[cue.end() :])[0]
        scope = _first_three(after)
        if not scope:
            continue
        holding = [
            s
            for s, there in zip(index.sentences, index.sentence_scopes, strict=True)
            if scope <= there
        ]
        if holding and not any(s in index.negative for s in holding):
            return Finding("contradicted", "the sources assert what this denies", holding[0])
        words = [t.text for t in tokens(after)][:4]
        if not _ABSENCE.fullmatch(cue.group(0)) or (words and words[0].lower() in _NOTHING_ELSE):
            continue  # "could not log in", "nothing else changes": no new thing is denied
        unknown = [w for w in words if not is_generic(w) and not attested(w, index)]
        if unknown:  # "no customer data was affected"
            return Finding("unsupported", f"denies what no source mentions: {unknown[0]}")
    return None


def check_flags(claim: Claim, index: SourceIndex) -> Finding | None:
    """A tool's true/false field said the other way: "the PR was merged" where the tool gave
    "merged: false", or "MFA is not enabled" for "mfa_enabled": true."""
    text = _IDENTIFIER.sub(lambda m: " " * len(m.group(0)), claim.masked)  # not merge_tiles()
    for source in index.raw:
        for words, value in flags(source):
            wanted = frozenset(scope_concepts(words.split()))
            where = _positions(text, wanted)
            if not wanted or len(where) < len(wanted):
                continue
            denied = any(_denied_before(text, p) for p in where.values())
            if denied == value:
                said = "true" if value else "false"
                return Finding("contradicted", f"the sources give {words} as {said}", source)
    return None


def _first_three(text: str) -> set[str]:
    """The first three concepts after a cue that are not generic ("need to be rebuilt": rebuilt)."""
    concepts = [c for c in scope_concepts([t.text for t in tokens(text)]) if not is_generic(c)]
    return set(concepts[:3])


def _elided_denial(text: str, subject: str) -> bool:
    """'records its talks but not its workshops': the cue denies the subject, its verb elided."""
    for cue in negation_cues_in(text):
        after = scope_concepts([t.text for t in tokens(text[cue.end() :])][:3])
        if subject and after and after[0] == subject:
            return True
    return False


def _words(text: str) -> list[str]:
    return [t.text for t in tokens(text)]


@cache
def _antonyms() -> dict[str, set[str]]:
    pairs: dict[str, set[str]] = {}
    for a, b in glex()["antonyms"]:
        for x in _inflections(a):
            pairs.setdefault(x, set()).update(_inflections(b))
        for y in _inflections(b):
            pairs.setdefault(y, set()).update(_inflections(a))
    return pairs


def _inflections(word: str) -> set[str]:
    """Concepts of a word's inflected forms (remove, removes, removed, removing)."""
    base = word[:-1] if word.endswith("e") else word
    forms = {word, word + "s", word + "es", word + "ed", word + "d", base + "ing", base + "ed"}
    return {concept(f) for f in forms}


def _entity_concepts(text: str) -> set[str]:
    """Concepts of the names and identifiers of a text (the subjects a predicate is about)."""
    found = set(scope_concepts([t.text for t in tokens(text) if is_code(t.text)]))
    for run in name_runs(text, True):
        found |= set(scope_concepts(list(run.words)))
    return found


def check_antonyms(claim: Claim, index: SourceIndex) -> Finding | None:
    """An outcome opposite to the sources': 'Windows passed' where the source says 'windows-x64
    failed' (same named subject), or 'passed its integration tests' where the best-matching source
    clause says 'integration tests failed'."""
    claim_concepts = set(scope_concepts(_words(claim.masked)))
    subjects = _entity_concepts(claim.masked)
    for t in tokens(claim.masked):
        w = concept(t.text) if is_content(t.text) else ""
        if w not in _antonyms() or _denied_before(claim.masked, t.start):
            continue
        if not _antonyms()[w] & claim_concepts:
            for part, part_concepts in index.clauses:
                shared = (part_concepts & subjects) - {w}
                opposite = part_concepts & _antonyms()[w]
                if opposite and w not in part_concepts and shared and not negation_cues_in(part):
                    reason = f"the source says the opposite of '{t.text}'"
                    return Finding("contradicted", reason, part)
        if w not in _relational():
            found = _best_clause_disagrees(claim.masked, t.start, w, index)
            if found:
                return Finding("contradicted", f"the source says the opposite of '{t.text}'", found)
    return None


@cache
def _relational() -> frozenset[str]:
    return frozenset(concept(w) for w in glex()["relational"])


def _best_clause_disagrees(text: str, position: int, word: str, index: SourceIndex) -> str:
    """The source clause that best matches the claim's clause around an outcome word, when that
    clause reports the opposite outcome ("integration tests failed" for "passed its integration
    tests") and no clause as close reports the same one."""
    start, end = _clause_of(text, position)
    wanted = {c for c in scope_concepts(_words(text[start:end])) if c != word and not is_generic(c)}
    if wanted & _antonyms()[word]:
        return ""  # "passed some checks and failed others" in one clause
    same = [len(wanted & there) for part, there in index.outcome_clauses if word in there]
    best, best_score = "", 1
    for part, there in index.outcome_clauses:
        score = len(wanted & there)
        opposite = there & _antonyms()[word]
        if score > best_score and opposite and word not in there and not negation_cues_in(part):
            best, best_score = part, score
    return best if best and best_score > max(same, default=0) else ""


@cache
def _direction_words() -> dict[str, int]:
    return {
        w: (1 if way == "up" else -1) for way, words in glex()["directions"].items() for w in words
    }


def _amount(figure: Figure) -> tuple[str, float] | None:
    if figure.kind != "number":
        return None
    info = unit_info(figure.unit)
    return (info[0], figure.value * info[1]) if info else ("", figure.value)


def movements(text: str, figures: list[Figure]) -> list[tuple[Figure, Figure, int]]:
    """Changes a text reports: (old, new, way), way +1 up, -1 down, 0 unsaid ("from 61% to 54%",
    "54%, down from 61%", "rose from 54% to 61%")."""
    found = []
    for m in _FROM.finditer(text):
        old = next((f for f in figures if f.start >= m.end()), None)
        if old is None or old.start > m.end() + 12:
            continue
        if m.group("way"):  # "3.1 million, up from 2.95 million": the new figure came first
            way = _direction_words()[m.group("way").lower()]
            new = next((f for f in reversed(figures) if f.end <= m.start()), None)
        else:  # "fell from 48,200 in Q1 to 53,900 in Q2"
            start, _ = _clause_of(text, m.start())
            words = re.findall(r"[A-Za-z]+", text[start : m.start()])
            way = next((w for w in map(_direction, reversed(words)) if w), 0)
            to = _TO.match(text, old.end)
            new = next((f for f in figures if to and to.end() <= f.start <= to.end() + 2), None)
        a, b = _amount(old), _amount(new) if new else None
        if new and a and b and a[0] == b[0]:
            found.append((old, new, way))
    return found


def check_direction(claim: Claim, index: SourceIndex) -> Finding | None:
    """A movement must agree with its own figures ('fell from 48,200 to 53,900') and with the
    sources' order ('rose from 54% to 61%' where the sources say '54%, down from 61%')."""
    moves = movements(claim.masked, claim.figures)
    for old, new, way in moves:
        a, b = _amount(old), _amount(new)
        if a and b and (b[1] - a[1]) * way < 0:
            reason = f"a {'rise' if way > 0 else 'fall'} from {old.text} to {new.text}"
            return Finding("contradicted", reason)
    if not moves:
        return None
    told = [
        (m, sentence)
        for sentence in index.sentences
        for m in movements(sentence, extract_figures(sentence))
    ]
    for old, new, _ in moves:
        same = [s for (o, n, _), s in told if _same(old, o) and _same(new, n)]
        reverse = [s for (o, n, _), s in told if _same(old, n) and _same(new, o)]
        if reverse and not same:
            reason = f"the sources give the change the other way: {old.text} -> {new.text}"
            return Finding("contradicted", reason, reverse[0])
    return None


def _same(claim: Figure, source: Figure) -> bool:
    return number_backed(claim, source, set())


def _direction(word: str) -> int:
    return _direction_words().get(word.lower(), 0)


_FROM = re.compile(r"(?:\b(?P<way>up|down|higher|lower)\s+)?\bfrom\s+", re.IGNORECASE)
_TO = re.compile(r"\s*(?:\S+\s+){0,4}?to\s+")
