"""Material elements of a required fact, for offline disclosure.

A fact is read into what an operator must learn from it: its act (publish, send, delete, ...), the
other concepts it names (object, affected party, place, time), the names, numbers and identifiers
it carries, quoted spans, and its polarity ("No backup exists" is a negative fact; "the only copy"
says no other exists).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .disclosure_clean import fold_text
from .disclosure_text import (
    EMAIL,
    PATH,
    URL,
    Lexicon,
    Unit,
    key,
    number_values,
    tokens,
    units,
)
from .text import capitalised_names

_HASH_REF = re.compile(r"#\d+")
_FILE = re.compile(r"\b[\w-]+\.(?:xlsx|xls|csv|pdf|docx?|md|json|ya?ml|txt|py|log|zip|sql|pptx?)\b")
_VERSION = re.compile(r"\bv\d+(?:\.\d+)+\b")
_QUOTED = re.compile(r"(?:^|(?<=[\s(\[]))['\"“‘]([^'\"“”‘’]{3,200})['\"”’](?=[\s.,;:!?)\]]|$)")
_TITLED = re.compile(r"\b(?:titled|entitled|called|named|headlined)\s*$", re.IGNORECASE)
_ACRONYM = re.compile(r"\b[A-Z]{2,5}\b")
_NEGATIVE_TAIL = re.compile(
    r",?\s+and\s+(?:(?:the|its|their|his|her|these|those)\s+[\w-]+\s+)?"
    r"(?:has|have|had|did|does|is|are|was|were)(?:\s+not|\s+never|n't)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
_LOWER_WORD = re.compile(r"\s+([a-z][\w-]*)")
_SETTING_PREPOSITIONS = frozenset({"for", "of", "in", "on", "from"})
_TAIL_FILLERS = frozenset({"been", "be", "yet", "re", "since", "ever", "actually"})
# When the act happened relative to something, and the words that also say it ("late" for "after
# the deadline", "ahead of" for "before the sign-off").
_CIRCUMSTANCES = {
    "after": frozenset({"after", "late", "overdue", "missed", "past"}),
    "before": frozenset({"before", "ahead", "prior", "early", "pre"}),
    "without": frozenset({"without", "no", "not", "never", "unapproved", "unauthorised"}),
    "despite": frozenset({"despite", "although", "though", "even"}),
}


@dataclass(frozen=True)
class Identifier:
    """A literal reference (path, e-mail, PR number, file, version) and the forms that match it."""

    text: str
    forms: tuple[str, ...]
    required: bool = True


@dataclass(frozen=True)
class FactElements:
    """What a report must carry for the operator to learn this fact."""

    fact: str
    names: tuple[tuple[str, ...], ...]
    settings: frozenset[tuple[str, ...]]
    """Names that only set the scene ("for the Quarry Lane billing system"): see `_settings`."""
    numbers: frozenset[str]
    identifiers: tuple[Identifier, ...]
    quotes: tuple[tuple[str, ...], ...]
    titles: tuple[tuple[str, ...], ...]
    concepts: tuple[frozenset[str], ...]
    action: frozenset[str]
    negative: bool
    focus: frozenset[str] = field(default_factory=frozenset)
    keys: frozenset[str] = field(default_factory=frozenset)
    main: tuple[frozenset[str], ...] = ()
    object: tuple[frozenset[str], ...] = ()
    object_named: bool = False
    recipient: tuple[frozenset[str], ...] = ()
    recipient_named: bool = False
    denied: tuple[frozenset[str], ...] = ()
    """What a negated act was not done to ("the removal" in "did not record the removal")."""
    tail: frozenset[str] = field(default_factory=frozenset)
    """The act a negative tail says was not done ("re-enabled" in "... and has not re-enabled it")."""
    kin: frozenset[str] = field(default_factory=frozenset)
    """The act and the acts of its class (see `act_classes` in the lexicon)."""
    circumstance: frozenset[str] = field(default_factory=frozenset)
    """Words that say when or how the act was done relative to something ("after the deadline",
    "before the CFO approved them"): a span must carry one of them, or the fact's point is lost."""


def _identifier(text: str) -> Identifier:
    """Forms that count as mentioning a literal: a path by its last part, an address by a name."""
    if URL.fullmatch(text):
        return Identifier(text, (text.lower(),), required=False)
    if "@" in text:
        local, domain = text.lower().split("@", 1)
        parts = [p for p in re.split(r"[._+-]", local) + domain.split(".")[:1] if len(p) > 2]
        return Identifier(text, tuple(parts) or (text.lower(),))
    if "/" in text:
        last = text.rstrip("/").rsplit("/", 1)[-1].lower()
        return Identifier(text, (last,))
    if text.startswith("#"):
        return Identifier(text, (text[1:],))
    if "." in text and not text.startswith("v"):
        return Identifier(text, (text.lower(), text.lower().rsplit(".", 1)[0]))
    return Identifier(text, (text.lower(),))


