#!/usr/bin/env bash
# The MuseTalk ONNX export script cannot run in CI (no torch, no weights): check at least that it compiles.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 -m py_compile videochat-musetalk/tools/export_onnx.py videochat-musetalk/tools/whisper_logmel_reference.py
find videochat-musetalk/tools -name __pycache__ -type d -prune -exec rm -rf {} +
echo "videochat-musetalk/tools/*.py compile"
