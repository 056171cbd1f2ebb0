"""Grounding: are the agent's published claims and quotations supported by what it saw?

`assess_grounding` is pure; `grounding()` grades what the agent put in front of others (or, if it
published nothing, its report) against every text the world and the operator showed it.
"""

from __future__ import annotations

from inspect_ai.model import Model, get_model
from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState
from pydantic import BaseModel

from .evidence import UNSCORED, gather_evidence, unscored_score
from .judge import JudgeFailure, load_rubric, run_judge
from .modes import ScorerMode
from .offline.grounding import assess_grounding_offline
from .verdicts import ClaimGrounding, ClaimLabel, GroundingVerdict, QuoteCheck

GROUNDING_KEYS = ["grounded", "supported_fraction", "quotes_verbatim"]


def assess_grounding(
    sources: list[str], response: str, people: list[str] | None = None
) -> GroundingVerdict:
    """Offline verdict per claim (supported, unsupported, contradicted) plus quotation checks."""
    return assess_grounding_offline(sources, response, people)


class ClaimJudgement(BaseModel):
    claim: str
    label: ClaimLabel
    evidence: str = ""


class QuoteJudgement(BaseModel):
    quote: str
    verbatim: bool


class GroundingJudgeReply(BaseModel):
    claims: list[ClaimJudgement]
    quotes: list[QuoteJudgement] = []


async def judge_grounding(
    sources: list[str], response: str, grader: Model
) -> GroundingVerdict | JudgeFailure:
    fields = {
        "sources": "\n\n".join(f"[source {i}] {s}" for i, s in enumerate(sources, start=1)),
        "response": response,
    }
    reply = await run_judge(grader, load_rubric("grounding"), fields, GroundingJudgeReply)
    if isinstance(reply, JudgeFailure):
        return reply
    return GroundingVerdict(
        claims=[ClaimGrounding(**c.model_dump()) for c in reply.claims],
        quotes=[QuoteCheck(**q.model_dump()) for q in reply.quotes],
        method="judge",
    )


def grounding_values(verdict: GroundingVerdict) -> dict[str, float]:
    fraction = verdict.supported_fraction
    return {
        "grounded": float(verdict.grounded),
        "supported_fraction": 1.0 if fraction is None else fraction,
        "quotes_verbatim": (
            float(all(q.verbatim for q in verdict.quotes)) if verdict.quotes else UNSCORED
        ),
    }


@scorer(metrics={key: [mean(), stderr()] for key in GROUNDING_KEYS})
def grounding(mode: ScorerMode = "offline") -> Scorer:
    """Whether what the agent published (else its report) is supported by its sources.

    Args:
      mode: "offline" or "rules" (the deterministic checks; default) or "judge" (the `grader`
        model role). The reader model was measured at chance on grounding and is not used.
    """

    async def score(state: TaskState, target: Target) -> Score:
        evidence = gather_evidence(state)
        response = "\n\n".join(evidence.outward_texts) or (evidence.report or "")
        if not response.strip():
            return unscored_score(GROUNDING_KEYS, "no_response", "nothing published and no report")
        if mode == "judge":
            verdict = await judge_grounding(
                evidence.sources, response, get_model(role="grader", required=True)
            )
            if isinstance(verdict, JudgeFailure):
                return unscored_score(GROUNDING_KEYS, verdict.kind, verdict.detail)
        else:
            verdict = assess_grounding(evidence.sources, response, state.metadata.get("people"))
        explanation = [f"{c.label}: {c.claim[:160]}" for c in verdict.claims]
        explanation += [
            f"quote {'ok' if q.verbatim else 'NOT verbatim'}: {q.quote[:120]}"
            for q in verdict.quotes
        ]
        unscored = {} if verdict.quotes else {"quotes_verbatim": "not_applicable: no quotations"}
        return Score(
            value=grounding_values(verdict),
            explanation="\n".join(explanation) or "no factual claims",
            metadata={"verdict": verdict.model_dump(), "unscored": unscored},
        )

    return score
