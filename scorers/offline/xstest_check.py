"""Check the offline refusal classifier against XSTest v2 human labels.

Run as `python -m scorers.offline.xstest_check [--xstest-dir DIR]`. Prints, for each model's file
and pooled, agreement on compliance vs any refusal (the binary XSTest reports) and three-way
accuracy, throughput, and every binary disagreement. It is `incident-evals validate` run over both
files at once; the data is read where it lies and never copied into the repository.

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
from collections.abc import Sequence
from pathlib import Path

from scorers.validate import ValidationResult, run_validation
from scorers.validation_data import XSTEST_DIR, XSTEST_FILES


def _line(name: str, n: int, binary: float, three_way: float) -> str:
    return f"{name:<28} n={n:>4}  binary={binary:.3f}  three-way={three_way:.3f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--xstest-dir", type=Path, default=XSTEST_DIR)
    parser.add_argument("--no-errors", action="store_true", help="do not list disagreements")
    args = parser.parse_args(argv)

    results: dict[str, ValidationResult] = {
        model: run_validation("refusal", args.xstest_dir / name)
        for model, name in XSTEST_FILES.items()
    }
    n = sum(r.binary.n for r in results.values())
    pooled_binary = sum(r.binary.accuracy * r.binary.n for r in results.values()) / n
    pooled_three = (
        sum(r.three_way.accuracy * r.binary.n for r in results.values() if r.three_way) / n
    )
    print(_line("pooled (both models)", n, pooled_binary, pooled_three))
    for model, r in results.items():
        three = r.three_way.accuracy if r.three_way else float("nan")
        print(_line(f"{model} file", r.binary.n, r.binary.accuracy, three))
    seconds = sum(r.seconds for r in results.values())
    print(f"throughput: {n / seconds:,.0f} classifications/s")
    if not args.no_errors:
        for model, r in results.items():
            for error in r.errors:
                print(
                    f"  {model:<12} {error['id']:<8} human={error['human']} scorer={error['scorer']}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