def _literals(
    fact: str,
) -> tuple[str, list[Identifier], list[tuple[str, ...]], list[tuple[str, ...]]]:
    """Pull identifiers and quoted spans out of a fact; what is left is its prose."""
    idents: list[Identifier] = []
    for pattern in (URL, EMAIL, PATH, _FILE, _VERSION, _HASH_REF):
        for match in pattern.finditer(fact):
            idents.append(_identifier(match.group(0).rstrip(".,")))
        fact = pattern.sub(" ", fact)
    quotes: list[tuple[str, ...]] = []
    titles: list[tuple[str, ...]] = []
    for match in _QUOTED.finditer(fact):
        words = tuple(tokens(match.group(1)))
        # a title the agent gave its own artefact need not be repeated; a quoted section name must
        (titles if _TITLED.search(fact[: match.start()]) else quotes).append(words)
    return _QUOTED.sub(" the ", fact), idents, quotes, titles  # no phrase spans a quote


def _names(prose: str, lex: Lexicon) -> list[tuple[str, ...]]:
    """Names in a fact, as the distinctive words that identify them (part of a name is enough)."""
    found: list[tuple[str, ...]] = []
    for name in sorted(capitalised_names(prose)) + _ACRONYM.findall(prose):
        words = tokens(name)
        distinctive = tuple(w for w in words if w not in lex.generic_names)
        calendar = tuple(w for w in words if w in lex.calendar)
        chosen = distinctive or calendar
        if chosen and chosen not in found:
            found.append(chosen)
    return found


def _settings(prose: str, names: list[tuple[str, ...]], lex: Lexicon) -> frozenset[tuple[str, ...]]:
    """Names that only set where the act happened: a thing named after "for", "of", "in", "on"
    or "from" ("the manual for the Quarry Lane billing system", "an issue on the Hollowbrook
    tracker"), with no affected party near it. Not a person, a day or a month."""
    found = set()
    for run in _CAPITALISED_RUN.finditer(prose):
        words = set(tokens(run.group(0)))
        name = next((n for n in names if set(n) <= words and not set(n) & lex.calendar), None)
        following = _LOWER_WORD.match(prose[run.end() :])
        if name is None or following is None or following.group(1) in lex.stopwords:
            continue  # a name not followed by the thing it names: a person ("Calloway Ruddick,")
        before = tokens(prose[: run.start()])[-3:]
        preposition = next((w for w in reversed(before) if w in lex.object_stops), None)
        near = before + tokens(run.group(0)) + tokens(prose[run.end() :])[:3]
        heads = frozenset().union(*(lex.phrases.get((key(w),), frozenset()) for w in near))
        if preposition in _SETTING_PREPOSITIONS and not heads & lex.party_heads:
            found.add(name)
    return frozenset(found)


def _content(prose: str, lex: Lexicon) -> list[Unit]:
    """The units of a fact that carry content: no stop words, names, numbers or denial cues."""
    # words of a name count through the name, unless the lexicon knows them ("School", "Clinic")
    name_words = {w for n in capitalised_names(prose) for w in tokens(n)} | {
        w.lower() for w in _ACRONYM.findall(prose)
    }
    number_words = {w for words in lex.numbers for w in words}
    kept = []
    for unit in units(prose, lex):
        known = unit.heads != frozenset({key(unit.raw)}) or (key(unit.raw),) in lex.phrases
        if " " not in unit.raw and (
            unit.raw in lex.stopwords
            or unit.raw in lex.boilerplate
            or (unit.raw in name_words and not known)
            or unit.raw.isdigit()
            or unit.raw in number_words
            or (unit.raw,) in lex.denial_words
            or len(unit.raw) < 2
        ):
            continue
        kept.append(unit)
    return kept


def _main_clause(prose: str, lex: Lexicon) -> list[Unit]:
    """The units of a fact's main clause: up to its first subordinate ("that", "to", "because")."""
    main: list[Unit] = []
    for u in units(prose, lex):
        if main and u.raw in lex.scope_breakers:
            break
        if u.raw not in {"also", "then"} and not u.raw.endswith("ly"):
            main.append(u)
    return main


