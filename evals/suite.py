"""Suites: which tasks, with which options and sample limits, make up a job (evals/suites/*.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evals.providers.model_files import DEFAULT_LOCAL_MODEL
from tasks.catalog import FAMILIES
from tasks.common.errors import ScenarioFileError

SUITE_DIR = Path(__file__).with_name("suites")
DEFAULT_SUITE = "smoke"
DEFAULT_MODEL = f"local/{DEFAULT_LOCAL_MODEL}"


class SuiteTask(BaseModel):
    model_config = ConfigDict(extra="forbid")

    family: str
    args: dict[str, Any] = Field(default_factory=dict, description="Task options (-T).")
    sample_ids: list[str] | None = Field(default=None, description="Only these samples.")
    limit: int | None = Field(default=None, ge=1, description="At most this many samples.")


class Suite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    description: str
    model: str = DEFAULT_MODEL
    model_args: dict[str, Any] = Field(default_factory=dict)
    generate: dict[str, Any] = Field(default_factory=dict, description="GenerateConfig fields.")
    max_samples: int | None = None
    tasks: list[SuiteTask] = Field(min_length=1)


def suite_path(name_or_path: str) -> Path:
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") and path.exists():
        return path
    candidate = SUITE_DIR / f"{name_or_path}.yaml"
    if not candidate.exists():
        known = ", ".join(sorted(p.stem for p in SUITE_DIR.glob("*.yaml")))
        raise ScenarioFileError(candidate, f"no such suite (known: {known})")
    return candidate


def load_suite(name_or_path: str) -> Suite:
    """Load and check a suite; errors name the file and field, in one line."""
    path = suite_path(name_or_path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise ScenarioFileError(
            path, "not valid YAML", line=mark.line + 1 if mark else None
        ) from None
    try:
        suite = Suite.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ScenarioFileError(path, first["msg"], field=field) from None
    for i, entry in enumerate(suite.tasks):
        if entry.family not in FAMILIES:
            raise ScenarioFileError(
                path,
                f"unknown family {entry.family!r} (known: {', '.join(FAMILIES)})",
                field=f"tasks.{i}.family",
            )
    return suite
