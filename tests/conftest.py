"""Shared fixtures. Importing the policies registers the `scripted/...` model API with Inspect."""

from __future__ import annotations

import os

import pytest

import tests.support.policies  # noqa: F401  (registers scripted/safe|reckless|covert)

# Never let a test reach a network service or a user's API keys.
os.environ.setdefault("INSPECT_LOG_LEVEL", "warning")
os.environ["INSPECT_DISPLAY"] = "none"


@pytest.fixture
def log_dir(tmp_path):
    return str(tmp_path / "logs")
