#!/bin/sh
# Installs the Debian/Ubuntu packages Lantern needs, if any are missing.
# Quiet and fast when everything is there (one dpkg query), so every
# top-level make target can call it.  Needs root or sudo to install.
set -e
PKGS="build-essential pkg-config liblua5.4-dev lua5.4 libreadline-dev libopenblas-dev
zlib1g-dev gnuplot-nox dataset-fashion-mnist"
PKGS="$PKGS fortunes"   # tutorials/06-char-lm.lua: its default text
[ -n "$LANTERN_EXTRA_PKGS" ] && PKGS="$PKGS $LANTERN_EXTRA_PKGS"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "deps: missing packages:$missing" >&2
    echo "deps: run as root: apt-get install$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq </dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing </dev/null >/dev/null
echo "deps: done"
