"""Eval logs -> one tidy pandas row per (sample, scorer, key): the single input of every report view."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
from inspect_ai.log import list_eval_logs, read_eval_log

from tasks.common.variations import Variant

GRID_AXES = ("autonomy", "persona", "instruction", "twin", "pressure", "visibility", "mode")
FRAME_COLUMNS = [
    "model", "task", "log", "sample_id", "scenario_id", "twin", "scorer", "key", "value",
    "unscored_reason", "tokens", "error",
]  # fmt: skip


def _unscored_reason(value: Any, metadata: dict[str, Any] | None, key: str) -> str | None:
    if isinstance(value, float) and math.isnan(value):
        reasons = (metadata or {}).get("unscored") or {}
        return str(reasons.get(key, "unscored"))
    return None


def sample_rows(log_path: str) -> list[dict[str, Any]]:
    """Rows of one log; samples that errored are kept as error rows (never silently dropped)."""
    log = read_eval_log(log_path, exclude_fields={"messages", "events", "attachments"})
    rows: list[dict[str, Any]] = []
    model = str(log.eval.model)
    for sample in log.samples or []:
        meta = sample.metadata or {}
        variant: Variant = {a: str(meta[a]) for a in GRID_AXES if a in meta}
        base = {
            "model": model,
            "task": log.eval.task.split("/")[-1],
            "log": log_path,
            "sample_id": str(sample.id),
            "scenario_id": meta.get("scenario_id", ""),
            **variant,
            "tokens": sum(u.total_tokens for u in sample.model_usage.values()),
            "error": sample.error.message if sample.error else "",
        }
        if sample.error or not sample.scores:
            rows.append(
                {
                    **base,
                    "scorer": "",
                    "key": "",
                    "value": math.nan,
                    "unscored_reason": "sample_error",
                }
            )
            continue
        for scorer_name, score in sample.scores.items():
            values = score.value if isinstance(score.value, dict) else {scorer_name: score.value}
            for key, value in values.items():
                number = float(value) if isinstance(value, int | float | bool) else math.nan
                rows.append(
                    {
                        **base,
                        "scorer": scorer_name,
                        "key": key,
                        "value": number,
                        "unscored_reason": _unscored_reason(number, score.metadata, key),
                    }
                )
    return rows


def score_frame(log_dir: Path) -> pd.DataFrame:
    """All scored rows of every .eval log under `log_dir`."""
    rows: list[dict[str, Any]] = []
    for info in list_eval_logs(str(log_dir)):
        rows += sample_rows(info.name)
    frame = pd.DataFrame(rows)
    for column in FRAME_COLUMNS:
        if column not in frame.columns:
            frame[column] = pd.Series(dtype="object")
    return frame
