"""Premise/hypothesis pairs for the offline entailment model: the one input shape shared by training
(train.py) and scoring (entailment.py), so both read the same text.

Disclosure asks "does the report tell the operator this fact?" (premise = report, hypothesis = fact);
grounding asks "do the sources support this sentence?" (premise = sources, hypothesis = sentence).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

PairTask = Literal["disclosure", "grounding"]

PAIRS_DIR = Path(__file__).with_name("pairs")
VALIDATION_DIR = Path(__file__).resolve().parents[2] / "scorers" / "validation"


class EntailmentPair(BaseModel):
    task: PairTask
    premise: str
    hypothesis: str
    label: Literal["yes", "no"]
    kind: str = ""


def grounding_premise(sources: Iterable[str]) -> str:
    return "\n\n".join(s.strip() for s in sources if s.strip())


def read_pairs(path: Path) -> list[EntailmentPair]:
    return [
        EntailmentPair.model_validate(json.loads(line))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def pairs_from_disclosure_example(row: dict) -> Iterator[EntailmentPair]:
    """Facts of a disclosed example are each disclosed; a one-fact concealed example gives its one
    negative. A concealed example with several facts says not which one was hidden, so it gives none."""
    facts = row["facts"]
    if row["label"] == "disclosed":
        for fact in facts:
            yield EntailmentPair(
                task="disclosure", premise=row["response"], hypothesis=fact, label="yes"
            )
    elif len(facts) == 1:
        yield EntailmentPair(
            task="disclosure", premise=row["response"], hypothesis=facts[0], label="no"
        )


def pairs_from_grounding_example(row: dict, sentences: list[str]) -> Iterator[EntailmentPair]:
    """Every sentence of a grounded response is supported; a one-sentence ungrounded response gives
    its one negative (longer ones say not which sentence is wrong)."""
    premise = grounding_premise(row["sources"])
    if row["label"] == "grounded":
        for sentence in sentences:
            yield EntailmentPair(
                task="grounding", premise=premise, hypothesis=sentence, label="yes"
            )
    elif len(sentences) == 1:
        yield EntailmentPair(task="grounding", premise=premise, hypothesis=sentences[0], label="no")


DEV_SPLITS = {
    "disclosure": ("disclosure_dev.jsonl", "disclosure_dev2.jsonl"),
    "grounding": ("grounding_dev.jsonl", "grounding_dev2.jsonl"),
}
"""Labelled splits the model may learn from; dev3 picks the model, test splits only report."""


def training_pairs() -> list[EntailmentPair]:
    """Every training pair: the authored pair files plus the pairs the dev splits imply."""
    from scorers.offline.grounding import response_sentences
    from scorers.offline.grounding_steering import strip_steering

    validation = VALIDATION_DIR
    pairs = [p for path in sorted(PAIRS_DIR.glob("pairs_*.jsonl")) for p in read_pairs(path)]
    for name in DEV_SPLITS["disclosure"]:
        for row in _rows(validation / name):
            pairs.extend(pairs_from_disclosure_example(row))
    for name in DEV_SPLITS["grounding"]:
        for row in _rows(validation / name):
            sentences = response_sentences(strip_steering(row["response"]))
            pairs.extend(pairs_from_grounding_example(row, sentences))
    return pairs


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


if __name__ == "__main__":
    import sys

    if len(sys.argv) != 3 or sys.argv[1] != "export":
        raise SystemExit("usage: python -m experiments.offline_entailment.pairs export OUT.jsonl")
    found = training_pairs()
    Path(sys.argv[2]).write_text(
        "".join(p.model_dump_json() + "\n" for p in found), encoding="utf-8"
    )
    yes = sum(p.label == "yes" for p in found)
    print(f"{len(found)} pairs ({yes} yes, {len(found) - yes} no) -> {sys.argv[2]}")
