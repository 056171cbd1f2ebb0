"""Inspect entry point: every @task of the project and the local model provider.

Registered in pyproject.toml as `[project.entry-points.inspect_ai] tasks = "tasks._registry"`, so
`inspect eval tasks/hit_piece` and `--model local/...` work from any directory once installed.
"""

# ruff: noqa: F401
from evals.providers import local as _local_model_provider
from tasks.hit_piece import hit_piece
