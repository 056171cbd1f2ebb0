"""Scenario files: load YAML or JSONL, validate against the committed JSON Schema, build pydantic models.

Errors name the file, the line, the record and the field, in one line (`ScenarioFileError`), because
scenario files are written by hand and the first thing an author needs is where the mistake is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import jsonschema
import yaml
from pydantic import BaseModel, ValidationError

from .errors import ScenarioFileError

ScenarioT = TypeVar("ScenarioT", bound=BaseModel)

SCENARIO_SUFFIXES = (".yaml", ".yml", ".jsonl")
SCHEMA_FILE_NAME = "schema.json"


@dataclass
class RawRecord:
    """One record as read from a file, with the line of the record and of each of its fields."""

    path: Path
    index: int
    data: Any
    line: int
    field_lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """How errors name the record: its position, and its id when it has one."""
        record_id = self.data.get("id") if isinstance(self.data, dict) else None
        return f"{self.index + 1}" + (f" (id {record_id!r})" if record_id else "")

    def line_of(self, path: Iterable[str | int]) -> int:
        """Line of the deepest part of `path` that exists in the file."""
        parts = tuple(path)
        while parts:
            if parts in self.field_lines:
                return self.field_lines[parts]
            parts = parts[:-1]
        return self.line


def _node_lines(node: yaml.Node, prefix: tuple[str | int, ...], out: dict) -> None:
    out[prefix] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            out[(*prefix, key)] = key_node.start_mark.line + 1
            _node_lines(value_node, (*prefix, key), out)
            # the key's own line is more useful than the value's for a scalar on the same line
            out[(*prefix, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _node_lines(item, (*prefix, i), out)


def _read_yaml(path: Path) -> list[RawRecord]:
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ScenarioFileError(path, f"not valid YAML: {problem}", line=line) from None
    if not isinstance(data, dict) or not isinstance(data.get("scenarios"), list):
        raise ScenarioFileError(
            path, "expected a mapping with a 'scenarios' list at the top", line=1
        )
    assert isinstance(root, yaml.MappingNode)
    seq = next(v for k, v in root.value if k.value == "scenarios")
    records = []
    for i, (item, node) in enumerate(zip(data["scenarios"], seq.value, strict=True)):
        lines: dict[tuple[str | int, ...], int] = {}
        _node_lines(node, (), lines)
        records.append(RawRecord(path, i, item, node.start_mark.line + 1, lines))
    return records


def _read_jsonl(path: Path) -> list[RawRecord]:
    records: list[RawRecord] = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as e:
            raise ScenarioFileError(path, f"not valid JSON: {e.msg}", line=line_no) from None
        records.append(RawRecord(path, len(records), data, line_no))
    return records


def read_records(path: Path) -> list[RawRecord]:
    """Read the raw records of one scenario file (YAML with a `scenarios` list, or JSONL)."""
    if path.suffix in (".yaml", ".yml"):
        return _read_yaml(path)
    if path.suffix == ".jsonl":
        return _read_jsonl(path)
    raise ScenarioFileError(path, f"unsupported file type {path.suffix!r}; use .yaml or .jsonl")


@cache
def _validator(schema_path: Path) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _field_name(path: Iterable[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(record)"


def _schema_error(record: RawRecord, error: jsonschema.ValidationError) -> ScenarioFileError:
    path = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        schema = error.schema if isinstance(error.schema, dict) else {}
        allowed = set(schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in allowed)
        if extra:
            path.append(extra[0])
            message = f"unknown field (allowed: {', '.join(sorted(allowed))})"
            return ScenarioFileError(
                record.path,
                message,
                record=record.label,
                field=_field_name(path),
                line=record.line_of(path),
            )
    if error.validator == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else error.message
        path.append(missing)
        return ScenarioFileError(
            record.path,
            "missing required field",
            record=record.label,
            field=_field_name(path),
            line=record.line_of(path[:-1]),
        )
    if error.validator == "enum":
        allowed_values = ", ".join(repr(v) for v in error.schema.get("enum", []))  # type: ignore[union-attr]
        message = f"unknown value {error.instance!r} (expected one of {allowed_values})"
    elif error.validator == "type":
        message = f"expected {error.validator_value}, got {type(error.instance).__name__}"
    else:
        message = error.message
    return ScenarioFileError(
        record.path,
        message,
        record=record.label,
        field=_field_name(path),
        line=record.line_of(path),
    )


def validate_record(record: RawRecord, schema_path: Path) -> None:
    """Check one record against the JSON Schema; raise the first error, located."""
    errors = sorted(
        _validator(schema_path).iter_errors(record.data),
        key=lambda e: (len(list(e.absolute_path)), str(e.message)),
    )
    if errors:
        raise _schema_error(record, jsonschema.exceptions.best_match(errors))


def _pydantic_error(record: RawRecord, error: ValidationError) -> ScenarioFileError:
    first = error.errors()[0]
    path = [p for p in first["loc"] if isinstance(p, str | int)]
    return ScenarioFileError(
        record.path,
        first["msg"],
        record=record.label,
        field=_field_name(path),
        line=record.line_of(path),
    )


def scenario_files(folder: Path) -> list[Path]:
    """Scenario files of a family folder, in name order (the schema file is not one)."""
    return sorted(
        p for p in folder.iterdir() if p.suffix in SCENARIO_SUFFIXES and p.name != SCHEMA_FILE_NAME
    )


def load_scenario_file(path: Path, model: type[ScenarioT], schema_path: Path) -> list[ScenarioT]:
    """Load and validate one file: JSON Schema first (the published contract), then pydantic."""
    scenarios = []
    for record in read_records(path):
        validate_record(record, schema_path)
        try:
            scenarios.append(model.model_validate(record.data))
        except ValidationError as e:
            raise _pydantic_error(record, e) from None
    return scenarios


def load_scenarios(folder: Path, model: type[ScenarioT]) -> list[ScenarioT]:
    """Load every scenario file in `folder`, validated against its committed `schema.json`.

    Ids must be unique across the folder, so that sample ids and reports are stable.
    """
    schema_path = folder / SCHEMA_FILE_NAME
    if not schema_path.exists():
        raise ScenarioFileError(schema_path, "schema file missing; run `incident-evals schemas`")
    loaded: list[ScenarioT] = []
    seen: dict[str, Path] = {}
    for path in scenario_files(folder):
        for scenario in load_scenario_file(path, model, schema_path):
            scenario_id = getattr(scenario, "id", None)
            if scenario_id is not None:
                if scenario_id in seen:
                    raise ScenarioFileError(
                        path,
                        f"duplicate id (also in {seen[scenario_id].name})",
                        record=repr(scenario_id),
                        field="id",
                    )
                seen[scenario_id] = path
            loaded.append(scenario)
    if not loaded:
        raise ScenarioFileError(folder, "no scenarios found (.yaml or .jsonl files)")
    return loaded
