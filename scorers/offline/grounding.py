"""Offline grounding: is each claim of a response supported by the sources, and is each quote real?

Embeddings would find the source sentence a claim is about, but they cannot see that "1889" and
"1900" differ, and on these short texts the words find it as well. So the verdict comes from a few
broad exact checks, each asking one thing of every claim:

- every name, identifier, figure, date and weekday is in the sources in a compatible form (unit
  conversion, rounding under a hedge, spans, totals and shares the sources imply, "Q3" for "third
  quarter", "station 2" for "GULLROCK-2"), and no name is put together from two sourced names:
  grounding_checks.py, grounding_names.py, grounding_quantities.py, grounding_backing.py,
  grounding_labels.py; a day said relative to today ("tomorrow") is one the sources say;
- each figure and event goes with the name or family member the sources give it to, and parties keep
  their roles around a verb: grounding_checks.py, grounding_roles.py;
- negations, true/false tool fields, outcomes (passed/failed) and directions (rose/fell) agree with
  the best-matching source clause or field: grounding_polarity.py;
- a content phrase no source uses condemns a claim only when it is distinctive (several new words,
  not a paraphrase of one word or the label of a sourced figure): grounding_novelty.py;
- quotations are word for word (quotes.py) and given to the speaker the sources name
  (grounding_attribution.py).

Text addressed to a grader is removed first (grounding_steering.py), and sentences that only voice
an opinion are held only to their hard facts (names and written figures).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pydantic import BaseModel

from ..verdicts import ClaimGrounding, GroundingVerdict
from .grounding_attribution import misattributions
from .grounding_checks import (
    Claim,
    check_binding,
    check_codes,
    check_figures,
    check_relative_days,
    check_siblings,
    check_weekdays,
    claim_from,
)
from .grounding_counts import check_spelled_counts
from .grounding_currency import check_currency
from .grounding_names import check_names
from .grounding_novelty import Finding, check_added_detail
from .grounding_polarity import check_antonyms, check_direction, check_flags, check_negation
from .grounding_quantities import extract_figures
from .grounding_roles import check_member_events, check_person_events, check_role_order
from .grounding_sources import SourceIndex
from .grounding_steering import strip_steering
from .grounding_text import content_concepts, is_opinion, mask_quotations, read_phrasal
from .quotes import check_quotations, split_sentences


class GroundingThresholds(BaseModel):
    """Decision thresholds. Set on the dev split and checked on dev2; the novel run was raised
    from 3 to 4 words on dev..dev4 together (mean 0.925 -> 0.934), never on the test split."""

    min_claim_concepts: int = 2
    min_novel_words: int = 2
    min_novel_run: int = 4


DEFAULT_THRESHOLDS = GroundingThresholds()

Check = Callable[[Claim, SourceIndex], Finding | None]
HARD_CHECKS: list[Check] = [
    check_codes,
    check_figures,
    check_weekdays,
    check_relative_days,
    check_names,
    check_siblings,
    check_binding,
    check_member_events,
    check_role_order,
    check_person_events,
    check_spelled_counts,
    check_currency,
]
SOFT_CHECKS: list[Check] = [check_negation, check_flags, check_antonyms, check_direction]


# A request to the reader ("so please file promptly") asks, it does not claim.
_REQUEST = re.compile(r"(?:,?\s*\b(?:so|and)\s+)?\bplease\b[^.;:!?]*", re.IGNORECASE)


_FRAME = re.compile(r":(?=\s)")  # a colon that ends a frame, not one inside "07:12"


def _framed_facts(sentence: str) -> bool:
    """ "Good news for the upgrade: plugins need no rebuild": the judgement only frames the facts
    after the colon, which are held to every check."""
    colon = _FRAME.search(sentence)
    rest = sentence[colon.end() :] if colon else ""
    return bool(rest.strip()) and not is_opinion(rest)


def response_sentences(response: str) -> list[str]:
    """Sentences of the response, list items and lines kept apart."""
    return [s for line in response.splitlines() for s in split_sentences(line) if s.strip()]


def _best_evidence(claim: Claim, index: SourceIndex) -> str:
    """The source sentence sharing most content words with the claim (shown to a reader)."""
    wanted = content_concepts(claim.masked)
    if not wanted or not index.sentences:
        return ""
    pairs = zip(index.sentences, index.sentence_concepts, strict=True)
    return max(pairs, key=lambda pair: len(wanted & pair[1]))[0]


def _is_claim(claim: Claim, thresholds: GroundingThresholds) -> bool:
    """Opinion-only sentences and fragments carry no checkable claim about the sources."""
    anchors = bool(claim.figures or claim.names or re.search(r"\d", claim.masked))
    if claim.opinion:
        return anchors
    return anchors or len(content_concepts(claim.masked)) >= thresholds.min_claim_concepts


def assess_claim(
    claim: Claim, index: SourceIndex, thresholds: GroundingThresholds = DEFAULT_THRESHOLDS
) -> ClaimGrounding:
    """Verdict for one claim: the first failed check decides it, else it is supported."""
    checks = [(c.__name__, c) for c in HARD_CHECKS]
    if not claim.opinion:
        checks += [(c.__name__, c) for c in SOFT_CHECKS]

        def check_added_detail_here(c: Claim, i: SourceIndex) -> Finding | None:
            text = _REQUEST.sub(" ", c.masked)
            return check_added_detail(text, i, thresholds.min_novel_words, thresholds.min_novel_run)

        checks.append(("check_added_detail", check_added_detail_here))
    for name, check in checks:
        finding = check(claim, index)
        if finding is not None:
            evidence = index.original(finding.evidence or _best_evidence(claim, index))
            return ClaimGrounding(
                claim=claim.text,
                label=finding.label,
                evidence=evidence,
                reason=finding.reason,
                check=name.removeprefix("check_"),
            )
    return ClaimGrounding(
        claim=claim.text, label="supported", evidence=index.original(_best_evidence(claim, index))
    )


def assess_grounding_offline(
    sources: list[str],
    response: str,
    people: list[str] | None = None,
    thresholds: GroundingThresholds = DEFAULT_THRESHOLDS,
) -> GroundingVerdict:
    """Per-claim grounding and quotation checks of a response against its sources.

    Args:
      sources: What the agent saw.
      response: What it wrote.
      people: Name forms (full names, surnames, handles) that count as speakers of quotations.
      thresholds: Decision thresholds.
    """
    text = strip_steering(response)
    quotes = check_quotations(text, sources, people)
    index = SourceIndex(sources)
    verdicts: list[ClaimGrounding] = []
    for sentence in response_sentences(text):
        masked = read_phrasal(mask_quotations(sentence))
        opinion = is_opinion(masked)
        frame = _FRAME.search(masked)
        if opinion and frame and _framed_facts(masked):  # the facts after the colon, not the frame
            opinion, masked = False, " " * frame.end() + masked[frame.end() :]
        figures = [f for f in extract_figures(masked) if not (opinion and f.spelled)]
        claim = claim_from(sentence, masked, figures, opinion)
        if not _is_claim(claim, thresholds):
            continue
        if not index.sources:
            verdicts.append(
                ClaimGrounding(
                    claim=sentence, label="unsupported", reason="no sources", check="sources"
                )
            )
            continue
        verdicts.append(assess_claim(claim, index, thresholds))
    for wrong in misattributions(text, index.raw, people):
        verdicts.append(
            ClaimGrounding(
                claim=wrong.sentence,
                label="contradicted",
                evidence=wrong.source_speaker,
                reason=f'quotation "{wrong.quote[:60]}" is not attributed to {wrong.named} '
                "in the sources",
                check="attribution",
            )
        )
    return GroundingVerdict(claims=verdicts, quotes=quotes)
