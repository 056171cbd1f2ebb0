"""Quotations: find them in a text, tell who they are attributed to, and check them word for word.

A quotation counts when it has at least three words (a scare-quoted "gatekeeper" is not a quote).
It is verbatim when, after folding case, quote marks, dashes and spacing, it appears in a source;
an ellipsis inside it splits it into pieces that must appear in order.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from pydantic import BaseModel

from ..verdicts import QuoteCheck

MIN_QUOTE_WORDS = 3

_QUOTE_PATTERN = re.compile(r"[\"“”«»„]([^\"“”«»„]{1,600})[\"“”«»„]")
_SPEECH_VERBS = (
    r"said|says|wrote|writes|told|tells|stated|states|claimed|claims|commented|comments|replied|"
    r"replies|argued|argues|admitted|admits|posted|posts|declared|declares|insisted|insists|added|"
    r"adds|explained|explains|remarked|remarks|put it|quipped|noted|notes|called it|according to|"
    r"in (?:his|her|their) words"
)
_SPEECH = re.compile(rf"\b(?:{_SPEECH_VERBS})\b", re.IGNORECASE)
_SENTENCE_END = re.compile(  # not after a title or common abbreviation ("Cllr. Reyes", "No. 4")
    r"(?<=[.!?])(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bCllr\.)(?<!\bProf\.)"
    r"(?<!\bSt\.)(?<!\bNo\.)(?<!\bvs\.)(?<!\bInc\.)(?<!\bLtd\.)(?<!\bCo\.)\s+(?=[A-Z\"“])"
)
_CLOCK_GOES_ON = re.compile(r"\b\d{1,2}(?:[:.]\d{2})?\s*[ap]\.m\.$", re.IGNORECASE)
_CLOCK_CONTEXT = re.compile(
    r"(?:UTC|GMT|BST|CET|CEST|EST|EDT|PST|PDT|Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun"
    r"|Jul|Aug|Sep|Oct|Nov|Dec)"
)
_FOLD = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-", "…": "...", "\u00a0": " "})


class Quotation(BaseModel):
    """A quotation found in a text, with its sentence and whether it is attributed to a speaker."""

    text: str
    sentence: str
    attributed: bool
    speaker_hint: str | None = None


def fold(text: str) -> str:
    """Normalise for verbatim comparison: case, quote marks, dashes, spacing."""
    text = text.translate(_FOLD).lower()
    text = re.sub(r"[\"“”«»„`]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _strip_edges(text: str) -> str:
    return fold(text).strip(" .,;:!?'-")


def split_sentences(text: str) -> list[str]:
    """Sentences by punctuation and line breaks; good enough for short agent texts."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n|\n(?=\s*[-*•\d])|\s+•\s+", text):
        for piece in _SENTENCE_END.split(block.strip()):
            if out and _CLOCK_GOES_ON.search(out[-1]) and _CLOCK_CONTEXT.match(piece):
                out[-1] += " " + piece.strip()  # "until 6 a.m. Friday" is one sentence
            elif piece.strip():
                out.append(piece.strip())
    return out


def find_quotations(text: str, people: list[str] | None = None) -> list[Quotation]:
    """Quotations of at least three words; attributed when a speech verb or a named person is near.

    Args:
      text: The text to search.
      people: Name forms (full names, surnames, handles) that count as speakers.
    """
    people_lower = [p.lower() for p in people or [] if p]
    found: list[Quotation] = []
    for match in _QUOTE_PATTERN.finditer(text):
        quote = match.group(1).strip()
        if len(quote.split()) < MIN_QUOTE_WORDS:
            continue
        # the attribution window: the rest of the text around the quote, up to sentence ends
        start = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
        end_candidates = [
            i for i in (text.find(".", match.end()), text.find("\n", match.end())) if i >= 0
        ]
        end = min(end_candidates) + 1 if end_candidates else len(text)
        context = (text[start : match.start()] + " " + text[match.end() : end]).lower()
        speaker = next((p for p in people_lower if p in context), None)
        attributed = bool(_SPEECH.search(context)) or speaker is not None
        found.append(
            Quotation(
                text=quote,
                sentence=text[start:end].strip(),
                attributed=attributed,
                speaker_hint=speaker,
            )
        )
    return found


def is_verbatim(quote: str, sources: list[str]) -> bool:
    """Whether the quotation appears word for word in some source (ellipsis pieces in order)."""
    pieces = [_strip_edges(p) for p in re.split(r"\.\.\.|…|\[\.\.\.\]", quote)]
    pieces = [p for p in pieces if p]
    if not pieces:
        return True
    for source in sources:
        folded = fold(source)
        position = 0
        for piece in pieces:
            index = folded.find(piece, position)
            if index < 0:
                break
            position = index + len(piece)
        else:
            return True
    return False


def quotation_spans(text: str) -> list[tuple[str, int, int]]:
    """Every quoted span of a text (any length): (inner text, start, end), quote marks included."""
    return [(m.group(1), m.start(), m.end()) for m in _QUOTE_PATTERN.finditer(text)]


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """`fold(text)` together with the index in `text` of each folded character."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, c in enumerate(text):
        for d in c.translate(_FOLD).lower():
            if d in '"“”«»„`':
                continue
            if d.isspace():
                if not chars or chars[-1] == " ":
                    continue
                d = " "
            chars.append(d)
            offsets.append(i)
    return "".join(chars), offsets


def locate(quote: str, source: str) -> list[int]:
    """Where in `source` (original offsets) the quotation's first piece occurs word for word."""
    pieces = [_strip_edges(p) for p in re.split(r"\.\.\.|…|\[\.\.\.\]", quote)]
    pieces = [p for p in pieces if p]
    if not pieces:
        return []
    folded, offsets = _fold_with_offsets(source)
    found, index = [], folded.find(pieces[0])
    while index >= 0:
        found.append(offsets[index])
        index = folded.find(pieces[0], index + 1)
    return found


def closest_span(quote: str, sources: list[str], max_source_chars: int = 20_000) -> str:
    """The source span most like the quotation, to show a reader what was changed."""
    target = _strip_edges(quote).split()
    best, best_ratio = "", 0.0
    for source in sources:
        words = fold(source[:max_source_chars]).split()
        width = len(target)
        for i in range(0, max(1, len(words) - width + 1)):
            window = words[i : i + width]
            ratio = SequenceMatcher(None, target, window).ratio()
            if ratio > best_ratio:
                best, best_ratio = " ".join(window), ratio
    return best


def check_quotations(
    text: str, sources: list[str], people: list[str] | None = None, attributed_only: bool = False
) -> list[QuoteCheck]:
    """Check each quotation of `text` against the sources."""
    checks = []
    for quotation in find_quotations(text, people):
        if attributed_only and not quotation.attributed:
            continue
        verbatim = is_verbatim(quotation.text, sources)
        checks.append(
            QuoteCheck(
                quote=quotation.text,
                verbatim=verbatim,
                closest_source_span="" if verbatim else closest_span(quotation.text, sources),
            )
        )
    return checks
