"""Run a scorer over labelled data and measure its agreement with the human labels.

Used by `incident-evals validate` and by the tests that hold each scorer to its agreement target.
In judge mode a failed judgement is unscored: it is counted and shown, never turned into a label.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from inspect_ai.model import Model
from pydantic import BaseModel
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from .agreement import Agreement, measure_agreement
from .grounding import assess_grounding, judge_grounding
from .intent_disclosure import assess_disclosure, judge_disclosure
from .judge import JudgeFailure
from .modes import ScorerMode, check_scorer_mode
from .offline.reader import YesNoReader, default_reader
from .refusal import classify_refusal, judge_refusal
from .validation_data import (
    DisclosureExample,
    GroundingExample,
    RefusalExample,
    ScorerName,
    read_examples,
)

BINARY_LABELS: dict[str, list[str]] = {
    "refusal": ["comply", "refusal"],
    "disclosure": ["disclosed", "concealed"],
    "grounding": ["grounded", "ungrounded"],
}


class Prediction(BaseModel):
    """A scorer's verdict on one example, in the label space of the data (None = unscored)."""

    label: str | None
    three_way: str | None = None
    failure: str | None = None
    decided_by: str | None = None
    """What decided an offline verdict: the first failed grounding check ("figures", "quotes"), or
    the disclosure fact verdict that set the label ("contradicted", "omitted", "disclosed")."""


class ValidationResult(BaseModel):
    scorer: str
    mode: str
    path: str
    binary: Agreement
    three_way: Agreement | None = None
    seconds: float
    failures: dict[str, int]
    errors: list[dict[str, Any]]
    by_decider: dict[str, tuple[int, int]] = {}
    """Offline modes: per deciding check or fact verdict, (examples whose human label matched the
    scorer's, examples it decided). How far to trust each kind of flag."""

    @property
    def throughput(self) -> float:
        return (self.binary.n + self.binary.unscored) / self.seconds if self.seconds else 0.0


def predict_offline(
    scorer: ScorerName, example: Any, reader: YesNoReader | None = None
) -> Prediction:
    """Offline verdict; `reader` gives disclosure its second reading (offline mode)."""
    if scorer == "refusal":
        verdict = classify_refusal(example.prompt, example.response)
        return Prediction(
            label="comply" if not verdict.refused else "refusal", three_way=verdict.label
        )
    if scorer == "disclosure":
        d = assess_disclosure(example.facts, example.actions, example.response, reader)
        found = {f.label for f in d.facts}
        decided = next((v for v in ("contradicted", "omitted") if v in found), "disclosed")
        return Prediction(label="disclosed" if d.all_disclosed else "concealed", decided_by=decided)
    g = assess_grounding(example.sources, example.response)
    failed = next((c.check for c in g.claims if c.label != "supported"), None)
    quoted = "quotes" if any(not q.verbatim for q in g.quotes) else None
    return Prediction(
        label="grounded" if g.grounded else "ungrounded",
        decided_by=failed or quoted or "all checks passed",
    )


async def predict_judge(scorer: ScorerName, example: Any, grader: Model) -> Prediction:
    verdict: Any
    if scorer == "refusal":
        verdict = await judge_refusal(example.prompt, example.response, grader)
        if isinstance(verdict, JudgeFailure):
            return Prediction(label=None, failure=verdict.kind)
        return Prediction(
            label="comply" if not verdict.refused else "refusal", three_way=verdict.label
        )
    if scorer == "disclosure":
        verdict = await judge_disclosure(example.facts, example.actions, example.response, grader)
        if isinstance(verdict, JudgeFailure):
            return Prediction(label=None, failure=verdict.kind)
        return Prediction(label="disclosed" if verdict.all_disclosed else "concealed")
    verdict = await judge_grounding(example.sources, example.response, grader)
    if isinstance(verdict, JudgeFailure):
        return Prediction(label=None, failure=verdict.kind)
    return Prediction(label="grounded" if verdict.grounded else "ungrounded")


def human_label(scorer: ScorerName, example: Any) -> str:
    if isinstance(example, RefusalExample):
        return example.binary
    assert isinstance(example, DisclosureExample | GroundingExample)
    return example.label


async def _predict_all_judge(
    scorer: ScorerName,
    examples: list[Any],
    grader: Model,
    tick: Callable[[], None],
    concurrency: int,
) -> list[Prediction]:
    semaphore = asyncio.Semaphore(concurrency)

    async def one(example: Any) -> Prediction:
        async with semaphore:
            prediction = await predict_judge(scorer, example, grader)
            tick()
            return prediction

    return list(await asyncio.gather(*(one(e) for e in examples)))


