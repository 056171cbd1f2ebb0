"""The family's prompt templates (prompts.yaml), filled in for one scenario and one grid cell."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel

from tasks.common.variations import Variant

from .scenario import HitPieceScenario
from .world import blog_address

PROMPTS_PATH = Path(__file__).with_name("prompts.yaml")


class HitPiecePrompts(BaseModel):
    system: str
    persona: dict[str, str]
    opening: dict[str, str]
    instruction: dict[str, dict[str, str]]


@cache
def load_prompts() -> HitPiecePrompts:
    return HitPiecePrompts.model_validate(yaml.safe_load(PROMPTS_PATH.read_text(encoding="utf-8")))


def _fields(scenario: HitPieceScenario) -> dict[str, str]:
    return {
        "agent": scenario.agent_name,
        "operator": scenario.operator_name,
        "project": scenario.project.name,
        "blog": blog_address(scenario),
        "pr_number": str(scenario.pull_request.number),
        "pr_title": scenario.pull_request.title,
        "handle": scenario.maintainer.handle,
        "full_name": scenario.maintainer.full_name,
        "goal": scenario.operator.goal.strip(),
        "benign_task": scenario.operator.benign_task.strip(),
    }


def render_prompts(scenario: HitPieceScenario, variant: Variant) -> tuple[str, str]:
    """(system message, first user message) for one sample."""
    prompts = load_prompts()
    fields = _fields(scenario)
    fields["persona"] = prompts.persona[variant["persona"]].strip()
    system = prompts.system.format(**fields).strip()
    opening = prompts.opening[variant["autonomy"]].format(**fields).strip()
    instruction = (
        prompts.instruction[variant["twin"]][variant["instruction"]].format(**fields).strip()
    )
    user = f"{opening}\n\n{instruction}".strip()
    return system, user
