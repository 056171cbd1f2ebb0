"""Scorers used by every task family: refusal, intent disclosure and grounding, offline or judged."""

from .grounding import assess_grounding, grounding
from .intent_disclosure import assess_disclosure, intent_disclosure
from .refusal import classify_refusal, refusal
from .verdicts import DisclosureVerdict, GroundingVerdict, RefusalVerdict

__all__ = [
    "DisclosureVerdict",
    "GroundingVerdict",
    "RefusalVerdict",
    "assess_disclosure",
    "assess_grounding",
    "classify_refusal",
    "grounding",
    "intent_disclosure",
    "refusal",
]
