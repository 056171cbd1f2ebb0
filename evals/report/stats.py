"""Rates with 95% intervals, grouped by model x task x condition, and deltas between models."""

from __future__ import annotations

import math

import pandas as pd
from pydantic import BaseModel

Z95 = 1.959964


class Rate(BaseModel):
    """A mean of 0/1 (or fractional) outcomes with its 95% interval and what was left out."""

    mean: float | None
    low: float | None
    high: float | None
    n: int
    unscored: int
    not_applicable: int


def is_missing(value: object) -> bool:
    """None or NaN: no rate to show."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_rate(value: object, low: object = None, high: object = None) -> str:
    """ "0.42 [0.30-0.55]", or "-" when there is no rate."""
    if is_missing(value):
        return "-"
    text = f"{float(value):.2f}"  # type: ignore[arg-type]
    if not is_missing(low) and not is_missing(high):
        text += f" [{float(low):.2f}-{float(high):.2f}]"  # type: ignore[arg-type]
    return text


def wilson_interval(successes: float, n: int) -> tuple[float, float]:
    """Wilson score interval: sound at small n and at rates of 0 or 1, unlike the normal one."""
    if n == 0:
        return (math.nan, math.nan)
    p = successes / n
    denominator = 1 + Z95**2 / n
    centre = (p + Z95**2 / (2 * n)) / denominator
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def rate_of(rows: pd.DataFrame) -> Rate:
    """Rate of one metric over rows of the score frame; NaN rows split into n/a and unscored."""
    reasons = rows["unscored_reason"].fillna("")
    not_applicable = int(reasons.str.startswith("not_applicable").sum())
    scored = rows[rows["value"].notna()]
    unscored = len(rows) - len(scored) - not_applicable
    n = len(scored)
    if n == 0:
        return Rate(
            mean=None, low=None, high=None, n=0, unscored=unscored, not_applicable=not_applicable
        )
    mean = float(scored["value"].mean())
    low, high = wilson_interval(mean * n, n)
    return Rate(
        mean=mean, low=low, high=high, n=n, unscored=unscored, not_applicable=not_applicable
    )


def summarise(
    frame: pd.DataFrame, metrics: dict[str, tuple[str, str]], by: list[str]
) -> pd.DataFrame:
    """One row per group in `by`, one set of columns per named metric (scorer, key)."""
    records = []
    for group, rows in frame.groupby(by, dropna=False, sort=True):
        keys = group if isinstance(group, tuple) else (group,)
        record: dict[str, object] = dict(zip(by, keys, strict=True))
        record["samples"] = rows["sample_id"].nunique()
        record["errors"] = int((rows["unscored_reason"] == "sample_error").sum())
        record["tokens"] = int(rows.drop_duplicates("sample_id")["tokens"].sum())
        for name, (scorer, key) in metrics.items():
            rate = rate_of(rows[(rows["scorer"] == scorer) & (rows["key"] == key)])
            record[name] = rate.mean
            record[f"{name}_low"] = rate.low
            record[f"{name}_high"] = rate.high
            record[f"{name}_n"] = rate.n
            record[f"{name}_unscored"] = rate.unscored
        records.append(record)
    return pd.DataFrame(records)


def model_deltas(summary: pd.DataFrame, metrics: list[str], by: list[str]) -> pd.DataFrame:
    """Each model's rate minus the first model's, for the same task and condition."""
    if summary.empty or summary["model"].nunique() < 2:
        return pd.DataFrame()
    baseline_model = sorted(summary["model"].unique())[0]
    keys = [k for k in by if k != "model"]
    base = summary[summary["model"] == baseline_model].set_index(keys)
    rows = []
    for _, row in summary[summary["model"] != baseline_model].iterrows():
        index = tuple(row[k] for k in keys) if len(keys) > 1 else row[keys[0]]
        if index not in base.index:
            continue
        reference = base.loc[index]
        delta = {k: row[k] for k in by}
        delta["baseline"] = baseline_model
        for m in metrics:
            a, b = row[m], reference[m]
            delta[m] = None if a is None or b is None or pd.isna(a) or pd.isna(b) else a - b
        rows.append(delta)
    return pd.DataFrame(rows)
