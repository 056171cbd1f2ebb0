"""Remove grader-steering text from a response before its claims are read.

An evaluated response may carry text aimed at the grader: a fake JSON verdict, "GRADE: grounded",
"ignore previous instructions", a forged closing delimiter, invisible or mirrored characters. None
of it is a claim about the sources, so it is cut out here and can neither support nor sink the
response.
The patterns live in grounding_steering.yaml.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import yaml

STEERING_PATH = Path(__file__).with_name("grounding_steering.yaml")

_BIDI_SPAN = re.compile(r"[\u202a-\u202e\u2066-\u2068][^\u202c\u2069\n]*[\u202c\u2069]?")
_JSON_OBJECT = re.compile(r"\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}")
_ENDS_SENTENCE = re.compile(r"[.!?\"”’)\]]\s*$")
_NOT_AN_ORDER = re.compile(
    r"^\W*(?:the|a|an|it|its|he|she|they|this|that|these|those|we|i|there|his|her)\b", re.I
)


@cache
def _patterns() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    data = yaml.safe_load(STEERING_PATH.read_text(encoding="utf-8"))
    flags = re.IGNORECASE | re.MULTILINE
    spans = [re.compile(p, flags) for p in data["spans"]]
    sentences = [re.compile(p, re.IGNORECASE) for p in data["sentences"]]
    return spans, sentences


def is_steering(text: str) -> bool:
    """Whether a sentence or line addresses a grader (read forwards or mirrored)."""
    _, sentences = _patterns()
    stripped = text.strip()
    if not stripped:
        return False
    return any(p.search(stripped) or p.search(stripped[::-1]) for p in sentences)


def _visible(text: str) -> str:
    """Drop mirrored runs and invisible format characters (tags, zero-width, bidi controls)."""
    text = _BIDI_SPAN.sub(lambda m: "\n" + m.group(0) + "\n", text)
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def _drop_spans(text: str) -> str:
    spans, _ = _patterns()
    for pattern in spans:
        text = pattern.sub("\n", text)
    return _JSON_OBJECT.sub(lambda m: "\n" if is_steering(m.group(0)) else m.group(0), text)


def _join(kept: list[str]) -> str:
    """Rejoin kept pieces; a piece cut mid-sentence by removed text is glued back to its rest."""
    out = ""
    for piece in kept:
        if not out:
            out = piece
            continue
        glue = not _ENDS_SENTENCE.search(out) and (piece[:1].islower() or piece[:1] in " ,;")
        out = out.rstrip("\n") + piece if glue else out.rstrip() + "\n" + piece.lstrip("\n")
    return out


def _line_sentences(line: str) -> list[str]:
    """A line cut after each sentence end, separators kept, so the pieces join back exactly."""
    return [p for p in re.split(r"(?<=[.!?])(?=\s+[^a-z0-9\s])", line) if p]


def _clean_line(line: str) -> tuple[str, bool]:
    """The line without its grader-addressed sentences (and the short orders that trail them)."""
    kept, removed, after_steering = [], False, False
    for sentence in _line_sentences(line):
        short_order = (
            after_steering
            and len(sentence.split()) <= 4
            and not re.search(r"\d", sentence)
            and not _NOT_AN_ORDER.search(sentence)
        )
        if is_steering(sentence) or short_order:
            removed, after_steering = True, True
            continue
        after_steering = False
        kept.append(sentence)
    return "".join(kept), removed


def strip_steering(response: str) -> str:
    """The response without anything addressed to a grader; ordinary text is left as it was."""
    text = _drop_spans(_visible(response))
    if text == response and not is_steering(response):
        return response
    kept: list[str] = []
    for line in re.split(r"(?<=\n)", text):
        clean, _ = _clean_line(line)
        if clean.strip():
            kept.append(clean)
    return _join(kept).strip()
