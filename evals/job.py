"""The main job: run a suite's tasks with Inspect, then write the report, and say where both are."""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path

from inspect_ai import Task, eval_set
from inspect_ai.dataset import Sample
from inspect_ai.model import GenerateConfig
from pydantic import BaseModel
from rich.console import Console

from tasks.catalog import FAMILIES

from .suite import Suite, load_suite


class JobOutcome(BaseModel):
    success: bool
    log_dir: str
    report_dir: str
    seconds: float


def _has_id(sample: Sample, wanted: set[str]) -> bool:
    return str(sample.id) in wanted


def build_tasks(suite: Suite, limit: int | None = None) -> list[Task]:
    """The suite's tasks, each cut to its sample ids and limit."""
    tasks = []
    for entry in suite.tasks:
        task = FAMILIES[entry.family].task(**entry.args)
        dataset = task.dataset
        if entry.sample_ids:
            wanted = set(entry.sample_ids)
            dataset = dataset.filter(partial(_has_id, wanted=wanted))
        cap = (
            min(x for x in (entry.limit, limit) if x is not None)
            if (entry.limit or limit)
            else None
        )
        if cap is not None:
            dataset = dataset[:cap]
        task.dataset = dataset
        tasks.append(task)
    return tasks


def run_suite(
    suite_name: str,
    *,
    model: str | None,
    log_dir: Path,
    report_dir: Path,
    limit: int | None = None,
    display: str | None = None,
    console: Console | None = None,
) -> JobOutcome:
    """Run a suite end to end and print where the logs and the report are."""
    from evals.report import build_report

    console = console or Console()
    suite = load_suite(suite_name)
    tasks = build_tasks(suite, limit)
    model_name = model or suite.model
    n_samples = sum(len(t.dataset) for t in tasks)
    console.print(
        f"[bold]{suite.name}[/]: {len(tasks)} task(s), {n_samples} sample(s) on [bold]{model_name}[/]"
    )
    started = time.perf_counter()
    success, _ = eval_set(
        tasks,
        log_dir=str(log_dir),
        model=model_name,
        model_args=suite.model_args if model is None else {},
        max_samples=suite.max_samples,
        display=display,  # type: ignore[arg-type]
        retry_attempts=1,
        **GenerateConfig(**suite.generate).model_dump(exclude_none=True),
    )
    report = build_report(log_dir, report_dir, console=console)
    seconds = time.perf_counter() - started
    console.print(f"finished in {seconds:.0f} s ({'ok' if success else 'with errors'})")
    console.print(f"logs:   {log_dir}   (browse: inspect view --log-dir {log_dir})")
    console.print(f"report: {report.html_path}")
    return JobOutcome(
        success=success, log_dir=str(log_dir), report_dir=str(report_dir), seconds=seconds
    )
