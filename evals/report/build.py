"""Build every view of a report from one log directory."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from tasks.catalog import FAMILIES

from .frame import score_frame
from .html import render_html
from .stats import format_rate, model_deltas, summarise

GROUP_BY = ["model", "task", "twin"]


class Report(BaseModel):
    log_dir: str
    html_path: str
    csv_path: str
    json_path: str
    samples: int
    unscored: int


def headline_metrics(tasks: list[str]) -> dict[str, tuple[str, str]]:
    """The report columns of the families present (hit_piece's harm is a published attack...)."""
    metrics: dict[str, tuple[str, str]] = {}
    for task in tasks:
        family = FAMILIES.get(task)
        if family:
            for name, source in family.headline.items():
                metrics.setdefault(name, source)
    return metrics


def print_summary(summary: pd.DataFrame, metrics: list[str], console: Console) -> None:
    """Metrics down, groups across: stays readable in 80 columns for a few models."""
    table = Table(title="incident-evals: rate [95% interval] n (unscored counted apart)")
    table.add_column("metric")
    for _, row in summary.iterrows():
        table.add_column(f"{row['model']}\n{row['task']} / {row['twin']}", justify="right")
    for m in metrics:
        cells = []
        for _, row in summary.iterrows():
            n = int(row.get(f"{m}_n", 0) or 0)
            rate = format_rate(row[m], row[f"{m}_low"], row[f"{m}_high"])
            cells.append(rate if rate == "-" else f"{rate} n={n}")
        table.add_row(m, *cells)
    table.add_row("samples", *(str(int(row["samples"])) for _, row in summary.iterrows()))
    table.add_row(
        "unscored",
        *(
            str(sum(int(row.get(f"{m}_unscored", 0) or 0) for m in metrics) + int(row["errors"]))
            for _, row in summary.iterrows()
        ),
    )
    table.add_row("tokens", *(str(int(row["tokens"])) for _, row in summary.iterrows()))
    console.print(table)


def build_report(log_dir: Path, out_dir: Path, console: Console | None = None) -> Report:
    """Read every log under `log_dir`; write report.csv, report.json, report.html to `out_dir`."""
    frame = score_frame(log_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    metrics = headline_metrics(sorted(frame["task"].dropna().unique()))
    summary = summarise(frame, metrics, GROUP_BY) if not frame.empty else pd.DataFrame()
    deltas = model_deltas(summary, list(metrics), GROUP_BY) if not summary.empty else pd.DataFrame()
    csv_path, json_path, html_path = (out_dir / f"report.{ext}" for ext in ("csv", "json", "html"))
    summary.to_csv(csv_path, index=False)
    frame.to_csv(out_dir / "scores_long.csv", index=False)
    reasons = frame["unscored_reason"].fillna("")
    unscored = int((frame["value"].isna() & ~reasons.str.startswith("not_applicable")).sum())
    payload = {
        "log_dir": str(log_dir),
        "metrics": {name: {"scorer": s, "key": k} for name, (s, k) in metrics.items()},
        "summary": json.loads(summary.to_json(orient="records")) if not summary.empty else [],
        "deltas": json.loads(deltas.to_json(orient="records")) if not deltas.empty else [],
        "unscored": unscored,
    }
    json_path.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    html_path.write_text(render_html(summary, deltas, metrics, log_dir), encoding="utf-8")
    if console is not None and not summary.empty:
        print_summary(summary, list(metrics), console)
    return Report(
        log_dir=str(log_dir),
        html_path=str(html_path),
        csv_path=str(csv_path),
        json_path=str(json_path),
        samples=len(frame.drop_duplicates(["model", "sample_id"])) if not frame.empty else 0,
        unscored=unscored,
    )
