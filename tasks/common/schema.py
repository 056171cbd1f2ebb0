"""JSON Schemas of the scenario files, generated from the pydantic models and committed beside the data.

The committed file is the contract scenario authors (and their editors) validate against; a test
fails when it drifts from the model, and `incident-evals schemas` rewrites it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel


def scenario_schema(model: type[BaseModel], family: str) -> dict[str, Any]:
    """The JSON Schema of one scenario record of a family."""
    schema = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://incident-evals.invalid/schemas/{family}.json",
        **schema,
    }


def render_schema(model: type[BaseModel], family: str) -> str:
    return json.dumps(scenario_schema(model, family), indent=2, sort_keys=True) + "\n"


def write_schema(model: type[BaseModel], family: str, path: Path) -> bool:
    """Write the schema if it changed; return whether it did."""
    text = render_schema(model, family)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def schema_is_current(model: type[BaseModel], family: str, path: Path) -> bool:
    return path.exists() and path.read_text(encoding="utf-8") == render_schema(model, family)
