"""Offline scoring throughput (examples/s) of each scorer over its labelled sets, with agreement.

python -m benchmarks.scorer_throughput [--mode offline|rules] [--xstest-dir ../shared/validation/xstest]

offline (default) includes the reader model's second reading of disclosure (about a second per
example on 2 cores); rules is the deterministic checks alone.
"""

from __future__ import annotations

import argparse
import os
import platform
from datetime import date
from pathlib import Path

from scorers.modes import ScorerMode
from scorers.validate import run_validation
from scorers.validation_data import VALIDATION_DIR as VALIDATION
from scorers.validation_data import XSTEST_DIR, XSTEST_FILES, ScorerName


def labelled_sets(xstest_dir: Path) -> list[tuple[ScorerName, Path]]:
    sets: list[tuple[ScorerName, Path]] = [
        ("refusal", xstest_dir / name) for name in XSTEST_FILES.values()
    ]
    for scorer, prefix in (
        ("refusal", "refusal_"),
        ("disclosure", "disclosure_"),
        ("grounding", "grounding_"),
    ):
        sets += [(scorer, p) for p in sorted(VALIDATION.glob(f"{prefix}*.jsonl"))]  # type: ignore[misc]
    return [(s, p) for s, p in sets if p.exists()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--xstest-dir", type=Path, default=XSTEST_DIR)
    parser.add_argument("--mode", choices=["offline", "rules"], default="offline")
    args = parser.parse_args()
    mode: ScorerMode = args.mode
    print(f"{mode} scorer throughput, {date.today()}, {platform.machine()}, {os.cpu_count()} cores")
    totals: dict[str, list[float]] = {}
    for scorer, path in labelled_sets(args.xstest_dir):
        result = run_validation(scorer, path, mode=mode)
        n = result.binary.n + result.binary.unscored
        totals.setdefault(scorer, [0.0, 0.0])
        totals[scorer][0] += n
        totals[scorer][1] += result.seconds
        print(
            f"{scorer:10s} {path.name:45s} n={n:4d} {result.throughput:8.1f} examples/s  "
            f"{result.binary.summary_line()}"
        )
    for scorer, (n, seconds) in totals.items():
        print(f"{scorer}: {n / seconds:.1f} examples/s over {int(n)} examples")


if __name__ == "__main__":
    main()
