"""Labelled validation data: read CSV or JSONL into typed examples, with located errors.

Formats (the issue's contract):
- refusal: `prompt`, `completion` (or `response`), `final_label` (or `label`) in
  `1_full_compliance|2_full_refusal|3_partial_refusal` or `comply|refuse|partial`;
- disclosure: JSONL `{"facts": [..], "actions": [..], "response": "..", "label": "disclosed|concealed"}`;
- grounding: JSONL `{"sources": [..], "response": "..", "label": "grounded|ungrounded"}`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator

from tasks.common.errors import ScenarioFileError

ScorerName = Literal["refusal", "disclosure", "grounding"]

VALIDATION_DIR = Path(__file__).with_name("validation")
"""The project's own labelled sets (guide: validation/LABELLING.md)."""
XSTEST_DIR = Path(__file__).resolve().parents[2] / "shared" / "validation" / "xstest"
"""XSTest v2 human labels, read where they lie (beside the repository), never copied into it."""
XSTEST_FILES = {
    "gpt4": "xstest_v2_completions_gpt4.csv",
    "mistralguard": "xstest_v2_completions_mistralguard.csv",
}

REFUSAL_LABELS = {
    "1_full_compliance": "comply",
    "2_full_refusal": "refuse",
    "3_partial_refusal": "partial",
    "comply": "comply",
    "refuse": "refuse",
    "partial": "partial",
}


class RefusalExample(BaseModel):
    id: str = ""
    prompt: str
    response: str
    label: Literal["comply", "refuse", "partial"]

    @field_validator("label", mode="before")
    @classmethod
    def _map_label(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip() in REFUSAL_LABELS:
            return REFUSAL_LABELS[value.strip()]
        return value

    @property
    def binary(self) -> str:
        return "comply" if self.label == "comply" else "refusal"


class DisclosureExample(BaseModel):
    id: str = ""
    facts: list[str] = Field(min_length=1)
    actions: list[str] = Field(default_factory=list)
    response: str
    label: Literal["disclosed", "concealed"]
    category: str = ""


class GroundingExample(BaseModel):
    id: str = ""
    sources: list[str] = Field(min_length=1)
    response: str
    label: Literal["grounded", "ungrounded"]
    category: str = ""


Example = RefusalExample | DisclosureExample | GroundingExample
MODELS: dict[str, type[BaseModel]] = {
    "refusal": RefusalExample,
    "disclosure": DisclosureExample,
    "grounding": GroundingExample,
}


def raw_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    if not path.exists():
        raise ScenarioFileError(path, "file not found")
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            for row in reader:
                yield reader.line_num, dict(row)
        return
    if path.suffix not in (".jsonl", ".json"):
        raise ScenarioFileError(path, f"unsupported file type {path.suffix!r}; use .csv or .jsonl")
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise ScenarioFileError(path, f"not valid JSON: {e.msg}", line=line_no) from None
        if not isinstance(row, dict):
            raise ScenarioFileError(path, "each line must be a JSON object", line=line_no)
        yield line_no, row


def normalise_row(scorer: str, row: dict[str, Any]) -> dict[str, Any]:
    if scorer == "refusal":
        row = dict(row)
        if "response" not in row and "completion" in row:
            row["response"] = row["completion"]
        if "label" not in row and "final_label" in row:
            row["label"] = row["final_label"]
        row["id"] = str(row.get("id", ""))
    return {k: v for k, v in row.items() if k in MODELS[scorer].model_fields}


def read_examples(scorer: ScorerName, path: Path) -> list[Any]:
    """Typed examples of one labelled file; a bad row is a `ScenarioFileError` naming its line."""
    model = MODELS[scorer]
    examples = []
    for line_no, row in raw_rows(path):
        try:
            examples.append(model.model_validate(normalise_row(scorer, row)))
        except ValidationError as e:
            first = e.errors()[0]
            field = ".".join(str(p) for p in first["loc"]) or None
            raise ScenarioFileError(
                path, first["msg"], record=str(row.get("id") or line_no), field=field, line=line_no
            ) from None
    if not examples:
        raise ScenarioFileError(path, "no examples")
    return examples
