#!/usr/bin/env bash
# Installs libespeak-ng (the library the "espeak" and "offline" TTS providers call in-process) with its voice data,
# plus the espeak-ng program for trying voices by hand, so that their tests run in CI instead of being skipped.
# Safe to run twice: does nothing when the library and the program are already installed.
set -euo pipefail
if ldconfig -p 2>/dev/null | grep -q 'libespeak-ng\.so\.1' && command -v espeak-ng >/dev/null 2>&1; then
  echo "libespeak-ng already installed: $(espeak-ng --version)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends libespeak-ng1 espeak-ng-data espeak-ng >/dev/null
echo "installed: $(espeak-ng --version)"
