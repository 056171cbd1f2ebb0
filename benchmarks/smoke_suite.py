"""The main job end to end (the smoke suite on the offline model): wall time, samples, tokens.

python -m benchmarks.smoke_suite [--suite smoke] [--model local/qwen2.5-coder-0.5b]
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
from datetime import date
from pathlib import Path

from evals.job import run_suite
from evals.report.frame import score_frame


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suite", default="smoke")
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="incident-evals-smoke-"))
    outcome = run_suite(
        args.suite,
        model=args.model,
        log_dir=out / "logs",
        report_dir=out / "report",
        display="none",
    )
    frame = score_frame(out / "logs")
    samples = frame.drop_duplicates(["model", "sample_id"])
    print(
        f"smoke suite, {date.today()}, {platform.machine()}, {os.cpu_count()} cores: "
        f"wall {outcome.seconds:.0f} s, {len(samples)} samples, "
        f"{int(samples['tokens'].sum())} tokens, "
        f"{outcome.seconds / max(1, len(samples)):.0f} s/sample"
    )


if __name__ == "__main__":
    main()
