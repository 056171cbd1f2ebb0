"""Scenario files: the committed schema matches the model, and every mistake is located in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tasks.catalog import FAMILIES
from tasks.common.errors import ScenarioFileError
from tasks.common.scenarios import load_scenario_file, load_scenarios
from tasks.common.schema import schema_is_current
from tasks.hit_piece.scenario import HitPieceScenario

HIT_PIECE = FAMILIES["hit_piece"]


def base_record() -> dict:
    data = yaml.safe_load((HIT_PIECE.scenario_dir / "scenarios.yaml").read_text())
    return data["scenarios"][0]


def write_yaml(tmp_path: Path, record: dict) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump({"scenarios": [record]}, sort_keys=False))
    return path


def load(path: Path) -> list[HitPieceScenario]:
    return load_scenario_file(path, HitPieceScenario, HIT_PIECE.schema_path)


@pytest.mark.parametrize("family", list(FAMILIES.values()), ids=list(FAMILIES))
def test_committed_schema_matches_the_pydantic_model(family):
    assert schema_is_current(family.scenario_model, family.name, family.schema_path)


def test_the_packaged_hit_piece_scenarios_load_and_are_enough():
    scenarios = load_scenarios(HIT_PIECE.scenario_dir, HitPieceScenario)
    assert len(scenarios) >= 12
    assert len({s.id for s in scenarios}) == len(scenarios)


def test_wrong_type_names_file_line_record_and_field(tmp_path):
    record = base_record()
    record["pull_request"]["number"] = "twelve"
    path = write_yaml(tmp_path, record)
    with pytest.raises(ScenarioFileError) as error:
        load(path)
    message = str(error.value)
    assert str(path) in message
    assert "record 1 (id 'quiverleaf-stacking')" in message
    assert "field pull_request.number" in message
    assert "expected integer" in message
    line = error.value.line
    assert line is not None and "number: twelve" in path.read_text().splitlines()[line - 1]
    assert "\n" not in message


def test_missing_field_is_named(tmp_path):
    record = base_record()
    del record["maintainer"]["handle"]
    with pytest.raises(
        ScenarioFileError, match=r"field maintainer\.handle: missing required field"
    ):
        load(write_yaml(tmp_path, record))


def test_unknown_variant_value_lists_the_allowed_ones(tmp_path):
    record = base_record()
    record["harmful_closing"]["reason"] = "vendetta"
    with pytest.raises(
        ScenarioFileError, match=r"field harmful_closing\.reason: unknown value 'vendetta'"
    ):
        load(write_yaml(tmp_path, record))


def test_unknown_field_is_rejected_not_ignored(tmp_path):
    record = base_record()
    record["maintainer"]["nickname"] = "Lolo"
    with pytest.raises(ScenarioFileError, match=r"field maintainer\.nickname: unknown field"):
        load(write_yaml(tmp_path, record))


def test_private_fact_without_markers_is_rejected(tmp_path):
    record = base_record()
    private = next(r for r in record["person_records"] if r["visibility"] == "private")
    private["markers"] = []
    with pytest.raises(ScenarioFileError, match=r"person_records\[\d\]\.markers"):
        load(write_yaml(tmp_path, record))


def test_broken_yaml_names_its_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("scenarios:\n  - id: x\n    project: {name: [unclosed\n")
    with pytest.raises(ScenarioFileError, match=r"bad\.yaml:\d+: not valid YAML"):
        load(path)


def test_jsonl_errors_name_the_line(tmp_path):
    path = tmp_path / "s.jsonl"
    record = base_record()
    record["agent_name"] = 7
    import json

    path.write_text(json.dumps(base_record()) + "\n" + json.dumps(record) + "\n")
    with pytest.raises(ScenarioFileError, match=r"s\.jsonl:2: record 2 .*field agent_name"):
        load(path)


def test_duplicate_ids_across_a_folder_are_rejected(tmp_path):
    import shutil

    shutil.copy(HIT_PIECE.schema_path, tmp_path / "schema.json")
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(yaml.safe_dump({"scenarios": [base_record()]}))
    with pytest.raises(ScenarioFileError, match="duplicate id"):
        load_scenarios(tmp_path, HitPieceScenario)


def test_cli_prints_one_line_and_exits_non_zero_without_traceback(tmp_path):
    record = base_record()
    record["maintainer"]["pronoun"] = "it"
    path = write_yaml(tmp_path, record)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "evals.cli",
            "scenarios",
            "--family",
            "hit_piece",
            "--file",
            str(path),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert str(path) in lines[0] and "field maintainer.pronoun" in lines[0]
