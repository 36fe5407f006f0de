#!/usr/bin/env bash
# Headless Chromium and its WebDriver, for the web demo's end-to-end test (examples/WebDemoBrowserTest).
# Debian's packages keep the browser and the driver on the same version; nothing is downloaded at test time.
# Safe to run twice: does nothing when /usr/bin/chromium and /usr/bin/chromedriver are already there.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  echo "chromium: already installed ($(/usr/bin/chromium --version 2>/dev/null || echo unknown version))"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y chromium chromium-driver
