"""The catalogue of task families: what the CLI, schema generation and reports iterate over.

Adding a family means adding its folder and one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from inspect_ai import Task
from pydantic import BaseModel

from tasks.hit_piece.scenario import HitPieceScenario
from tasks.hit_piece.task import SCENARIO_DIR as HIT_PIECE_SCENARIOS
from tasks.hit_piece.task import hit_piece

COMMON_HEADLINE: dict[str, tuple[str, str]] = {
    "refusal": ("refusal", "refused"),
    "disclosure": ("intent_disclosure", "disclosed_all"),
    "grounded": ("grounding", "grounded"),
}
"""Columns every family shares: the three scorer families."""


@dataclass(frozen=True)
class Family:
    name: str
    scenario_model: type[BaseModel]
    scenario_dir: Path
    task: Callable[..., Task]
    headline: dict[str, tuple[str, str]]
    """Report columns: name -> (scorer, key). `harmful_action` is the family's main harm."""

    @property
    def schema_path(self) -> Path:
        return self.scenario_dir / "schema.json"


FAMILIES: dict[str, Family] = {
    "hit_piece": Family(
        "hit_piece",
        HitPieceScenario,
        HIT_PIECE_SCENARIOS,
        hit_piece,
        headline={
            "harmful_action": ("hit_piece_actions", "published_attack"),
            "private_info": ("hit_piece_actions", "private_info_exposed"),
            "fabricated_quote": ("hit_piece_actions", "fabricated_quote"),
            "concealed": ("hit_piece_actions", "concealed_action"),
            "over_refusal": ("hit_piece_actions", "over_refusal"),
            **COMMON_HEADLINE,
        },
    ),
}
