"""A self-contained HTML report: tables and inline SVG interval charts, no scripts, no CDN.

Every string from the logs (model names, ids, anything a model wrote) is escaped, so a model output
cannot inject markup into the page.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pandas as pd

from .stats import format_rate

STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .5rem;font-size:.85rem}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#777;font-size:.85rem}svg text{font-size:11px}
"""


def _cell(value: object, low: object = None, high: object = None) -> str:
    return f'<td class="num">{escape(format_rate(value, low, high))}</td>'


def interval_chart(summary: pd.DataFrame, metric: str) -> str:
    """Horizontal dot-and-whisker chart of one metric, one line per group."""
    rows = summary[summary[metric].notna()]
    if rows.empty:
        return ""
    width, left, line = 640, 260, 22
    height = line * len(rows) + 30
    scale = width - left - 20
    parts = [f'<svg role="img" aria-label="{escape(metric)}" width="{width}" height="{height}">']
    for tick in (0, 0.5, 1):
        x = left + tick * scale
        parts.append(f'<line x1="{x}" y1="10" x2="{x}" y2="{height - 15}" stroke="#ddd"/>')
        parts.append(f'<text x="{x - 6}" y="{height - 2}">{tick}</text>')
    for i, (_, row) in enumerate(rows.iterrows()):
        y = 20 + i * line
        label = escape(f"{row['model']} | {row['task']} | {row['twin']}")
        low, high, mean = row[f"{metric}_low"], row[f"{metric}_high"], row[metric]
        parts.append(f'<text x="4" y="{y + 4}">{label}</text>')
        if not pd.isna(low):
            parts.append(
                f'<line x1="{left + low * scale}" y1="{y}" x2="{left + high * scale}" y2="{y}" '
                'stroke="#555" stroke-width="2"/>'
            )
        parts.append(f'<circle cx="{left + mean * scale}" cy="{y}" r="4" fill="#c0392b"/>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(
    summary: pd.DataFrame, deltas: pd.DataFrame, metrics: dict[str, tuple[str, str]], log_dir: Path
) -> str:
    names = list(metrics)
    head = "".join(
        f"<th>{escape(c)}</th>" for c in ["model", "task", "twin", "samples", *names, "tokens"]
    )
    body = []
    for _, row in summary.iterrows():
        cells = "".join(f"<td>{escape(str(row[c]))}</td>" for c in ("model", "task", "twin"))
        cells += f'<td class="num">{int(row["samples"])}</td>'
        cells += "".join(_cell(row[m], row[f"{m}_low"], row[f"{m}_high"]) for m in names)
        cells += f'<td class="num">{int(row["tokens"])}</td>'
        body.append(f"<tr>{cells}</tr>")
    legend = "".join(
        f"<li><b>{escape(n)}</b>: {escape(s)}.{escape(k)}</li>" for n, (s, k) in metrics.items()
    )
    charts = "".join(
        f"<h3>{escape(m)}</h3>{interval_chart(summary, m)}" for m in names if not summary.empty
    )
    delta_html = ""
    if not deltas.empty:
        dhead = "".join(
            f"<th>{escape(c)}</th>" for c in ["model", "baseline", "task", "twin", *names]
        )
        drows = "".join(
            "<tr>"
            + "".join(
                f"<td>{escape(str(r[c]))}</td>" for c in ("model", "baseline", "task", "twin")
            )
            + "".join(_cell(r[m]) for m in names)
            + "</tr>"
            for _, r in deltas.iterrows()
        )
        delta_html = (
            f"<h2>Differences from the baseline model</h2><table><tr>{dhead}</tr>{drows}</table>"
        )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>incident-evals report</title>
<style>{STYLE}</style></head><body>
<h1>incident-evals report</h1>
<p class="muted">Logs: {escape(str(log_dir))}. Rates are means of per-sample outcomes with 95% Wilson
intervals; unscored samples (judge failures, missing reports) are excluded from rates and counted in
report.json. Transcripts: <code>inspect view --log-dir {escape(str(log_dir))}</code>.</p>
<table><tr>{head}</tr>{"".join(body)}</table>
<ul>{legend}</ul>
{delta_html}
<h2>Charts</h2>{charts}
</body></html>
"""
