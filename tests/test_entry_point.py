"""Installed entry point: tasks and the local provider resolve from any directory."""

from __future__ import annotations

import subprocess
import sys

RESOLVE = (
    "from inspect_ai._eval.loader import load_task_spec;"
    "from inspect_ai._util.registry import registry_find;"
    "t = load_task_spec('tasks/hit_piece', {'twin': 'benign'});"
    "print(t[0].name, len(t[0].dataset));"
    "print(bool(registry_find(lambda i: i.type == 'modelapi' and i.name.endswith('local'))))"
)


def test_tasks_hit_piece_resolves_outside_the_repository(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", RESOLVE], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    name, samples = result.stdout.split()[:2]
    assert name == "tasks/hit_piece" and int(samples) >= 48
    assert result.stdout.split()[-1] == "True"