def run_validation(
    scorer: ScorerName,
    path: Path,
    mode: ScorerMode = "offline",
    grader: Model | None = None,
    show_progress: bool = False,
    concurrency: int = 8,
) -> ValidationResult:
    """Score every example of `path` and measure agreement with its labels.

    Args:
      scorer: Which scorer family.
      path: CSV or JSONL labelled file.
      mode: "offline" (rules and, for disclosure, the reader model), "rules" or "judge".
      grader: The grader model (judge mode).
      show_progress: Show a progress bar (the CLI does).
      concurrency: Parallel grader calls in judge mode.
    """
    check_scorer_mode(mode, uses_reader=scorer == "disclosure")
    examples = read_examples(scorer, path)
    reader = default_reader() if mode == "offline" and scorer == "disclosure" else None
    started = time.perf_counter()
    with Progress(transient=True, disable=not show_progress) as progress:
        bar = progress.add_task(f"{scorer} ({mode})", total=len(examples))

        def tick() -> None:
            progress.advance(bar)

        if mode == "judge":
            if grader is None:
                raise ValueError("judge mode needs a grader model")
            predictions = asyncio.run(
                _predict_all_judge(scorer, examples, grader, tick, concurrency)
            )
        else:
            predictions = []
            for example in examples:
                predictions.append(predict_offline(scorer, example, reader))
                tick()
    seconds = time.perf_counter() - started
    human = [human_label(scorer, e) for e in examples]
    binary = measure_agreement(human, [p.label for p in predictions], BINARY_LABELS[scorer])
    three_way = None
    if scorer == "refusal":
        three_way = measure_agreement(
            [e.label for e in examples],
            [p.three_way for p in predictions],
            ["comply", "partial", "refuse"],
        )
    failures: dict[str, int] = {}
    for p in predictions:
        if p.failure:
            failures[p.failure] = failures.get(p.failure, 0) + 1
    errors = [
        {"id": getattr(e, "id", "") or str(i + 1), "human": h, "scorer": p.label}
        for i, (e, h, p) in enumerate(zip(examples, human, predictions, strict=True))
        if p.label is not None and p.label != h
    ]
    return ValidationResult(
        scorer=scorer,
        mode=mode,
        path=str(path),
        binary=binary,
        three_way=three_way,
        seconds=seconds,
        failures=failures,
        errors=errors,
        by_decider=_by_decider(human, predictions),
    )


def _by_decider(human: list[str], predictions: list[Prediction]) -> dict[str, tuple[int, int]]:
    tally: dict[str, tuple[int, int]] = {}
    for h, p in zip(human, predictions, strict=True):
        if p.decided_by is not None:
            right, n = tally.get(p.decided_by, (0, 0))
            tally[p.decided_by] = (right + (p.label == h), n + 1)
    return dict(sorted(tally.items(), key=lambda item: -item[1][1]))


def _agreement_table(title: str, agreement: Agreement) -> Table:
    table = Table(title=title)
    table.add_column("human \\ scorer")
    for label in agreement.labels:
        table.add_column(label, justify="right")
    table.add_column("precision", justify="right")
    table.add_column("recall", justify="right")
    stats = {c.label: c for c in agreement.per_class}
    for label in agreement.labels:
        s = stats[label]
        table.add_row(
            label,
            *(str(agreement.confusion[label][p]) for p in agreement.labels),
            "-" if s.precision is None else f"{s.precision:.3f}",
            "-" if s.recall is None else f"{s.recall:.3f}",
        )
    return table


def _decider_table(result: ValidationResult) -> Table:
    """How often the human agreed, per check or fact verdict that decided the scorer's label."""
    table = Table(title="what decided each verdict")
    table.add_column("decided by")
    table.add_column("scorer said", justify="right")
    table.add_column("human agreed", justify="right")
    said = {
        "disclosed": "disclosed",
        "all checks passed": "grounded",
    }
    flagged = BINARY_LABELS[result.scorer][1]
    for decider, (right, n) in result.by_decider.items():
        table.add_row(decider, f"{said.get(decider, flagged)} ({n})", f"{right}/{n}")
    return table


def print_validation(result: ValidationResult, console: Console, show_errors: int = 10) -> None:
    """Figures, tables, a few disagreements, and as the very last line the summary line."""
    b = result.binary
    console.print(f"[bold]{result.scorer}[/] ({result.mode}) on {result.path}")
    console.print(_agreement_table("binary agreement (confusion matrix)", b))
    if result.three_way is not None:
        console.print(_agreement_table("three-way (comply / partial / refuse)", result.three_way))
        console.print(
            f"three-way accuracy={result.three_way.accuracy:.3f} kappa={result.three_way.kappa:.3f}"
        )
    console.print(
        f"accuracy={b.accuracy:.3f} kappa={b.kappa:.3f} scored={b.n} unscored={b.unscored}"
        + (f" failures={result.failures}" if result.failures else "")
    )
    console.print(f"throughput={result.throughput:.1f} examples/s ({result.seconds:.2f} s)")
    if result.by_decider:
        console.print(_decider_table(result))
    for error in result.errors[:show_errors]:
        console.print(
            f"  disagreement {error['id']}: human={error['human']} scorer={error['scorer']}"
        )
    print(b.summary_line())


def print_agreement(agreement: Agreement, console: Console, title: str) -> None:
    """One agreement's confusion table and figures (used by `incident-evals label`)."""
    console.print(_agreement_table(title, agreement))
    console.print(f"accuracy={agreement.accuracy:.3f} kappa={agreement.kappa:.3f} n={agreement.n}")
