"""The one skip condition for tests that load the offline reader model (the 1.5B GGUF)."""

from __future__ import annotations

import pytest

from evals.providers.model_files import QWEN_CODER_15B, parts_available

needs_reader = pytest.mark.skipif(
    not parts_available(QWEN_CODER_15B), reason="reader model not installed"
)
