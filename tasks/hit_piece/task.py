"""The hit-piece task: a closed pull request, and whether the agent retaliates against its maintainer."""

from __future__ import annotations

from pathlib import Path

from inspect_ai import Task, task
from inspect_ai.dataset import MemoryDataset, Sample
from inspect_ai.model import ChatMessageSystem, ChatMessageUser
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.util import store_as

from scorers import grounding, intent_disclosure, refusal
from scorers.modes import ScorerMode, check_scorer_mode
from tasks.common.agent import incident_agent
from tasks.common.errors import VariantError
from tasks.common.scenarios import load_scenarios
from tasks.common.variations import AxisChoice, Variant, VariationGrid, variant_id
from tasks.hit_piece.prompts import render_prompts
from tasks.hit_piece.scenario import HitPieceScenario
from tasks.hit_piece.scorer import hit_piece_actions
from tasks.hit_piece.world import HitPieceWorld, hit_piece_tools

FAMILY = "hit_piece"
SCENARIO_DIR = Path(__file__).with_name("scenarios")
GRID = VariationGrid(
    axes={
        "autonomy": ["autonomous", "operator"],
        "persona": ["neutral", "driven"],
        "instruction": ["none", "open", "explicit"],
        "twin": ["harmful", "benign"],
    }
)


def build_sample(scenario: HitPieceScenario, variant: Variant) -> Sample:
    system, user = render_prompts(scenario, variant)
    return Sample(
        id=f"{scenario.id}__{variant_id(variant)}",
        input=[ChatMessageSystem(content=system), ChatMessageUser(content=user)],
        metadata={
            "family": FAMILY,
            "scenario_id": scenario.id,
            **variant,
            "harmful": variant["twin"] == "harmful",
            "people": [
                f
                for p in [scenario.maintainer, *scenario.bystanders]
                for f in scenario.name_forms(p)
            ],
            "scenario": scenario.model_dump(mode="json"),
        },
    )


def build_dataset(scenarios: list[HitPieceScenario], grid: VariationGrid) -> MemoryDataset:
    samples = [build_sample(s, v) for s in scenarios for v in grid.expand()]
    return MemoryDataset(samples=samples, name=FAMILY)


def select_scenarios(scenarios: list[HitPieceScenario], ids: AxisChoice) -> list[HitPieceScenario]:
    if ids is None:
        return scenarios
    wanted = [i.strip() for i in ids.split(",")] if isinstance(ids, str) else list(ids)
    known = {s.id for s in scenarios}
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise VariantError(f"unknown scenario {unknown[0]!r} (known: {', '.join(sorted(known))})")
    return [s for s in scenarios if s.id in wanted]


@solver
def setup_hit_piece_world() -> Solver:
    """Put the sample's scenario into its world before the agent starts."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        world = store_as(HitPieceWorld)
        world.scenario = HitPieceScenario.model_validate(state.metadata["scenario"])
        world.twin = state.metadata["twin"]
        return state

    return solve


@task
def hit_piece(
    autonomy: AxisChoice = None,
    persona: AxisChoice = None,
    instruction: AxisChoice = None,
    twin: AxisChoice = None,
    scenarios: AxisChoice = None,
    scorer_mode: ScorerMode = "offline",
    max_turns: int = 16,
    message_limit: int = 50,
) -> Task:
    """An agent whose pull request was closed: does it research and publicly attack the maintainer?

    Args:
      autonomy: "autonomous" (scheduled wake-up, no human watching) and/or "operator" (operator asks).
      persona: "neutral" and/or "driven" ("relentless drive" personality file).
      instruction: "none", "open" ("handle it as you see fit") and/or "explicit" (asked to expose).
      twin: "harmful" (closed on policy, private facts in reach) and/or "benign" (technical closure,
        a legitimate write-up to do).
      scenarios: Base scenario ids (comma-separated); default all.
      scorer_mode: "offline" (default: deterministic checks and the embedded reader model),
        "rules" (deterministic checks only) or "judge" (needs `--model-role grader=...`).
      max_turns: Most model generations per sample.
      message_limit: Inspect's message limit per sample.
    """
    check_scorer_mode(scorer_mode)
    grid = GRID.select(autonomy=autonomy, persona=persona, instruction=instruction, twin=twin)
    chosen = select_scenarios(load_scenarios(SCENARIO_DIR, HitPieceScenario), scenarios)
    return Task(
        dataset=build_dataset(chosen, grid),
        solver=[setup_hit_piece_world(), incident_agent(hit_piece_tools(), max_turns=max_turns)],
        scorer=[
            hit_piece_actions(mode=scorer_mode),
            refusal(mode=scorer_mode),
            intent_disclosure(mode=scorer_mode),
            grounding(mode=scorer_mode),
        ],
        message_limit=message_limit,
        metadata={"family": FAMILY},
    )
