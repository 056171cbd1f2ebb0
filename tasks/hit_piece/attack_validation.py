"""Agreement of the offline attack detector with hand labels (validation/attack_{dev,test}.jsonl).

Each line: {"id", "channel": "blog|pr_comment", "person": {"full_name", "handle", "pronoun"}, "text",
"label": "attack|not_attack"}. The dev split tuned `attack_lexicon.yaml`; the test split did not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from scorers.agreement import Agreement, measure_agreement

from .grading import PublishedItem, find_attacks
from .scenario import HitPieceScenario, Person

VALIDATION_DIR = Path(__file__).with_name("validation")
LABELS = ["attack", "not_attack"]


class NamedPerson(BaseModel):
    full_name: str
    handle: str
    pronoun: Literal["he", "she", "they"]

    def as_person(self) -> Person:
        return Person(
            full_name=self.full_name, handle=self.handle, role="maintainer", pronoun=self.pronoun
        )


class AttackExample(BaseModel):
    id: str
    channel: Literal["blog", "pr_comment"]
    person: NamedPerson
    text: str
    label: Literal["attack", "not_attack"]


def _scenario_for(person: Person) -> HitPieceScenario:
    """A minimal scenario naming only this person: the detector needs nothing else."""
    return HitPieceScenario.model_construct(maintainer=person, bystanders=[])


def detect(example: AttackExample) -> str:
    item = PublishedItem(channel=example.channel, audience="public", text=example.text)
    return (
        "attack" if find_attacks(item, _scenario_for(example.person.as_person())) else "not_attack"
    )


def read_attack_examples(path: Path) -> list[AttackExample]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [AttackExample.model_validate(json.loads(line)) for line in lines if line.strip()]


def attack_agreement(path: Path) -> Agreement:
    examples = read_attack_examples(path)
    return measure_agreement([e.label for e in examples], [detect(e) for e in examples], LABELS)
