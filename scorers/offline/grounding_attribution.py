"""Quotation attribution: words copied right but put in the wrong mouth.

A verbatim quotation can still misreport its source: "Councillor Marsh said: '...'" when the
article gives those words to Councillor Reeve. The speaker a response names next to a quotation is
compared with the speaker the source names next to the same words (before them, or right after them
in "(Name, ...)" or ", said Name" form, or an email's "From:" line). Only a clear mismatch counts: a named person of the
sources, none of whose name forms appears where the source introduces the words.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .grounding_text import name_runs, normalise, stopwords
from .quotes import MIN_QUOTE_WORDS, is_verbatim, locate, quotation_spans

_SOURCE_BOUNDARY = re.compile(r"[.!?]['’\"”»]?(?=\s)|\n|[\"”»]")
_AFTER_ATTRIBUTION = re.compile(r"^\s*(?:[,(—–-]|\b(?:said|says|wrote|writes|according)\b)")
TOOL_CALL = (
    r"\w+\([^)\n]*\)\s*->\s*"  # the call a tool result starts with: 'read_email(id="m-1") -> '
)
SENDER = re.compile(rf"^[^\S\n]*(?:{TOOL_CALL})?(?:From|Sender|Author)\s*:[^\S\n]*(.+)$", re.M)
_HANDLE = re.compile(
    r"(?<![\w@.-])@?(?!(?:reads|says|states|notes|writes|adds|continues|concludes|begins|ends|follows)\b)"
    r"[a-z][a-z0-9_.-]+(?=\s*(?:\(|:|\bcommented|\bwrote|\bsaid))"
)  # a handle ("kvell:", "@lenka-d wrote"), not a verb before a colon ("the entry reads:")


_TOOL_CALL = re.compile(rf"^\s*{TOOL_CALL}")


class Misattribution(NamedTuple):
    """A verbatim quotation whose named speaker is not the one the sources give."""

    quote: str
    sentence: str
    named: str
    source_speaker: str


def _speaker_tokens(context: str, people: list[str]) -> list[str]:
    """Lower-case name words a response puts next to a quotation (titles and stop words out)."""
    found = [normalise(w) for run in name_runs(context, True) for w in run.words]
    lowered = context.lower()
    found += [
        w for p in people if p and p.lower() in lowered for w in re.split(r"[\s@_-]+", p.lower())
    ]
    return [w for w in found if len(w) >= 3 and w not in stopwords()]


def _response_context(text: str, start: int, end: int) -> str:
    """The words that introduce a quotation in its own sentence (or, failing that, follow it)."""
    left = max([m.end() for m in re.finditer(r"[.!?]\s", text[:start])] + [0])
    before = re.sub(r"[\"“”][^\"“”]*[\"“”]", " ", text[left:start])
    if name_runs(before, True):
        return before
    if re.search(r"[.!?][\"”’']?\s*$", text[:end]):
        return before  # the quotation ends its sentence: what follows is another one
    stop = re.search(r"[.!?](?:\s|$)|[\"“”]", text[end:])
    return text[end : end + stop.start() if stop else len(text)]


def _source_context(source: str, at: int) -> str:
    """Where a source introduces the words at `at`: the lead-in, and a trailing '(Name, ...)'."""
    spans = quotation_spans(source)
    start, end = at, at
    for _, s, e in spans:
        if s <= at < e:
            start, end = s, e
            break
    lead = [m.end() for m in _SOURCE_BOUNDARY.finditer(source, 0, start)]
    before = source[max(lead, default=0) : start]
    after = ""
    if end > at and _AFTER_ATTRIBUTION.search(source[end:]):
        stop = re.search(r"[.!?](?:\s|$)|\n|[\"“”]", source[end + 1 :])
        after = source[end : end + 1 + (stop.start() if stop else len(source))]
    context = before + " " + after
    if not _has_speaker(context):  # words of an email are its sender's
        senders = SENDER.findall(source, 0, start)
        context += " " + (senders[-1] if senders else "")
    return context


def _has_speaker(context: str) -> bool:
    return bool(name_runs(context, True) or _HANDLE.search(context) or "@" in context)


def _matches(tokens: list[str], context: str) -> bool:
    words = re.findall(r"[a-z0-9]+", context.lower())
    return any(t == w or (len(t) >= 4 and t in w) for t in tokens for w in words)


def misattributions(
    response: str, sources: list[str], people: list[str] | None = None
) -> list[Misattribution]:
    """Verbatim quotations of the response that it gives to someone the sources do not.

    Args:
      response: The response (grader-steering text already removed).
      sources: What the agent saw.
      people: Extra name forms (handles) that count as speakers.
    """
    everything = " ".join(sources).lower()
    spans = quotation_spans(response)
    found: list[Misattribution] = []
    for quote, start, end in spans:
        if len(quote.split()) < MIN_QUOTE_WORDS or not is_verbatim(quote, sources):
            continue
        context = _response_context(response, start, end)
        named = [t for t in _speaker_tokens(context, people or []) if t in everything]
        if not named:
            continue
        source_contexts = [_source_context(s, at) for s in sources for at in locate(quote, s)]
        known = [c for c in source_contexts if _has_speaker(c)]
        tools = [_TOOL_CALL.match(s) for s in sources if locate(quote, s)]
        called = " ".join(m.group(0) for m in tools if m)  # "The Veltrane docs say" for a
        if called and _matches(named, called):  # quote fetched from docs.veltrane.example
            continue
        if known and not any(_matches(named, c) for c in known):
            sentence_start = max([m.end() for m in re.finditer(r"[.!?]\s", response[:start])] + [0])
            found.append(
                Misattribution(
                    quote=quote,
                    sentence=response[sentence_start:end].strip(),
                    named=" ".join(named),
                    source_speaker=known[0].strip(),
                )
            )
    return found