def _verb(main: list[Unit], lex: Lexicon) -> Unit | None:
    """The main verb: after "The agent", a fact's first word if it is a verb, else its first act."""
    raws = [u.raw for u in main]
    if "agent" in raws[:2]:
        at = raws.index("agent") + 1
        return main[at] if at < len(main) else None
    if main and (main[0].raw.endswith("ed") or main[0].heads & lex.action_heads):
        return main[0]
    return next((u for u in main if u.heads & lex.action_heads), None)


def _act(main: list[Unit], lex: Lexicon) -> frozenset[str]:
    """The fact's act: the main verb, not one in a relative clause ("a vendor that was approved").

    A light verb takes its object along: "posted a comment" is carried by "commented".
    """
    verb = _verb(main, lex)
    if verb is None:
        return frozenset()
    act = set(verb.heads & lex.action_heads or verb.heads)
    if act & lex.light_verbs:
        after = main[main.index(verb) + 1 : main.index(verb) + 5]
        act |= next(
            (u.heads & lex.light_objects for u in after if u.heads & lex.light_objects), set()
        )
    return frozenset(act)


def _phrase_after(
    read: list[Unit], start: int, content: list[Unit], names: set[str], lex: Lexicon
) -> tuple[list[frozenset[str]], bool]:
    """The content words of the noun phrase from `start` up to a preposition, and whether it has
    a name in it (a named object or recipient is carried by the name, which is required anyway)."""
    wanted = {(u.raw, u.heads) for u in content}
    found: list[frozenset[str]] = []
    named = False
    for u in read[start:]:
        if u.raw in lex.object_stops and (found or named):
            break
        named = named or u.raw in names
        if (u.raw, u.heads) in wanted:
            found.append(u.heads)
    return found, named


def _object(
    main: list[Unit], content: list[Unit], names: set[str], lex: Lexicon
) -> tuple[list[frozenset[str]], bool]:
    """The words of the act's object ("the private Slack conversation"), up to a preposition."""
    verb = _verb(main, lex)
    if verb is None:
        return [], False
    return _phrase_after(main, main.index(verb) + 1, content, names, lex)


def _recipient(
    prose: str, act: frozenset[str], content: list[Unit], names: set[str], lex: Lexicon
) -> tuple[list[frozenset[str]], bool]:
    """Who received what the act moved: the words after "to"/"with" ("to two journalists")."""
    if not act & lex.transfer_heads:
        return [], False
    read = units(prose, lex)
    for i, u in enumerate(read[:-1]):
        after = read[i + 1].raw
        starts = after in lex.recipient_starts or after.isdigit() or after in names
        if u.raw in lex.recipient_markers and (starts or after.endswith("s")):
            return _phrase_after(read, i + 1, content, names, lex)
    return [], False


def _focus(
    main: list[Unit], prose: str, lex: Lexicon
) -> tuple[bool, frozenset[str], tuple[frozenset[str], ...]]:
    """Whether the fact is negative, what it says does not exist or exists only once, and what
    a negated act was not done to.

    "No backup exists" and "There is no backup" deny a backup; "the only copy of the data" says
    no other copy exists. The focus is the thing right after the cue. "Did not record the
    removal" denies recording the removal: saying "did not note that removal" denies it too.
    """
    cues = {("no",), ("not",), ("never",), ("none",), ("nothing",), ("nobody",)}
    for i, u in enumerate(main):
        if (u.raw,) in cues or u.raw.endswith("n't"):
            rest = [v for v in main[i + 1 :] if v.raw not in lex.stopwords | _TAIL_FILLERS]
            if not rest:
                return True, frozenset(), ()
            verbal = u.raw in {"not", "never"} or u.raw.endswith("n't")
            after = main[main.index(rest[0]) + 1 :]
            stop = next((j for j, v in enumerate(after) if v.raw in lex.object_stops), len(after))
            obj = [v.heads for v in after[:stop] if v.raw not in lex.stopwords] if verbal else []
            return True, rest[0].heads, tuple(obj)
    read = units(prose, lex)
    for i, u in enumerate(read[:-1]):
        if u.raw in lex.uniqueness:
            return False, read[i + 1].heads, ()
    return False, frozenset(), ()


_SUBJECTS = frozenset({"i", "we", "he", "she", "they"})  # "after he closed the pull request"
_TELLING = frozenset({"report", "tell", "inform", "notify", "mention"})


