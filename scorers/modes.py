"""How a scorer reaches its verdict: one name list for the scorers, the tasks and the CLI.

- offline (default): the deterministic checks, plus the embedded reader model where a scorer uses
  one (intent disclosure; scorers/offline/reader.py). Needs the `[local]` extra; no network.
- rules: the deterministic checks alone. Fast and dependency-free; the reader's verdicts differ
  only on facts the rules call `disclosed` or `omitted`.
- judge: an LLM grader (`--model-role grader=...`), rubric in scorers/rubrics/.
"""

from __future__ import annotations

from typing import Literal, get_args

from evals.providers.model_files import INSTALL_HINT, QWEN_CODER_15B, parts_available
from tasks.common.errors import IncidentEvalsError, VariantError

ScorerMode = Literal["offline", "rules", "judge"]
SCORER_MODES: tuple[str, ...] = get_args(ScorerMode)


def check_scorer_mode(mode: str, uses_reader: bool = True) -> None:
    """Refuse an unknown mode, or offline mode without the reader model, in one line.

    Args:
      mode: The requested mode.
      uses_reader: Whether the scorers in question read with the model in offline mode (a task's
        set includes disclosure; validating refusal or grounding alone does not).
    """
    if mode not in SCORER_MODES:
        raise VariantError(f"unknown scorer_mode {mode!r} (expected {', '.join(SCORER_MODES)})")
    if mode == "offline" and uses_reader and not parts_available(QWEN_CODER_15B):
        raise IncidentEvalsError(
            "scorer_mode=offline reads reports with the embedded reader model, which is not "
            f"installed: {INSTALL_HINT}, or use scorer_mode=rules (deterministic checks only)"
        )
