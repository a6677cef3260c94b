#!/usr/bin/env bash
# Installs the Debian packages TokenGen needs to build, run and test; quick no-op when all are present.
set -euo pipefail
PACKAGES=(libgtk-4-dev libcairo2-dev libpango1.0-dev libopenblas-dev pkg-config xvfb xdotool imagemagick
  fonts-dejavu-core fonts-wqy-microhei fonts-noto-color-emoji poppler-utils librsvg2-bin libssl-dev meson desktop-file-utils appstream dbus python3-pip)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# python3-pip is only needed when no pip is on PATH (pyenv and similar bring their own).
if python3 -m pip --version >/dev/null 2>&1; then
  missing=("${missing[@]/python3-pip}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all Debian packages present"
  exit 0
fi
echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "setup: need root to install ${missing[*]}; run as root or install sudo" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: Debian packages installed"
