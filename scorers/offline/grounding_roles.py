"""Who did what: a claim must give an event to the member or party the sources give it to.

Figures are bound to their names in grounding_checks.py. Here the same is asked of what a clause
says without a figure: "flask 2 was contaminated" where the source's sentence about contamination
names flask 3 only; and "Kettleby beat Dunmere" where the source has "Dunmere beat Kettleby".
"""

from __future__ import annotations

import re

from .grounding_attribution import SENDER, TOOL_CALL
from .grounding_checks import CLAUSE_BREAK, Claim
from .grounding_labels import families, labels_in
from .grounding_novelty import Finding, is_generic
from .grounding_sources import SourceIndex, scope_concepts
from .grounding_text import NameRun, concept, name_runs, normalise, tokens

_BREAK = re.compile(r"[.;:!?]|" + CLAUSE_BREAK.pattern)
_SPEAKER_LINE = re.compile(
    rf"^\s*(?:{TOOL_CALL})?(?P<at>\[[^\]\n]{{1,30}}\]\s*)?"
    r"(?P<who>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})(?:\s*\([^)\n]{1,30}\))?:\s*(?P<what>.+)$"
)  # a chat or transcript line: "[11:02] Ravi Tennant: ...", "Peregrine Osei-Lambert (CEO): ..."
_CHAT_TURN = re.compile(r"\n|(?=\[\d{1,2}:\d{2}(?::\d{2})?\])")  # lines, and turns on one line
_FIRST_PERSON = re.compile(
    r"\b(?:I|I'm|I'd|I've|I'll|we|We|my|My|our|Our|us)\b"
)  # not "Name: profile"
_PASSIVE = re.compile(r"^\W*(?:\w+\W+){0,1}by\b", re.IGNORECASE)


def _clause(text: str, position: int) -> tuple[int, int]:
    start = max([m.end() for m in CLAUSE_BREAK.finditer(text, 0, position)] + [0])
    stop = CLAUSE_BREAK.search(text, position)
    return start, stop.start() if stop else len(text)


def _concepts(text: str) -> set[str]:
    words = [t.text for t in tokens(text) if not t.text[:1].isupper()]
    return {c for c in scope_concepts(words) if not is_generic(c)}


def check_member_events(claim: Claim, index: SourceIndex) -> Finding | None:
    """A family member ("flask 2") must be named where the sources say what the claim says of it.

    The source pieces that share most of the claim clause's words are found; when every one of
    them names other members of the family and none names this one, the event is someone else's.
    """
    kin = families(index.sources)
    for lab in labels_in(claim.masked):
        if lab.head not in kin:
            continue
        start, end = _clause(claim.masked, lab.start)
        wanted = _concepts(claim.masked[start:end]) - {concept(lab.head)}
        if not wanted:
            continue
        pieces = [
            r.text for r in index.records if r.text.strip() != index.sources[r.source].strip()
        ]
        scored = [(len(wanted & _concepts(p)), p) for p in pieces]
        best = max((s for s, _ in scored), default=0)
        top = [p for s, p in scored if s == best and best > 0]
        named = [{(m.head, m.label) for m in labels_in(p) if m.head == lab.head} for p in top]
        if top and all(n and (lab.head, lab.label) not in n for n in named):
            other = " ".join(sorted(label for _, label in named[0]))
            reason = f"the sources say this of {lab.head} {other}, not {lab.label}"
            return Finding("contradicted", reason, top[0])
    return None


def _content_outside_names(text: str) -> set[str]:
    """Content concepts of a text other than the words of its names (sentence-initial words kept)."""
    spans = [(r.start, r.end) for r in name_runs(text, True) if len(r.words) > 1]
    words = [t.text for t in tokens(text) if not any(a <= t.start < b for a, b in spans)]
    return {c for c in scope_concepts(words) if not is_generic(c)}


def _people(text: str) -> list[NameRun]:
    """Names of two or more words: the people (and bodies) a piece of text gives an act to."""
    return [r for r in name_runs(text, True) if len(r.words) > 1]


def _first_names(text: str, known: set[str]) -> list[NameRun]:
    """One-word names of the people the sources name in full ("Malia" for Malia Fonoti)."""
    return [
        r for r in name_runs(text, True) if len(r.words) == 1 and normalise(r.words[0]) in known
    ]


