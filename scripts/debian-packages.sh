#!/bin/sh
# Install the Debian packages named as arguments, but only those not installed yet.
# Usage: scripts/debian-packages.sh chromium poppler-utils ...
set -eu

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "This is not a Debian-based system: install these yourself if they are missing: $*" >&2
    exit 0
fi

missing=""
for package in "$@"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    [ "$status" = "installed" ] || missing="$missing $package"
done
[ -z "$missing" ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages:$missing"
$sudo apt-get update
# shellcheck disable=SC2086 # one word per package
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
