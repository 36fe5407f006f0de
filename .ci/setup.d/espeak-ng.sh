#!/usr/bin/env bash
# Installs espeak-ng, the offline multi-language voice behind the "espeak" TTS provider, so that its tests run in
# CI instead of being skipped. Safe to run twice: does nothing when espeak-ng is already on the PATH.
set -euo pipefail
if command -v espeak-ng >/dev/null 2>&1; then
  echo "espeak-ng already installed: $(espeak-ng --version)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends espeak-ng >/dev/null
echo "installed: $(espeak-ng --version)"
