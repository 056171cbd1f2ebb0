"""A person's blind relabelling pass: resumable, blind, and measured against author and scorer."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from evals.cli import main
from scorers.labelling import label_session, summarise

ROWS = [
    {
        "id": f"g-{i}",
        "sources": ["The bridge opened in 1889."],
        "response": f"The bridge opened in {year}.",
        "label": label,
        "category": "date_changed",
    }
    for i, (year, label) in enumerate(
        [(1889, "grounded"), (1898, "ungrounded"), (1889, "grounded")]
    )
]


def write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def scripted(answers: list[str]):
    queue = list(answers)
    return lambda _prompt: queue.pop(0)


def quiet() -> tuple[Console, StringIO]:
    buffer = StringIO()
    return Console(file=buffer, width=120), buffer


def answer_for(row_id: str) -> str:
    return "u" if row_id == "g-1" else "g"


def test_the_labeller_never_sees_the_label_and_answers_are_saved_in_the_input_format(tmp_path):
    data, out = write(tmp_path / "set.jsonl", ROWS), tmp_path / "mine.jsonl"
    console, screen = quiet()
    order: list[str] = []

    def ask(_prompt: str) -> str:
        shown = screen.getvalue().split("RESPONSE")[-1]
        row_id = next(r["id"] for r in ROWS if r["response"] in shown)
        order.append(row_id)
        return answer_for(row_id)

    assert label_session("grounding", data, out, ask, console, labeller="ab") == 3
    assert "ungrounded" not in screen.getvalue() and "date_changed" not in screen.getvalue()
    saved = [json.loads(line) for line in out.read_text().splitlines()]
    assert {r["id"]: r["label"] for r in saved} == {
        "g-0": "grounded",
        "g-1": "ungrounded",
        "g-2": "grounded",
    }
    assert all(r["author_label"] and r["labeller"] == "ab" for r in saved)
    with_author, with_scorer = summarise("grounding", out)
    assert with_author.accuracy == 1.0 and with_author.n == 3
    assert with_scorer.n == 3


def test_a_session_resumes_where_it_stopped_and_skips_are_asked_again(tmp_path):
    data, out = write(tmp_path / "set.jsonl", ROWS), tmp_path / "mine.jsonl"
    console, _ = quiet()
    assert label_session("grounding", data, out, scripted(["s", "g", "q"]), console) == 1
    assert label_session("grounding", data, out, scripted(["x", "u", "g"]), console) == 2
    assert len(out.read_text().splitlines()) == 3


def test_disagreeing_with_the_author_lowers_the_agreement(tmp_path):
    data, out = write(tmp_path / "set.jsonl", ROWS), tmp_path / "mine.jsonl"
    console, _ = quiet()
    label_session("grounding", data, out, scripted(["g", "g", "g"]), console)
    with_author, _ = summarise("grounding", out)
    assert with_author.accuracy == pytest.approx(2 / 3)


def test_the_cli_prints_the_agreement_line_last_and_rejects_an_empty_summary(tmp_path, capsys):
    data, out = write(tmp_path / "set.jsonl", ROWS), tmp_path / "mine.jsonl"
    assert (
        main(
            ["label", "--scorer", "grounding", "--data", str(data), "--out", str(out), "--summary"]
        )
        == 2
    )
    assert "no labels recorded yet" in capsys.readouterr().err
    write(out, [{**r, "author_label": r["label"], "labeller": ""} for r in ROWS])
    assert (
        main(
            ["label", "--scorer", "grounding", "--data", str(data), "--out", str(out), "--summary"]
        )
        == 0
    )
    assert capsys.readouterr().out.strip().splitlines()[-1] == "agreement=1.000 kappa=1.000 n=3"


def test_example_text_that_looks_like_console_markup_is_shown_as_written(tmp_path):
    rows = [{**ROWS[0], "response": "[bold]The bridge[/] opened in 1889 [/not-a-tag]."}]
    data, out = write(tmp_path / "set.jsonl", rows), tmp_path / "mine.jsonl"
    console, screen = quiet()
    assert label_session("grounding", data, out, scripted(["g"]), console) == 1
    assert "[bold]The bridge[/] opened in 1889 [/not-a-tag]." in screen.getvalue()


def test_end_of_input_stops_the_session_without_losing_answers(tmp_path):
    data, out = write(tmp_path / "set.jsonl", ROWS), tmp_path / "mine.jsonl"
    console, _ = quiet()
    answers = iter(["g"])

    def ask(_prompt: str) -> str:
        for answer in answers:
            return answer
        raise EOFError  # the labeller pressed Ctrl-D

    assert label_session("grounding", data, out, ask, console) == 1
    assert len(out.read_text().splitlines()) == 1