def _same_person(a: NameRun, b: NameRun) -> bool:
    """The same surname, or one name's single word in the other ("Malia" is Malia Fonoti)."""
    if len(a.words) == 1 or len(b.words) == 1:
        short, full = (a, b) if len(a.words) == 1 else (b, a)
        return normalise(short.words[0]) in {normalise(w) for w in full.words}
    return normalise(a.words[-1]) == normalise(b.words[-1])


def check_person_events(claim: Claim, index: SourceIndex) -> Finding | None:
    """An act must go to the person the sources give it to: "Nadia Ferreira is updating the
    runbook" where the source's clause about the runbook names Jules Ambrose-Tan only.

    The claim clause around a person's name is matched with the sources' clauses; when the clauses
    that share most of its words (two or more) name someone else (not named in the same claim
    clause: "an engineer at Quillfeather Analytics") and none naming this person (or sent by them)
    shares as many, the act is someone else's.
    """
    named = []
    for source in index.sources:
        senders = [r for line in SENDER.findall(source) for r in _people(line)]
        for line in _CHAT_TURN.split(source):
            said = _SPEAKER_LINE.match(line)  # "[11:02] Ravi Tennant: I think we should delay"
            speaking = said and (said.group("at") or _FIRST_PERSON.search(said.group("what")))
            speakers = _people(said.group("who")) if said and speaking else []
            for piece in _BREAK.split(said.group("what") if speakers and said else line):
                if piece.strip():  # an email's or a chat line's words are its sender's too
                    people = _people(piece) + speakers + senders
                    named.append((piece, people, _content_outside_names(piece)))
    known = {normalise(w) for _, qs, _ in named for q in qs for w in q.words}
    for person in _people(claim.masked) + _first_names(claim.masked, known):
        if not any(_same_person(person, q) for _, qs, _ in named for q in qs):
            continue  # a name the sources lack is the name check's to judge
        start, end = _clause(claim.masked, person.start)
        clause = claim.masked[start:end]
        wanted = _content_outside_names(clause)
        beside = _people(clause)
        own = [len(wanted & c) for _, qs, c in named if any(_same_person(person, q) for q in qs)]
        others = [
            (len(wanted & c), p, qs)
            for p, qs, c in named
            if qs
            and not any(_same_person(person, q) for q in qs)
            and not any(_same_person(b, q) for b in beside for q in qs)
        ]
        best = max(others, default=(0, "", []), key=lambda o: o[0])
        if best[0] >= 2 and best[0] > max(own, default=0):
            who = " ".join(best[2][0].words)
            reason = f"the sources give this to {who}, not {' '.join(person.words)}"
            return Finding("contradicted", reason, best[1])
    return None


def _name_at(text: str, run: NameRun) -> list[int]:
    """Where a name's last word occurs in a text (case-insensitive)."""
    word = re.escape(normalise(run.words[-1]))
    return [m.start() for m in re.finditer(rf"\b{word}\b", text.lower())]


def _order(text: str, a: NameRun, b: NameRun, verb: str) -> int:
    """+1 when a text has `a ... verb ... b`, -1 for `b ... verb ... a`, 0 when neither."""
    for i in _name_at(text, a):
        for j in _name_at(text, b):
            lo, hi = min(i, j), max(i, j)
            between = text[lo:hi]
            verbs = [t for t in tokens(between) if concept(t.text) == verb]
            if not verbs or _BREAK.search(between) or len(between.split()) > 8:
                continue
            way = 1 if i < j else -1
            after = between[verbs[0].end :]
            return -way if _PASSIVE.match(after) else way
    return 0


def check_role_order(claim: Claim, index: SourceIndex) -> Finding | None:
    """'Kettleby beat Dunmere' where the source has 'Dunmere beat Kettleby': the parties swapped
    around the same verb (a passive 'was beaten by' turns the order round)."""
    runs = claim.names
    for first, second in zip(runs, runs[1:], strict=False):
        between = claim.masked[first.end : second.start]
        if _BREAK.search(between) or len(between.split()) > 8:
            continue
        verbs = [
            concept(t.text)
            for t in tokens(between)
            if not t.text[:1].isupper() and not is_generic(t.text)
        ]
        for verb in verbs[:2]:
            here = _order(claim.masked, first, second, verb)
            there = [_order(s, first, second, verb) for s in index.sentences]
            if here and -here in there and here not in there:
                return Finding("contradicted", "the sources give these roles the other way round")
    return None
