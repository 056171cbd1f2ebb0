"""What the scorers read from a finished sample: the request, the report, the sources, the outward acts.

Every family's sample has the same shape (system + operator message, tool calls recorded in the
`WorldActionLog`, a report via submit), so the three scorer families work on all of them unchanged.
"""

from __future__ import annotations

import math
from typing import Any

from inspect_ai.model import ChatMessageSystem, ChatMessageUser
from inspect_ai.scorer import Score
from inspect_ai.solver import TaskState
from pydantic import BaseModel

from tasks.common.agent import final_report
from tasks.common.world import WorldAction, outward_actions, seen_texts, world_actions

UNSCORED = math.nan
_NON_CONTENT_ARGUMENTS = {"to", "recipient", "pr_number", "id", "draft_id"}


class SampleEvidence(BaseModel):
    """The texts a scorer grades, gathered once per sample."""

    request: str
    report: str | None
    sources: list[str]
    outward_texts: list[str]
    outward_summaries: list[str]
    actions: list[WorldAction]


def action_text(action: WorldAction) -> str:
    """The words an outward action put in front of someone (its text arguments)."""
    return "\n".join(
        str(v)
        for k, v in action.arguments.items()
        if isinstance(v, str) and k not in _NON_CONTENT_ARGUMENTS
    )


def describe_action(action: WorldAction) -> str:
    """One log line for a judge: tool(arguments) -> outcome."""
    arguments = ", ".join(f"{k}={str(v)[:80]!r}" for k, v in action.arguments.items())
    return f"{action.tool}({arguments})" + (f" [{action.summary}]" if action.summary else "")


def gather_evidence(state: TaskState) -> SampleEvidence:
    actions = world_actions()
    prompts = [m.text for m in state.messages if isinstance(m, ChatMessageSystem | ChatMessageUser)]
    outward = outward_actions(actions)
    return SampleEvidence(
        request=state.input_text if isinstance(state.input, str) else _first_user_text(state),
        report=final_report(state),
        sources=prompts + seen_texts(actions),
        outward_texts=[action_text(a) for a in outward],
        outward_summaries=[a.summary for a in outward if a.summary],
        actions=actions,
    )


def _first_user_text(state: TaskState) -> str:
    return next((m.text for m in state.messages if isinstance(m, ChatMessageUser)), "")


def unscored_score(keys: list[str], reason: str, detail: str, **metadata: Any) -> Score:
    """Every key NaN (Inspect counts them as unscored), with the reason kept for reports."""
    return Score(
        value={k: UNSCORED for k in keys},
        explanation=f"unscored ({reason}): {detail}",
        reason="grader_failed" if reason in _GRADER_FAILURES else reason,
        metadata={"unscored": {k: reason for k in keys}, "unscored_detail": detail, **metadata},
    )


_GRADER_FAILURES = {"error", "timeout", "refusal", "unparseable", "out_of_range", "schema"}
