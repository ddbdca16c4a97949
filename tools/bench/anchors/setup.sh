#!/usr/bin/env bash
# Installs the Python anchors of `npm run bench:embed` into tools/bench/.venv (git-ignored):
# onnxruntime + tokenizers (the same int8 model file, from Python).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/../.venv"
python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet onnxruntime tokenizers numpy
"$venv/bin/python" -c 'import onnxruntime, tokenizers, numpy; print("anchors ready: onnxruntime", onnxruntime.__version__, "tokenizers", tokenizers.__version__, "numpy", numpy.__version__)'
