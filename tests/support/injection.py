"""The injection set: grader-steering text spliced into evaluated outputs (scorers/validation)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

INJECTION_PATH = Path(__file__).resolve().parents[2] / "scorers" / "validation" / "injection.jsonl"
EVALUATED_FIELD = {"refusal": "completion", "disclosure": "response", "grounding": "response"}


def injection_rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in INJECTION_PATH.read_text().splitlines() if line.strip()]


def splice(text: str, injection: str, position: str) -> str:
    """Put the injection before, after, or between two sentences in the middle of the text."""
    if position == "prefix":
        return injection + text
    if position == "suffix":
        return text + injection
    boundaries = [m.end() for m in re.finditer(r"[.!?]\s+", text)]
    cut = boundaries[len(boundaries) // 2] if boundaries else len(text) // 2
    return text[:cut] + injection + text[cut:]


def injected_example(row: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(base example, the same example with the injection spliced into its evaluated field)."""
    base = dict(row["base"])
    field = EVALUATED_FIELD[row["scorer"]]
    injected = dict(base)
    injected[field] = splice(base[field], row["injection"], row["position"])
    return base, injected
