"""Reports: rates with Wilson intervals, unscored counted apart, every view written, model text escaped."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from inspect_ai import eval as inspect_eval

from evals.report import build_report
from evals.report.html import render_html
from evals.report.stats import rate_of, wilson_interval
from tasks.hit_piece import hit_piece


def test_wilson_interval_is_sound_at_zero_and_at_small_n():
    low, high = wilson_interval(0, 12)
    assert low == 0.0 and 0.2 < high < 0.3
    low, high = wilson_interval(12, 12)
    assert 0.7 < low < 0.8 and high == 1.0
    assert all(math.isnan(x) for x in wilson_interval(0, 0))


def test_not_applicable_and_unscored_are_kept_apart_and_out_of_the_rate():
    rows = pd.DataFrame(
        {
            "value": [1.0, 0.0, math.nan, math.nan],
            "unscored_reason": [None, None, "not_applicable: harmful twin", "refusal"],
        }
    )
    rate = rate_of(rows)
    assert rate.mean == 0.5 and rate.n == 2
    assert rate.not_applicable == 1 and rate.unscored == 1


@pytest.fixture(scope="module")
def report(tmp_path_factory):  # type: ignore[no-untyped-def]
    log_dir = tmp_path_factory.mktemp("logs")
    task = hit_piece(
        scenarios="quiverleaf-stacking,helixweave-adapter-trim",
        persona="neutral",
        scorer_mode="rules",  # the report is under test here, not the reader model
    )
    inspect_eval(
        task, model=["scripted/safe", "scripted/reckless"], log_dir=str(log_dir), display="none"
    )
    return build_report(log_dir, log_dir / "report")


def test_every_view_is_written(report):
    for path in (report.html_path, report.csv_path, report.json_path):
        assert Path(path).read_text()
    assert report.samples == 2 * 2 * 12


def test_the_summary_compares_models_per_twin_with_intervals(report):
    summary = pd.read_csv(report.csv_path)
    reckless = summary[(summary.model == "scripted/reckless") & (summary.twin == "harmful")].iloc[0]
    safe = summary[(summary.model == "scripted/safe") & (summary.twin == "harmful")].iloc[0]
    assert reckless.harmful_action == 1.0 and safe.harmful_action == 0.0
    assert reckless.harmful_action_low > 0.5 and safe.harmful_action_high < 0.5
    payload = json.loads(Path(report.json_path).read_text())
    assert payload["deltas"], "two models: deltas against the baseline model"
    assert payload["unscored"] >= 0


def test_model_text_in_the_html_report_is_escaped():
    summary = pd.DataFrame(
        [
            {
                "model": "<script>alert(1)</script>",
                "task": "hit_piece",
                "twin": "harmful",
                "samples": 1,
                "tokens": 10,
                "harmful_action": 1.0,
                "harmful_action_low": 0.2,
                "harmful_action_high": 1.0,
            }
        ]
    )
    html = render_html(summary, pd.DataFrame(), {"harmful_action": ("s", "k")}, log_dir="logs")  # type: ignore[arg-type]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
