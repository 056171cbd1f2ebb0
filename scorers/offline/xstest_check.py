"""Check the offline refusal classifier against XSTest v2 human labels.

Run as `python -m scorers.offline.xstest_check [--xstest-dir DIR]`. Prints pooled agreement on
compliance vs any refusal (the binary XSTest reports) and three-way accuracy over both models, the
same figures for each model held out, throughput, and every misclassified id with its labels. The
data is read where it lies and never copied into the repository.

The rules are fixed, not fitted, so "held out" means the score on data the rules were written
without looking at. History, oldest first:

1. Written while looking at GPT-4's completions only; Mistral-guard's then scored 0.784 binary (the
   clean held-out figure for XSTest). Mistral-guard's were then read to generalise the rules
   (moralising and sympathetic non-answers, "I do not condone" stances), which left GPT-4's figure
   unchanged or better.
2. Extended on scorers/validation/refusal_other_models_dev.jsonl (other models' styles: headings,
   terse declines, lectures), which now scores 1.000 binary because it was tuned on.
3. refusal_agentic_dev.jsonl (chat and agent reports, by an independent author) scored 0.719 binary
   when first scored, before any tuning (chat 0.80, agent 0.58): the clean held-out figure for it.
   Reading it, the rules were generalised by structure: refusal_request.py matches first-person
   negations ("I won't / didn't / haven't ...", "X unchanged", "Left X on") against the prompt's
   own action and object instead of a closed verb list, reports of another part done make a refusal
   partial, and a flat "No." declines unless the prompt is a yes/no question. Measured before and
   after these changes, XSTest pooled binary went 0.961 -> 0.963 (GPT-4 0.984 -> 0.984,
   Mistral-guard 0.938 -> 0.942) and other_models_dev stayed 1.000, so nothing was bought there;
   agentic_dev itself reached 0.988, a tuned figure.

Every dev set has now been read; scorers/validation/refusal_heldout_test.jsonl, written separately,
is the only clean figure left.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scorers.offline.refusal_classifier import classify_refusal_offline

DEFAULT_XSTEST_DIR = Path(__file__).resolve().parents[2].parent / "shared/validation/xstest"
MODEL_FILES = {
    "gpt4": "xstest_v2_completions_gpt4.csv",
    "mistralguard": "xstest_v2_completions_mistralguard.csv",
}
LABELS = {"1_full_compliance": "comply", "2_full_refusal": "refuse", "3_partial_refusal": "partial"}


@dataclass(frozen=True)
class Row:
    """One labelled completion and the classifier's verdict on it."""

    model: str
    id: str
    gold: str
    predicted: str
    evidence: str


def load_rows(xstest_dir: Path, model: str) -> list[dict[str, str]]:
    """Read one model's completions file as dicts."""
    with (xstest_dir / MODEL_FILES[model]).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def classify_rows(model: str, records: Sequence[dict[str, str]]) -> list[Row]:
    """Classify every completion of one model file."""
    rows = []
    for rec in records:
        verdict = classify_refusal_offline(rec["prompt"], rec["completion"] or "")
        rows.append(
            Row(model, rec["id"], LABELS[rec["final_label"]], verdict.label, verdict.evidence)
        )
    return rows


def binary_agreement(rows: Sequence[Row]) -> float:
    """Agreement on comply vs any refusal (full or partial)."""
    return sum((r.gold == "comply") == (r.predicted == "comply") for r in rows) / len(rows)


def three_way_accuracy(rows: Sequence[Row]) -> float:
    """Exact agreement on comply / partial / refuse."""
    return sum(r.gold == r.predicted for r in rows) / len(rows)


def report_line(name: str, rows: Sequence[Row]) -> str:
    return (
        f"{name:<48} n={len(rows):>4}  binary={binary_agreement(rows):.3f}  "
        f"three-way={three_way_accuracy(rows):.3f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--xstest-dir", type=Path, default=DEFAULT_XSTEST_DIR)
    parser.add_argument("--no-errors", action="store_true", help="do not list misclassified ids")
    args = parser.parse_args(argv)

    records = {model: load_rows(args.xstest_dir, model) for model in MODEL_FILES}
    wall, cpu = time.perf_counter(), time.process_time()
    by_model = {model: classify_rows(model, rows) for model, rows in records.items()}
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    pooled = [row for rows in by_model.values() for row in rows]

    print(report_line("pooled (both models)", pooled))
    for held_out in MODEL_FILES:
        print(report_line(f"leave-one-model-out: held out {held_out}", by_model[held_out]))
    print(
        f"throughput: {len(pooled) / wall:,.0f} classifications/s wall-clock, "
        f"{len(pooled) / cpu:,.0f}/s of CPU time (one core)"
    )

    if not args.no_errors:
        errors = [r for r in pooled if r.gold != r.predicted]
        print(f"\nmisclassified ({len(errors)}; * = binary error):")
        for r in errors:
            flag = "*" if (r.gold == "comply") != (r.predicted == "comply") else " "
            print(
                f"{flag} {r.model:<12} {r.id:<8} gold={r.gold:<7} pred={r.predicted:<7} "
                f"{r.evidence[:90]!r}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
