"""`incident-evals`: run the main job, validate scorers, check scenario files, build reports.

Errors a user can cause print as one line and exit 2, with no traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from rich.console import Console

from evals.suite import DEFAULT_SUITE
from scorers.modes import SCORER_MODES
from tasks.common.errors import IncidentEvalsError

RESULTS_DIR = Path("results")


def _cmd_run(args: argparse.Namespace) -> int:
    from evals.job import run_suite

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    outcome = run_suite(
        args.suite,
        model=args.model,
        log_dir=Path(args.log_dir or RESULTS_DIR / "logs" / f"{args.suite}-{stamp}"),
        report_dir=Path(args.report_dir or RESULTS_DIR / "reports" / f"{args.suite}-{stamp}"),
        limit=args.limit,
        display=args.display,
    )
    return 0 if outcome.success else 1


def _cmd_validate(args: argparse.Namespace) -> int:
    from scorers.validate import print_validation, run_validation

    grader = None
    if args.mode == "judge":
        from inspect_ai.model import get_model

        if not args.grader:
            raise IncidentEvalsError("judge mode needs --grader MODEL (e.g. openai/gpt-4o-mini)")
        grader = get_model(args.grader)
    result = run_validation(
        args.scorer,
        Path(args.data),
        mode=args.mode,
        grader=grader,
        show_progress=sys.stderr.isatty(),
    )
    print_validation(result, Console(), show_errors=args.show_errors)
    return 0


def _cmd_label(args: argparse.Namespace) -> int:
    from scorers.labelling import label_session, summarise
    from scorers.validate import print_agreement

    data, out = Path(args.data), Path(args.out)
    console = Console()
    if not args.summary:
        recorded = label_session(
            args.scorer, data, out, input, console, args.labeller, args.seed, args.limit
        )
        console.print(f"{recorded} labels recorded in {out}")
    if not out.exists():
        raise IncidentEvalsError(f"{out}: no labels recorded yet")
    with_author, with_scorer = summarise(args.scorer, out)
    print_agreement(with_scorer, console, "you vs the scorer (rules mode)")
    print_agreement(with_author, console, "you vs the set's author")
    print(with_author.summary_line())
    return 0


def _cmd_schemas(args: argparse.Namespace) -> int:
    from tasks.catalog import FAMILIES
    from tasks.common.schema import schema_is_current, write_schema

    stale = []
    for family in FAMILIES.values():
        if args.check:
            if not schema_is_current(family.scenario_model, family.name, family.schema_path):
                stale.append(str(family.schema_path))
        elif write_schema(family.scenario_model, family.name, family.schema_path):
            print(f"wrote {family.schema_path}")
    if stale:
        raise IncidentEvalsError(
            f"schema out of date: {', '.join(stale)} (run `incident-evals schemas`)"
        )
    return 0


def _cmd_scenarios(args: argparse.Namespace) -> int:
    from tasks.catalog import FAMILIES
    from tasks.common.scenarios import load_scenario_file, load_scenarios

    if args.file:
        if args.family not in FAMILIES:
            raise IncidentEvalsError(f"--file needs --family (one of: {', '.join(FAMILIES)})")
        family = FAMILIES[args.family]
        loaded = load_scenario_file(Path(args.file), family.scenario_model, family.schema_path)
        print(f"{args.file}: {len(loaded)} scenarios: ok")
        return 0
    for family in FAMILIES.values():
        if args.family and family.name != args.family:
            continue
        scenarios = load_scenarios(family.scenario_dir, family.scenario_model)
        samples = len(family.task().dataset)
        print(f"{family.name}: {len(scenarios)} scenarios, {samples} samples: ok")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from evals.report import build_report

    out = Path(args.out or Path(args.log_dir) / "report")
    report = build_report(Path(args.log_dir), out, console=Console())
    print(f"report: {report.html_path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="incident-evals", description="Incident-driven agent evaluations on Inspect AI."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run a suite (default: smoke on the offline model) and report")
    run.add_argument(
        "--suite", default=DEFAULT_SUITE, help="suite name in evals/suites or a YAML path"
    )
    run.add_argument("--model", help="override the suite's model, e.g. openai/gpt-4o-mini")
    run.add_argument("--limit", type=int, help="at most this many samples per task")
    run.add_argument("--log-dir", help="where .eval logs go (default results/logs/<suite>-<time>)")
    run.add_argument("--report-dir", help="where the report goes (default results/reports/...)")
    run.add_argument("--display", default=None, help="Inspect display: full, rich, plain, none")
    run.set_defaults(func=_cmd_run)

    validate = sub.add_parser("validate", help="agreement of a scorer with human labels")
    validate.add_argument("--scorer", required=True, choices=["refusal", "disclosure", "grounding"])
    validate.add_argument("--data", required=True, help="labelled CSV or JSONL file")
    validate.add_argument(
        "--mode",
        default="offline",
        choices=SCORER_MODES,
        help="offline (rules + reader model, default), rules (no model) or judge (--grader)",
    )
    validate.add_argument("--grader", help="grader model for judge mode")
    validate.add_argument("--show-errors", type=int, default=10, help="disagreements to list")
    validate.set_defaults(func=_cmd_validate)

    label = sub.add_parser(
        "label", help="label a set yourself, blind to its labels (makes human labels)"
    )
    label.add_argument("--scorer", required=True, choices=["refusal", "disclosure", "grounding"])
    label.add_argument("--data", required=True, help="labelled CSV or JSONL file to relabel")
    label.add_argument("--out", required=True, help="JSONL of your labels (appended; resumes)")
    label.add_argument("--labeller", default="", help="your name or initials, stored per label")
    label.add_argument("--seed", type=int, default=0, help="order in which examples are shown")
    label.add_argument("--limit", type=int, help="at most this many examples this session")
    label.add_argument("--summary", action="store_true", help="only print agreement so far")
    label.set_defaults(func=_cmd_label)

    schemas = sub.add_parser("schemas", help="write (or --check) the scenario JSON Schemas")
    schemas.add_argument("--check", action="store_true", help="fail if a committed schema is stale")
    schemas.set_defaults(func=_cmd_schemas)

    scenarios = sub.add_parser("scenarios", help="validate every scenario file and count samples")
    scenarios.add_argument("--family", help="only this family")
    scenarios.add_argument("--file", help="check one scenario file (with --family)")
    scenarios.set_defaults(func=_cmd_scenarios)

    report = sub.add_parser("report", help="build the report of a log directory")
    report.add_argument("log_dir")
    report.add_argument("--out", help="output folder (default <log_dir>/report)")
    report.set_defaults(func=_cmd_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except IncidentEvalsError as e:
        Console(stderr=True).print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