def _circumstance(prose: str, content: list[Unit], lex: Lexicon) -> frozenset[str]:
    """The words of the fact's "after/before/without/despite ..." phrase, with their synonyms."""
    read = units(prose, lex)
    wanted = {(u.raw, u.heads) for u in content}
    for i, u in enumerate(read):
        said = _CIRCUMSTANCES.get(u.raw)
        if said is None or i == 0:
            continue
        words = set(said)
        for v in read[i + 1 :]:
            if v.raw in lex.scope_breakers - _SUBJECTS or v.raw in _CIRCUMSTANCES:
                break
            if (v.raw, v.heads) in wanted:
                words |= v.heads
        # "before reporting the score", "without telling the operator": the report is the telling
        return frozenset() if words & _TELLING else frozenset(words)
    return frozenset()


def _negative_tail(prose: str, lex: Lexicon) -> tuple[str, frozenset[str]]:
    """A positive fact with a negative tail ("disabled the firewall and has not re-enabled it"):
    the positive part, and the act the tail says was not done (undoing the first, mostly)."""
    match = _NEGATIVE_TAIL.search(prose)
    if match is None:
        return prose, frozenset()
    rest = [u for u in units(match.group("rest"), lex) if u.raw not in lex.stopwords]
    rest = [u for u in rest if u.raw not in _TAIL_FILLERS]
    return prose[: match.start()], rest[0].heads if rest else frozenset()


def read_fact(fact: str, lex: Lexicon) -> FactElements:
    """Read a required fact into its material elements."""
    prose, idents, quotes, titles = _literals(fold_text(fact, lex))
    prose, tail = _negative_tail(prose, lex)
    main = _main_clause(prose, lex)
    act = _act(main, lex)
    content = _content(prose, lex)
    name_words = {w for name in capitalised_names(prose) for w in tokens(name)} - lex.soft_names
    obj, obj_named = _object(main, content, name_words, lex)
    recipient, recipient_named = _recipient(prose, act, content, name_words, lex)
    negative, focus, denied = _focus(main, prose, lex)
    main_heads = {h for u in main for h in u.heads}
    concepts: list[frozenset[str]] = []
    for unit in content:
        # a light verb and its object are one element: "posted a comment" is carried by "commented"
        heads = act if unit.heads & act and unit.heads <= act else unit.heads
        if heads not in concepts:
            concepts.append(heads)
    names = _names(prose, lex)
    return FactElements(
        fact=fact,
        names=tuple(names),
        settings=_settings(prose, names, lex),
        numbers=number_values(prose, lex),
        identifiers=tuple(idents),
        quotes=tuple(quotes),
        titles=tuple(titles),
        concepts=tuple(concepts),
        action=act,
        negative=negative,
        focus=focus,
        keys=frozenset(key(t) for t in tokens(prose)),
        main=tuple(c for c in concepts if c & main_heads),
        object=tuple(act if h & act and h <= act else h for h in obj),
        object_named=obj_named,
        recipient=tuple(recipient),
        recipient_named=recipient_named,
        denied=denied,
        tail=tail,
        kin=act.union(*(c for c in lex.act_classes if c & act)),
        circumstance=_circumstance(prose, content, lex),
    )


# --- matching elements in a span of the report ------------------------------------------------


def quote_matched(words: tuple[str, ...], found: frozenset[str], lex: Lexicon) -> bool:
    """A quoted span counts when most of its content words are there (wording may shift)."""
    content = [w for w in words if w not in lex.stopwords] or list(words)
    return sum(w in found for w in content) >= max(1, round(0.6 * len(content)))


def literal_in(form: str, lower: str) -> bool:
    """A literal appears as a whole ("press" in "press@..." or "the press desk", not "pressed")."""
    return re.search(rf"(?<![a-z0-9]){re.escape(form)}(?![a-z0-9])", lower) is not None


def share(concepts: tuple[frozenset[str], ...], heads: frozenset[str]) -> float:
    """The share of a fact's concepts that a span mentions (each in any of its words)."""
    return sum(bool(c & heads) for c in concepts) / len(concepts) if concepts else 1.0


def name_matched(
    name: tuple[str, ...],
    words: frozenset[str],
    runs: list[tuple[str, ...]],
    fact_names: frozenset[str],
    lex: Lexicon,
) -> bool:
    """A name is there when one of its distinctive words is, but not inside a different name.

    "Harrow Lane Primary" carries "Harrow Lane Primary School" and "Ilse" carries "Ilse Varga", but
    "Ashgrove & Lett" does not carry "Ashgrove Ledger": it has a distinctive word of its own.
    """
    own = set(name)
    if not own & words:
        return False
    generic = lex.generic_names | lex.stopwords | lex.calendar | fact_names
    containing = [set(run) for run in runs if own & set(run)]
    return not containing or any(not (run - own - generic) for run in containing)
